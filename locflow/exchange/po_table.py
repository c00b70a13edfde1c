"""A PO file as columns: the one PO reader of the import and of the QA stage.

:func:`read_po_table` gives a file's live entries (no header, no obsolete
entries) as parallel lists, one row per entry, with the header's fields. It
reads what :func:`locflow.exchange.po_syntax.parse_po` reads, which is the
reference; the tests compare both on every PO file we have, and ``parse_po``
with polib.

Most files are written by gettext tools, entry after entry in one layout
(comments in gettext's order, keywords at the start of their lines, strings
exactly quoted, blank lines between entries, obsolete entries at the end).
Such a file is matched by one regular expression, slice by slice, without an
object per entry; that is many times faster than reading it line by line. Any
other file (previous ``#|`` strings, comments out of order, stray spaces, an
error to report with its line) is read by ``parse_po`` and turned into the
same columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat
from operator import sub
from os import PathLike
from typing import Any

from locflow.exchange.po_syntax import PoEntry, decode_po, parse_header, parse_po, parse_references, unescape
from locflow.model.errors import MalformedFileError

__all__ = ["PoTable", "PluralForms", "read_po_table", "table_of_entries", "simple_table"]


@dataclass(frozen=True)
class PluralForms:
    """What a plural entry adds to its row: ``msgid_plural``, every form and each form's line."""

    msgid_plural: str
    forms: list[str]
    lines: list[int]


@dataclass(frozen=True)
class PoTable:
    """The live entries of a PO file as columns (row ``i`` of each list is entry ``i``).

    ``msgctxt`` is None where an entry has none; ``msgstr`` is the first form of a
    plural entry, whose other fields are in ``plurals``; ``msgstr_line`` is the line
    of the (first) ``msgstr``. ``extracted``, ``comments`` and ``references`` hold
    each entry's ``#.``, ``#`` and ``#:`` lines without their marks, joined by line
    breaks (``""`` for none). The rare fields are kept by row: ``previous`` (the
    ``#|`` strings) and ``problems`` (see :attr:`PoEntry.problem`).
    """

    header: dict[str, str]
    msgctxt: list[str | None]
    msgid: list[str]
    msgstr: list[str]
    flags: list[tuple[str, ...]]
    comments: list[str]
    extracted: list[str]
    references: list[str]
    msgstr_line: list[int]
    plurals: dict[int, PluralForms] = field(default_factory=dict)
    previous: dict[int, dict[str, str]] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.msgid)

    def references_of(self, row: int) -> list[str]:
        """The ``#:`` references of a row."""
        lines = self.references[row]
        return parse_references("\n".join(line[2:] for line in lines.splitlines())) if lines else []


def read_po_table(data: bytes, path: str | PathLike[str]) -> PoTable:
    """The file's live entries as columns (:class:`MalformedFileError` naming the line of an error)."""
    text = decode_po(data, path)
    table = simple_table(text)
    return table if table is not None else table_of_entries(parse_po(text, path))


def table_of_entries(entries: Sequence[PoEntry]) -> PoTable:
    """The columns of the entries ``parse_po`` read: the header's fields, then each live entry."""
    header: dict[str, str] = {}
    live: list[PoEntry] = []
    for entry in entries:
        if entry.obsolete:
            continue
        if entry.is_header:
            if not header:
                header = parse_header(entry.msgstr.get(0, ""))
            continue
        live.append(entry)
    table = PoTable(
        header=header,
        msgctxt=[e.msgctxt for e in live],
        msgid=[e.msgid or "" for e in live],
        msgstr=[e.msgstr.get(0, "") for e in live],
        flags=[tuple(e.flags) for e in live],
        comments=["\n".join(e.comments) for e in live],
        extracted=["\n".join(e.extracted) for e in live],
        references=["".join(f"#: {line}\n" for line in e.reference_lines) for e in live],
        msgstr_line=[e.msgstr_lines[0] if e.msgstr_lines else e.line for e in live],
    )
    for row, entry in enumerate(live):
        if entry.msgid_plural is not None:
            forms = [entry.msgstr.get(n, "") for n in range(max(entry.msgstr, default=0) + 1)]
            table.plurals[row] = PluralForms(entry.msgid_plural, forms, _form_lines(entry, len(forms)))
        if entry.previous:
            table.previous[row] = dict(entry.previous)
        if entry.problem:
            table.problems[row] = entry.problem
    return table


def _form_lines(entry: PoEntry, forms: int) -> list[int]:
    """The line of each form, by index (a form the entry lacks: the line of the first)."""
    by_index = dict(zip(entry.msgstr, entry.msgstr_lines))  # both in the order written
    first = entry.msgstr_lines[0] if entry.msgstr_lines else entry.line
    return [by_index.get(n, first) for n in range(forms)]


# -- the files gettext tools write, as columns ------------------------------------------

# a quoted string on a line of its own (or after its keyword), escapes complete
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'
# a string on one line, caught without its quotes (the value itself when it holds no escape)
_ONE_LINE = r'"(?P<{}>[^"\\\n]*(?:\\.[^"\\\n]*)*)"\n(?!")'
# An entry starts with the blank lines before it and ends with its msgstr, so that the
# msgstr lines are its last. Comment lines come in gettext's order, each kind as the
# line parser reads it: "#" alone or "# text", "#." and "#:" (alone, they say nothing),
# one "#, flags" line, then the previous strings "#| msgid ...".
_SIMPLE_ENTRY = re.compile(
    rf"""(?P<entry>\n*
    (?P<comments>(?:\#(?:\ [^\n]*)?\n)*)
    (?P<extracted>(?:\#\.(?:\ [^\n]*)?\n)*)
    (?P<references>(?:\#:(?:\ [^\n]*)?\n)*)
    (?P<flags>(?:\#,\ [^\n]*\n)?)
    (?P<previous>(?:\#\|\ [^\n]*\n)*)
    (?P<msgctxt>(?:msgctxt\ (?:{_STRING})+)?)
    msgid\ (?:{_ONE_LINE.format("msgid")}|(?P<msgid_lines>(?:{_STRING})+))
    (?P<msgid_plural>(?:msgid_plural\ (?:{_STRING})+)?)
    (?:msgstr\ (?:{_ONE_LINE.format("msgstr")}|(?P<msgstr_lines>(?:{_STRING})+))
      |(?P<forms>(?:msgstr\[\d\]\ (?:{_STRING})+)+)))""",
    re.X,
)
_FORM = re.compile(rf"msgstr\[(\d)\]\ ((?:{_STRING})+)", re.X)
_GROUPS = tuple(_SIMPLE_ENTRY.groupindex)
#: characters per slice of a file read as columns
_SLICE = 1 << 18


class _NotSimple(Exception):
    """Something in the file is for the line parser to read (or to report)."""


def simple_table(text: str) -> PoTable | None:
    """The table of a file of simple entries, or None when the file is not one.

    The first entry must be the header, no other may have an empty ``msgid``
    and no context (the line parser decides what such an entry is), and
    whatever follows the simple entries must be obsolete entries.
    """
    try:
        return _SimpleFile(_normalized(text)).table()
    except _NotSimple:
        return None


def _normalized(text: str) -> str:
    """Without a byte-order mark, with ``\\n`` line ends, ending in one."""
    text = text[1:] if text.startswith("\ufeff") else text
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise _NotSimple("a carriage return that ends no line")
    return text if text.endswith("\n") else text + "\n"


class _SimpleFile:
    """One file being read as columns: its header, then the entries after it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = len(text) - len(text.lstrip("\n"))  # leading blank lines

    def table(self) -> PoTable:
        header, body = self.header()
        columns, end = self.columns(body)
        self.check_tail(end)
        entry_lines, comments, extracted, references, flags, previous, msgctxt, msgid, msgid_lines, msgid_plural, msgstr, msgstr_lines, forms = columns
        escapes = self.text.find("\\", body, end) >= 0  # (in many files, only the header has one)
        msgids = _strings(msgid, msgid_lines, escapes)
        if "" in msgids:
            raise _NotSimple("an entry with an empty msgid")
        lines = _msgstr_lines(entry_lines, msgstr_lines, forms, self.text.count("\n", 0, body) + 1)
        plurals = _plurals(msgid_plural, forms, lines)
        msgstrs = _strings(msgstr, msgstr_lines, escapes)
        for row, plural in plurals.items():
            msgstrs[row] = plural.forms[0]
        return PoTable(
            header=header,
            msgctxt=_contexts(msgctxt),
            msgid=msgids,
            msgstr=msgstrs,
            flags=_flags_of(flags),
            comments=_comment_texts(comments, 1),
            extracted=_comment_texts(extracted, 2),
            references=_reference_lines(references),
            msgstr_line=lines,
            plurals=plurals,
            previous=_previous_strings(previous),
        )

    def header(self) -> tuple[dict[str, str], int]:
        """The header's fields, and where the entries after it start."""
        match = _SIMPLE_ENTRY.match(self.text, self.start)
        if match is None or match.group("msgctxt") or match.group("msgid") != "" or match.group("forms"):
            raise _NotSimple("the file does not start with a header")
        value = match.group("msgstr")
        msgstr = _value(match.group("msgstr_lines")) if value is None or match.group("msgstr_lines") else unescaped(value)
        return parse_header(msgstr), match.end()

    def columns(self, start: int) -> tuple[list[Sequence[Any]], int]:
        """The groups of the simple entries that follow one another from ``start``, column by
        column (the whole entry as its number of lines), and where they end.

        ``findall`` gives the entries of a slice of the text in one call (slices cut at
        blank lines, so that the memory one slice's matches take serves the next); when
        what it found does not tile the slice (something else is there), the entries are
        matched one by one from the start, up to the first that is not simple.
        """
        text = self.text
        stop = len(text.rstrip("\n")) + 1  # the last line's end: blank lines after it go with no entry
        columns: list[list[Any]] = [[] for _ in _GROUPS]
        for begin, end in _slices(text, start, stop):
            found = _transposed(_SIMPLE_ENTRY.findall(text, begin, end))
            if sum(map(len, found[0])) != end - begin:
                break
            for column, values in zip(columns, _counting_lines(found)):
                column += values
        else:
            return columns, stop
        rows, end = [], start
        for match in _SIMPLE_ENTRY.finditer(text, start, stop):
            if match.start() != end:
                break
            rows.append(match.groups(""))  # as findall gives them: "" for a group not taken
            end = match.end()
        return _counting_lines(_transposed(rows)), end

    def check_tail(self, end: int) -> None:
        """What follows the simple entries must be obsolete entries (or nothing).

        It is read by the line parser as it would read it after a closed entry;
        any live entry, or anything the parser refuses, is for it to read in full.
        """
        tail = self.text[end:].lstrip("\n")
        if not tail:
            return
        if not tail.startswith("#"):
            raise _NotSimple("a string line after an entry")
        try:
            entries = parse_po(tail, "")
        except MalformedFileError as exc:  # the full read reports it, with the right line
            raise _NotSimple(str(exc)) from None
        if not all(entry.obsolete for entry in entries):
            raise _NotSimple("a live entry among obsolete ones")


def unescaped(value: str) -> str:
    """A string's value, unescaped; an escape C does not know is for the line parser to report."""
    try:
        return unescape(value)
    except ValueError:
        raise _NotSimple("an invalid escape") from None


def _value(lines: str) -> str:
    """The value of ``"abc"\\n"def"\\n`` lines: their insides joined, then unescaped."""
    return unescaped(lines[1:-2].replace('"\n"', ""))


def _contexts(column: Sequence[str]) -> list[str | None]:
    """The ``msgctxt`` of each row (as written: ``msgctxt "..."``), None where it has none (most)."""
    values: list[str | None] = [None] * len(column)
    for row in compress(count(), column):
        values[row] = _value(column[row][len("msgctxt ") :])
    return values


def _strings(one_line: Sequence[str], several_lines: Sequence[str], escapes: bool) -> list[str]:
    """The values of a column of strings: caught without quotes on one line (to unescape if
    they hold a backslash, which none does unless ``escapes``), or as written over several
    (``""`` where neither: plural entries)."""
    values = list(one_line)
    for row in compress(count(), several_lines):
        values[row] = _value(several_lines[row])
    if escapes:
        for row in compress(count(), map(str.__contains__, one_line, repeat("\\"))):
            values[row] = unescaped(one_line[row])
    return values


def _slices(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``(begin, end)`` cutting ``text[start:stop]`` about every :data:`_SLICE` characters,
    each cut at a blank line (which starts the next slice, as it starts an entry)."""
    begin = start
    while begin < stop:
        cut = text.find("\n\n", begin + _SLICE, stop)
        end = cut + 1 if cut >= 0 else stop
        yield begin, end
        begin = end


def _transposed(rows: list[tuple[str, ...]]) -> list[Sequence[str]]:
    return list(zip(*rows)) if rows else [()] * len(_GROUPS)


def _counting_lines(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """The columns with each whole entry replaced by its number of lines, all that is
    needed of it (and much smaller to keep)."""
    return [list(map(str.count, columns[0], repeat("\n"))), *columns[1:]]


def _plurals(msgid_plural: Sequence[str], forms: Sequence[str], lines: Sequence[int]) -> dict[int, PluralForms]:
    """The plural rows (``msgid_plural`` and ``msgstr[n]`` forms numbered from 0, in order)."""
    plurals = {}
    for row in compress(count(), msgid_plural):
        found = list(_FORM.finditer(forms[row]))
        if not found or [int(form.group(1)) for form in found] != list(range(len(found))):
            raise _NotSimple("plural forms out of order")
        plurals[row] = PluralForms(
            _value(msgid_plural[row][len("msgid_plural ") :]),
            [_value(form.group(2)) for form in found],
            [lines[row] + forms[row].count("\n", 0, form.start()) for form in found],
        )
    if sum(map(bool, forms)) != len(plurals):
        raise _NotSimple("plural forms without msgid_plural")
    return plurals


def _flags_of(lines: Sequence[str]) -> list[tuple[str, ...]]:
    """The flags of each ``#,`` line (or ``""``), each distinct line parsed once."""
    parsed = {line: tuple(flag.strip() for flag in line[3:].split(",") if flag.strip()) for line in set(lines)}
    return list(map(parsed.__getitem__, lines))


def _comment_texts(blocks: Sequence[str], mark: int) -> list[str]:
    """Each row's comment lines of one kind without their ``mark`` characters and the space
    after, joined by line breaks; most rows have none. A translator comment ``"#"`` alone
    gives ``""``; other kinds of comment say nothing without text."""
    texts = [""] * len(blocks)
    for row in compress(count(), blocks):
        lines = blocks[row][:-1].split("\n")
        if mark == 1:
            texts[row] = "\n".join(map(_translator, lines))
        else:
            texts[row] = "\n".join(text for line in lines if (text := line[mark + 1 :].rstrip()))
    return texts


#: how a ``#:`` line ends that the line parser gives otherwise than as written
_ODD_REFERENCE_ENDS = ("#:\n", " \n", "\t\n")


def _reference_lines(blocks: Sequence[str]) -> list[str]:
    """The ``#:`` lines of each row as written (as the line parser gives them: without
    trailing spaces, and without the lines that hold no reference)."""
    lines = list(blocks)
    joined = "".join(blocks)  # (most files have none of these lines: one search says so)
    if not any(end in joined for end in _ODD_REFERENCE_ENDS):
        return lines
    odd = (map(str.__contains__, blocks, repeat(end)) for end in _ODD_REFERENCE_ENDS)
    for row in compress(count(), map(any, zip(*odd))):
        texts = (line[3:].rstrip() for line in blocks[row][:-1].split("\n"))
        lines[row] = "".join(f"#: {text}\n" for text in texts if text)
    return lines


def _previous_strings(blocks: Sequence[str]) -> dict[int, dict[str, str]]:
    """The ``#|`` strings of the rows that have them, by keyword, read as the line parser
    reads them (a string line continues the keyword before it)."""
    previous: dict[int, dict[str, str]] = {}
    for row in compress(count(), blocks):
        fields: dict[str, str] = {}
        keyword = None
        for line in blocks[row][:-1].split("\n"):
            rest = line[3:].strip()
            if rest.startswith('"') and keyword is not None:
                fields[keyword] += _quoted(rest)
                continue
            keyword, _, value = rest.partition(" ")
            if keyword not in ("msgctxt", "msgid", "msgid_plural"):
                raise _NotSimple("a previous string the line parser reports")
            fields[keyword] = _quoted(value.strip())
        previous[row] = fields
    return previous


def _quoted(token: str) -> str:
    """The value of one quoted string as written on a line."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or _BARE_QUOTE.search(token[1:-1]):
        raise _NotSimple("a string the line parser reports")
    return unescaped(token[1:-1])


# a double quote not preceded by an odd number of backslashes
_BARE_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')


def _translator(line: str) -> str:
    """A translator comment's text: after the ``#`` and one space, without trailing spaces."""
    return line[2:].rstrip() if line.startswith("# ") else line[1:].rstrip()


def _msgstr_lines(entry_lines: Sequence[int], msgstrs: Sequence[str], forms: Sequence[str], first_line: int) -> list[int]:
    """The line of each entry's (first) ``msgstr``: the msgstr lines end the entry, so it is
    where the next entry starts, less those lines (one for a string caught on one)."""
    ends = list(accumulate(entry_lines, initial=first_line))[1:]
    lines = list(map(sub, ends, repeat(1)))
    for column in (msgstrs, forms):  # strings and forms over several lines: the few others
        for row in compress(count(), column):
            lines[row] = ends[row] - column[row].count("\n")
    return lines
