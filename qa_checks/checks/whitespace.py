"""Whitespace: leading and trailing, doubled spaces, line breaks."""

from __future__ import annotations

import re

from locflow.model import Code, CodeKind, Segment
from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity, has_codes
from qa_checks.batch import Batch

__all__ = ["LeadingWhitespace", "TrailingWhitespace", "DoubleSpace", "NewlineCount"]

_COUNT = Code("1", CodeKind.STANDALONE, "", "placeholder")  # an <x/> whose data the file does not give

_CJK = {"ja", "zh", "ko", "th", "lo", "km", "my"}
_INNER_DOUBLE = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")
#: a doubled space _INNER_DOUBLE finds holds one of these
_DOUBLE_MARKS = ("  ", "\u00a0", "\u202f")


def _codes_marked(segment: Segment) -> str:
    """The segment's text with a mark for each inline code that renders as nothing."""
    return "".join(part if isinstance(part, str) else (part.data or "\ufffc") for part in segment.parts)


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()):]


def _differs(source_ws: str, target_ws: str, language: str) -> bool:
    """Whitespace differs in a way that matters: line breaks, or present against absent.

    CJK scripts put no space between sentences, so a target may leave out the source's
    space or write it full width (U+3000); a space the source does not have is a slip
    there too.
    """
    if source_ws == target_ws:
        return False
    if source_ws.count("\n") != target_ws.count("\n"):
        return True
    if language in _CJK:
        return bool(target_ws) and not source_ws
    return bool(source_ws) != bool(target_ws)


class LeadingWhitespace(Check):
    id = "whitespace-leading"
    cost = 3
    description = "The target starts with the same whitespace as the source (concatenated strings depend on it)."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (
        Example(" and more", " und mehr"),
        Example("\nDone", "\nFertig"),
        Example(" and more", "など", target_locale="ja"),
        Example(" and more", "\u3000など", target_locale="ja"),
    )
    bad = (
        Example(" and more", "und mehr"),
        Example("Done", " Fertig"),
        Example("\nDone", "Fertig"),
        Example("Done", " 完了", target_locale="ja"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.outer_space()

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source, target = unit.source_text, unit.target_text
        if not target or not source:
            return []
        if not (source[0].isspace() or target[0].isspace()):
            return []
        if _differs(_lead(source), _lead(target), unit.target_locale.language):
            return [self.issue(unit, f"leading whitespace {_lead(target)!r} differs from the source's {_lead(source)!r}", (0, len(_lead(target))))]
        return []


class TrailingWhitespace(Check):
    id = "whitespace-trailing"
    cost = 3
    description = "The target ends with the same whitespace as the source."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (
        Example("Name: ", "Name: "),
        Example("Name:", "Nom :", target_locale="fr"),
        Example("Done. ", "完了。", target_locale="ja"),
        Example("Total: ", "合計：\u3000", target_locale="ja"),
        Example("Total: ", "合計： ", target_locale="ja"),
    )
    bad = (
        Example("Name: ", "Name:"),
        Example("Name", "Name "),
        Example("Line\n", "Zeile"),
        Example("Saved", "保存しました ", target_locale="ja"),
        Example("Saved", "保存しました\u3000", target_locale="ja"),
        Example("Line\n", "行", target_locale="ja"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.outer_space()

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source, target = unit.source_text, unit.target_text
        if not target or not source:
            return []
        if not (source[-1].isspace() or target[-1].isspace()):
            return []
        if _differs(_trail(source), _trail(target), unit.target_locale.language):
            trail = _trail(target)
            return [self.issue(unit, f"trailing whitespace {trail!r} differs from the source's {_trail(source)!r}", (len(target) - len(trail), len(target)))]
        return []


class DoubleSpace(Check):
    id = "double-space"
    cost = 5
    description = "The target has no doubled spaces between words unless the source has them."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (
        Example("Save the file", "Datei speichern"),
        Example("A  B", "A  B"),
        Example("Name:", "Nom\u00a0:", target_locale="fr"),
        Example(Segment(("Sent ", _COUNT, " minutes ago")), Segment(("Il y a ", _COUNT, " minutes")), target_locale="fr"),
    )
    bad = (Example("Save the file", "Datei  speichern"), Example("Save the file", "Datei \u00a0speichern"))

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing(_DOUBLE_MARKS, "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        match = _INNER_DOUBLE.search(unit.target_text)
        if match is None or _INNER_DOUBLE.search(unit.source_text):
            return []
        if has_codes(unit.target):  # a code that renders as nothing ("<x/>") stands between the spaces
            if _INNER_DOUBLE.search(_codes_marked(unit.target)) is None:
                return []
            return [self.issue(unit, "double space")]
        return [self.issue(unit, "double space", match.span())]


class NewlineCount(Check):
    id = "newline-count"
    description = "The target has as many line breaks as the source."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (Example("Line 1\nLine 2", "Zeile 1\nZeile 2"), Example("One line", "Eine Zeile"))
    bad = (Example("Line 1\nLine 2", "Zeile 1 Zeile 2"), Example("One line", "Eine\nZeile"))

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing("\n")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        target = unit.target_text
        if not target:
            return []
        source_count, target_count = unit.source_text.count("\n"), target.count("\n")
        if source_count == target_count:
            return []
        return [self.issue(unit, f"{target_count} line break(s), the source has {source_count}")]
