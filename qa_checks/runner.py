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
that hold nothing it looks for. A large run shares its units with a second,
forked process (:mod:`qa_checks.fork`): that one checks the later units and
sends its findings back, this one the earlier units, and all of them with the
checks that need the whole run (those with a ``prepare`` hook).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain, groupby, islice, repeat
from operator import itemgetter

from qa_checks.base import Check, CheckContext, CheckedUnit, Issue
from qa_checks.batch import Batch, indices
from qa_checks.collector import gc_paused
from qa_checks.dedupe import one_per_defect
from qa_checks.fork import a_core_is_free, in_second_process
from qa_checks.profile import Profile
from qa_checks.report.model import CheckInfo, QAReport, add_locale_totals
from qa_checks.report.spool import CHUNK, ISSUES, SUPPRESSED, IssueSpool
from qa_checks.words import count_source_words

__all__ = ["run_checks", "finish", "gc_paused", "PARALLEL_FROM"]

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

    ``processes``: 1 runs everything in this process, 2 shares the units with a
    forked second process (:mod:`qa_checks.fork`), None (the default) does so for
    runs of :data:`PARALLEL_FROM` units or more, where it pays for the fork, when a
    core is free for it.
    ``gated=False`` calls every check on every unit, skipping no gate: the same
    report, slower (the tests compare both).
    """
    units = list(units)
    if processes is None:
        processes = 2 if len(units) >= PARALLEL_FROM and a_core_is_free() else 1
    with gc_paused():
        return _run_checks(units, profile or Profile.default(), ctx or CheckContext(), progress, gated, processes > 1)


#: the number of units from which a run uses a second process by default
PARALLEL_FROM = 20_000


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
    found, tally = _all_findings(ctx, units, checks, gated, parallel, progress)
    spool = IssueSpool()
    spool.add_findings(found)
    del found
    finish(spool, {index: units[index].ignored_checks for index in tally.noted})
    log.debug("checked %d units", len(units))
    return QAReport(
        spool=spool,
        checks=[CheckInfo(c.id, c.level.value, str(c.category), c.description, c.mqm) for c in checks],
        units=len(units),
        words=tally.words,
        locales=tally.locales,
        files=[file for file in tally.files if file is not None],
        weights=dict(profile.weights),
        fail_on=profile.fail_on,
        max_penalty=profile.max_penalty,
        profile=profile.describe(),
    )


def _all_findings(
    ctx: CheckContext,
    units: list[CheckedUnit],
    checks: list[Check],
    gated: bool,
    parallel: bool,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[_Finding], _Tally]:
    """The findings of every check, and what the report says of the units (:class:`_Tally`).

    When ``parallel``, the later units go to a second process, which runs on them
    every check that looks at one unit at a time (and tallies them); this
    process runs those on the earlier units, and the checks that need every unit
    of the run (:func:`_sees_every_unit`) on all of them. Each process makes the
    columns of its own units (:class:`Batch`), after the fork.
    """
    if not parallel:
        ctx.batch = Batch(units)
        run = _Run(ctx, ctx.batch, gated)
        return run.findings(checks, range(len(checks)), progress=progress), run.tally()
    wide = [position for position, check in enumerate(checks) if _sees_every_unit(check)]
    local = [position for position, check in enumerate(checks) if not _sees_every_unit(check)]
    cut = _cut(len(units), [checks[p].cost for p in wide], [checks[p].cost for p in local])
    later = range(cut, len(units))
    second = in_second_process(lambda: _Run(ctx, Batch(units[cut:]), gated, at=later).results(checks, local), fork=True)
    try:
        earlier = _Run(ctx, Batch(units[:cut]), gated)
        found, tally = earlier.results(checks, local, progress=progress)
        # last, over the whole run: by now the second process has copied the memory pages
        # of its units, which this one then writes to without copying them again
        ctx.batch = earlier.entries.followed_by(units[cut:])
        found += _Run(ctx, ctx.batch, gated).findings(checks, wide)
    finally:  # the second process is waited for, even when this one failed
        theirs, their_tally = second()
    return found + theirs, tally.followed_by(their_tally)


def _cut(units: int, wide_costs: Sequence[float], local_costs: Sequence[float]) -> int:
    """How many of the ``units`` the first process checks, the second taking the rest.

    The first process also runs the checks that see every unit, so it takes less
    than half of the others: both finish together when ``cut * local + units *
    wide = (units - cut) * local``, the costs (:attr:`Check.cost`) per unit.
    """
    local, wide = sum(local_costs), sum(wide_costs)
    share = max(0.0, (1 - wide / local) / 2) if local else 0.0
    return round(units * share)


def _sees_every_unit(check: Check) -> bool:
    """Whether the check needs the whole run: it has a ``prepare`` hook (an index of
    every unit, as the consistency checks build). The others look at one unit at a
    time, so any part of the run may be checked apart."""
    return type(check).prepare is not Check.prepare


class _Run:
    """Checks over the units of a batch (the run's, or a part of it), with their plural
    forms and the gates' switch. ``at`` numbers the units in the run's order (their
    indices in the run when the batch is the run); the findings carry these numbers."""

    def __init__(self, ctx: CheckContext, batch: Batch, gated: bool, *, at: Sequence[int] | None = None) -> None:
        self.ctx, self.gated, self.entries = ctx, gated, batch
        self.at = range(len(batch)) if at is None else at
        # entry checks: each unit is its own owner, with no form number
        self.whole = (self.at, [-1] * len(batch))

    @cached_property
    def forms(self) -> tuple[Batch, Sequence[int], Sequence[int]]:
        """Every plural form as a unit, its unit's number in the run and its form number."""
        forms, owners, numbers = _forms(self.entries, self.at)
        return (self.entries if forms is self.entries.units else Batch(forms)), owners, numbers

    def tally(self) -> _Tally:
        """What the report says of the units: their source words (the denominator of the
        MQM penalty) in their plain texts (the rendered ones, but where a segment holds
        inline codes), their files, and which have a note."""
        plains, units = list(self.entries.sources), self.entries.units
        for index in self.entries.with_codes("source"):
            plains[index] = units[index].source_plain
        files = list(dict.fromkeys(self.entries.column("file")))
        noted = [self.at[index] for index in indices(self.entries.column("note"))]
        by_locale = _by_locale(self.entries.column("target_locale"), plains)
        locales = {locale: (len(texts), count_source_words(texts)) for locale, texts in by_locale.items()}
        return _Tally(sum(words for _, words in locales.values()), files, noted, locales)

    def results(
        self, checks: Sequence[Check], positions: Sequence[int], *, progress: Callable[[int, int], None] | None = None
    ) -> tuple[list[_Finding], _Tally]:
        """:meth:`findings` and :meth:`tally`: what a part of a shared run gives."""
        return self.findings(checks, positions, progress=progress), self.tally()

    def findings(
        self, checks: Sequence[Check], positions: Sequence[int], *, progress: Callable[[int, int], None] | None = None
    ) -> list[_Finding]:
        """The findings of the checks at these ``positions`` of ``checks`` (numbered from 1
        in the findings, which sort by it).

        Their ``prepare`` hooks all run first (in the process that runs them).
        """
        for position in positions:
            checks[position].prepare(self.entries.units, self.ctx)
        found: list[_Finding] = []
        total = len(self.entries)
        for done, position in enumerate(positions, 1):
            check = checks[position]
            if not check.needs_termbase or self.ctx.termbase is not None:
                found += self.run(check, position + 1)
            if progress is not None:
                progress(total * done // len(positions), total)
        return found

    def run(self, check: Check, position: int) -> list[_Finding]:
        """One check over the units (or forms) its gate lets through: all, when not gated."""
        batch, owners, numbers = self.forms if check.scope == "form" else (self.entries, *self.whole)
        call, units, ctx = check.check, batch.units, self.ctx
        found = []
        picked = check.gate(batch, ctx) if self.gated else batch.all()
        for index in batch.sees(picked, check.on_untranslated):
            result = call(units[index], ctx)
            if result:
                found.append((owners[index], numbers[index], position, list(result)))
        return found


def _by_locale(locales: Sequence[object], texts: list[str]) -> dict[str, list[str]]:
    """The texts by the tag of their unit's target locale, in the order met. Readers give
    the units of a file one locale object, so each distinct object is named once."""
    tags = {key: str(locale) for key, locale in dict(zip(map(id, locales), locales)).items()}
    if len(tags) == 1:
        return {tag: texts for tag in tags.values()}
    grouped: dict[str, list[str]] = {}
    for key, text in zip(map(id, locales), texts):
        grouped.setdefault(tags[key], []).append(text)
    return grouped


@dataclass(frozen=True)
class _Tally:
    """What the report says of a run's units, each process telling it of its own."""

    words: int
    files: list[str | None]
    #: the units (by number in the run) with a note, which may silence checks
    noted: list[int]
    #: target locale -> (units, source words)
    locales: dict[str, tuple[int, int]]

    def followed_by(self, later: _Tally) -> _Tally:
        return _Tally(
            self.words + later.words,
            list(dict.fromkeys(self.files + later.files)),
            self.noted + later.noted,
            add_locale_totals(self.locales, later.locales),
        )


def _forms(batch: Batch, at: Sequence[int]) -> tuple[Sequence[CheckedUnit], Sequence[int], Sequence[int]]:
    """Every plural form as a unit of its own, with its unit's number (``at``) and its
    form number.

    Without plural entries (the usual case) the units are their own forms.
    """
    units = batch.units
    if not any(batch.column("source_plural")) and not any(batch.column("plurals")):
        return units, at, [0] * len(units)
    forms: list[CheckedUnit] = []
    owners: list[int] = []
    numbers: list[int] = []
    for index, unit in zip(at, units):
        split = unit.forms() if unit.is_plural else (unit,)
        forms += split
        owners += repeat(index, len(split))
        numbers += range(len(split))
    return forms, owners, numbers


def finish(spool: IssueSpool, silencing: Mapping[int, Collection[str]]) -> None:
    """Write the report's issues and suppressed issues to the spool, from the findings it
    keeps (:meth:`IssueSpool.add_findings`): in the order of a unit-by-unit run, one
    finding per defect (:mod:`qa_checks.dedupe`); ``silencing`` maps the units with a note
    (by number) to the checks their note silences."""
    ordered = _one_per_defect(spool.findings())
    while found := list(islice(ordered, CHUNK)):
        issues, suppressed = _silenced(found, silencing)
        spool.append(ISSUES, issues)
        spool.append(SUPPRESSED, suppressed)


def _silenced(found: list[_Finding], silencing: Mapping[int, Collection[str]]) -> tuple[list[Issue], list[Issue]]:
    """(issues, suppressed) of findings in order: those a unit's note silences set aside."""
    if not silencing:  # all in C
        return list(chain.from_iterable(map(_ISSUES, found))), []
    issues: list[Issue] = []
    suppressed: list[Issue] = []
    for unit_index, _, _, result in found:
        ignored = silencing.get(unit_index)
        if not ignored:
            issues += result
            continue
        for issue in result:
            if issue.check in ignored:
                suppressed.append(_suppressed(issue))
            else:
                issues.append(issue)
    return issues, suppressed


_UNIT_AND_FORM = itemgetter(0, 1)


def _one_per_defect(found: Iterator[_Finding]) -> Iterator[_Finding]:
    """The findings (in order), those of each unit (or plural form) with several checks'
    findings on it reduced to one per defect; most units have one finding at most."""
    for (unit, form), group in groupby(found, key=_UNIT_AND_FORM):
        findings = list(group)
        if len(findings) == 1:
            yield findings[0]
            continue
        kept = set(map(id, one_per_defect([issue for finding in findings for issue in finding[3]])))
        for _, _, position, result in findings:
            result = [i for i in result if id(i) in kept]
            if result:
                yield unit, form, position, result


_ISSUES = itemgetter(3)


def _suppressed(issue: Issue) -> Issue:
    return replace(issue, note=f"suppressed by locflow-ignore: {issue.check}")
