"""Baselines: accept today's issues so a CI gate fails only on new ones.

A baseline records each issue by file, unit, locale, check and message (not
by line: lines move as files are edited). Matching counts occurrences, so a
unit that had one accepted issue and now has two reports the second. The
file I/O lives with the caller; this module turns reports into JSON and back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from locflow.model.errors import ConfigError
from qa_checks.report.model import QAReport
from qa_checks.report.spool import BASELINED, ISSUES, SUPPRESSED, IssueSpool

__all__ = ["Baseline", "FORMAT_VERSION"]

FORMAT_VERSION = 1
_FIELDS = ("file", "unit", "locale", "check", "message")


class Baseline:
    """A multiset of accepted issue fingerprints."""

    def __init__(self, fingerprints: Counter[str]) -> None:
        self.fingerprints = fingerprints

    @classmethod
    def from_report(cls, report: QAReport) -> Baseline:
        fingerprints: Counter[str] = Counter()
        for which in ("issues", "baselined"):
            for issues in report.chunks(which):
                fingerprints.update(issue.fingerprint for issue in issues)
        return cls(fingerprints)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, source: str = "baseline") -> Baseline:
        if not isinstance(data, Mapping) or data.get("locflow_qa_baseline") != FORMAT_VERSION:
            raise ConfigError(f"{source} is not a locflow QA baseline (version {FORMAT_VERSION})")
        counts: Counter[str] = Counter()
        for entry in data.get("issues", []):
            try:
                key = "\x1f".join(str(entry[f] or "") for f in _FIELDS)
            except (KeyError, TypeError) as exc:
                raise ConfigError(f"{source}: baseline entry {entry!r} lacks {exc}") from exc
            counts[key] += int(entry.get("count", 1))
        return cls(counts)

    def to_json(self) -> dict[str, Any]:
        entries = []
        for key, count in sorted(self.fingerprints.items()):
            entry: dict[str, Any] = dict(zip(_FIELDS, key.split("\x1f")))
            if count > 1:
                entry["count"] = count
            entries.append(entry)
        return {"locflow_qa_baseline": FORMAT_VERSION, "issues": entries}

    def apply(self, report: QAReport) -> QAReport:
        """The report with accepted issues moved from ``issues`` to ``baselined`` (a new
        report, written a chunk at a time)."""
        remaining = Counter(self.fingerprints)
        spool = IssueSpool()
        spool.copy_from(report.spool, (SUPPRESSED, BASELINED))  # those of the report come first
        for issues in report.chunks("issues"):
            new, accepted = [], []
            for issue in issues:
                key = issue.fingerprint
                if remaining[key] > 0:
                    remaining[key] -= 1
                    accepted.append(replace(issue, note="accepted in the baseline"))
                else:
                    new.append(issue)
            spool.append(ISSUES, new)
            spool.append(BASELINED, accepted)
        return report.with_spool(spool)

    def __len__(self) -> int:
        return sum(self.fingerprints.values())
