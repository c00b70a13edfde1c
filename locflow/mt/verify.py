"""Checking an engine's answer before anything is written.

An answer is accepted only when it carries every tag or token of the
masked source exactly once, each inside the same pair as in the source, no
placeholder changed, and some translation: else the segment stays
untranslated and the :class:`Rejection` says why (the driver records it and
the run counts it). Nothing is repaired or guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from locflow.model import CodeKind, Segment, find_protected_spans
from locflow.model.protect import SpanKind
from locflow.mt.base import Markup
from locflow.mt.masking import LEFTOVER_MARKUP, MaskError, parse

__all__ = ["RejectReason", "Rejection", "verify_answer"]

#: A source with at least this many words must not come back unchanged.
UNTRANSLATED_MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER_KINDS = (SpanKind.PLACEHOLDER, SpanKind.TEMPLATE)


class RejectReason(StrEnum):
    EMPTY = "empty"
    UNTRANSLATED = "untranslated"
    TOKEN_LOST = "token-lost"
    TOKEN_DUPLICATED = "token-duplicated"
    TOKEN_MOVED = "token-moved"
    TOKEN_CHANGED = "token-changed"
    PLACEHOLDER_CHANGED = "placeholder-changed"


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: RejectReason
    detail: str

    def __str__(self) -> str:
        return f"{self.reason.value}: {self.detail}"


def verify_answer(source: Segment, answer: str, markup: Markup) -> Segment | Rejection:
    """The answer as a segment over ``source``'s codes, or why it is refused."""
    if not answer.strip():
        return Rejection(RejectReason.EMPTY, "the engine gave an empty answer")
    try:
        target = parse(answer, source.codes, markup)
    except MaskError as exc:
        reason = RejectReason.TOKEN_CHANGED if "unknown" in str(exc) or "marker" in str(exc) else RejectReason.TOKEN_MOVED
        return Rejection(reason, str(exc))
    for check in (_leftover_markup, _code_counts, _nesting, _placeholders, _untranslated):
        problem = check(source, target, markup)
        if problem is not None:
            return problem
    return target


def _leftover_markup(source: Segment, target: Segment, markup: Markup) -> Rejection | None:
    pattern = LEFTOVER_MARKUP[markup]
    if pattern.search(_source_text(source)):
        return None  # the source's own text looks like a tag: nothing to tell apart
    for text in target.iter_text():
        match = pattern.search(text)
        if match:
            return Rejection(RejectReason.TOKEN_CHANGED, f"a tag came back altered: {match.group()!r}")
    return None


def _source_text(source: Segment) -> str:
    return "".join(source.iter_text())


def _describe(key: tuple[str, CodeKind], source: Segment) -> str:
    code = source.code_by_id(key[0], key[1])
    kind = code.type if code is not None and code.type else "code"
    return f"{key[0]} ({kind})"


def _code_counts(source: Segment, target: Segment, markup: Markup) -> Rejection | None:
    want = Counter(source.code_signature())
    got = Counter(target.code_signature())
    lost = sorted(want - got)
    if lost:
        return Rejection(RejectReason.TOKEN_LOST, "missing " + ", ".join(_describe(k, source) for k in lost))
    extra = sorted(got - want)
    if extra:
        return Rejection(RejectReason.TOKEN_DUPLICATED, "repeated " + ", ".join(_describe(k, source) for k in extra))
    return None


def _parents(segment: Segment) -> dict[tuple[str, CodeKind], str | None] | None:
    """Each code's enclosing pair (its id), or ``None`` when the pairs are not well nested."""
    stack: list[str] = []
    parents: dict[tuple[str, CodeKind], str | None] = {}
    for code in segment.codes:
        if code.kind == CodeKind.CLOSE:
            if not stack or stack[-1] != code.id:
                return None
            stack.pop()
        parents[(code.id, code.kind)] = stack[-1] if stack else None
        if code.kind == CodeKind.OPEN:
            stack.append(code.id)
    return parents if not stack else None


def _nesting(source: Segment, target: Segment, markup: Markup) -> Rejection | None:
    before, after = _parents(source), _parents(target)
    if before is None:
        return None  # the source itself is not nested; nothing to compare with
    if after is None:
        return Rejection(RejectReason.TOKEN_MOVED, "a tag pair was broken apart")
    for key, parent in before.items():
        if after.get(key) != parent:
            where = f"pair {parent}" if parent else "no pair"
            return Rejection(RejectReason.TOKEN_MOVED, f"{_describe(key, source)} moved out of {where}")
    return None


def _placeholders(source: Segment, target: Segment, markup: Markup) -> Rejection | None:
    if "{" not in source.text + target.text and "%" not in source.text + target.text:
        return None  # every placeholder pattern has one of these

    def found(segment: Segment) -> Counter[str]:
        text = "".join(segment.iter_text())
        return Counter(text[s.start : s.end] for s in find_protected_spans(text, _PLACEHOLDER_KINDS))

    want, got = found(source), found(target)
    if want != got:
        changed = sorted((got - want) | (want - got))
        return Rejection(RejectReason.PLACEHOLDER_CHANGED, "placeholder(s) changed: " + ", ".join(changed))
    return None


def _untranslated(source: Segment, target: Segment, markup: Markup) -> Rejection | None:
    def norm(segment: Segment) -> str:
        return " ".join(segment.text.casefold().split())

    if norm(source) == norm(target) and len(_WORD.findall(source.text)) >= UNTRANSLATED_MIN_WORDS:
        return Rejection(RejectReason.UNTRANSLATED, "the answer is the source text")
    return None
