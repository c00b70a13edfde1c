"""CSV and TSV glossaries: a column per locale, a row per concept (or per term of it).

The header names the columns::

    en,de,fr,status,definition,dnt
    account,Konto,compte,preferred,The customer's login and data,
    account,Account,,forbidden,,
    Acme Drive,,,,,yes

* a **locale** column (``en``, ``de-CH``) holds that locale's term; the first
  locale column is the row's source term;
* ``<locale>:status``, ``<locale>:part_of_speech``, ``<locale>:note`` qualify
  that locale's term; unqualified ``status``, ``part_of_speech`` (or ``pos``)
  apply to the row's other (target) terms and to all terms respectively;
* ``id``, ``subject``, ``definition``, ``note`` describe the concept;
  ``dnt`` and ``case_sensitive`` (yes/no) flag the row's terms.

Rows with the same ``id`` (else the same source term) are one concept: the
second row above adds a forbidden German term to ``account``. Empty rows and
rows starting with ``#`` are skipped. A file without a header (as many
tools write them: source, target, comment) is read with ``columns`` given by
the caller (``locflow term import --columns en,de,note``).

``.csv`` files are comma-separated with standard quoting; ``.tsv``, ``.tab``
and ``.txt`` are tab-separated without quoting. UTF-8 (with or without BOM)
and UTF-16 with a BOM are read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from locflow.model import Locale, LocaleError
from locflow.model.errors import MalformedFileError
from termbase.model import Concept, Term, TermStatus, parse_status

__all__ = ["read_csv", "write_csv", "TAB_SUFFIXES", "CONCEPT_COLUMNS", "TERM_COLUMNS"]

TAB_SUFFIXES = (".tsv", ".tab", ".txt")
#: Columns about the whole concept (or row).
CONCEPT_COLUMNS = ("id", "subject", "definition", "note", "dnt", "case_sensitive")
#: Columns that qualify terms: alone they apply to the row's terms, as ``<locale>:<name>`` to one locale's.
TERM_COLUMNS = ("status", "part_of_speech")
_ALIASES = {"pos": "part_of_speech", "partofspeech": "part_of_speech", "part of speech": "part_of_speech",
            "do_not_translate": "dnt", "donottranslate": "dnt", "case-sensitive": "case_sensitive",
            "comment": "note", "domain": "subject", "concept": "id"}
_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"no", "n", "false", "0", ""})


@dataclass(frozen=True, slots=True)
class _Column:
    name: str  # a locale tag, or a concept/term column name
    locale: str = ""  # for locale columns and <locale>:<name> columns


@dataclass
class _Draft:
    """A concept being assembled from its rows."""

    id: str
    terms: list[Term] = field(default_factory=list)
    subject: str = ""
    definition: str = ""
    notes: list[str] = field(default_factory=list)

    def concept(self) -> Concept:
        return Concept(self.id, tuple(self.terms), self.subject, self.definition, "\n".join(self.notes))


def _decode(data: bytes, path: Path) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MalformedFileError("not UTF-8 (save the glossary as UTF-8 or UTF-16 with a BOM)", path=path, line=line) from exc


def _rows(text: str, tabs: bool) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row, quoting handled for CSV."""
    if tabs:
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text))
    try:
        line = 1
        for cells in reader:
            yield line, [cell.strip() for cell in cells]
            line = reader.line_num + 1
    except csv.Error as exc:
        raise MalformedFileError(f"not valid CSV: {exc}", line=reader.line_num) from exc


def _parse_header(cells: Sequence[str], path: Path, line: int) -> list[_Column] | None:
    """The columns a header names; None when the row does not read as a header."""
    columns = []
    for cell in cells:
        name = _ALIASES.get(cell.strip().lower(), cell.strip().lower().replace(" ", "_"))
        locale_part, _, qualifier = cell.strip().partition(":")
        if qualifier:
            qualifier = _ALIASES.get(qualifier.lower(), qualifier.lower())
            if qualifier not in (*TERM_COLUMNS, "note") or _locale(locale_part) is None:
                raise MalformedFileError(
                    f"unknown column {cell!r} (a locale may be qualified by :status, :part_of_speech or :note)", path=path, line=line
                )
            columns.append(_Column(qualifier, _locale(locale_part) or ""))
        elif name in CONCEPT_COLUMNS or name in TERM_COLUMNS:
            columns.append(_Column(name))
        elif (tag := _locale(cell)) is not None:
            columns.append(_Column(tag, tag))
        elif not cell.strip():
            columns.append(_Column(""))
        else:
            return None
    return columns if any(c.locale and c.name == c.locale for c in columns) else None


def _locale(value: str) -> str | None:
    try:
        return Locale(value.strip()).tag if value.strip() else None
    except LocaleError:
        return None


def read_csv(path: str | PathLike[str], *, columns: Sequence[str] | None = None) -> list[Concept]:
    """The concepts of a CSV/TSV glossary; ``columns`` names the columns of a file without a header.

    Raises :class:`MalformedFileError` (exit 3) with the line for a bad header, status or flag.
    """
    path = Path(path)
    text = _decode(path.read_bytes(), path)
    rows = [(line, cells) for line, cells in _rows_of(text, path) if any(cells) and not cells[0].startswith("#")]
    if columns is not None:
        header = _parse_header(list(columns), path, 0)
        if header is None:
            raise MalformedFileError(f"--columns {','.join(columns)}: name at least one locale (e.g. en,de,note)", path=path)
    elif not rows:
        return []
    else:
        line, cells = rows.pop(0)
        header = _parse_header(cells, path, line)
        if header is None:
            raise MalformedFileError(
                "the first row must name the columns: locales such as en,de and optionally "
                f"{', '.join(CONCEPT_COLUMNS + TERM_COLUMNS)}; for a file without a header give the columns "
                "(locflow term import --columns en,de)",
                path=path,
                line=line,
            )
    drafts: dict[str, _Draft] = {}
    for line, cells in rows:
        _add_row(drafts, header, cells, path, line)
    return [draft.concept() for draft in drafts.values() if draft.terms]


def _rows_of(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from _rows(text, path.suffix.lower() in TAB_SUFFIXES)
    except MalformedFileError as exc:
        raise MalformedFileError(exc.message, path=path, line=exc.line) from exc


def _add_row(drafts: dict[str, _Draft], header: list[_Column], cells: list[str], path: Path, line: int) -> None:
    values: dict[_Column, str] = {column: cells[i] if i < len(cells) else "" for i, column in enumerate(header)}
    plain = {column.name: value for column, value in values.items() if not column.locale}
    locale_columns = [c for c in header if c.locale and c.name == c.locale]
    texts = [(c.locale, values[c]) for c in locale_columns if values[c]]
    if not texts:
        return
    source_locale = locale_columns[0].locale
    flags = {name: _flag(plain.get(name, ""), name, path, line) for name in ("dnt", "case_sensitive")}
    row_status = _status(plain.get("status", ""), path, line)
    terms = []
    for locale, text in texts:
        qualified = {c.name: v for c, v in values.items() if c.locale == locale and c.name != locale}
        own_status = _status(qualified.get("status", ""), path, line)
        status = own_status or (row_status if locale != source_locale else None) or TermStatus.ADMITTED
        terms.append(
            Term(
                locale=locale,
                text=text,
                status=status,
                part_of_speech=qualified.get("part_of_speech") or plain.get("part_of_speech", ""),
                case_sensitive=flags["case_sensitive"],
                dnt=flags["dnt"],
                note=qualified.get("note", ""),
            )
        )
    concept_id = plain.get("id", "")
    key = f"id:{concept_id}" if concept_id else f"term:{texts[0][0]}:{texts[0][1].casefold()}"
    draft = drafts.setdefault(key, _Draft(concept_id))
    draft.terms.extend(t for t in terms if t not in draft.terms)
    draft.subject = draft.subject or plain.get("subject", "")
    draft.definition = draft.definition or plain.get("definition", "")
    if plain.get("note") and plain["note"] not in draft.notes:
        draft.notes.append(plain["note"])


def _status(value: str, path: Path, line: int) -> TermStatus | None:
    if not value:
        return None
    status = parse_status(value)
    if status is None:
        known = ", ".join(s.value for s in TermStatus)
        raise MalformedFileError(f"unknown status {value!r} (known: {known})", path=path, line=line)
    return status


def _flag(value: str, name: str, path: Path, line: int) -> bool:
    answer = value.strip().lower()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise MalformedFileError(f"{name}: expected yes or no, not {value!r}", path=path, line=line)


# -- writing ---------------------------------------------------------------------------


def write_csv(path: str | PathLike[str], concepts: Iterable[Concept], *, locales: Sequence[str]) -> int:
    """Write concepts as CSV (``.tsv``: tab-separated) with a column per locale; returns concepts written.

    A concept with several terms in a locale takes several rows sharing its
    ``id``, so the file imports back to the same concepts.
    """
    path = Path(path)
    tabs = path.suffix.lower() in TAB_SUFFIXES
    header = ["id", *[name for locale in locales for name in (locale, f"{locale}:status", f"{locale}:part_of_speech", f"{locale}:note")]]
    header += ["subject", "definition", "note", "dnt", "case_sensitive"]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if tabs:
            writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None)
        else:
            writer = csv.writer(handle)
        writer.writerow(header)
        for number, concept in enumerate(concepts, start=1):
            written += 1
            for row in _concept_rows(concept, locales, concept.id or f"c{number}", tabs):
                writer.writerow(row)
    return written


def _concept_rows(concept: Concept, locales: Sequence[str], concept_id: str, tabs: bool) -> Iterator[list[str]]:
    per_locale = [[t for t in concept.terms if t.locale == locale] for locale in locales]
    for k in range(max((len(terms) for terms in per_locale), default=0)):
        row = [concept_id]
        flagged: list[Term] = []
        for terms in per_locale:
            term = terms[k] if k < len(terms) else None
            if term is None:
                row += ["", "", "", ""]
                continue
            flagged.append(term)
            row += [_cell(term.text, tabs), term.status.value, term.part_of_speech, _cell(term.note, tabs)]
        first = k == 0
        row += [
            _cell(concept.subject, tabs) if first else "",
            _cell(concept.definition, tabs) if first else "",
            _cell(concept.note, tabs) if first else "",
            "yes" if any(t.dnt for t in flagged) else "",
            "yes" if any(t.case_sensitive for t in flagged) else "",
        ]
        yield row


def _cell(value: str, tabs: bool) -> str:
    """Newlines and tabs cannot stand in a TSV cell; they become spaces there."""
    return " ".join(value.split()) if tabs else value
