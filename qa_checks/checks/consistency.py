"""Consistency across the project: one source, one translation; one translation, one source.

Both checks index the units once in :meth:`prepare` (a dictionary pass, so
the whole run stays linear) and then report the units that stray from the
first translation seen (or the most frequent one). A text seen once in the run
cannot be translated two ways, so only units whose source (or target) occurs
more than once are indexed: those are found with one ``Counter`` over a column.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from itertools import compress

import re

import regex

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, batch_of, indices

__all__ = ["InconsistentTarget", "InconsistentSource"]

_NOT_WORD = re.compile(r"[\W_]+")
_ALNUM = re.compile(r"[^\W_]")
_DIGITS = re.compile(r"\d+")
_WORD = regex.compile(r"\p{L}+")


def _usable(unit: CheckedUnit) -> bool:
    return not unit.is_plural and bool(unit.target_text.strip()) and _ALNUM.search(unit.source_text) is not None


def _usable_repeats(units: Sequence[CheckedUnit], values: list[Hashable]) -> list[CheckedUnit]:
    """The usable units whose value (one per unit, in order) occurs more than once."""
    counts = Counter(values)
    if len(counts) == len(values):
        return []  # every value once: nothing to be inconsistent with
    repeated = {value for value, seen in counts.items() if seen > 1}
    return [unit for unit in compress(units, map(repeated.__contains__, values)) if _usable(unit)]


def _normalized(text: str) -> str:
    """Punctuation and spacing do not make two texts different (case does: "kB" is not "kb")."""
    return _NOT_WORD.sub(" ", text).strip()


# what does not make two sources say different things: accelerator markers, articles,
# a number's ordinal suffix ("%dth", "%dnd"), case, a plural "s", the kind of apostrophe
_MARKER = re.compile(r"[_&](?=\w)")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-+ #0']*\d*(?:\.\d+)?[a-zA-Z]|\{[^{}]*\}")
_ARTICLES = frozenset({"the", "a", "an"})


def _meaning(text: str) -> tuple[str, ...]:
    """The words of a source that carry its meaning, in order: "Go to the next change",
    "Go to next change" and "Go to _Next Change" say the same; numbers are one (the
    numbers check has them)."""
    text = _ORDINAL.sub("", _PLACEHOLDER.sub("0", _MARKER.sub("", text.replace("’", "'"))))
    words = _DIGITS.sub("0", _normalized(text)).lower().split()
    return tuple(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words if word not in _ARTICLES)


class InconsistentTarget(Check):
    id = "inconsistent-target"
    cost = 4
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

    prepares = "groups"

    def groups(self, batch: Batch) -> tuple[list[Hashable | None], list[str]]:
        """A unit is inconsistent only with units of its locale, context and source that
        have another target."""
        keys = [(u.target_locale.tag, u.context, s) if _usable(u) else None for u, s in zip(batch.units, batch.sources)]
        return keys, batch.targets

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        groups: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for unit in _usable_repeats(units, batch_of(units, ctx.batch).sources):
            groups[(unit.target_locale.tag, unit.context, unit.source_text)][unit.target_text] += 1
        index = {}
        for key, targets in groups.items():
            if len(targets) < 2:
                continue
            variants: Counter[str] = Counter()
            first: dict[str, str] = {}
            for target, count in targets.items():
                variants[_normalized(target)] += count
                first.setdefault(_normalized(target), target)
            if len(variants) > 1:
                (usual, top), (_, runner_up) = variants.most_common(2)
                # with a tie there is no usual translation: every unit of the group is reported
                index[key] = (usual if top > runner_up else None, first[usual], len(variants))
        ctx.project[self.id] = index

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        sources = {source for _, _, source in ctx.project.get(self.id) or ()}
        return indices(map(sources.__contains__, batch.sources)) if sources else []

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        index = ctx.project.get(self.id)
        if not index:
            return []
        entry = index.get((unit.target_locale.tag, unit.context, unit.source_text))
        if entry is None or not _usable(unit) or _normalized(unit.target_text) == entry[0]:
            return []
        if entry[0] is None:
            return [self.issue(unit, f"same source translated {entry[2]} ways, e.g. {entry[1]!r}")]
        return [self.issue(unit, f"same source translated {entry[2]} ways; most often as {entry[1]!r}")]


class InconsistentSource(Check):
    id = "inconsistent-source"
    cost = 5
    description = "One translation is not used for different sources of several words (a sign of a copy-paste slip)."
    severity = Severity.WARNING
    category = Category.FLUENCY
    scope = "entry"
    params = {"min_words": 3}
    good = (
        Example("Remove the file", "Datei löschen", others=(("Remove the file.", "Datei löschen"),)),
        Example("Jump to the next change", "Zur nächsten Änderung", others=(("Jump to next change", "Zur nächsten Änderung"),)),
        Example("Show _Hidden Files", "Versteckte Dateien anzeigen", others=(("Show hidden files", "Versteckte Dateien anzeigen"),)),
        Example("Sender’s Address Book", "Adressbuch des Absenders", others=(("Sender's address books", "Adressbuch des Absenders"),)),
        Example("Move to the %dth page", "Zur %d. Seite", others=(("Move to the %dnd page", "Zur %d. Seite"),)),
        Example("Close", "Schließen", others=(("Shut", "Schließen"),)),
        Example("kilobit,kilobits,kb,Kb", "kb,kb,kb,Kb", others=(("kilobyte,kilobytes,kB,KB", "kB,kB,kB,KB"),)),
        Example("Renew within 10 days", "Innerhalb von 10 Tagen erneuern", others=(("Renew within 7 days", "Innerhalb von 10 Tagen erneuern"),)),
    )
    bad = (
        Example("Your refund was issued", "Ihre Bestellung wurde versandt", others=(("Your order has shipped", "Ihre Bestellung wurde versandt"),)),
        Example("Copy from left to right", "Von links nach rechts kopieren", others=(("Copy from right to left", "Von links nach rechts kopieren"),)),
    )

    prepares = "groups"

    def groups(self, batch: Batch) -> tuple[list[Hashable | None], list[str]]:
        """A translation is used for different sources only where units of its locale
        with the same (stripped) target have another source."""
        keys = [(u.target_locale.tag, t) if _usable(u) else None for u, t in zip(batch.units, batch.stripped("target"))]
        return keys, batch.sources

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        """The translations used for sources that say different things, each with the
        first of those sources (in unit order): the others are reported, once each."""
        groups: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        for unit in _usable_repeats(units, batch_of(units, ctx.batch).stripped("target")):
            groups[(unit.target_locale.tag, unit.target_text.strip())].setdefault(unit.source_text, None)
        index = {}
        for key, sources in groups.items():
            if len(sources) < 2:
                continue
            distinct: dict[tuple[str, ...], str] = {}
            for source in sources:
                if len(_WORD.findall(source)) >= self.params["min_words"]:
                    distinct.setdefault(_meaning(source), source)
            if len(distinct) > 1:
                index[key] = next(iter(distinct.items()))
        ctx.project[self.id] = index

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        targets = {target for _, target in ctx.project.get(self.id) or ()}
        return indices(map(targets.__contains__, batch.stripped("target"))) if targets else []

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        index = ctx.project.get(self.id)
        if not index:
            return []
        first = index.get((unit.target_locale.tag, unit.target_text.strip()))
        if first is None or len(_WORD.findall(unit.source_text)) < self.params["min_words"]:
            return []
        meaning, source = first
        if _meaning(unit.source_text) == meaning:
            return []  # the first source, or one that says the same
        return [self.issue(unit, f"this translation is also used for a different source: {source!r}")]
