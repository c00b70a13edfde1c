"""The Markdown filter: the FilterSuite contract on realistic pages, plus what is extracted and how."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

import pytest
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from content.markdown import MarkdownFilter, escape_inline, escape_line_start
from locflow.model import CodeKind, Locale, Segment
from locflow.model.errors import ConfigError, MalformedFileError
from tests.filter_suite import FilterSuite, pseudo_translate, translations_for

DATA = Path(__file__).parent / "data" / "markdown"
EN = Locale("en")
DE = Locale("de")


def extract(text: str | bytes, **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return MarkdownFilter(**options).extract(data, path=PurePosixPath("page.md"), locale=EN)


def tagged(document) -> list[tuple[str, str]]:
    return [(key, segment.tagged()) for _, key, segment in document.segments()]


def merge(document, translations: dict[str, str | Segment]) -> str:
    """Merge text translations (codes taken from the source segment when given as text)."""
    segments = {}
    for key, value in translations.items():
        if isinstance(value, str):
            source = dict((k, s) for _, k, s in document.segments())[key]
            value = Segment.from_tagged(value, source.codes)
        segments[key] = value
    return MarkdownFilter().merge(document, segments, DE).decode(document.encoding)


class TestMarkdownFilter(FilterSuite):
    make_filter = MarkdownFilter
    structure_format = "markdown"
    samples = {path.name: path.read_bytes() for path in sorted(DATA.glob("*.md")) if path.name != "README.md"}


# -- what is and is not extracted ------------------------------------------------------------

PAGE = """\
# Reset your password

Open **Settings** and choose `Security`. Then click [Reset](https://example.com/reset "Reset page").

```python
print("Do not translate this code.")
```

    indented code stays too

<div class="note">An HTML block stays as it is.</div>

---

| Option | Meaning |
|--------|---------|
| `-f`   | Force the reset. |

[docs]: https://example.com/docs "Reference title"
"""


def test_exact_segments_of_a_small_page():
    assert tagged(extract(PAGE)) == [
        ("md:h1", "Reset your password"),
        ("md:h1.1", "Open {1}Settings{/1} and choose {2/}."),
        ("md:h1.1#2", "Then click {3}Reset{/3}."),
        ("md:h1.1.title1", "Reset page"),  # the link's title, a unit of its own
        ("md:h1.2.r0c0", "Option"),  # code, HTML and rules are no blocks: inserting one renumbers nothing
        ("md:h1.2.r0c1", "Meaning"),
        ("md:h1.2.r1c1", "Force the reset."),
        ("md:ref[docs].title", "Reference title"),  # a definition's title too; its label and URL are not
    ]


def test_code_html_blocks_rules_and_definitions_are_not_extracted():
    text = " ".join(segment.text for _, _, segment in extract(PAGE).segments())
    for kept in ("Do not translate", "indented code", "HTML block", "https://example.com/docs", "[docs]", "---", "|---"):
        assert kept not in text


def test_inline_codes_keep_markup_and_urls():
    document = extract(PAGE)
    segment = document.unit("md:h1.1").segments[1]
    open_, close = segment.codes
    assert (open_.kind, open_.data, open_.type) == (CodeKind.OPEN, "[", "link")
    assert (close.kind, close.data, close.type) == (CodeKind.CLOSE, '](https://example.com/reset "Reset page")', "link")
    code = document.unit("md:h1.1").segments[0].codes[2]
    assert (code.kind, code.data, code.type) == (CodeKind.STANDALONE, "`Security`", "code")


def test_paired_codes_share_ids_and_nest():
    document = extract(
        "Press <kbd>Ctrl</kbd> and ***really*** check ~~old~~ ![the logo](logo.png)<br> "
        "or {name} at <https://example.com> &amp; more.\n"
    )
    codes = document.units[0].segments[0].codes
    assert [(c.id, c.kind.value, c.type, c.data) for c in codes] == [
        ("1", "open", "tag", "<kbd>"),
        ("1", "close", "tag", "</kbd>"),
        ("2", "open", "italic", "*"),
        ("3", "open", "bold", "**"),
        ("3", "close", "bold", "**"),
        ("2", "close", "italic", "*"),
        ("4", "open", "strike", "~~"),
        ("4", "close", "strike", "~~"),
        ("5", "open", "image", "!["),
        ("5", "close", "image", "](logo.png)"),
        ("6", "standalone", "tag", "<br>"),
        ("7", "standalone", "placeholder", "{name}"),
        ("8", "standalone", "url", "<https://example.com>"),
        ("9", "standalone", "entity", "&amp;"),
    ]


def test_unmatched_html_tags_are_standalone():
    segment = extract("An <b>open tag and a </i> stray close.\n").units[0].segments[0]
    assert [(c.kind.value, c.data) for c in segment.codes] == [("standalone", "<b>"), ("standalone", "</i>")]


def test_backslash_escapes_show_the_character():
    segment = extract("Use the \\*chat\\* button \\[24/7\\].\n").units[0].segments[0]
    assert segment.tagged() == "Use the *chat* button [24/7]."


def test_sentences_never_split_inside_paired_codes():
    document = extract("**Back up first. Then update.** Done. Next step.\n")
    assert [s.tagged() for s in document.units[0].segments] == [
        "{1}Back up first. Then update.{/1}",
        "Done.",
        "Next step.",
    ]


def test_segmentation_can_be_switched_off():
    document = extract("One sentence. Another one.\n", segment=False)
    assert tagged(document) == [("md:1", "One sentence. Another one.")]


def test_heading_anchors_and_task_boxes_stay_in_the_skeleton():
    document = extract("## Next steps {#next-steps}\n\n- [ ] Invite your team.\n- [x] Done.\n")
    assert tagged(document) == [
        ("md:next-steps", "Next steps"),
        ("md:next-steps.1", "Invite your team."),
        ("md:next-steps.2", "Done."),
    ]


def test_kinds_and_notes():
    document = extract("# Intro\n\nText.\n\n- Item.\n\n> Quote.\n\n| H |\n|---|\n| Cell. |\n")
    assert [(u.kind, u.note) for u in document.units] == [
        ("heading", "Heading, level 1 (line 1)"),
        ("paragraph", "Paragraph, under “Intro” (line 3)"),
        ("list-item", "List item, level 1, under “Intro” (line 5)"),
        ("quote", "Block quote, under “Intro” (line 7)"),
        ("table-cell", "Table header, column 1, under “Intro” (line 9)"),
        ("table-cell", "Table cell, row 1, column “H”, under “Intro” (line 11)"),
    ]


def test_admonition_titles_and_mdx_imports():
    document = extract(
        "import Tabs from '@theme/Tabs';\n\n:::info[Paid plans only]\nJoin the program.\n:::\n"
    )
    assert tagged(document) == [("md:2", "Paid plans only"), ("md:3", "Join the program.")]
    plain = extract(":::info[Paid plans only]\nJoin the program.\n:::\n", directives=False)
    assert tagged(plain) == [("md:1", ":::info[Paid plans only] Join the program. :::")]


def test_template_tags_are_codes_and_template_lines_stay_lines():
    document = extract('See the [guide]({{< ref "guide.md" >}}).\n{{% note %}}\nBack up first.\n{{% /note %}}\n')
    assert tagged(document) == [("md:1", "See the {1}guide{/1}."), ("md:2", "Back up first.")]
    assert document.units[0].segments[0].codes[1].data == ']({{< ref "guide.md" >}})'


# -- keys -----------------------------------------------------------------------------------------


def test_keys_are_anchored_to_headings():
    before = extract("Intro.\n\n# One\n\nA.\n\n# Two {#two}\n\nB.\n\nC.\n")
    after = extract("Intro.\n\n# One\n\nA.\n\nInserted.\n\n# Two {#two}\n\nB.\n\nC.\n")
    assert [k for _, k, _ in before.segments()] == ["md:1", "md:h1", "md:h1.1", "md:two", "md:two.1", "md:two.2"]
    keys_after = dict((s.text, k) for _, k, s in after.segments())
    assert keys_after["B."] == "md:two.1" and keys_after["C."] == "md:two.2"


# -- merging -------------------------------------------------------------------------------------


def test_a_translation_is_written_in_place():
    document = extract("Intro line.\n\nFirst sentence. Second sentence.\nThird one.\n\nOutro.\n")
    assert merge(document, {"md:2#2": "Zweiter Satz."}) == (
        "Intro line.\n\nFirst sentence. Zweiter Satz.\nThird one.\n\nOutro.\n"
    )


def test_multi_line_paragraphs_in_quotes_and_lists_keep_their_prefixes():
    source = "> Quoted text that\n> wraps. Second\n> sentence here.\n\n- Item that\n  wraps.\n"
    document = extract(source)
    assert tagged(document) == [
        ("md:1", "Quoted text that wraps."),
        ("md:1#2", "Second sentence here."),
        ("md:2", "Item that wraps."),
    ]
    out = merge(document, {"md:1": "Zitat, umbrochen.", "md:2": "Eintrag, umbrochen."})
    assert out == "> Zitat, umbrochen. Second\n> sentence here.\n\n- Eintrag, umbrochen.\n"
    assert tagged(extract(out))[1:] == [("md:1#2", "Second sentence here."), ("md:2", "Eintrag, umbrochen.")]


def test_hard_breaks_are_codes_and_survive_translation():
    document = extract("> Line one,  \n> line two.\n")
    segment = document.units[0].segments[0]
    assert segment.tagged() == "Line one,{1/} line two."
    assert segment.codes[0].data == "  \n> "
    assert merge(document, {"md:1": "Zeile eins,{1/} Zeile zwei."}) == "> Zeile eins,  \n> Zeile zwei.\n"


def test_shortcut_reference_links_keep_their_label():
    document = extract("See [Settings] now.\n\n[settings]: https://example.com/settings\n")
    out = merge(document, {"md:1": "Siehe {1}Einstellungen{/1} jetzt."})
    assert out.startswith("See [Einstellungen][Settings] now.") or out.startswith("Siehe [Einstellungen][Settings] jetzt.")
    assert tagged(extract(out))[0][1] == "Siehe {1}Einstellungen{/1} jetzt."


TRICKY = [
    "# not a heading",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "*stars* and _underscores_ and snake_case",
    "[brackets](http://example.com) and ![bang]",
    "<b>tags</b> & &amp; entities",
    "a | pipe and a \\ backslash\\",
    "`ticks` and ~~tildes~~",
    ":::note not an admonition",
    "=== equals",
]


@pytest.mark.parametrize("translation", TRICKY)
@pytest.mark.parametrize(
    "source",
    [
        "Plain paragraph.\n",
        "> Quoted\n> paragraph.\n",
        "- List\n  item.\n",
        "## Heading\n",
        "Setext heading\n--------------\n",
        "| Head |\n|------|\n| Cell. |\n",
        ":::tip[Title]\n:::\n",
        "Text [link text](https://example.com) end.\n",
    ],
)
def test_escaped_translations_read_back_as_the_same_text(source, translation):
    document = extract(source, segment=False)
    unit = max(document.units, key=lambda u: u.key)  # the last unit: the cell, not the header
    key = unit.key
    source_segment = unit.segments[0]
    if source_segment.codes:  # the link: translate the link text only
        target = Segment.from_tagged("x {1}" + translation.replace("{", "{{").replace("}", "}}") + "{/1} y", source_segment.codes)
    else:
        target = Segment.text_only(translation)
    out = merge(document, {key: target})
    again = extract(out, segment=False)
    assert [u.key for u in again.units] == [u.key for u in document.units]
    assert again.unit(key).segments[0].render() == target.render()  # a URL in the text comes back as a code
    assert _blocks(out) == _blocks(source)


def test_escaping_helpers():
    assert escape_inline("a*b_c d_ [x] <b> &amp; ~~ \\* | {name} 50% %s", table=True) == (
        "a\\*b_c d\\_ \\[x\\] \\<b> \\&amp; \\~\\~ \\\\\\* \\| \\{name} 50% \\%s"
    )
    assert escape_inline("a | b") == "a | b"
    assert escape_line_start("  # Title") == "\\# Title"
    assert escape_line_start("12. Item") == "12\\. Item"
    assert escape_line_start("2.5 percent") == "2.5 percent"


# -- the output is the same Markdown ----------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[str, str, int]]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return [(t.type, t.tag, t.level) for t in parser.parse(text) if t.type != "inline"]


@pytest.mark.parametrize("name", sorted(TestMarkdownFilter.samples))
def test_translated_output_has_the_same_block_structure(name):
    data = TestMarkdownFilter.samples[name]
    document = MarkdownFilter().extract(data, path=PurePosixPath(name), locale=EN)
    output = MarkdownFilter().merge(document, translations_for(document, pseudo_translate), DE)
    assert _blocks(output.decode(document.encoding)) == _blocks(data.decode(document.encoding))


# -- front matter --------------------------------------------------------------------------------------------

FRONT_MATTER = """\
---
title: Getting started
description: 'It''s quick. Really.'
summary: >
  Folded text
  over lines.
weight: 10
draft: false
seo:
  title: "SEO title"
keywords: [setup, start]
---
Body.
"""


def test_front_matter_values_not_keys():
    document = extract(FRONT_MATTER, front_matter_fields=("title", "description", "summary", "seo.title"))
    assert tagged(document) == [
        ("md:front-matter.title", "Getting started"),
        ("md:front-matter.description", "It's quick."),
        ("md:front-matter.description#2", "Really."),
        ("md:front-matter.summary", "Folded text over lines."),
        ("md:front-matter.seo.title", "SEO title"),
        ("md:1", "Body."),
    ]


def test_translated_front_matter_is_valid_yaml_with_the_translations():
    document = extract(FRONT_MATTER, front_matter_fields=("title", "description", "summary", "seo.title"))
    out = merge(
        document,
        {
            "md:front-matter.title": 'Erste Schritte: "schnell"',
            "md:front-matter.description#2": "Wirklich!",
            "md:front-matter.summary": "# Kein Kommentar",
            "md:front-matter.seo.title": "SEO-Titel",
        },
    )
    values = YAML(typ="safe").load(out.split("---\n")[1])
    assert values["title"] == 'Erste Schritte: "schnell"'
    assert values["description"] == "It's quick. Wirklich!"
    assert values["summary"].strip() == "# Kein Kommentar"
    assert values["seo"] == {"title": "SEO-Titel"}
    assert values["weight"] == 10 and values["keywords"] == ["setup", "start"]


def test_toml_front_matter():
    source = '+++\ntitle = "Export"\nweight = 3\n[params]\nsummary = \'Short\'\n+++\n\nBody.\n'
    document = extract(source)
    assert tagged(document) == [
        ("md:front-matter.title", "Export"),
        ("md:front-matter.params.summary", "Short"),
        ("md:1", "Body."),
    ]
    out = merge(document, {"md:front-matter.params.summary": 'Kurz "und" knapp'})
    assert tomllib.loads(out.split("+++")[1])["params"]["summary"] == 'Kurz "und" knapp'


def test_malformed_front_matter_names_the_line():
    with pytest.raises(MalformedFileError, match=r"page.md:3: invalid YAML front matter"):
        extract("---\ntitle: ok\ndescription: [unclosed\n---\nBody.\n")
    with pytest.raises(MalformedFileError, match=r"page.md:\d+: invalid TOML"):
        extract('+++\ntitle = "ok\n+++\n')


def test_undecodable_bytes_are_rejected():
    with pytest.raises(MalformedFileError, match=r"page.md:2: not valid utf-8"):
        extract(b"Fine.\n\xff broken\n")


def test_unknown_option_is_a_configuration_error():
    with pytest.raises(ConfigError, match="unknown option"):
        MarkdownFilter(wrap=80)


# -- bytes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"Old Mac line endings.\rSecond line.\r\r# Heading\r",
        b"\xef\xbb\xbf# BOM and CRLF\r\n\r\nText  \r\nwith hard break.\r\n",
        "Tabs\tinside and trailing spaces   \n\n\t- tab list\n".encode(),
        "No final newline, non-ASCII: Ünïcödé ✓".encode(),
        "A NUL \x00 inside.\n".encode(),
        "utf-16 file\n".encode("utf-16"),
    ],
)
def test_odd_bytes_round_trip(data):
    document = MarkdownFilter().extract(data, path=PurePosixPath("odd.md"), locale=EN)
    assert MarkdownFilter().merge(document, {}, DE) == data
    same = {key: segment for _, key, segment in document.segments()}
    assert MarkdownFilter().merge(document, same, DE) == data
