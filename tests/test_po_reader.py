"""The one PO reader (``locflow.exchange.po_syntax`` and ``po_table``), proven against polib.

* ``parse_po`` reads every PO file of the corpus and of tests/data as polib reads it
  (every field: context, strings, plural forms, flags, comments, references,
  previous strings, obsolete entries). Where polib refuses a file that gettext reads
  (``#comment`` without a space, ``domain`` lines, a ``msgstr[n]`` whose string is on
  the next line), polib is shown the same file written the way it can read it.
* ``read_po_table`` (the fast reader of files as gettext tools write them) gives the
  same table as ``parse_po`` on every file, and takes most of them.
* The import (``read_exchange_file``) and the QA stage (``read_po_units``) both read
  through it: the same ids, texts and lines for every file.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from locflow.errors import MalformedFileError
from locflow.exchange import read_exchange_file
from locflow.exchange.po_syntax import decode_po, parse_po
from locflow.exchange.po_table import read_po_table, simple_table, table_of_entries
from locflow.model import Locale
from locflow.pipeline.qa_po import read_po_units

from tests.qa_support import CORPUS, DATA

REPO_DATA = Path(__file__).resolve().parent / "data"


def _po_files() -> list[Path]:
    files = sorted(p for p in REPO_DATA.rglob("*.po") if "malformed" not in p.parts)
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())
    return files


PO_FILES = _po_files()


def _decodes(path: Path) -> bool:
    try:
        decode_po(path.read_bytes(), path)
    except MalformedFileError:
        return False
    return True


#: the files whose bytes are in the charset they declare (two legacy test files of the corpus are not)
READABLE = [path for path in PO_FILES if _decodes(path)]


def _id(path: Path) -> str:
    return "/".join(path.parts[-3:])


# what gettext reads and polib does not, rewritten the way polib reads it
_LOOSE_COMMENT = re.compile(r"^(\s*)#(~?)(?=[^\s.,:|~])", re.M)
_DOMAIN = re.compile(r"^\s*domain\b[^\n]*$", re.M)
_KEYWORD_ALONE = re.compile(r'^(\s*msgstr\[\d+\])\s*$', re.M)


def _polib_entries(path: Path) -> list[tuple]:
    text = decode_po(path.read_bytes(), path).replace("\r\n", "\n")
    text = _KEYWORD_ALONE.sub(r'\1 ""', _DOMAIN.sub("", _LOOSE_COMMENT.sub(r"\1#\2 ", text)))
    catalog = polib.pofile(text, wrapwidth=0)
    return [
        (
            e.msgctxt, e.msgid, e.msgid_plural or None, e.msgstr if not e.msgid_plural else "",
            dict(e.msgstr_plural), e.flags, e.tcomment, e.comment,
            [f"{name}:{line}" if line else name for name, line in e.occurrences], e.previous_msgid, bool(e.obsolete), "",
        )
        for e in catalog
        if e.msgid or e.msgctxt is not None  # entries with an empty msgid are headers here
    ]


def _our_entries(path: Path) -> list[tuple]:
    entries = parse_po(decode_po(path.read_bytes(), path), path)
    return [
        (
            e.msgctxt, e.msgid, e.msgid_plural, e.msgstr[0] if e.msgid_plural is None else "",
            dict(e.msgstr) if e.msgid_plural is not None else {}, e.flags, "\n".join(e.comments),
            "\n".join(e.extracted), e.references,
            None if e.obsolete else e.previous.get("msgid"),  # polib drops the "#~|" of obsolete entries
            e.obsolete, e.problem,
        )
        for e in entries
        if not e.is_header
    ]


def test_the_corpus_has_po_files() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not there")
    assert len(PO_FILES) > 60


@pytest.mark.parametrize("path", PO_FILES, ids=_id)
def test_parse_po_reads_what_polib_reads(path: Path) -> None:
    try:
        ours = _our_entries(path)
    except MalformedFileError:
        with pytest.raises((OSError, UnicodeError, ValueError)):
            polib.pofile(str(path))  # what gettext refuses, polib refuses too
        return
    if any(entry[-1] for entry in ours):
        # an entry gettext refuses (no msgstr): flagged for the import to reject; polib
        # merges it with the next entry, so it is no reference for this file
        return
    theirs = _polib_entries(path)
    assert len(ours) == len(theirs)
    for mine, reference in zip(ours, theirs):
        assert mine == reference


@pytest.mark.parametrize("path", READABLE, ids=_id)
def test_the_fast_reader_gives_the_table_of_the_line_parser(path: Path) -> None:
    text = decode_po(path.read_bytes(), path)
    reference = table_of_entries(parse_po(text, path))
    assert read_po_table(path.read_bytes(), path) == reference
    fast = simple_table(text)
    assert fast is None or fast == reference
    for row in range(len(reference)):
        line = text.replace("\r\n", "\n").split("\n")[reference.msgstr_line[row] - 1]
        assert line.lstrip().startswith("msgstr") or reference.problems.get(row)


def test_the_fast_reader_takes_the_files_gettext_tools_write() -> None:
    taken = [p for p in READABLE if simple_table(decode_po(p.read_bytes(), p)) is not None]
    assert {p.name for p in taken} >= {"tricky.de.po", "tricky.ja.po", "defects.de.po"}
    if CORPUS.is_dir():
        assert len(taken) >= 50
        assert len([p for p in taken if "gnome-calculator/po" in str(p)]) >= 10


@pytest.mark.parametrize("path", READABLE, ids=_id)
def test_import_and_qa_read_the_same_entries(path: Path) -> None:
    exchange = read_exchange_file(path)
    units = read_po_units(path, target_locale=Locale("de"), include_fuzzy=True)
    credits = {"translator-credits", "translator_credits", "Your names", "Your emails"}
    segments = [s for s in exchange.segments if s.source.text not in credits]
    assert [(u.key, u.source_text, u.target_text, u.line) for u in units] == [
        (s.unit_id, s.source.text, s.target.text if s.target else "", s.line) for s in segments
    ]


HEADER = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


@pytest.mark.parametrize(
    "body, simple",
    [
        ('#. Extracted\n#: a.c:1\n#, c-format, fuzzy\nmsgid "Save %s"\nmsgstr "%s speichern"\n', True),
        ('# Translator\n#\n#  two spaces\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n"Öff"\n"nen"\n', True),
        ('msgid "Tab\\there \\"quoted\\""\nmsgstr "Tab\\tda \\"zitiert\\""\n\n\nmsgid "B"\nmsgstr "C"', True),
        ('msgid "A"\nmsgstr "B"\n\n#~ msgid "Old"\n#~ msgstr "Alt"\n\n#, fuzzy\n#~ msgid "Older"\n#~ msgstr "Älter"\n', True),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] ""\n"%d Dateien"\n\nmsgid "A"\nmsgstr "B"\n', True),
        ('#: src/one file.c:3 \u2068src/two files.c\u2069:4\nmsgid "A"\nmsgstr "B"\n', True),
        ('msgid "A"\nmsgstr "B"\n\n#~ msgid "Old"\n#~ msgstr "Alt"\n\nmsgid "C"\nmsgstr "D"\n', False),
        ('msgid "A"\nmsgstr "B"\n\nmsgctxt "x"\nmsgid ""\nmsgstr "Leer"\n', False),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[1] "%d Dateien"\nmsgstr[0] "%d Datei"\n', False),
        ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0]\n"%d Datei"\nmsgstr[1]\n"%d Dateien"\n', False),
        ('#: a.c:1\n# Translator after the reference\nmsgid "A"\nmsgstr "B"\n', False),
        ('#, fuzzy\n#| msgctxt "old"\n#| msgid ""\n#| "Previous"\nmsgid "A"\nmsgstr "B"\n', True),
        ('#| msgid "Previous"\n#, fuzzy\nmsgid "A"\nmsgstr "B"\n', False),
        ('msgid "A"\nmsgstr "B"\n  \nmsgid "C"\nmsgstr "D"\n', False),
        ('#.\n#,\nmsgid "A"\nmsgstr "B"\n', False),
        ('#comment without a space\nmsgid "A"\nmsgstr "B"\n\ndomain "other"\n\nmsgid "C"\nmsgstr "D"\n', False),
    ],
)
def test_simple_files_and_the_others_read_alike(body: str, simple: bool) -> None:
    text = HEADER + body
    reference = table_of_entries(parse_po(text, "case.po"))
    fast = simple_table(text)
    assert (fast is not None) == simple
    assert fast is None or fast == reference
    assert read_po_table(text.encode("utf-8"), "case.po") == reference


def test_what_each_field_holds() -> None:
    text = HEADER + (
        "# translator\n#. extracted\n#: src/a.c:12 \u2068src/b c.c\u2069\n#, c-format, fuzzy\n"
        '#| msgid "Old %s"\nmsgctxt "menu"\nmsgid "Tab\\there %s"\nmsgstr ""\n"Tab\\tici "\n"%s"\n\n'
        'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei"\nmsgstr[1] ""\n"%d Dateien"\n\n'
        'msgid "Lonely"\n\n#~ msgid "Obsolete"\n#~ msgstr "Veraltet"\n'
    )
    table = read_po_table(text.encode("utf-8"), "x.po")
    assert table.header == {"Language": "de", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    assert table.msgid == ["Tab\there %s", "One file", "Lonely"]
    assert table.msgctxt == ["menu", None, None] and table.msgstr[0] == "Tab\tici %s"
    assert table.flags[0] == ("c-format", "fuzzy") and table.comments[0] == "translator"
    assert table.extracted[0] == "extracted" and table.references_of(0) == ["src/a.c:12", "src/b c.c"]
    assert table.previous == {0: {"msgid": "Old %s"}} and table.msgstr_line[:2] == [13, 19]
    assert table.plurals[1].msgid_plural == "%d files" and table.plurals[1].forms == ["Eine Datei", "%d Dateien"]
    assert table.plurals[1].lines == [19, 20] and table.msgstr[1] == "Eine Datei"
    assert table.problems == {2: "msgid without msgstr"}  # the import rejects this entry alone


@pytest.mark.parametrize(
    "body, line, words",
    [
        ('msgid "a"\nmsgstr "b"\ngarbage\n', 8, "unexpected line"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 8, "repeated"),
        ('msgid "a "quoted""\nmsgstr "b"\n', 6, "double quote"),
        ('msgid "a\\qb"\nmsgstr "b"\n', 6, "invalid escape"),
        ('msgstr "b"\n', 6, "msgstr without msgid"),
        ('"a continued string"\n', 6, "nothing to continue"),
    ],
)
def test_malformed_files_are_refused_naming_the_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEADER + body, encoding="utf-8")
    for read in (lambda: read_po_table(path.read_bytes(), path), lambda: read_po_units(path), lambda: read_exchange_file(path)):
        with pytest.raises(MalformedFileError) as caught:
            read()
        assert (caught.value.path, caught.value.line) == (str(path), line) and words in caught.value.message


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_charsets_and_line_ends(tmp_path: Path, newline: str, encoding: str) -> None:
    text = HEADER.replace('"Language: de\\n"', f'"Language: de\\n"\n"Content-Type: text/plain; charset={encoding.split("-sig")[0].upper()}\\n"')
    text += '# translator\nmsgid "Größe"\nmsgstr "Taille"\n'
    path = tmp_path / "x.po"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    table = read_po_table(path.read_bytes(), path)
    assert table.msgid == ["Größe"] and table.comments == ["translator"] and table.msgstr_line == [9]
    assert simple_table(decode_po(path.read_bytes(), path)) == table


def test_the_qa_data_files_are_read_by_the_fast_reader() -> None:
    for path in sorted(DATA.glob("*.po")):
        assert simple_table(decode_po(path.read_bytes(), path)) is not None, path.name
