"""Invisible characters that change what a reader or a program sees.

Control characters break files and terminals; Unicode bidirectional
overrides and isolates can make text display in a different order than it is
stored (the "Trojan Source" attack, CVE-2021-42574). Right-to-left targets
legitimately use marks (LRM, RLM, ALM) and balanced isolates, which are allowed.
"""

from __future__ import annotations

import re
import unicodedata

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch

__all__ = ["ControlCharacters", "BidiControls"]

def _chars(*ranges: tuple[str, str]) -> str:
    return "".join(chr(c) for first, last in ranges for c in range(ord(first), ord(last) + 1))


#: control characters other than tab and line breaks
CONTROL_CHARS = _chars(("\x00", "\x08"), ("\x0b", "\x0c"), ("\x0e", "\x1f"), ("\x7f", "\x9f"), ("\ufffe", "\uffff"))
#: embeddings, overrides, isolates and their terminators
BIDI_CHARS = _chars(("\u202a", "\u202e"), ("\u2066", "\u2069"))
_CONTROL = re.compile("[" + re.escape(CONTROL_CHARS) + "]")
_BIDI = re.compile("[" + re.escape(BIDI_CHARS) + "]")
_OVERRIDES = "\u202d\u202e"
_RTL_EMBEDDING = "\u202b"
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"


class ControlCharacters(Check):
    id = "control-chars"
    description = "The target has no control characters (other than tab and line breaks) that the source lacks."
    severity = Severity.ERROR
    category = Category.DESIGN
    critical = True
    good = (Example("Line\tTab", "Zeile\tTab"), Example("Bell", "Glocke"))
    bad = (Example("Save", "Spei\x08chern"), Example("Save", "Speichern\x1b[31m"))

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing_any_char(CONTROL_CHARS, "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        target = unit.target_text
        match = _CONTROL.search(target)
        if match is None:
            return []
        source_chars = set(_CONTROL.findall(unit.source_text))
        for match in _CONTROL.finditer(target):
            if match.group() not in source_chars:
                return [self.issue(unit, f"control character {_name(match.group())}", match.span())]
        return []


def _unbalanced_bidi(text: str) -> tuple[str, int] | None:
    stack: list[tuple[str, int]] = []
    for match in _BIDI.finditer(text):
        ch = match.group()
        if ch in _OPENERS:
            stack.append((ch, match.start()))
        elif stack and _OPENERS[stack[-1][0]] == ch:
            stack.pop()
        else:
            return ch, match.start()
    return stack[0] if stack else None


class BidiControls(Check):
    id = "bidi-override"
    description = "No bidirectional override or unbalanced isolate in the target (Trojan Source); RTL marks and balanced isolates are fine."
    severity = Severity.ERROR
    category = Category.DESIGN
    critical = True
    good = (
        Example("Version 2.0", "الإصدار 2.0\u200f", target_locale="ar"),
        Example("File {name}", "الملف \u2068{name}\u2069", target_locale="ar"),
        Example("Save", "Speichern"),
        Example("%d-bit", "\u202b%d-סיביות", target_locale="he"),
    )
    bad = (
        Example("access granted if admin", "Zugriff gewährt \u202eif admin\u202c", target_locale="de"),
        Example("File {name}", "הקובץ \u2067{name}", target_locale="he"),
        Example("Run", "Ausführen \u202e"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing_any_char(BIDI_CHARS, "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        target = unit.target_text
        match = _BIDI.search(target)
        if match is None:
            return []
        source = unit.source_text
        problem = _unbalanced_bidi(target)
        if problem is not None and unit.target_locale.is_rtl and problem == (_RTL_EMBEDDING, 0):
            problem = None  # an RTL string opened with RLE sets its direction (a common idiom)
        if problem is not None and _unbalanced_bidi(source) is None:
            ch, at = problem
            return [self.issue(unit, f"unbalanced bidirectional control {_name(ch)}", (at, at + 1))]
        for match in _BIDI.finditer(target):
            ch = match.group()
            if ch in _OVERRIDES and target.count(ch) > source.count(ch):
                return [self.issue(unit, f"bidirectional override {_name(ch)} reorders the displayed text", match.span())]
            if not unit.target_locale.is_rtl and target.count(ch) > source.count(ch):
                return [self.issue(unit, f"bidirectional control {_name(ch)} in a left-to-right translation", match.span())]
        return []
