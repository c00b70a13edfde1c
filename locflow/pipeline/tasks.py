"""The units of work of a queued run, one per stage x locale x document batch.

Each is the pipeline stage itself (:func:`~locflow.pipeline.extract.extract`,
:func:`~locflow.pipeline.pretranslate.pretranslate_documents`,
:func:`~locflow.pipeline.gate.check_gate`, :func:`~locflow.pipeline.build.build`)
limited to a batch of documents, so ``locflow run`` in one process and
``locflow worker`` on many machines do the same work by the same code. Each
returns what it did as JSON, which the queue keeps for the run's report.

Every unit is idempotent, so a task retried after a crash redoes nothing that
was committed: extract skips documents whose bytes are stored, pretranslate
fills only what is untranslated, QA reads, and build writes a file atomically
and only when its bytes change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from locflow.model import Locale
from locflow.pipeline.build import build
from locflow.pipeline.extract import extract, remove_missing_documents
from locflow.pipeline.gate import GateResult, check_gate
from locflow.pipeline.pretranslate import PretranslateReport, pretranslate_documents
from locflow.project import Project
from qa_checks import QAReport

__all__ = ["prepare_batches", "extract_batch", "pretranslate_batch", "qa_locale", "build_batch", "gate_from_json"]


def prepare_batches(project: Project) -> None:
    """What a run does once before its batches: import the TMX files and glossaries that
    changed (tasks running at once must not import them each) and remove the documents
    whose source file is gone (a batch only sees its own documents)."""
    project.import_memories()
    project.import_glossaries()
    remove_missing_documents(project)


def extract_batch(project: Project, documents: Sequence[str]) -> dict[str, Any]:
    """Bring these documents' segments up to date in the store."""
    return extract(project, documents=documents).to_json()


def pretranslate_batch(project: Project, documents: Sequence[str], locale: Locale) -> dict[str, Any]:
    """Fill what is untranslated in these documents for ``locale``; an MT engine that failed
    for good raises :class:`~locflow.errors.ProviderError` after what it did is saved, so the
    task is tried again for the rest."""
    fill = pretranslate_documents(project, documents, locale)
    if fill.machine.unfinished:
        PretranslateReport(locales={str(locale): fill}).raise_for_service()
    return fill.to_json()


def qa_locale(project: Project, locale: Locale, fail_on: str | None) -> dict[str, Any]:
    """Check every stored translation of ``locale``: the QA gate is decided per locale,
    so this stage waits for all of the locale's batches and covers them at once."""
    gate = check_gate(project, [locale], fail_on=fail_on)
    tag = str(locale)
    return {
        "reasons": gate.reasons.get(tag, []),
        "failing": sorted([document, key] for document, key in gate.failing.get(tag, set())),
        "summary": gate.report.summary(),
    }


def gate_from_json(locale: str, data: dict[str, Any]) -> GateResult:
    """The gate :func:`qa_locale` decided, as :func:`~locflow.pipeline.build.build` takes it."""
    gate = GateResult(QAReport())
    if data["reasons"]:
        gate.reasons[locale] = list(data["reasons"])
        gate.failing[locale] = {(document, key) for document, key in data["failing"]}
    return gate


def build_batch(project: Project, documents: Sequence[str], locale: Locale, gate: dict[str, Any]) -> dict[str, Any]:
    """Write the localized files of these documents for ``locale``, behind the locale's gate."""
    report = build(project, [locale], documents=documents, gate=gate_from_json(str(locale), gate))
    return {**report.to_json(), "unchanged": report.unchanged}
