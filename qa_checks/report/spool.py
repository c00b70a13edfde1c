"""Where a report keeps its issues: a temporary SQLite file, so that memory does not grow
with them.

A help center of 10,000 articles in five locales makes some 200,000 issues (110 MB
of JSON); held as objects they took more memory than checking the project did. A run
writes its findings here as it finds them, part by part and in any order, each keyed
by its unit's number, its plural form and its check (:meth:`IssueSpool.add_findings`);
SQLite gives them back in that order (:meth:`IssueSpool.findings`, with its external
sort, in a few megabytes), the run puts them in the report's order once
(:func:`qa_checks.runner.finish`) and the report's issues, suppressed and baselined
issues are written back here (:meth:`IssueSpool.append`) for the reporters to read in
chunks (:meth:`IssueSpool.chunks`), by file (:meth:`IssueSpool.of_file`) or by line.

Why SQLite rather than a plain temporary file: the findings of a run in parts come
out of order (a part holds a batch of documents in every locale, the report lists one
locale after the other) and SQLite sorts them in bounded memory; the text, HTML and
JUnit reports list issues by file, which an index answers. A small report stays in
SQLite's page cache; the file only takes what outgrows it. The file is deleted when
the report is closed (:meth:`IssueSpool.close`), or, at the latest, when the report
is garbage-collected or the process exits.
"""

from __future__ import annotations

import marshal
import os
import pickle
import re
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import fields
from itertools import islice
from operator import attrgetter
from pathlib import Path

from locflow.model.leftovers import remove_files_of_dead_processes
from qa_checks.base import Issue, Severity

__all__ = ["IssueSpool", "ISSUES", "SUPPRESSED", "BASELINED", "KINDS", "CHUNK", "file_key"]

#: the three lists of a report, as stored
ISSUES, SUPPRESSED, BASELINED = 0, 1, 2
KINDS = {"issues": ISSUES, "suppressed": SUPPRESSED, "baselined": BASELINED}

#: issues read or written at a time: enough for the JSON reporter's column-by-column
#: encoding to pay, few enough to take a few megabytes
CHUNK = 10_000

#: one check's findings on one unit: (unit number, form number or -1, check position, issues)
Finding = tuple[int, int, int, list[Issue]]

#: a spool's file name: its process id tells whether the run that made it still lives
_SPOOL_NAME = re.compile(r"^locflow-qa\.(\d+)\..+\.sqlite$")
#: whether this process has removed the spools of killed runs yet
_swept = False

_SCHEMA = """
CREATE TABLE found (unit INTEGER, form INTEGER, position INTEGER, issues BLOB);
CREATE TABLE issue (
    kind INTEGER, file_key BLOB, line INTEGER, "check" TEXT, locale TEXT, severity TEXT, category TEXT, mqm TEXT, data BLOB
);
"""


def file_key(issue: Issue) -> str:
    """The file the text and HTML reports list an issue under."""
    return issue.file or "(no file)"


def _encoded(text: str) -> bytes:
    """A file name as stored: UTF-8, lone surrogates kept (bytes sort as Python sorts strings)."""
    return text.encode("utf-8", "surrogatepass")


class IssueSpool:
    """The findings of a run and the issues of its report, in a temporary SQLite file."""

    def __init__(self) -> None:
        _sweep_once()
        handle, self.path = tempfile.mkstemp(prefix=f"locflow-qa.{os.getpid()}.", suffix=".sqlite")
        os.close(handle)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._closer = weakref.finalize(self, _remove, self.db, self.path, os.getpid())
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self._indexed = False

    # -- the run's findings ------------------------------------------------------
    def add_findings(self, found: Iterable[Finding]) -> None:
        """Keep findings (of a part, in any order) until :meth:`findings` reads them in order."""
        rows = ((unit, form, position, marshal.dumps(list(map(_packed, issues)))) for unit, form, position, issues in found)
        self._write("INSERT INTO found VALUES (?, ?, ?, ?)", rows)

    def findings(self) -> Iterator[Finding]:
        """Every finding kept, in unit order (unit number, form, check position), then forgotten."""
        loads = marshal.loads
        for unit, form, position, issues in self.db.execute("SELECT * FROM found ORDER BY unit, form, position"):
            yield unit, form, position, list(map(_unpacked, loads(issues)))
        self.db.execute("DELETE FROM found")

    # -- the report's issues -----------------------------------------------------
    def append(self, kind: int, issues: Iterable[Issue]) -> None:
        """Add issues at the end of one of the report's lists (:data:`KINDS`)."""
        rows = (
            (kind, _encoded(file_key(i)), i.line or 0, i.check, i.locale, i.severity, i.category, i.mqm, _packed(i))
            for i in issues
        )
        self._write("INSERT INTO issue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self._indexed = False

    def count(self, kind: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM issue WHERE kind = ?", (kind,)).fetchone()[0])

    def chunks(self, kind: int, *, by_line: bool = False) -> Iterator[list[Issue]]:
        """The issues of a list in order (or sorted by line, then check, as the HTML report
        lists them), :data:`CHUNK` at a time."""
        rows = self.db.execute(f"SELECT data FROM issue WHERE kind = ? ORDER BY {_order(by_line)}", (kind,))
        while batch := rows.fetchmany(CHUNK):
            yield [_unpacked(data) for data, in batch]

    def file_keys(self, kind: int) -> list[str]:
        """The files (:func:`file_key`) a list has issues in, sorted."""
        self._index()
        rows = self.db.execute("SELECT DISTINCT file_key FROM issue WHERE kind = ?", (kind,))
        return sorted(key.decode("utf-8", "surrogatepass") for key, in rows)

    def of_file(self, kind: int, key: str, *, by_line: bool = False) -> list[Issue]:
        """The issues of a list in one file (:func:`file_key`), in order (or sorted as
        :meth:`chunks` sorts them ``by_line``)."""
        self._index()
        rows = self.db.execute(
            f"SELECT data FROM issue WHERE kind = ? AND file_key = ? ORDER BY {_order(by_line)}", (kind, _encoded(key))
        )
        return [_unpacked(data) for data, in rows]

    def tally_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(locale, severity, check, category, mqm) of every issue of the ``issues`` list, in order."""
        return self.db.execute("SELECT locale, severity, \"check\", category, mqm FROM issue WHERE kind = ? ORDER BY rowid", (ISSUES,))

    def copy_from(self, other: IssueSpool, kinds: Iterable[int] = KINDS.values()) -> None:
        """Add the issues of some lists (all by default) of another spool at the end of
        the same lists here (each list is read in its own order: lists may interleave)."""
        wanted = ", ".join(str(int(kind)) for kind in kinds)
        self.db.execute("ATTACH DATABASE ? AS other", (other.path,))
        try:
            self.db.execute("BEGIN")
            self.db.execute(f"INSERT INTO issue SELECT * FROM other.issue WHERE kind IN ({wanted}) ORDER BY rowid")
            self.db.execute("COMMIT")
        finally:
            self.db.execute("DETACH DATABASE other")
        self._indexed = False

    def close(self) -> None:
        """Delete the file (the spool can no longer be read)."""
        self._closer()

    @property
    def closed(self) -> bool:
        return not self._closer.alive

    def _write(self, statement: str, rows: Iterator[tuple[object, ...]]) -> None:
        rows = iter(rows)
        while batch := list(islice(rows, CHUNK)):
            self.db.execute("BEGIN")
            self.db.executemany(statement, batch)
            self.db.execute("COMMIT")

    def _index(self) -> None:
        """The index of issues by file, made once the lists are written (the JSON and
        SARIF reports, and the gate, never need it)."""
        if not self._indexed:
            self.db.execute("CREATE INDEX IF NOT EXISTS by_file ON issue (kind, file_key)")
            self._indexed = True


def _order(by_line: bool) -> str:
    """The order of a list's issues: as written, or by line, then check (ties as written)."""
    return "line, \"check\", rowid" if by_line else "rowid"


_VALUES = attrgetter(*(issue_field.name for issue_field in fields(Issue)))
_SEVERITIES = {severity.value: severity for severity in Severity}


def _packed(issue: Issue) -> bytes:
    """An issue as stored: its field values written by ``marshal`` (the severity as its
    text), several times faster to write and read than ``pickle``, which writes those
    ``marshal`` cannot (a value of a ``str`` subclass)."""
    values = _VALUES(issue)
    try:
        return b"m" + marshal.dumps((values[0], values[1].value, *values[2:]))
    except ValueError:
        return b"p" + pickle.dumps(issue, pickle.HIGHEST_PROTOCOL)


def _unpacked(data: bytes) -> Issue:
    if data[:1] == b"m":
        values = marshal.loads(data[1:])
        return Issue(values[0], _SEVERITIES[values[1]], *values[2:])
    return pickle.loads(data[1:])


def _sweep_once() -> None:
    """The first spool of a process removes those of killed runs (:mod:`locflow.model.leftovers`)."""
    global _swept
    if not _swept:
        remove_files_of_dead_processes(Path(tempfile.gettempdir()), _SPOOL_NAME)
        _swept = True


def _remove(db: sqlite3.Connection, path: str, pid: int) -> None:
    """Close the database and delete its file: only in the process that made it (a forked
    process inherits the object, not the file)."""
    if os.getpid() != pid:
        return
    db.close()
    Path(path).unlink(missing_ok=True)
