"""Numbers in text, read the way the text's locale writes them.

``1,000.5`` (en) and ``1.000,5`` (de) and ``1 000,5`` (fr, with a narrow
no-break space) are the same number; ``2.1`` stays a version number in any
language. :func:`extract_numbers` returns, for each number in a text, the set
of values it may mean: the reading under the locale's separators, the reading
under plain ``.``/``,`` conventions, and the digit string itself. Two numbers
match when their sets meet, so no correct locale convention is reported while
a changed digit always is.

Digits glued to Latin, Greek or Cyrillic letters (``MP3``, ``x86``, ``IPv6``)
are names, not quantities, and are skipped; digits next to CJK or Arabic
letters (``3日``, ``第3章``) are numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import numbers as babel_numbers

from locflow.model import Locale

__all__ = ["NumberToken", "extract_numbers", "separators", "digit_runs", "UNSURE"]

_SPACE_SEPARATORS = "\u00a0\u202f\u2009 "
# a run of digits and separators; its neighbours are looked at in Python (faster than look-arounds)
# (a space joins digit groups only before exactly three digits: "1 000", not "X2 1.6")
_NUMBER = re.compile(r"\d+(?:[.,'’\u066b\u066c]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*")
_TRAILING_NAME = re.compile(r"[^\W\d_]*\d")


def _alphabetic(ch: str) -> bool:
    """A Latin, Greek or Cyrillic letter: digits glued to these are part of a name."""
    return ch.isalpha() and (ord(ch) < 0x530 or 0x1E00 <= ord(ch) <= 0x1FFF)


def _is_name_part(text: str, start: int, end: int) -> bool:
    if start and (text[start - 1] in "_.," or _alphabetic(text[start - 1])):
        return True
    follow = _TRAILING_NAME.match(text, end)
    return follow is not None and all(_alphabetic(ch) for ch in follow.group()[:-1])


_ANY_DIGIT = re.compile(r"\d")


class NumberToken(tuple):
    """(text, start, end, readings) for one number."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return self[0]

    @property
    def span(self) -> tuple[int, int]:
        return (self[1], self[2])

    @property
    def readings(self) -> frozenset[str]:
        return self[3]


@lru_cache(maxsize=128)
def separators(locale: Locale) -> tuple[str, str]:
    """(decimal symbol, group symbol) of the locale, per CLDR."""
    try:
        return babel_numbers.get_decimal_symbol(locale.babel), babel_numbers.get_group_symbol(locale.babel)
    except Exception:  # pragma: no cover - babel data gaps
        return ".", ","


def _digits(text: str) -> str:
    """ASCII digits for any script's digits (Arabic-Indic, full-width...)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def _read(text: str, decimal: str, groups: str) -> str | None:
    """The value of ``text`` with these separators, or None if it is not well-formed."""
    pieces: list[str] = []
    seps: list[str] = []
    current = ""
    for ch in text:
        if ch.isdigit():
            current += ch
        else:
            pieces.append(current)
            seps.append(ch)
            current = ""
    pieces.append(current)
    integer = pieces[0]
    fraction = ""
    for i, sep in enumerate(seps):
        piece = pieces[i + 1]
        if sep in groups and len(piece) == 3 and not fraction and len(pieces[0]) <= 3:
            integer += piece
        elif sep == decimal and i == len(seps) - 1:
            fraction = piece
        else:
            return None
    try:
        value = Decimal(integer + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def _readings(text: str, locale: Locale) -> frozenset[str]:
    if text.isdigit():
        return frozenset({_digits(text).lstrip("0") or "0"})
    text = _digits(text).replace("’", "'").replace("\u066b", ",").replace("\u066c", "'")
    decimal, group = separators(locale)
    group = group.replace("’", "'")
    spaces = _SPACE_SEPARATORS if group in _SPACE_SEPARATORS else ""
    readings = set()
    for dec, groups in ((decimal, group + spaces), (".", ","), (",", "." + _SPACE_SEPARATORS + "'")):
        value = _read(text, dec, groups)
        if value is not None:
            readings.add(value)
    return frozenset(readings)


# bytes to what digit_runs keeps: ASCII digits and the text separator; in UTF-8, a mark for
# the lead byte of any character from U+0640 on (other scripts' digits start at U+0660);
# Latin-1 has no digit but the ASCII ones
_LATIN1_RUN_BYTES = bytes(c if 0x30 <= c <= 0x39 or c == 0 else 0x20 for c in range(256))
_UTF8_RUN_BYTES = bytes(c if 0x30 <= c <= 0x39 or c == 0 else 0x23 if c >= 0xD9 else 0x20 for c in range(256))
_SEPARATOR = " \x00 "


UNSURE = b"#"


def digit_runs(texts: Sequence[str]) -> list[bytes]:
    """For each text, its ASCII digit runs as ``b" 12 5 "`` (``b" "`` for none), in C.

    Texts of equal results hold the same ``\\d+`` runs in the same order, unless
    the results hold :data:`UNSURE`: the text has a character from U+0640 on
    (other scripts have digits of their own), or a NUL, which separates the texts.
    """
    joined = _SEPARATOR + _SEPARATOR.join(texts) + _SEPARATOR
    try:
        runs = joined.encode("latin-1").translate(_LATIN1_RUN_BYTES)  # a plain copy, when it can be
    except UnicodeEncodeError:
        runs = joined.encode("utf-8", "surrogatepass").translate(_UTF8_RUN_BYTES)
    parts = b" ".join(runs.split()).split(b"\x00")[1:-1]
    return parts if len(parts) == len(texts) else [UNSURE] * len(texts)


def extract_numbers(text: str, locale: Locale) -> list[NumberToken]:
    """Every number in ``text`` with its possible readings (see the module docstring)."""
    if _ANY_DIGIT.search(text) is None:
        return []
    out: list[NumberToken] = []
    for match in _NUMBER.finditer(text):
        if _is_name_part(text, match.start(), match.end()):
            continue
        token = match.group()
        while token and not token[-1].isdigit():
            token = token[:-1]
        readings = _readings(token, locale)
        if not readings:
            # not a number under any convention: split a date or dotted version into parts
            pos = match.start()
            for part in re.finditer(r"\d+", token):
                value = _digits(part.group()).lstrip("0") or "0"
                out.append(NumberToken((part.group(), pos + part.start(), pos + part.end(), frozenset({value, part.group()}))))
            continue
        out.append(NumberToken((token, match.start(), match.start() + len(token), readings | {_digits(token)})))
    return out
