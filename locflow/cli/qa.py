"""``locflow qa``: the QA gate, on PO/XLIFF files or on the project."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from locflow.cli.common import command, format_option, locale_option, project_option, split_locales
from locflow.errors import QAGateFailed, UsageError
from locflow.fileio import open_atomically
from locflow.model import Locale, LocaleError
from locflow.pipeline.qa import QAOptions, check_files, check_project, load_baseline, load_qa_config, write_baseline
from qa_checks import Profile, QAReport
from qa_checks.report import FORMATS, write

__all__ = ["qa"]


def _locale(value: str | None, option: str) -> Locale | None:
    if value is None:
        return None
    try:
        return Locale(value)
    except LocaleError as exc:
        raise UsageError(f"{option}: {exc}") from exc


def _glossary(paths: tuple[Path, ...], source: Locale | None) -> object:
    """The glossary files as a termbase; the termbase package (and its store) is only
    imported when ``--termbase`` is given, so that checking files starts fast."""
    from locflow.pipeline.qa_terms import glossary_termbase

    return glossary_termbase(paths, source_locale=source)


@click.command("qa")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@project_option
@locale_option
@format_option(*FORMATS)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), help="Lowest severity that fails the gate (default: [qa] fail_on, else error).")
@click.option("--max-penalty", type=float, help="Fail when the MQM penalty per 1,000 source words exceeds this.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path), help="Only issues not in this baseline count.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False, path_type=Path), help="Record today's issues as accepted, then exit 0.")
@click.option("--source-locale", help="Source locale of standalone files (default: en).")
@click.option("--target-locale", help="Target locale of standalone files (default: from the file header).")
@click.option("--include-fuzzy", is_flag=True, help="Also check fuzzy PO entries.")
@click.option("--termbase", "termbase_paths", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A TBX/CSV glossary for the terminology checks (repeatable; default: the project's termbase).")
@click.option("--profile", "profile_name", help="A named profile from [qa.profiles.NAME] in locflow.toml.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: locflow.toml of the project).")
@command
def qa(
    files: tuple[Path, ...],
    project_dir: Path | None,
    locales: tuple[str, ...],
    output_format: str,
    output: Path | None,
    fail_on: str | None,
    max_penalty: float | None,
    baseline_path: Path | None,
    write_baseline_path: Path | None,
    source_locale: str | None,
    target_locale: str | None,
    include_fuzzy: bool,
    termbase_paths: tuple[Path, ...],
    profile_name: str | None,
    config_path: Path | None,
) -> None:
    """Check translations; exit 1 when the gate fails.

    With FILE arguments, PO and XLIFF files are checked on their own (locales
    from the file headers); without, the project's translations are.

    \b
    Examples:
      locflow qa po/*.po --format sarif -o qa.sarif
      locflow qa messages.de.xlf --fail-on warning --max-penalty 10
      locflow qa po/*.po --write-baseline qa-baseline.json
      locflow qa po/*.po --baseline qa-baseline.json --format junit -o qa.xml
      locflow qa messages.de.xlf --termbase glossary.tbx
    """
    profile = Profile.from_config(load_qa_config(project_dir, config_path), profile=profile_name)
    source = _locale(source_locale, "--source-locale")
    options = QAOptions(
        profile=profile.with_gate(fail_on=fail_on, max_penalty=max_penalty),
        source_locale=source,
        target_locale=_locale(target_locale, "--target-locale"),
        include_fuzzy=include_fuzzy,
        termbase=_glossary(termbase_paths, source) if termbase_paths else None,
        baseline=load_baseline(baseline_path) if baseline_path is not None else None,
        locales=tuple(split_locales(locales)),
    )
    if files:
        report = check_files(files, options)
    else:
        report = check_project(project_dir or Path("."), split_locales(locales), options)
    with report:  # its spool is deleted when done, also when writing fails
        if write_baseline_path is not None:
            baseline = write_baseline(report, write_baseline_path)
            click.echo(f"baseline: {len(baseline)} issue(s) accepted in {write_baseline_path}", err=True)
            return
        _write_report(report, output_format, output)
        reasons = report.gate_failures()
    if reasons:
        raise QAGateFailed("QA gate failed: " + "; ".join(reasons))


def _write_report(report: QAReport, output_format: str, output: Path | None) -> None:
    """The report to ``output`` (replaced once it is all written) or to stdout, as it is made."""
    if output is None:
        write(report, output_format, sys.stdout)
        return
    with open_atomically(output) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", write_through=False)
        write(report, output_format, text)
        text.flush()
        text.detach()
