"""Which placeholder syntaxes apply to a unit.

A PO entry says so with flags (``c-format``, ``python-format``,
``python-brace-format``...), and then the syntax is checked strictly, as
``msgfmt --check-format`` does. Without flags (XLIFF, project content), the
syntaxes are recognised in the source text, conservatively, so that prose with
a ``%`` or a brace is not mistaken for a format string. ICU messages take
precedence over bare ``{name}`` fields, and Rasa units (``kind`` starting with
``rasa``) read ``{slot}`` and ``[text](entity)`` the Rasa way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import repeat
from operator import contains, or_
from typing import TYPE_CHECKING

from qa_checks.syntax.brace import FORMAT_SPEC
from qa_checks.syntax.icu import ICU_HINT
from qa_checks.syntax.printf import without_urls

if TYPE_CHECKING:
    from qa_checks.base import CheckedUnit

__all__ = ["formats_of", "syntaxes", "strict", "PRINTF", "PYTHON", "BRACE", "TEMPLATE", "ICU", "RASA", "STRICT"]

PRINTF, PYTHON, BRACE, TEMPLATE, ICU, RASA = "printf", "python", "brace", "template", "icu", "rasa"
#: prefix of the markers of syntaxes named by flags (checked strictly)
STRICT = "strict"

_FLAG_FORMATS = {
    "c-format": PRINTF,
    "objc-format": PRINTF,
    "python-format": PYTHON,
    "python-brace-format": BRACE,
    "java-format": ICU,
    "icu-format": ICU,
    "rasa-format": RASA,
}
_PRINTF_HINT = re.compile(r"%(?:\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsp@](?![A-Za-z])")
_PYTHON_NAMED = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
# a str.format field, not after another brace ("${var}" holds one too); starting with the
# brace, the pattern is looked for where a brace is (a look-behind first would try everywhere)
_BRACE_HINT = re.compile(r"\{(?<!\{\{)\s*(?:[A-Za-z_][\w.\-]*|\d+)\s*(?:![rsa])?" + FORMAT_SPEC + r"\}(?!\})", re.X)


_NONE: frozenset[str] = frozenset()
#: the syntaxes whose directives start with "%"
_PERCENT = frozenset({PRINTF, PYTHON})


def strict(fmt: str) -> str:
    """The marker saying ``fmt`` was named by a flag and is checked strictly."""
    return f"{STRICT}:{fmt}"


def formats_of(unit: "CheckedUnit") -> frozenset[str]:
    """Flagged syntaxes (strict) plus those recognised in the source (lenient)."""
    text = unit.source_text
    rasa = unit.kind.startswith("rasa")
    if not unit.flags and "%" not in text and "{" not in text and not rasa:
        return _NONE  # most units: no flag, no placeholder character
    return syntaxes([text], [unit.flags], [unit.kind])[0]


def syntaxes(texts: Sequence[str], flags: Sequence[frozenset[str]], kinds: Sequence[str]) -> list[frozenset[str]]:
    """:func:`formats_of` of units given by their source texts, flags and kinds: each
    pattern runs over all the texts in one ``map``, the findings are combined by
    :func:`_from_hints`, cached (a run has few combinations)."""
    template = map(or_, map(contains, texts, repeat("{{")), map(contains, texts, repeat("{%")))
    plain = list(map(without_urls, texts))  # "%3E" in a URL is no directive
    python, printf = _found(_PYTHON_NAMED, plain), _found(_PRINTF_HINT, plain)
    icu, brace = _found(ICU_HINT, texts), _found(_BRACE_HINT, texts)
    return list(map(_from_hints, flags, map(str.startswith, kinds, repeat("rasa")), python, printf, icu, template, brace))


def _found(pattern: re.Pattern[str], texts: Sequence[str]) -> Iterator[bool]:
    """Whether ``pattern`` is in each text, in C."""
    return map(bool, map(pattern.search, texts))


@lru_cache(maxsize=1024)
def _from_hints(
    flags: frozenset[str], rasa: bool, python: bool, printf: bool, icu: bool, template: bool, brace: bool
) -> frozenset[str]:
    """The syntaxes of a unit from its flags and what its source holds: python-format
    directives before printf ones, an ICU message before str.format fields and
    templates (every pattern needs a ``%`` or a brace, so plain prose is none)."""
    recognised = {PYTHON} if python else {PRINTF} if printf else set()
    if icu:
        recognised.add(ICU)
    else:
        recognised |= {TEMPLATE} if template else set()
        recognised |= {BRACE} if brace else set()
    return _combined(flags, rasa, frozenset(recognised))


@lru_cache(maxsize=1024)
def _combined(flags: frozenset[str], rasa: bool, recognised: frozenset[str]) -> frozenset[str]:
    """The syntaxes of a unit from its flags and what its source looks like (few combinations: cached)."""
    flagged = {fmt for flag, fmt in _FLAG_FORMATS.items() if flag in flags}
    refused = {fmt for flag, fmt in _FLAG_FORMATS.items() if "no-" + flag in flags}
    if rasa:
        flagged.add(RASA)
    found = recognised - refused - flagged
    if flagged & _PERCENT:
        found -= _PERCENT  # a flag names the %-syntax of the string ("%d" is C's and Python's)
    if ICU in flagged:
        found -= {BRACE}
    if BRACE in flagged:
        found -= {TEMPLATE}  # "{{" escapes a brace in str.format
    if RASA in flagged:
        found -= {BRACE}
    return frozenset(found | flagged | {strict(f) for f in flagged})

