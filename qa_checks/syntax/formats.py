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
from functools import lru_cache
from typing import TYPE_CHECKING

from qa_checks.syntax.icu import looks_like_icu

if TYPE_CHECKING:
    from qa_checks.base import CheckedUnit

__all__ = ["formats_of", "strict", "PRINTF", "PYTHON", "BRACE", "TEMPLATE", "ICU", "RASA", "STRICT"]

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
_BRACE_HINT = re.compile(r"\{(?<!\{\{)\s*(?:[A-Za-z_][\w.\-]*|\d+)\s*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


_NONE: frozenset[str] = frozenset()


def strict(fmt: str) -> str:
    """The marker saying ``fmt`` was named by a flag and is checked strictly."""
    return f"{STRICT}:{fmt}"


def formats_of(unit: "CheckedUnit") -> frozenset[str]:
    """Flagged syntaxes (strict) plus those recognised in the source (lenient)."""
    text = unit.source_text
    rasa = unit.kind.startswith("rasa")
    if not unit.flags and "%" not in text and "{" not in text and not rasa:
        return _NONE  # most units: no flag, no placeholder character
    return _combined(unit.flags, rasa, frozenset(_recognised(text)))


@lru_cache(maxsize=1024)
def _combined(flags: frozenset[str], rasa: bool, recognised: frozenset[str]) -> frozenset[str]:
    """The syntaxes of a unit from its flags and what its source looks like (few combinations: cached)."""
    flagged = {fmt for flag, fmt in _FLAG_FORMATS.items() if flag in flags}
    refused = {fmt for flag, fmt in _FLAG_FORMATS.items() if "no-" + flag in flags}
    if rasa:
        flagged.add(RASA)
    found = recognised - refused - flagged
    if ICU in flagged:
        found -= {BRACE}
    if BRACE in flagged:
        found -= {TEMPLATE}  # "{{" escapes a brace in str.format
    if RASA in flagged:
        found -= {BRACE}
    return frozenset(found | flagged | {strict(f) for f in flagged})


def _recognised(text: str) -> set[str]:
    found: set[str] = set()
    if "%" in text:
        if _PYTHON_NAMED.search(text):
            found.add(PYTHON)
        elif _PRINTF_HINT.search(text):
            found.add(PRINTF)
    if "{" in text:
        if looks_like_icu(text):
            found.add(ICU)
        else:
            if "{{" in text or "{%" in text:
                found.add(TEMPLATE)
            if _BRACE_HINT.search(text):
                found.add(BRACE)
    return found
