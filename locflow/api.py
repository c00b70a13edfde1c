"""The public API: a project and the stages you can run on it.

Scripts that automate localization (a nightly sync, a CMS hook, a chat bot)
use this module rather than ``locflow.pipeline`` internals; the CLI is a thin
shell over it. Every stage returns a report object with ``to_json()`` (the
very data ``--format json`` prints) and raises only the documented exception
tree of :mod:`locflow.errors` (one base class, :class:`~locflow.errors.LocflowError`,
each with its CLI exit code, and the file and line where they apply)::

    import locflow

    with locflow.open("help-center") as project:
        project.extract()
        project.pretranslate(locales=["de", "ja"])
        project.export(format="xliff2", output="to-translators")
        report = project.import_files(["back/de.xlf"])
        if project.qa().failed:
            ...
        project.build()
        print(project.status().to_json())

Locales may be given as tags (``"de"``) or :class:`~locflow.model.Locale`
objects; ``None`` means every target locale of the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from locflow.config import Config
from locflow.errors import UsageError
from locflow.exchange import ImportReport
from locflow.model import Locale, State
from locflow.pipeline.analyze import AnalysisReport, analyze as analyze_stage
from locflow.pipeline.build import BuildReport, build as build_stage
from locflow.pipeline.exchange import export_packages
from locflow.pipeline.extract import ExtractReport, extract as extract_stage
from locflow.pipeline.gate import GateResult, check_gate, gate_can_fail
from locflow.pipeline.importing import import_files as import_files_stage
from locflow.pipeline.pretranslate import PretranslateReport, pretranslate as pretranslate_stage
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.reset import ResetReport, reset as reset_stage
from locflow.pipeline.run import RunReport, run_pipeline
from locflow.pipeline.status import StatusReport, status as status_stage
from locflow.project import Project

__all__ = ["open", "LocflowProject", "ExportReport"]

LocaleLike = str | Locale


def open(path: str | Path = ".") -> LocflowProject:  # noqa: A001 - the name the API promises
    """Open the project in ``path`` (its ``locflow.toml`` is validated, the store migrated)."""
    return LocflowProject(Project.open(path))


class ExportReport(list):  # type: ignore[type-arg]
    """The files an export or review wrote (a list of ``ExportResult``), with ``to_json()``."""

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {"locale": r.locale, "path": str(r.path), "documents": r.documents, "segments": r.segments, "package": r.package}
            for r in self
        ]


class LocflowProject:
    """A locflow project: every stage of the pipeline as a method. Use it as a context manager
    (or call :meth:`close`) so the store's connections are released."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __enter__(self) -> LocflowProject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.project.close()

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def config(self) -> Config:
        """The validated ``locflow.toml``."""
        return self.project.config

    @property
    def target_locales(self) -> tuple[Locale, ...]:
        return self.project.config.target_locales

    def locales(self, wanted: Iterable[LocaleLike] | None = None) -> tuple[Locale, ...]:
        """The project's target locales, or those of ``wanted`` (each must be one of them)."""
        if wanted is None:
            return self.target_locales
        if isinstance(wanted, (str, Locale)):
            raise UsageError("give locales as a list, e.g. locales=['de']")
        return self.project.config.locales([str(locale) for locale in wanted])

    # -- the stages ------------------------------------------------------------------
    def extract(self, *, strict: bool = False, progress: Progress = no_progress) -> ExtractReport:

        return extract_stage(self.project, strict=strict, progress=progress)

    def pretranslate(self, locales: Iterable[LocaleLike] | None = None, *, progress: Progress = no_progress) -> PretranslateReport:

        return pretranslate_stage(self.project, self.locales(locales), progress=progress)

    def analyze(self, locales: Iterable[LocaleLike] | None = None, *, progress: Progress = no_progress) -> AnalysisReport:

        return analyze_stage(self.project, self.locales(locales), progress=progress)

    def export(
        self,
        locales: Iterable[LocaleLike] | None = None,
        *,
        format: str = "xliff2",  # noqa: A002 - the CLI's --format
        output: str | Path | None = None,
        selection: str = "untranslated",
        bundle: bool = False,
        version: str = "2.0",
    ) -> ExportReport:
        """Translator packages under ``output`` (default: ``<project>/exchange``)."""

        target = Path(output) if output is not None else self.root / "exchange"
        return ExportReport(
            export_packages(self.project, self.locales(locales), format, target, selection=selection, bundle=bundle, version=version)
        )

    def review(
        self,
        locales: Iterable[LocaleLike] | None = None,
        *,
        format: str = "xliff2",  # noqa: A002 - the CLI's --format
        output: str | Path | None = None,
        approve: bool = False,
        bundle: bool = False,
    ) -> ExportReport:
        """Reviewer packages (translated -> reviewed, or -> approved) under ``output``."""

        target = Path(output) if output is not None else self.root / "review"
        state = State.APPROVED if approve else State.REVIEWED
        return ExportReport(export_packages(self.project, self.locales(locales), format, target, bundle=bundle, review_state=state))

    def import_files(
        self,
        paths: Sequence[str | Path],
        *,
        locale: LocaleLike | None = None,
        strict: bool = False,
        force: bool = False,
        as_state: str | State | None = None,
    ) -> ImportReport:
        """Apply translated files in one transaction; the report says what happened to each segment.

        ``report.raise_if_held_back()`` raises what the CLI's exit code 1 means.
        """

        return import_files_stage(
            self.project,
            [Path(path) for path in paths],
            locale=Locale.parse(locale) if locale is not None else None,
            strict=strict,
            force=force,
            as_state=State(as_state) if as_state is not None else None,
        )

    def qa(self, locales: Iterable[LocaleLike] | None = None, *, fail_on: str | None = None, progress: Progress = no_progress) -> GateResult:
        """Check the stored translations; ``.failed``, ``.reasons`` per locale, ``.report`` (the issues)."""

        return check_gate(self.project, self.locales(locales), fail_on=fail_on, progress=progress)

    def build(
        self,
        locales: Iterable[LocaleLike] | None = None,
        *,
        pseudo: bool = False,
        qa: bool = True,
        fail_on: str | None = None,
        progress: Progress = no_progress,
    ) -> BuildReport:
        """Localized files under ``build/``; with ``qa``, the gate holds failing locales back."""

        chosen = self.locales(locales)
        checked = qa and not pseudo and gate_can_fail(self.project, fail_on)
        gate = check_gate(self.project, chosen, fail_on=fail_on, progress=progress) if checked else None
        return build_stage(self.project, chosen, pseudo=pseudo, gate=gate, progress=progress)

    def run(self, locales: Iterable[LocaleLike] | None = None, *, fail_on: str | None = None, progress: Progress = no_progress) -> RunReport:
        """extract -> pretranslate -> qa -> build, recorded as one run."""

        return run_pipeline(self.project, self.locales(locales), fail_on=fail_on, progress=progress)

    def status(self) -> StatusReport:

        return status_stage(self.project)

    def reset(self, locales: Iterable[LocaleLike] | None, states: Iterable[str | State], *, document: str | None = None) -> ResetReport:
        """Remove translations in ``states`` (drafts such as ``mt``; a person's only when named)."""

        return reset_stage(self.project, self.locales(locales), [State(s) for s in states], document=document)
