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
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from locflow.errors import LocflowError
from locflow.fileio import remove_abandoned_temporaries, write_atomically
from locflow.model import USABLE_STATES, Document, Locale, Segment, State
from locflow.model.forking import available_processes, can_fork_workers, forked_pool, frozen_heap
from locflow.mt.pseudo import pseudo_segment
from locflow.pipeline.extract import parse_source
from locflow.pipeline.gate import GateResult
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project, SourceFile

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

    def add(self, part: _Part) -> None:
        """Count in what one batch of sources wrote."""
        self.written += part.written
        self.unchanged += part.unchanged
        self.omitted += part.omitted
        for tag, missing in part.untranslated.items():
            self.untranslated[tag] = self.untranslated.get(tag, 0) + missing


#: Sources parsed, merged and written together: the translations of a batch are one query
#: per locale, and nothing of earlier batches is kept, so memory stays flat however big the project.
_BATCH = 200


@dataclass(frozen=True, slots=True)
class _Target:
    tag: str
    locale: Locale | None  # None: the pseudo-locale
    excluded: set[tuple[str, str]]


def build(
    project: Project,
    locales: Sequence[Locale] | None = None,
    *,
    pseudo: bool = False,
    gate: GateResult | None = None,
    documents: Collection[str] | None = None,
    progress: Progress = no_progress,
    processes: int | None = None,
) -> BuildReport:
    """Merge and write the localized files; with ``gate``, locales that failed QA are held
    back or lose their failing translations (``[build] on_qa_error``). With ``documents``
    (a batch of a queued run) only their files are built.

    Sources are read and written in batches of :data:`_BATCH`, spread over ``processes``
    forked workers (every core by default; see :func:`_in_parts`). With ``fallback =
    "fail"`` a first pass only counts what is missing, so nothing is written when anything is.
    """
    report = BuildReport()
    sources = project.source_files()
    if documents is not None:
        wanted = set(documents)
        sources = [source for source in sources if str(source.path) in wanted]
    targets = _targets(project, None if pseudo else list(locales or project.config.target_locales), gate, report)
    if project.config.fallback == "fail":
        _check_complete(project, sources, targets)
    batches = [sources[start : start + _BATCH] for start in range(0, len(sources), _BATCH)]
    done = 0
    for part in _in_parts(project, targets, batches, processes):
        report.add(part)
        done += part.sources
        for target in targets:
            progress(f"build {target.tag}", done, len(sources))
    return report


@dataclass(slots=True)
class _Part:
    """What building one batch of sources wrote, for :meth:`BuildReport.add`."""

    sources: int
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    untranslated: dict[str, int] = field(default_factory=dict)


#: What forked build workers share: the open project and the locales to write.
_shared: tuple[Project, list[_Target]] | None = None


def _in_parts(
    project: Project, targets: list[_Target], batches: list[list[SourceFile]], processes: int | None
) -> Iterator[_Part]:
    """Each batch built, in order: here, or by forked workers when there are several batches
    and cores (parsing and merging are CPU-bound Python, one core per process). Each
    worker reads its batch's translations through a connection of its own and writes
    its own files, so only the file names come back."""
    processes = min(processes or available_processes(), len(batches))
    if processes < 2 or not can_fork_workers() or project.store.engine.url.database in (None, "", ":memory:"):
        for batch in batches:
            yield _build_part(project, targets, batch)
        return
    global _shared
    _shared = (project, targets)
    try:
        with frozen_heap(), forked_pool(processes, _start_worker) as pool:
            yield from pool.map(_build_shared_part, batches)
    finally:
        _shared = None


def _start_worker() -> None:
    """In a forked worker: drop the parent's database connections without closing them."""
    assert _shared is not None
    _shared[0].store.engine.dispose(close=False)


def _build_shared_part(batch: list[SourceFile]) -> _Part:
    assert _shared is not None
    return _build_part(*_shared, batch)


def _build_part(project: Project, targets: list[_Target], batch: list[SourceFile]) -> _Part:
    """Parse one batch of sources and write its files for every target."""
    part = _Part(len(batch), untranslated=dict.fromkeys((target.tag for target in targets), 0))
    parsed = [(source, *parse_source(project, source)) for source in batch]
    swept: set[Path] = set()
    for target in targets:
        _build_batch(project, target, parsed, part, swept)
    return part


def _targets(
    project: Project, locales: list[Locale] | None, gate: GateResult | None, report: BuildReport
) -> list[_Target]:
    """The locales to write (``None``: the pseudo-locale), less those the QA gate holds back."""
    targets = []
    for locale in [None] if locales is None else locales:
        tag = PSEUDO_LOCALE if locale is None else str(locale)
        excluded = _gated(project, gate, tag, report)
        if excluded is not None:
            targets.append(_Target(tag, locale, excluded))
            report.untranslated[tag] = 0
    return targets


def _merged(
    project: Project, target: _Target, parsed: list[tuple[SourceFile, Any, Document]]
) -> Iterator[tuple[Any, Document, dict[str, Segment], int]]:
    """(filter, document, translations, segments missing) of each parsed source for ``target``."""
    paths = [str(document.path) for _source, _filter, document in parsed]
    usable = {} if target.locale is None else _usable_translations(project, target, paths)
    for _source, filter_, document in parsed:
        translations, missing = (
            _pseudo_translations(document) if target.locale is None else _translations_for(document, usable)
        )
        yield filter_, document, translations, missing


def _build_batch(
    project: Project, target: _Target, parsed: list[tuple[SourceFile, Any, Document]], report: _Part, swept: set[Path]
) -> None:
    """Merge and write one batch of sources for ``target``; ``swept`` holds the directories
    already rid of the temporary files of killed writers."""
    merge_locale = project.config.source_locale if target.locale is None else target.locale
    for filter_, document, translations, missing in _merged(project, target, parsed):
        report.untranslated[target.tag] += missing
        for path, data in _built_files(filter_, document, translations, merge_locale):
            output = project.output_path(path, target.tag)
            relative = str(output.relative_to(project.root))
            if output.parent not in swept:
                remove_abandoned_temporaries(output.parent)
                swept.add(output.parent)
            if missing and project.config.fallback == "omit":
                report.omitted.append(relative)
            elif _write_if_changed(output, data):
                report.written.append(relative)
            else:
                report.unchanged.append(relative)


def _check_complete(project: Project, sources: Sequence[SourceFile], targets: list[_Target]) -> None:
    """``fallback = "fail"``: raise, before anything is written, when a segment has no usable translation."""
    missing = dict.fromkeys((target.tag for target in targets), 0)
    for start in range(0, len(sources), _BATCH):
        parsed = [(source, *parse_source(project, source)) for source in sources[start : start + _BATCH]]
        for target in targets:
            missing[target.tag] += sum(m for _f, _d, _t, m in _merged(project, target, parsed))
    if any(missing.values()):
        counts = ", ".join(f"{tag}: {n}" for tag, n in missing.items() if n)
        raise BuildIncomplete(f"fallback = \"fail\": segments without a usable translation ({counts}); nothing written")


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


def _usable_translations(project: Project, target: _Target, paths: list[str]) -> dict[tuple[str, str, str], Segment]:
    """(document, segment key, source hash) -> target of the documents ``paths``, for the states
    the build publishes, less what the QA gate excluded."""
    published = published_states(project.config.min_state)
    found = project.store.published_targets(target.tag, paths, published)
    if not target.excluded:
        return found
    return {key: segment for key, segment in found.items() if (key[0], key[1]) not in target.excluded}


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
