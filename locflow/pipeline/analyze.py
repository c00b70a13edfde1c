"""Analyze: the work left in each locale, per match band, weighted and priced as vendors quote.

The job of a locale is every segment a person has not confirmed yet
(translated, reviewed and approved segments are counted apart). Each segment
of the job falls in one band, the first that applies:

1. ``context`` (101%): the TM holds the same source in the same context;
2. ``repetition``: the same source (text and codes) came earlier in the job, in
   document order; its first occurrence is counted in its own band, in full;
3. ``exact`` (100%), then the fuzzy bands ``95-99``, ``85-94`` and ``75-84``;
4. ``mt-filled`` / ``term-filled``: no TM match of 75% or more, and the current
   draft came from machine translation / the termbase;
5. ``50-74``, else ``no match``.

Each band is counted in segments, words (characters for sources in CJK and
Thai, see :func:`locflow.model.word_count`) and characters. *Weighted words*
apply the percent of ``[analysis] weights`` (default: the memoQ-style grid,
:data:`locflow.config.DEFAULT_WEIGHTS`) to each band's words; with a rate
for the locale in ``[analysis] rates`` they give a cost estimate in
``[analysis] currency``.

The TM lookups are the costly part; their best scores are cached in the
store per segment and locale (see :mod:`locflow.store.leverage`), and only
segments whose context or the TM changed are looked up again. The TMX files
of ``[tm] import`` are imported first when they changed, as for pretranslate.
The sums are made by the database; per-document analyses are streamed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from locflow.config import ANALYSIS_BANDS, AnalysisSettings
from locflow.model import Locale, count_unit
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project
from locflow.store.leverage import AnalysisGroup, tm_state_mark
from locflow.store.progress import Tally

__all__ = ["analyze", "analyze_documents", "AnalysisReport", "LocaleAnalysis", "BANDS", "FLOORS", "band_of", "band_for"]

#: The bands, in the order reports list them.
BANDS = ANALYSIS_BANDS
#: Lowest TM score of each TM band, best first (101 is a context match).
FLOORS: tuple[tuple[str, float], ...] = (
    ("context", 101.0),
    ("exact", 100.0),
    ("95-99", 95.0),
    ("85-94", 85.0),
    ("75-84", 75.0),
    ("50-74", 50.0),
)
_FLOOR_OF = dict(FLOORS)
_LOWEST = FLOORS[-1][1]
_DRAFT_BANDS = {"mt": "mt-filled", "term": "term-filled"}
_PAGE = 5000  # segments looked up in the TM at a time (memory stays bounded by it)


def band_of(score: float | None) -> str:
    """The TM band of a score; ``None`` (no match) and scores below 50 are 'no match'."""
    if score is not None:
        for name, lowest in FLOORS:
            if score >= lowest:
                return name
    return "no match"


def band_for(floor: float | None, *, repeated: bool, origin: str | None) -> str:
    """The band of a segment of the job (see the module docstring for the order)."""
    tm_band = band_of(floor)
    if tm_band == "context":
        return tm_band
    if repeated:
        return "repetition"
    if floor is not None and floor >= _FLOOR_OF["75-84"]:
        return tm_band
    return _DRAFT_BANDS.get(origin or "", tm_band)


@dataclass(slots=True)
class BandCounts:
    """A job's tallies per band, and the confirmed segments counted apart."""

    bands: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in BANDS})
    confirmed: Tally = field(default_factory=Tally)

    def add(self, group: AnalysisGroup) -> None:
        if group.confirmed:
            self.confirmed += group.tally
        else:
            band = band_for(group.floor, repeated=group.repeated, origin=group.origin)
            self.bands[band] += group.tally

    @property
    def total(self) -> Tally:
        return sum(self.bands.values(), Tally())

    def weighted(self, weights: Mapping[str, float], band: str | None = None) -> Decimal:
        """Words (or characters) weighted by the grid, of one ``band`` or of all, to two
        decimals (weights are percents with at most two decimals: the sum is made in integers)."""
        chosen = self.bands.items() if band is None else [(band, self.bands[band])]
        hundredths = sum(tally.words * round(weights[name] * 100) for name, tally in chosen)
        return (Decimal(hundredths) / 10000).quantize(Decimal("0.01"))

    def bands_json(self) -> dict[str, dict[str, int]]:
        return {name: tally.to_json() for name, tally in self.bands.items()}


@dataclass(slots=True)
class LocaleAnalysis:
    locale: str
    settings: AnalysisSettings
    counts: BandCounts = field(default_factory=BandCounts)

    @property
    def bands(self) -> dict[str, Tally]:
        return self.counts.bands

    @property
    def confirmed(self) -> Tally:
        return self.counts.confirmed

    @property
    def total_words(self) -> int:
        return self.counts.total.words

    @property
    def weighted_words(self) -> Decimal:
        return self.counts.weighted(self.settings.weights)

    @property
    def rate(self) -> float | None:
        return self.settings.rates.get(self.locale)

    @property
    def cost(self) -> Decimal | None:
        """Weighted words times the locale's rate, to the cent (None without a rate)."""
        if self.rate is None:
            return None
        return (self.weighted_words * Decimal(str(self.rate))).quantize(Decimal("0.01"))

    def to_json(self) -> dict[str, Any]:
        cost = self.cost
        return {
            "locale": self.locale,
            "bands": self.counts.bands_json(),
            "confirmed": self.confirmed.to_json(),
            "total": self.counts.total.to_json(),
            "total_words": self.total_words,
            "weighted_words": float(self.weighted_words),
            "rate": self.rate,
            "cost": None if cost is None else float(cost),
        }


@dataclass(slots=True)
class DocumentAnalysis:
    """One document's share of a locale's job."""

    locale: str
    document: str
    counts: BandCounts
    weighted_words: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "document": self.document,
            "bands": self.counts.bands_json(),
            "confirmed": self.counts.confirmed.to_json(),
            "total_words": self.counts.total.words,
            "weighted_words": float(self.weighted_words),
        }


@dataclass(slots=True)
class AnalysisReport:
    unit: str  # "words" or "characters": what the word counts count (see locflow.model.count_unit)
    settings: AnalysisSettings
    locales: list[LocaleAnalysis]

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "bands": list(BANDS),
            "weights": dict(self.settings.weights),
            "currency": self.settings.currency or None,
            "locales": [locale.to_json() for locale in self.locales],
        }


def analyze(project: Project, locales: Sequence[Locale] | None = None, *, progress: Progress = no_progress) -> AnalysisReport:
    """Each locale's job per band, with weighted words and, where a rate is set, its cost."""
    chosen = list(locales or project.config.target_locales)
    mark = _prepare(project, chosen, progress)
    settings = project.config.analysis
    report = AnalysisReport(count_unit(project.config.source_locale), settings, [])
    for locale in chosen:
        result = LocaleAnalysis(str(locale), settings)
        for group in project.store.leverage.groups(str(locale), [floor for _, floor in FLOORS], mark):
            result.counts.add(group)
        report.locales.append(result)
    return report


def analyze_documents(
    project: Project, locales: Sequence[Locale] | None = None, *, progress: Progress = no_progress
) -> Iterator[DocumentAnalysis]:
    """Each locale's job per document (documents in path order, locale after locale); streamed."""
    chosen = list(locales or project.config.target_locales)
    mark = _prepare(project, chosen, progress)
    weights = project.config.analysis.weights
    for locale in chosen:
        current: DocumentAnalysis | None = None
        for group in project.store.leverage.groups(str(locale), [floor for _, floor in FLOORS], mark, by_document=True):
            if current is None or current.document != group.document:
                if current is not None:
                    yield _weighed(current, weights)
                current = DocumentAnalysis(str(locale), group.document or "", BandCounts(), Decimal(0))
            current.counts.add(group)
        if current is not None:
            yield _weighed(current, weights)


def _weighed(document: DocumentAnalysis, weights: Mapping[str, float]) -> DocumentAnalysis:
    document.weighted_words = document.counts.weighted(weights)
    return document


def tm_mark(project: Project) -> str:
    """A mark of the TM's state: it changes whenever units are added, changed or removed."""
    return "no tm" if project.tm is None else tm_state_mark(project.tm.store.engine)


def _prepare(project: Project, locales: Sequence[Locale], progress: Progress) -> str:
    """Import changed TMX files, then look up what the leverage cache lacks; returns the TM mark."""
    project.import_memories()
    mark = tm_mark(project)
    if project.tm is not None:
        for locale in locales:
            _refresh_leverage(project, locale, mark, progress)
    return mark


def _refresh_leverage(project: Project, locale: Locale, mark: str, progress: Progress) -> None:
    """Look up, page by page, the segments whose cached score is missing or out of date."""
    cache = project.store.leverage
    page = cache.segments_to_look_up(str(locale), mark, limit=_PAGE)
    todo = cache.count_to_look_up(str(locale), mark) if page else 0  # (for the progress bar; none when all is cached)
    done = 0
    while page:
        matches = project.tm_matches(page, locale, limit=1, threshold=_LOWEST)
        cache.save(str(locale), mark, [(s, float(matches[s.id][0].score) if matches.get(s.id) else None) for s in page])
        done += len(page)
        progress(f"TM {locale}", min(done, todo), todo)
        page = cache.segments_to_look_up(str(locale), mark, after=page[-1].id, limit=_PAGE)
