"""Reset: remove drafts so a project can start a locale over.

A project that ran the pseudo provider, or an engine it no longer trusts,
clears those drafts (``mt``), or TM and fuzzy pre-fills, and pretranslates
again. Only the states named are touched: a person's translations
(``translated``, ``reviewed``, ``approved``) and stale ones survive unless
named explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from locflow.errors import UsageError
from locflow.model import Locale, State
from locflow.project import Project

__all__ = ["reset", "ResetReport"]


@dataclass(slots=True)
class ResetReport:
    removed: dict[str, int] = field(default_factory=dict)  # locale -> translations removed

    def to_json(self) -> dict[str, int]:
        return dict(self.removed)


def reset(project: Project, locales: Sequence[Locale], states: Iterable[State], *, document: str | None = None) -> ResetReport:
    """Remove the translations of ``locales`` in ``states`` (of one ``document`` when given),
    all in one transaction."""
    states = sorted(set(states), key=lambda state: state.rank)
    if not states:
        raise UsageError("name the states to reset with --state (e.g. --state mt)")
    if State.NEW in states:
        raise UsageError("'new' segments have no translation to remove")
    if document is not None and document not in {path for path, _ in project.store.documents()}:
        raise UsageError(f"no document {document!r} in this project")
    report = ResetReport()
    with project.store.transaction() as conn:
        for locale in locales:
            report.removed[str(locale)] = project.store.delete_translations(str(locale), states, document, conn)
    return report
