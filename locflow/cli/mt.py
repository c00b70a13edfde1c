"""``locflow mt``: the configured engines, a test translation, the answer cache, refused answers.

Each command calls one function of :mod:`locflow.mt.service`.
"""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, locale_option, project_option, split_locales
from locflow.cli.render import print_table
from locflow.errors import ProviderError, UsageError
from locflow.mt import service
from locflow.project import Project

__all__ = ["mt"]


@click.group("mt")
def mt() -> None:
    """Machine translation: engines, a test translation, the cache, refused answers.

    \b
    Example:
      locflow mt engines
      locflow mt translate "Call +1 555 0100 to reset your password." -l de
    """


@mt.command("engines")
@project_option
@format_option("table", "json")
@command
def engines_command(project_dir: Path | None, output_format: str) -> None:
    """List the configured engines, the locales they serve, and whether they can run.

    Nothing is sent: "configured" means the credentials it needs are in the
    environment (the variable named by api_key_env), never their value.

    \b
    Example:
      locflow mt engines --format json
    """
    with Project.open(project_dir) as project:
        infos = service.engine_overview(project)
    if output_format == "json":
        emit_json({"engines": [info.to_json() for info in infos]})
        return
    rows = [
        (i.name, i.engine, ", ".join(i.locales) or "-", "yes" if i.configured else f"no: {i.reason}", i.url or "-")
        for i in infos
    ]
    print_table(None, ["name", "engine", "locales", "configured", "url"], rows, numeric_from=5)


@mt.command("translate")
@click.argument("text")
@locale_option
@click.option("--engine", default=None, help="Engine name from [mt.engines] (default: the locale's order).")
@click.option("--no-cache", is_flag=True, help="Ask the engine even when the cache has the answer.")
@project_option
@format_option("text", "json")
@command
def translate_command(
    text: str, locales: tuple[str, ...], engine: str | None, no_cache: bool, project_dir: Path | None, output_format: str
) -> None:
    """Translate TEXT as pretranslate would: masked, verified, cached.

    Shows what was sent (personal data masked) and the answer. Exit 4 when
    the engine failed.

    \b
    Example:
      locflow mt translate "Your order ships today." -l de --engine deepl
    """
    with Project.open(project_dir) as project:
        chosen = project.config.locales(split_locales(locales))
        if len(split_locales(locales)) != 1:
            raise UsageError("give one target locale with -l, e.g. -l de")
        trial = service.try_translation(project, text, chosen[0], engine=engine, use_cache=not no_cache)
    if output_format == "json":
        emit_json(trial.to_json())
    else:
        click.echo(f"sent:   {trial.sent}")
        if trial.masked:
            click.echo("masked: " + ", ".join(f"{k} {n}" for k, n in sorted(trial.masked.items())))
        if trial.target is not None:
            click.echo(f"{trial.locale} ({trial.engine}{', cached' if trial.cached else ''}): {trial.target}")
        else:
            click.echo(f"{trial.locale}: no translation: {trial.problem}")
    if trial.target is None and trial.problem and not trial.problem.startswith("answer refused"):
        raise ProviderError(trial.problem)


@mt.group("cache")
def cache() -> None:
    """The cache of MT answers in the project store.

    \b
    Example:
      locflow mt cache stats
      locflow mt cache clear --engine deepl -l de
    """


@cache.command("stats")
@project_option
@format_option("table", "json")
@command
def cache_stats_command(project_dir: Path | None, output_format: str) -> None:
    """Show cached answers per engine and locale pair, and how often they were used.

    \b
    Example:
      locflow mt cache stats --format json
    """
    with Project.open(project_dir) as project:
        stats = service.cache_stats(project)
    if output_format == "json":
        emit_json({"cache": [s.to_json() for s in stats]})
        return
    rows = [(s.engine, f"{s.source_locale} -> {s.target_locale}", s.entries, f"{s.characters:,}", s.hits) for s in stats]
    print_table(None, ["engine", "locales", "entries", "characters", "hits"], rows, numeric_from=2)


@cache.command("clear")
@click.option("--engine", default=None, help="Only this engine's answers.")
@locale_option
@project_option
@command
def cache_clear_command(engine: str | None, locales: tuple[str, ...], project_dir: Path | None) -> None:
    """Delete cached answers (all, one engine's, or one target locale's).

    \b
    Example:
      locflow mt cache clear --engine deepl
    """
    with Project.open(project_dir) as project:
        wanted = project.config.locales(split_locales(locales)) if locales else [None]
        removed = sum(service.clear_cache(project, engine=engine, locale=locale) for locale in wanted)
    click.echo(f"{removed} cached answers deleted")


@mt.command("rejected")
@locale_option
@project_option
@format_option("table", "json")
@command
def rejected_command(locales: tuple[str, ...], project_dir: Path | None, output_format: str) -> None:
    """List MT answers refused by verification (lost or moved tags, changed placeholders, empty or
    untranslated answers): those segments stay untranslated.

    \b
    Example:
      locflow mt rejected -l de --format json
    """
    with Project.open(project_dir) as project:
        wanted = project.config.locales(split_locales(locales)) if locales else [None]
        found = [r for locale in wanted for r in service.rejected_answers(project, locale)]
    if output_format == "json":
        emit_json({"rejected": [r.to_json() for r in found]})
        return
    if not found:
        click.echo("no MT answers were refused")
        return
    rows = [(r.locale, r.document, r.key, r.engine, r.reason, r.detail) for r in found]
    print_table(None, ["locale", "document", "segment", "engine", "reason", "detail"], rows, numeric_from=6)
