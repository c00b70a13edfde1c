"""Text lines about an MT run, for ``pretranslate`` and ``run``."""

from __future__ import annotations

from typing import Any

__all__ = ["mt_summary_lines"]


def mt_summary_lines(report: Any) -> list[str]:
    """Per locale: each engine's requests, characters and cache answers; masked personal data; refusals."""
    lines = []
    for tag, fill in report.locales.items():
        outcome = fill.machine.outcome
        for name, usage in outcome.usage.items():
            lines.append(
                f"MT {tag} {name}: {usage.requests} requests, {usage.characters:,} characters sent, "
                f"{usage.translated} translated ({usage.cached} from the cache)"
            )
        if outcome.masked:
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(outcome.masked.items()))
            lines.append(f"MT {tag} personal data masked: {kinds}")
        for reason, count in outcome.to_json()["rejected"].items():
            lines.append(f"MT {tag} answers refused ({reason}): {count} (locflow mt rejected -l {tag})")
        for reason, count in outcome.to_json()["left"].items():
            lines.append(f"MT {tag} left untranslated ({reason}): {count}")
    return lines
