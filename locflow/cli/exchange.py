"""``locflow export``, ``locflow review`` and ``locflow import``: packages out and back in."""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, locale_option, project_option, split_locales
from locflow.cli.render import print_table
from locflow.exchange import render_table
from locflow.model import State
from locflow.api import ExportReport
from locflow.api import open as open_project
from locflow.pipeline.exchange import SELECTIONS

#: The states ``import --as`` can give.
AS_STATES = (State.TRANSLATED, State.REVIEWED, State.APPROVED)


@click.command("export")
@project_option
@locale_option
@click.option("--format", "fmt", type=click.Choice(["xliff12", "xliff2", "po"]), required=True, help="Exchange format.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Directory to write into (default: <project>/exchange).")
@click.option("--select", "selection", type=click.Choice(SELECTIONS), default="untranslated", show_default=True, help="Which segments: not yet confirmed by a person, stale only, or all.")
@click.option("--bundle", is_flag=True, help="One file per locale instead of one per document.")
@click.option("--xliff-version", type=click.Choice(["2.0", "2.1"]), default="2.0", show_default=True, help="Version written with --format xliff2.")
@click.option("--output-format", "output_format", type=click.Choice(["table", "json"]), default="table", help="How to print the list of files written.")
@command
def export_(project_dir: Path | None, locales: tuple[str, ...], fmt: str, out_dir: Path | None, selection: str, bundle: bool, xliff_version: str, output_format: str) -> None:
    """Write translator packages (XLIFF 1.2, XLIFF 2.x or PO) per locale.

    Example: locflow export -l de --format xliff2 -o to-translators/
    """
    with open_project(project_dir or Path.cwd()) as project:
        results = project.export(
            split_locales(locales) or None, format=fmt, output=out_dir, selection=selection, bundle=bundle, version=xliff_version
        )
    _print_exports(results, output_format, empty="nothing to export")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_option
@click.option("-l", "--locale", "locale", default=None, help="Target locale, when the files do not say.")
@click.option("--strict", is_flag=True, help="Apply nothing (exit 3) if any segment is rejected or in conflict.")
@click.option("--force", is_flag=True, help="Apply conflicts too: replace translations changed since export, or of a higher state.")
@click.option(
    "--as",
    "as_state",
    type=click.Choice([s.value for s in AS_STATES]),
    default=None,
    help="Every segment the file marks as done gets this state (a reviewer's file: reviewed or approved).",
)
@click.option("--show-applied", is_flag=True, help="List every applied and unchanged segment, not only problems.")
@format_option("table", "json")
@command
def import_(
    files: tuple[Path, ...], project_dir: Path | None, locale: str | None, strict: bool, force: bool, as_state: str | None, show_applied: bool, output_format: str
) -> None:
    """Validate translated XLIFF/PO files and apply them in one transaction.

    Nothing a person did is undone: a target that comes back as it was
    exported is unchanged whatever state the file claims, and a segment
    changed both in the store and in the file since the export is a
    conflict, reported and not applied (--force applies it). Exit code 1
    when some segments were rejected or held back, 3 when a file is refused.

    Example: locflow import back/de/content/faq.md.xlf
    """
    with open_project(project_dir or Path.cwd()) as project:
        report = project.import_files(files, locale=locale, strict=strict, force=force, as_state=as_state)
    if output_format == "json":
        emit_json(report.to_dict())
    else:
        click.echo(render_table(report, show_applied=show_applied))
    report.raise_if_held_back()


@click.command("review")
@project_option
@locale_option
@click.option("--format", "fmt", type=click.Choice(["xliff12", "xliff2", "po"]), required=True, help="Exchange format.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Directory to write into (default: <project>/review).")
@click.option("--approve", is_flag=True, help="The reviewer approves (approved) instead of reviewing (reviewed).")
@click.option("--bundle", is_flag=True, help="One file per locale instead of one per document.")
@click.option("--output-format", "output_format", type=click.Choice(["table", "json"]), default="table", help="How to print the list of files written.")
@command
def review(project_dir: Path | None, locales: tuple[str, ...], fmt: str, out_dir: Path | None, approve: bool, bundle: bool, output_format: str) -> None:
    """Write reviewer packages: the translations still to be reviewed (or approved).

    The reviewer accepts a segment by raising its state (XLIFF 1.2 signed-off
    or final, XLIFF 2 reviewed or final; in PO by removing the fuzzy flag),
    edits what needs editing, and the files come back with locflow import.

    Example: locflow review -l de --format xliff2 -o to-reviewers/
    """
    with open_project(project_dir or Path.cwd()) as project:
        results = project.review(split_locales(locales) or None, format=fmt, output=out_dir, approve=approve, bundle=bundle)
    _print_exports(results, output_format, empty=f"nothing to {'approve' if approve else 'review'}")


def _print_exports(results: ExportReport, output_format: str, *, empty: str) -> None:
    if output_format == "json":
        emit_json(results.to_json())
        return
    if not results:
        click.echo(empty)
        return
    print_table(None, ["file", "locale", "segments"], [(str(r.path), r.locale, r.segments) for r in results], numeric_from=2)
