"""``locflow report``: the figures of the HTML KPI report, gathered from the store, and the file.

Per locale: words per state, where the translations came from (TM, MT, the
termbase, people), the latest QA figures recorded (issues per 1,000 words, MQM
penalty per category), the documents waiting longest on a changed source, and
the recorded history. Nothing is looked up or checked again: the report
reads what ``status`` counts and what ``run``, ``pretranslate``, ``import``
and ``qa`` recorded, so it costs a few queries whatever the project's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from locflow.fileio import write_atomically
from locflow.model import Locale, State, count_unit
from locflow.pipeline.status import LocaleStatus, status, waiting_documents
from locflow.project import Project
from locflow.store.history import HistoryRow
from locflow.store.progress import Tally, WaitingDocument

__all__ = ["ReportData", "LocaleReport", "gather_report", "write_report", "LAGGING_SHOWN", "TREND_ROWS"]

#: Documents shown per locale in the freshness chart.
LAGGING_SHOWN = 10
#: Recorded rows per locale drawn in the trend chart.
TREND_ROWS = 60


@dataclass(frozen=True, slots=True)
class LocaleReport:
    locale: str
    name: str  # display name, e.g. "German"
    status: LocaleStatus
    qa: HistoryRow | None  # the latest row with QA figures
    lagging: list[WaitingDocument]  # longest waiting first
    trend: list[HistoryRow]  # oldest first

    def share(self, origin: str) -> float:
        """Percent of the locale's words whose translation came from ``origin`` (tm, mt, term, human)."""
        words = self.status.by_origin.get(origin, Tally()).words
        return round(100.0 * words / self.status.words, 1) if self.status.words else 0.0

    @property
    def issues_per_1000(self) -> float | None:
        """QA issues per 1,000 source words checked, at the latest QA recorded (None: none yet)."""
        if self.qa is None or self.qa.qa is None:
            return None
        checked = self.qa.words - self.qa.states.get(State.NEW, 0)
        return round(1000.0 * self.qa.qa.issues / checked, 2) if checked else 0.0


@dataclass(frozen=True, slots=True)
class ReportData:
    project: str
    generated: datetime
    unit: str  # "words" or "characters"
    documents: int
    total: Tally
    locales: list[LocaleReport]


def gather_report(project: Project, locales: Sequence[Locale] | None = None, *, now: datetime | None = None) -> ReportData:
    """Everything the report shows, for ``locales`` (all target locales by default)."""
    now = now or datetime.now(timezone.utc)
    current = status(project, locales, now=now)
    history = project.store.history
    reports = []
    for loc in current.locales:
        lagging = list(waiting_documents(project, [Locale(loc.locale)], now=now, limit=LAGGING_SHOWN))
        reports.append(
            LocaleReport(
                locale=loc.locale,
                name=Locale(loc.locale).display_name,
                status=loc,
                qa=history.latest(loc.locale, with_qa=True),
                lagging=lagging,
                trend=history.rows(loc.locale, limit=TREND_ROWS),
            )
        )
    name = project.config.name or project.root.name
    return ReportData(name, now, count_unit(project.config.source_locale), current.documents, current.total, reports)


def write_report(project: Project, path: Path, locales: Sequence[Locale] | None = None) -> Path:
    """Write the HTML report to ``path`` (atomically: a reader never sees half a file)."""
    from locflow.report import render_html

    path = Path(path)
    write_atomically(path, render_html(gather_report(project, locales)).encode("utf-8"))
    return path
