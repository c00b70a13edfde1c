"""The fast PO readers of the QA stage read every PO file exactly as polib does.

polib is the reference: for every PO file of the corpus and of tests/data/qa, the
fast readers must give the same entries (every field QA reads), the same header
and the same msgstr lines, and ``read_po_units`` the same units whichever reader
reads the file; a file polib rejects must not pass the fast readers.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from locflow.errors import MalformedFileError, UsageError
from locflow.pipeline import qa_po, qa_po_scan
from locflow.model import Locale

from tests.qa_support import CORPUS, DATA

FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags", "tcomment", "comment", "obsolete", "linenum")


def _po_files() -> list[Path]:
    files = sorted(DATA.glob("*.po"))
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*.po*") if p.suffix in (".po", ".pot") and p.is_file())
    return files


PO_FILES = _po_files()


def _polib_entries(path: Path) -> tuple[list[tuple], dict[str, str], list[int]] | None:
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    entries = [tuple(getattr(e, f) if f != "obsolete" else bool(e.obsolete) for f in FIELDS) for e in po]
    return entries, dict(po.metadata), qa_po.msgstr_lines(path)


def _fast_entries(path: Path) -> tuple[list[tuple], dict[str, str], list[int]] | None:
    try:
        entries, metadata, lines = qa_po_scan.scan_po(path.read_bytes())
    except (qa_po_scan.PoSyntax, UnicodeDecodeError, LookupError):
        return None
    return [tuple(getattr(e, f) for f in FIELDS) for e in entries], dict(metadata), lines


def test_the_corpus_has_po_files() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not there")
    assert len(PO_FILES) > 40


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_fast_reader_reads_what_polib_reads(path: Path) -> None:
    reference = _polib_entries(path)
    fast = _fast_entries(path)
    if reference is None:
        assert fast is None, "polib rejects the file; the fast reader must leave it to polib"
        return
    if fast is None:
        pytest.skip("a file the fast reader leaves to polib")  # counted below
    assert fast[1] == reference[1]
    assert fast[2] == reference[2]
    assert len(fast[0]) == len(reference[0])
    for mine, theirs in zip(fast[0], reference[0]):
        assert mine == theirs


def test_fast_reader_takes_nearly_every_valid_file() -> None:
    valid = [p for p in PO_FILES if _polib_entries(p) is not None]
    left_to_polib = [p for p in valid if _fast_entries(p) is None]
    assert len(left_to_polib) <= len(valid) // 10, left_to_polib


def _refuse(text: str) -> None:
    raise qa_po_scan.PoSyntax("left to the next reader")


def _units_by_polib(monkeypatch: pytest.MonkeyPatch, path: Path, **options) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(qa_po, "read_simple", lambda text: None)
        patch.setattr(qa_po, "scan_text", _refuse)
        return qa_po.read_po_units(path, **options)


def _units_by_entries(monkeypatch: pytest.MonkeyPatch, path: Path, **options) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(qa_po, "read_simple", lambda text: None)
        return qa_po.read_po_units(path, **options)


def _assert_same_units(mine: list, theirs: list) -> None:
    assert len(mine) == len(theirs)
    for unit, reference in zip(mine, theirs):
        assert unit == reference
        assert (unit.source_text, unit.target_text, unit.source_plain, unit.target_plain) == (
            reference.source_text,
            reference.target_text,
            reference.source_plain,
            reference.target_plain,
        )


@pytest.mark.parametrize("include_fuzzy", [True, False], ids=["with-fuzzy", "without-fuzzy"])
@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_units_are_the_same_by_every_reader(path: Path, include_fuzzy: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    options = dict(target_locale=Locale("de"), include_fuzzy=include_fuzzy)
    try:
        reference = _units_by_polib(monkeypatch, path, **options)
    except (MalformedFileError, UsageError) as exc:
        with pytest.raises(type(exc)):
            qa_po.read_po_units(path, **options)
        return
    _assert_same_units(qa_po.read_po_units(path, **options), reference)
    _assert_same_units(_units_by_entries(monkeypatch, path, **options), reference)


def _text(path: Path) -> str | None:
    try:
        return qa_po_scan.decode_po(path.read_bytes())
    except (UnicodeDecodeError, LookupError):
        return None


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_block_reader_reads_what_the_line_scanner_reads(path: Path) -> None:
    text = _text(path)
    if text is None:
        pytest.skip("not decodable: left to polib")
    try:
        reference = qa_po_scan.scan_lines(text)
    except qa_po_scan.PoSyntax:
        with pytest.raises(qa_po_scan.PoSyntax):
            qa_po_scan.scan_entries(text)
        return
    entries, lines = qa_po_scan.scan_entries(text)
    assert lines == reference[1]
    assert [tuple(getattr(e, f) for f in FIELDS) for e in entries] == [tuple(getattr(e, f) for f in FIELDS) for e in reference[0]]


def test_files_of_simple_entries_are_read_as_columns() -> None:
    taken = [p for p in PO_FILES if (text := _text(p)) is not None and qa_po_scan.read_simple(text) is not None]
    assert {p.name for p in taken} >= {"tricky.de.po", "tricky.ja.po", "defects.de.po"}
    if CORPUS.is_dir():
        assert len(taken) >= 20, "most files gettext tools write are simple"


SIMPLE_HEADER = '''# A header comment
msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

'''


@pytest.mark.parametrize(
    "body, simple",
    [
        ('#. Extracted\n#: a.c:1\n#, c-format, fuzzy\nmsgid "Save %s"\nmsgstr "%s speichern"\n', True),
        ('# Translator\n#\n#  two spaces\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n"Öff"\n"nen"\n', True),
        ('msgid "Tab\\there \\"quoted\\""\nmsgstr "Tab\\tda \\"zitiert\\""\n\n\nmsgid "B"\nmsgstr "C"', True),
        ('msgid "A"\nmsgstr "B"\n\n#~ msgid "Old"\n#~ msgstr "Alt"\n\n#, fuzzy\n#~ msgid "Older"\n#~ msgstr "Älter"\n', True),
        ('msgid "translator-credits"\nmsgstr "Jane"\n\nmsgid "A"\nmsgstr "B"\n', True),
        ('msgid "A"\nmsgstr "B"\n\n#~| msgid "gone"\n', False),  # polib drops the entry before
        ('msgid "A"\nmsgstr "B"\n\n#~ msgid "Old"\n#~ msgstr "Alt"\n\nmsgid "C"\nmsgstr "D"\n', False),
        ('msgid "A"\nmsgstr "B"\n\nmsgctxt "x"\nmsgid ""\nmsgstr "Leer"\n', False),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] ""\n"%d Dateien"\n\nmsgid "A"\nmsgstr "B"\n', True),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[1] "%d Dateien"\nmsgstr[0] "%d Datei"\n', False),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr "%d Datei"\n', False),
        ('msgid "%d file"\nmsgstr[0] "%d Datei"\n', False),
        ('#: a.c:1\n# Translator after the reference\nmsgid "A"\nmsgstr "B"\n', False),
        ('#| msgid "Previous"\nmsgid "A"\nmsgstr "B"\n', False),
        ('msgid "A"\nmsgstr "B"\n  \nmsgid "C"\nmsgstr "D"\n', False),
        ('#.\n#,\nmsgid "A"\nmsgstr "B"\n', False),
    ],
)
def test_simple_files_and_the_others_read_as_polib_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, simple: bool) -> None:
    path = tmp_path / "case.po"
    path.write_text(SIMPLE_HEADER + body, encoding="utf-8")
    assert (qa_po_scan.read_simple(path.read_text(encoding="utf-8")) is not None) == simple
    for include_fuzzy in (True, False):
        reference = _units_by_polib(monkeypatch, path, include_fuzzy=include_fuzzy)
        assert reference or "#~|" in body or not include_fuzzy
        _assert_same_units(qa_po.read_po_units(path, include_fuzzy=include_fuzzy), reference)
        _assert_same_units(_units_by_entries(monkeypatch, path, include_fuzzy=include_fuzzy), reference)
    assert _fast_entries(path) == _polib_entries(path)


TRICKY = r'''# header comment
msgid ""
msgstr ""
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"X-Multi: a\n"
"  continued\n"

# translator
#
## double
#. extracted
#. more
#: src/a.c:12 src/b.c
#, c-format, fuzzy
#| msgctxt "old"
#| msgid "Old %s"
msgctxt "menu"
""
"|ctx"
msgid "Tab\there \"quoted\" back\\slash %s"
msgstr ""
"Tab\tici \"cité\" "
"barre\\oblique %s"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Un fichier"
msgstr[1] ""
"%d fichiers"

msgid "Empty"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Obsolète"
'''


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_escapes_comments_plurals_and_charsets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str, encoding: str) -> None:
    text = TRICKY.replace('"Language: fr\\n"', f'"Language: fr\\n"\n"Content-Type: text/plain; charset={encoding.split("-sig")[0].upper()}\\n"')
    path = tmp_path / "tricky.po"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    fast = _fast_entries(path)
    assert fast is not None and fast == _polib_entries(path)
    units = qa_po.read_po_units(path, include_fuzzy=True)
    assert units == _units_by_polib(monkeypatch, path, include_fuzzy=True)
    assert [u.target_text for u in units] == ['Tab\tici "cité" barre\\oblique %s', "Un fichier", "Fichier vide"[:0]]
    assert units[0].context == "menu|ctx" and units[0].flags == {"c-format", "fuzzy"}
    assert units[1].plurals[0].render() == "%d fichiers" and units[1].plural_lines == (29, 30)


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a"\nmsgstr "b"\ngarbage\n',
        'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
        'msgid "a "quoted""\nmsgstr "b"\n',
        'msgctxt "x"\n# comment\nmsgid "a"\nmsgstr "b"\n',
        '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    ],
)
def test_what_polib_rejects_is_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr "Language: de\\n"\n\n' + text, encoding="utf-8")
    assert _polib_entries(path) is None and _fast_entries(path) is None
    with pytest.raises(MalformedFileError):
        qa_po.read_po_units(path)
