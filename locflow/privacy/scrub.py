"""``locflow tm scrub``: mask or delete TM units that hold personal data (an erasure request).

*mask* replaces each item in the source and target, in text and inside
codes (an address in a link), with a marker naming its kind (``[phone]``,
``[email]``) and also masks TMX notes and properties; the unit stays
useful for matching. *delete* removes the unit. Either way the TM's index
follows (:meth:`tm.TranslationMemory.scrub`), all in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from locflow.model import Code, Locale, Segment
from locflow.privacy.detect import PIIFinder

__all__ = ["ScrubReport", "scrub_tm", "mask_text"]


@dataclass(slots=True)
class ScrubReport:
    mode: str
    dry_run: bool
    scanned: int = 0
    rewritten: int = 0
    deleted: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode, "dry_run": self.dry_run, "scanned": self.scanned, "rewritten": self.rewritten,
            "deleted": self.deleted, "by_kind": dict(sorted(self.kinds.items())),
        }


def mask_text(text: str, finder: PIIFinder, locale: Locale, kinds: Counter[str]) -> str:
    """``text`` with each item of personal data replaced by ``[kind]``; counts what it replaced."""
    out, pos = [], 0
    for span in finder.find(text, locale):
        out.append(text[pos : span.start])
        out.append(f"[{span.kind}]")
        kinds[span.kind] += 1
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def _mask_segment(segment: Segment, finder: PIIFinder, locale: Locale, kinds: Counter[str]) -> Segment:
    parts = [
        mask_text(part, finder, locale, kinds) if isinstance(part, str) else _mask_code(part, finder, locale, kinds)
        for part in segment.parts
    ]
    return Segment(tuple(parts))


def _mask_code(code: Code, finder: PIIFinder, locale: Locale, kinds: Counter[str]) -> Code:
    data = mask_text(code.data, finder, locale, kinds)
    return code if data == code.data else replace(code, data=data)


def _mask_meta(value: Any, finder: PIIFinder, locale: Locale, kinds: Counter[str]) -> Any:
    if isinstance(value, str):
        return mask_text(value, finder, locale, kinds)
    if isinstance(value, Mapping):
        return {k: _mask_meta(v, finder, locale, kinds) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_meta(v, finder, locale, kinds) for v in value]
    return value


def scrub_tm(project: Any, *, mode: Literal["mask", "delete"] = "mask", dry_run: bool = False) -> ScrubReport:
    """Mask or delete the project TM's units that hold personal data (``[mt.privacy]`` detectors)."""
    from tm import DELETE

    finder = PIIFinder.from_settings(project.config.mt.privacy)
    report = ScrubReport(mode, dry_run)
    if project.tm is None:
        return report

    def review(entry: Any) -> Any:
        found: Counter[str] = Counter()
        source = _mask_segment(entry.source, finder, entry.source_locale, found)
        target = _mask_segment(entry.target, finder, entry.target_locale, found)
        meta = _mask_meta(dict(entry.meta), finder, entry.source_locale, found)
        if not found:
            return None
        report.kinds.update(found)
        return DELETE if mode == "delete" else replace(entry, source=source, target=target, meta=meta)

    stats = project.tm.scrub(review, dry_run=dry_run)
    report.scanned, report.rewritten, report.deleted = stats.scanned, stats.rewritten, stats.deleted
    return report
