"""Written files get the mode a plain write would give them, whatever the temporary file had."""

from __future__ import annotations

import os
import stat

import pytest

from locflow.fileio import write_atomically


@pytest.fixture
def umask():
    def set_umask(value: int) -> None:
        os.umask(value)

    previous = os.umask(0o022)
    yield set_umask
    os.umask(previous)


@pytest.mark.parametrize("value,expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_follows_the_umask(tmp_path, umask, value, expected):
    umask(value)
    target = tmp_path / "build" / "de" / "faq.md"
    write_atomically(target, b"Hallo\n")
    assert stat.S_IMODE(target.stat().st_mode) == expected
    assert target.read_bytes() == b"Hallo\n"
    assert [p.name for p in target.parent.iterdir()] == ["faq.md"]  # no temporary file left


def test_an_existing_file_keeps_its_mode(tmp_path, umask):
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_bytes() == b"new"


def test_the_build_writes_readable_files(tmp_path, umask):
    from tests.cli_support import copy_example, locflow

    root = copy_example(tmp_path)
    locflow("run", "-C", str(root), "-l", "de")
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (root / "build").rglob("*") if p.is_file()}
    assert modes == {0o644}
