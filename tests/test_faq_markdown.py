"""Markdown values (FAQ answers): blocks in gaps, inline markup as codes, exact rendering."""

from __future__ import annotations

import pytest
from locflow.model import CodeKind, Locale

from content.mdtext import markdown_unit

EN = Locale("en")

SAMPLES = [
    "Plain text only.",
    "Two sentences. Another one!",
    "**Bold**, *em*, _em_, __bold__ and ~~gone~~ text.",
    "A [link](https://example.com/a_(b) \"Title\") and a [ref][r] and [shortcut].\n\n[r]: https://r.example\n[shortcut]: /s",
    "Code `x = 1` and ``a `tick` b`` here.",
    "Image ![alt *text*](img.png) and <https://auto.example> and <b>html</b>.",
    "Escapes \\*not em\\* and &amp; &copy; entities.",
    "Hard  \nbreak and soft\nbreak.",
    "- one\n- two **bold**\n  continued\n\n1. first\n2. second",
    "> quoted **text**\n> more",
    "# Heading #\n\nSetext\n======\n\ntext",
    "```python\nprint('code')\n```\n\n    indented code\n\nafter",
    "| a | b |\n|---|---|\n| `c` | **d** |",
    "<div>\nblock html\n</div>\n\nAfter {placeholder} and https://example.com/x.",
    "Line with trailing spaces   \n",
    "One trailing space \nbefore a soft break.",
    "Nested **bold [link](u) inside** it.",
    "Weird [unclosed link\n\n* star list\n+ plus list",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_unit_renders_back_to_the_source(source):
    unit = markdown_unit("k", source, EN)
    assert unit.render() == source
    for segment in unit.segments:
        assert segment.has_text()
        opened = [c.id for c in segment.codes if c.kind == CodeKind.OPEN]
        closed = [c.id for c in segment.codes if c.kind == CodeKind.CLOSE]
        assert sorted(opened) == sorted(closed)


def _tagged(source: str) -> list[str]:
    return [segment.tagged() for segment in markdown_unit("k", source, EN).segments]


def test_inline_markup_becomes_codes():
    assert _tagged("**Bold**, *em* and ~~gone~~ text.") == ["{1}Bold{/1}, {2}em{/2} and {3}gone{/3} text."]
    assert _tagged("Code `x = 1` here.") == ["Code {1/} here."]
    assert _tagged("Escapes \\*not em\\* stay text.") == ["Escapes \\*not em\\* stay text."]


def test_links_keep_their_target_in_the_closing_code():
    unit = markdown_unit("k", 'See [the guide](https://example.com/g "Guide") now.', EN)
    (segment,) = unit.segments
    opening, closing = segment.codes
    assert (opening.data, closing.data) == ("[", '](https://example.com/g "Guide")')
    assert opening.disp == "https://example.com/g" and segment.text == "See the guide now."


def test_an_images_alt_text_is_translated_as_in_markdown_pages():
    """``![alt](src "title")``: the alt text between codes, like a link's text (it was one code before)."""
    unit = markdown_unit("k", 'See ![the *new* form](form.png "Form") here.', EN)
    (segment,) = unit.segments
    assert segment.tagged() == "See {1}the {2}new{/2} form{/1} here."
    assert [code.data for code in segment.codes] == ["![", "*", "*", '](form.png "Form")']
    assert markdown_unit("k", "Logo: ![](logo.png)", EN).render() == "Logo: ![](logo.png)"


def test_blocks_go_to_gaps_and_code_is_never_text():
    unit = markdown_unit("k", "Intro:\n\n```\nsecret code\n```\n\n- item **one**\n- item two", EN)
    assert [s.tagged() for s in unit.segments] == ["Intro:", "item {1}one{/1}", "item two"]
    assert unit.gaps == ("", "\n\n```\nsecret code\n```\n\n- ", "\n- ", "")


def test_sentence_segmentation_can_be_switched_off():
    assert len(markdown_unit("k", "One. Two.", EN).segments) == 2
    assert len(markdown_unit("k", "One. Two.", EN, segment=False).segments) == 1


def test_placeholders_urls_and_emails_in_text_are_protected():
    (segment,) = markdown_unit("k", "Mail {name} at help@example.com or visit https://example.com/x.", EN).segments
    assert [c.data for c in segment.codes] == ["{name}", "help@example.com", "https://example.com/x"]
