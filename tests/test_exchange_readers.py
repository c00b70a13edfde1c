"""Reading files as other tools write them, and refusing hostile or broken ones."""

from __future__ import annotations

import polib
import pytest

from locflow.exchange import read_exchange_bytes, read_exchange_file, sniff_format, write_po, write_xliff12, write_xliff2
from locflow.model import CodeKind, Locale, State
from locflow.model.errors import MalformedFileError, UnsafeXMLError
from tests.test_exchange_support import EXCHANGE_DATA, code_view, package_from, same_content

OKAPI = EXCHANGE_DATA / "okapi-style-multifile.xlf"
SPANNING = EXCHANGE_DATA / "spanning-codes.xlf"
LEGACY_PO = EXCHANGE_DATA / "legacy-latin2.po"


def by_id(file):
    return {(s.document, s.id): s for s in file.segments}


# -- XLIFF 1.2 from Okapi / OmegaT ------------------------------------------------------------


def test_xliff12_with_prefixes_files_and_mrk_segments():
    file = read_exchange_file(OKAPI)
    assert (file.format, file.version) == ("xliff12", "1.2")
    assert file.source_locale == Locale("en-US") and file.target_locale == Locale("de-DE")
    assert file.generator == "Okapi Rainbow 1.44"
    segments = by_id(file)
    # two <file>s, the same unit id in both
    assert sorted(segments) == [
        ("help/account.html", "tu1"), ("help/account.html", "tu4"), ("help/account.html", "tu5"),
        ("help/account.html", "tu6"), ("help/account.html", "tu6#2"),
        ("help/billing.html", "tu1"), ("help/billing.html", "tu1#2"), ("help/billing.html", "tu2"),
        ("help/billing.html", "tu3"),
    ]  # fmt: skip
    locked = segments[("help/billing.html", "tu3")]
    assert not locked.translatable and locked.flags == {"translate-no"}
    assert all(s.translatable for key, s in segments.items() if key[1] != "tu3")
    first, second = segments[("help/billing.html", "tu1")], segments[("help/billing.html", "tu1#2")]
    # targets matched by mid although the translator swapped the sentences
    assert code_view(first.target) == ["Ihre ", ("1", "open", ""), "Rechnung", ("1", "close", ""), " ist fertig."]
    assert code_view(second.target) == ["Zahlen Sie bis ", ("2", "standalone", ""), "."]
    assert second.source.codes[0].disp == "{date}" and second.source.codes[0].type == "date"
    assert first.notes == ("Shown after checkout.",) and first.state is State.TRANSLATED
    assert first.line == 15


def test_xliff12_inline_elements_and_states():
    segments = by_id(read_exchange_file(OKAPI))
    fuzzy = segments[("help/billing.html", "tu2")]
    assert fuzzy.state is State.FUZZY and fuzzy.raw_state == "needs-review-translation/fuzzy-match"
    assert [(c.id, c.kind, c.data) for c in fuzzy.source.codes] == [
        ("1", CodeKind.OPEN, '<a href="/pay">'), ("1", CodeKind.CLOSE, "</a>"), ("2", CodeKind.STANDALONE, "<br/>"),
    ]  # fmt: skip
    account = segments[("help/account.html", "tu1")]
    assert account.state is State.REVIEWED  # signed-off
    assert code_view(account.source) == [
        "Click ", ("5", "open", ""), "Save", ("5", "close", ""), " ", ("6", "open", "<i>"), "now and <keep> & here.",
    ]  # fmt: skip  (bx/ex, an isolated it, a comment dropped, CDATA as text)
    image = segments[("help/account.html", "tu4")]
    assert image.state is State.APPROVED
    assert image.source.codes[0].data == '<img alt="Logo"/>' and image.source.codes[0].type == "image"  # sub in data
    untranslated = segments[("help/account.html", "tu5")]
    assert untranslated.source.text == "Delete ACME Cloud account"  # protected mrk read through
    assert untranslated.state is State.NEW and not untranslated.has_translation
    unsegmented = segments[("help/account.html", "tu6")]
    assert "not segmented like its source" in unsegmented.problem


# -- XLIFF 2 from a segmenting CAT tool ----------------------------------------------------------------


def test_xliff2_codes_spanning_segments_and_annotations():
    file = read_exchange_file(SPANNING)
    assert (file.format, file.version, file.target_locale) == ("xliff2", "2.0", Locale("fr"))
    segments = by_id(file)
    assert sorted(s for _, s in segments) == ["p1", "p1#2", "p2", "p3", "p4"]  # the ignorable is not a segment
    assert [s.id for s in file.segments if not s.translatable] == ["p3"]
    p1, p1b = segments[("manual/intro.dita", "p1")], segments[("manual/intro.dita", "p1#2")]
    assert code_view(p1.source) == ["This is ", ("1", "open", "<b>"), "bold."]
    assert code_view(p1b.source) == [
        "Still bold", ("1", "close", "</b>"), ", then ", ("2", "open", "<i>"), "italic ",
        ("3", "standalone", "<br/>"), ("2", "close", "</i>"), ".",
    ]  # fmt: skip
    assert p1.source.codes[0].type == "bold" and p1.notes == ("Introduction paragraph.",)
    assert (p1.state, p1b.state) == (State.TRANSLATED, State.REVIEWED)
    p2 = segments[("manual/intro.dita", "p2")]
    assert code_view(p2.source) == ["Ctrl+S saves your work ", ("9", "open", '<span class="x">'), "here\x18."]
    assert p2.state is State.FUZZY  # initial with a target: a draft
    p4 = segments[("manual/intro.dita", "p4")]
    assert p4.raw_state == "translated/acme:approved-by-client" and p4.state is State.TRANSLATED
    assert not any(s.problem for s in file.segments)
    assert p4.target_language == "fr"


# -- PO from Poedit / msgmerge ---------------------------------------------------------------------------


def test_po_in_a_legacy_charset_with_plurals_previous_and_obsolete():
    file = read_exchange_file(LEGACY_PO)
    assert file.format == "po" and file.target_locale == Locale("cs") and file.generator == "Poedit 3.4"
    segments = {s.id: s for s in file.segments}
    assert len(file.segments) == 5  # header and two obsolete entries skipped
    assert segments["checkout"].target.text == "Zaplatit nyní" and segments["checkout"].line == 21
    assert segments["checkout"].document == "src/checkout.py"
    plural = segments["%(count)d item in your cart"]
    assert plural.source_plural.text == "%(count)d items in your cart"
    assert [t.text for t in plural.target_plurals] == [
        "%(count)d položka v košíku", "%(count)d položky v košíku", "%(count)d položek v košíku",
    ]  # fmt: skip
    assert plural.flags == frozenset({"python-format"}) and plural.notes == ("Translator: keep it short",)
    fuzzy = segments["Contact support by e-mail or chat."]
    assert fuzzy.state is State.FUZZY and fuzzy.previous_source.text == "Contact support by e-mail."
    wrapped = segments['A long text that tools wrap\nover several lines, with "quotes"\tand a tab.']
    assert wrapped.target.text.startswith("Dlouhý text") and wrapped.state is State.TRANSLATED
    assert segments["Untranslated entry"].state is State.NEW


def test_po_parser_agrees_with_polib_on_a_foreign_file():
    catalog = polib.pofile(str(LEGACY_PO))
    ours = read_exchange_file(LEGACY_PO)
    live = [entry for entry in catalog if not entry.obsolete]
    assert [(e.msgctxt, e.msgid, e.msgstr_plural[0] if e.msgid_plural else e.msgstr) for e in live] == [
        (s.unit_id if s.unit_id != s.source.text else None, s.source.text, s.target.text) for s in ours.segments
    ]


# -- foreign -> ours -> again ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [OKAPI, SPANNING, LEGACY_PO], ids=lambda p: p.name)
@pytest.mark.parametrize("writer", [write_xliff12, write_xliff2, write_po], ids=["xliff12", "xliff2", "po"])
def test_foreign_files_round_trip_through_our_formats(path, writer):
    first = read_exchange_file(path)
    again = read_exchange_bytes(writer(package_from(first)), "again")
    assert same_content(first, again) == []


# -- hostile and broken input -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((EXCHANGE_DATA / "hostile").iterdir()), ids=lambda p: p.name)
def test_hostile_xml_is_refused_without_expanding(path):
    with pytest.raises(UnsafeXMLError) as caught:
        read_exchange_file(path)
    assert caught.value.exit_code == 3
    assert caught.value.path == str(path) and caught.value.line
    assert "lol" not in str(caught.value) and "root:" not in str(caught.value)


@pytest.mark.parametrize(
    "name,line,words",
    [
        ("unclosed.xlf", 8, "tag mismatch"),
        ("no-source.xlf", 6, "has no <source>"),
        ("bad-escape.po", 9, "invalid escape"),
        ("stray-line.po", 7, "unexpected line"),
        ("wrong-charset.po", 5, "not valid UTF-8"),
    ],
)
def test_malformed_files_name_file_and_line(name, line, words):
    path = EXCHANGE_DATA / "malformed" / name
    with pytest.raises(MalformedFileError) as caught:
        read_exchange_file(path)
    assert caught.value.exit_code == 3
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert words in caught.value.message


def test_format_is_detected_by_content_not_name():
    assert sniff_format(b'\xef\xbb\xbf<?xml version="1.0"?><xliff/>') == "xml"
    assert sniff_format("\ufeff<xliff/>".encode("utf-16-le")) == "xml"
    assert sniff_format("\ufeffmsgid \"\"\nmsgstr \"\"\n".encode("utf-16-le")) == "po"
    assert sniff_format(b"# comment\nmsgid \"a\"\nmsgstr \"b\"\n") == "po"
    assert sniff_format(b"just some text") is None
    with pytest.raises(MalformedFileError, match="neither XLIFF nor PO"):
        read_exchange_bytes(b"key=value\n", "x.properties")
    with pytest.raises(MalformedFileError, match="root element is <tmx>"):
        read_exchange_bytes(b'<tmx version="1.4"><body/></tmx>', "memory.xlf")
    utf16 = read_exchange_bytes(OKAPI.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "u16.xlf")
    assert len(utf16.segments) == 9


def test_reading_xliff_written_by_us_is_independent_of_the_file_name(tmp_path):
    from tests.test_exchange_support import sample_package

    data = write_xliff12(sample_package())
    path = tmp_path / "looks-like.po"
    path.write_bytes(data)
    assert read_exchange_file(path).format == "xliff12"
    with pytest.raises(MalformedFileError, match="cannot read"):
        read_exchange_file(tmp_path / "missing.xlf")
