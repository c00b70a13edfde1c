"""Finding the best stored translations for a batch of segments.

Two tiers, both answered from indexes, never by scanning the table:

1. *Exact keys.* Units whose plain or loose source hash equals the
   segment's: identical text (100, 101 with the same context) and
   whitespace/case/punctuation variants (97-99).
2. *Fuzzy candidates*, when the first tier did not fill the request. The
   segment's token trigrams are looked up rarest first; sources sharing the
   most of them (near the segment's length) are ranked in SQL and verified
   in C by rapidfuzz on their signatures. On PostgreSQL, pg_trgm ranks instead.

The search stops as soon as it can prove nothing unseen can do better:
an edit changes at most three trigrams, so a source that shares ``c`` of the
``r`` grams read (and none of the ``a`` grams nobody has) is at least
``ceil((r + a - c) / 3)`` edits away. That bound decides which ranked
candidates are worth verifying and whether to read more grams (a second,
larger budget) at all. Near-duplicates are found after reading a gram or
two; only segments whose best match is mediocre cost the full budget.

Every candidate that survives is scored by :mod:`tm.scoring`, which rewrites
its target with the new segment's codes and numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from locflow.model import Locale, Segment
from tm.entries import UnitRow, scope_of
from tm.model import EXACT_SCORE, TMMatch
from tm.normalize import MatchKey, match_key
from tm.scoring import Query, score
from tm.store import IndexReader

__all__ = ["SearchSettings", "LocaleFilter", "lookup_batch"]


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """Knobs of the fuzzy search; the defaults are tuned by ``bench/tm_lookup.py``.

    ``first_budget`` and ``second_budget`` are posting rows (sums of gram
    frequencies) the first and second round may read; ``min_grams`` are read
    whatever they cost; at most ``max_verify`` ranked candidates per round
    are verified, ``chunk`` signatures at a time.
    """

    first_budget: int = 5000
    second_budget: int = 20000
    min_grams: int = 3
    max_verify: int = 1000
    chunk: int = 100
    trigram_similarity: float = 0.3


class LocaleFilter:
    """Which stored target locales serve a requested one, best first.

    The requested locale itself; then its fallbacks (``de`` for ``de-DE``);
    then more specific locales of it (``de-DE`` memories for a ``de`` job).
    Siblings (``de-AT`` for ``de-CH``) and other scripts never serve.
    """

    def __init__(self, source: Locale, target: Locale) -> None:
        self.source_language = source.language
        self.target = target
        self._ranks: dict[str, int | None] = {}
        self._locales: dict[str, Locale] = {}

    def rank(self, source_tag: str, target_tag: str) -> int | None:
        """0 exact, 1 fallback, 2 more specific; ``None`` when the unit does not serve."""
        if source_tag.split("-")[0].lower() != self.source_language:
            return None
        if target_tag not in self._ranks:
            self._ranks[target_tag] = self._rank(target_tag)
        return self._ranks[target_tag]

    def _rank(self, tag: str) -> int | None:
        stored = self.locale(tag)
        if stored == self.target:
            return 0
        if stored in self.target.fallbacks():
            return 1
        if self.target in stored.fallbacks():
            return 2
        return None

    def locale(self, tag: str) -> Locale:
        if tag not in self._locales:
            self._locales[tag] = Locale(tag)
        return self._locales[tag]


def lookup_batch(
    reader: IndexReader,
    queries: Sequence[Query],
    source: Locale,
    target: Locale,
    *,
    threshold: float,
    limit: int,
    settings: SearchSettings,
) -> list[list[TMMatch]]:
    """The best ``limit`` matches at or above ``threshold`` for each query, best first."""
    scope = scope_of(source, target)
    locales = LocaleFilter(source, target)
    stored_keys: dict[int, MatchKey] = {}

    def key_of(row: UnitRow, source_segment: Segment) -> MatchKey:
        if row.id not in stored_keys:
            stored_keys[row.id] = match_key(source_segment, scope)
        return stored_keys[row.id]

    by_hash: dict[int, list[UnitRow]] = {}
    for exact, loose, row in reader.by_hashes([h for q in queries for h in (q.key.exact_hash, q.key.loose_hash)]):
        by_hash.setdefault(exact, []).append(row)
        if loose != exact:
            by_hash.setdefault(loose, []).append(row)

    results: list[list[TMMatch]] = []
    pending_fuzzy: list[tuple[int, list[int]]] = []
    for index, query in enumerate(queries):
        rows = {r.id: r for h in (query.key.exact_hash, query.key.loose_hash) for r in by_hash.get(h, ())}
        matches = _score_rows(query, rows.values(), locales, key_of, threshold)
        results.append(matches)
        if sum(1 for m in matches if m.score >= EXACT_SCORE) < limit and query.key.length:
            want = max(3 * limit, limit + 4)
            pending_fuzzy.append((index, _fuzzy_ids(reader, query.key, scope, threshold / 100, want, settings)))

    fetched = reader.rows([uid for _, ids in pending_fuzzy for uid in ids])
    for index, ids in pending_fuzzy:
        known = {m.unit_id for m in results[index]}
        rows = [fetched[uid] for uid in ids if uid in fetched and uid not in known]
        results[index] = results[index] + _score_rows(queries[index], rows, locales, key_of, threshold)
    return [_best(matches, limit) for matches in results]


def _score_rows(
    query: Query,
    rows: Iterable[UnitRow],
    locales: LocaleFilter,
    key_of: Callable[[UnitRow, Segment], MatchKey],
    threshold: float,
) -> list[TMMatch]:
    matches = []
    for row in rows:
        rank = locales.rank(row.source_locale, row.target_locale)
        if rank is None:
            continue
        source = row.source_segment()
        scored = score(query, source, key_of(row, source), row.target_segment(), row.tm_context())
        if scored.score < threshold:
            continue
        memory_locale = locales.locale(row.target_locale)
        matches.append(
            TMMatch(
                source=source,
                target=scored.target,
                score=scored.score,
                match_type=scored.match_type,
                memory_locale=memory_locale,
                origin=row.origin,
                adapted=scored.adapted,
                fallback=rank > 0,
                reasons=scored.reasons + ((f"memory locale {memory_locale.tag}",) if rank else ()),
                unit_id=row.id,
                project=row.project,
                changed=row.changed,
                usage_count=row.usage_count,
            )
        )
    return matches


def _best(matches: list[TMMatch], limit: int) -> list[TMMatch]:
    """Best first: score, then the requested locale before fallbacks, then newer, then more used."""
    ordered = sorted(
        matches,
        key=lambda m: (-m.score, m.fallback, -(m.changed or datetime.min).timestamp(), -m.usage_count, m.unit_id),
    )
    seen: set[tuple[str, str]] = set()
    best: list[TMMatch] = []
    for match in ordered:
        identity = (match.source.tagged(), match.target.tagged())
        if identity in seen:
            continue
        seen.add(identity)
        best.append(match)
        if len(best) == limit:
            break
    return best


# -- fuzzy candidates ----------------------------------------------------------------


def _reachable(length: int, missed: int) -> float:
    """The best similarity a source can reach when it misses ``missed`` of the segment's grams.

    It is at least ``d = ceil(missed / 3)`` edits away; the most it can score
    is then ``n / (n + d)`` (a source ``d`` tokens longer that contains all).
    """
    edits = math.ceil(missed / 3)
    return length / (length + edits) if edits else 1.0


def _upper_bound(length: int, stored_length: int, missed: int) -> float:
    """The best similarity a source of ``stored_length`` missing ``missed`` grams can reach."""
    edits = max(abs(stored_length - length), math.ceil(missed / 3))
    return 1.0 - edits / max(stored_length, length)


class _Found:
    """The best similarities found so far; the floor is what a newcomer must beat."""

    def __init__(self, want: int, floor: float) -> None:
        self.want = want
        self.minimum = floor
        self.scores: dict[int, float] = {}

    @property
    def floor(self) -> float:
        if len(self.scores) < self.want:
            return self.minimum
        return sorted(self.scores.values(), reverse=True)[self.want - 1]

    def add(self, signature: str, candidates: dict[int, str]) -> None:
        for _sig, similarity, unit_id in process.extract(
            signature, candidates, scorer=Levenshtein.normalized_similarity, score_cutoff=self.floor, limit=None
        ):
            self.scores[unit_id] = similarity

    def best(self) -> list[int]:
        ranked = sorted(self.scores.items(), key=lambda item: (-item[1], item[0]))
        return [unit_id for unit_id, _ in ranked[: self.want]]


def _length_window(length: int, floor: float) -> tuple[int, int]:
    return math.ceil(length * floor - 1e-9), math.floor(length / floor + 1e-9)


def _fuzzy_ids(
    reader: IndexReader, key: MatchKey, scope: int, minimum: float, want: int, settings: SearchSettings
) -> list[int]:
    found = _Found(want, minimum)
    n = key.length
    if reader.trigrams:
        shortest, longest = _length_window(n, minimum)
        rows = reader.ranked_by_trigrams(
            scope,
            key.loose,
            shortest=shortest,
            longest=longest,
            similarity=settings.trigram_similarity,
            limit=settings.max_verify,
        )
        found.add(key.signature, {uid: sig for uid, _length, sig in rows})
        return found.best()

    frequencies = reader.gram_frequencies(key.grams)
    absent = len(key.grams) - len(frequencies)
    rarest = sorted(frequencies, key=lambda gram: (frequencies[gram], gram))
    taken = used = 0
    for budget in (settings.first_budget, settings.second_budget):
        while taken < len(rarest) and (used + frequencies[rarest[taken]] <= budget or taken < settings.min_grams):
            used += frequencies[rarest[taken]]
            taken += 1
        if not taken:
            break
        _verify_ranked(reader, key, rarest[:taken], absent, found, settings)
        if taken == len(rarest) or _reachable(n, taken + absent) < found.floor:
            break
    return found.best()


def _verify_ranked(
    reader: IndexReader, key: MatchKey, grams: list[int], absent: int, found: _Found, settings: SearchSettings
) -> None:
    """Rank sources by shared grams, verify those that could still beat the floor."""
    n = key.length
    missed_all = len(grams) + absent
    floor = found.floor
    min_shared = next((c for c in range(1, len(grams) + 1) if _reachable(n, missed_all - c) >= floor), None)
    if min_shared is None:
        return
    shortest, longest = _length_window(n, floor)
    ranked = reader.ranked_by_grams(
        grams, length=n, shortest=shortest, longest=longest, min_shared=min_shared, limit=settings.max_verify
    )
    batch: list[int] = []
    for unit_id, shared, length in ranked:
        if unit_id in found.scores or _upper_bound(n, length, missed_all - shared) < floor:
            continue
        batch.append(unit_id)
        if len(batch) == settings.chunk:
            found.add(key.signature, reader.signatures(batch))
            batch, floor = [], found.floor
    if batch:
        found.add(key.signature, reader.signatures(batch))
