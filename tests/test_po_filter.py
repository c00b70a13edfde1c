"""gettext PO/POT files as a source format: messages in, msgstr out."""

from __future__ import annotations

import codecs
import difflib
import os
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import polib
import pytest

from content.po import PoFilter, plural_msgstrs
from locflow.model import Locale, Segment
from locflow.model.errors import MalformedFileError
from tests.filter_suite import SOURCE, FilterSuite, pseudo_translate, translations_for
from tests.shared_corpus import SHARED

DATA = Path(__file__).parent / "data" / "po"
POT = (DATA / "messages.pot").read_bytes()
FEEDBACK = "Was this article helpful? Tell us how we can improve it.\nYour feedback is anonymous."
LATIN1 = (DATA / "legacy_latin1.po").read_bytes()
MSGFMT = shutil.which("msgfmt")


def extract(data: bytes, name: str = "messages.pot"):
    return PoFilter().extract(data, path=PurePosixPath(name), locale=SOURCE)


def build(data: bytes, locale: str, translate=pseudo_translate, name: str = "messages.pot") -> bytes:
    document = extract(data, name)
    return PoFilter().merge(document, translations_for(document, translate), Locale(locale))


def parse(data: bytes) -> polib.POFile:
    """polib's view of a catalog (``#comment`` without a space, valid for gettext, given one)."""
    match = re.search(rb"charset=([\w.-]+)", data)
    charset = match.group(1).decode() if match and match.group(1) != b"CHARSET" else "utf-8"
    return polib.pofile(re.sub(r"(?m)^#(?=[^\s,.:|~])", "# ", data.decode(charset)), wrapwidth=0)


def msgfmt_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    if MSGFMT is None:
        pytest.skip("msgfmt is not installed")
    path = tmp_path / "out.po"
    path.write_bytes(data)
    return subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)


class TestPoFilter(FilterSuite):
    make_filter = PoFilter
    samples = {"messages.pot": POT, "legacy_latin1.po": LATIN1}


class TestExtract:
    def test_units_are_keyed_by_context_else_msgid(self):
        document = extract(POT)
        assert [unit.key for unit in document.units] == [
            "Need help?",
            "Search results for %(query)s",
            "%d article found",
            "%d article found[plural]",
            "You have one new reply.",
            "You have one new reply.[plural]",
            "button",
            "heading",
            "menu::Open",
            "menu::Close",
            FEEDBACK,
            "Welcome back, {name}! Visit https://help.example.com/status for updates.",
            "Resolved 95% of tickets within %d hours",
            "Something went wrong. Please try again.",
        ]

    def test_messages_are_split_into_sentences(self):
        unit = extract(POT).unit(FEEDBACK)
        assert [s.text for s in unit.segments] == [
            "Was this article helpful?",
            "Tell us how we can improve it.",
            "Your feedback is anonymous.",
        ]
        assert unit.gaps == ("", " ", "\n", "")

    def test_comments_references_and_context_make_the_note(self):
        document = extract(POT)
        assert document.unit("%d article found").note == (
            "%d is the number of matching articles.\nReferences: widget/search.py:57, widget/search.py:88"
        )
        assert document.unit("button").note.endswith("Context: button")
        assert document.unit("%d article found[plural]").kind == "plural"

    def test_format_flags_decide_what_is_protected(self):
        document = extract(POT)
        python = document.unit("Search results for %(query)s").segments[0]
        assert python.tagged() == "Search results for {1/}" and python.codes[0].data == "%(query)s"
        brace = document.unit("Welcome back, {name}! Visit https://help.example.com/status for updates.")
        assert [c.data for s in brace.segments for c in s.codes] == ["{name}", "https://help.example.com/status"]
        no_c_format = document.unit("Resolved 95% of tickets within %d hours").segments[0]
        assert no_c_format.codes == ()

    def test_messages_without_format_flags_protect_every_placeholder(self):
        document = extract(b'msgid "Hi %s, see {count} items"\nmsgstr ""\n')
        assert [c.data for c in document.units[0].segments[0].codes] == ["%s", "{count}"]

    def test_obsolete_entries_and_the_header_are_not_units(self):
        keys = [unit.key for unit in extract(POT).units]
        assert "Old greeting" not in keys and "" not in keys

    def test_a_msgid_ending_like_a_segment_number_keeps_its_own_key(self):
        document = extract(b'msgid "Step #2"\nmsgstr ""\n')
        assert [key for _, key, _ in document.segments()] == ["Step #2#1"]


class TestMerge:
    def test_untranslated_build_is_the_original_file(self):
        document = extract(POT)
        assert PoFilter().merge(document, {}, Locale("de")) == POT

    def test_translated_build_is_a_valid_catalog_for_the_target_locale(self, tmp_path):
        for locale in ("de", "ja", "ru", "ar"):
            output = build(POT, locale)
            result = msgfmt_check(output, tmp_path)
            assert result.returncode == 0, (locale, result.stderr)
            catalog = parse(output)
            assert catalog.metadata["Language"] == Locale(locale).posix
            assert catalog.metadata["Plural-Forms"] == Locale(locale).plural_forms_header
            assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
            assert "fuzzy" not in catalog.metadata_is_fuzzy

    def test_translated_build_keeps_every_message_comment_and_flag(self):
        before = parse(POT)
        after = parse(build(POT, "de"))

        def shape(catalog):
            return [
                (e.msgctxt, e.msgid, e.msgid_plural, e.comment, e.occurrences, [f for f in e.flags if f != "fuzzy"])
                for e in catalog
            ]

        assert shape(after) == shape(before)
        assert after.find("Need help?").msgstr == "Nééd hélp?"
        assert after.find("Contact", msgctxt="heading").msgstr == "Cöntàct"
        assert after.find("Something went wrong. Please try again.").flags == []
        assert [e.msgid for e in after.obsolete_entries()] == ["Old greeting"]

    def test_plural_forms_follow_the_target_language(self):
        def forms(locale):
            return parse(build(POT, locale)).find("You have one new reply.").msgstr_plural

        assert forms("de") == {0: "Yöü hàvé öné néw réply.", 1: "Yöü hàvé %(count)d néw réplîés."}
        assert forms("ja") == {0: "Yöü hàvé %(count)d néw réplîés."}
        assert len(forms("ar")) == 6
        assert set(forms("ru").values()) == {"Yöü hàvé %(count)d néw réplîés."}
        generic = parse(build(POT, "ru")).find("%d article found").msgstr_plural
        assert generic == {0: "%d àrtîclé föünd", 1: "%d àrtîclés föünd", 2: "%d àrtîclés föünd"}

    def test_partial_translation_changes_only_that_message_and_the_header(self):
        document = extract(POT)
        output = PoFilter().merge(document, {"Need help?": Segment.text_only("Brauchen Sie Hilfe?")}, Locale("de"))
        diff = difflib.ndiff(POT.decode().splitlines(), output.decode().splitlines())
        changes = [line for line in diff if line[:1] in "+-"]
        assert changes == [
            "- #, fuzzy",
            '- "Content-Type: text/plain; charset=CHARSET\\n"',
            '+ "Content-Type: text/plain; charset=UTF-8\\n"',
            '+ "Language: de\\n"',
            '+ "Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
            '- msgstr ""',
            '+ msgstr "Brauchen Sie Hilfe?"',
        ]

    def test_translation_with_newlines_and_quotes_is_escaped(self, tmp_path):
        document = extract(POT)
        key = FEEDBACK
        translations = {f"{key}#3": Segment.text_only('Ihr "Feedback" ist anonym.\\')}
        output = PoFilter().merge(document, translations, Locale("de"))
        assert msgfmt_check(output, tmp_path).returncode == 0
        assert parse(output).find(key).msgstr == (
            'Was this article helpful? Tell us how we can improve it.\nIhr "Feedback" ist anonym.\\'
        )

    def test_legacy_charset_is_kept_when_it_can_hold_the_translation(self, tmp_path):
        output = build(LATIN1, "fr", name="legacy_latin1.po")
        assert b"charset=ISO-8859-1" in output and b"\r\n" in output and b"\n\n" not in output
        assert "Wélcömé tö thé càfé kîösk, %s." in output.decode("latin-1")
        assert msgfmt_check(output, tmp_path).returncode == 0

    def test_legacy_charset_becomes_utf8_when_the_translation_needs_it(self, tmp_path):
        document = extract(LATIN1, "legacy_latin1.po")
        key = "Thank you! Your order number is on the receipt."
        output = PoFilter().merge(document, {key: Segment.text_only("Спасибо!")}, Locale("ru"))
        assert b"charset=UTF-8" in output
        assert parse(output).find(key).msgstr == "Спасибо! Your order number is on the receipt."
        assert msgfmt_check(output, tmp_path).returncode == 0


class TestPluralForms:
    def test_singular_goes_to_the_form_used_only_for_one(self):
        assert plural_msgstrs("One file", "%d files", Locale("de"), singular_is_generic=False) == [
            "One file",
            "%d files",
        ]

    def test_form_shared_with_other_numbers_gets_the_plural_unless_the_singular_is_generic(self):
        russian = Locale("ru")
        assert plural_msgstrs("One file", "%d files", russian, singular_is_generic=False) == ["%d files"] * 3
        assert plural_msgstrs("%d file", "%d files", russian, singular_is_generic=True) == [
            "%d file",
            "%d files",
            "%d files",
        ]

    def test_arabic_puts_the_singular_in_its_one_form(self):
        forms = plural_msgstrs("one", "many", Locale("ar"), singular_is_generic=False)
        assert forms == ["many", "one", "many", "many", "many", "many"]


class TestEncodings:
    def test_utf16_with_bom_round_trips_in_both_byte_orders(self):
        text = '# Test\nmsgid "Hello"\nmsgstr ""\n'
        for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
            data = bom + text.encode(codec)
            document = extract(data, "x.po")
            assert [u.key for u in document.units] == ["Hello"]
            assert PoFilter().merge(document, {"Hello": Segment.text_only("Hello")}, Locale("de")) == data

    def test_translated_utf8_with_bom_is_written_without_it(self, tmp_path):
        data = codecs.BOM_UTF8 + b'msgid "Hello"\nmsgstr ""\n'
        output = PoFilter().merge(extract(data, "x.po"), {"Hello": Segment.text_only("Hallo")}, Locale("de"))
        assert not output.startswith(codecs.BOM_UTF8)
        assert msgfmt_check(output, tmp_path).returncode == 0
        assert parse(output).find("Hello").msgstr == "Hallo"


class TestMalformed:
    @pytest.mark.parametrize(
        ("data", "line", "message"),
        [
            (b'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr "x\n', 5, "unterminated string"),
            (b'msgid "a"\nmsgstr ""\nmsgtext "b"\n', 3, "not a valid PO file"),
            (b'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n', 4, "duplicate message definition"),
            (b'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "without msgstr"),
            (b'msgid "caf\xc3"\nmsgstr ""\n', 1, "not valid"),
        ],
    )
    def test_errors_name_the_file_and_line(self, data, line, message):
        with pytest.raises(MalformedFileError, match=message) as caught:
            extract(data, "broken.po")
        assert (caught.value.path, caught.value.line, caught.value.exit_code) == ("broken.po", line, 3)


# -- real catalogs ----------------------------------------------------------------------

CORPUS_PO = SHARED / "corpus" / "po"
#: Files polib cannot read (gettext's ``domain`` keyword) and files gettext itself refuses.
REFUSED = {
    "Test02.po": "not a valid PO file",
    "Test03.po": "not a valid PO file",
    "Test04.po": "not a valid PO file",
    "file-POFilter-match-stat-en-ca.po": "duplicate message definition",
    "file-POFilter-multiple.po": "without msgstr",
    "file-POFilter-multiple2.po": "duplicate message definition",
}


def _corpus_files() -> list[Path]:
    if not CORPUS_PO.is_dir():
        pytest.skip("the shared corpus is not available")
    return sorted(p for p in CORPUS_PO.rglob("*") if p.suffix in (".po", ".pot"))


@pytest.mark.corpus
class TestCorpus:
    def test_every_readable_catalog_round_trips_byte_identically(self):
        files = _corpus_files()
        accepted = 0
        for path in files:
            data = path.read_bytes()
            if path.name in REFUSED:
                with pytest.raises(MalformedFileError, match=REFUSED[path.name]):
                    extract(data, path.name)
                continue
            document = extract(data, path.name)
            same = {key: segment for _, key, segment in document.segments()}
            assert PoFilter().merge(document, same, Locale("de")) == data, path.name
            accepted += 1
        assert (accepted, len(files)) == (31, 37)

    def test_translated_builds_pass_msgfmt_check(self, tmp_path):
        for path in _corpus_files():
            if path.name in REFUSED:
                continue
            output = build(path.read_bytes(), "ru", name=path.name)
            result = msgfmt_check(output, tmp_path)
            assert result.returncode == 0, (path.name, result.stderr)

    def test_the_cp1251_drupal_catalog_is_read_and_written_in_its_charset(self, tmp_path):
        (path,) = [p for p in _corpus_files() if p.name == "Test_DrupalRussianCP1251.po"]
        data = path.read_bytes()
        document = extract(data, path.name)
        assert document.encoding == "windows-1251"
        assert "Позволяет вводить" in parse(data).find(document.units[0].key).msgstr
        cyrillic = build(data, "uk", translate=lambda segment: Segment.text_only("Переклад"), name=path.name)
        assert b"charset=windows-1251" in cyrillic
        assert parse(cyrillic).find(document.units[0].key).msgstr.startswith("Переклад")
        assert msgfmt_check(cyrillic, tmp_path).returncode == 0
        accented = build(data, "uk", name=path.name)
        assert b"charset=UTF-8" in accented and parse(accented).metadata["Language"] == "uk"
