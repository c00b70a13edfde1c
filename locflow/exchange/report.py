"""The import report: what was applied, unchanged, kept aside or rejected, and why.

The import side fills an :class:`ImportReport` while it walks the files
(one transaction for all of them); :func:`render_table` and
:func:`render_json` turn it into what ``locflow import`` prints. The JSON
shape is part of the CLI contract::

    {"files": [{"path", "format", "source_locale", "target_locale", "segments"}],
     "summary": {"applied", "unchanged", "conflicts", "rejected"},
     "reasons": {"unchanged": {"as-exported": n, ...}, "conflict": {...}, "rejected": {...}},
     "applied": [{"file", "document", "id", "line", "state"}],
     "unchanged": [{..., "reason", "message"}], "conflicts": [{..., "reason", "message"}],
     "rejected": [{..., "reason", "message"}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from locflow.exchange.base import ExchangeFile, ExchangeSegment
from locflow.exchange.validate import Rejection
from locflow.model import Segment, State
from locflow.model.errors import LocflowError

__all__ = ["ImportHeldBack", "Outcome", "ReportEntry", "FileSummary", "ImportReport", "render_table", "render_json", "SOURCE_CHANGED"]

#: The reason given for a conflict.
SOURCE_CHANGED = "source-changed"


class ImportHeldBack(LocflowError):
    """An import applied what it could but rejected or held back some segments (exit 1)."""

    exit_code = 1


class Outcome(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One segment's fate. ``state`` is the state stored (applied) or kept (unchanged)."""

    outcome: Outcome
    file: str
    id: str
    document: str | None = None
    line: int | None = None
    state: State | None = None
    reason: str = ""
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        """What ``locflow import --format json`` prints."""
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "document": self.document, "id": self.id, "line": self.line}
        if self.state is not None:
            out["state"] = self.state.value
        if self.reason:
            out["reason"] = self.reason
            out["message"] = self.message
        return out


@dataclass(frozen=True, slots=True)
class FileSummary:
    path: str
    format: str
    source_locale: str | None
    target_locale: str | None
    segments: int


@dataclass
class ImportReport:
    """Everything one ``locflow import`` did, in the order it was decided."""

    entries: list[ReportEntry] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)

    # -- filling --------------------------------------------------------------------------
    def add_file(self, file: ExchangeFile) -> None:
        self.files.append(
            FileSummary(
                file.path,
                file.format,
                file.source_locale.tag if file.source_locale else None,
                file.target_locale.tag if file.target_locale else None,
                len(file.segments),
            )
        )

    def decided(
        self, file: str, read: ExchangeSegment, outcome: Outcome, state: State | None, reason: str | None, message: str
    ) -> None:
        """Record what the import rules decided for a segment (see :mod:`locflow.exchange.decide`)."""
        self._add(outcome, file, read, state=state, reason=reason or "", message=message)

    def conflict(self, file: str, read: ExchangeSegment, current_source: Segment | None = None) -> None:
        message = "the source changed since export"
        if current_source is not None:
            message += f"; now: {current_source.render()!r}, in the file: {read.source.render()!r}"
        self._add(Outcome.CONFLICT, file, read, reason=SOURCE_CHANGED, message=message)

    def rejected(self, file: str, rejection: Rejection) -> None:
        self.entries.append(
            ReportEntry(
                Outcome.REJECTED,
                file,
                rejection.id,
                rejection.document,
                rejection.line,
                reason=rejection.reason.value,
                message=rejection.message,
            )
        )

    def _add(self, outcome: Outcome, file: str, read: ExchangeSegment, **extra: Any) -> None:
        self.entries.append(ReportEntry(outcome, file, read.id, read.document, read.line, **extra))

    # -- reading --------------------------------------------------------------------------
    def of(self, outcome: Outcome) -> list[ReportEntry]:
        return [entry for entry in self.entries if entry.outcome == outcome]

    def summary(self) -> dict[str, int]:
        return {
            "applied": len(self.of(Outcome.APPLIED)),
            "unchanged": len(self.of(Outcome.UNCHANGED)),
            "conflicts": len(self.of(Outcome.CONFLICT)),
            "rejected": len(self.of(Outcome.REJECTED)),
        }

    def raise_if_held_back(self) -> None:
        """Exit code 1 (like a failed gate) when some segments were rejected or held back,
        so CI sees a partial import without parsing the report."""
        totals = self.summary()
        if totals["conflicts"] or totals["rejected"]:
            raise ImportHeldBack(
                f"import applied {totals['applied']} segments; {totals['conflicts']} in conflict and "
                f"{totals['rejected']} rejected were not applied (see the report)"
            )

    @property
    def changed_anything(self) -> bool:
        return any(entry.outcome == Outcome.APPLIED for entry in self.entries)

    def reasons(self) -> dict[str, dict[str, int]]:
        """outcome -> reason -> count: why segments were unchanged, held back or rejected."""
        out: dict[str, dict[str, int]] = {}
        for entry in self.entries:
            if entry.reason:
                by_reason = out.setdefault(entry.outcome.value, {})
                by_reason[entry.reason] = by_reason.get(entry.reason, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        """What ``locflow import --format json`` prints."""
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [_file_dict(summary) for summary in self.files],
            "summary": self.summary(),
            "reasons": self.reasons(),
            "applied": [entry.to_dict() for entry in self.of(Outcome.APPLIED)],
            "unchanged": [entry.to_dict() for entry in self.of(Outcome.UNCHANGED)],
            "conflicts": [entry.to_dict() for entry in self.of(Outcome.CONFLICT)],
            "rejected": [entry.to_dict() for entry in self.of(Outcome.REJECTED)],
        }


def _file_dict(summary: FileSummary) -> dict[str, Any]:
    return {name: getattr(summary, name) for name in FileSummary.__slots__}


def render_json(report: ImportReport) -> str:
    """The report as indented JSON (the ``--format json`` output of ``locflow import``)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def render_table(report: ImportReport, *, show_applied: bool = False) -> str:
    """A plain-text report: one line per file, the totals, then every conflict and rejection.

    Applied and unchanged segments are only counted unless ``show_applied``.
    """
    lines = []
    for summary in report.files:
        locales = " -> ".join(filter(None, (summary.source_locale, summary.target_locale))) or "locale unknown"
        lines.append(f"{summary.path}: {summary.format}, {locales}, {summary.segments} segments")
    totals = report.summary()
    lines.append(", ".join(f"{name} {count}" for name, count in totals.items()))
    for outcome, by_reason in report.reasons().items():
        lines.append(f"  {outcome}: " + ", ".join(f"{count} {reason}" for reason, count in sorted(by_reason.items())))
    shown = [Outcome.CONFLICT, Outcome.REJECTED]
    if show_applied:
        shown = [Outcome.APPLIED, Outcome.UNCHANGED, *shown]
    rows = [
        (entry.outcome.value, _where(entry), entry.id, entry.reason or _state_name(entry), entry.message)
        for outcome in shown
        for entry in report.of(outcome)
    ]
    if rows:
        headers = ("OUTCOME", "WHERE", "ID", "REASON", "MESSAGE")
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(4)]
        lines.append("")
        for row in [headers, *rows]:
            lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _state_name(entry: ReportEntry) -> str:
    return entry.state.value if entry.state else ""


def _where(entry: ReportEntry) -> str:
    return f"{entry.file}:{entry.line}" if entry.line else entry.file
