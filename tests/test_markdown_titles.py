"""Link and image titles in Markdown are translated, as HTML's ``title`` attributes are.

``[text](url "Title")``, ``![alt](src "Title")`` and ``[id]: url "Title"``: each title is a unit
of its own (kind ``tooltip``, like HTML's), written back inside its link with its quotes
escaped, and a build with nothing translated gives back the same bytes.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from markdown_it import MarkdownIt

from content.html import HtmlFilter
from content.markdown import MarkdownFilter
from locflow.model import Locale, Segment
from tests.filter_suite import pseudo_translate, translations_for
from tests.structure import markdown_check

EN, DE = Locale("en"), Locale("de")

PAGE = """\
# Sharing

Open the [share dialog](/share "Share with your team") and pick a folder.
Then see ![the icon](share.png 'The "Share" icon') in the toolbar.

![](diagram.png (How sharing works))

> Read [the guide][guide] and [FAQ].
>
> [guide]: https://example.com/guide "The user guide"

[FAQ]: <https://example.com/faq> 'Questions & answers'
[guide]: https://example.com/ignored "A second definition of a label is never used"
"""


def extract(text: str, **options):
    return MarkdownFilter(**options).extract(text.encode(), path=PurePosixPath("page.md"), locale=EN)


def titles_of(built: str) -> list[str]:
    """Every title markdown-it reads in ``built``: links' and images' in order, then definitions'."""
    env: dict = {}
    found: list[str] = []

    def walk(tokens):
        for token in tokens:
            if token.attrs.get("title"):
                found.append(token.attrs["title"])
            walk(token.children or ())

    walk(MarkdownIt("commonmark").parse(built, env))
    return found + [ref["title"] for ref in env.get("references", {}).values()]


def test_titles_are_units_of_their_own_with_a_note():
    document = extract(PAGE)
    titles = {unit.key: (unit.segments[0].render(), unit.kind, unit.note) for unit in document.units if unit.kind == "tooltip"}
    assert titles == {
        "md:h1.1.title1": ("Share with your team", "tooltip", "Title of a link (a tooltip), line 3"),
        "md:h1.1.title2": ('The "Share" icon', "tooltip", "Title of an image (a tooltip), line 4"),
        "md:h1.2.title1": ("How sharing works", "tooltip", "Title of an image (a tooltip), line 6"),
        "md:ref[guide].title": ("The user guide", "tooltip", "Title of the link reference [guide] (a tooltip), line 10"),
        "md:ref[FAQ].title": ("Questions & answers", "tooltip", "Title of the link reference [FAQ] (a tooltip), line 12"),
    }
    # the sentence keeps its link as codes, the title is not part of it
    assert document.unit("md:h1.1").segments[0].tagged() == "Open the {1}share dialog{/1} and pick a folder."


def test_nothing_translated_gives_back_the_same_bytes():
    document = extract(PAGE)
    assert MarkdownFilter().merge(document, {}, DE) == PAGE.encode()
    same = {key: segment for _, key, segment in document.segments()}
    assert MarkdownFilter().merge(document, same, DE) == PAGE.encode()


@pytest.mark.parametrize("only", ["titles", "text", "both"])
def test_translated_titles_read_back_as_the_translation(only: str):
    """Titles inside translated and untranslated sentences, quoted with ", ' and (), escaped for their quotes."""
    document = extract(PAGE)
    tricky = 'Teilen "mit" (Team) \\ &amp; \'Ü\''
    translations = {}
    for unit, key, segment in document.segments():
        if unit.kind == "tooltip" and only in ("titles", "both"):
            translations[key] = Segment.text_only(tricky)
        elif unit.kind != "tooltip" and only in ("text", "both"):
            translations[key] = pseudo_translate(segment)
    built = MarkdownFilter().merge(document, translations, DE).decode()
    expected_title = tricky if only != "text" else None
    source_titles = titles_of(PAGE)
    assert titles_of(built) == [expected_title or title for title in source_titles]
    assert markdown_check(PAGE, built).problems == []
    if only == "titles":
        assert "Open the [share dialog](/share " in built  # the sentence untranslated, its link's URL kept


def test_a_title_translation_on_one_line_and_reextracted_with_the_same_keys():
    document = extract(PAGE)
    translations = {key: Segment.text_only("Zeile eins\nZeile zwei") for unit, key, _ in document.segments() if unit.kind == "tooltip"}
    built = MarkdownFilter().merge(document, translations, DE).decode()
    assert titles_of(built) == ["Zeile eins Zeile zwei"] * len(titles_of(PAGE))  # links by reference show theirs too
    again = extract(built)
    assert [u.key for u in again.units] == [u.key for u in document.units]


def test_a_pseudo_build_of_titles_keeps_the_structure():
    document = extract(PAGE)
    built = MarkdownFilter().merge(document, translations_for(document, pseudo_translate), DE).decode()
    assert markdown_check(PAGE, built).problems == []
    assert titles_of(built) == [pseudo_translate(Segment.text_only(t)).render() for t in titles_of(PAGE)]


def test_titles_markdown_does_not_read_as_titles_are_left_alone():
    text = '[a](/x"no-space") and [b](/y "ok")\n\n> [c]: /z "a title\n> broken over a quote"\n\n[c] again.\n'
    document = extract(text)
    assert [unit.key for unit in document.units if unit.kind == "tooltip"] == ["md:1.title1"]
    assert MarkdownFilter().merge(document, {}, DE) == text.encode()


def test_markdown_and_html_offer_the_same_attributes():
    """A link's title and an image's alt text are translatable in both formats."""
    markdown = extract('See ![A chart](c.png "Sales chart") and [help](/h "Help page").\n')
    html = HtmlFilter().extract(
        b'<p>See <img src="c.png" alt="A chart" title="Sales chart"> and <a href="/h" title="Help page">help</a>.</p>',
        path=PurePosixPath("p.html"),
        locale=EN,
    )

    def texts(document) -> set[str]:
        return {segment.text for _, _, segment in document.segments()}

    for wanted in ("Sales chart", "Help page"):
        assert wanted in texts(markdown) and wanted in texts(html)
    assert any("A chart" in text for text in texts(markdown)) and "A chart" in texts(html)
    kinds = {unit.kind for unit in markdown.units} & {unit.kind for unit in html.units}
    assert "tooltip" in kinds


def test_a_translated_title_cannot_end_a_table_cell_or_open_a_code_span():
    """GFM cuts cells at ``|`` and CommonMark reads code spans and HTML before links: escaped in titles."""
    text = "| a | b |\n|---|---|\n| [x](/u \"T\") | `c` |\n\nSee [y](/v 'U') and `code`.\n"
    document = extract(text)
    tricky = "a | b ` c <b>x</b>"
    translations = {key: Segment.text_only(tricky) for unit, key, _ in document.segments() if unit.kind == "tooltip"}
    built = MarkdownFilter().merge(document, translations, DE).decode()
    assert markdown_check(text, built).problems == []
    env: dict = {}
    tokens = MarkdownIt("commonmark").enable("table").parse(built, env)
    titles = [child.attrs["title"] for token in tokens for child in token.children or () if child.attrs.get("title")]
    assert titles == [tricky, tricky]
