"""What ``locflow qa FILE`` loads: only what checking files needs.

The command is timed from start to exit against pofilter (``bench/qa.py``), and
its start once imported the termbase package, SQLAlchemy and Alembic with it,
though only ``--termbase`` reads a termbase. These tests run the command in a
fresh interpreter, as a user does, and look at the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.qa_support import DATA

#: packages that checking PO files never needs: the stores and their libraries, MT
NOT_FOR_FILES = ("sqlalchemy", "alembic", "termbase", "tm", "locflow.store", "locflow.mt", "locflow.config")

_PROGRAM = """
import json, sys
from locflow.cli.main import cli
try:
    cli(sys.argv[1:], prog_name="locflow")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_loaded(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROGRAM, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _loaded(modules: list[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


def test_checking_a_po_file_loads_no_store_no_termbase_no_mt(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    modules = _modules_loaded("qa", str(DATA / "defects.de.po"), "--format", "json", "-o", str(report), "--fail-on", "never")
    assert json.loads(report.read_text(encoding="utf-8"))["issues"]  # the command did check the file
    assert [package for package in NOT_FOR_FILES if _loaded(modules, package)] == []


def test_a_glossary_given_loads_the_termbase(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("en,de\nsettings,Einstellungen\n", encoding="utf-8")
    report = tmp_path / "report.json"
    modules = _modules_loaded(
        "qa", str(DATA / "defects.de.po"), "--termbase", str(glossary), "--format", "json", "-o", str(report), "--fail-on", "never"
    )
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["units"] > 0
    assert _loaded(modules, "termbase")
