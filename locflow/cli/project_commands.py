"""The project pipeline commands: init, extract, pretranslate, build, run, reset, formats
(analyze, status and report are in :mod:`locflow.cli.manager`)."""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, locale_option, project_option, split_locales
from locflow.cli.mt_render import mt_summary_lines
from locflow.cli.progress import progress_display
from locflow.cli.render import print_table
from locflow.config import write_default_config
from locflow.errors import QAGateFailed, UsageError
from locflow.model import Locale, LocaleError, State
from locflow.pipeline.formats import formats as list_formats
from locflow.pipeline.run import gate_lines
from locflow.api import LocflowProject
from locflow.api import open as open_project


def _locales(values: tuple[str, ...]) -> list[str] | None:
    """``-l`` values as the API takes them: ``None`` for every target locale."""
    return split_locales(values) or None


def _open(project_dir: Path | None) -> LocflowProject:
    return open_project(project_dir if project_dir is not None else Path.cwd())


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--source-locale", default="en", show_default=True, help="Locale the sources are written in.")
@click.option("--target-locales", required=True, help="Comma-separated target locales, e.g. de,ja,fr.")
@click.option("--content", "content", multiple=True, default=["content/**/*.md"], show_default=True, help="Glob of source files (repeatable).")
@project_option
@command
def init(directory: Path | None, source_locale: str, target_locales: str, content: tuple[str, ...], project_dir: Path | None) -> None:
    """Create locflow.toml in DIRECTORY (default: -C or the current directory).

    Example: locflow init help-center --source-locale en --target-locales de,ja,fr
    """
    root = directory or project_dir or Path.cwd()
    try:
        source = Locale(source_locale)
        targets = [Locale(tag) for tag in split_locales((target_locales,))]
    except LocaleError as exc:
        raise UsageError(str(exc)) from exc
    if not targets:
        raise UsageError("--target-locales needs at least one locale")
    root.mkdir(parents=True, exist_ok=True)
    path = write_default_config(root, source, targets, list(content))
    click.echo(f"wrote {path}")


@click.command()
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 2) when a [[content]] path matches no file.")
@format_option("table", "json")
@command
def extract(project_dir: Path | None, strict: bool, output_format: str) -> None:
    """Read the sources into segments; report new, changed, stale and removed.

    Example: locflow extract -C help-center
    """
    with _open(project_dir) as project, progress_display() as progress:
        report = project.extract(strict=strict, progress=progress)
    for warning in report.warnings():
        click.echo(f"warning: {warning}", err=True)
    if output_format == "json":
        emit_json(report.to_json())
        return
    seg = report.segments
    click.echo(
        f"documents: {len(report.documents_new)} new, {len(report.documents_changed)} changed, "
        f"{len(report.documents_unchanged)} unchanged, {len(report.documents_removed)} removed"
    )
    click.echo(
        f"segments: {seg.new} new, {seg.changed} changed, {seg.moved} moved, {seg.unchanged} unchanged, "
        f"{seg.removed} removed; {seg.stale} translations marked stale"
    )
    untranslated = report.untranslated_line()
    if untranslated:
        click.echo(untranslated)


@click.command()
@project_option
@locale_option
@format_option("table", "json")
@command
def pretranslate(project_dir: Path | None, locales: tuple[str, ...], output_format: str) -> None:
    """Fill untranslated segments: exact repetitions, the TM, the termbase, then MT.

    Prints what each MT engine was sent (requests, characters, answers from
    the cache) and how many items of personal data were masked per kind.
    Exit 4 when an MT engine failed for good: what was translated is kept.

    Example: locflow pretranslate -l de
    """
    with _open(project_dir) as project, progress_display() as progress:
        report = project.pretranslate(_locales(locales), progress=progress)
    if output_format == "json":
        emit_json(report.to_json())
    else:
        rows = [(tag, f.propagated, f.tm, f.fuzzy, f.term, f.mt, f.mt_rejected, f.left) for tag, f in report.locales.items()]
        print_table(None, ["locale", "propagated", "tm", "fuzzy", "term", "mt", "mt rejected", "left"], rows)
        for line in mt_summary_lines(report):
            click.echo(line)
    report.raise_for_service()



@click.command()
@project_option
@locale_option
@click.option("--pseudo", is_flag=True, help="Write a pseudo-localized build to build/pseudo/ instead.")
@click.option("--no-qa", is_flag=True, help="Build without checking the QA gate first.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=None, help="QA gate (default: [qa] fail_on).")
@format_option("table", "json")
@command
def build(project_dir: Path | None, locales: tuple[str, ...], pseudo: bool, no_qa: bool, fail_on: str | None, output_format: str) -> None:
    """Write localized files under build/{locale}/{path}.

    The QA gate is checked first, as in run: a locale that fails it is not
    published ([build] on_qa_error = "drop": only its failing translations
    are left out) and the exit code is 1. --no-qa skips the check.

    Example: locflow build -l de,fr
    """
    with _open(project_dir) as project, progress_display() as progress:
        report = project.build(_locales(locales), pseudo=pseudo, qa=not no_qa, fail_on=fail_on, progress=progress)
    if output_format == "json":
        emit_json(report.to_json())
    else:
        click.echo(f"{len(report.written)} files written, {len(report.unchanged)} unchanged, {len(report.omitted)} omitted")
        for tag, missing in report.untranslated.items():
            if missing:
                click.echo(f"  {tag}: {missing} segments without a usable translation (fallback: {project.config.fallback})")
        for line in gate_lines(report):
            click.echo(line)
    if report.gate_failed:
        raise QAGateFailed("QA gate failed: see locflow qa for the issues, or build with --no-qa")



@click.command()
@project_option
@locale_option
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=None, help="QA gate (default: [qa] fail_on).")
@click.option("--queue", "queued", is_flag=True, help="Cut the run into tasks for `locflow worker` processes (store on PostgreSQL).")
@click.option("--no-wait", is_flag=True, help="With --queue: queue the tasks and return at once.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="With --queue: documents per task (default 50).")
@format_option("table", "json")
@command
def run(
    project_dir: Path | None, locales: tuple[str, ...], fail_on: str | None, queued: bool, no_wait: bool,
    batch_size: int | None, output_format: str,
) -> None:
    """Extract, pretranslate, check and build, with progress.

    With --queue the work is done by `locflow worker` processes on any machine
    that reaches the project store's PostgreSQL; the exit code is the same.

    Example: locflow run -C examples/helpdesk
    """
    if (no_wait or batch_size) and not queued:
        raise UsageError("--no-wait and --batch-size go with --queue")
    if queued:
        from locflow.cli.queue import run_queued

        run_queued(project_dir, _locales(locales), fail_on, wait=not no_wait, batch_size=batch_size, output_format=output_format)
        return
    with _open(project_dir) as project, progress_display() as progress:
        report = project.run(_locales(locales), fail_on=fail_on, progress=progress)
    if output_format == "json":
        emit_json(report.to_json())
    else:
        for line in report.summary_lines() + mt_summary_lines(report.pretranslate):
            click.echo(line)
    report.pretranslate.raise_for_service()
    report.raise_for_gate()


@click.command()
@project_option
@locale_option
@click.option(
    "--state",
    "states",
    multiple=True,
    required=True,
    type=click.Choice([s.value for s in State if s is not State.NEW]),
    help="Remove translations in this state (repeatable). A person's states only when named.",
)
@click.option("--document", default=None, help="Only this document (its project-relative path).")
@format_option("table", "json")
@command
def reset(project_dir: Path | None, locales: tuple[str, ...], states: tuple[str, ...], document: str | None, output_format: str) -> None:
    """Remove drafts (or any state you name) so pretranslate can start over.

    Example: locflow reset -l de --state mt
    """
    with _open(project_dir) as project:
        report = project.reset(_locales(locales), states, document=document)
    if output_format == "json":
        emit_json(report.to_json())
        return
    print_table(None, ["locale", "removed"], list(report.removed.items()), numeric_from=1)


@click.command()
@project_option
@format_option("table", "json")
@command
def formats(project_dir: Path | None, output_format: str) -> None:
    """List the file formats (filters) locflow can read, their extensions and options.

    Third-party filters registered under the locflow.filters entry points are listed too.

    Example: locflow formats --format json
    """
    found = list_formats()
    if output_format == "json":
        emit_json([info.to_json() for info in found])
        return
    rows = [
        (info.name, " ".join(info.extensions) or "-", ", ".join(f"{k}={v!r}" for k, v in info.options.items()) or "-")
        for info in found
    ]
    print_table(None, ["format", "extensions", "options (defaults)"], rows, numeric_from=3)
