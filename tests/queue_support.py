"""Projects and worker processes for the tests of distributed workers (``run --queue``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KEY_ENV = "LOCFLOW_TEST_DEEPL"
LOCALES = ("de", "ja", "fr")
_WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
          "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango")


def words_for(number: int) -> str:
    """A phrase unique to ``number`` without digits (MT sees it as plain text)."""
    out = []
    while True:
        number, rest = divmod(number, len(_WORDS))
        out.append(_WORDS[rest])
        if number == 0:
            return " ".join(out)


def page_sentences(number: int) -> list[str]:
    """The segments of generated page ``number``: a heading and two sentences."""
    name = words_for(number)
    return [f"Set up {name}", f"Open the {name} settings page.", f"Restart the {name} device when asked."]


def write_pages(root: Path, count: int) -> None:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        heading, first, second = page_sentences(number)
        (content / f"page-{number:05d}.md").write_text(f"# {heading}\n\n{first} {second}\n", encoding="utf-8")


def write_config(root: Path, store_url: str, mt_url: str, locales: tuple[str, ...] = LOCALES, mt_extra: str = "") -> None:
    quoted = ", ".join(f'"{locale}"' for locale in locales)
    (root / "locflow.toml").write_text(
        f"""[project]
source_locale = "en"
target_locales = [{quoted}]

[[content]]
path = "content/*.md"

[store]
url = "{store_url}"

[mt]
use = ["deepl"]
{mt_extra}
[mt.engines.deepl]
engine = "deepl"
url = "{mt_url}"
api_key_env = "{KEY_ENV}"
retries = 0
""",
        encoding="utf-8",
    )


def locflow_process(*args: str, log: Path | None = None, env_key: str = "s3cret") -> subprocess.Popen[str]:
    """``locflow ARGS`` in a process of its own (a worker, a waiting run); its output is
    captured, or written to ``log`` for a long-lived worker (a pipe nobody reads would fill
    and stop it)."""
    env = {**os.environ, KEY_ENV: env_key}
    command = [sys.executable, "-c", "from locflow.cli.main import main; main()", *args]
    if log is None:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with log.open("w", encoding="utf-8") as sink:
        return subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen[str], timeout: float) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out or "", err or ""
