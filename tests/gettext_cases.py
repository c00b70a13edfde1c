"""Read gettext's labelled format-string cases (``# Valid:``/``# Invalid:`` + msgid/msgstr)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

_BLOCK = re.compile(r"cat <<\\EOF > [\w.-]+\.data\n(.*?)\nEOF", re.S)
_STRING = re.compile(r'^(msgid|msgstr)\s+(".*")\s*$')


@dataclass(frozen=True)
class FormatCase:
    valid: bool
    comment: str
    msgid: str
    msgstr: str


def _unquote(literal: str) -> str:
    # PO escapes are a subset of Python's for these files
    return ast.literal_eval(literal)


def read_cases(path: Path) -> list[FormatCase]:
    """The cases of one ``format-*-2`` test script."""
    block = _BLOCK.search(path.read_text(encoding="utf-8"))
    if block is None:
        return []
    cases = []
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    i = 0
    while i + 2 < len(lines) + 1 and i < len(lines):
        comment = lines[i]
        if not comment.startswith("#"):
            i += 1
            continue
        msgid, msgstr = _STRING.match(lines[i + 1]), _STRING.match(lines[i + 2])
        if msgid and msgstr:
            cases.append(FormatCase(comment.startswith("# Valid"), comment, _unquote(msgid.group(2)), _unquote(msgstr.group(2))))
        i += 3
    return cases
