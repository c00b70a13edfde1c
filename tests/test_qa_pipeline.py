"""Reading PO (and, when the exchange readers are merged, XLIFF) files into checked units."""

from __future__ import annotations

import pytest

from locflow.errors import MalformedFileError, UsageError
from locflow.model import Locale
from locflow.pipeline.qa import QAOptions, check_files, read_po_units
from qa_checks import Profile

from tests.qa_support import DATA, GNOME_CALCULATOR

PO = """\
msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. locflow-ignore: end-punctuation
msgid "Saved."
msgstr "Gespeichert"

#, fuzzy
msgid "Delete %s?"
msgstr "Löschen?"

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d Datei"
msgstr[1] "Dateien"

msgctxt "menu"
msgid "Open"
msgstr ""
"Öffnen"

#~ msgid "Old"
#~ msgstr "Alt"
"""


def _write(tmp_path, text: str, name: str = "de.po"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_po_units_carry_lines_flags_plurals_and_context(tmp_path) -> None:
    units = read_po_units(_write(tmp_path, PO))
    assert [u.key for u in units] == ["Saved.", "%d file", "menu"]  # fuzzy and obsolete skipped
    saved, plural, menu = units
    assert saved.line == 8 and saved.target_locale == Locale("de") and saved.source_locale == Locale("en")
    assert plural.flags == {"c-format"} and plural.plural_lines == (17, 18) and plural.plural_count == 2
    assert menu.context == "menu" and menu.line == 22 and menu.target_text == "Öffnen"
    assert len(read_po_units(_write(tmp_path, PO), include_fuzzy=True)) == 4


def test_plural_forms_are_checked_one_by_one_with_their_lines(tmp_path) -> None:
    report = check_files([_write(tmp_path, PO)], QAOptions(profile=Profile.default()))
    (issue,) = [i for i in report.issues if i.check == "placeholder-printf"]
    assert issue.line == 18 and issue.message.startswith("plural form [1]")
    assert [(i.check, i.unit) for i in report.suppressed] == [("end-punctuation", "Saved.")]


def test_malformed_po_names_file_and_line(tmp_path) -> None:
    path = _write(tmp_path, 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "a"\nmsgstr "b"\ngarbage here\n')
    with pytest.raises(MalformedFileError) as raised:
        read_po_units(path)
    assert raised.value.path == str(path) and raised.value.line == 6 and raised.value.exit_code == 3
    assert f"{path}:6" in str(raised.value)


def test_missing_language_header_asks_for_the_target_locale(tmp_path) -> None:
    path = _write(tmp_path, 'msgid "Save"\nmsgstr "Speichern"\n')
    with pytest.raises(UsageError, match="--target-locale"):
        read_po_units(path)
    (unit,) = read_po_units(path, target_locale=Locale("de"))
    assert unit.target_locale == Locale("de")


def test_inconsistency_across_files(tmp_path) -> None:
    a = _write(tmp_path, 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "Delete the file"\nmsgstr "Datei löschen"\n', "a.po")
    b = _write(tmp_path, 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "Delete the file"\nmsgstr "Datei entfernen"\n', "b.po")
    c = _write(tmp_path, 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "Delete the file"\nmsgstr "Datei löschen"\n', "c.po")
    report = check_files([a, b, c], QAOptions(profile=Profile.from_config({"enable": ["inconsistent-target"]})))
    assert [(i.file, i.unit) for i in report.issues] == [(str(b), "Delete the file")]


def test_locale_filter_keeps_matching_files(tmp_path) -> None:
    report = check_files(sorted(DATA.glob("tricky.*.po")), QAOptions(profile=Profile.default(), locales=("ja",)))
    assert report.files == [str(DATA / "tricky.ja.po")]


@pytest.mark.corpus
def test_real_po_files_map_every_unit_to_its_msgstr_line() -> None:
    path = GNOME_CALCULATOR / "ar.po"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    lines = path.read_text(encoding="utf-8").splitlines()
    units = read_po_units(path, include_fuzzy=True)
    assert len(units) > 600
    for unit in units:
        assert lines[unit.line - 1].startswith("msgstr")
        for line in unit.plural_lines:
            assert lines[line - 1].startswith("msgstr[")
    assert any(len(u.plural_lines) == 6 for u in units)


def test_xliff_files_go_through_the_exchange_readers(tmp_path) -> None:
    exchange = pytest.importorskip("locflow.exchange", reason="exchange readers not merged")
    if not hasattr(exchange, "read_exchange_file"):
        pytest.skip("exchange readers not merged")
    path = tmp_path / "de.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        ' <file original="faq.md" source-language="en" target-language="de" datatype="plaintext"><body>\n'
        '  <trans-unit id="faq.refund"><source>Refunds take 14 days.</source><target>Erstattungen dauern 41 Tage.</target></trans-unit>\n'
        '  <trans-unit id="faq.contact"><source>Write to help@example.com.</source><target>Schreiben Sie an help@example.com.</target></trans-unit>\n'
        " </body></file>\n</xliff>\n",
        encoding="utf-8",
    )
    report = check_files([path], QAOptions(profile=Profile.default()))
    assert [(i.unit, i.check) for i in report.issues] == [("faq.refund", "numbers"), ("faq.refund", "numbers")]
    assert report.issues[0].locale == "de" and report.issues[0].line == 4
