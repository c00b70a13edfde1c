"""Hostile XML in every format locflow reads: refused with exit 3 naming the file, fast, with
nothing fetched from disk or network and nothing applied to the store.

One table, formats x attacks. XLIFF comes in through ``locflow import``, TMX through
``locflow tm import``, TBX through ``locflow term import``, and the source formats (HTML, DITA,
DocBook, Android strings.xml, RESX) through ``locflow extract``.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from locflow.cli.main import cli
from tests.hostile_support import ATTACKS, FORMATS, FifoTrap, LoopbackServer, hostile_document

CONFIG = """\
[project]
name = "hostile"
source_locale = "en"
target_locales = ["de"]

[[content]]
path = ["content/*.md", "content/*.html", "content/*.dita", "content/*.xml", "content/*.resx",
        "content/res/values/strings.xml"]

[build]
output = "build/{locale}/{path}"

[mt]
provider = "pseudo"
"""


def run(root: Path, *args: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.output, time.perf_counter() - started


def store_dump(root: Path) -> list[str]:
    """Every row of the project's SQLite store, as SQL text: equal dumps mean nothing was applied."""
    with sqlite3.connect(root / ".locflow" / "locflow.db") as conn:
        return list(conn.iterdump())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "locflow.toml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "a.md").write_text("# Hello\n\nHello world.\n", encoding="utf-8")
    code, output, _ = run(root, "extract")
    assert code == 0, output
    code, output, _ = run(root, "pretranslate")
    assert code == 0, output
    return root


def attempt(project: Path, tmp_path: Path, fmt: str, kind: str) -> tuple[int, str, float, FifoTrap, LoopbackServer]:
    """Write the hostile file where its command finds it and run the command."""
    _, _, name, command = FORMATS[fmt]
    with FifoTrap(tmp_path / "secret") as secret, LoopbackServer() as server:
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(hostile_document(fmt, kind, secret.path, server.url))
        args = [*command.split(), str(target)] if command != "extract" else ["extract"]
        code, output, elapsed = run(project, *args)
    return code, output, elapsed, secret, server


#: Every format x attack, but an external DTD in a source: sources may name theirs (see
#: test_an_external_dtd_in_a_source_is_never_fetched).
REFUSED = [(fmt, kind) for fmt in FORMATS for kind in ATTACKS if not (kind == "external-dtd" and FORMATS[fmt][3] == "extract")]


@pytest.mark.parametrize(("fmt", "kind"), REFUSED)
def test_hostile_xml_is_refused_fast_with_nothing_fetched_or_applied(project: Path, tmp_path: Path, fmt: str, kind: str):
    name = FORMATS[fmt][2]
    before = store_dump(project)
    code, output, elapsed, secret, server = attempt(project, tmp_path, fmt, kind)
    assert code == 3, output
    assert Path(name).name in output
    assert elapsed < 1.0, f"{fmt} {kind}: refused after {elapsed:.2f}s"
    assert not secret.opened, "the local file behind the external entity was opened"
    assert server.requests == [], f"the loopback server was asked for {server.requests}"
    assert "SECRET-MARKER" not in output
    assert store_dump(project) == before


@pytest.mark.parametrize("fmt", [fmt for fmt, spec in FORMATS.items() if spec[3] == "extract"])
def test_an_external_dtd_in_a_source_is_never_fetched(project: Path, tmp_path: Path, fmt: str):
    """DocBook and DITA sources name their DTD and use its entities (``&product;``): the DTD is
    never loaded, and a reference to one of its entities stays in the built file as written."""
    code, output, _, secret, server = attempt(project, tmp_path, fmt, "external-dtd")
    assert not secret.opened and server.requests == []
    assert code in (0, 3), output
    if code == 0:
        assert run(project, "build", "--no-qa")[0] == 0
        built = (project / "build" / "de" / FORMATS[fmt][2]).read_bytes()
        assert b"&e;" in built and b"SECRET-MARKER" not in built


def test_the_traps_do_catch_a_reader(tmp_path: Path):
    """The FIFO trap sees a parser that does read (lxml told to resolve); the server sees a client."""
    from urllib.request import urlopen

    from lxml import etree

    with FifoTrap(tmp_path / "secret") as secret, LoopbackServer() as server:
        data = hostile_document("dita", "external-file", secret.path, server.url)
        parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
        root = etree.fromstring(data, parser)
        assert "SECRET-MARKER" in "".join(root.itertext())
        with urlopen(f"{server.url}/entity") as answer:
            assert b"SECRET-MARKER" in answer.read()
    assert secret.opened
    assert server.requests == ["/entity"]
