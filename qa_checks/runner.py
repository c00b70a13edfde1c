"""Running checks over units: the public entry point of the package.

The run has three steps. First each check's ``prepare`` hook builds what it
needs across the project (the consistency index), in one linear pass. Then
every check runs over the whole run in turn: its gate (:meth:`Check.gate`)
picks the units it could find something in, with scans of all the texts at
once (:mod:`qa_checks.batch`), and :meth:`Check.check` is called on those only.
Entry checks see whole units; the others see each plural form. Last, the
findings are put back in unit order (per unit: entry checks, then each form's
checks, in report order), and those a ``locflow-ignore: <check-id>`` note
silences are kept aside as ``suppressed``, so reports still show them.

Running check by check rather than unit by unit gives the same issues in the
same order; it lets a check skip, in one C-level scan, the thousands of units
that hold nothing it looks for. It also lets a large run share its checks with
a second, forked process (:mod:`qa_checks.fork`): each process prepares and
runs its own half, and the second sends its findings back.
"""

from __future__ import annotations

import gc
import logging
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import accumulate, repeat
from operator import itemgetter

from qa_checks.base import Check, CheckContext, CheckedUnit, Issue
from qa_checks.batch import Batch
from qa_checks.fork import in_second_process
from qa_checks.profile import Profile
from qa_checks.report.model import CheckInfo, QAReport
from qa_checks.words import count_source_words

__all__ = ["run_checks", "gc_paused", "PARALLEL_FROM"]

log = logging.getLogger(__name__)

#: one check's findings on one unit: (unit index, form number or -1 for the entry, check position, issues)
_Finding = tuple[int, int, int, list[Issue]]


def run_checks(
    units: Iterable[CheckedUnit],
    profile: Profile | None = None,
    ctx: CheckContext | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    gated: bool = True,
    processes: int | None = None,
) -> QAReport:
    """Check every unit with the profile's checks and return the report.

    ``processes``: 1 runs everything in this process, 2 gives half of the checks
    to a forked second process (:mod:`qa_checks.fork`), None (the default) does so
    for runs of :data:`PARALLEL_FROM` units or more, where it pays for the fork.
    ``gated=False`` calls every check on every unit, skipping no gate: the same
    report, slower (the tests compare both).
    """
    units = list(units)
    if processes is None:
        processes = 2 if len(units) >= PARALLEL_FROM else 1
    with gc_paused():
        return _run_checks(units, profile or Profile.default(), ctx or CheckContext(), progress, gated, processes > 1)


#: the number of units from which a run uses a second process by default
PARALLEL_FROM = 20_000


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many short-lived, acyclic objects are made.

    Units, segments and issues hold no reference cycles, so reference counting frees
    them; the collector would only re-scan the growing heap over and over (about a
    third of the time spent reading 50,000 PO entries).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run_checks(
    units: list[CheckedUnit],
    profile: Profile,
    ctx: CheckContext,
    progress: Callable[[int, int], None] | None,
    gated: bool,
    parallel: bool,
) -> QAReport:
    checks = profile.instantiate()
    ctx.params = {c.id: c.params for c in checks}
    ctx.batch = Batch(units)
    found, words = _all_findings(_Run(ctx, gated), checks, parallel, progress)
    issues, suppressed = _in_unit_order(found, units)
    log.debug("checked %d units: %d issues, %d suppressed", len(units), len(issues), len(suppressed))
    return QAReport(
        issues=issues,
        suppressed=suppressed,
        checks=[CheckInfo(c.id, c.level.value, str(c.category), c.description, c.mqm) for c in checks],
        units=len(units),
        words=words,
        files=[file for file in dict.fromkeys(ctx.batch.column("file")) if file is not None],
        weights=dict(profile.weights),
        fail_on=profile.fail_on,
        max_penalty=profile.max_penalty,
        profile=profile.describe(),
    )


def _all_findings(
    run: _Run, checks: list[Check], parallel: bool, progress: Callable[[int, int], None] | None
) -> tuple[list[_Finding], int]:
    """The findings of every check, and the number of source words.

    When ``parallel``, the later checks (consecutive checks often share their gates'
    scans, so the halves are contiguous) and the word count go to a second process.
    """
    half = _halfway(checks) if parallel else len(checks)
    if parallel:
        run.entries.share()
    second = in_second_process(lambda: (run.findings(checks, half, len(checks)), count_source_words(run.source_plains())), fork=parallel)
    try:
        found = run.findings(checks, 0, half, progress=progress)
    finally:  # the second process is waited for, even when this one failed
        theirs, words = second()
    return found + theirs, words


class _Run:
    """What every check of one run goes over: the units, their plural forms, the gates' switch."""

    def __init__(self, ctx: CheckContext, gated: bool) -> None:
        assert ctx.batch is not None
        self.ctx, self.gated = ctx, gated
        self.entries = ctx.batch
        forms, self.owners, self.numbers = _forms(self.entries)
        self.forms = self.entries if forms is self.entries.units else Batch(forms)
        # entry checks: each unit is its own owner, with no form number
        self.whole = (range(len(self.entries)), [-1] * len(self.entries))

    def source_plains(self) -> list[str]:
        return [unit.source_plain for unit in self.entries.units]

    def findings(
        self, checks: Sequence[Check], start: int, stop: int, *, progress: Callable[[int, int], None] | None = None
    ) -> list[_Finding]:
        """The findings of ``checks[start:stop]``, each check at its position in ``checks``.

        Their ``prepare`` hooks all run first (in the process that runs them).
        """
        for check in checks[start:stop]:
            check.prepare(self.entries.units, self.ctx)
        found: list[_Finding] = []
        total = len(self.entries)
        for position, check in enumerate(checks[start:stop], start + 1):
            if not check.needs_termbase or self.ctx.termbase is not None:
                found += self.run(check, position)
            if progress is not None:
                progress(total * position // stop, total)
        return found

    def run(self, check: Check, position: int) -> list[_Finding]:
        """One check over the units (or forms) its gate lets through: all, when not gated."""
        batch, owners, numbers = (self.forms, self.owners, self.numbers) if check.scope == "form" else (self.entries, *self.whole)
        call, units, ctx = check.check, batch.units, self.ctx
        found = []
        for index in check.gate(batch, ctx) if self.gated else batch.all():
            result = call(units[index], ctx)
            if result:
                found.append((owners[index], numbers[index], position, list(result)))
        return found


def _halfway(checks: Sequence[Check]) -> int:
    """Where to cut ``checks`` so that each part holds about half of their :attr:`Check.cost`."""
    costs = list(accumulate(check.cost for check in checks))
    return bisect_left(costs, costs[-1] / 2) + 1 if costs else 0


def _forms(batch: Batch) -> tuple[Sequence[CheckedUnit], Sequence[int], Sequence[int]]:
    """Every plural form as a unit of its own, with its unit's index and its form number.

    Without plural entries (the usual case) the units are their own forms.
    """
    units = batch.units
    if not any(batch.column("source_plural")) and not any(batch.column("plurals")):
        return units, range(len(units)), [0] * len(units)
    forms: list[CheckedUnit] = []
    owners: list[int] = []
    numbers: list[int] = []
    for index, unit in enumerate(units):
        split = unit.forms() if unit.is_plural else (unit,)
        forms += split
        owners += repeat(index, len(split))
        numbers += range(len(split))
    return forms, owners, numbers


def _in_unit_order(found: list[_Finding], units: list[CheckedUnit]) -> tuple[list[Issue], list[Issue]]:
    """(issues, suppressed) in the order of a unit-by-unit run."""
    found.sort(key=_unit_order)
    issues: list[Issue] = []
    suppressed: list[Issue] = []
    for unit_index, _, _, result in found:
        ignored = units[unit_index].ignored_checks
        if not ignored:
            issues += result
            continue
        for issue in result:
            if issue.check in ignored:
                suppressed.append(_suppressed(issue))
            else:
                issues.append(issue)
    return issues, suppressed


_unit_order = itemgetter(0, 1, 2)  # unit index, form number (-1 for the entry), check position


def _suppressed(issue: Issue) -> Issue:
    return replace(issue, note=f"suppressed by locflow-ignore: {issue.check}")
