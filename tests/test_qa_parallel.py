"""A run shared with a second process reports what one process reports."""

from __future__ import annotations

import gc
import os
import pickle

import pytest

from locflow.model import Segment
from qa_checks import CheckContext, Profile, run_checks
from qa_checks.base import Issue, Severity, _replace
from qa_checks.fork import can_fork, in_second_process
from qa_checks.report import render
from qa_checks.collector import gc_paused
from qa_checks.runner import _cut, _sees_every_unit

from tests.qa_support import DATA, ListTermbase
from tests.test_qa_gates import _test_units, _with_defects

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork here (or threads run, or one core)")


def _one_and_two(units: list) -> tuple[str, str]:
    one = render(run_checks(units, Profile.default(), processes=1), "json")
    two = render(run_checks(units, Profile.default(), processes=2), "json")
    return one, two


@needs_fork
@pytest.mark.parametrize("seed", [None, 7])
def test_two_processes_give_the_same_report_as_one(seed: int | None) -> None:
    units = _test_units()
    if seed is not None:
        units = _with_defects(units, seed)
    one, two = _one_and_two(units)
    assert one == two and '"issues": [\n' in one


@needs_fork
def test_plural_entries_checked_by_the_second_process_keep_their_place() -> None:
    # a doubled space in the second form of every plural entry, a finding of that form
    units = [_with_double_space_in_form_1(u) if u.plurals and u.plurals[0].render().strip() else u for u in _test_units()]
    units = units[::-1]  # the plural entries of the first files now come last: in the second process's part
    checks = Profile.default().instantiate()
    cut = _cut(len(units), [c.cost for c in checks if _sees_every_unit(c)], [c.cost for c in checks if not _sees_every_unit(c)])
    assert 0 < cut < len(units) and any(unit.is_plural for unit in units[cut:])
    one, two = _one_and_two(units)
    assert one == two and "plural form [1]" in one


def _with_double_space_in_form_1(unit):
    return _replace(unit, plurals=(Segment.text_only(unit.plurals[0].render() + "  x"), *unit.plurals[1:]))


@needs_fork
def test_consistency_is_checked_across_the_units_of_both_processes() -> None:
    # every unit twice, the copy (in the second process's part) translated otherwise
    units = [u for u in _test_units() if not u.is_plural and u.target_text.strip()][:300]
    copies = [_replace(u, target=Segment.text_only(u.target_text + " (2)"), line=(u.line or 0) + 10_000) for u in units]
    others = [_replace(u, source=Segment.text_only(u.source_text + " again, one more time")) for u in units[:50]]
    run = units + copies + others
    one, two = _one_and_two(run)
    assert one == two
    assert one.count('"check": "inconsistent-target"') >= 300
    assert one.count('"check": "inconsistent-source"') >= 30  # once per pair: on the later unit


def test_the_first_process_takes_fewer_units_for_the_checks_that_see_them_all() -> None:
    assert _cut(1000, [], [1.0, 3.0]) == 500
    assert _cut(1000, [10.0], [90.0, 10.0]) == 450
    assert _cut(1000, [10.0], []) == 0  # nothing to share: all stays here
    assert _cut(1000, [300.0], [100.0]) == 0


def test_only_checks_with_a_prepare_hook_see_every_unit() -> None:
    wide = {check.id for check in Profile.default().instantiate() if _sees_every_unit(check)}
    assert wide == {"inconsistent-target", "inconsistent-source", "end-punctuation"}


def test_an_issue_comes_back_from_a_pipe_equal() -> None:
    issue = Issue("numbers", Severity.ERROR, "accuracy", "number 3 is missing", "k", "de", "a.po", 7, (1, 2), "s 3", "t", "major", "n")
    copy = pickle.loads(pickle.dumps(issue, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == issue and copy.severity is Severity.ERROR


def test_a_pause_leaves_the_collector_on_and_nothing_frozen() -> None:
    assert gc.isenabled()
    with gc_paused():
        made = [[index] for index in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert gc.is_tracked(made[0]) and gc.get_count()[0] < 1000


def test_a_pause_leaves_what_the_program_froze_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            pass
        assert gc.get_freeze_count() == frozen > 0
    finally:
        gc.unfreeze()


@needs_fork
def test_an_error_in_the_second_process_is_raised_here() -> None:
    def fail() -> None:
        raise ValueError("from the second process")

    with pytest.raises(ValueError, match="from the second process"):
        in_second_process(fail)()


def test_without_fork_the_work_runs_here() -> None:
    assert in_second_process(lambda: 42, fork=False)() == 42


def test_small_runs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import qa_checks.runner as runner

    forked = []
    monkeypatch.setattr(runner, "in_second_process", lambda work, fork: forked.append(fork) or work)
    units = _test_units()[:50]
    run_checks(units, Profile.default(), CheckContext(termbase=ListTermbase([])))
    assert forked == []
    monkeypatch.setattr(runner, "PARALLEL_FROM", len(units))
    monkeypatch.setattr(runner, "a_core_is_free", lambda: True)
    run_checks(units, Profile.default(), CheckContext(termbase=ListTermbase([])))
    assert forked == [True]
    monkeypatch.setattr(runner, "a_core_is_free", lambda: False)  # other work holds the cores
    run_checks(units, Profile.default(), CheckContext(termbase=ListTermbase([])))
    assert forked == [True]
    assert DATA.is_dir()


def test_a_core_is_free_when_the_load_leaves_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_checks import fork

    monkeypatch.setattr(fork.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(fork.os, "getloadavg", lambda: (1.0, 1.0, 1.0))  # this process alone
    assert fork.a_core_is_free()
    monkeypatch.setattr(fork.os, "getloadavg", lambda: (3.5, 2.0, 1.0))
    assert not fork.a_core_is_free()


@needs_fork
def test_a_result_larger_than_the_pipe_comes_back_whole() -> None:
    big = ["x" * 1000 + str(i) for i in range(6000)]  # 6 MB pickled: more than any pipe holds
    assert in_second_process(lambda: big)() == big


def test_the_pipe_is_widened_where_the_system_allows() -> None:
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipes keep their size here")
    from qa_checks.fork import _widen

    read_end, write_end = os.pipe()
    try:
        _widen(write_end)
        assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) >= 1 << 20
    finally:
        os.close(read_end)
        os.close(write_end)
