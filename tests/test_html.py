"""The HTML filter on help pages written for these tests (tests/data/html) and on focused snippets."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import lxml.etree
import lxml.html
import pytest

from content.html import HtmlFilter
from locflow.model import Code, CodeKind, Document, Locale, Segment
from locflow.model.errors import ConfigError, MalformedFileError, UnsafeXMLError
from tests.filter_suite import FilterSuite, pseudo_translate, translations_for

DATA = Path(__file__).parent / "data" / "html"
SAMPLES = {path.name: path.read_bytes() for path in sorted(DATA.iterdir()) if path.suffix in HtmlFilter.extensions}
EN, DE = Locale("en"), Locale("de")


class TestHtmlFilter(FilterSuite):
    structure_format = "html"
    # The suite merges with a target locale and expects the source bytes back, so
    # the build's lang rewriting is off here; test_build_sets_lang_and_dir covers it.
    make_filter = staticmethod(lambda: HtmlFilter(set_lang=False))
    samples = SAMPLES


def extract(data: bytes | str, name: str = "page.html", **options) -> Document:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return HtmlFilter(**options).extract(data, path=PurePosixPath(name), locale=EN)


def segments(document: Document) -> dict[str, str]:
    """Segment key -> tagged text ({1}..{/1} for codes)."""
    return {key: segment.tagged() for _, key, segment in document.segments()}


def merge_text(document: Document, mapping: dict[str, str], locale: Locale = DE, **options) -> str:
    """Merge translations given as plain text (for segments without codes)."""
    translations = {key: Segment.text_only(text) for key, text in mapping.items()}
    merged = HtmlFilter(set_lang=False, **options).merge(document, translations, locale)
    return merged.decode(document.encoding)


def html_structure(data: bytes) -> list[str]:
    root = lxml.html.document_fromstring(data)
    return [element.tag for element in root.iter() if isinstance(element.tag, str)]


# -- what becomes a unit, what becomes a code ------------------------------------------


def test_blocks_are_units_and_inline_elements_are_codes():
    document = extract(
        "<h2>Saving</h2><p>Click <b>Save</b> or press <kbd>Ctrl</kbd>+<kbd>S</kbd>.</p>"
        "<ul><li>Fast</li><li>Safe</li></ul>"
    )
    assert segments(document) == {
        "h2": "Saving",
        "p": "Click {1}Save{/1} or press {2}Ctrl{/2}+{3}S{/3}.",
        "ul/li": "Fast",
        "ul/li[2]": "Safe",
    }
    codes = document.unit("p").segments[0].codes
    assert [(c.kind, c.data, c.type) for c in codes[:2]] == [
        (CodeKind.OPEN, "<b>", "bold"),
        (CodeKind.CLOSE, "</b>", "bold"),
    ]
    assert [u.kind for u in document.units] == ["heading", "paragraph", "list-item", "list-item"]


def test_markup_at_the_edges_of_a_block_stays_out_of_the_segment():
    document = extract(
        '<ol><li><a href="#region">Capture region</a></li></ol>'
        '<p><img src="i.png" alt=""> Tip: use the keyboard.<br></p>'
        "<p><b>Note:</b> read this.</p>"
    )
    assert segments(document) == {
        "ol/li": "Capture region",
        "p": "Tip: use the keyboard.",
        "p[2]": "{1}Note:{/1} read this.",
    }


def test_text_directly_in_containers_and_unclosed_html_elements():
    document = extract(
        "<DIV CLASS=box>Was this helpful?<P>Yes<P>No</DIV>"
        "<UL><LI>One<LI>Two</UL><dl><dt>Term<dd>Meaning</dl><table><tr><td>A<td>B</table>"
    )
    assert segments(document) == {
        "div": "Was this helpful?",
        "div/p": "Yes",
        "div/p[2]": "No",
        "ul/li": "One",
        "ul/li[2]": "Two",
        "dl/dt": "Term",
        "dl/dd": "Meaning",
        "table/tr/td": "A",
        "table/tr/td[2]": "B",
    }


def test_stray_end_tags_of_inline_elements_do_not_split_the_sentence():
    document = extract("<p>Press </b>Save</I> now.</p>")
    assert segments(document) == {"p": "Press {1/}Save{2/} now."}


def test_what_is_not_translated():
    document = extract(
        "<head><style>p::before { content: 'Style text'; }</style>"
        "<script>document.write('<p>Script text</p>')</script></head>"
        "<body><!-- Comment text --><pre>Pre text</pre>"
        '<p>Run <code>sync --all</code> as <span translate="no">Acme Sync</span> admin.</p>'
        '<p class="lead notranslate">Notranslate text</p><div translate="no"><p>Nested text</p></div>'
        '<textarea placeholder="Your message">Textarea text</textarea></body>'
    )
    assert segments(document) == {
        "body/p": "Run {1/} as {2/} admin.",
        "body/textarea/@placeholder": "Your message",
    }
    run = document.unit("body/p").segments[0]
    assert [c.data for c in run.codes] == ["<code>sync --all</code>", '<span translate="no">Acme Sync</span>']


def test_translatable_attributes_are_units_of_their_own():
    document = extract(
        '<head><meta name="description" content="Reset a password."><meta name="robots" content="noindex">'
        '<meta name="Keywords" content="password, account"></head>'
        '<body><nav aria-label="Main menu"><a href="/" title="Home page">Home</a></nav>'
        '<input type="search" placeholder="Search help"><input type="submit" value="Go">'
        '<input type="hidden" value="token-123"><select><option label="First">1st</option></select></body>'
    )
    assert segments(document) == {
        "head/meta/@content": "Reset a password.",
        "head/meta[3]/@content": "password, account",
        "body/nav/@aria-label": "Main menu",
        "body/nav/a/@title": "Home page",
        "body/nav": "Home",
        "body/input/@placeholder": "Search help",
        "body/input[2]/@value": "Go",
        "body/select/option/@label": "First",
        "body/select/option": "1st",
    }
    kinds = {unit.key: unit.kind for unit in document.units}
    assert kinds["body/input/@placeholder"] == "placeholder" and kinds["body/nav/a/@title"] == "tooltip"


def test_attribute_inside_a_sentence_is_translated_in_place():
    source = '<p>Click the <img src="gear.png" alt="gear" width=16> icon.</p>'
    document = extract(source)
    assert segments(document) == {"p": "Click the {1/} icon.", "p/img/@alt": "gear"}
    image = document.unit("p").segments[0].codes[0]
    translations = {
        "p": Segment.of("Klicken Sie auf das ", image, " Symbol."),
        "p/img/@alt": Segment.text_only("Zahnrad"),
    }
    merged = HtmlFilter().merge(document, translations, EN)
    assert merged.decode() == '<p>Klicken Sie auf das <img src="gear.png" alt="Zahnrad" width=16> Symbol.</p>'
    only_alt = HtmlFilter().merge(document, {"p/img/@alt": Segment.text_only("Zahnrad")}, EN)
    assert only_alt.decode() == '<p>Click the <img src="gear.png" alt="Zahnrad" width=16> icon.</p>'


def test_templating_placeholders_and_urls_are_protected():
    document = extract(
        "<p>Hi {{ user.first_name }}, {% if trial %}your trial ends on {date}.{% endif %} "
        "See https://help.example.com/trial or write to help@example.com.</p>"
    )
    codes = [c for segment in document.unit("p").segments for c in segment.codes]
    assert [(c.data, c.type) for c in codes] == [
        ("{{ user.first_name }}", "placeholder"),
        ("{% if trial %}", "template"),
        ("{date}", "placeholder"),
        ("{% endif %}", "template"),
        ("https://help.example.com/trial", "url"),
        ("help@example.com", "email"),
    ]


# -- readable text, raw bytes -----------------------------------------------------------


def test_entities_are_readable_text_and_written_back_as_they_were():
    source = "<p>Terms &amp; conditions&nbsp;&#x2019;23 &unknownname; &lt;b&gt;</p>"
    document = extract(source)
    assert segments(document) == {"p": "Terms & conditions\xa0’23 {1/} <b>"}
    assert document.unit("p").segments[0].codes[0].data == "&unknownname;"
    assert merge_text(document, {}) == source
    assert merge_text(document, {"p": "Conditions & <terms>\xa0x"}) == "<p>Conditions &amp; &lt;terms&gt;&nbsp;x</p>"


def test_wrapped_lines_read_as_one_line_but_stay_wrapped_in_the_file():
    source = "<p>\n\t\tThe region capture mode\n\t\tlets you select a part.\n\t</p>"
    document = extract(source)
    assert segments(document) == {"p": "The region capture mode lets you select a part."}
    assert merge_text(document, {}) == source
    assert merge_text(document, {"p": "Neu."}) == "<p>\n\t\tNeu.\n\t</p>"


def test_sentences_are_segments_unless_segmentation_is_off():
    source = "<p>First sentence. Second one? Third!</p>"
    assert list(segments(extract(source)).values()) == ["First sentence.", "Second one?", "Third!"]
    assert segments(extract(source, segment=False)) == {"p": "First sentence. Second one? Third!"}


# -- translated output --------------------------------------------------------------


@pytest.mark.parametrize("quote", ['"', "'", ""])
def test_translated_attribute_values_are_escaped_for_their_quoting(quote):
    source = f"<p><img src=x.png alt={quote}Logo{quote}>Text</p>"
    document = extract(source)
    tricky = 'Say "hi" & <wave> it\'s = ok'
    merged = merge_text(document, {"p/img/@alt": tricky})
    image = lxml.html.fragment_fromstring(merged).find("img")
    assert image.get("alt") == tricky
    assert image.get("src") == "x.png"


def test_an_emptied_unquoted_attribute_stays_an_attribute():
    document = extract("<img alt=Logo src=x.png>")
    assert HtmlFilter().merge(document, {"img/@alt": Segment()}, EN) == b'<img alt="" src=x.png>'


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_translated_output_parses_into_the_same_elements(name):
    data = SAMPLES[name]
    document = extract(data, name)
    merged = HtmlFilter(set_lang=False).merge(document, translations_for(document, pseudo_translate), DE)
    if name.endswith(".xhtml"):
        parse = lxml.etree.fromstring
        assert [e.tag for e in parse(merged).iter()] == [e.tag for e in parse(data).iter()]
    else:
        assert html_structure(merged) == html_structure(data)


def test_build_sets_lang_and_dir():
    data = SAMPLES["reset-password.html"]
    document = extract(data, "reset-password.html")
    translations = translations_for(document, pseudo_translate)
    german = HtmlFilter().merge(document, translations, DE)
    assert b'<html lang="de" class="no-js">' in german
    arabic = HtmlFilter().merge(document, translations, Locale("ar"))
    root = lxml.html.document_fromstring(arabic)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert HtmlFilter().merge(document, {}, EN) == data  # building the source locale changes nothing


def test_build_sets_xml_lang_on_xhtml_and_adds_lang_where_missing():
    xhtml = extract(SAMPLES["account-settings.xhtml"], "a.xhtml")
    merged = HtmlFilter().merge(xhtml, translations_for(xhtml, pseudo_translate), Locale("fr-CA"))
    assert b'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr-CA" lang="fr-CA">' in merged
    bare = extract("<HTML><body><p>Hi</p></body></HTML>")
    hebrew = {"html/body/p": Segment.text_only("שלום")}
    assert HtmlFilter().merge(bare, hebrew, Locale("he")) == '<HTML lang="he" dir="rtl"><body><p>שלום</p></body></HTML>'.encode()
    rtl_source = extract('<html dir="rtl" lang="ar"><p>x</p></html>')
    assert HtmlFilter().merge(rtl_source, {"html/p": Segment.text_only("y")}, DE) == b'<html dir="ltr" lang="de"><p>y</p></html>'


def test_a_page_with_nothing_translated_keeps_the_source_language():
    """A page that falls back to its source entirely is in the source language: no lang="ja" on English."""
    data = SAMPLES["reset-password.html"]
    document = extract(data, "reset-password.html")
    assert HtmlFilter().merge(document, {}, Locale("ja")) == data
    untouched = {key: segment for _, key, segment in document.segments()}  # "translations" equal to the source
    assert HtmlFilter().merge(document, untouched, Locale("ar")) == data
    bare = extract("<html><body><p>Hi</p></body></html>")
    assert HtmlFilter().merge(bare, {}, Locale("he")) == b"<html><body><p>Hi</p></body></html>"
    one = {next(iter(untouched)): Segment.text_only("パスワード")}
    assert b'<html lang="ja" class="no-js">' in HtmlFilter().merge(document, one, Locale("ja"))


# -- encodings ------------------------------------------------------------------------


def test_latin1_page_is_read_and_written_in_latin1():
    data = SAMPLES["faq-latin1.html"]
    document = extract(data, "faq-latin1.html")
    assert document.encoding == "latin-1"
    assert segments(document)["html/body/h3"] == "Quand suis-je débité ?"
    assert segments(document)["html/head/title"] == "Foire aux questions – Facturation"
    merged = HtmlFilter(set_lang=False).merge(
        document, {"html/body/h3": Segment.text_only("Wann wird abgebucht? Ab 1 € – Złoty")}, DE
    )
    assert "<H3>Wann wird abgebucht? Ab 1 &#8364; &#8211; Z&#322;oty</H3>".encode("latin-1") in merged
    assert "Dernière mise à jour".encode("latin-1") in merged


def test_page_without_charset_that_is_not_utf8_is_read_as_windows_1252():
    data = SAMPLES["release-notes-cp1252.htm"]
    document = extract(data, "release-notes-cp1252.htm")
    assert document.encoding == "cp1252"
    assert segments(document)["html/body/h1"] == "What’s new in version 4.2"
    merged = HtmlFilter(set_lang=False).merge(document, {"html/body/h1": Segment.text_only("Neu in 4.2 – für €")}, DE)
    assert "<h1>Neu in 4.2 – für €</h1>".encode("cp1252") in merged


def test_undecodable_bytes_are_rejected_with_file_and_line():
    data = b'<html><head><meta charset="utf-8"></head>\n<body>\n<p>caf\xe9</p></body></html>'
    with pytest.raises(MalformedFileError) as raised:
        extract(data, "menu.html")
    assert (raised.value.path, raised.value.line, raised.value.exit_code) == ("menu.html", 3, 3)


# -- XHTML is XML ------------------------------------------------------------------------


def test_xhtml_that_is_not_well_formed_is_rejected_with_its_line():
    data = b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<body><p>Open</body>\n</html>'
    with pytest.raises(MalformedFileError) as raised:
        extract(data, "broken.xhtml")
    assert raised.value.line == 3 and raised.value.path == "broken.xhtml"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol3;</p></body></html>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&secret;</p></body></html>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_hostile_xhtml_is_refused(data):
    with pytest.raises(UnsafeXMLError) as raised:
        extract(data, "hostile.xhtml")
    assert raised.value.exit_code == 3 and raised.value.line is not None


# -- keys, options, sniffing ------------------------------------------------------------


def test_keys_are_anchored_on_unique_ids():
    document = extract(
        '<main id="faq"><section id="billing"><h2>Billing</h2></section>'
        '<p id="dup">A</p><p id="dup">B</p><p id="x y">C</p></main>'
    )
    assert list(segments(document)) == ["#billing/h2", "#faq/p", "#faq/p[2]", "#faq/p[3]"]


def test_keys_are_stable_when_text_changes():
    before = extract("<body><p>One.</p><div><p>Two.</p></div></body>")
    after = extract("<body><p>One, changed.</p><div><p>Two, changed.</p></div></body>")
    assert list(segments(before)) == list(segments(after)) == ["body/p", "body/div/p"]


def test_unknown_options_are_a_configuration_error():
    with pytest.raises(ConfigError):
        HtmlFilter(sgment=False)


def test_sniff_recognizes_html_pages():
    assert HtmlFilter.sniff(SAMPLES["reset-password.html"], PurePosixPath("x.txt"))
    assert HtmlFilter.sniff(b"\xef\xbb\xbf<!-- saved -->\n<html><body></body></html>", PurePosixPath("x"))
    assert not HtmlFilter.sniff(b'<?xml version="1.0"?><topic id="t"/>', PurePosixPath("x.xml"))


def test_codes_of_a_unit_have_unique_ids_and_pairs_share_them():
    document = extract(SAMPLES["reset-password.html"], "reset-password.html")
    for unit in document.units:
        seen: dict[tuple[str, CodeKind], Code] = {}
        for segment in unit.segments:
            for code in segment.codes:
                assert (code.id, code.kind) not in seen, unit.key
                seen[(code.id, code.kind)] = code
        opens = {i for i, kind in seen if kind == CodeKind.OPEN}
        closes = {i for i, kind in seen if kind == CodeKind.CLOSE}
        assert opens == closes, unit.key
