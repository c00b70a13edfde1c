"""Exit code 4: an external service failed (the MT engine, the database server), not the input."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli_support import copy_example, locflow


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _set_mt(root: Path, options: str) -> None:
    config = root / "locflow.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('provider = "pseudo"', options), encoding="utf-8")


def test_an_unreachable_mt_service_exits_4_not_1(tmp_path):
    root = copy_example(tmp_path)
    _set_mt(root, f'provider = "libretranslate"\nurl = "http://127.0.0.1:{_closed_port()}"\ntimeout = 2')
    locflow("extract", "-C", str(root))
    output = locflow("pretranslate", "-C", str(root), "-l", "de", expect=4)
    assert "cannot reach" in output


def test_an_unreachable_database_server_exits_4(tmp_path):
    root = copy_example(tmp_path)
    config = root / "locflow.toml"
    url = f"postgresql+psycopg://nobody:secret-password@127.0.0.1:{_closed_port()}/locflow"
    config.write_text(config.read_text(encoding="utf-8") + f'\n[store]\nurl = "{url}"\n', encoding="utf-8")
    output = locflow("status", "-C", str(root), expect=4)
    assert "cannot reach the project store" in output
    assert "secret-password" not in output
