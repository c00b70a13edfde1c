"""The fast PO readers of the QA stage: what polib reads, at a fraction of the cost.

polib builds a full object model (entries, occurrences, wrapping) and costs about
16 us per entry; QA reads every entry once and needs a few fields of each. The
readers here follow polib's grammar and give the same entries:

- :func:`read_simple` takes files made only of entries as gettext tools write
  them, without plural forms (and obsolete entries at the end), as columns: one
  regular-expression match per entry, no object per entry;

- the block reader matches whole entries with one regular expression each, as
  gettext tools write them (comment lines, keywords at the start of their
  lines, strings exactly quoted, blank lines between entries), and stops at
  the first thing it does not expect (previous strings ``#|``, obsolete
  entries ``#~``, stray spaces...);
- :func:`scan_lines` is polib's state machine line by line (the same states and
  transitions, the same unescaping); it reads on from where the block reader
  stopped, and gives up on anything polib would reject or treat as an oddity.

A file they all give up on is read by polib itself (``locflow.pipeline.qa_po``),
which is the reference: the tests compare them on every PO file we have.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from typing import Any
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import sub

import polib

__all__ = ["PoEntry", "PoSyntax", "SimplePo", "decode_po", "read_simple", "scan_po", "scan_text", "scan_entries", "scan_lines"]


class PoSyntax(Exception):
    """The fast reader met something it leaves to polib (an error or an oddity)."""


class PoEntry:
    """The fields of a PO entry that QA reads, named as in :class:`polib.POEntry`."""

    __slots__ = ("linenum", "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags", "tcomment", "comment", "obsolete")

    def __init__(self, linenum: int) -> None:
        self.linenum = linenum
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural = ""
        self.msgstr = ""
        self.msgstr_plural: dict[int, str] = {}
        self.flags: list[str] = []
        self.tcomment = ""
        self.comment = ""
        self.obsolete = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def translated(self) -> bool:
        """As :meth:`polib.POEntry.translated`."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgstr != "":
            return True
        return bool(self.msgstr_plural) and all(form != "" for form in self.msgstr_plural.values())


#: polib's states: which may precede each kind of line (a line in any other state is an error)
_ANY_STATE = frozenset({"st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"})
_ALLOWED_BEFORE = {
    "tc": frozenset({"gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi"}),
    "ct": frozenset({"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mi": frozenset({"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}),
    "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}),
    "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
    "gc": _ANY_STATE,
    "oc": _ANY_STATE,
    "fl": _ANY_STATE,
    "pc": _ANY_STATE,
    "pm": _ANY_STATE,
    "pp": _ANY_STATE,
}
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS_KEYWORDS = {"msgid_plural": "pp", "msgid": "pm", "msgctxt": "pc"}
_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')
_CHARSET = re.compile(rb'"?Content-Type:.+? charset=([\w_\-:\.]+)')


def _po_encoding(data: bytes) -> str:
    """The charset of the Content-Type header, found as polib finds it (else UTF-8)."""
    position = 0
    while (found := _CHARSET.search(data, position)) is not None:
        name = found.group(1).strip().decode("utf-8")
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            end = data.find(b"\n", found.start())
            if end < 0:
                break
            position = end + 1
    return polib.default_encoding


def _string(token: str) -> str:
    """A quoted PO string without its quotes, unescaped (polib's rules)."""
    inner = token[1:-1]
    if '"' in inner and _UNESCAPED_QUOTE.search(inner):
        raise PoSyntax("unescaped double quote")
    return polib.unescape(inner) if "\\" in inner else inner


class _LineScanner:
    """polib's state machine over lines, keeping only what QA reads."""

    def __init__(self) -> None:
        self.entries: list[PoEntry] = []
        self.entry = PoEntry(0)
        self.state = "st"
        self.plural_index = 0
        #: line numbers of the lines starting with ``msgstr`` (as written, not stripped)
        self.msgstr_lines: list[int] = []

    def resume(self, entries: list[PoEntry], msgstr_lines: list[int], plural_index: int) -> None:
        """Go on after ``entries`` read elsewhere, as if the lines up to the last one's
        ``msgstr`` had been scanned (that entry stays open: a string line may follow)."""
        self.entries, self.entry = entries[:-1], entries[-1]
        self.msgstr_lines = msgstr_lines
        self.state = "mx" if self.entry.msgstr_plural else "ms"
        self.plural_index = plural_index

    def scan(self, text: str, first_line: int = 1) -> None:
        last_is_comment = self.state in ("st", "he")
        for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), first_line):
            if raw.startswith("msgstr"):
                self.msgstr_lines.append(number)
            if number == 1 and raw.startswith("\ufeff"):
                raw = raw[1:]
            line = raw.strip()
            if not line:
                continue
            obsolete = False
            if line.startswith("#~"):
                head = line.split(None, 1)[0]
                if head == "#~|":
                    last_is_comment = True
                    continue
                if head != "#~" or line == "#~":
                    raise PoSyntax(line)
                line = line[3:].strip()
                if line.startswith("#"):
                    raise PoSyntax(line)
                obsolete = True
            first = line[0]
            last_is_comment = first == "#"
            if first == "m":
                self.keyword(line, number, obsolete)
            elif first == "#":
                self.comment(line, number)
            elif first == '"':
                self.continuation(_string(line))
            else:
                raise PoSyntax(line)
        if not last_is_comment:
            self.entries.append(self.entry)

    def move(self, symbol: str, number: int) -> None:
        """Enter the state of ``symbol``; a new entry starts after a ``msgstr``."""
        if self.state not in _ALLOWED_BEFORE[symbol]:
            raise PoSyntax(symbol)
        if self.state in ("ms", "mx") and symbol not in ("mp", "ms", "mx"):
            self.entries.append(self.entry)
            self.entry = PoEntry(number)
        self.state = symbol

    def keyword(self, line: str, number: int, obsolete: bool) -> None:
        parts = line.split(None, 1)
        symbol = _KEYWORDS.get(parts[0])
        if symbol is not None and len(parts) > 1:
            value = _string(parts[1])
            self.move(symbol, number)
            entry = self.entry
            if symbol == "mi":
                entry.obsolete = obsolete
                entry.msgid = value
            elif symbol == "ms":
                entry.msgstr = value
            elif symbol == "ct":
                entry.msgctxt = value
            else:
                entry.msgid_plural = value
        elif line.startswith("msgstr[") and line[8:9] == "]" and line[7].isdigit() and '"' in line:
            self.move("mx", number)
            self.plural_index = int(line[7])
            value = line[line.find('"') + 1 : -1]
            self.entry.msgstr_plural[self.plural_index] = polib.unescape(value) if "\\" in value else value
        else:
            raise PoSyntax(line)

    def continuation(self, value: str) -> None:
        state = self.state
        if state not in _ALLOWED_BEFORE["mc"]:
            raise PoSyntax(state)
        entry = self.entry
        if state == "ms":
            entry.msgstr += value
        elif state == "mi":
            entry.msgid += value
        elif state == "mx":
            entry.msgstr_plural[self.plural_index] += value
        elif state == "ct":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif state == "mp":
            entry.msgid_plural += value
        # continuations of previous strings (#| ...) are not kept

    def comment(self, line: str, number: int) -> None:
        if line.startswith("#: "):  # the most common comment: references, which QA does not keep
            self.move("oc", number)
            return
        tokens = line.split(None, 2)
        head = tokens[0]
        if head in ("#:", "#,", "#.") and len(tokens) <= 1:
            return
        if head == "#:":
            self.move("oc", number)
        elif head == "#,":
            self.move("fl", number)
            self.entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif head == "#" or head.startswith("##"):
            self.translator_comment(line, number)
        elif head == "#.":
            self.move("gc", number)
            entry = self.entry
            entry.comment = entry.comment + "\n" + line[3:] if entry.comment != "" else line[3:]
        elif head == "#|":
            self.previous(line, tokens, number)
        else:
            raise PoSyntax(line)

    def translator_comment(self, line: str, number: int) -> None:
        if self.state in ("st", "he"):  # comments before the first entry: the file's header
            self.state = "he"
            return
        self.move("tc", number)
        text = (line if line != "#" else "# ").lstrip("#")
        text = text[1:] if text.startswith(" ") else text
        entry = self.entry
        entry.tcomment = entry.tcomment + "\n" + text if entry.tcomment != "" else text

    def previous(self, line: str, tokens: list[str], number: int) -> None:
        if len(tokens) <= 1:
            raise PoSyntax(line)
        rest = line[2:].lstrip()
        if tokens[1].startswith('"'):
            # polib appends a "#|" string to whatever string is open, even msgid
            self.continuation(polib.unescape(rest[1:-1]))
            return
        symbol = _PREVIOUS_KEYWORDS.get(tokens[1]) if len(tokens) > 2 else None
        if symbol is None:
            raise PoSyntax(line)
        self.move(symbol, number)


def _header_entry(entries: list[PoEntry]) -> PoEntry | None:
    """The entry polib takes for the header: of several ``msgid ""``, the last without context."""
    matches = [e for e in entries if not e.obsolete and e.msgid == ""]
    if len(matches) <= 1:
        return matches[0] if matches else None
    return next((e for e in reversed(matches) if not e.msgctxt), matches[0])


def decode_po(data: bytes) -> str:
    """The text of a PO file, decoded as its Content-Type says (``UnicodeDecodeError``,
    ``LookupError`` when it cannot be)."""
    return data.decode(_po_encoding(data))


def scan_po(data: bytes) -> tuple[list[PoEntry], dict[str, str], list[int]]:
    """:func:`scan_text` of the decoded file."""
    return scan_text(decode_po(data))


def scan_text(text: str) -> tuple[list[PoEntry], dict[str, str], list[int]]:
    """Entries (header removed), metadata and ``msgstr`` line numbers, as polib reads them.

    Raises :class:`PoSyntax` for a file to leave to polib.
    """
    entries, msgstr_lines = scan_entries(text)
    header = _header_entry(entries)
    if header is None:
        return entries, {}, msgstr_lines
    entries.remove(header)
    return entries, _metadata(header), msgstr_lines


def _metadata(header: PoEntry) -> dict[str, str]:
    """The header's ``Key: value`` lines (a line without a colon continues the value above)."""
    metadata: dict[str, str] = {}
    key = None
    for line in header.msgstr.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def scan_lines(text: str) -> tuple[list[PoEntry], list[int]]:
    """Entries (header included) and ``msgstr`` line numbers, read line by line."""
    scanner = _LineScanner()
    scanner.scan(text)
    return scanner.entries, scanner.msgstr_lines


def _normalized(text: str) -> str:
    """Without a byte-order mark, with ``\\n`` line ends, ending in one (as the readers expect)."""
    text = text[1:] if text.startswith("\ufeff") else text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def scan_entries(text: str) -> tuple[list[PoEntry], list[int]]:
    """Entries (header included) and ``msgstr`` line numbers: by blocks, then by lines."""
    text = _normalized(text)
    blocks = _Blocks(text)
    blocks.read()
    if blocks.pos == len(text):
        return blocks.entries, blocks.msgstr_lines
    scanner = _LineScanner()
    if blocks.entries:
        scanner.resume(blocks.entries, blocks.msgstr_lines, blocks.plural_index)
    scanner.scan(text[blocks.pos :], first_line=blocks.line)
    return scanner.entries, scanner.msgstr_lines


# -- whole entries at a time ----------------------------------------------------------

# a quoted string on a line of its own (or after its keyword), escapes complete
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'
_ENTRY = re.compile(
    rf"""(?P<comments>(?:\#[^\n]*\n)*)
    (?:msgctxt\ (?P<msgctxt>(?:{_STRING})+))?
    msgid\ (?P<msgid>(?:{_STRING})+)
    (?:msgid_plural\ (?P<msgid_plural>(?:{_STRING})+)(?P<forms>(?:msgstr\[\d\]\ (?:{_STRING})+)+)
      |msgstr\ (?P<msgstr>(?:{_STRING})+))
    \n*""",
    re.X,
)
_FORM = re.compile(rf"msgstr\[(\d)\]\ ((?:{_STRING})+)", re.X)


def _value(lines: str) -> str:
    """The string of ``"abc"\\n"def"\\n`` lines: their insides joined, then unescaped."""
    inside = lines[1:-2].replace('"\n"', "")
    return polib.unescape(inside) if "\\" in inside else inside


class _Blocks:
    """Reads entries one regular-expression match at a time, from the top, while it can.

    ``pos`` and ``line`` say where it stopped; every entry read is in ``entries``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        body = text.lstrip("\n")
        self.pos = len(text) - len(body)
        self.line = 1 + self.pos
        self.entries: list[PoEntry] = []
        self.msgstr_lines: list[int] = []
        #: the index of the last ``msgstr[n]`` read (a continuation line would extend it)
        self.plural_index = 0

    def read(self, limit: int | None = None) -> None:
        """Read entries while they match (``limit``: at most that many)."""
        text = self.text
        while self.pos < len(text) and (limit is None or len(self.entries) < limit):
            match = _ENTRY.match(text, self.pos)
            if match is None:
                return
            try:
                self.entries.append(self.entry(match))
            except PoSyntax:
                return
            self.line += text.count("\n", self.pos, match.end())
            self.pos = match.end()

    def entry(self, match: re.Match[str]) -> PoEntry:
        """The entry of one match (raises :class:`PoSyntax` before recording anything)."""
        text, start, line, first = self.text, match.start(), self.line, not self.entries
        entry = PoEntry(0)
        comments = match.group("comments")
        moved = _comments(comments, entry, header=first) if comments else None
        if not first:
            entry.linenum = line + (moved if moved is not None else comments.count("\n"))
        forms = match.group("forms")
        plurals = list(_FORM.finditer(forms)) if forms is not None else []
        if [int(form.group(1)) for form in plurals] != list(range(len(plurals))):
            raise PoSyntax("plural forms out of order")
        msgctxt = match.group("msgctxt")
        if msgctxt is not None:
            entry.msgctxt = _value(msgctxt)
        entry.msgid = _value(match.group("msgid"))
        if forms is None:
            entry.msgstr = _value(match.group("msgstr"))
            self.msgstr_lines.append(line + text.count("\n", start, match.start("msgstr")))
            return entry
        entry.msgid_plural = _value(match.group("msgid_plural"))
        forms_line = line + text.count("\n", start, match.start("forms"))
        for index, form in enumerate(plurals):
            entry.msgstr_plural[index] = _value(form.group(2))
            self.msgstr_lines.append(forms_line + forms.count("\n", 0, form.start()))
        self.plural_index = len(plurals) - 1
        return entry


def _comments(block: str, entry: PoEntry, *, header: bool) -> int | None:
    """Apply an entry's comment lines as :class:`_LineScanner` does.

    Returns the offset of the first line that starts the entry (None if none
    does: ``#,`` alone is ignored). Before any such line, translator comments
    at the top of the file are the file's own (``header``) and are skipped.
    """
    moved = None
    for offset, raw in enumerate(block[:-1].split("\n")):
        line = raw.strip()
        if line.startswith("#: "):
            moved = offset if moved is None else moved
            continue
        tokens = line.split(None, 2)
        head = tokens[0]
        if head in ("#:", "#,", "#.") and len(tokens) <= 1:
            continue
        if head == "#" or head.startswith("##"):
            if header and moved is None:
                continue
            text = (line if line != "#" else "# ").lstrip("#")
            text = text[1:] if text.startswith(" ") else text
            entry.tcomment = entry.tcomment + "\n" + text if entry.tcomment != "" else text
        elif head == "#,":
            entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif head == "#.":
            entry.comment = entry.comment + "\n" + line[3:] if entry.comment != "" else line[3:]
        elif head != "#:":
            raise PoSyntax(line)  # previous strings (#|), obsolete entries (#~), oddities
        moved = offset if moved is None else moved
    return moved


# -- files of simple entries, as columns -------------------------------------------------

# the comment lines in gettext's order, each kind as the line scanner reads it
# (extracted comments with text: "#." alone is a line polib ignores). An entry starts
# with the blank lines before it and ends with its msgstr, so that the msgstr lines
# are the last of the entry. A string on one line is caught without its quotes (the
# value itself, if it holds no escape); one on several lines as written.
_ONE_LINE = r'"(?P<{}>[^"\\\n]*(?:\\.[^"\\\n]*)*)"\n(?!")'
_SIMPLE_ENTRY = re.compile(
    rf"""(?P<entry>\n*
    (?P<comments>(?:\#(?:\ [^\n]*)?\n)*(?:\#\.\ \S[^\n]*\n)*)
    (?:\#:\ [^\n]*\n)*
    (?P<flags>(?:\#,\ [^\n]*\n)?)
    (?P<msgctxt>(?:msgctxt\ (?:{_STRING})+)?)
    msgid\ (?:{_ONE_LINE.format("msgid")}|(?P<msgid_lines>(?:{_STRING})+))
    (?P<msgid_plural>(?:msgid_plural\ (?:{_STRING})+)?)
    (?:msgstr\ (?:{_ONE_LINE.format("msgstr")}|(?P<msgstr_lines>(?:{_STRING})+))
      |(?P<forms>(?:msgstr\[\d\]\ (?:{_STRING})+)+)))""",
    re.X,
)


@dataclass(frozen=True)
class PluralForms:
    """What a plural entry adds to the columns: its ``msgid_plural``, forms and their lines."""

    msgid_plural: str
    forms: list[str]
    lines: list[int]


@dataclass(frozen=True)
class SimplePo:
    """A file of simple entries: the header's metadata, then each entry's fields as columns.

    The fields are those of :class:`PoEntry` (``msgctxt`` None when there is none,
    ``msgstr`` ``""`` in a plural entry); ``msgstr_lines`` gives the line of each
    entry's (first) ``msgstr``; ``plurals`` the rest of each plural entry, by row.
    """

    metadata: dict[str, str]
    msgctxt: list[str | None]
    msgid: list[str]
    msgstr: list[str]
    flags: list[tuple[str, ...]]
    tcomment: list[str]
    comment: list[str]
    msgstr_lines: list[int]
    plurals: dict[int, PluralForms]

    def entry(self, row: int) -> PoEntry:
        """One row as a :class:`PoEntry` (for the few that need one: plural entries)."""
        entry = PoEntry(self.msgstr_lines[row])
        entry.msgctxt, entry.msgid, entry.msgstr = self.msgctxt[row], self.msgid[row], self.msgstr[row]
        entry.flags, entry.tcomment, entry.comment = list(self.flags[row]), self.tcomment[row], self.comment[row]
        plural = self.plurals.get(row)
        if plural is not None:
            entry.msgid_plural = plural.msgid_plural
            entry.msgstr_plural = dict(enumerate(plural.forms))
        return entry


def read_simple(text: str) -> SimplePo | None:
    """The file as a :class:`SimplePo`, or None when it is not made of simple entries.

    The first entry must be the header (read by the block reader, as it starts the
    file's state), no other entry may have an empty ``msgid`` (polib could take it for
    the header), and whatever follows the simple entries must be obsolete entries.
    """
    text = _normalized(text)
    blocks = _Blocks(text)
    blocks.read(limit=1)
    if not blocks.entries or blocks.entries[0].msgid != "" or blocks.entries[0].msgctxt is not None:
        return None
    columns, end = _simple_columns(text, blocks.pos)
    if text[end:].strip("\n") and not _only_obsolete(text[end:].lstrip("\n")):
        return None
    entry_lines, comment_lines, flag_lines, msgctxt, msgid, msgid_lines, msgid_plural, msgstr, msgstr_lines, forms = columns
    escapes = text.find("\\", blocks.pos, end) >= 0  # (in many files, only the header has one)
    msgids = _strings(msgid, msgid_lines, escapes)
    lines = _msgstr_lines(entry_lines, msgstr_lines, forms, blocks.line)
    plurals = _plurals(msgid_plural, forms, lines)
    if "" in msgids or plurals is None:
        return None
    comments = _comments_of(comment_lines)
    return SimplePo(
        metadata=_metadata(blocks.entries[0]),
        msgctxt=_contexts(msgctxt),
        msgid=msgids,
        msgstr=_strings(msgstr, msgstr_lines, escapes),
        flags=_flags_of(flag_lines),
        tcomment=comments[0],
        comment=comments[1],
        msgstr_lines=lines,
        plurals=plurals,
    )


def _contexts(column: Sequence[str]) -> list[str | None]:
    """The ``msgctxt`` of each row (as written: ``msgctxt "..."``), None where it has none (most)."""
    values: list[str | None] = [None] * len(column)
    for row in compress(count(), column):
        values[row] = _value(column[row][len("msgctxt ") :])
    return values


def _strings(one_line: Sequence[str], several_lines: Sequence[str], escapes: bool) -> list[str]:
    """The values of a column of strings: caught without quotes on one line (to unescape
    if they hold a backslash, which none does unless ``escapes``), or as written over
    several (``""`` where neither: plurals)."""
    values = list(one_line)
    for row in compress(count(), several_lines):
        values[row] = _value(several_lines[row])
    if escapes and any(map(str.__contains__, one_line, repeat("\\"))):
        for row in compress(count(), map(str.__contains__, one_line, repeat("\\"))):
            values[row] = polib.unescape(one_line[row])
    return values


def _simple_columns(text: str, start: int) -> tuple[list[Sequence[Any]], int]:
    """The groups of the simple entries that follow one another from ``start``, column by
    column (the whole entry as its number of lines), and where they end.

    ``findall`` gives the entries of a slice of the text in one call (slices cut at
    blank lines, so that the memory one slice's matches take serves the next); when
    what it found does not add up to the slice (something else is there), the
    entries are matched one by one from the start.
    """
    stop = len(text.rstrip("\n")) + 1  # the last line's end: blank lines after it go with no entry
    columns: list[list[Any]] = [[] for _ in _SIMPLE_ENTRY.groupindex]
    for begin, end in _slices(text, start, stop):
        found = _transposed(_SIMPLE_ENTRY.findall(text, begin, end))
        if sum(map(len, found[0])) != end - begin:
            break  # the matches do not tile the slice
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


def _counting_lines(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """The columns with each whole entry replaced by its number of lines, all that is
    needed of it (and much smaller to keep)."""
    return [list(map(str.count, columns[0], repeat("\n"))), *columns[1:]]


#: characters per slice of a file read as columns
_SLICE = 1 << 18


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
    return list(zip(*rows)) if rows else [()] * len(_SIMPLE_ENTRY.groupindex)


def _plurals(msgid_plural: Sequence[str], forms: Sequence[str], lines: Sequence[int]) -> dict[int, PluralForms] | None:
    """The plural rows (``msgid_plural`` and ``msgstr[n]`` forms numbered from 0, in order);
    None when a row has one without the other, which is for the line scanner to read."""
    plurals = {}
    for row in compress(count(), msgid_plural):
        found = list(_FORM.finditer(forms[row]))
        if not found or [int(form.group(1)) for form in found] != list(range(len(found))):
            return None
        plurals[row] = PluralForms(
            _value(msgid_plural[row][len("msgid_plural ") :]),
            [_value(form.group(2)) for form in found],
            [lines[row] + forms[row].count("\n", 0, form.start()) for form in found],
        )
    if sum(map(bool, forms)) != len(plurals):
        return None
    return plurals


def _flags_of(lines: Sequence[str]) -> list[tuple[str, ...]]:
    """The flags of each ``#,`` line (or ``""``), each distinct line parsed once."""
    parsed = {}
    for line in set(lines):
        entry = PoEntry(0)
        if line:
            _comments(line, entry, header=False)
        parsed[line] = tuple(entry.flags)
    return list(map(parsed.__getitem__, lines))


def _comments_of(blocks: Sequence[str]) -> tuple[list[str], list[str]]:
    """(translator comments, extracted comments) of each entry, most of which have none."""
    tcomments, comments = [""] * len(blocks), [""] * len(blocks)
    for index in compress(count(), blocks):
        entry = PoEntry(0)
        _comments(blocks[index], entry, header=False)
        tcomments[index], comments[index] = entry.tcomment, entry.comment
    return tcomments, comments


def _msgstr_lines(entry_lines: Sequence[int], msgstrs: Sequence[str], forms: Sequence[str], first_line: int) -> list[int]:
    """The line of each entry's (first) ``msgstr``: the msgstr lines end the entry, so it
    is where the next entry starts, less those lines (one for a string caught on one)."""
    ends = list(accumulate(entry_lines, initial=first_line))[1:]
    lines = list(map(sub, ends, repeat(1)))
    for column in (msgstrs, forms):  # strings and forms over several lines: the few others
        for row in compress(count(), column):
            lines[row] = ends[row] - column[row].count("\n")
    return lines


def _only_obsolete(tail: str) -> bool:
    """Whether ``tail``, which follows an entry, holds only obsolete entries (and comments).

    The line scanner reads it as it would after that entry: the entry must be closed
    by the tail's first line (not extended, not dropped), and any entry after it that
    is not obsolete, any ``msgstr`` line, or anything the scanner refuses, means no.
    """
    if not tail.startswith("#"):
        return False  # a string line would extend the entry before
    before = PoEntry(0)
    scanner = _LineScanner()
    scanner.resume([before], [], 0)
    try:
        scanner.scan(tail)
    except PoSyntax:
        return False
    entries = scanner.entries
    return bool(entries) and entries[0] is before and not scanner.msgstr_lines and all(e.obsolete for e in entries[1:])
