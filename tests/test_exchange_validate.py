"""What the import builds on: per-segment checks, conflicts, the report, safe output paths."""

from __future__ import annotations

import json
import os

import pytest

from locflow.exchange import (
    ExchangeSegment,
    ImportReport,
    RejectReason,
    adopt_codes,
    check_target_locale,
    duplicate_ids,
    read_exchange_bytes,
    render_json,
    render_table,
    safe_output_path,
    save_files,
    source_changed,
    validate_target,
    write_po,
    write_xliff12,
    write_xliff2,
)
from locflow.exchange.decide import Reason
from locflow.exchange.report import Outcome
from locflow.model import Code, CodeKind, Locale, Segment, State
from locflow.model.errors import UnsafePathError
from tests.test_exchange_support import B_CLOSE, B_OPEN, DE, NAME, as_imported, sample_package, seg

SOURCE = seg("Click ", B_OPEN, "Save", B_CLOSE, " now, ", NAME, ".")


def read(target: Segment | None, *, source: Segment = SOURCE, **extra) -> ExchangeSegment:
    return ExchangeSegment("k", "k", source, target, line=7, document="doc.md", **extra)


# -- validate_target -----------------------------------------------------------------------------------


def test_a_good_translation_passes():
    assert validate_target(SOURCE, read(seg("Klicken Sie jetzt auf ", B_OPEN, "Speichern", B_CLOSE, ", ", NAME, "."))) is None


@pytest.mark.parametrize(
    "target,reason,words",
    [
        (seg("Klicken Sie auf Speichern, ", NAME, "."), RejectReason.MISSING_CODE, "missing code <1>, </1>"),
        (seg("Klicken ", B_OPEN, "Speichern", B_CLOSE, NAME, NAME), RejectReason.EXTRA_CODE, "unexpected code <3/>"),
        (seg("Klicken ", B_CLOSE, "Speichern", B_OPEN, " ", NAME), RejectReason.BROKEN_CODE, "before its start"),
        (
            seg("Klicken ", Code("1", CodeKind.OPEN, "<b>"), "Speichern", B_CLOSE, " ", NAME),
            RejectReason.BROKEN_CODE,
            "was changed: '**' became '<b>'",
        ),
        (seg(), RejectReason.EMPTY_TARGET, "empty"),
        (None, RejectReason.EMPTY_TARGET, "empty"),
    ],
)
def test_broken_translations_are_rejected_with_a_reason(target, reason, words):
    rejection = validate_target(SOURCE, read(target))
    assert rejection is not None and rejection.reason is reason and words in rejection.message
    assert (rejection.id, rejection.line, rejection.document) == ("k", 7, "doc.md")


def test_overlapping_pairs_are_broken_but_data_left_out_by_a_tool_is_fine():
    i_open, i_close = Code("2", CodeKind.OPEN, "_"), Code("2", CodeKind.CLOSE, "_")
    source = seg(B_OPEN, "a ", i_open, "b", i_close, B_CLOSE)
    overlapping = seg(B_OPEN, "a ", i_open, "b", B_CLOSE, i_close)
    assert validate_target(source, read(overlapping, source=source)).reason is RejectReason.BROKEN_CODE
    emptied = seg(Code("1", CodeKind.OPEN, ""), "x ", i_open, "y", i_close, Code("1", CodeKind.CLOSE, ""))
    assert validate_target(source, read(emptied, source=source)) is None
    assert adopt_codes(emptied, source) == seg(B_OPEN, "x ", i_open, "y", i_close, B_CLOSE)


def test_plural_forms_are_checked_one_by_one():
    singular, plural = seg(NAME, " file"), seg(NAME, " files")
    good = read(None, source=singular, source_plural=plural, target_plurals=(seg(NAME, " Datei"), seg(NAME, " Dateien")))
    assert validate_target(singular, good, expected_plural=plural) is None
    broken = read(None, source=singular, source_plural=plural, target_plurals=(seg(NAME, " Datei"), seg("Dateien")))
    rejection = validate_target(singular, broken, expected_plural=plural)
    assert rejection.reason is RejectReason.MISSING_CODE and rejection.message.startswith("plural form 1:")


def test_a_problem_the_reader_found_rejects_the_segment():
    rejection = validate_target(SOURCE, read(SOURCE, problem="the target is not segmented like its source"))
    assert rejection.reason is RejectReason.MALFORMED and "segmented" in rejection.message


@pytest.mark.parametrize("write", [write_xliff12, write_xliff2, write_po], ids=["xliff12", "xliff2", "po"])
def test_codes_read_from_our_files_validate_against_the_export(write):
    """The whole chain: what we export validates clean when it comes back untouched."""
    package = sample_package()
    read = read_exchange_bytes(write(package), "x")
    back = {(s.document, s.id): s for s in read.segments}
    for document in package.documents:
        for unit in document.units:
            for segment in unit.segments:
                got = as_imported(back[(document.path, segment.key)], read.format, segment.source, segment.source_plural)
                assert not source_changed(segment.source, got.source), segment.key
                if got.has_translation:
                    assert validate_target(segment.source, got, expected_plural=segment.source_plural) is None, segment.key


# -- source_changed -------------------------------------------------------------------------------------


def test_source_changes_are_noticed_but_whitespace_normalization_is_not_one():
    assert not source_changed(SOURCE, SOURCE)
    assert not source_changed(SOURCE, seg("  Click\n", B_OPEN, "Save", B_CLOSE, "   now,\t", NAME, ". "))
    assert not source_changed(seg("Cafe\u0301"), seg("Café"))  # NFC
    assert not source_changed(SOURCE, seg("Click ", Code("1", CodeKind.OPEN, ""), "Save", Code("1", CodeKind.CLOSE, ""), " now, ", NAME, "."))
    assert source_changed(SOURCE, seg("Click ", B_OPEN, "Store", B_CLOSE, " now, ", NAME, "."))
    assert source_changed(SOURCE, seg("Click Save now, ", NAME, "."))
    assert source_changed(SOURCE, seg("Click ", B_OPEN, "Save", B_CLOSE, " now, ", Code("3", CodeKind.STANDALONE, "{user}"), "."))
    assert source_changed(seg("ab"), seg("a b"))


# -- locales and ids -----------------------------------------------------------------------------------


def test_target_locale_check():
    assert check_target_locale(DE, read(SOURCE, target_language="de-DE")) is None
    assert check_target_locale(Locale("de-CH"), read(SOURCE, target_language="de")) is None
    assert check_target_locale(DE, read(SOURCE)) is None
    wrong = check_target_locale(DE, read(SOURCE, target_language="fr-FR"))
    assert wrong.reason is RejectReason.WRONG_LOCALE and "fr-FR" in wrong.message
    assert check_target_locale(Locale("de-AT"), read(SOURCE, target_language="de-CH")).reason is RejectReason.WRONG_LOCALE
    assert "unknown" in check_target_locale(DE, read(SOURCE, target_language="xx-nonsense")).message


def test_duplicate_ids_are_found_per_document():
    xliff = write_xliff12(sample_package()).replace(b'id="status.tm"', b'id="status.fuzzy"')
    file = read_exchange_bytes(xliff, "dup.xlf")
    (duplicate,) = duplicate_ids(file)
    assert duplicate.id == "status.fuzzy" and duplicate.reason is RejectReason.DUPLICATE_ID
    assert file.by_id()["status.fuzzy"].target.text == "Zustand fuzzy"


# -- the report ---------------------------------------------------------------------------------------------


def test_report_as_table_and_json():
    file = read_exchange_bytes(write_po(sample_package()), "de/helpcenter.de.po")
    report = ImportReport()
    report.add_file(file)
    first, second, third, fourth = file.segments[:4]
    report.decided(file.path, first, Outcome.APPLIED, State.TRANSLATED, None, "")
    report.decided(file.path, second, Outcome.UNCHANGED, State.MT, Reason.AS_EXPORTED, "as exported")
    report.conflict(file.path, third, seg("Thanks, see you!"))
    report.rejected(file.path, validate_target(seg("x ", NAME), fourth) or pytest.fail("expected a rejection"))
    assert report.summary() == {"applied": 1, "unchanged": 1, "conflicts": 1, "rejected": 1}
    assert report.changed_anything
    table = render_table(report)
    assert "de/helpcenter.de.po: po, en -> de, 17 segments" in table
    assert "applied 1, unchanged 1, conflicts 1, rejected 1" in table
    assert "conflict  de/helpcenter.de.po:" in table and "source-changed" in table
    assert "rejected  de/helpcenter.de.po:" in table
    assert "unchanged: 1 as-exported" in table
    data = json.loads(render_json(report))
    assert data["summary"] == report.summary()
    assert data["reasons"]["unchanged"] == {"as-exported": 1} and data["reasons"]["conflict"] == {"source-changed": 1}
    assert data["files"] == [{"path": "de/helpcenter.de.po", "format": "po", "source_locale": "en", "target_locale": "de", "segments": 17}]
    assert data["applied"][0] == {"file": file.path, "document": first.document, "id": first.id, "line": first.line, "state": "translated"}
    assert data["conflicts"][0]["reason"] == "source-changed" and "Thanks, see you!" in data["conflicts"][0]["message"]
    assert data["rejected"][0]["reason"] in {r.value for r in RejectReason}
    assert "applied" not in render_table(report).split("\n\n", 1)[1]
    assert "applied " in render_table(report, show_applied=True).split("\n\n", 1)[1]


# -- output paths -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    ["../outside.po", "de/../../outside.po", "/etc/passwd", "C:/Windows/x.xlf", "de\\..\\x.po", "", "de/\x00.po", "."],
)
def test_unsafe_output_paths_are_refused(tmp_path, relative):
    with pytest.raises(UnsafePathError) as caught:
        safe_output_path(tmp_path / "out", relative)
    assert caught.value.exit_code == 3


def test_symlinks_out_of_the_output_directory_are_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(tmp_path, out / "escape")
    with pytest.raises(UnsafePathError):
        safe_output_path(out, "escape/x.po")
    assert safe_output_path(out, "de/help/faq.md.xlf") == (out / "de/help/faq.md.xlf").resolve()


def test_save_files_checks_every_path_before_writing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(UnsafePathError):
        save_files(out, [("de/ok.po", b"x"), ("../evil.po", b"y")])
    assert not out.exists() and not (tmp_path / "evil.po").exists()
    written = save_files(out, [("de/help/faq.md.po", b"one"), ("de/two.po", b"two")])
    assert [p.read_bytes() for p in written] == [b"one", b"two"]
    assert sorted(p.name for p in (out / "de").rglob("*")) == ["faq.md.po", "help", "two.po"]  # no temporary files left
