"""Config and exchange paths stay inside the project and its build or exchange directory,
symlinks included: a symlink pointing out is refused (exit 3, the path named), nothing outside
is read or written, and the store is left as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from locflow.cli.main import cli
from tests.test_hostile_input import store_dump

CONFIG = """\
[project]
name = "paths"
source_locale = "en"
target_locales = ["de"]

[[content]]
path = ["content/*.md", "content/*/*.md"]

[build]
output = "build/{locale}/{path}"

[mt]
provider = "pseudo"
"""
OUTSIDE_TEXT = "Outside text that must never be read.\n"
TMX = (
    '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="t" '
    'adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>'
    '<tu><tuv xml:lang="en"><seg>Outside text that must never be read.</seg></tuv>'
    '<tuv xml:lang="de"><seg>Draussen.</seg></tuv></tu></body></tmx>'
)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the project, holding what no project command may touch."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(OUTSIDE_TEXT, encoding="utf-8")
    (folder / "memory.tmx").write_text(TMX, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "locflow.toml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "a.md").write_text("# Hello\n\nHello world.\n", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "pretranslate")[0] == 0
    return root


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(root: Path, outside: Path, *args: str, named: str) -> str:
    before_store, before_outside = store_dump(root), files_under(outside)
    code, output = run(root, *args)
    assert code == 3, output
    assert named in output and "outside" in output
    assert "Outside text" not in output
    assert store_dump(root) == before_store
    assert files_under(outside) == before_outside
    return output


def test_a_symlinked_source_directory_pointing_out_is_refused(project: Path, outside: Path):
    os.symlink(outside, project / "content" / "linked")
    refused(project, outside, "extract", named="content/linked/secret.md")


def test_a_symlinked_source_file_pointing_out_is_refused(project: Path, outside: Path):
    os.symlink(outside / "secret.md", project / "content" / "b.md")
    refused(project, outside, "extract", named="content/b.md")


def test_a_symlink_inside_the_project_is_followed(project: Path):
    (project / "shared").mkdir()
    (project / "shared" / "c.md").write_text("Shared text.\n", encoding="utf-8")
    os.symlink(project / "shared", project / "content" / "shared")
    code, output = run(project, "extract")
    assert code == 0, output
    assert "content/shared/c.md" in run(project, "status", "--by", "document")[1]


def test_a_tm_import_through_a_symlink_pointing_out_is_refused(project: Path, outside: Path):
    os.symlink(outside, project / "tm")
    with (project / "locflow.toml").open("a", encoding="utf-8") as config:
        config.write('\n[tm]\nimport = ["tm/*.tmx"]\n')
    refused(project, outside, "pretranslate", named="tm/memory.tmx")


def test_a_termbase_import_through_a_symlink_pointing_out_is_refused(project: Path, outside: Path):
    (outside / "terms.csv").write_text("en,de\nworld,Welt\n", encoding="utf-8")
    os.symlink(outside, project / "glossary")
    with (project / "locflow.toml").open("a", encoding="utf-8") as config:
        config.write('\n[termbase]\nimport = ["glossary/*.csv"]\n')
    refused(project, outside, "pretranslate", named="glossary/terms.csv")


def test_a_config_path_with_dot_dot_is_a_config_error(project: Path, outside: Path):
    config = (project / "locflow.toml").read_text(encoding="utf-8").replace("content/*/*.md", "../outside/*.md")
    (project / "locflow.toml").write_text(config, encoding="utf-8")
    code, output = run(project, "extract")
    assert code == 2 and "inside the project" in output
    assert "Outside text" not in output


@pytest.mark.parametrize("link", ["build", "build/de", "build/de/content"])
def test_a_build_directory_symlinked_out_is_refused(project: Path, outside: Path, link: str):
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, project / link)
    before = files_under(outside)
    code, output = run(project, "build", "--no-qa")
    assert code == 3, output
    assert "leaves the project" in output or "outside" in output
    assert files_under(outside) == before


@pytest.mark.parametrize("link", ["de", "de/content"])
def test_an_export_through_a_symlink_pointing_out_is_refused(project: Path, outside: Path, tmp_path: Path, link: str):
    exchange = project / "exchange"
    (exchange / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, exchange / link)
    before = files_under(outside)
    code, output = run(project, "export", "-l", "de", "--format", "xliff12", "-o", str(exchange))
    assert code == 3, output
    assert "outside" in output
    assert files_under(outside) == before
