"""The history table: a small summary row per locale each time a command changed or checked
the translations, so trends need no other tool.

A row is a snapshot (words per state, words filled from the TM, MT and the
termbase) plus what happened since the locale's previous row (source
characters machine-translated) and, when the command ran QA, its figures (issues,
MQM penalty per 1,000 words and penalty points per MQM category).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from locflow.model import State
from locflow.store.progress import as_utc
from locflow.store.schema import history
from locflow.store.writing import write_transaction

__all__ = ["HistoryLog", "HistoryRow", "QAFigures"]


@dataclass(frozen=True, slots=True)
class QAFigures:
    """What a QA run found in one locale."""

    issues: int
    penalty: float  # MQM penalty points per 1,000 source words
    categories: dict[str, float] = field(default_factory=dict)  # MQM category -> penalty points


@dataclass(frozen=True, slots=True)
class HistoryRow:
    recorded_at: datetime
    command: str
    locale: str
    words: int
    states: dict[State, int]  # words per state, every state present
    tm_words: int
    mt_words: int
    term_words: int
    mt_characters: int
    qa: QAFigures | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "recorded_at": self.recorded_at.isoformat(),
            "command": self.command,
            "locale": self.locale,
            "words": self.words,
            "states": {state.value: words for state, words in self.states.items()},
            "tm_words": self.tm_words,
            "mt_words": self.mt_words,
            "term_words": self.term_words,
            "mt_characters": self.mt_characters,
            "qa": None if self.qa is None else {"issues": self.qa.issues, "penalty": self.qa.penalty, "categories": self.qa.categories},
        }


class HistoryLog:
    """Writes and reads the ``history`` table of one store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, rows: list[HistoryRow]) -> None:
        if rows:
            with write_transaction(self.engine) as conn:
                conn.execute(insert(history), [_values(row) for row in rows])

    def rows(self, locale: str, *, limit: int = 60) -> list[HistoryRow]:
        """The locale's latest ``limit`` rows, oldest first."""
        query = select(history).where(history.c.locale == locale).order_by(history.c.recorded_at.desc(), history.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_row(found) for found in reversed(conn.execute(query).all())]

    def latest(self, locale: str, *, with_qa: bool = False) -> HistoryRow | None:
        """The locale's newest row (with QA figures, when ``with_qa``)."""
        query = select(history).where(history.c.locale == locale)
        if with_qa:
            query = query.where(history.c.qa_issues.is_not(None))
        with self.engine.connect() as conn:
            found = conn.execute(query.order_by(history.c.recorded_at.desc(), history.c.id.desc()).limit(1)).first()
        return None if found is None else _row(found)


def _values(row: HistoryRow) -> dict[str, Any]:
    qa = row.qa
    return {
        "recorded_at": row.recorded_at,
        "command": row.command,
        "locale": row.locale,
        "words": row.words,
        **{f"words_{state.value}": row.states.get(state, 0) for state in State},
        "tm_words": row.tm_words,
        "mt_words": row.mt_words,
        "term_words": row.term_words,
        "mt_characters": row.mt_characters,
        "qa_issues": None if qa is None else qa.issues,
        "mqm_penalty": None if qa is None else qa.penalty,
        "mqm_categories": None if qa is None else json.dumps(qa.categories, sort_keys=True),
    }


def _row(found: Any) -> HistoryRow:
    qa = None
    if found.qa_issues is not None:
        qa = QAFigures(found.qa_issues, found.mqm_penalty or 0.0, json.loads(found.mqm_categories or "{}"))
    return HistoryRow(
        recorded_at=as_utc(found.recorded_at),  # type: ignore[arg-type]
        command=found.command,
        locale=found.locale,
        words=found.words,
        states={state: getattr(found, f"words_{state.value}") for state in State},
        tm_words=found.tm_words,
        mt_words=found.mt_words,
        term_words=found.term_words,
        mt_characters=found.mt_characters,
        qa=qa,
    )
