"""``locflow term``: import and export glossaries, look terms up, extract candidates, show statistics.

Each command calls one method of :class:`termbase.Termbase` (or
:func:`~locflow.pipeline.term_extract.extract_project_terms`); errors become
messages and exit codes through :func:`locflow.cli.common.command`
(2 usage, 3 a rejected file, 4 a database that cannot be reached).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from locflow.cli.common import (
    command,
    database_url,
    emit_json,
    format_option,
    locale_option,
    project_option,
    split_locales,
)
from locflow.config import CONFIG_NAME, Config, load_config
from locflow.errors import UsageError
from locflow.model import Locale, LocaleError
from termbase import Termbase, TermHit

__all__ = ["term", "resolve_termbase"]

#: Environment variable naming the termbase database when ``--termbase-url`` is not given.
TERMBASE_URL_ENV = "LOCFLOW_TERMBASE_URL"


def _config(project_dir: Path | None) -> Config | None:
    root = (project_dir or Path.cwd()).resolve()
    return load_config(root) if (root / CONFIG_NAME).is_file() else None


def resolve_termbase(project_dir: Path | None, termbase_url: str | None, source_locale: str | None) -> Termbase:
    """Open the termbase: ``--termbase-url``, else ``$LOCFLOW_TERMBASE_URL``, else the project's
    ``[termbase] url`` or store; its source locale is the project's (``--source-locale`` outside
    a project, default ``en``)."""
    config = _config(project_dir)
    source = source_locale or (config.source_locale.tag if config else "en")
    url = database_url(project_dir, termbase_url, TERMBASE_URL_ENV, lambda c: c.termbase_url)
    return Termbase.open(url, source_locale=_locale(source, "--source-locale").tag)


def _locale(tag: str, what: str) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        raise UsageError(f"{what}: {exc}") from exc


def termbase_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``-C``, ``--termbase-url`` and ``--source-locale``: where the termbase is and what its source language is."""
    func = click.option(
        "--source-locale", default=None, help="Source locale of the termbase (default: the project's, else en)."
    )(func)
    func = click.option(
        "--termbase-url",
        default=None,
        metavar="URL",
        help=f"SQLAlchemy URL of the termbase (default: ${TERMBASE_URL_ENV}, else the project's).",
    )(func)
    return project_option(func)


@click.group("term")
def term() -> None:
    """Termbase: TBX and CSV glossaries in and out, lookups, candidate terms, statistics.

    \b
    Example:
      locflow term import glossary/acme.tbx
      locflow term lookup "Delete your account" -l de
    """


@term.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--columns", default=None, help="Columns of CSV/TSV files without a header, e.g. en,de,note.")
@termbase_options
@format_option("text", "json")
@command
def import_command(
    files: tuple[Path, ...],
    columns: str | None,
    project_dir: Path | None,
    termbase_url: str | None,
    source_locale: str | None,
    output_format: str,
) -> None:
    """Import TBX (v2 TBX-Default/Basic, v3 Core/Min/Basic) and CSV/TSV glossaries.

    Each file is imported whole or not at all: a malformed, unsafe or
    unknown-dialect file is reported with its line, nothing of it is kept,
    and the command exits 3. Importing a file again updates its concepts
    (matched by concept id, else by source term) instead of duplicating them.

    \b
    Examples:
      locflow term import glossary/acme.tbx glossary/ui-labels.csv
      locflow term import legacy.tab --columns en,de,note
    """
    names = [name.strip() for name in columns.split(",")] if columns else None
    results = []
    with resolve_termbase(project_dir, termbase_url, source_locale) as termbase:
        for path in files:
            stats = termbase.import_file(path, columns=names)
            results.append(stats)
            if output_format == "text":
                click.echo(
                    f"{path}: {stats.read} concepts read, {stats.added} added, {stats.updated} updated, "
                    f"{stats.unchanged} unchanged, {stats.removed} removed"
                )
                for warning in stats.warnings:
                    click.echo(f"warning: {warning}", err=True)
    if output_format == "json":
        emit_json({"files": [stats.to_json() for stats in results]})


@term.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Glossary file to write.")
@click.option("--format", "file_format", type=click.Choice(["tbx", "csv"]), default=None,
              help="tbx (TBX v3 TBX-Basic, DCA) or csv (default: from the file name).")
@locale_option
@termbase_options
@command
def export_command(
    output: Path,
    file_format: str | None,
    locales: tuple[str, ...],
    project_dir: Path | None,
    termbase_url: str | None,
    source_locale: str | None,
) -> None:
    """Export the termbase as TBX v3 TBX-Basic (DCA style) or CSV.

    The file is written beside its final name and renamed when complete.
    ``-l`` limits the export to some locales (the source locale is always kept).

    \b
    Examples:
      locflow term export -o glossary.tbx
      locflow term export -o glossary-de.csv -l de
    """
    with resolve_termbase(project_dir, termbase_url, source_locale) as termbase:
        wanted = split_locales(locales)
        chosen = [termbase.source_locale, *wanted] if wanted else None
        written = termbase.export(output, file_format, locales=chosen)
    click.echo(f"{output}: {written} concepts written")


@term.command("lookup")
@click.argument("text")
@locale_option
@termbase_options
@format_option("text", "json")
@command
def lookup_command(
    text: str,
    locales: tuple[str, ...],
    project_dir: Path | None,
    termbase_url: str | None,
    source_locale: str | None,
    output_format: str,
) -> None:
    """Show the terms TEXT mentions, with their translations, status and definition.

    Recognition is the one pretranslate, exports and QA use: whole words,
    inflected forms, longest match first.

    \b
    Example:
      locflow term lookup "Sync your folders with Acme Drive" -l de,fr --format json
    """
    config = _config(project_dir)
    targets = split_locales(locales) or ([t.tag for t in config.target_locales] if config else [])
    if not targets:
        raise UsageError("give the target locale(s) with -l, e.g. -l de")
    with resolve_termbase(project_dir, termbase_url, source_locale) as termbase:
        found = termbase.lookup(text, [_locale(tag, "-l/--locale").tag for tag in targets])
    if output_format == "json":
        emit_json({"text": text, "results": [{"locale": tag, "terms": [_hit_json(text, h) for h in hits]} for tag, hits in found.items()]})
        return
    for tag, hits in found.items():
        if not hits:
            click.echo(f"{tag}: no term found")
        for hit in hits:
            click.echo(f"{tag}  {_hit_line(text, hit)}")


def _hit_json(text: str, hit: TermHit) -> dict[str, Any]:
    return {
        "found": text[hit.start : hit.end],
        "start": hit.start,
        "end": hit.end,
        "source_term": hit.source_term.text,
        "target": hit.target,
        "dnt": hit.dnt,
        "targets": [t.to_json() for t in hit.targets],
        "deprecated": [t.to_json() for t in hit.deprecated],
        "forbidden": [t.to_json() for t in hit.forbidden],
        "definition": hit.definition,
        "concept": hit.concept.id,
    }


def _hit_line(text: str, hit: TermHit) -> str:
    found = text[hit.start : hit.end]
    if hit.dnt:
        line = f"{found}: do not translate"
    elif hit.targets:
        line = f"{found} -> {hit.targets[0].text} [{hit.targets[0].status.value}]"
    else:
        line = f"{found}: no translation in the termbase"
    avoid = [f"{t.text} ({t.status.value})" for t in (*hit.forbidden, *hit.deprecated)]
    if avoid:
        line += "; do not use " + ", ".join(avoid)
    return line + (f"  ({hit.definition})" if hit.definition else "")


@term.command("extract")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("term-candidates.csv"),
              show_default=True, help="CSV file to write.")
@click.option("--min-count", type=click.IntRange(1), default=3, show_default=True, help="Occurrences a single word needs.")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="Candidates to write at most.")
@project_option
@format_option("text", "json")
@command
def extract_command(output: Path, min_count: int, limit: int, project_dir: Path | None, output_format: str) -> None:
    """Rank candidate terms in the project's source text and write them as a CSV to review.

    Candidates are repeated multiword units and frequent words that are not
    stop words, ranked by frequency, length and spread across documents;
    terms already in the termbase are left out. Fill in the target columns,
    then import the file with 'locflow term import'.

    \b
    Example:
      locflow term extract -o glossary/candidates.csv --limit 100
    """
    from locflow.pipeline.term_extract import extract_project_terms
    from locflow.project import Project

    with Project.open(project_dir or Path(".")) as project:
        result = extract_project_terms(project, output, min_count=min_count, limit=limit)
    if output_format == "json":
        emit_json({"path": str(result.path), "segments": result.segments, "candidates": [
            {"term": c.text, "count": c.count, "documents": c.documents, "score": round(c.score, 2)} for c in result.candidates
        ]})
        return
    click.echo(f"{output}: {len(result.candidates)} candidate terms from {result.segments} segments")


@term.command("stats")
@termbase_options
@format_option("text", "json")
@command
def stats_command(project_dir: Path | None, termbase_url: str | None, source_locale: str | None, output_format: str) -> None:
    """Show how many concepts and terms the termbase holds, per locale, status and file.

    \b
    Example:
      locflow term stats --format json
    """
    with resolve_termbase(project_dir, termbase_url, source_locale) as termbase:
        stats = termbase.stats()
    if output_format == "json":
        emit_json(stats.to_json())
        return
    click.echo(f"{stats.concepts} concepts, {stats.terms} terms, {stats.dnt} do-not-translate")
    for title, counts in (("locales", stats.locales), ("statuses", stats.statuses), ("files", stats.sources)):
        if counts:
            click.echo(f"{title}:")
            for name, count in counts.items():
                click.echo(f"  {name}: {count}")
