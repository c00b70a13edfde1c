"""The fast PO reader of the QA stage reads every PO file exactly as polib does.

polib is the reference: for every PO file of the corpus and of tests/data/qa, the
fast reader must give the same entries (every field QA reads), the same header
and the same msgstr lines, and ``read_po_units`` the same units; a file polib
rejects must not pass the fast reader.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from locflow.errors import MalformedFileError, UsageError
from locflow.pipeline import qa
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
    return entries, dict(po.metadata), qa._msgstr_lines(path)


def _fast_entries(path: Path) -> tuple[list[tuple], dict[str, str], list[int]] | None:
    try:
        entries, metadata, lines = qa._scan_po(path.read_bytes())
    except (qa._PoSyntax, UnicodeDecodeError, LookupError):
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


def _units_by_polib(monkeypatch: pytest.MonkeyPatch, path: Path, **options) -> list:
    def refuse(data: bytes) -> None:
        raise qa._PoSyntax("polib only")

    with monkeypatch.context() as patch:
        patch.setattr(qa, "_scan_po", refuse)
        return qa.read_po_units(path, **options)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_units_are_the_same_by_either_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = dict(target_locale=Locale("de"), include_fuzzy=True)
    try:
        reference = _units_by_polib(monkeypatch, path, **options)
    except (MalformedFileError, UsageError) as exc:
        with pytest.raises(type(exc)):
            qa.read_po_units(path, **options)
        return
    units = qa.read_po_units(path, **options)
    assert len(units) == len(reference)
    for mine, theirs in zip(units, reference):
        assert mine == theirs
        assert (mine.source_text, mine.target_text, mine.source_plain, mine.target_plain) == (
            theirs.source_text,
            theirs.target_text,
            theirs.source_plain,
            theirs.target_plain,
        )


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
    units = qa.read_po_units(path, include_fuzzy=True)
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
        qa.read_po_units(path)
