"""Killing locflow mid-job: a seeded project generator, a runner that sends SIGKILL at a chosen
moment, and the checks that the store and the build tree are whole afterwards.

The CLI runs in a child process (``.venv/bin/locflow``), so SIGKILL is real: no ``finally``, no
``atexit``, no rollback but the database's own.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

LOCFLOW = str(Path(sys.executable).with_name("locflow"))

_WORDS = (
    "account password reset invoice billing storage folder share link device sync backup restore "
    "plan upgrade team member admin setting profile email notification download upload file photo "
    "album contact support ticket login session browser mobile desktop app security key token"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(5, 11))]
    return " ".join(words).capitalize() + "."


def make_project(root: Path, *, seed: int, documents: int, extra_config: str = "") -> Path:
    """A help center of ``documents`` Markdown pages of seeded sentences, in German and French."""
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True)
    for number in range(documents):
        paragraphs = [f"# {sentence(rng)}"]
        paragraphs += [f"{sentence(rng)} {sentence(rng)}" for _ in range(6)]
        (root / "content" / f"page-{number:03d}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "locflow.toml").write_text(
        '[project]\nname = "crash"\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n'
        '[[content]]\npath = "content/*.md"\n\n[build]\noutput = "build/{locale}/{path}"\n\n'
        '[qa]\nfail_on = "never"\n' + extra_config,
        encoding="utf-8",
    )
    return root


@dataclass
class Outcome:
    killed: bool
    returncode: int
    output: str
    elapsed: float


def run_cli(root: Path, *args: str, kill_after: float | None = None, timeout: float = 300) -> Outcome:
    """Run ``locflow -C root ARGS``; with ``kill_after``, send SIGKILL that many seconds in."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [LOCFLOW, "-C", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    killed = False
    try:
        if kill_after is not None:
            try:
                child.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
                killed = True
        output, _ = child.communicate(timeout=timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return Outcome(killed, child.returncode, output.decode("utf-8", "replace"), time.perf_counter() - started)


# -- what the store holds ------------------------------------------------------------------------


def sqlite_url(root: Path) -> str:
    return f"sqlite:///{root / '.locflow' / 'locflow.db'}"


def store_exists(url: str) -> bool:
    """False for an SQLite file a killed command never got to create."""
    return not url.startswith("sqlite") or Path(url.removeprefix("sqlite:///")).is_file()


def integrity_problems(url: str) -> list[str]:
    """SQLite's own integrity and foreign-key checks (an empty list when all is well)."""
    if not url.startswith("sqlite") or not store_exists(url):
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            problems = [row[0] for row in conn.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
            problems += [repr(tuple(row)) for row in conn.execute(text("PRAGMA foreign_key_check"))]
    finally:
        engine.dispose()
    return problems


def query(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def table_exists(url: str, name: str) -> bool:
    from sqlalchemy import inspect

    if not store_exists(url):
        return False
    engine = create_engine(url)
    try:
        return inspect(engine).has_table(name)
    finally:
        engine.dispose()


def segments_per_document(url: str) -> dict[str, int]:
    if not table_exists(url, "documents"):
        return {}
    rows = query(url, "SELECT d.path, COUNT(s.id) FROM documents d LEFT JOIN segments s ON s.document_id = d.id GROUP BY d.path")
    return dict(rows)


def translations(url: str) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(document, key, locale) -> (target, state)."""
    if not table_exists(url, "translations"):
        return {}
    rows = query(
        url,
        "SELECT d.path, s.key, t.locale, t.target, t.state FROM translations t "
        "JOIN segments s ON s.id = t.segment_id JOIN documents d ON d.id = s.document_id",
    )
    return {(doc, key, locale): (target, state) for doc, key, locale, target, state in rows}


def tm_units(url: str) -> list[tuple[str, str, str, str]]:
    if not table_exists(url, "tm_unit"):
        return []
    return query(url, "SELECT source_locale, target_locale, source, target FROM tm_unit")


def files_under(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
