"""A run shared with a second process reports what one process reports."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa_checks import CheckContext, Profile, run_checks
from qa_checks.fork import can_fork, in_second_process
from qa_checks.report import render
from qa_checks.runner import _halfway

from tests.qa_support import DATA, ListTermbase
from tests.test_qa_gates import _test_units, _with_defects

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork here (or threads run, or one core)")


@needs_fork
@pytest.mark.parametrize("seed", [None, 7])
def test_two_processes_give_the_same_report_as_one(seed: int | None) -> None:
    units = _test_units()
    if seed is not None:
        units = _with_defects(units, seed)
    one = render(run_checks(units, Profile.default(), processes=1), "json")
    two = render(run_checks(units, Profile.default(), processes=2), "json")
    assert one == two and '"issues": [\n' in one


@needs_fork
def test_an_error_in_the_second_process_is_raised_here() -> None:
    def fail() -> None:
        raise ValueError("from the second process")

    with pytest.raises(ValueError, match="from the second process"):
        in_second_process(fail)()


def test_without_fork_the_work_runs_here() -> None:
    assert in_second_process(lambda: 42, fork=False)() == 42


def test_the_checks_are_cut_where_their_cost_is_shared() -> None:
    cheap, dear = SimpleNamespace(cost=1.0), SimpleNamespace(cost=10.0)
    assert _halfway([cheap, dear, cheap, cheap]) == 2
    assert _halfway([cheap] * 10) == 5
    assert _halfway([]) == 0


def test_small_runs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import qa_checks.runner as runner

    forked = []
    monkeypatch.setattr(runner, "in_second_process", lambda work, fork: forked.append(fork) or work)
    run_checks(_test_units()[:50], Profile.default(), CheckContext(termbase=ListTermbase([])))
    assert forked == [False]
    assert DATA.is_dir()
