"""The units of a run as columns, and the scans that the checks' gates share.

Calling 38 checks on each of 50,000 units means almost two million Python calls,
nearly all of which find nothing: most units have no ``%``, no ``@``, no doubled
space, no control character. So each check has a *gate* (:meth:`Check.gate`) that
picks, for the whole run at once, the units it could possibly find something in,
and the runner calls :meth:`Check.check` on those only.

A gate works on a :class:`Batch`: the units' rendered source and target texts as
two lists, plus scans over all of them done in C (``in`` over the texts joined
end to end, ``map`` over the columns). A scan one check asks for is remembered
for the run, so two checks asking where ``{`` occurs search once.
Nothing is kept beyond the batch, so nothing carries over from one run to the next.

A gate may let through more units than the check reports on (that only costs a
call); it must never hold back a unit the check would report on. The tests run
every check with and without its gate on the same units and compare the issues.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import chain, compress, count, repeat
from operator import attrgetter, contains, eq, is_not, itemgetter, ne, not_
from typing import TYPE_CHECKING, Any, Literal

from qa_checks.syntax.formats import syntaxes
from qa_checks.untranslated import untranslated

if TYPE_CHECKING:
    from qa_checks.base import CheckedUnit

__all__ = ["Batch", "Side", "batch_of", "indices", "union", "parts_have_code", "in_slices", "SLICE"]

Side = Literal["source", "target", "either"]

_LAST = itemgetter(slice(-1, None))
_FLAGS, _KIND = attrgetter("flags"), attrgetter("kind")


#: texts per slice for the scans that build big temporaries (joined texts, word lists): a
#: few thousand keep those small enough for the memory of one slice to serve the next,
#: where one pass over 50,000 texts would fetch tens of megabytes anew (page faults
#: cost more than the scans)
SLICE = 2000


def in_slices(texts: Sequence[str]) -> Iterator[tuple[int, Sequence[str]]]:
    """``(offset, texts[offset:offset + SLICE])`` for each slice of :data:`SLICE` texts."""
    for offset in range(0, len(texts), SLICE):
        yield offset, texts[offset : offset + SLICE]


def indices(flags: Iterable[object]) -> list[int]:
    """The positions of the true values, in C (``compress`` over a ``map``)."""
    return list(compress(count(), flags))


def parts_have_code(parts: tuple[object, ...]) -> bool:
    """Whether a segment's parts hold an inline code. Parts are normalised (adjacent
    strings merged), so several parts mean a code, and a single part is a code or text."""
    return len(parts) > 1 or (len(parts) == 1 and not isinstance(parts[0], str))


def union(*groups: Iterable[int]) -> list[int]:
    """Sorted indices found in any of the groups."""
    merged: set[int] = set()
    for group in groups:
        merged.update(group)
    return sorted(merged)


class _Joined:
    """Texts joined end to end, to tell with one C-level scan that no text holds a needle.

    Most needles (``@``, a control character, a bracket) are in no text at all. A
    needle that is somewhere is then looked for text by text, which costs about as
    much as a C call per text: less than finding each occurrence in the joined text.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.text = "".join(texts)

    def present(self, needles: Sequence[str]) -> tuple[str, ...]:
        """The needles some text may hold (one not in the joined texts is in none)."""
        return tuple(needle for needle in needles if needle in self.text)

    def containing(self, present: Sequence[str]) -> list[int]:
        """Indices of the texts that contain any of the ``present`` needles, in order."""
        if len(present) != 1:
            return union(*(self.containing((needle,)) for needle in present))
        needle = present[0]
        return [index for index, text in enumerate(self.texts) if needle in text]


class Batch:
    """The units of a run (or their plural forms) as parallel columns.

    ``sources`` and ``targets`` hold the rendered texts (``unit.source_text``,
    ``unit.target_text``), the strings every check reads (``texts``, when the caller
    has them already). Gates return indices into these lists.
    """

    def __init__(self, units: Sequence[CheckedUnit], texts: tuple[list[str], list[str]] | None = None) -> None:
        self.units = units
        # (a comprehension reads these cached views faster than attrgetter does)
        self.sources: list[str] = [unit.source_text for unit in units] if texts is None else texts[0]
        self.targets: list[str] = [unit.target_text for unit in units] if texts is None else texts[1]
        self._memo: dict[Hashable, Any] = {}

    def followed_by(self, units: Sequence[CheckedUnit]) -> Batch:
        """A batch of these units, then ``units`` (the texts of these are not read again)."""
        more = Batch(units)
        return Batch([*self.units, *more.units], (self.sources + more.sources, self.targets + more.targets))

    def __len__(self) -> int:
        return len(self.units)

    def all(self) -> range:
        """Every index: the gate of a check that must look at every unit."""
        return range(len(self.units))

    def texts(self, side: Literal["source", "target"]) -> list[str]:
        return self.sources if side == "source" else self.targets

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, done once per batch for ``key`` (scans several checks share)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def column(self, name: str) -> list[Any]:
        """One attribute of every unit (``kind``, ``max_length``, ``flags``...)."""
        return self.memo(("column", name), lambda: list(map(attrgetter(name), self.units)))

    # -- where characters occur ----------------------------------------------------

    def containing(self, needles: str | Iterable[str], side: Side = "either") -> list[int]:
        """Indices of the units whose text on ``side`` contains any of ``needles``.

        ``needles`` is one string or several; each is searched for as a whole.
        """
        needles = (needles,) if isinstance(needles, str) else tuple(needles)
        sides = ("source", "target") if side == "either" else (side,)
        return union(*(self._hits(s, needles) for s in sides))

    def containing_any_char(self, chars: str, side: Side = "either") -> list[int]:
        """Indices of the units whose text on ``side`` has any one of ``chars``."""
        return self.containing(tuple(chars), side)

    def _hits(self, side: Literal["source", "target"], needles: tuple[str, ...]) -> list[int]:
        joined: _Joined = self.memo(("joined", side), lambda: _Joined(self.texts(side)))
        present = joined.present(needles)
        if len(present) > 1:  # the texts are gone through once per needle, whichever set asks for it
            return self.memo(("hits", side, present), lambda: union(*(self._hits(side, (needle,)) for needle in present)))
        return self.memo(("hits", side, present), lambda: joined.containing(present))

    def with_format(self, candidates: Iterable[int], syntax: str) -> list[int]:
        """The candidates whose unit uses the placeholder ``syntax`` (:attr:`CheckedUnit.formats`)."""
        known: dict[int, frozenset[str]] = self.memo("formats", dict)
        candidates = list(candidates)
        missing = list(set(candidates).difference(known))
        if missing:  # worked out together (the units' own views stay as they are)
            units = list(map(self.units.__getitem__, missing))
            texts = list(map(self.texts("source").__getitem__, missing))
            known.update(zip(missing, syntaxes(texts, list(map(_FLAGS, units)), list(map(_KIND, units)))))
        return list(compress(candidates, map(contains, map(known.__getitem__, candidates), repeat(syntax))))

    def with_codes(self, side: Literal["source", "target"]) -> list[int]:
        """Indices of the units whose segment on ``side`` holds an inline code."""

        def compute() -> list[int]:
            # segment_if_made() of each unit, in C: None for a segment made from text alone
            segments = list(map(dict.get, map(vars, self.units), repeat(side)))
            made = indices(map(is_not, segments, repeat(None)))
            parts = [segments[index].parts for index in made]
            if all(map(isinstance, chain.from_iterable(parts), repeat(str))):
                return []  # plain text throughout (PO files): a few C-level passes say so
            return [index for index, unit_parts in zip(made, parts) if parts_have_code(unit_parts)]

        return self.memo(("codes", side), compute)

    # -- the ends of the texts -------------------------------------------------------

    def ends(self, side: Literal["source", "target"], strip: str | None = None) -> list[str]:
        """The last character of each text (``""`` for an empty one), after ``rstrip(strip)``."""

        def compute() -> list[str]:
            texts = self.texts(side) if strip is None else map(str.rstrip, self.texts(side), repeat(strip))
            return list(map(_LAST, texts))

        return self.memo(("ends", side, strip), compute)

    def outer_space(self, side: Side = "either") -> list[int]:
        """Indices of the units whose text on ``side`` starts or ends with whitespace.

        ``str.strip`` gives back the very same string when there is nothing to strip.
        """
        sides = ("source", "target") if side == "either" else (side,)

        def compute() -> list[int]:
            return union(*(indices(map(is_not, self.texts(s), self.stripped(s))) for s in sides))

        return self.memo(("outer space", sides), compute)

    # -- comparing the two sides -----------------------------------------------------

    def same_text(self) -> list[int]:
        """Indices of the units whose target is their source, character for character."""
        return indices(map(eq, self.sources, self.targets))

    def differing(self, source_values: Sequence[object], target_values: Sequence[object]) -> list[int]:
        """Indices where two columns computed from each side differ."""
        return indices(map(ne, source_values, target_values))

    def pairs_differing(self, candidates: Iterable[int], differ: Callable[[list[str], list[str]], Iterable[bool]]) -> list[int]:
        """The candidates for which ``differ(sources, targets)`` (their texts, in order) is
        true: a check's "nothing changed" pre-test ("the same URLs, as written"), made for
        all candidates at once, where it runs in C, rather than in each call."""
        candidates = list(candidates)
        sources = list(map(self.sources.__getitem__, candidates))
        targets = list(map(self.targets.__getitem__, candidates))
        return list(compress(candidates, differ(sources, targets)))

    def stripped(self, side: Literal["source", "target"]) -> list[str]:
        """Each text without the whitespace around it."""
        return self.memo(("stripped", side), lambda: list(map(str.strip, self.texts(side))))

    def blank_targets(self) -> list[int]:
        """Indices of the units whose target is empty or only whitespace."""
        return self.memo("blank targets", lambda: indices(map(not_, self.stripped("target"))))

    # -- translated or not ------------------------------------------------------------

    def untranslated(self) -> list[int]:
        """Indices of the units that hold no translation (:mod:`qa_checks.untranslated`)."""
        return self.memo("untranslated", lambda: untranslated(self))

    def sees(self, picked: Iterable[int], untranslated: bool) -> list[int] | Iterable[int]:
        """The ``picked`` indices of the units a check looks at: only the untranslated ones
        when ``untranslated``, else only the others."""
        skipped = self.untranslated()
        if untranslated:
            wanted = set(skipped)
            return [index for index in picked if index in wanted]
        if not skipped:
            return picked
        unwanted = set(skipped)
        return [index for index in picked if index not in unwanted]


def batch_of(units: Sequence[CheckedUnit], batch: Batch | None) -> Batch:
    """``batch`` when it holds these very units (the run's columns, which a ``prepare`` hook
    finds in ``ctx.batch``), else the columns of ``units``."""
    return batch if batch is not None and batch.units is units else Batch(units)
