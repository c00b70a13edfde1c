"""The result of a QA run: issues, what was set aside, and the summary every reporter prints.

The issues live in an :class:`~qa_checks.report.spool.IssueSpool` (a temporary SQLite
file), not in memory: reporters read them a chunk at a time (:meth:`QAReport.chunks`),
and the summary is tallied once from the spool's small columns (:class:`IssueTally`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from qa_checks.base import Issue, Severity
from qa_checks.report.spool import BASELINED, CHUNK, ISSUES, KINDS, SUPPRESSED, IssueSpool

__all__ = ["QAReport", "CheckInfo", "IssueTally", "add_locale_totals"]

_MQM = itemgetter(4)


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A check that ran, as reporters describe it (SARIF rules, JUnit test cases)."""

    id: str
    severity: str
    category: str
    description: str
    mqm: str


@dataclass
class IssueTally:
    """What the summary says of the issues: counts and MQM penalty points, in all and per
    locale, without the issues."""

    #: (locale, severity, check, category) -> issues
    counts: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    points: float = 0.0
    #: locale -> penalty points of its issues
    locale_points: dict[str, float] = field(default_factory=dict)
    suppressed: int = 0
    baselined: int = 0

    @classmethod
    def of(cls, spool: IssueSpool, weights: Mapping[str, float]) -> IssueTally:
        """The tally of a spool's issues, read once in order. The points are summed in the
        issues' order, as ``sum`` over the issues would (the same float, to the last bit)."""
        tally = cls(suppressed=spool.count(SUPPRESSED), baselined=spool.count(BASELINED))
        points: Any = 0
        by_locale: dict[str, Any] = {}
        rows = spool.tally_rows()
        while batch := rows.fetchmany(CHUNK):
            tally.counts.update(row[:4] for row in batch)
            points = sum(map(weights.get, map(_MQM, batch), repeat(0)), points)
            for locale, mqms in _by_locale(batch).items():
                by_locale[locale] = sum(map(weights.get, mqms, repeat(0)), by_locale.get(locale, 0))
        tally.points = float(points)
        tally.locale_points = {locale: float(total) for locale, total in by_locale.items()}
        return tally

    def total(self, position: int, value: str | None = None) -> Counter[str]:
        """Issues by the key's field at ``position`` (1 severity, 2 check, 3 category), of one
        locale when ``value`` is given."""
        out: Counter[str] = Counter()
        for key, count in self.counts.items():
            if value is None or key[0] == value:
                out[key[position]] += count
        return out

    @property
    def issues(self) -> int:
        return sum(self.counts.values())


def _by_locale(rows: list[Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(row[4])
    return out


class QAReport:
    """What ``run_checks`` found.

    ``issues`` count towards the gate; ``suppressed`` were silenced by a
    ``locflow-ignore`` note; ``baselined`` were accepted in a baseline file. The
    MQM penalty sums the weights of ``issues`` and is normalised per 1,000
    source words.

    The three lists are kept in ``spool``; made from lists of issues (``issues=[...]``),
    the report writes them there. :meth:`chunks` reads them; the ``issues``,
    ``suppressed`` and ``baselined`` attributes give a whole list at once, for small
    reports and tests. :meth:`close` deletes the spool's file (also done when the report
    is garbage-collected); a report is a context manager that closes it.
    """

    def __init__(
        self,
        issues: Iterable[Issue] = (),
        suppressed: Iterable[Issue] = (),
        baselined: Iterable[Issue] = (),
        *,
        spool: IssueSpool | None = None,
        checks: Iterable[CheckInfo] = (),
        units: int = 0,
        words: int = 0,
        locales: Mapping[str, tuple[int, int]] | None = None,
        files: Iterable[str] = (),
        weights: Mapping[str, float] | None = None,
        fail_on: str = "error",
        max_penalty: float | None = None,
        profile: Mapping[str, Any] | None = None,
    ) -> None:
        if spool is None:
            spool = IssueSpool()
            for kind, listed in ((ISSUES, issues), (SUPPRESSED, suppressed), (BASELINED, baselined)):
                spool.append(kind, listed)
        self.spool = spool
        self.checks: list[CheckInfo] = list(checks)
        self.units, self.words = units, words
        #: target locale -> (units, source words) checked
        self.locales: dict[str, tuple[int, int]] = dict(locales or {})
        self.files: list[str] = list(files)
        self.weights: dict[str, float] = dict(weights or {})
        self.fail_on, self.max_penalty = fail_on, max_penalty
        self.profile: dict[str, Any] = dict(profile or {})

    def with_spool(self, spool: IssueSpool) -> QAReport:
        """The same report (checks, units, profile...) with other issues."""
        return QAReport(
            spool=spool, checks=self.checks, units=self.units, words=self.words, locales=self.locales, files=self.files,
            weights=self.weights, fail_on=self.fail_on, max_penalty=self.max_penalty, profile=self.profile,
        )

    # -- the issues ---------------------------------------------------------------
    def chunks(self, which: str = "issues", *, by_line: bool = False) -> Iterator[list[Issue]]:
        """The issues of one list (``issues``, ``suppressed`` or ``baselined``) in order, a
        chunk at a time; ``by_line``: sorted by line, then check (ties in order)."""
        return self.spool.chunks(KINDS[which], by_line=by_line)

    def each(self, which: str = "issues") -> Iterator[Issue]:
        """The issues of one list, one at a time (read a chunk at a time)."""
        return chain.from_iterable(self.chunks(which))

    @property
    def issues(self) -> list[Issue]:
        return list(self.each("issues"))

    @property
    def suppressed(self) -> list[Issue]:
        return list(self.each("suppressed"))

    @property
    def baselined(self) -> list[Issue]:
        return list(self.each("baselined"))

    @cached_property
    def tally(self) -> IssueTally:
        return IssueTally.of(self.spool, self.weights)

    def close(self) -> None:
        """Delete the spool (the issues can no longer be read; the summary still can, once taken)."""
        self.spool.close()

    def __enter__(self) -> QAReport:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- MQM score ------------------------------------------------------------
    @property
    def penalty_points(self) -> float:
        return self.tally.points

    @property
    def penalty(self) -> float:
        """Penalty points per 1,000 source words (0 when nothing was checked)."""
        return round(self.penalty_points * 1000 / self.words, 2) if self.words else 0.0

    @property
    def quality_score(self) -> float:
        """100 minus the normalised penalty, floored at 0 (the MQM 'quality score')."""
        return round(max(0.0, 100.0 - self.penalty / 10), 2)

    # -- the gate ---------------------------------------------------------------
    def gate_failures(self) -> list[str]:
        reasons = []
        if self.fail_on != "never":
            threshold = Severity(self.fail_on).rank
            by_severity = self.tally.total(1)
            failing = sum(count for severity, count in by_severity.items() if Severity(severity).rank >= threshold)
            if failing:
                reasons.append(f"{failing} issue(s) at or above {self.fail_on}")
        if self.max_penalty is not None and self.penalty > self.max_penalty:
            reasons.append(f"MQM penalty {self.penalty:g} per 1,000 words exceeds {self.max_penalty:g}")
        return reasons

    @property
    def failed(self) -> bool:
        return bool(self.gate_failures())

    def fails_gate(self, issue: Issue) -> bool:
        return self.fail_on != "never" and issue.severity.rank >= Severity(self.fail_on).rank

    # -- summary ----------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        tally = self.tally
        by_severity = tally.total(1)
        reasons = self.gate_failures()
        return {
            "files": len(self.files),
            "units": self.units,
            "words": self.words,
            "issues": tally.issues,
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_check": dict(sorted(tally.total(2).items())),
            "by_category": dict(sorted(tally.total(3).items())),
            "suppressed": tally.suppressed,
            "baselined": tally.baselined,
            "mqm": {
                "penalty_points": self.penalty_points,
                "penalty_per_1000_words": self.penalty,
                "quality_score": self.quality_score,
                "weights": dict(self.weights),
                "max_penalty": self.max_penalty,
            },
            "by_locale": self.by_locale(),
            "gate": {"fail_on": self.fail_on, "failed": bool(reasons), "reasons": reasons},
            "profile": self.profile,
        }

    def by_locale(self) -> dict[str, dict[str, Any]]:
        """Per target locale: units and words checked, issues by severity, MQM penalty per 1,000 words."""
        out: dict[str, dict[str, Any]] = {}
        for locale, (units, words) in sorted(self.locales.items()):
            severities = self.tally.total(1, locale)
            points = self.tally.locale_points.get(locale, 0.0)
            out[locale] = {
                "units": units,
                "words": words,
                **{s.value: severities.get(s.value, 0) for s in Severity},
                "penalty_per_1000_words": round(points * 1000 / words, 2) if words else 0.0,
            }
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "issues": [i.to_json() for i in self.each("issues")],
            "suppressed": [i.to_json() for i in self.each("suppressed")],
            "baselined": [i.to_json() for i in self.each("baselined")],
            "summary": self.summary(),
        }


def add_locale_totals(*totals: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """(units, words) per locale of several runs, added up."""
    out: dict[str, tuple[int, int]] = {}
    for each in totals:
        for locale, (units, words) in each.items():
            have = out.get(locale, (0, 0))
            out[locale] = (have[0] + units, have[1] + words)
    return out
