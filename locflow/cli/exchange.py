"""``locflow export`` and ``locflow import``: translator packages out and back in."""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, locale_option, project_option, split_locales
from locflow.cli.render import print_table
from locflow.exchange import render_table
from locflow.model import Locale
from locflow.pipeline.exchange import SELECTIONS, export_packages, import_files
from locflow.project import Project


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
    with Project.open(project_dir) as project:
        target = out_dir if out_dir is not None else project.root / "exchange"
        results = export_packages(
            project, project.config.locales(split_locales(locales)), fmt, target,
            selection=selection, bundle=bundle, version=xliff_version,
        )
    if output_format == "json":
        emit_json([{"locale": r.locale, "path": str(r.path), "documents": r.documents, "segments": r.segments} for r in results])
        return
    if not results:
        click.echo("nothing to export")
        return
    print_table(None, ["file", "locale", "segments"], [(str(r.path), r.locale, r.segments) for r in results], numeric_from=2)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_option
@click.option("-l", "--locale", "locale", default=None, help="Target locale, when the files do not say.")
@click.option("--strict", is_flag=True, help="Apply nothing (exit 3) if any segment is rejected or in conflict.")
@click.option("--show-applied", is_flag=True, help="List every applied segment, not only problems.")
@format_option("table", "json")
@command
def import_(files: tuple[Path, ...], project_dir: Path | None, locale: str | None, strict: bool, show_applied: bool, output_format: str) -> None:
    """Validate translated XLIFF/PO files and apply them in one transaction.

    Example: locflow import back/de/content/faq.md.xlf
    """
    with Project.open(project_dir) as project:
        report = import_files(project, list(files), locale=Locale(locale) if locale else None, strict=strict)
    if output_format == "json":
        emit_json(report.to_dict())
    else:
        click.echo(render_table(report, show_applied=show_applied))
