"""The QA stage: build :class:`~qa_checks.CheckedUnit` objects from files and run the checks.

``qa_checks`` reads no files; this module does. Standalone mode reads PO files
with :func:`locflow.pipeline.qa_po.read_po_units` (plural entries, flags that name
the placeholder syntax, the ``msgstr`` line of every entry for SARIF and JUnit)
and XLIFF files through the exchange readers
(:func:`locflow.exchange.read_exchange_file`). Project mode reads the project
store. Both end in :func:`qa_checks.run_checks`.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from locflow.errors import ConfigError, UsageError
from locflow.model import Locale, Segment
from locflow.pipeline.qa_po import read_po_units
from qa_checks import Baseline, CheckContext, CheckedUnit, Profile, QAReport, Termbase, run_checks
from qa_checks.parts import run_each_locale_in_parts, run_in_parts

__all__ = [
    "QAOptions",
    "check_files",
    "check_project",
    "check_open_project",
    "check_each_locale",
    "read_po_units",
    "read_exchange_units",
    "read_units",
    "load_qa_config",
    "load_baseline",
    "write_baseline",
    "PO_SUFFIXES",
    "XLIFF_SUFFIXES",
]

log = logging.getLogger(__name__)

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlf2", ".sdlxliff")


@dataclass(frozen=True)
class QAOptions:
    """What a QA run is asked to do, beyond the files or the project."""

    profile: Profile
    source_locale: Locale | None = None
    target_locale: Locale | None = None
    include_fuzzy: bool = False
    termbase: Termbase | None = None
    baseline: Baseline | None = None
    #: only these target locales (BCP 47 tags; a tag also selects its regional variants)
    locales: tuple[str, ...] = ()


def check_files(
    paths: Sequence[str | Path],
    options: QAOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> QAReport:
    """Check PO and XLIFF files without a project (the CI mode of ``locflow qa FILE...``)."""
    units = read_units(paths, options)
    if options.locales:
        wanted = [Locale(tag) for tag in options.locales]
        units = [u for u in units if any(u.target_locale.matches(w) or u.target_locale == w for w in wanted)]
    report = run_checks(units, options.profile, CheckContext(termbase=options.termbase), progress=progress)
    if options.baseline is not None:
        report = options.baseline.apply(report)
    return report


def check_project(
    project_dir: str | Path, locales: Sequence[str], options: QAOptions, *, progress: Callable[[int, int], None] | None = None
) -> QAReport:
    """Check the project's stored translations for ``locales`` (all target locales when empty)."""
    from locflow.pipeline.history import record_history
    from locflow.project import Project

    with Project.open(project_dir) as project:
        chosen = project.config.locales(list(locales))
        report = check_open_project(project, chosen, options, progress=progress)
        record_history(project, "qa", chosen, qa=report)
        return report


def check_open_project(
    project: Any,
    locales: Sequence[Locale],
    options: QAOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    part_segments: int | None = None,
) -> QAReport:
    """Check every stored translation of ``locales`` in an open project (used by ``run`` too).

    The project is read and checked in parts of about ``part_segments`` segments
    (:data:`~locflow.pipeline.qa_units.PART_SEGMENTS` by default) in every locale, so
    memory does not grow with the project (:mod:`qa_checks.parts`); the report is the
    one a check of every unit at once gives. ``progress`` is told the parts checked.
    The terminology checks use ``options.termbase`` when given, else the project's termbase.
    """
    parts, termbase = _project_parts(project, locales, options, part_segments)
    report = run_in_parts(parts, options.profile, CheckContext(termbase=termbase), progress=progress)
    return options.baseline.apply(report) if options.baseline is not None else report


def check_each_locale(
    project: Any,
    locales: Sequence[Locale],
    options: QAOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    part_segments: int | None = None,
) -> list[QAReport]:
    """What :func:`check_open_project` gives for each locale on its own (the QA gate decides
    per locale), with each batch of documents read once for every locale."""
    parts, termbase = _project_parts(project, locales, options, part_segments)
    tags = [str(locale) for locale in locales]
    reports = run_each_locale_in_parts(parts, tags, options.profile, lambda: CheckContext(termbase=termbase), progress=progress)
    baseline = options.baseline
    return [baseline.apply(reports[tag]) if baseline is not None else reports[tag] for tag in tags]


def _project_parts(project: Any, locales: Sequence[Locale], options: QAOptions, part_segments: int | None) -> tuple[list[Any], Termbase | None]:
    """The project's parts (:func:`~locflow.pipeline.qa_units.project_parts`) and the termbase
    to check them with: ``options.termbase`` when given, else the project's."""
    from locflow.pipeline.qa_terms import project_termbase
    from locflow.pipeline.qa_units import PART_SEGMENTS, project_parts

    parts = project_parts(project, locales, part_segments=part_segments or PART_SEGMENTS)
    return parts, options.termbase if options.termbase is not None else project_termbase(project)


# -- reading files ----------------------------------------------------------------


def read_units(paths: Iterable[str | Path], options: QAOptions) -> list[CheckedUnit]:
    """Units of every file, dispatched by extension."""
    units: list[CheckedUnit] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        suffix = path.suffix.lower()
        if suffix in PO_SUFFIXES:
            units.extend(
                read_po_units(
                    path,
                    source_locale=options.source_locale,
                    target_locale=options.target_locale,
                    include_fuzzy=options.include_fuzzy or options.profile.include_fuzzy,
                )
            )
        elif suffix in XLIFF_SUFFIXES:
            units.extend(read_exchange_units(path, source_locale=options.source_locale, target_locale=options.target_locale))
        else:
            raise UsageError(f"{path}: cannot check {suffix or 'extension-less'} files; give PO or XLIFF files")
    return units


def read_exchange_units(
    path: str | Path,
    *,
    source_locale: Locale | None = None,
    target_locale: Locale | None = None,
) -> list[CheckedUnit]:
    """The segments of an XLIFF file, read by the exchange readers, as units.

    Units the file marks ``translate="no"`` are not translations: they are left out.
    """
    try:
        from locflow.exchange import read_exchange_file  # type: ignore[attr-defined]
    except ImportError:
        raise UsageError(f"{path}: XLIFF files need the exchange readers (locflow.exchange.read_exchange_file)") from None
    path = Path(path)
    exchange = read_exchange_file(path)
    source = source_locale or exchange.source_locale
    target = target_locale or exchange.target_locale
    if source is None or target is None:
        missing = "source" if source is None else "target"
        raise UsageError(f"{path}: the file does not say its {missing} language; give --{missing}-locale")
    units = []
    for seg in exchange.segments:
        if not seg.translatable:
            continue
        units.append(
            CheckedUnit(
                key=seg.id,
                source=seg.source,
                target=seg.target if seg.target is not None else Segment(),
                source_locale=source,
                target_locale=target,
                file=str(path),
                line=seg.line,
                note="\n".join(seg.notes),
                state=seg.state.value if seg.state is not None else "",
                flags=seg.flags,
                source_plural=seg.source_plural,
                plurals=_other_forms(seg.target, seg.target_plurals),
            )
        )
    return units


def _other_forms(target: Segment | None, forms: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Plural forms after the first, whether or not the reader repeated ``target`` as form 0."""
    if forms and target is not None and forms[0] == target:
        return forms[1:]
    return forms


# -- configuration and baselines ------------------------------------------------------


def load_qa_config(project_dir: str | Path | None = None, config: str | Path | None = None) -> Mapping[str, Any]:
    """The ``[qa]`` table of ``locflow.toml`` (``config``, else the project's), or ``{}``."""
    path = Path(config) if config is not None else Path(project_dir or ".") / "locflow.toml"
    if not path.is_file():
        if config is not None:
            raise UsageError(f"no such configuration file: {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {message}", path=path, line=int(found.group(1)) if found else None) from exc
    table = data.get("qa", {})
    if not isinstance(table, Mapping):
        raise ConfigError("[qa] must be a table", path=path)
    return table


def load_baseline(path: str | Path) -> Baseline:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no such baseline file: {path}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    return Baseline.from_json(data, source=str(path))


def write_baseline(report: QAReport, path: str | Path) -> Baseline:
    """Record the report's issues as accepted; written atomically."""
    baseline = Baseline.from_report(report)
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(baseline.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)
    return baseline
