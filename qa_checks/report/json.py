"""JSON report: ``{"issues": [...], "suppressed": [...], "baselined": [...], "summary": {...}}``.

The output is ``json.dumps(report.to_json(), ensure_ascii=False, indent=2)``,
character for character (the tests compare them), written a chunk of issues at a
time (:data:`~qa_checks.report.spool.CHUNK`). Python's ``json`` writes
indented output with its pure-Python encoder, which takes longer than checking
50,000 units takes, so the issue lists, whose shape is fixed (flat objects of
:data:`Issue.JSON_KEYS`, then ``span`` and ``note`` when set), are written here
column by column with the C string encoder, and ``json`` writes the summary.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import compress, count, repeat
from json.encoder import encode_basestring
from operator import attrgetter, is_not
from typing import Any, TextIO

from qa_checks.base import Issue
from qa_checks.report.model import QAReport

__all__ = ["render_json"]

# an issue at the nesting json.dumps(indent=2) gives it: an item of a top-level list
_ITEM, _FIELD, _SPAN_ITEM = "\n    ", "\n      ", "\n        "
_BODY = "{" + ",".join(f"{_FIELD}{encode_basestring(key)}: %s" for key in Issue.JSON_KEYS)
_SPAN = f",{_FIELD}\"span\": [{_SPAN_ITEM}%d,{_SPAN_ITEM}%d{_FIELD}]"
_NOTE = f",{_FIELD}\"note\": %s"
_END = _ITEM + "}"
# an issue after another: the comma, its fields, the optional ones (span, note), the brace
_NEXT_ITEM = "," + _ITEM + _BODY + "%s" + _END
# Issue.json_values() of each issue, in C; its Severity is a str whose text is its value
_JSON_VALUES = attrgetter(*Issue.JSON_KEYS)


def render_json(report: QAReport, out: TextIO, **_: object) -> None:
    for name in ("issues", "suppressed", "baselined"):
        out.write(("{" if name == "issues" else ",") + f"\n  {encode_basestring(name)}: ")
        _write_list(report.chunks(name), out)
    summary = json.dumps(report.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(f',\n  "summary": {summary}\n}}\n')


def _write_list(chunks: Iterable[Sequence[Issue]], out: TextIO) -> None:
    """Write a list of issues, a chunk at a time: each issue with the comma and line
    break before it."""
    first = True
    for issues in chunks:
        if not issues:
            continue
        texts: dict[str, str] = {}
        columns = [_encoded(column, texts) for column in zip(*map(_JSON_VALUES, issues))]
        items = list(map(_NEXT_ITEM.__mod__, zip(*columns, _tails(issues))))
        if first:
            items[0] = "[" + items[0][1:]  # no comma before the first
            first = False
        out.write("".join(items))
    out.write("[]" if first else "\n  ]")


def _encoded(column: Sequence[Any], texts: dict[str, str]) -> list[str]:
    """Each value as ``json`` writes it: a column of strings by its C encoder, in one
    ``map``, each distinct string once (``texts`` keeps them: the unit is often its
    source text, issues of one unit share its texts); numbers by ``int.__repr__``."""
    if all(map(isinstance, column, repeat(str))):
        new = set(column).difference(texts)
        texts.update(zip(new, map(encode_basestring, new)))
        return list(map(texts.__getitem__, column))
    if set(map(type, column)) == {int}:
        return list(map(int.__repr__, column))
    return list(map(_scalar, column))


def _scalar(value: Any) -> str:
    if value.__class__ is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value.__class__ is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _tails(issues: Sequence[Issue]) -> list[str]:
    """The optional keys of each issue: ``span`` (a list of two numbers), ``note``."""
    tails = [""] * len(issues)
    for index in compress(count(), map(is_not, map(attrgetter("span"), issues), repeat(None))):
        tails[index] = _SPAN % issues[index].span
    for index in compress(count(), map(attrgetter("note"), issues)):
        tails[index] += _NOTE % encode_basestring(issues[index].note)
    return tails
