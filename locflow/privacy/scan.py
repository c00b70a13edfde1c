"""``locflow privacy scan``: where personal data sits in the project's sources and in its TM.

Sources are read as extracted (the project store's segments, markup and
all: an address inside a link counts); the TM is read unit by unit, source
and target each in its own locale (phone numbers are read in the
locale's region). A finding names where (file and segment key, or TM unit
id) and the kind, never the data itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from locflow.model import Locale
from locflow.privacy.detect import PIIFinder

__all__ = ["Finding", "PrivacyReport", "scan_project"]


@dataclass(frozen=True, slots=True)
class Finding:
    where: str  # "source" or "tm"
    document: str  # source path, or "tm unit <id>"
    key: str  # segment key, or the TM side ("source" / "target")
    locale: str
    kind: str

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "document": self.document, "key": self.key, "locale": self.locale, "kind": self.kind}


@dataclass(slots=True)
class PrivacyReport:
    findings: list[Finding] = field(default_factory=list)
    segments_scanned: int = 0
    tm_units_scanned: int = 0

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": [f.to_json() for f in self.findings],
            "summary": {
                "segments_scanned": self.segments_scanned,
                "tm_units_scanned": self.tm_units_scanned,
                "by_kind": self.by_kind,
                "sources": sum(1 for f in self.findings if f.where == "source"),
                "tm": sum(1 for f in self.findings if f.where == "tm"),
            },
        }


def scan_project(project: Any, *, sources: bool = True, tm: bool = True) -> PrivacyReport:
    """Personal data in the extracted sources and in the TM, with the project's ``[mt.privacy]`` detectors."""
    finder = PIIFinder.from_settings(project.config.mt.privacy)
    report = PrivacyReport()
    if sources:
        locale = project.config.source_locale
        for segment in project.store.segments():
            report.segments_scanned += 1
            for span in finder.find(segment.source.render(), locale):
                report.findings.append(Finding("source", segment.document, segment.key, locale.tag, span.kind))
    if tm and project.tm is not None:
        for finding in _tm_findings(project.tm, finder, report):
            report.findings.append(finding)
    return report


def _tm_findings(memory: Any, finder: PIIFinder, report: PrivacyReport) -> Iterator[Finding]:
    locales: dict[str, Locale] = {}
    for row in memory.store.iter_units():
        report.tm_units_scanned += 1
        for side, text, tag in (("source", row.source_segment(), row.source_locale), ("target", row.target_segment(), row.target_locale)):
            locale = locales.setdefault(tag, Locale(tag))
            for span in finder.find(text.render(), locale):
                yield Finding("tm", f"tm unit {row.id}", side, tag, span.kind)
