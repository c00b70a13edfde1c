"""History: after ``run``, ``pretranslate``, ``import`` and ``qa``, one summary row per locale.

A row holds the locale's words per state at that moment, the words whose
translation came from the TM, MT and the termbase, the source characters
machine-translated since the locale's previous row, and, when the command ran
QA, the number of issues, the MQM penalty per 1,000 words and the penalty
points per MQM category. ``locflow report`` draws its trends from these rows.

The QA figures are per locale: the issues found in it, and the penalty over
the source words of its stored translations (the words QA checked).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from locflow.model import Locale, State
from locflow.pipeline.status import LocaleStatus, status
from locflow.project import Project
from locflow.store.history import HistoryRow, QAFigures
from locflow.store.progress import Tally

if TYPE_CHECKING:
    from qa_checks import QAReport

__all__ = ["record_history", "qa_figures"]

log = logging.getLogger(__name__)


def record_history(
    project: Project, command: str, locales: Iterable[Locale | str] | None = None, *, qa: QAReport | None = None
) -> list[HistoryRow]:
    """Record a row per locale (all target locales by default) for ``command``; returns them."""
    chosen = [Locale.parse(locale) for locale in locales] if locales is not None else None
    now = datetime.now(timezone.utc)
    report = status(project, chosen, now=now)
    checked = qa_figures(qa, {loc.locale: loc.words - loc.by_state[State.NEW].words for loc in report.locales}) if qa else {}
    rows = [_row(project, command, now, locale, checked.get(locale.locale)) for locale in report.locales]
    project.store.history.record(rows)
    log.debug("history: %s row(s) for %s", len(rows), command)
    return rows


def _row(project: Project, command: str, now: datetime, locale: LocaleStatus, qa: QAFigures | None) -> HistoryRow:
    previous = project.store.history.latest(locale.locale)
    since = previous.recorded_at if previous is not None else None
    origins = locale.by_origin
    return HistoryRow(
        recorded_at=now,
        command=command,
        locale=locale.locale,
        words=locale.words,
        states={state: tally.words for state, tally in locale.by_state.items()},
        tm_words=origins.get("tm", Tally()).words,
        mt_words=origins.get("mt", Tally()).words,
        term_words=origins.get("term", Tally()).words,
        mt_characters=project.store.progress.mt_characters_since(locale.locale, since),
        qa=qa,
    )


def qa_figures(report: QAReport, checked_words: dict[str, int]) -> dict[str, QAFigures]:
    """Issues, MQM penalty per 1,000 words and penalty points per category, per locale of
    ``checked_words`` (locale -> source words checked there)."""
    counts: Counter[str] = Counter()
    points: dict[str, Counter[str]] = {tag: Counter() for tag in checked_words}
    for locale, _, _, category, mqm in report.spool.tally_rows():  # the issues' small columns, in order
        if locale in points:
            counts[locale] += 1
            points[locale][category] += report.weights.get(mqm, 0.0)
    figures = {}
    for tag, words in checked_words.items():
        total = sum(points[tag].values())
        penalty = round(total * 1000 / words, 2) if words else 0.0
        figures[tag] = QAFigures(counts[tag], penalty, {category: round(p, 2) for category, p in sorted(points[tag].items())})
    return figures
