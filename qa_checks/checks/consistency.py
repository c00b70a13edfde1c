"""Consistency across the project: one source, one translation; one translation, one source.

Both checks index every unit once in :meth:`prepare` (a dictionary pass, so
the whole run stays linear) and then report the units that stray from the
first translation seen (or the most frequent one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import regex

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity

__all__ = ["InconsistentTarget", "InconsistentSource"]

_NOT_WORD = regex.compile(r"[\W_]+")
_WORD = regex.compile(r"\p{L}+")


def _usable(unit: CheckedUnit) -> bool:
    return not unit.is_plural and bool(unit.target_text.strip()) and unit.source.has_text()


def _normalized(text: str) -> str:
    """Punctuation and spacing do not make two texts different (case does: "kB" is not "kb")."""
    return _NOT_WORD.sub(" ", text).strip()


class InconsistentTarget(Check):
    id = "inconsistent-target"
    description = "The same source (in the same context) is translated the same way throughout the project."
    severity = Severity.WARNING
    category = Category.FLUENCY
    scope = "entry"
    good = (
        Example("Save", "Speichern", others=(("Save", "Speichern"),)),
        Example("Save", "Speichern", context="menu", others=(("Save", "Sichern"),)),
        Example("Save", "Speichern", others=(("Save", "Speichern."),)),
    )
    bad = (Example("Delete the file", "Datei entfernen", others=(("Delete the file", "Datei löschen"), ("Delete the file", "Datei löschen"))),)

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        targets: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        example: dict[tuple[str, str, str, str], str] = {}
        for unit in units:
            if not _usable(unit):
                continue
            key = (unit.target_locale.tag, unit.context, unit.source_text)
            normalized = _normalized(unit.target_text)
            targets[key][normalized] += 1
            example.setdefault((*key, normalized), unit.target_text)
        ctx.project[self.id] = {
            key: (counts.most_common(1)[0][0], example[(*key, counts.most_common(1)[0][0])], len(counts))
            for key, counts in targets.items()
            if len(counts) > 1
        }

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        index = ctx.project.get(self.id)
        if not index or not _usable(unit):
            return []
        entry = index.get((unit.target_locale.tag, unit.context, unit.source_text))
        if entry is None or _normalized(unit.target_text) == entry[0]:
            return []
        return [self.issue(unit, f"same source translated {entry[2]} ways; most often as {entry[1]!r}")]


class InconsistentSource(Check):
    id = "inconsistent-source"
    description = "One translation is not used for different sources of several words (a sign of a copy-paste slip)."
    severity = Severity.WARNING
    category = Category.FLUENCY
    scope = "entry"
    params = {"min_words": 3}
    good = (
        Example("Remove the file", "Datei löschen", others=(("Remove the file.", "Datei löschen"),)),
        Example("Close", "Schließen", others=(("Shut", "Schließen"),)),
        Example("kilobit,kilobits,kb,Kb", "kb,kb,kb,Kb", others=(("kilobyte,kilobytes,kB,KB", "kB,kB,kB,KB"),)),
    )
    bad = (Example("Your order has shipped", "Ihre Bestellung wurde versandt", others=(("Your refund was issued", "Ihre Bestellung wurde versandt"),)),)

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        sources: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for unit in units:
            if not _usable(unit) or len(_WORD.findall(unit.source_plain)) < self.params["min_words"]:
                continue
            key = (unit.target_locale.tag, _normalized(unit.target_text))
            sources[key].setdefault(_normalized(unit.source_text), unit.source_text)
        ctx.project[self.id] = {key: found for key, found in sources.items() if len(found) > 1}

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        index = ctx.project.get(self.id)
        if not index or not _usable(unit):
            return []
        sources = index.get((unit.target_locale.tag, _normalized(unit.target_text)))
        own = _normalized(unit.source_text)
        if sources is None or own not in sources:
            return []
        other = next(text for normalized, text in sources.items() if normalized != own)
        return [self.issue(unit, f"this translation is also used for a different source: {other!r}")]
