"""Several locflow processes on one project and one TM at once, on SQLite and on PostgreSQL.

Real processes (``subprocess``), the bundled example project, real databases.
Every process must exit 0 with no database error on its way out, nothing may
wait forever, and what the store and the TM hold afterwards must be what the
same commands leave when run one after another.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli_support import copy_example, locflow
from tests.corpus_projects import fill_targets
from tests.tm_support import support_sentence, tmx_document

#: How long a process may take before the test calls it stuck (a deadlock or a lock never given back).
_STUCK = 300
#: Words a database error leaves in what a process prints.
_DATABASE_ERRORS = ("Traceback", "database is locked", "sqlalchemy", "psycopg", "sqlite3", "UniqueViolation", "deadlock")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str | None:
    """``None`` for the project's own SQLite file, else a fresh PostgreSQL database's URL."""
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


def make_project(tmp_path: Path, name: str, url: str | None) -> Path:
    """A copy of the example project; with ``url``, its store (and so its TM and termbase) there."""
    root = copy_example(tmp_path / name)
    if url is not None:
        with (root / "locflow.toml").open("a", encoding="utf-8") as toml:
            toml.write(f'\n[store]\nurl = "{url}"\n')
    return root


def command(root: Path, *args: str) -> list[str]:
    """A ``locflow`` command line run by this interpreter, in project ``root``."""
    return [sys.executable, "-c", "from locflow.cli.main import cli; cli()", *args, "-C", str(root)]


def run_at_once(commands: list[list[str]]) -> list[tuple[int, str]]:
    """Start every command at once; (exit code, everything printed) of each, in order."""
    started = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for c in commands]
    finished = []
    try:
        for process in started:
            output, _ = process.communicate(timeout=_STUCK)
            finished.append((process.returncode, output))
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
    return finished


def assert_all_clean(results: list[tuple[int, str]], commands: list[list[str]]) -> None:
    for (code, output), argv in zip(results, commands):
        shown = " ".join(argv[3:])
        assert code == 0, f"locflow {shown} -> {code}\n{output}"
        leaked = [words for words in _DATABASE_ERRORS if words.lower() in output.lower()]
        assert not leaked, f"locflow {shown} printed {leaked}:\n{output}"


def database_url(root: Path, url: str | None) -> str:
    return url or f"sqlite:///{root / '.locflow' / 'locflow.db'}"


def contents(root: Path, url: str | None) -> dict[str, object]:
    """What the store, the TM and the termbase hold, counted."""
    engine = create_engine(database_url(root, url))
    try:
        with engine.connect() as connection:
            states = Counter(
                {(locale, state): n for locale, state, n in connection.execute(
                    text("SELECT locale, state, count(*) FROM translations GROUP BY locale, state")
                )}
            )
            pairs = connection.execute(text("SELECT count(*), count(DISTINCT segment_id || ':' || locale) FROM translations")).one()
            units = connection.execute(text("SELECT count(*), count(DISTINCT dedup_hash) FROM tm_unit")).one()
            per_locale = dict(connection.execute(text("SELECT target_locale, count(*) FROM tm_unit GROUP BY target_locale")).all())
            concepts = connection.execute(text("SELECT count(*) FROM tb_concept")).scalar_one()
            segments = connection.execute(text("SELECT count(*) FROM segments")).scalar_one()
    finally:
        engine.dispose()
    assert pairs[0] == pairs[1], "a segment has two translations in one locale"
    assert units[0] == units[1], "the TM holds a unit twice"
    return {"states": dict(states), "tm_units": units[0], "tm_by_locale": per_locale, "concepts": concepts, "segments": segments}


def test_three_pretranslates_right_after_extract(tmp_path: Path, backend: str | None) -> None:
    root = make_project(tmp_path, "together", backend)
    locflow("extract", "-C", str(root))
    commands = [command(root, "pretranslate", "-l", locale) for locale in ("de", "ja", "fr")]
    assert_all_clean(run_at_once(commands), commands)

    reference = make_project(tmp_path, "one-by-one", None)
    locflow("extract", "-C", str(reference))
    for locale in ("de", "ja", "fr"):
        locflow("pretranslate", "-C", str(reference), "-l", locale)
    together, one_by_one = contents(root, backend), contents(reference, None)
    assert together == one_by_one
    translated = Counter()
    for (locale, _state), n in together["states"].items():  # type: ignore[union-attr]
        translated[locale] += n
    assert translated == {locale: together["segments"] for locale in ("de", "ja", "fr")}


def write_tmx(path: Path, count: int) -> None:
    """An en->de TMX of ``count`` distinct seeded support sentences."""
    rng = random.Random(20)
    sources: dict[str, None] = {}
    while len(sources) < count:
        sources[f"{support_sentence(rng)} ({len(sources)})"] = None
    units = (f'<tu><tuv xml:lang="en"><seg>{s}</seg></tuv><tuv xml:lang="de"><seg>DE {s}</seg></tuv></tu>\n' for s in sources)
    path.write_text(tmx_document(units), encoding="utf-8")


def prepare_four(tmp_path: Path, name: str, url: str | None) -> tuple[Path, list[Path], Path]:
    """An extracted project with a translated French package and a TMX beside it."""
    root = make_project(tmp_path, name, url)
    locflow("extract", "-C", str(root))
    exchange = root / "exchange"
    locflow("export", "-C", str(root), "-l", "fr", "--format", "xliff2", "-o", str(exchange))
    packages = sorted(exchange.rglob("*.xlf"))
    assert packages and sum(fill_targets(path) for path in packages) > 0
    tmx = tmp_path / f"{name}.tmx"
    write_tmx(tmx, 3000)
    return root, packages, tmx


def four_commands(root: Path, packages: list[Path], tmx: Path) -> list[list[str]]:
    return [
        command(root, "pretranslate", "-l", "de"),
        command(root, "pretranslate", "-l", "ja"),
        command(root, "import", *map(str, packages)),
        command(root, "tm", "import", str(tmx)),
    ]


def test_pretranslates_an_import_and_a_tm_import_at_once(tmp_path: Path, backend: str | None) -> None:
    root, packages, tmx = prepare_four(tmp_path, "together", backend)
    commands = four_commands(root, packages, tmx)
    assert_all_clean(run_at_once(commands), commands)

    reference, reference_packages, reference_tmx = prepare_four(tmp_path, "one-by-one", None)
    for argv in four_commands(reference, reference_packages, reference_tmx):
        assert_all_clean(run_at_once([argv]), [argv])
    together, one_by_one = contents(root, backend), contents(reference, None)
    assert together == one_by_one
    by_locale = together["tm_by_locale"]
    assert by_locale["de"] == 3000 and by_locale["fr"] > 0  # type: ignore[index]
    assert {state for (locale, state) in together["states"] if locale == "fr"} == {"translated"}  # type: ignore[union-attr]
