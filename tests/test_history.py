"""History: run, pretranslate, import and qa each record a summary row per locale."""

from __future__ import annotations

import json
from pathlib import Path

from locflow.model import State
from locflow.project import Project
from locflow.store.history import HistoryRow
from tests.cli_support import copy_example, locflow
from tests.manager_support import translate_po, write_project


def _rows(project_dir: Path, locale: str) -> list[HistoryRow]:
    with Project.open(project_dir) as project:
        return project.store.history.rows(locale)


def _without_glossary(project: Path) -> Path:
    """The example without its termbase, so MT fills every segment (term pre-fills aside)."""
    config = project / "locflow.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("[termbase]")] + text[text.index("[mt]") :], encoding="utf-8")
    return project


def test_run_records_words_per_state_mt_characters_and_qa(tmp_path: Path):
    project = _without_glossary(copy_example(tmp_path))
    locflow("run", "-C", str(project))
    analysis = json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--format", "json"))
    characters = analysis["locales"][0]["total"]["characters"]
    words = analysis["locales"][0]["total_words"]
    filled, run = _rows(project, "de")
    assert (filled.command, run.command) == ("pretranslate", "run")  # run's pretranslate records its own row
    assert filled.words == words and filled.states[State.MT] == words and filled.states[State.NEW] == 0
    assert (filled.mt_words, filled.tm_words, filled.mt_characters, filled.qa) == (words, 0, characters, None)
    assert run.mt_characters == 0  # nothing machine-translated since the previous row
    assert run.qa is not None and (run.qa.issues, run.qa.penalty) == (0, 0.0)
    locflow("run", "-C", str(project))
    again = _rows(project, "de")
    assert len(again) == 4 and again[2].mt_characters == 0 and again[3].states == run.states
    assert [row.command for row in _rows(project, "ja")] == ["pretranslate", "run", "pretranslate", "run"]


def test_import_and_qa_record_rows_with_issues_and_mqm_penalty(tmp_path: Path):
    project = write_project(tmp_path / "p")
    locflow("extract", "-C", str(project))
    translate_po(tmp_path, project, "fr", {"Sync files": "Synchroniser  les fichiers", "Delete the rest.": "Supprimez le reste."})
    imported = _rows(project, "fr")
    assert [row.command for row in imported] == ["import"]
    assert imported[0].states[State.TRANSLATED] == 5 and imported[0].states[State.NEW] == 28 and imported[0].qa is None
    assert [row.command for row in _rows(project, "de")] == ["import"]  # every locale is recorded
    qa = json.loads(locflow("qa", "-C", str(project), "-l", "fr", "--format", "json", "--fail-on", "never"))
    assert [issue["check"] for issue in qa["issues"]] == ["double-space"]
    row = _rows(project, "fr")[-1]
    assert row.command == "qa" and row.qa is not None
    # one minor issue (1 point) over the 5 source words fr has translations for
    assert (row.qa.issues, row.qa.penalty, row.qa.categories) == (1, 200.0, {qa["issues"][0]["category"]: 1.0})
    assert [r.command for r in _rows(project, "de")] == ["import"]  # qa -l fr records fr only
