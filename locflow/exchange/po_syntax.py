"""The PO file syntax: quoting, decoding, and the line parser that defines what a PO file holds.

locflow reads PO itself rather than through polib or Babel because the
import and the QA stage need what those do not keep: the line of each
``msgstr`` (for error reports and findings), the raw extracted-comment lines
(marker declarations), the previous ``#|`` fields, and errors that name file
and line. The grammar is GNU gettext's: comments, then ``msgctxt``/``msgid``/
``msgid_plural``/``msgstr``/``msgstr[n]``, strings continued on following
lines, obsolete entries under ``#~``. Where gettext and polib agree, this
parser reads what polib reads (the tests compare both on every PO file of the
corpus); it also reads what polib cannot (a ``msgstr[n]`` whose string is on
the next line, ``domain`` lines).

:func:`parse_po` is the reference reader, one line at a time;
:mod:`locflow.exchange.po_table` reads the files gettext tools write many
times faster and falls back to it for anything else.
"""

from __future__ import annotations

import codecs
import re
from os import PathLike

from locflow.model.errors import MalformedFileError

__all__ = ["PoEntry", "parse_po", "decode_po", "quote_lines", "parse_header", "unescape", "parse_references"]

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?![\w\[])\s*(".*)?$')
_ESCAPE = re.compile(r'\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)')
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_QUOTE = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
)
#: a string needs quoting only where it holds one of these (most hold none: str.translate
#: with a mapping costs a Python-level lookup per character, a pattern search does not)
_TO_QUOTE = re.compile('[\\\\"\n\t\r\b\f\v]')
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:\-]+)")
_REFERENCE = re.compile("\u2068([^\u2069]*)\u2069|(\\S+)")


class PoEntry:
    """One entry as written.

    ``msgstr`` holds the forms by index (0 alone for a non-plural entry) and
    ``msgstr_lines`` the line of each ``msgstr``/``msgstr[n]`` keyword, in the
    order written. ``extracted`` and ``comments`` are the ``#.`` and ``#``
    lines without their marks; ``reference_lines`` the ``#:`` lines (see
    :attr:`references`); ``previous`` the ``#|`` fields by keyword.
    ``problem`` names what the import should reject the entry for (a
    ``msgid`` without ``msgstr``), the file being readable otherwise.
    """

    __slots__ = (
        "line", "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_lines", "flags", "extracted",
        "comments", "reference_lines", "previous", "obsolete", "problem",
    )  # fmt: skip

    def __init__(self, line: int) -> None:
        self.line = line
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}
        self.msgstr_lines: list[int] = []
        self.flags: list[str] = []
        self.extracted: list[str] = []
        self.comments: list[str] = []
        self.reference_lines: list[str] = []
        self.previous: dict[str, str] = {}
        self.obsolete = False
        self.problem = ""

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def msgstr_line(self) -> int | None:
        """The line of the first ``msgstr``."""
        return self.msgstr_lines[0] if self.msgstr_lines else None

    @property
    def references(self) -> list[str]:
        """The ``#:`` references (``file:line``; a name with spaces is isolated by U+2068/U+2069)."""
        return parse_references("\n".join(self.reference_lines))


def parse_references(lines: str) -> list[str]:
    """The references of ``#:`` lines (their text without the mark)."""
    return [match.group(1) or match.group(2) for match in _REFERENCE.finditer(lines)]


def decode_po(data: bytes, path: str | PathLike[str]) -> str:
    """Decode with the charset the header declares (UTF-8 when it declares none or ``CHARSET``).

    A byte order mark wins over the header (some tools write UTF-16 PO files).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    else:
        found = _CHARSET.search(data[:4096])
        encoding = found.group(1).decode("ascii") if found else "utf-8"
        if encoding.upper() == "CHARSET":
            encoding = "utf-8"
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise MalformedFileError(f"unknown charset {encoding!r} in the header", path=path) from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MalformedFileError(f"not valid {encoding}: {exc.reason}", path=path, line=line) from exc


def quote_lines(keyword: str, value: str) -> list[str]:
    """``msgid "..."`` lines; a value with inner line breaks is split after each, gettext style."""
    if "\n" not in value[:-1]:
        return [f'{keyword} "{_quoted(value)}"']
    pieces = value.split("\n")
    chunks = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    return [f'{keyword} ""'] + [f'"{_quoted(chunk)}"' for chunk in chunks]


def _quoted(text: str) -> str:
    """The inside of a quoted PO string: ``text`` with C escapes."""
    return text.translate(_QUOTE) if _TO_QUOTE.search(text) else text


def parse_header(msgstr: str) -> dict[str, str]:
    """``Key: value`` lines of the header entry."""
    out: dict[str, str] = {}
    for line in msgstr.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            out[key.strip()] = value.strip()
    return out


def unescape(body: str) -> str:
    """The value of a quoted string's inside (``ValueError`` for an escape C does not know)."""
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_unescape_one, body)


def _unescape_one(match: re.Match[str]) -> str:
    token = match.group(1)
    if token in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[token]
    if token[0] == "x" and len(token) > 1:
        return chr(int(token[1:], 16))
    if token[0] in "01234567":
        return chr(int(token, 8))
    raise ValueError(f"invalid escape sequence \\{token}")


class _Parser:
    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = path
        self.entries: list[PoEntry] = []
        self.entry = PoEntry(line=1)
        self.target: tuple[str, int | None] | None = None  # the field continuation lines extend
        self.lineno = 0
        self.started = False  # whether the current entry has seen a line yet
        self.at_top = True  # no line but translator comments read yet: those are the file's own

    def begin(self) -> None:
        """Note the line an entry starts on (its first comment or keyword)."""
        if not self.started:
            self.entry.line = self.lineno
            self.started = True

    def fail(self, message: str) -> MalformedFileError:
        return MalformedFileError(message, path=self.path, line=self.lineno)

    def finish(self) -> None:
        entry = self.entry
        if entry.msgid is not None:
            if not entry.msgstr:  # tools read on; the import rejects just this entry
                entry.problem = "msgid without msgstr"
                entry.msgstr = {0: ""}
                entry.msgstr_lines = [entry.line]
            self.entries.append(entry)
        self.entry = PoEntry(line=self.lineno)
        self.target = None
        self.started = False

    def feed(self, raw: str) -> None:
        line = raw.strip()
        if not line:
            if self.entry.msgid is not None:
                self.finish()
            return
        obsolete = line.startswith("#~")
        if obsolete != self.entry.obsolete and self.entry.msgstr:
            self.finish()  # an obsolete entry right after a live one, or the reverse
        if obsolete:
            self.at_top = False
            self.entry.obsolete = True
            line = line[2:].lstrip()
            if line.startswith("|"):
                self.previous(line[1:].strip())
            elif line and not line.startswith("#"):
                self.keyword_or_string(line)
            return
        if line.startswith("#"):
            if self.entry.msgstr:  # comments start the next entry
                self.finish()
            self.comment(line)
            return
        self.at_top = False
        if line.startswith("domain ") or line == "domain":
            self.finish()  # a gettext domain directive: entries go on as before
            return
        self.keyword_or_string(line)

    def comment(self, line: str) -> None:
        kind, text = line[1:2], line[2:]
        if self.at_top and kind not in ".,:|":
            return  # the comments that open the file are about the file (polib: the header's)
        self.at_top = False
        self.begin()
        text = text[1:] if text.startswith(" ") else text
        if kind == ",":
            self.entry.flags.extend(flag.strip() for flag in text.split(",") if flag.strip())
        elif kind == ".":
            if text:  # an empty "#." line says nothing (polib drops it too)
                self.entry.extracted.append(text)
        elif kind == ":":
            if text:
                self.entry.reference_lines.append(text)
        elif kind == "|":
            self.previous(line[2:].strip())
        else:
            body = line[1:]
            self.entry.comments.append(body[1:] if body.startswith(" ") else body)

    def previous(self, rest: str) -> None:
        self.begin()
        if rest.startswith('"'):
            if self.target is None or not self.target[0].startswith("previous_"):
                raise self.fail("a continued string with nothing to continue")
            field_name = self.target[0][len("previous_") :]
            self.entry.previous[field_name] += self.unquote(rest)
            return
        keyword, _, value = rest.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail(f"unexpected previous-value line {rest!r}")
        self.entry.previous[keyword] = self.unquote(value.strip())
        self.target = ("previous_" + keyword, None)

    def keyword_or_string(self, line: str) -> None:
        if line.startswith('"'):
            self.continue_string(self.unquote(line))
            return
        match = _KEYWORD.match(line)
        if match is None:
            raise self.fail(f"unexpected line {line[:40]!r}")
        # gettext allows the string on the next line: "msgstr[0]" then "\"...\"".
        keyword, index = match.group(1), match.group(2)
        value = self.unquote(match.group(3)) if match.group(3) else ""
        entry = self.entry
        if keyword in ("msgctxt", "msgid") and (
            entry.msgstr or (entry.msgid is not None and (keyword == "msgctxt" or entry.msgid_plural is not None))
        ):
            obsolete = entry.obsolete
            self.finish()
            self.entry.obsolete = obsolete  # the line that ended it is of the same kind (see feed)
            entry = self.entry
        self.begin()
        if keyword == "msgctxt":
            entry.msgctxt = value
        elif keyword == "msgid":
            if entry.msgid is not None:
                raise self.fail("msgid repeated in one entry")
            entry.msgid = value
        elif keyword == "msgid_plural":
            entry.msgid_plural = value
        else:
            if entry.msgid is None:
                raise self.fail("msgstr without msgid")
            number = int(index) if index is not None else 0
            if number in entry.msgstr:
                raise self.fail(f"{keyword} repeated in one entry")
            entry.msgstr[number] = value
            entry.msgstr_lines.append(self.lineno)
        self.target = (keyword.partition("[")[0], int(index) if index is not None else None)

    def continue_string(self, value: str) -> None:
        if self.target is None:
            raise self.fail("a continued string with nothing to continue")
        name, index = self.target
        entry = self.entry
        if name.startswith("previous_"):
            entry.previous[name[len("previous_") :]] += value
        elif name == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif name == "msgid":
            entry.msgid = (entry.msgid or "") + value
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            key = index if index is not None else 0
            entry.msgstr[key] = entry.msgstr.get(key, "") + value

    def unquote(self, quoted: str) -> str:
        quoted = quoted.strip()
        if len(quoted) < 2 or not quoted.startswith('"') or not quoted.endswith('"'):
            raise self.fail(f"a string must be in double quotes: {quoted[:40]!r}")
        body = quoted[1:-1]
        if "\\" not in body:
            if '"' in body:
                raise self.fail("unescaped double quote in a string")
            return body
        if _UNESCAPED_QUOTE.search(body):
            raise self.fail("unescaped double quote in a string")
        try:
            return unescape(body)
        except ValueError as exc:
            raise self.fail(str(exc)) from None


# a double quote not preceded by an odd number of backslashes
_UNESCAPED_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')


def parse_po(text: str, path: str | PathLike[str]) -> list[PoEntry]:
    """Every entry of a PO file in order, obsolete ones included (flagged).

    Raises :class:`MalformedFileError` naming the line of anything gettext
    would refuse.
    """
    parser = _Parser(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    # split("\n"), not splitlines(): a string may hold U+2028 or a form feed.
    for parser.lineno, raw in enumerate(text.split("\n"), 1):
        parser.feed(raw)
    parser.lineno += 1
    parser.finish()
    return parser.entries
