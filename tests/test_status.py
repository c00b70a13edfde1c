"""status: words per state per locale and per document, origins, and freshness (how long stale
translations have waited since their source changed), on a project whose counts are known."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from locflow.pipeline.status import parse_duration
from locflow.project import Project
from locflow.store.schema import documents, segments, translations
from tests.cli_support import locflow
from tests.manager_support import known_project


def _age_stale(project_dir: Path, document: str, days: float) -> None:
    """Pretend the source of ``document`` changed ``days`` ago (the store stamps stale translations then)."""
    with Project.open(project_dir) as project:
        in_document = select(segments.c.id).join(documents, documents.c.id == segments.c.document_id).where(documents.c.path == document)
        moment = datetime.now(timezone.utc) - timedelta(days=days)
        with project.store.transaction() as conn:
            conn.execute(update(translations).where(translations.c.state == "stale", translations.c.segment_id.in_(in_document)).values(updated_at=moment))


def stale_project(tmp_path: Path, store_url: str | None = None) -> Path:
    """The known project after two sources changed under translations: c.md 40 days ago, a.md 10."""
    project = known_project(tmp_path, store_url=store_url)
    for path, old, new in (("content/c.md", "Delete the rest.", "Delete the rest now."), ("content/a.md", "Open the app first.", "Open the app first!")):
        file = project / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert "2 translations marked stale" in locflow("extract", "-C", str(project))
    _age_stale(project, "content/c.md", 40)
    _age_stale(project, "content/a.md", 10)
    return project


def test_words_per_state_and_origin_per_locale(tmp_path: Path):
    project = known_project(tmp_path)
    report = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert (report["documents"], report["segments"], report["words"]) == (3, 9, 33)
    de, fr = report["locales"]
    assert de["words_by_state"] == {"new": 23, "mt": 4, "fuzzy": 0, "tm": 3, "translated": 3, "reviewed": 0, "approved": 0, "stale": 0}
    assert de["origins"] == {"tm": 0, "mt": 4, "term": 3, "human": 3}
    assert (de["done_percent"], de["usable_percent"], de["waited_days"]) == (9.1, 30.3, None)
    assert de["states"]["new"] == {"segments": 6, "words": 23}
    assert fr["words_by_state"]["new"] == 33 and fr["done_percent"] == 0.0
    table = locflow("status", "-C", str(project), "-l", "de")
    assert "3 documents, 9 segments, 33 words" in table
    assert table.splitlines()[-1].split() == ["de", "33", "23", "4", "0", "3", "3", "0", "0", "0", "9.1%", "30.3%", "-"]


def test_words_per_state_per_document_and_how_long_stale_translations_waited(tmp_path: Path):
    project = stale_project(tmp_path)
    report = json.loads(locflow("status", "-C", str(project), "-l", "de", "--format", "json"))
    de = report["locales"][0]
    assert de["words"] == 34 and de["words_by_state"]["stale"] == 8 and de["stale"] == 2
    assert de["waited_days"] == 40.0
    documents = json.loads(locflow("status", "-C", str(project), "--by", "document", "--format", "json"))["documents"]
    assert [d["path"] for d in documents] == ["content/a.md", "content/b.md", "content/c.md"]
    states = {d["path"]: {k: v for k, v in d["locales"]["de"]["words_by_state"].items() if v} for d in documents}
    assert states == {"content/a.md": {"new": 7, "stale": 4}, "content/b.md": {"new": 9, "tm": 3}, "content/c.md": {"new": 7, "stale": 4}}
    assert [d["locales"]["de"]["waited_days"] for d in documents] == [10.0, None, 40.0]
    assert [d["locales"]["fr"]["words_by_state"]["new"] for d in documents] == [11, 12, 11]
    rows = [line.split() for line in locflow("status", "-C", str(project), "-l", "de", "--by", "document").splitlines()]
    assert rows[0] == ["locale", "words", "new", "mt", "fuzzy", "tm", "translated", "reviewed", "approved", "stale", "waited", "document"]
    assert rows[3] == ["de", "11", "7", "0", "0", "0", "0", "0", "0", "4", "40d", "content/c.md"]


def test_stale_since_lists_what_waited_longer_longest_first(tmp_path: Path):
    project = stale_project(tmp_path)

    def waiting(age: str) -> list[tuple[str, str, int, float]]:
        found = json.loads(locflow("status", "-C", str(project), "--stale-since", age, "--format", "json"))["documents"]
        return [(d["locale"], d["document"], d["words"], d["waited_days"]) for d in found]

    assert waiting("30d") == [("de", "content/c.md", 4, 40.0)]
    assert waiting("1w") == [("de", "content/c.md", 4, 40.0), ("de", "content/a.md", 4, 10.0)]
    assert waiting("41d") == []
    table = locflow("status", "-C", str(project), "--stale-since", "30d").splitlines()
    assert table[1].split()[:3] == ["de", "1", "4"] and table[1].endswith("40d  content/c.md")
    assert "not a duration" in locflow("status", "-C", str(project), "--stale-since", "soon", expect=2)


@pytest.mark.parametrize(("text", "expected"), [("30d", timedelta(days=30)), ("12h", timedelta(hours=12)), ("2w", timedelta(weeks=2)), ("90m", timedelta(minutes=90)), ("7", timedelta(days=7)), (" 1.5d ", timedelta(hours=36))])
def test_durations(text: str, expected: timedelta):
    assert parse_duration(text) == expected


@pytest.mark.postgres
def test_status_and_freshness_on_postgresql(tmp_path: Path, pg_url: str):
    project = stale_project(tmp_path, store_url=pg_url)
    documents = json.loads(locflow("status", "-C", str(project), "-l", "de", "--by", "document", "--format", "json"))["documents"]
    assert [d["locales"]["de"]["waited_days"] for d in documents] == [10.0, None, 40.0]
    assert [d["words"] for d in documents] == [11, 12, 11]
    found = json.loads(locflow("status", "-C", str(project), "--stale-since", "1w", "--format", "json"))["documents"]
    assert [d["document"] for d in found] == ["content/c.md", "content/a.md"]
