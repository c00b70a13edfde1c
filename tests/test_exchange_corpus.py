"""Real files from other tools (../shared/corpus): read them, check facts, round-trip them.

Skipped when the corpus is absent. Every XLIFF written from a foreign file
is also validated against the OASIS schemas.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

from locflow.exchange import read_exchange_bytes, read_exchange_file, write_po, write_xliff2, write_xliff12
from locflow.model import CodeKind, Locale, State
from locflow.model.errors import LocflowError, MalformedFileError
from tests.test_exchange_support import CORPUS, package_from, same_content, schema_errors, xliff2_schema, xliff12_schema

pytestmark = pytest.mark.corpus


def files(folder: str, *suffixes: str, where: str = "") -> list[Path]:
    root = CORPUS / folder
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in suffixes and where in str(p))


XLIFF12 = files("xliff12", ".xlf", ".xliff")
XLIFF2_REAL = files("xliff2-realworld", ".xlf")
OASIS_VALID = files("xliff2-oasis-testsuite", ".xlf", where="/valid/") + files("xliff2-oasis-testsuite", ".xlf", where="/in-out/")
OASIS_INVALID = files("xliff2-oasis-testsuite", ".xlf", where="/invalid/")
PO = files("po", ".po", ".pot")
#: Broken on purpose upstream (see the corpus README and SOURCES.tsv).
KNOWN_BROKEN = {"file-XLIFFFilter-invalid-content.xlf", "Good-pgs_plural.xlf", "EmptyFile.xlf", "InvalidFile.xlf"}


def need(paths: list[Path]) -> list[Path]:
    if not paths:
        pytest.skip(f"corpus not available under {CORPUS}")
    return paths


def read_all(paths: list[Path]) -> tuple[dict[Path, object], dict[Path, LocflowError]]:
    read, refused = {}, {}
    for path in paths:
        try:
            read[path] = read_exchange_file(path)
        except LocflowError as exc:
            refused[path] = exc
    return read, refused


# -- everything reads -----------------------------------------------------------------------------


def test_every_xliff12_file_reads():
    read, refused = read_all(need(XLIFF12))
    assert {p.name for p in refused} == {"file-XLIFFFilter-invalid-content.xlf"}  # a raw U+0008: not XML
    assert all(isinstance(e, MalformedFileError) and e.line == 7 for e in refused.values())
    assert len(read) == len(XLIFF12) - 1 >= 78
    assert sum(len(f.segments) for f in read.values()) > 6000


def test_every_po_file_reads_like_polib_reads_it():
    read, refused = read_all(need(PO))
    assert refused == {}
    compared = 0
    for path, file in read.items():
        try:
            catalog = polib.pofile(str(path), encoding=_po_charset(path))
        except (OSError, UnicodeError):
            continue  # polib cannot read gettext "domain" lines or a msgstr[n] whose string is on the next line
        live = [e for e in catalog if not e.obsolete and (e.msgid or e.msgctxt is not None)]
        assert len(file.segments) == len(live), path.name
        compared += 1
    assert compared >= len(PO) - 6


def _po_charset(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    found = re.search(rb"charset=([\w.-]+)", data)
    return found.group(1).decode() if found and found.group(1) != b"CHARSET" else "utf-8"


def test_oasis_suite_valid_files_read_and_invalid_ones_do_not_crash():
    valid, refused = read_all(need(OASIS_VALID))
    assert {p.name for p in refused} == {"Good-pgs_plural.xlf"}  # not well-formed upstream
    assert len(valid) == len(OASIS_VALID) - 1 >= 130
    assert not [p.name for p, f in valid.items() if any(s.problem for s in f.segments)]
    invalid, rejected = read_all(OASIS_INVALID)
    flagged = [p for p, f in invalid.items() if any(s.problem for s in f.segments)]
    # the structure we cannot read is refused, unit-level faults are flagged for the import to reject
    assert len(rejected) >= 8 and len(flagged) >= 30
    assert all(isinstance(e, MalformedFileError) for e in rejected.values())
    names = {p.name for p in list(rejected) + flagged}
    for expected in ("bad_NoFile.xlf", "bad_UnitWithoutSegment.xlf", "bad_InvalidDataRef.xlf", "bad_EcBeforeSc.xlf",
                     "bad_WrongTargetLang.xlf", "bad_InvalidStateValue.xlf", "bad_InvalidHexValueOnCp.xlf"):  # fmt: skip
        assert expected in names


# -- facts on known files ------------------------------------------------------------------------------


def test_symfony_validators_57_locales():
    paths = need(files("xliff12", ".xlf", where="symfony-validator"))
    assert len(paths) == 57
    read = {p.name: read_exchange_file(p) for p in paths}
    de = read["validators.de.xlf"]
    assert de.target_locale == Locale("de") and len(de.segments) == 116
    first = de.by_id()["1"]
    assert (first.source.text, first.target.text, first.state) == ("This value should be false.", "Dieser Wert sollte false sein.", State.TRANSLATED)
    assert all(f.target_locale is not None for f in read.values())
    # needs-review-translation is a draft: as many FUZZY segments as the files say
    for path in paths:
        said = path.read_bytes().count(b'state="needs-review-translation"')
        assert Counter(s.state for s in read[path.name].segments)[State.FUZZY] == said, path.name


def test_angular_icu_placeholders_become_codes():
    (path,) = need(files("xliff12", ".xlf", where="angular-i18n-example"))
    segments = read_exchange_file(path).by_id()
    header = segments["introductionHeader"]
    assert header.source.text.strip() == "Hello i18n!" and header.target.text.strip() == "Bonjour i18n !"
    assert header.notes == ("An introduction header for this sample", "User welcome")
    plural = segments["5a134dee893586d02bffc9611056b9cadf9abfad"]
    (code,) = plural.source.codes
    assert (code.id, code.kind, code.disp) == ("INTERPOLATION", CodeKind.STANDALONE, "{{minutes}}")
    assert plural.target.code_signature() == plural.source.code_signature()


def test_omegat_several_file_elements():
    (path,) = need(files("xliff12", ".xlf", where="file-XLIFFFilter1-multiple-file-tag"))
    file = read_exchange_file(path)
    assert [(s.document, s.id, s.source.text) for s in file.segments] == [
        ("text3.txt", "id1", "This is text3"), ("text.txt", "id2", "test2"),
    ]  # fmt: skip
    assert file.target_locale == Locale("be")


def test_translate_toolkit_states():
    (path,) = need(files("xliff12", ".xlf", where="test_pocount_xliff_states_no"))
    states = [s.state for s in read_exchange_file(path).segments]
    assert states == [State.TRANSLATED, State.FUZZY, State.FUZZY, State.FUZZY, State.FUZZY, State.APPROVED, State.TRANSLATED, State.TRANSLATED]


def test_microsoft_document_with_everything():
    (path,) = need(files("xliff2-realworld", ".xlf", where="DocumentWithEverything"))
    file = read_exchange_file(path)
    assert file.source_locale == Locale("en-US") and file.target_locale == Locale("de-DE")
    assert [s.id for s in file.segments] == ["u1", "u2", "u3"]
    assert all(not s.translatable for s in file.segments)  # inside translate="no" groups
    first = file.segments[0]
    kinds = Counter(c.kind for c in first.source.codes)
    assert kinds == {CodeKind.OPEN: 4, CodeKind.CLOSE: 5, CodeKind.STANDALONE: 2}  # ph x2, pc x2, sc/ec x2, an isolated ec
    assert "\x18" in first.source.text and "cdata text" in first.source.text  # <cp hex="0018"/>, CDATA
    assert first.state is State.FUZZY and first.raw_state == "initial/pre:substate"


def test_gnome_calculator_plural_forms_match_each_header():
    paths = need(files("po", ".po", where="gnome-calculator"))
    assert len(paths) == 11
    for path in paths:
        file = read_exchange_file(path)
        declared = int(re.search(rb"nplurals=(\d+)", path.read_bytes()).group(1))
        plurals = [s for s in file.segments if s.is_plural]
        assert plurals and {len(s.target_plurals) for s in plurals} == {declared}, path.name
    ar = read_exchange_file(CORPUS / "po/gnome-calculator/po/ar.po")
    assert ar.target_locale == Locale("ar") and len(ar.segments) == 638


def test_okapi_cp1251_drupal_po():
    (path,) = need(files("po", ".po", where="Test_DrupalRussianCP1251"))
    file = read_exchange_file(path)
    assert len(file.segments) == 17
    assert file.segments[0].target.text.startswith("Позволяет вводить различные")


def test_po_previous_msgid_and_obsolete_entries():
    (path,) = need(files("po", ".po", where="file-POFilter-fuzzyCtx.po"))
    file = read_exchange_file(path)
    previous = [s for s in file.segments if s.previous_source is not None]
    assert previous and all(s.state is State.FUZZY for s in previous)
    obsolete = path.read_text("utf-8").count("#~ msgid")
    catalog = polib.pofile(str(path))
    assert len(file.segments) == len(catalog) - len(catalog.obsolete_entries()) and obsolete == len(catalog.obsolete_entries())


# -- round trips ----------------------------------------------------------------------------------------

ROUND_TRIP = [p for p in XLIFF12 + XLIFF2_REAL + OASIS_VALID + PO if p.name not in KNOWN_BROKEN]


@pytest.mark.parametrize("writer", ["xliff12", "xliff2", "po"])
def test_foreign_files_round_trip_and_our_xliff_is_schema_valid(writer):
    write = {"xliff12": write_xliff12, "xliff2": write_xliff2, "po": write_po}[writer]
    schema = {"xliff12": xliff12_schema, "xliff2": xliff2_schema}.get(writer)
    checked = 0
    for path in need(ROUND_TRIP):
        try:
            first = read_exchange_file(path)
        except MalformedFileError:
            continue  # the Microsoft object-model fragments: not documents
        if not first.segments:
            continue
        package = package_from(first)
        data = write(package)
        if schema is not None:
            assert schema_errors(schema(), data) == [], path
        forms = package.target_locale.plural_count if writer == "po" else None
        assert same_content(first, read_exchange_bytes(data, "again"), plural_forms=forms) == [], path
        checked += 1
    assert checked >= 250
