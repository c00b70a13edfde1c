"""The localization manager's commands: ``analyze`` (work and cost per band), ``status``
(progress and freshness per locale and document) and ``report`` (one HTML file)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from locflow.cli.common import command, emit_json, format_option, locale_option, project_option, split_locales
from locflow.cli.progress import progress_display
from locflow.cli.render import print_table, stream_json, stream_table
from locflow.model import State, count_unit
from locflow.pipeline.analyze import BANDS, AnalysisReport, DocumentAnalysis, LocaleAnalysis, analyze_documents
from locflow.pipeline.analyze import analyze as analyze_stage
from locflow.pipeline.report import write_report
from locflow.pipeline.status import (
    DocumentStatus,
    StatusReport,
    WaitingDocument,
    days_between,
    document_status,
    parse_duration,
    waiting_documents,
)
from locflow.pipeline.status import status as status_stage
from locflow.project import Project

__all__ = ["analyze", "status", "report"]

BAND_LABELS = {
    "context": "context (101%)",
    "exact": "100%",
    "repetition": "repetitions",
    "95-99": "95-99%",
    "85-94": "85-94%",
    "75-84": "75-84%",
    "50-74": "50-74%",
    "no match": "no match",
    "mt-filled": "MT-filled",
    "term-filled": "term-filled",
}
_STATE_COLUMNS = [state.value for state in State]
by_option = click.option(
    "--by", "by", type=click.Choice(["locale", "document"]), default="locale", show_default=True,
    help="One row per locale, or per document and locale.",
)


# -- analyze ------------------------------------------------------------------------------


@click.command()
@project_option
@locale_option
@by_option
@format_option("table", "json", "csv")
@command
def analyze(project_dir: Path | None, locales: tuple[str, ...], by: str, output_format: str) -> None:
    """Count the work left per match band and locale: segments, words, characters,
    weighted words, and a cost estimate where [analysis] rates are set.

    \b
    Examples:
      locflow analyze -l de
      locflow analyze --by document --format csv > analysis.csv
    """
    with Project.open(project_dir) as project, progress_display() as progress:
        chosen = project.config.locales(split_locales(locales))
        if by == "document":
            _print_document_analyses(project, analyze_documents(project, chosen, progress=progress), output_format)
            return
        report = analyze_stage(project, chosen, progress=progress)
    if output_format == "json":
        emit_json(report.to_json())
    elif output_format == "csv":
        _write_csv(["locale", "band", "segments", "words", "characters", "weight", "weighted", "unit"], _locale_csv_rows(report))
    else:
        _print_analysis_tables(report)


def _print_analysis_tables(report: AnalysisReport) -> None:
    counted = "chars (counted)" if report.unit == "characters" else "words"
    if report.unit == "characters":
        click.echo("Counted in characters: the source language is written without spaces between words.")
    for loc in report.locales:
        click.echo(f"\n{loc.locale}: {loc.total_words} {report.unit} to do in {loc.counts.total.segments} segments")
        weights = report.settings.weights
        rows = [
            (BAND_LABELS[band], t.segments, t.words, t.characters, f"{weights[band]:g}%", loc.counts.weighted(weights, band))
            for band, t in loc.bands.items()
        ]
        total = loc.counts.total
        rows.append(("total", total.segments, total.words, total.characters, "", f"{loc.weighted_words:.2f}"))
        rows.append(("confirmed (apart)", loc.confirmed.segments, loc.confirmed.words, loc.confirmed.characters, "", ""))
        print_table(None, ["band", "segments", counted, "characters", "weight", "weighted"], rows)
        click.echo(_cost_line(loc, report))


def _cost_line(loc: LocaleAnalysis, report: AnalysisReport) -> str:
    unit = "character" if report.unit == "characters" else "word"
    if loc.cost is None:
        return f"weighted {report.unit}: {loc.weighted_words:.2f} (no rate for {loc.locale} in [analysis] rates)"
    currency = report.settings.currency
    return f"cost estimate: {loc.cost:,.2f} {currency} ({loc.rate:g} {currency} per weighted {unit})"


def _locale_csv_rows(report: AnalysisReport) -> Iterator[list[Any]]:
    weights = report.settings.weights
    for loc in report.locales:
        for band, t in loc.bands.items():
            yield [loc.locale, band, t.segments, t.words, t.characters, f"{weights[band]:g}", loc.counts.weighted(weights, band), report.unit]
        yield [loc.locale, "confirmed", loc.confirmed.segments, loc.confirmed.words, loc.confirmed.characters, "", "", report.unit]


def _print_document_analyses(project: Project, documents: Iterable[DocumentAnalysis], output_format: str) -> None:
    settings = project.config.analysis
    if output_format == "json":
        head = {"unit": count_unit(project.config.source_locale), "bands": list(BANDS), "weights": dict(settings.weights)}
        stream_json(head, "documents", (document.to_json() for document in documents))
    elif output_format == "csv":
        _write_csv(["locale", "document", "band", "segments", "words", "characters", "weight", "weighted"], (
            [doc.locale, doc.document, band, t.segments, t.words, t.characters, f"{settings.weights[band]:g}", doc.counts.weighted(settings.weights, band)]
            for doc in documents
            for band, t in doc.counts.bands.items()
        ))
    else:
        rows = ((doc.locale, *(t.words for t in doc.counts.bands.values()), f"{doc.weighted_words:.2f}", doc.document) for doc in documents)
        stream_table(["locale", *(BAND_LABELS[band].removesuffix(" (101%)") for band in BANDS), "weighted", "document"], rows)


def _write_csv(header: list[str], rows: Iterable[list[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


# -- status -------------------------------------------------------------------------------


@click.command()
@project_option
@locale_option
@by_option
@click.option("--stale-since", "stale_since", default=None, metavar="AGE", help="List the documents whose oldest stale translation waited longer than AGE (30d, 12h, 2w).")
@format_option("table", "json")
@command
def status(project_dir: Path | None, locales: tuple[str, ...], by: str, stale_since: str | None, output_format: str) -> None:
    """Show progress: words per state, per locale or per document, and how long
    translations have waited since their source changed.

    \b
    Examples:
      locflow status --format json
      locflow status -l de --by document
      locflow status --stale-since 30d
    """
    now = datetime.now(timezone.utc)
    longer_than = parse_duration(stale_since) if stale_since is not None else None
    with Project.open(project_dir) as project:
        chosen = project.config.locales(split_locales(locales))
        if longer_than is not None:
            _print_waiting(waiting_documents(project, chosen, longer_than=longer_than, now=now), stale_since or "", now, output_format)
        elif by == "document":
            _print_document_status(document_status(project, chosen), now, output_format)
        else:
            _print_status(status_stage(project, chosen, now=now), output_format)


def _print_status(report: StatusReport, output_format: str) -> None:
    if output_format == "json":
        emit_json(report.to_json())
        return
    click.echo(f"{report.documents} documents, {report.segments} segments, {report.words} words")
    rows = []
    for loc in report.locales:
        waited = days_between(loc.oldest_stale, report.now)
        rows.append((
            loc.locale, loc.words, *(loc.by_state[State(c)].words for c in _STATE_COLUMNS),
            f"{loc.done_percent:.1f}%", f"{loc.usable_percent:.1f}%", "-" if waited is None else f"{waited:g} days",
        ))
    print_table("Words per state", ["locale", "words", *_STATE_COLUMNS, "done", "usable", "oldest stale"], rows)


def _print_document_status(documents: Iterable[DocumentStatus], now: datetime, output_format: str) -> None:
    if output_format == "json":
        stream_json({}, "documents", (document.to_json(now) for document in documents))
        return
    rows = (
        (tag, document.total.words, *(states[State(c)] for c in _STATE_COLUMNS), _waited(document.oldest_stale[tag], now), document.path)
        for document in documents
        for tag, states in document.locales.items()
    )
    stream_table(["locale", "words", *_STATE_COLUMNS, "waited", "document"], rows)


def _waited(since: datetime | None, now: datetime) -> str:
    days = days_between(since, now)
    return "-" if days is None else f"{days:g}d"


def _print_waiting(documents: Iterable[WaitingDocument], age: str, now: datetime, output_format: str) -> None:
    if output_format == "json":
        items = (
            {"locale": d.locale, "document": d.path, "segments": d.stale.segments, "words": d.stale.words,
             "since": d.since.isoformat(), "waited_days": days_between(d.since, now)}
            for d in documents
        )
        stream_json({"stale_since": age}, "documents", items)
        return
    rows = ((d.locale, d.stale.segments, d.stale.words, d.since.date().isoformat(), _waited(d.since, now), d.path) for d in documents)
    stream_table(["locale", "stale", "words", "since", "waited", "document"], rows, width=10)


# -- report -------------------------------------------------------------------------------


@click.command()
@project_option
@locale_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"), show_default=True, help="The HTML file to write.")
@command
def report(project_dir: Path | None, locales: tuple[str, ...], output: Path) -> None:
    """Write a self-contained HTML report: progress, leverage, QA, freshness and
    trends per locale (no network needed to open it).

    Example: locflow report -C help-center -o report.html
    """
    with Project.open(project_dir) as project:
        written = write_report(project, output, project.config.locales(split_locales(locales)))
    click.echo(f"wrote {written}")
