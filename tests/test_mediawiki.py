"""The MediaWiki filter on help pages and Translate-extension pages."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import mwparserfromhell
import pytest

from content.mediawiki import MediaWikiFilter
from locflow.model import CodeKind, Locale, Segment
from locflow.model.errors import ConfigError, MalformedFileError
from tests.filter_suite import SOURCE, TARGET, FilterSuite, pseudo_translate, translations_for
from tests.shared_corpus import SHARED

DATA = Path(__file__).parent / "data" / "mediawiki"
HELP_PAGE = (DATA / "Help_Getting_started.wiki").read_bytes()
FAQ_PAGE = (DATA / "Translatable_FAQ.wiki").read_bytes()
NOTE_PARAMS = {"Note": ["text"]}


def extract(data: bytes, **options):
    return MediaWikiFilter(**options).extract(data, path=PurePosixPath("page.wiki"), locale=SOURCE)


def texts(document) -> dict[str, list[str]]:
    return {unit.key: [segment.tagged() for segment in unit.segments] for unit in document.units}


def translated(data: bytes, **options) -> str:
    filter_ = MediaWikiFilter(**options)
    document = filter_.extract(data, path=PurePosixPath("page.wiki"), locale=SOURCE)
    return filter_.merge(document, translations_for(document, pseudo_translate), TARGET).decode()


class TestMediaWikiFilter(FilterSuite):
    structure_format = "mediawiki"
    make_filter = staticmethod(lambda: MediaWikiFilter(translatable_template_params=NOTE_PARAMS))
    samples = {path.name: path.read_bytes() for path in sorted(DATA.glob("*.wiki"))}


class TestBlocks:
    def test_headings_paragraphs_and_keys_by_section(self):
        units = texts(extract(HELP_PAGE))
        assert units["s0.1"] == [
            "{1}HelpDesk{/1} is the support portal for our customers.",
            "This page explains how to {2}open a ticket{/2} and where to find answers.{3/}",
        ]
        assert units["s1"] == ["Before you start"]
        assert units["s1.1"] == [
            "Make sure you have an account.",
            "If you do not have one, {1}create an account{/1} first.",
            "You can also read the {2}frequently asked questions{/2}.",
        ]
        assert units["s2"] == ["Requirements"]

    def test_list_items_terms_and_definitions_are_separate_units(self):
        document = extract(HELP_PAGE)
        kinds = [(u.kind, u.segments[0].text) for u in document.units if u.key.startswith("s2.")]
        assert kinds == [
            ("list-item", "A supported browser (see )."),
            ("list-item", "An e-mail address that we can reach, for example ."),
            ("list-item", "Company addresses work best."),
            ("list-item", "Open the help desk."),
            ("list-item", "Click New ticket."),
            ("definition", "The form opens in a new window."),
            ("term", "Ticket"),
            ("definition", "A request for help that our team answers."),
            ("term", "Priority"),
            ("definition", "How fast we answer."),
        ]

    def test_table_caption_headers_and_cells_without_attributes(self):
        document = extract(HELP_PAGE)
        cells = [(u.kind, u.render().strip()) for u in document.units if u.kind.startswith("table")]
        assert cells == [
            ("table-caption", "Form fields"),
            ("table-header", "Field"),
            ("table-header", "Meaning"),
            ("table-cell", "Subject"),
            ("table-cell", "A short summary of the problem."),
            ("table-cell", "Description"),
            ("table-cell", "Describe what happened and what you expected."),
            ("table-header", "Attachments"),
            ("table-cell", "Screenshots help us reproduce the problem."),
            ("table-cell", "Opening hours"),
        ]

    def test_blocks_inside_a_div_and_a_table_cell_are_walked(self):
        units = texts(extract(HELP_PAGE))
        assert units["s5.2"] == ["Still stuck?", "Our team is here to help."]
        assert units["s5.3"] == ["Call us on weekdays between 9:00 and 17:00."]
        assert [units["s5.5"], units["s5.6"]] == [["Monday to Friday"], ["Public holidays: closed"]]

    def test_code_tags_preformatted_lines_comments_and_categories_are_not_extracted(self):
        document = extract(HELP_PAGE)
        everything = "\n".join(u.render() for u in document.units)
        for kept in ("curl -H", "curl https://api", "Editors: keep", "Category:", "__TOC__", "references"):
            assert kept not in "\n".join(s.text for _, _, s in document.segments()), kept
        assert "<code>curl -X POST</code>" in everything  # inline code is a code inside the sentence
        units = texts(document)
        assert units["s4.2"] == ["Type {1/} to show brackets.", "The formula {2/} is not translated."]

    def test_a_table_the_parser_cannot_read_is_kept_whole(self):
        page = b"Intro text.\n{| class=x\n| a || b\n|}\nAfter the table.\n"
        assert texts(extract(page.replace(b"|}\n", b""))) == {"s0.1": ["Intro text."]}
        closed = {"s0.1": ["Intro text."], "s0.2": ["a"], "s0.3": ["b"], "s0.4": ["After the table."]}
        assert texts(extract(page)) == closed

    def test_a_template_on_its_own_lines_is_its_own_block(self):
        page = b"{{Infobox\n| name = HelpDesk\n| text = A support portal.\n}}\nIt answers questions.\n"
        document = extract(page, translatable_template_params={"Infobox": ["text"]})
        assert [(u.kind, texts(document)[u.key]) for u in document.units] == [
            ("template", ["A support portal."]),
            ("paragraph", ["It answers questions."]),
        ]

    def test_page_without_text_has_no_units(self):
        assert extract(b"{{Navbox}}\n[[Category:Help]]\n__NOTOC__\n").units == ()


class TestInlineMarkup:
    def test_link_label_is_text_and_target_is_code(self):
        unit = extract(HELP_PAGE).unit("s1.1")
        open_code = unit.segments[1].code_by_id("1", CodeKind.OPEN)
        assert open_code.data == "[[Special:CreateAccount|" and open_code.type == "link"
        assert unit.segments[1].code_by_id("1", CodeKind.CLOSE).data == "]]"

    def test_link_without_label_is_one_standalone_code(self):
        unit = extract(HELP_PAGE).unit("s2.1")
        (code,) = unit.segments[0].codes
        assert (code.kind, code.data) == (CodeKind.STANDALONE, "[[Browsers]]")

    def test_external_link_label_is_text(self):
        segment = extract(HELP_PAGE).unit("s1.1").segments[2]
        assert segment.code_by_id("2", CodeKind.OPEN).data == "[https://help.example.com/faq "
        assert segment.text == "You can also read the frequently asked questions."

    def test_bold_and_italic_are_paired_codes(self):
        segment = extract(HELP_PAGE).unit("s0.1").segments[1]
        assert segment.code_by_id("2", CodeKind.OPEN).data == "''"
        assert segment.code_by_id("2", CodeKind.OPEN).type == "italic"

    def test_ref_is_kept_whole(self):
        segment = extract(HELP_PAGE).unit("s0.1").segments[1]
        assert segment.codes[-1].data == "<ref>See the [[Support policy]] for details.</ref>"

    def test_file_caption_is_text_and_options_are_kept(self):
        document = extract(HELP_PAGE)
        (caption,) = [u for u in document.units if u.render().strip() == "The new ticket form."]
        output = translated(HELP_PAGE)
        assert "[[File:New ticket form.png|thumb|right|Thé néw tîckét förm.]]" in output
        assert caption.segments[0].codes == () and caption.kind == "caption"

    def test_image_alt_text_is_translated_with_the_caption(self):
        """``alt=`` is what screen readers say: translatable, as HTML's alt attribute is."""
        page = (
            b"[[File:Chart.png|thumb|alt=A bar chart of tickets|Tickets per week.]]\n\n"
            b"[[File:Logo.png|alt=The Acme logo|link=Main Page]]\n\n"
            b"Click [[File:Gear.png|16px|alt=gear]] to open the settings.\n"
        )
        document = extract(page)
        assert texts(document) == {
            "s0.1": ["A bar chart of tickets{2/}Tickets per week."],
            "s0.2": ["The Acme logo"],
            "s0.3": ["Click {1}gear{/1} to open the settings."],
        }
        assert [u.kind for u in document.units] == ["caption", "alt", "paragraph"]
        filter_ = MediaWikiFilter()
        assert filter_.merge(document, {}, TARGET) == page
        output = filter_.merge(document, translations_for(document, pseudo_translate), TARGET).decode()
        assert "[[File:Chart.png|thumb|alt=À bàr chàrt öf tîckéts|Tîckéts pér wéék.]]" in output
        assert "[[File:Logo.png|alt=Thé Àcmé lögö|link=Main Page]]" in output
        assert "[[File:Gear.png|16px|alt=géàr]]" in output
        piped = {key: Segment.text_only("Ein | Diagramm") for key in ("s0.1", "s0.2")}
        output = filter_.merge(document, piped, TARGET).decode()  # a | would start another image option
        assert "[[File:Chart.png|thumb|alt=Ein &#124; Diagramm]]" in output
        assert "[[File:Logo.png|alt=Ein &#124; Diagramm|link=Main Page]]" in output

    def test_whole_line_link_leaves_only_the_label(self):
        units = texts(extract(HELP_PAGE))
        assert units["s5.1"] == ["Billing and invoices"]

    def test_templates_are_codes_unless_parameters_are_configured(self):
        plain = extract(HELP_PAGE)
        assert not any("Replies arrive" in s.text for _, _, s in plain.segments())
        configured = texts(extract(HELP_PAGE, translatable_template_params={"note": ["text"]}))
        assert configured["s4.3"] == ["Replies arrive within one business day."]
        assert "{{Note|text=Réplîés àrrîvé wîthîn öné büsînéss dày.|type=info}}" in translated(
            HELP_PAGE, translatable_template_params=NOTE_PARAMS
        )


class TestTranslatedOutput:
    def test_reparses_with_the_same_structure(self):
        before = mwparserfromhell.parse(HELP_PAGE.decode())
        after = mwparserfromhell.parse(translated(HELP_PAGE, translatable_template_params=NOTE_PARAMS))
        assert [str(link.title) for link in after.filter_wikilinks()] == [
            str(link.title) for link in before.filter_wikilinks()
        ]
        assert [str(link.url) for link in after.filter_external_links()] == [
            str(link.url) for link in before.filter_external_links()
        ]
        assert [str(t.name) for t in after.filter_templates()] == [str(t.name) for t in before.filter_templates()]
        assert [h.level for h in after.filter_headings()] == [h.level for h in before.filter_headings()]
        kept_tags = ("ref", "code", "nowiki", "math", "syntaxhighlight", "references", "td", "th", "tr", "table")
        assert [(str(t.tag), len(t.attributes)) for t in after.filter_tags() if str(t.tag) in kept_tags] == [
            (str(t.tag), len(t.attributes)) for t in before.filter_tags() if str(t.tag) in kept_tags
        ]
        for tag in ("ref", "code", "nowiki", "math", "syntaxhighlight"):
            assert [str(t) for t in after.filter_tags(matches=lambda n, tag=tag: n.tag == tag)] == [
                str(t) for t in before.filter_tags(matches=lambda n, tag=tag: n.tag == tag)
            ]

    def test_markup_typed_by_a_translator_is_escaped(self):
        filter_ = MediaWikiFilter()
        document = filter_.extract(HELP_PAGE, path=PurePosixPath("page.wiki"), locale=SOURCE)
        translations = {
            "s2.3": Segment.text_only("Use [[Main Page]] or {{Foo}} and ''this''."),
            "s3.5": Segment.text_only("A | B !! C"),
            "s1": Segment.text_only("Bevor\n* Sie beginnen"),
        }
        output = filter_.merge(document, translations, TARGET).decode()
        parsed = mwparserfromhell.parse(output)
        assert "== Bevor * Sie beginnen ==" in output
        assert "Main Page" not in [str(link.title) for link in parsed.filter_wikilinks()]
        assert "Foo" not in [str(t.name) for t in parsed.filter_templates()]
        assert len(parsed.filter_tags(matches=lambda n: n.tag == "td")) == len(
            mwparserfromhell.parse(HELP_PAGE.decode()).filter_tags(matches=lambda n: n.tag == "td")
        )
        again = filter_.extract(output.encode(), path=PurePosixPath("page.wiki"), locale=SOURCE)
        assert "Use [[Main Page]] or" in again.unit("s2.3").segments[0].text

    def test_translation_lands_in_its_place(self):
        filter_ = MediaWikiFilter()
        document = filter_.extract(HELP_PAGE, path=PurePosixPath("page.wiki"), locale=SOURCE)
        output = filter_.merge(document, {"s1": Segment.text_only("Bevor Sie beginnen")}, TARGET)
        assert output == HELP_PAGE.replace(b"== Before you start ==", "== Bevor Sie beginnen ==".encode())


class TestTranslateExtension:
    def test_only_text_inside_translate_tags_is_extracted(self):
        units = texts(extract(FAQ_PAGE))
        assert "Basic" not in str(units) and "DISPLAYTITLE" not in str(units)
        assert list(units) == ["T:1", "T:2", "T:3", "T:3.2", "T:4", "T:5", "T:6", "T:7"]

    def test_markers_key_units_and_stay_in_the_skeleton(self):
        document = extract(FAQ_PAGE)
        assert texts(document)["T:3"] == ["Passwords must have at least {1/} characters."]
        assert document.unit("T:3").segments[0].codes[0].data == '<tvar name="min">12</tvar>'
        output = translated(FAQ_PAGE)
        for marker in ("<!--T:1-->", "<!--T:5-->", "<translate>", "</translate>", "<languages/>"):
            assert output.count(marker) == FAQ_PAGE.decode().count(marker)

    def test_ignore_mode_extracts_the_whole_page(self):
        units = texts(extract(FAQ_PAGE, translate_tags="ignore"))
        assert ["Basic"] in units.values()

    @pytest.mark.parametrize(
        ("page", "line", "message"),
        [
            (b"<translate>\nA\n", 1, "never closed"),
            (b"Intro\n<translate>\nA\n<translate>\nB\n</translate>\n", 4, "inside"),
            (b"A\n</translate>\n", 2, "without"),
        ],
    )
    def test_unbalanced_translate_tags_are_refused_with_their_line(self, page, line, message):
        with pytest.raises(MalformedFileError, match=message) as caught:
            extract(page)
        assert caught.value.line == line and caught.value.exit_code == 3

    def test_tags_inside_nowiki_and_comments_do_not_count(self):
        page = b"Say <nowiki><translate></nowiki>.\n<!-- <translate> -->\n"
        assert texts(extract(page)) == {"s0.1": ["Say {1/}."]}


class TestInput:
    def test_invalid_utf8_names_the_line(self):
        with pytest.raises(MalformedFileError) as caught:
            extract(b"== Title ==\nok\n\xff bad\n")
        assert caught.value.line == 3 and caught.value.path == "page.wiki"

    def test_unknown_options_are_configuration_errors(self):
        with pytest.raises(ConfigError):
            MediaWikiFilter(translatable_params={})
        with pytest.raises(ConfigError):
            MediaWikiFilter(translate_tags="sometimes")

    def test_crlf_page_keeps_its_line_endings(self):
        data = (DATA / "Contact_crlf.wiki").read_bytes()
        output = translated(data).encode()
        assert output.count(b"\r\n") == data.count(b"\r\n")


# -- the MediaWiki Translate extension's page-translation cases -------------------------

CORPUS = SHARED / "corpus"
PAGETRANSLATION = (
    CORPUS
    / "support-content/mediawiki-wikitext/translate-extension-pagetranslation/tests/phpunit/tag/pagetranslation"
)
PARSER_TESTS = PAGETRANSLATION.parents[2] / "parser" / "translateParserTests.txt"


def _corpus_pages() -> list[Path]:
    if not PAGETRANSLATION.is_dir():
        pytest.skip("the shared corpus is not available")
    return sorted(p for p in PAGETRANSLATION.iterdir() if p.suffix in (".ptfile", ".ptsource", ".pttarget"))


def _round_trips(filter_: MediaWikiFilter, data: bytes) -> bool:
    document = filter_.extract(data, path=PurePosixPath("case.wiki"), locale=Locale("en"))
    same = {key: segment for _, key, segment in document.segments()}
    return filter_.merge(document, same, TARGET) == data == filter_.merge(document, {}, TARGET)


@pytest.mark.corpus
class TestTranslateExtensionCases:
    def test_every_source_round_trips_when_tags_are_ignored(self):
        pages = _corpus_pages()
        assert len(pages) >= 30
        failed = [p.name for p in pages if not _round_trips(MediaWikiFilter(translate_tags="ignore"), p.read_bytes())]
        assert not failed

    def test_only_the_extensions_tag_failures_are_refused(self):
        refused = []
        for page in _corpus_pages():
            try:
                assert _round_trips(MediaWikiFilter(), page.read_bytes()), page.name
            except MalformedFileError:
                refused.append(page.stem)
        assert refused == ["FailDoubleOpen", "FailDoubleOpenNowrap", "FailTags", "FailTags2", "FailUnclosed"]

    @pytest.mark.parametrize(
        "case", ["Simple", "SimpleWithMarker", "Inline", "HeaderSection", "Whitespace", "Nowiki", "NowikiInside"]
    )
    def test_extracted_text_is_what_the_extension_renders(self, case):
        _corpus_pages()
        document = MediaWikiFilter().extract(
            (PAGETRANSLATION / f"{case}.ptfile").read_bytes(), path=PurePosixPath(case), locale=SOURCE
        )
        rendered = (PAGETRANSLATION / f"{case}.pttarget").read_text()
        assert document.units
        for unit in document.units:
            assert unit.render().strip() in rendered, unit.key

    def test_parser_test_wikitext_round_trips(self):
        if not PARSER_TESTS.is_file():
            pytest.skip("the shared corpus is not available")
        sections = PARSER_TESTS.read_text().split("!! wikitext\n")[1:]
        sources = [section.split("\n!! ", 1)[0] + "\n" for section in sections]
        assert len(sources) == 8
        for source in sources:
            assert _round_trips(MediaWikiFilter(), source.encode()), source
