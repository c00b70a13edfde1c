"""Build: localized files under ``build/{locale}/{path}``, merged by each file's own filter.

Each source is extracted again and merged with the translations of the
locale that are published (``[build] min_state``: from ``mt`` by default,
so ``mt``, ``tm``, ``translated``, ``reviewed``, ``approved``), matched by
segment key *and* source hash, so a source edited since the last extract
never receives a translation of its old text. Given a QA gate
(:mod:`locflow.pipeline.gate`), a locale that failed it is held back
entirely (``[build] on_qa_error = "hold"``) or loses its failing
translations (``"drop"``). Untranslated segments follow ``[build] fallback``:

* ``source``: keep the source text (the default);
* ``omit``: do not write a file that is not completely translated (reported);
* ``fail``: stop with an error listing what is missing, writing nothing.

Files are written atomically (temporary file, then rename), and only when
their bytes change, so an unchanged build touches nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from locflow.errors import LocflowError
from locflow.fileio import remove_abandoned_temporaries, write_atomically
from locflow.model import USABLE_STATES, Document, Locale, Segment, State
from locflow.mt.pseudo import pseudo_segment
from locflow.pipeline.extract import parse_source
from locflow.pipeline.gate import GateResult
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project

__all__ = ["build", "BuildReport", "PSEUDO_LOCALE", "published_states"]

log = logging.getLogger(__name__)

#: The ``{locale}`` of a pseudo-localized build.
PSEUDO_LOCALE = "pseudo"


class BuildIncomplete(LocflowError):
    """``fallback = "fail"`` and some segments have no usable translation."""

    exit_code = 1


@dataclass(slots=True)
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    untranslated: dict[str, int] = field(default_factory=dict)  # locale -> segments that fell back
    held: dict[str, list[str]] = field(default_factory=dict)  # locale -> why the QA gate held it back
    dropped: dict[str, list[str]] = field(default_factory=dict)  # locale -> "document#key" left out by the gate

    def to_json(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "unchanged": len(self.unchanged),
            "omitted": self.omitted,
            "untranslated": self.untranslated,
            "held": self.held,
            "dropped": self.dropped,
        }

    @property
    def gate_failed(self) -> bool:
        return bool(self.held or self.dropped)


@dataclass(frozen=True, slots=True)
class _Merge:
    output: Path
    data: bytes
    missing: int


def build(
    project: Project,
    locales: Sequence[Locale] | None = None,
    *,
    pseudo: bool = False,
    gate: GateResult | None = None,
    documents: Collection[str] | None = None,
    progress: Progress = no_progress,
) -> BuildReport:
    """Merge and write the localized files; with ``gate``, locales that failed QA are held
    back or lose their failing translations (``[build] on_qa_error``). With ``documents``
    (a batch of a queued run) only their files are built."""
    report = BuildReport()
    sources = project.source_files()
    if documents is not None:
        wanted = set(documents)
        sources = [source for source in sources if str(source.path) in wanted]
    parsed = [(source, *parse_source(project, source)) for source in sources]
    targets = [None] if pseudo else list(locales or project.config.target_locales)
    merges: list[_Merge] = []
    for locale in targets:
        tag = PSEUDO_LOCALE if locale is None else str(locale)
        excluded = _gated(project, gate, tag, report)
        if excluded is None:
            continue
        usable = {} if locale is None else _usable_translations(project, tag, excluded, documents)
        missing_total = 0
        for done, (source, filter_, document) in enumerate(parsed, start=1):
            translations, missing = (
                _pseudo_translations(document) if locale is None else _translations_for(document, usable)
            )
            merge_locale = project.config.source_locale if locale is None else locale
            missing_total += missing
            for path, data in _built_files(filter_, document, translations, merge_locale):
                output = project.output_path(path, tag)
                if missing and project.config.fallback == "omit":
                    report.omitted.append(str(output.relative_to(project.root)))
                else:
                    merges.append(_Merge(output, data, missing))
            progress(f"build {tag}", done, len(parsed))
        report.untranslated[tag] = missing_total
    if project.config.fallback == "fail" and any(report.untranslated.values()):
        counts = ", ".join(f"{tag}: {n}" for tag, n in report.untranslated.items() if n)
        raise BuildIncomplete(f"fallback = \"fail\": segments without a usable translation ({counts}); nothing written")
    for directory in {merge.output.parent for merge in merges}:
        remove_abandoned_temporaries(directory)
    for merge in merges:
        relative = str(merge.output.relative_to(project.root))
        if _write_if_changed(merge.output, merge.data):
            report.written.append(relative)
        else:
            report.unchanged.append(relative)
    return report


def _built_files(
    filter_: Any, document: Document, translations: dict[str, Segment], locale: Locale
) -> list[tuple[PurePosixPath, bytes]]:
    """The files a filter writes for one source: its ``built_files`` when it has one, else the merge."""
    if hasattr(filter_, "built_files"):
        return filter_.built_files(document, translations, locale)
    return [(document.path, filter_.merge(document, translations, locale))]


def _gated(project: Project, gate: GateResult | None, tag: str, report: BuildReport) -> set[tuple[str, str]] | None:
    """The (document, key) pairs the QA gate keeps out of ``tag``'s build, or ``None`` when the
    whole locale is held back."""
    if gate is None or tag not in gate.reasons:
        return set()
    failing = gate.failing.get(tag, set())
    if project.config.on_qa_error == "drop" and failing:
        report.dropped[tag] = sorted(f"{document}#{key}" for document, key in failing)
        return failing
    report.held[tag] = gate.reasons[tag]
    log.warning("build %s held back by the QA gate: %s", tag, "; ".join(gate.reasons[tag]))
    return None


def published_states(min_state: State) -> frozenset[State]:
    """The states a build publishes when ``[build] min_state`` is ``min_state``."""
    order = [State.MT, State.TM, State.TRANSLATED, State.REVIEWED, State.APPROVED]
    return frozenset(order[order.index(min_state) :]) & USABLE_STATES


def _usable_translations(
    project: Project, locale: str, excluded: set[tuple[str, str]], documents: Collection[str] | None = None
) -> dict[tuple[str, str, str], Segment]:
    """(document, segment key, source hash) -> target, for the states the build publishes."""
    store = project.store
    stored = store.segments() if documents is None else store.segments_of(documents)
    by_id = {s.id: s for s in stored}
    published = published_states(project.config.min_state)
    usable: dict[tuple[str, str, str], Segment] = {}
    for segment_id, translation in store.translations(locale).items():
        segment = by_id.get(segment_id)
        if segment is not None and translation.state in published and (segment.document, segment.key) not in excluded:
            usable[(segment.document, segment.key, segment.source_hash)] = translation.target
    return usable


def _translations_for(document: Document, usable: dict[tuple[str, str, str], Segment]) -> tuple[dict[str, Segment], int]:
    path = str(document.path)
    translations: dict[str, Segment] = {}
    missing = 0
    for _, key, segment in document.segments():
        target = usable.get((path, key, segment.content_hash()))
        if target is None:
            missing += segment.has_text()
        else:
            translations[key] = target
    return translations, missing


def _pseudo_translations(document: Document) -> tuple[dict[str, Segment], int]:
    return {key: pseudo_segment(segment) for _, key, segment in document.segments()}, 0


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomically(path, data)
    return True
