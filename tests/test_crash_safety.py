"""SIGKILL at seeded random moments of ``locflow run``, ``locflow tm import`` and ``locflow import``:
the store stays whole (SQLite integrity and foreign keys, segments per document, translations
and TM units a subset of a clean run's), no built file is half-written, and a re-run finishes the
job without sending committed segments to MT again and without duplicate TM units.

The clean reference of each job runs once per module on SQLite; the killed runs use SQLite and,
when LOCFLOW_TEST_PG_URL is set, PostgreSQL.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.crash_support import (
    files_under,
    integrity_problems,
    make_project,
    query,
    run_cli,
    segments_per_document,
    sqlite_url,
    tm_units,
    translations,
)
from tests.mt_server import LoopbackMT
from tests.tm_support import tmx_document

#: One kill per seed; the seed picks the moment within the clean run's duration.
KILL_SEEDS = [101, 202]
DOCUMENTS = 20


@pytest.fixture(scope="module")
def mt_server():
    with LoopbackMT(delay=0.1) as server:
        yield server


def mt_config(server: LoopbackMT) -> str:
    return f'\n[mt]\nprovider = "libretranslate"\nurl = "{server.url}"\nbatch_size = 8\n'


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory: pytest.TempPathFactory, mt_server: LoopbackMT):
    """A clean ``locflow run``: its translations, its build tree and how long it took."""
    root = make_project(tmp_path_factory.mktemp("ref") / "p", seed=5, documents=DOCUMENTS, extra_config=mt_config(mt_server))
    outcome = run_cli(root, "run")
    assert outcome.returncode == 0, outcome.output
    url = sqlite_url(root)
    return {
        "elapsed": outcome.elapsed,
        "segments": segments_per_document(url),
        "translations": translations(url),
        "build": files_under(root / "build"),
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def store_config(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return ""
    return f'\n[store]\nurl = "{request.getfixturevalue("pg_url")}"\n'


def store_url(root: Path, config: str) -> str:
    return config.split('"')[1] if config else sqlite_url(root)


def require_killed(outcome, what: str) -> None:  # type: ignore[no-untyped-def]
    """A command that finished before its kill moment tests nothing: it must have succeeded,
    and the test is skipped, saying so. The moment comes from a clean run's duration, and a
    loaded machine can run the reference slower than this run."""
    if not outcome.killed:
        assert outcome.returncode == 0, outcome.output
        pytest.skip(f"the {what} finished in {outcome.elapsed:.2f} s, before its kill")


def kill_moment(seed: int, duration: float) -> float:
    """A moment within the first 60% of a clean run's duration (a loaded machine runs faster or
    slower from one run to the next, and a kill after the end would test nothing)."""
    return random.Random(seed).uniform(0.3, max(duration * 0.6, 0.6))


def mt_texts(server: LoopbackMT, since: int) -> set[tuple[str, str]]:
    """(text, target language) of every text the MT server was asked for since request ``since``."""
    sent = set()
    for request in server.requests[since:]:
        if request.path == "/translate":
            texts = request.payload["q"] if isinstance(request.payload["q"], list) else [request.payload["q"]]
            sent.update((text, request.payload["target"]) for text in texts)
    return sent


def assert_whole(url: str, root: Path, reference: dict) -> None:
    """What a kill may leave: less than a clean run, never something different or broken."""
    assert integrity_problems(url) == []
    for document, count in segments_per_document(url).items():
        assert count == reference["segments"][document], f"{document}: half extracted"
    for key, value in translations(url).items():
        assert reference["translations"][key] == value, key
    built = files_under(root / "build")
    leftovers = [name for name in built if name.rpartition("/")[2].startswith(".")]
    assert leftovers == [], f"temporary files left in build/: {leftovers}"
    for name, data in built.items():
        assert data == reference["build"][name], f"{name} is not the file a clean run writes"


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_a_run_killed_anywhere_resumes_without_redoing_committed_work(
    tmp_path: Path, mt_server: LoopbackMT, reference_run: dict, store_config: str, seed: int
):
    root = make_project(tmp_path / "p", seed=5, documents=DOCUMENTS, extra_config=mt_config(mt_server) + store_config)
    url = store_url(root, store_config)
    killed = run_cli(root, "run", kill_after=kill_moment(seed, reference_run["elapsed"]))
    require_killed(killed, "run")
    assert_whole(url, root, reference_run)

    committed = translations(url)
    before = len(mt_server.requests)
    again = run_cli(root, "run")
    assert again.returncode == 0, again.output
    sources = dict(query(url, "SELECT d.path || '#' || s.key, s.source_text FROM segments s JOIN documents d ON d.id = s.document_id"))
    resent = mt_texts(mt_server, before) & {(sources[f"{doc}#{key}"], locale) for doc, key, locale in committed}
    assert resent == set(), f"{len(resent)} committed segments were sent to MT again"
    assert translations(url) == reference_run["translations"]
    assert files_under(root / "build") == reference_run["build"]
    assert integrity_problems(url) == []


# -- tm import ---------------------------------------------------------------------------------


def write_tmx(path: Path, units: int, seed: int) -> None:
    rng = random.Random(seed)
    body = []
    for number in range(units):
        source = f"{rng.choice(['Open', 'Close', 'Share', 'Sync'])} the {number} {rng.choice(['folder', 'file', 'album'])}."
        body.append(
            f'<tu><tuv xml:lang="en"><seg>{source}</seg></tuv><tuv xml:lang="de"><seg>DE {source}</seg></tuv>'
            f'<tuv xml:lang="fr"><seg>FR {source}</seg></tuv></tu>\n'
        )
    path.write_text(tmx_document(body), encoding="utf-8")


TM_UNITS = 10_000


@pytest.fixture(scope="module")
def reference_tm(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("tmref")
    write_tmx(folder / "memory.tmx", TM_UNITS, seed=9)
    root = make_project(folder / "p", seed=5, documents=1)
    outcome = run_cli(root, "tm", "import", str(folder / "memory.tmx"))
    assert outcome.returncode == 0, outcome.output
    units = sorted(tm_units(sqlite_url(root)))
    assert len(units) == 2 * TM_UNITS
    return {"tmx": folder / "memory.tmx", "units": units, "elapsed": outcome.elapsed}


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_a_tm_import_killed_anywhere_leaves_no_duplicate_after_the_rerun(
    tmp_path: Path, reference_tm: dict, store_config: str, seed: int
):
    root = make_project(tmp_path / "p", seed=5, documents=1, extra_config=store_config)
    url = store_url(root, store_config)
    killed = run_cli(root, "tm", "import", str(reference_tm["tmx"]), kill_after=kill_moment(seed, reference_tm["elapsed"]))
    require_killed(killed, "import")
    assert integrity_problems(url) == []
    partial = tm_units(url)
    assert len(partial) == len(set(partial)) and set(partial) <= set(reference_tm["units"])

    again = run_cli(root, "tm", "import", str(reference_tm["tmx"]))
    assert again.returncode == 0, again.output
    assert sorted(tm_units(url)) == reference_tm["units"]
    assert integrity_problems(url) == []


# -- import of translated XLIFF ------------------------------------------------------------------


def translate_package(package: Path) -> int:
    """Fill every target of an exported XLIFF 1.2 file as a translator would; returns how many."""
    tree = etree.parse(str(package))
    namespace = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    filled = 0
    for unit in tree.iterfind(".//x:trans-unit", namespace):
        source = unit.find("x:source", namespace)
        target = unit.find("x:target", namespace)
        if target is None:
            target = etree.SubElement(unit, "{urn:oasis:names:tc:xliff:document:1.2}target")
        target.text = f"Übersetzt: {source.text}"
        target.set("state", "translated")
        filled += 1
    tree.write(str(package), xml_declaration=True, encoding="UTF-8")
    return filled


def prepared_import(root: Path) -> Path:
    """Extract the project and export German as one XLIFF 1.2 bundle, filled by a translator."""
    assert run_cli(root, "extract").returncode == 0
    outcome = run_cli(root, "export", "-l", "de", "--format", "xliff12", "--bundle", "-o", str(root / "exchange"))
    assert outcome.returncode == 0, outcome.output
    (package,) = (root / "exchange").rglob("*.xlf")
    assert translate_package(package) > 0
    return package


IMPORT_DOCUMENTS = 80


@pytest.fixture(scope="module")
def reference_import(tmp_path_factory: pytest.TempPathFactory):
    root = make_project(tmp_path_factory.mktemp("impref") / "p", seed=6, documents=IMPORT_DOCUMENTS)
    package = prepared_import(root)
    outcome = run_cli(root, "import", str(package))
    assert outcome.returncode == 0, outcome.output
    url = sqlite_url(root)
    return {"translations": translations(url), "units": sorted(tm_units(url)), "elapsed": outcome.elapsed}


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_an_import_killed_anywhere_is_all_or_nothing_and_the_rerun_completes_it(
    tmp_path: Path, reference_import: dict, store_config: str, seed: int
):
    root = make_project(tmp_path / "p", seed=6, documents=IMPORT_DOCUMENTS, extra_config=store_config)
    url = store_url(root, store_config)
    package = prepared_import(root)
    killed = run_cli(root, "import", str(package), kill_after=kill_moment(seed, reference_import["elapsed"]))
    require_killed(killed, "import")
    assert integrity_problems(url) == []
    applied = translations(url)
    assert applied in ({}, reference_import["translations"]), f"{len(applied)} of {len(reference_import['translations'])} applied"
    units = tm_units(url)
    assert len(units) == len(set(units)) and set(units) <= set(reference_import["units"])

    again = run_cli(root, "import", str(package))
    assert again.returncode == 0, again.output
    assert translations(url) == reference_import["translations"]
    assert sorted(tm_units(url)) == reference_import["units"]
    assert integrity_problems(url) == []


def test_a_reimport_feeds_the_tm_what_an_interrupted_import_did_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Regression: the store's transaction commits before the TM is fed (it may be another
    database). An import that died between the two left the TM without the translations, and
    re-importing the same file, now unchanged in the store, never added them."""
    from click.testing import CliRunner

    from locflow.cli.main import cli
    from locflow.project import Project

    root = make_project(tmp_path / "p", seed=6, documents=3)
    package = prepared_import(root)

    def die(self, writes):
        raise SystemExit(137)

    monkeypatch.setattr(Project, "remember", die)
    CliRunner().invoke(cli, ["-C", str(root), "import", str(package)])
    monkeypatch.undo()
    url = sqlite_url(root)
    applied = translations(url)
    assert applied and {state for _, state in applied.values()} == {"translated"}
    assert tm_units(url) == []

    again = run_cli(root, "import", str(package))
    assert again.returncode == 0, again.output
    units = tm_units(url)
    assert len(units) == len(applied) == len(set(units))
    assert {target for *_, target in units} == {target for target, _ in applied.values()}


def test_a_build_removes_the_temporary_file_a_killed_build_left(tmp_path: Path):
    """Regression: a build killed between writing its temporary file and renaming it left
    ``build/de/.page.md.<pid>.<random>.tmp`` behind for good. The next build removes the
    temporaries of writers that are gone, never those of a writer still running."""
    import subprocess
    import sys

    root = make_project(tmp_path / "p", seed=7, documents=2)
    assert run_cli(root, "run").returncode == 0
    folder = root / "build" / "de" / "content"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    abandoned = folder / f".page-000.md.{dead.stdout.strip()}.k2j4.tmp"
    abandoned.write_bytes(b"# Half a pa")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as living:
        in_progress = folder / f".page-001.md.{living.pid}.x9q1.tmp"
        in_progress.write_bytes(b"# Being written")
        (folder / "page-000.md").unlink()
        assert run_cli(root, "build").returncode == 0
        living.kill()
    assert not abandoned.exists()
    assert in_progress.exists()
    assert (folder / "page-000.md").read_bytes().startswith(b"#")
