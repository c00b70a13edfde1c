"""Finding the best stored translations for a batch of segments.

Two tiers, both answered from indexes, never by scanning the table:

1. *Exact keys.* Units whose plain or loose source hash equals the
   segment's: identical text (100, 101 with the same context) and
   whitespace/case/punctuation variants (97-99).
2. *Fuzzy candidates*, when the first tier did not fill the request. The
   segment's token trigrams are looked up rarest first; sources sharing the
   most of them (near the segment's length) are ranked in SQL and verified
   in C by rapidfuzz on their signatures (the postings come from SQLite's
   posting table or PostgreSQL's packed runs, :mod:`tm.store.runs`).

The search stops as soon as it can prove nothing unseen can do better:
an edit changes at most three trigrams, so a source that shares ``c`` of the
``r`` grams read (and none of the ``a`` grams nobody has) is at least
``ceil((r + a - c) / 3)`` edits away. That bound decides which ranked
candidates are worth verifying and whether to read more grams (a second,
larger budget) at all. Near-duplicates are found after reading a gram or
two; only segments whose best match is mediocre cost the full budget.
The best candidate verified so far is fully scored at once: no candidate
less similar than that score can beat it, so the search verifies nothing
below it (:class:`_Settled`).

Every candidate that survives is scored by :mod:`tm.scoring`, which rewrites
its target with the new segment's codes and numbers.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from locflow.model import Locale, Segment
from tm.entries import UnitRow, scope_of
from tm.model import EXACT_SCORE, TMMatch
from tm.normalize import Words, exact_hash, numbers_in, plain_text, replace_numbers, words_of
from tm.scoring import Query, score
from tm.store import IndexReader

if TYPE_CHECKING:
    import numpy as np

    from tm.ranking import Ranked

__all__ = ["LocaleFilter", "Scoring", "SearchSettings", "lookup_batch"]


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """Knobs of the fuzzy search; the defaults are tuned by ``bench/tm_lookup.py``.

    ``first_budget`` and ``second_budget`` are posting rows (sums of gram
    frequencies) the first and second round may read; ``min_grams`` are read
    whatever they cost; at most ``max_verify`` ranked candidates per round
    are verified (more for segments longer than ``budget_length`` tokens, in
    proportion), ``chunk`` signatures at a time (doubling).

    Lookups of ``parallel_from`` segments or more on a SQLite file or a server run in
    ``processes`` worker processes (default: one per available core; 1
    keeps them in this process), see :mod:`tm.parallel`.

    A gram's postings grow with the TM, so a fixed budget reads fewer grams of a
    bigger TM, and more candidates share them: above ``grows_from`` units the
    second round's budget and the candidates verified grow (:meth:`for_size`;
    0 keeps them fixed). The defaults are tuned at 1,000,000 units; the growth
    was fitted at 10,000,000 by ``bench/tm_lookup.py`` (docs/scale.md): the fixed
    settings found the best match for 96.5% of its segments, a budget ten
    times bigger for 97.9%, twenty times with four times the candidates 99.2%.
    """

    first_budget: int = 3000
    second_budget: int = 8000
    min_grams: int = 3
    max_verify: int = 600
    budget_length: int = 16
    chunk: int = 50
    processes: int | None = None
    parallel_from: int = 400
    grows_from: int = 1_000_000

    def for_size(self, units: int) -> SearchSettings:
        """These settings for a TM of about ``units`` units: above ``grows_from``, the
        second budget grows as the size to the power 1.3 and the candidates verified
        to the power 0.6 (x20 and x4 for ten times the size)."""
        if not self.grows_from or units <= self.grows_from:
            return self
        growth = units / self.grows_from
        return dataclasses.replace(
            self,
            second_budget=round(self.second_budget * growth**_BUDGET_GROWTH),
            max_verify=round(self.max_verify * growth**_VERIFY_GROWTH),
        )


#: How fast the second budget and the candidates verified grow with the TM's size (see SearchSettings).
_BUDGET_GROWTH = 1.3
_VERIFY_GROWTH = 0.6


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
    scoring = Scoring(scope_of(source, target), LocaleFilter(source, target), threshold)
    results: list[list[TMMatch]] = [[] for _ in queries]
    _score_lazily(reader, queries, _exact_candidates(reader, queries), results, scoring, limit)
    # Only the same plain text scores 100 (tm.scoring), and the exact probe above found it:
    # above 99 (pretranslate's default fill threshold) a fuzzy search cannot add a match.
    fuzzy = [
        i
        for i, query in enumerate(queries)
        if query.key.length and sum(1 for m in results[i] if m.score >= EXACT_SCORE) < limit
    ] if threshold <= EXACT_SCORE - 1 else []
    frequencies = reader.gram_frequencies(g for i in fuzzy for g in queries[i].key.grams + queries[i].key.detail_grams)
    searches = {i: _Settled(reader, scoring, queries[i], results[i], limit) for i in fuzzy}
    _prefetch(reader, searches, frequencies, threshold / 100, settings)
    pending = {i: _search(reader, settled, frequencies, threshold / 100, limit, settings) for i, settled in searches.items()}
    _score_lazily(reader, queries, pending, results, scoring, limit)
    _add_number_siblings(reader, queries, results, scoring, limit)
    return [_best(matches, limit) for matches in results]


def _add_number_siblings(
    reader: IndexReader, queries: Sequence[Query], results: list[list[TMMatch]], scoring: Scoring, limit: int
) -> None:
    """Add the stored sources that say what a match says, with the segment's own numbers.

    Candidates are ranked by their words, numbers masked, so of hundreds of
    variants of a sentence ("up to 10 items", "up to 24 items"...) the one
    found may carry other numbers than the segment, and lose a point per
    number to a variant nobody verified. That variant's plain text is the
    match's with the segment's numbers written in: its exact key finds it.
    """
    probes: dict[int, list[int]] = {}
    for index, matches in enumerate(results):
        wanted = numbers_in(queries[index].key.plain)
        if not wanted:
            continue
        for match in sorted(matches, key=lambda m: -m.score)[:limit]:
            if match.score >= EXACT_SCORE:
                continue
            plain = plain_text(match.source)
            stored = numbers_in(plain)
            if len(stored) == len(wanted) and stored != wanted:
                probes.setdefault(index, []).append(exact_hash(replace_numbers(plain, wanted), scoring.scope))
    if not probes:
        return
    found = reader.by_exact_hashes(key for keys in probes.values() for key in keys)
    wanted_ids = {index: [uid for key in keys for uid in found.get(key, ())] for index, keys in probes.items()}
    rows = reader.rows([uid for ids in wanted_ids.values() for uid in ids])
    for index, ids in wanted_ids.items():
        known = {m.unit_id for m in results[index]}
        fresh = [rows[uid] for uid in ids if uid in rows and uid not in known]
        results[index].extend(scoring.matches(queries[index], fresh))


#: The similarity given to a loose-key match: its full score is at most 99.
_NEAR_EXACT = 0.99


def _exact_candidates(reader: IndexReader, queries: Sequence[Query]) -> dict[int, list[_Verified]]:
    """Units with the same plain or loose source as each query, same codes and numbers first."""
    by_hash: dict[int, list[tuple[int, int, int, str]]] = {}
    for row in reader.by_hashes([(q.key.exact_hash, q.key.loose_hash, q.key.detail) for q in queries]):
        by_hash.setdefault(row[0], []).append(row)
        if row[1] != row[0]:
            by_hash.setdefault(row[1], []).append(row)
    candidates: dict[int, list[_Verified]] = {}
    for index, query in enumerate(queries):
        found: dict[int, _Verified] = {}
        for exact, _loose, unit_id, detail in by_hash.get(query.key.exact_hash, []) + by_hash.get(query.key.loose_hash, []):
            similarity = 1.0 if exact == query.key.exact_hash else _NEAR_EXACT
            found[unit_id] = _Verified(similarity, Indel.normalized_similarity(query.key.detail, detail), unit_id)
        if found:
            candidates[index] = sorted(found.values(), key=_Verified.rank)
    return candidates


def _score_lazily(
    reader: IndexReader,
    queries: Sequence[Query],
    pending: dict[int, list[_Verified]],
    results: list[list[TMMatch]],
    scoring: Scoring,
    limit: int,
) -> None:
    """Fully score verified candidates, best text first, until none left can enter the top ``limit``.

    A full score never exceeds the text similarity, so once the next
    candidate's similarity is below the ``limit``-th best score (of distinct
    answers: a unit stored again with another context is the same answer),
    it is over.
    Candidates are ranked by codes and numbers alike after the words, so
    penalties rarely reorder them; past :func:`_tried` candidates a segment
    whose candidates all fall below the threshold stops trying.
    """
    cursor = {i: 0 for i in pending}
    budget = _tried(limit)
    while cursor:
        wanted: dict[int, list[int]] = {}
        for i in list(cursor):
            candidates, position = pending[i], cursor[i]
            known = {m.unit_id for m in results[i]}
            cut = _limit_score(results[i], limit)
            ids: list[int] = []
            while position < len(candidates) and len(ids) < 2:
                candidate = candidates[position]
                done = cut is not None and candidate.similarity * 100 < cut
                if done or position >= budget:
                    position = len(candidates)
                    break
                position += 1
                if candidate.unit_id not in known:
                    ids.append(candidate.unit_id)
            cursor[i] = position
            if ids:
                wanted[i] = ids
            if position >= len(candidates):
                del cursor[i]
        if not wanted:
            break
        rows = reader.rows([uid for ids in wanted.values() for uid in ids])
        for i, ids in wanted.items():
            results[i].extend(scoring.matches(queries[i], [rows[uid] for uid in ids if uid in rows]))


class Scoring:
    """Full scores (:func:`tm.scoring.score`) of stored rows for one locale pair, as matches.

    Rows whose locales do not serve the request and scores below the
    threshold are left out; each stored source's words are found once.
    """

    def __init__(self, scope: int, locales: LocaleFilter, threshold: float) -> None:
        self.scope = scope
        self.locales = locales
        self.threshold = threshold
        self._words: dict[int, Words] = {}

    def words_of(self, row: UnitRow, source: Segment) -> Words:
        if row.id not in self._words:
            self._words[row.id] = words_of(source)
        return self._words[row.id]

    def matches(self, query: Query, rows: Iterable[UnitRow]) -> list[TMMatch]:
        found = []
        for row in rows:
            rank = self.locales.rank(row.source_locale, row.target_locale)
            if rank is None:
                continue
            source = row.source_segment()
            scored = score(query, source, self.words_of(row, source), row.target_segment(), row.tm_context())
            if scored.score < self.threshold:
                continue
            memory_locale = self.locales.locale(row.target_locale)
            found.append(
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
        return found


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


def _limit_score(matches: list[TMMatch], limit: int) -> float | None:
    """The ``limit``-th best score of distinct answers (see :func:`_best`), ``None`` while there are fewer."""
    if len(matches) < limit:
        return None
    best = _best(matches, limit)
    return best[-1].score if len(best) == limit else None


def _tried(limit: int) -> int:
    """How many of a segment's best verified candidates may be fully scored for ``limit`` answers."""
    return limit + 8


# -- fuzzy candidates ----------------------------------------------------------------


def _reachable(length: int, missed: int) -> float:
    """The best similarity a source can reach when it misses ``missed`` of the segment's grams.

    It is at least ``d = ceil(missed / 3)`` edits away; the most it can score
    is then ``n / (n + d)`` (a source ``d`` tokens longer that contains all).
    """
    edits = math.ceil(missed / 3)
    return length / (length + edits) if edits else 1.0


@dataclass(frozen=True, slots=True)
class _Verified:
    """A candidate whose text similarity is known (an upper bound of its full score / 100)."""

    similarity: float
    detail: float
    unit_id: int

    def rank(self) -> tuple[float, float, int]:
        """Best first: text similarity, then codes and numbers alike, then oldest."""
        return (-self.similarity, -self.detail, self.unit_id)


class _Settled:
    """Full scores of one segment's best candidates, taken while its search runs.

    A full score never exceeds the text similarity, so once ``limit``
    matches are scored, no candidate less similar than the ``limit``-th best
    score can enter the answer: that score is a floor the search need not
    verify below. It is exact (penalties, locales and duplicates included),
    where the similarity of the ``want``-th best candidate is only a guess,
    and usually much higher: a segment with a 93% match verifies what could
    reach 93%, not what could reach the fifth best candidate's 80%.
    """

    def __init__(self, reader: IndexReader, scoring: Scoring, query: Query, matches: list[TMMatch], limit: int) -> None:
        self.reader = reader
        self.scoring = scoring
        self.query = query
        self.matches = matches
        self.limit = limit
        self.scored = {m.unit_id for m in matches}
        self.floor = self._floor()

    def _floor(self) -> float:
        cut = _limit_score(self.matches, self.limit)
        return 0.0 if cut is None else cut / 100

    def score(self, unit_ids: Sequence[int]) -> None:
        """Score these candidates and raise the floor with them."""
        self.scored.update(unit_ids)
        rows = self.reader.rows(unit_ids)
        self.matches.extend(self.scoring.matches(self.query, [rows[u] for u in unit_ids if u in rows]))
        self.floor = self._floor()


class _Found:
    """Verified candidates; the floor is what a newcomer must reach to matter.

    Of the candidates that reach it, only the :func:`_tried` best ranked
    are kept: no more are ever scored, and a segment with hundreds of
    variants in the TM (the same sentence with other numbers) would
    otherwise keep and queue them all.
    """

    def __init__(self, settled: _Settled, limit: int, minimum: float) -> None:
        self.settled = settled
        self.key = settled.query.key
        self.want = limit + 4
        self.keep = _tried(limit)
        self.minimum = minimum
        self.verified: dict[int, _Verified] = {}
        # Every candidate verified, kept or not: the floor only rises, so one that fell short stays short.
        self.seen: list[np.ndarray] = []
        self._top: list[float] = []  # the ``want`` best similarities, a min-heap
        self._kept: list[tuple[float, float, int]] = []  # the ``keep`` best ranks, worst first (a heap)
        self._unscored: list[tuple[float, float, int]] = []  # ranks of verified candidates, best first (a heap)

    @property
    def floor(self) -> float:
        """The settled score, or the ``want``-th best similarity when higher (a guess: penalties may reorder)."""
        guess = self._top[0] if len(self._top) == self.want else self.minimum
        return max(guess, self.settled.floor)

    def _verify(self, ids: Sequence[int], signatures: Sequence[str], details: Sequence[str]) -> None:
        """Keep the ``ids`` whose signatures reach the floor (rapidfuzz, in C)."""
        hits = process.extract(
            self.key.signature, signatures, scorer=Levenshtein.normalized_similarity, score_cutoff=self.floor, limit=None
        )
        for _signature, similarity, index in hits:  # most similar first
            full = len(self._kept) == self.keep
            if full and similarity < self._kept[0][0]:
                break
            unit_id = ids[index]
            detail = Indel.normalized_similarity(self.key.detail, details[index])
            if full and (similarity, detail, -unit_id) < self._kept[0]:
                continue
            verified = self.verified[unit_id] = _Verified(similarity, detail, unit_id)
            heapq.heappush(self._unscored, verified.rank())
            _push_bounded(self._top, similarity, self.want)
            _push_bounded(self._kept, (similarity, detail, -unit_id), self.keep)
        if hits:
            self._settle()

    def _settle(self) -> None:
        """Fully score the best candidate not scored yet when it could raise the settled floor.

        Candidates no more similar than the settled score can never raise
        it (it only rises): they leave the queue for good.
        """
        while self._unscored:
            negative_similarity, _detail, unit_id = heapq.heappop(self._unscored)
            if -negative_similarity <= self.settled.floor:
                self._unscored.clear()
            elif unit_id not in self.settled.scored:
                self.settled.score([unit_id])
                return

    def add_ranked(self, reader: IndexReader, ranked: Ranked, chunk: int) -> None:
        """Verify ranked candidates a chunk at a time, leaving out those verified before.

        Between chunks the floor rises, and candidates that can no longer
        reach it are skipped without fetching their signatures. Chunks
        double in size: most segments are settled by the first, the rest
        need few round trips.
        """
        ranked = ranked.without(self.seen)
        start = 0
        while start < len(ranked.unit_ids):
            picked, start = ranked.chunk(start, self.floor, chunk)
            if len(picked):
                self.seen.append(picked)
                self._verify(*reader.signatures(picked))
            chunk *= 2

    def ranked(self) -> list[_Verified]:
        return sorted(self.verified.values(), key=_Verified.rank)


def _push_bounded(heap: list[Any], value: Any, size: int) -> None:
    """Add ``value`` to a min-heap of the ``size`` largest values."""
    (heapq.heappush if len(heap) < size else heapq.heappushpop)(heap, value)


def _length_window(length: int, floor: float) -> tuple[int, int]:
    return math.ceil(length * floor - 1e-9), math.floor(length / floor + 1e-9)


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which grams a segment's search reads: the known ones rarest first, and its rare codes and numbers."""

    rarest: list[int]
    absent: int
    bonus: list[int]
    verify: int

    @classmethod
    def of(cls, key: Any, frequencies: dict[int, int], settings: SearchSettings) -> _Plan:
        known = [gram for gram in key.grams if gram in frequencies]
        # Codes and numbers only rank candidates (they are no words), and only rare ones are worth reading.
        bonus = [gram for gram in key.detail_grams if frequencies.get(gram, settings.first_budget + 1) <= settings.first_budget]
        # A long segment has more ways to be 75% alike: it verifies more candidates.
        verify = round(settings.max_verify * max(1.0, key.length / settings.budget_length))
        rarest = sorted(known, key=lambda gram: (frequencies[gram], gram))
        return cls(rarest, len(key.grams) - len(known), bonus, verify)

    def taken(self, frequencies: dict[int, int], budget: int, settings: SearchSettings, taken: int = 0, used: int = 0) -> tuple[int, int]:
        """How many of the rarest grams a round of ``budget`` postings reads (from ``taken`` read, ``used`` postings)."""
        rarest = self.rarest
        while taken < len(rarest) and (used + frequencies[rarest[taken]] <= budget or taken < settings.min_grams):
            used += frequencies[rarest[taken]]
            taken += 1
        return taken, used

    def ranked(self, reader: IndexReader, length: int, taken: int, floor: float) -> Ranked:
        """The candidates of a round that read the ``taken`` rarest grams, for a search at ``floor``."""
        shortest, longest = _length_window(length, floor)
        return reader.ranked_by_grams(
            self.rarest[:taken],
            bonus=self.bonus,
            length=length,
            shortest=shortest,
            longest=longest,
            missed=taken + self.absent,
            floor=floor,
            limit=self.verify,
            unread=self.rarest[taken:],
        )


#: Of each search's first candidates, how many best ranked have their rows read ahead (the one scored first is most often among them).
_LIKELY = 8


def _prefetch(
    reader: IndexReader, searches: dict[int, _Settled], frequencies: dict[int, int], minimum: float, settings: SearchSettings
) -> None:
    """On a server, read what the first round of every search of a batch needs in three round trips.

    Searches go one segment after another, and each asks for postings, then
    signatures: a round trip each, several per segment, where a server's
    round trip costs more than the work. The postings of every search's first
    round come in one query; each search then ranks its candidates, and the
    signatures of all those that can reach its floor come in another (on a
    big TM, a search verifies several chunks of them), with the rows of the
    best ranked few (a search scores its best candidate at once). The
    searches find them in the reader's caches; what they need beyond (a
    second round, more chunks) they read as before.
    """
    if not reader.server or not searches:
        return
    plans = {}
    for i, settled in searches.items():
        plan = _Plan.of(settled.query.key, frequencies, settings)
        plans[i] = (plan, plan.taken(frequencies, settings.first_budget, settings)[0])
    reader.prefetch_postings({g for plan, taken in plans.values() for g in [*plan.rarest[:taken], *plan.bonus]})
    wanted: list[int] = []
    likely: list[int] = []
    for i, (plan, taken) in plans.items():
        if taken:
            floor = max(minimum, searches[i].floor)
            ranked = plan.ranked(reader, searches[i].query.key.length, taken, floor)
            reachable = ranked.unit_ids[ranked.reach >= floor].tolist()
            wanted.extend(reachable)
            likely.extend(reachable[:_LIKELY])
    reader.signatures(wanted)
    reader.prefetch_rows(likely)


def _search(
    reader: IndexReader,
    settled: _Settled,
    frequencies: dict[int, int],
    minimum: float,
    limit: int,
    settings: SearchSettings,
) -> list[_Verified]:
    """Verified fuzzy candidates for one segment, best first (the best few already scored in ``settled``)."""
    found = _Found(settled, limit, minimum)
    n = found.key.length
    plan = _Plan.of(found.key, frequencies, settings)
    taken = used = read = 0
    for budget in (settings.first_budget, settings.second_budget):
        taken, used = plan.taken(frequencies, budget, settings, taken, used)
        if taken == read:
            break  # nothing more fits the budget: another round would rank the same grams again
        read = taken
        found.add_ranked(reader, plan.ranked(reader, n, taken, found.floor), settings.chunk)
        if taken == len(plan.rarest) or _reachable(n, taken + plan.absent) < found.floor:
            break
    return found.ranked()
