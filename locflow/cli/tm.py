"""``locflow tm``: import and export TMX, look segments up, show what the memory holds.

Each command calls one method of :class:`tm.TranslationMemory`; errors become
messages and exit codes through :func:`locflow.cli.common.command`
(2 usage, 3 a rejected file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    stderr_is_tty,
)
from locflow.errors import ConfigError, UsageError
from locflow.model import CodeIds, Locale, LocaleError, Segment, protect
from tm import DEFAULT_THRESHOLD, TranslationMemory

__all__ = ["tm", "resolve_tm_url"]

#: Environment variable naming the TM database when ``--tm-url`` is not given.
TM_URL_ENV = "LOCFLOW_TM_URL"


def resolve_tm_url(project_dir: Path | None, tm_url: str | None) -> str:
    """Where the TM lives: ``--tm-url``, else ``$LOCFLOW_TM_URL``, else the project's ``[tm] url`` or store."""
    return database_url(project_dir, tm_url, TM_URL_ENV, lambda config: config.tm_url)


def _existing(url: str) -> str:
    """Refuse to read a TM that does not exist (instead of creating an empty one)."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        if not path.exists():
            raise ConfigError(f"no translation memory at {path} (import one with: locflow tm import FILE)")
    return url


def _locale(tag: str, what: str) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        raise UsageError(f"{what}: {exc}") from exc


def tm_url_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--tm-url",
        default=None,
        metavar="URL",
        help=f"SQLAlchemy URL of the TM database (default: ${TM_URL_ENV}, else the project store).",
    )(func)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A live count on a terminal; nothing in CI or when piped."""
    if not stderr_is_tty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,} units"),
        TimeElapsedColumn(), console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done: progress.update(task, completed=done)


@click.group("tm")
def tm() -> None:
    """Translation memory: TMX in and out, lookups, statistics.

    \b
    Example:
      locflow tm import memories/support.tmx
      locflow tm lookup "How do I reset my password?" -l de
      locflow tm scrub --dry-run
    """


@tm.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_option
@tm_url_option
@format_option("text", "json")
@command
def import_command(files: tuple[Path, ...], project_dir: Path | None, tm_url: str | None, output_format: str) -> None:
    """Import TMX files (1.1 to 1.4b) into the translation memory.

    Each file is imported whole or not at all: a malformed or unsafe file is
    reported with its line, nothing of it is kept, and the command exits 3.
    Units already in the memory are not duplicated.

    \b
    Example:
      locflow tm import memories/support-de.tmx memories/support-fr.tmx
    """
    results = []
    with TranslationMemory.open(resolve_tm_url(project_dir, tm_url)) as memory:
        for path in files:
            with _progress(f"importing {path.name}") as progress:
                stats = memory.import_tmx(path, progress)
            results.append(stats)
            if output_format == "text":
                line = f"{path}: {stats.read} units read, {stats.added} added, {stats.updated} already known"
                if stats.skipped:
                    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(stats.skipped_reasons.items()))
                    line += f", {stats.skipped} skipped ({reasons})"
                click.echo(line)
    if output_format == "json":
        emit_json({"files": [stats.to_json() for stats in results]})


@tm.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="TMX file to write.")
@click.option("--source-locale", default=None, help="Only units with this source locale.")
@click.option("--target-locale", default=None, help="Only units with this target locale.")
@project_option
@tm_url_option
@command
def export_command(
    output: Path, source_locale: str | None, target_locale: str | None, project_dir: Path | None, tm_url: str | None
) -> None:
    """Export the translation memory as TMX 1.4b (inline codes as level 2).

    The file is written beside its final name and renamed when complete, so
    an interrupted export never leaves half a file.

    \b
    Example:
      locflow tm export -o support-en-de.tmx --source-locale en --target-locale de
    """
    source = _locale(source_locale, "--source-locale") if source_locale else None
    target = _locale(target_locale, "--target-locale") if target_locale else None
    partial = output.with_name(output.name + ".partial")
    with TranslationMemory.open(_existing(resolve_tm_url(project_dir, tm_url))) as memory:
        try:
            written = memory.export_tmx(partial, source, target)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"{output}: {written} units written")


@tm.command("lookup")
@click.argument("text")
@locale_option
@click.option("--source-locale", default="en", show_default=True, help="Locale of TEXT.")
@click.option("--threshold", type=click.FloatRange(0, 101), default=DEFAULT_THRESHOLD, show_default=True,
              help="Lowest score offered.")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Matches per locale.")
@project_option
@tm_url_option
@format_option("text", "json")
@command
def lookup_command(
    text: str,
    locales: tuple[str, ...],
    source_locale: str,
    threshold: float,
    limit: int,
    project_dir: Path | None,
    tm_url: str | None,
    output_format: str,
) -> None:
    """Look a sentence up in the translation memory, best matches first.

    Placeholders, URLs and e-mail addresses in TEXT are treated as codes, as
    in extracted content. Scores: 101 same context, 100 exact, 97-99 only
    whitespace/case/punctuation differ, below that fuzzy.

    \b
    Example:
      locflow tm lookup "How do I reset my password?" -l de --format json
    """
    targets = [_locale(tag, "-l/--locale") for tag in split_locales(locales)]
    if not targets:
        raise UsageError("give the target locale(s) with -l, e.g. -l de")
    source = _locale(source_locale, "--source-locale")
    segment = Segment(tuple(protect(text, CodeIds())))
    with TranslationMemory.open(_existing(resolve_tm_url(project_dir, tm_url))) as memory:
        answers = {
            target.tag: memory.lookup(segment, source, target, threshold=threshold, limit=limit) for target in targets
        }
    if output_format == "json":
        emit_json(
            {
                "text": text,
                "source_locale": source.tag,
                "results": [
                    {"locale": tag, "matches": [m.to_json() for m in matches]} for tag, matches in answers.items()
                ],
            }
        )
        return
    for tag, matches in answers.items():
        if not matches:
            click.echo(f"{tag}: no match at or above {threshold:g}")
        for match in matches:
            note = f" [{', '.join(match.reasons)}]" if match.reasons else ""
            click.echo(f"{tag}  {match.score:6.2f}  {match.match_type.value:<7}  {match.target.render()}{note}")


@tm.command("stats")
@project_option
@tm_url_option
@format_option("text", "json")
@command
def stats_command(project_dir: Path | None, tm_url: str | None, output_format: str) -> None:
    """Show how many units the translation memory holds, per locale pair and origin.

    \b
    Example:
      locflow tm stats --format json
    """
    with TranslationMemory.open(_existing(resolve_tm_url(project_dir, tm_url))) as memory:
        stats = memory.stats()
    if output_format == "json":
        emit_json(stats.to_json())
        return
    click.echo(f"{stats.units} units")
    for pair in stats.pairs:
        click.echo(f"  {pair.source_locale} -> {pair.target_locale}: {pair.units}")
    if stats.origins:
        click.echo("origins:")
        for origin, count in stats.origins.items():
            click.echo(f"  {origin}: {count}")


@tm.command("scrub")
@click.option("--delete", "delete_units", is_flag=True, help="Delete the units instead of masking their personal data.")
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
@project_option
@format_option("text", "json")
@command
def scrub_command(delete_units: bool, dry_run: bool, project_dir: Path | None, output_format: str) -> None:
    """Mask (or delete) the TM units that hold personal data, to honour an erasure request.

    Uses the project's [mt.privacy] detectors. Masking replaces each item in
    source, target, inline codes and TMX notes with its kind ([phone],
    [email], [name]...); the change is one transaction and the TM's index
    follows.

    \b
    Example:
      locflow tm scrub --dry-run
      locflow tm scrub --delete
    """
    from locflow.privacy.scrub import scrub_tm
    from locflow.project import Project

    with Project.open(project_dir) as project:
        report = scrub_tm(project, mode="delete" if delete_units else "mask", dry_run=dry_run)
    if output_format == "json":
        emit_json(report.to_json())
        return
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(report.kinds.items())) or "no personal data found"
    verb = "would be" if dry_run else "were"
    click.echo(f"{report.scanned} units scanned: {kinds}")
    click.echo(f"{report.rewritten} units {verb} masked, {report.deleted} {verb} deleted")
