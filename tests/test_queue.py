"""Distributed workers: ``locflow run --queue`` and ``locflow worker`` on a real PostgreSQL
(skipped without LOCFLOW_TEST_PG_URL), and the same tasks run in one process on SQLite."""

from __future__ import annotations

import filecmp
import json
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from locflow.model import Locale
from locflow.pipeline.tasks import prepare_batches, build_batch, extract_batch, pretranslate_batch, qa_locale
from locflow.project import Project
from locflow.queue.app import MAX_RETRIES
from locflow.queue.plan import BUILD, EXTRACT, PRETRANSLATE, QA, RunPlan
from tests.cli_support import copy_example, locflow
from tests.mt_server import LoopbackMT, fake_translate
from tests.queue_support import LOCALES, finish, locflow_process, page_sentences, write_config, write_pages


# -- without a server: the plan, and the tasks run in one process ------------------------------


def test_a_plan_orders_stages_per_batch_and_waits_for_the_locale_before_qa():
    plan = RunPlan.cut("r", [f"d{n}" for n in range(5)], ["de", "ja"], 2)
    assert plan.batches == (("d0", "d1"), ("d2", "d3"), ("d4",))
    tasks = plan.tasks()
    assert len(tasks) == 3 + 3 * 2 + 2 + 2 * 3 and len(set(tasks)) == len(tasks)
    assert plan.first() == [plan.key(EXTRACT, "", b) for b in range(3)]
    assert plan.after(plan.key(EXTRACT, "", 1)) == [plan.key(PRETRANSLATE, "de", 1), plan.key(PRETRANSLATE, "ja", 1)]
    qa = plan.after(plan.key(PRETRANSLATE, "ja", 2))
    assert qa == [plan.key(QA, "ja")] and plan.waits_for_locale(qa[0])
    assert plan.after(plan.key(QA, "de")) == [plan.key(BUILD, "de", b) for b in range(3)]
    assert plan.after(plan.key(BUILD, "de", 0)) == []
    assert RunPlan.from_json("r", json.loads(json.dumps(plan.to_json()))) == plan


def test_the_batch_tasks_build_what_run_builds(tmp_path: Path):
    """One code path: the tasks a worker runs, applied batch by batch in this process on
    SQLite, give the example exactly the files ``locflow run`` writes."""
    whole = copy_example(tmp_path / "whole")
    locflow("run", "-C", str(whole), "--fail-on", "never")
    batched = copy_example(tmp_path / "batched")
    with Project.open(batched) as project:
        plan = RunPlan.cut("r", [str(s.path) for s in project.source_files()], ["de", "ja", "fr"], 4)
        prepare_batches(project)
        for batch in plan.batches:
            extract_batch(project, batch)
        for tag in plan.locales:
            for batch in plan.batches:
                pretranslate_batch(project, batch, Locale(tag))
        for tag in plan.locales:
            gate = qa_locale(project, Locale(tag), "never")
            for batch in plan.batches:
                build_batch(project, batch, Locale(tag), gate)
    assert len(plan.batches) > 1
    comparison = filecmp.dircmp(whole / "build", batched / "build")
    _assert_same_tree(comparison)


def _assert_same_tree(comparison: filecmp.dircmp) -> None:
    assert not comparison.left_only and not comparison.right_only and not comparison.diff_files, comparison.report()
    for sub in comparison.subdirs.values():
        _assert_same_tree(sub)


def test_the_queue_needs_postgresql(tmp_path: Path):
    root = copy_example(tmp_path)
    output = locflow("run", "--queue", "-C", str(root), expect=2)
    assert "the task queue needs the project store on PostgreSQL" in output
    assert locflow("run", "--no-wait", "-C", str(root), expect=2)


# -- on PostgreSQL: worker processes ---------------------------------------------------------------


def _stop(*workers) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        finish(worker, 120)


def _jobs(url: str) -> list[tuple[str, str, int]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT args->>'stage', status::text, attempts FROM procrastinate_jobs ORDER BY id")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


@pytest.mark.postgres
def test_two_workers_finish_a_large_project_with_nothing_lost_or_done_twice(tmp_path: Path, pg_url: str):
    pages = 2000
    with LoopbackMT() as engine:
        write_pages(tmp_path, pages)
        write_config(tmp_path, pg_url, engine.url)
        logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
        workers = [locflow_process("-v", "worker", "-C", str(tmp_path), "--concurrency", "2", log=log) for log in logs]
        try:
            code, out, err = finish(locflow_process("run", "--queue", "-C", str(tmp_path), "--format", "json"), 900)
        finally:
            _stop(*workers)
        assert code == 0, out + err
        report = json.loads(out)
        sent = Counter((t, r.payload["target_lang"].lower()) for r in engine.calls("/v2/translate") for t in r.payload["text"])
    assert report["finished"] and report["failed_tasks"] == [] and not report["gate_failed"]
    assert {tag: fill["mt"] for tag, fill in report["pretranslate"].items()} == {tag: 3 * pages for tag in LOCALES}
    assert report["extract"]["segments"]["new"] == 3 * pages
    assert len(report["build"]["written"]) == pages * len(LOCALES)
    # every segment went to the engine once per locale: nothing lost, nothing done twice
    expected = Counter((s, tag) for number in range(pages) for s in page_sentences(number) for tag in LOCALES)
    assert sent == expected
    # every job ran once and succeeded; both workers took part
    assert {(stage, status, attempts) for stage, status, attempts in _jobs(pg_url)} <= {
        (stage, "succeeded", 1) for stage in ("extract", "pretranslate", "qa", "build")
    }
    assert all("task done" in log.read_text(encoding="utf-8") for log in logs), "both workers took part"
    with Project.open(tmp_path) as project:
        for tag in LOCALES:
            stored = project.store.translations(tag)
            assert len(stored) == 3 * pages and {t.state.value for t in stored.values()} == {"mt"}
    for number in (0, 1, 977, pages - 1):
        for tag in LOCALES:
            built = (tmp_path / "build" / tag / "content" / f"page-{number:05d}.md").read_text(encoding="utf-8")
            for sentence in page_sentences(number):
                assert fake_translate(sentence, tag) in built


@pytest.mark.postgres
def test_a_task_of_a_killed_worker_is_taken_over_by_another(tmp_path: Path, pg_url: str):
    with LoopbackMT(delay=1.0) as engine:
        write_pages(tmp_path, 4)
        write_config(tmp_path, pg_url, engine.url, locales=("de",), mt_extra="concurrency = 1\n")
        config = tmp_path / "locflow.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("retries = 0", "retries = 0\nbatch_size = 1"), encoding="utf-8")
        code, out, err = finish(locflow_process("run", "--queue", "--no-wait", "--batch-size", "2", "-C", str(tmp_path)), 120)
        assert code == 0, out + err
        doomed = locflow_process("worker", "-C", str(tmp_path), "--stalled-after", "3", log=tmp_path / "doomed.log")
        deadline = time.monotonic() + 120
        while not engine.calls("/v2/translate") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert engine.calls("/v2/translate"), "the first worker never reached MT"
        os.kill(doomed.pid, signal.SIGKILL)  # in the middle of a pretranslate task
        doomed.wait()
        taker = locflow_process("worker", "-C", str(tmp_path), "--stalled-after", "3", "--until-empty")
        code, out, err = finish(taker, 300)
        assert code == 0, out + err
    jobs = _jobs(pg_url)
    assert {status for _, status, _ in jobs} == {"succeeded"}
    # procrastinate counts a job's runs in ``attempts``: the killed task ran twice, the others once
    assert [stage for stage, _, attempts in jobs if attempts != 1] == ["pretranslate"]
    assert max(attempts for _, _, attempts in jobs) == 2
    with Project.open(tmp_path) as project:
        stored = project.store.translations("de")
        assert len(stored) == 12 and {t.state.value for t in stored.values()} == {"mt"}
    for number in range(4):
        built = (tmp_path / "build" / "de" / "content" / f"page-{number:05d}.md").read_text(encoding="utf-8")
        assert all(fake_translate(sentence, "de") in built for sentence in page_sentences(number))
    status = locflow("queue", "status", "-C", str(tmp_path), "--format", "json")
    assert json.loads(status)["finished"] is True


@pytest.mark.postgres
def test_a_task_that_fails_for_good_is_reported_and_not_retried_forever(tmp_path: Path, pg_url: str):
    with LoopbackMT(fail_after=0) as engine:  # the engine refuses every translation
        write_pages(tmp_path, 3)
        write_config(tmp_path, pg_url, engine.url, locales=("de",))
        worker = locflow_process("worker", "-C", str(tmp_path), log=tmp_path / "worker.log")
        try:
            code, out, err = finish(locflow_process("run", "--queue", "-C", str(tmp_path)), 300)
        finally:
            _stop(worker)
        requests = len(engine.calls("/v2/translate"))
    assert code == 4, out + err
    assert f"failed for good after {MAX_RETRIES + 1} attempts: pretranslate de batch 0" in out
    assert "503" in out
    jobs = _jobs(pg_url)
    assert ("pretranslate", "failed", MAX_RETRIES + 1) in jobs  # procrastinate's attempts: runs of the job
    assert not any(stage in ("qa", "build") for stage, _, _ in jobs), "nothing after the failed task ran"
    assert requests == MAX_RETRIES + 1, "one request per attempt, then no more"
    listing = locflow("queue", "status", "-C", str(tmp_path))
    assert "failed" in listing and "failed for good" in listing


@pytest.mark.postgres
def test_rejected_input_fails_its_task_at_once_with_exit_3(tmp_path: Path, pg_url: str):
    """An unsafe file would be rejected again: its task is not retried, and the run says why."""
    write_pages(tmp_path, 2)
    write_config(tmp_path, pg_url, "http://127.0.0.1:9", locales=("de",))
    config = tmp_path / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('path = "content/*.md"', 'path = ["content/*.md", "content/*.dita"]'),
                      encoding="utf-8")
    (tmp_path / "content" / "laughs.dita").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE topic [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        '<topic id="t"><title>&lol2;</title></topic>\n', encoding="utf-8")
    worker = locflow_process("worker", "-C", str(tmp_path), log=tmp_path / "worker.log")
    try:
        code, out, err = finish(locflow_process("run", "--queue", "-C", str(tmp_path)), 300)
    finally:
        _stop(worker)
    assert code == 3, out + err
    assert "failed for good after 1 attempt: extract batch 0" in out and "laughs.dita" in out
    assert _jobs(pg_url) == [("extract", "failed", 1)]
    assert not (tmp_path / "build").exists()
