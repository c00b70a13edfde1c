"""``locflow privacy scan``: personal data found in the sources and in the TM."""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, project_option
from locflow.cli.render import print_table
from locflow.privacy.scan import scan_project
from locflow.project import Project

__all__ = ["privacy"]


@click.group("privacy")
def privacy() -> None:
    """Personal data in the project.

    \b
    Example:
      locflow privacy scan --format json
    """


@privacy.command("scan")
@click.option("--no-tm", is_flag=True, help="Scan the extracted sources only.")
@project_option
@format_option("table", "json")
@command
def scan_command(no_tm: bool, project_dir: Path | None, output_format: str) -> None:
    """List personal data in the extracted sources and the TM: file, segment and kind.

    Uses the detectors of [mt.privacy] (e-mail, URLs with a query, phone
    numbers, IBANs, card numbers, IP addresses, project patterns, names).
    The data itself is never printed. Run 'locflow extract' first; remove
    what the TM holds with 'locflow tm scrub'.

    \b
    Example:
      locflow privacy scan -C help-center
    """
    with Project.open(project_dir) as project:
        report = scan_project(project, tm=not no_tm)
    if output_format == "json":
        emit_json(report.to_json())
        return
    rows = [(f.where, f.document, f.key, f.locale, f.kind) for f in report.findings]
    print_table(None, ["where", "document", "segment", "locale", "kind"], rows, numeric_from=5)
    kinds = ", ".join(f"{kind} {n}" for kind, n in report.by_kind.items()) or "nothing found"
    click.echo(f"{report.segments_scanned} segments and {report.tm_units_scanned} TM units scanned: {kinds}")
