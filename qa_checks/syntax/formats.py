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
from typing import TYPE_CHECKING

from qa_checks.syntax.icu import looks_like_icu

if TYPE_CHECKING:
    from qa_checks.base import CheckedUnit

__all__ = ["formats_of", "PRINTF", "PYTHON", "BRACE", "TEMPLATE", "ICU", "RASA", "STRICT"]

PRINTF, PYTHON, BRACE, TEMPLATE, ICU, RASA = "printf", "python", "brace", "template", "icu", "rasa"
#: marks a unit whose format flags were given explicitly (strict checking)
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
_BRACE_HINT = re.compile(r"(?<!\{)\$?\{\s*(?:[A-Za-z_][\w.\-]*|\d+)\s*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def formats_of(unit: "CheckedUnit") -> frozenset[str]:
    flagged = {fmt for flag, fmt in _FLAG_FORMATS.items() if flag in unit.flags}
    if flagged:
        return frozenset(flagged | {STRICT})
    if unit.kind.startswith("rasa"):
        return frozenset({RASA})
    text = unit.source_text
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
    return frozenset(found)
