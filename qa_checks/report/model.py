"""The result of a QA run: issues, what was set aside, and the summary every reporter prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from typing import Any

from qa_checks.base import Issue, Severity

__all__ = ["QAReport", "CheckInfo", "add_locale_totals"]

# (the summary goes over every issue several times: these read them in C)
_SEVERITY, _CHECK, _CATEGORY, _MQM = attrgetter("severity"), attrgetter("check"), attrgetter("category"), attrgetter("mqm")


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A check that ran, as reporters describe it (SARIF rules, JUnit test cases)."""

    id: str
    severity: str
    category: str
    description: str
    mqm: str


@dataclass
class QAReport:
    """What ``run_checks`` found.

    ``issues`` count towards the gate; ``suppressed`` were silenced by a
    ``locflow-ignore`` note; ``baselined`` were accepted in a baseline file. The
    MQM penalty sums the weights of ``issues`` and is normalised per 1,000
    source words.
    """

    issues: list[Issue]
    suppressed: list[Issue] = field(default_factory=list)
    baselined: list[Issue] = field(default_factory=list)
    checks: list[CheckInfo] = field(default_factory=list)
    units: int = 0
    words: int = 0
    #: target locale -> (units, source words) checked
    locales: dict[str, tuple[int, int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    fail_on: str = "error"
    max_penalty: float | None = None
    profile: dict[str, Any] = field(default_factory=dict)

    # -- MQM score ------------------------------------------------------------
    @property
    def penalty_points(self) -> float:
        return float(sum(map(self.weights.get, map(_MQM, self.issues), repeat(0))))

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
            levels = {severity for severity in Severity if severity.rank >= threshold}
            failing = sum(map(levels.__contains__, map(_SEVERITY, self.issues)))
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
        by_severity = Counter(map(_SEVERITY, self.issues))  # (a Severity is its value as a key)
        reasons = self.gate_failures()
        return {
            "files": len(self.files),
            "units": self.units,
            "words": self.words,
            "issues": len(self.issues),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_check": dict(sorted(Counter(map(_CHECK, self.issues)).items())),
            "by_category": dict(sorted(Counter(map(_CATEGORY, self.issues)).items())),
            "suppressed": len(self.suppressed),
            "baselined": len(self.baselined),
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
            issues = [issue for issue in self.issues if issue.locale == locale]
            severities = Counter(map(_SEVERITY, issues))
            points = float(sum(map(self.weights.get, map(_MQM, issues), repeat(0))))
            out[locale] = {
                "units": units,
                "words": words,
                **{s.value: severities.get(s.value, 0) for s in Severity},
                "penalty_per_1000_words": round(points * 1000 / words, 2) if words else 0.0,
            }
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "issues": [i.to_json() for i in self.issues],
            "suppressed": [i.to_json() for i in self.suppressed],
            "baselined": [i.to_json() for i in self.baselined],
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
