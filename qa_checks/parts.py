"""Checking a run in parts, so that memory does not grow with the run.

A project of 10,000 documents in five locales makes a million units: checked at once
(:func:`qa_checks.run_checks`), they, their columns and the checks' indexes all stay
in memory. :func:`run_in_parts` reads the run a part at a time (a few thousand units,
which the caller reads from wherever it keeps them) and gives the same report, issue
for issue and in the same order:

1. Each part is checked with the checks that look at one unit at a time, and with those
   whose ``prepare`` hook needs the units of the part only (``Check.prepares ==
   "part"``: the punctuation convention of a file, when parts hold whole files). What
   the report says of the units (words, files, locales, notes) is tallied as it goes.
2. The checks whose hook needs the whole run (the consistency indexes) are only told,
   meanwhile, each unit's group and value (:meth:`Check.groups`), as two 64-bit hashes,
   of which each part keeps two rows per group at most, and each part the low 32 bits of
   its groups' hashes, on disk (see :class:`_Groups`). After the last part, the
   groups holding two different values or more are the only ones these checks can
   report in; the parts holding their units are read again, and the checks run
   (``prepare`` and all) over those units only, in run order. A check that declares
   nothing (``prepares == "run"``) has every unit for a candidate: the report is the
   same, the memory that of a whole run.
3. The findings of both steps are put in unit order, one per defect
   (:mod:`qa_checks.dedupe`), and notes silence what they name, as in a whole run.
   They are kept on disk as they are found (:class:`~qa_checks.report.spool.IssueSpool`,
   which sorts them), and so are the report's issues.

A part gives its units with their numbers in the run's order: ascending within the
part, unique in the run, not necessarily consecutive. So the parts may cut the run
another way than its order (a batch of documents in every locale, where the run lists
one locale after the other). The hashes could hide a group only if two different
values of one group had the same 64-bit hash (odds of about k²/2⁶⁵ for a group of k).

The second process of a whole run (:mod:`qa_checks.fork`) is not used: a part is far
below the size from which the fork pays (:data:`qa_checks.runner.PARALLEL_FROM`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from qa_checks.base import Check, CheckContext, CheckedUnit
from qa_checks.batch import Batch
from qa_checks.collector import gc_paused
from qa_checks.profile import Profile
from qa_checks.report.model import CheckInfo, QAReport
from qa_checks.report.spool import IssueSpool
from qa_checks.runner import _Finding, _Run, _Tally, finish

__all__ = ["Part", "run_in_parts", "run_each_locale_in_parts"]

#: the units of a part and their numbers in the run's order
Part = tuple[Sequence[CheckedUnit], Sequence[int]]


def run_in_parts(
    parts: Sequence[Callable[[], Part]],
    profile: Profile | None = None,
    ctx: CheckContext | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    gated: bool = True,
) -> QAReport:
    """The report :func:`qa_checks.run_checks` gives on every unit of ``parts``, read one
    part at a time (each may be read twice).

    Every file's units of one target locale must be in one part (for the checks with
    ``prepares == "part"``). ``progress`` is told the parts checked.
    """
    run = _PartedRun(profile or Profile.default(), ctx or CheckContext(), gated)
    for number, read in enumerate(parts):
        run.check_part(number, *read())
        if progress is not None:
            progress(number + 1, len(parts))
    for number in run.to_read_again():
        run.read_again(*parts[number]())
    return run.report()


def run_each_locale_in_parts(
    parts: Sequence[Callable[[], Part]],
    locales: Sequence[str],
    profile: Profile | None = None,
    context: Callable[[], CheckContext] = CheckContext,
    *,
    progress: Callable[[int, int], None] | None = None,
    gated: bool = True,
) -> dict[str, QAReport]:
    """For each target locale (tag) of ``locales``, the report of :func:`run_in_parts` on
    its units alone, every part being read once for all of them (not once per locale).

    Each locale's run has its own checks and ``context()``, as if run apart: a check's
    ``prepare`` hook sees one locale's units only.
    """
    runs = {tag: _PartedRun(profile or Profile.default(), context(), gated) for tag in locales}
    for number, read in enumerate(parts):
        for tag, (units, at) in _by_locale(*read(), runs).items():
            runs[tag].check_part(number, units, at)
        if progress is not None:
            progress(number + 1, len(parts))
    wanted = {tag: set(run.to_read_again()) for tag, run in runs.items()}
    for number in sorted(set().union(*wanted.values())):
        for tag, (units, at) in _by_locale(*parts[number](), runs).items():
            if number in wanted[tag]:
                runs[tag].read_again(units, at)
    return {tag: run.report() for tag, run in runs.items()}


def _by_locale(units: Sequence[CheckedUnit], at: Sequence[int], tags: Collection[str]) -> dict[str, Part]:
    """A part's units (and numbers) by target locale tag, in order; every tag of ``tags``
    has an entry (empty when the part holds none of its units)."""
    out: dict[str, tuple[list[CheckedUnit], list[int]]] = {tag: ([], []) for tag in tags}
    named: dict[int, str] = {}
    for unit, number in zip(units, at):
        key = id(unit.target_locale)
        tag = named.get(key)
        if tag is None:
            tag = named[key] = str(unit.target_locale)
        if tag in out:
            out[tag][0].append(unit)
            out[tag][1].append(number)
    return out


class _PartedRun:
    """One run over parts: its checks and context, its findings and what it tallied."""

    def __init__(self, profile: Profile, ctx: CheckContext, gated: bool) -> None:
        self.profile, self.ctx, self.gated = profile, ctx, gated
        self.checks = profile.instantiate()
        ctx.params = {c.id: c.params for c in self.checks}
        self.whole = [position for position, check in enumerate(self.checks) if _needs_run(check)]
        self.apart = [position for position in range(len(self.checks)) if position not in self.whole]
        self.tally = _RunTally()
        #: the findings, kept on disk as they are found, and then the report's issues
        self.spool = IssueSpool()
        self.groups = _Groups([self.checks[position] for position in self.whole], self.spool.db)
        #: (number, unit) of the units of the parts read again that the checks needing the run may report
        self.candidates: list[tuple[int, CheckedUnit]] = []

    def check_part(self, number: int, units: Sequence[CheckedUnit], at: Sequence[int]) -> None:
        """Check part ``number`` with the checks that need no more than it; group its units
        for the others."""
        if not units:
            return
        with gc_paused():
            batch = self.ctx.batch = Batch(units)
            run = _Run(self.ctx, batch, self.gated, at=at)
            self.spool.add_findings(run.findings(self.checks, self.apart))
            self.tally.add(run, at)
            self.groups.add(number, batch)
        self.ctx.batch = None
        self.ctx.forget_units()

    def to_read_again(self) -> list[int]:
        """The parts to read again once every part was checked (in order): those holding
        candidates of the checks that need the run."""
        return self.groups.parts() if self.whole else []

    def read_again(self, units: Sequence[CheckedUnit], at: Sequence[int]) -> None:
        """Keep the candidates of a part read again (one of :meth:`to_read_again`)."""
        for index in self.groups.pick(units):
            self.candidates.append((at[index], units[index]))

    def report(self) -> QAReport:
        """The report, once every part was checked and those of :meth:`to_read_again` read
        again: the checks that need the run are run over the candidates."""
        if self.whole:
            self.spool.add_findings(_candidate_findings(self.ctx, self.candidates, self.checks, self.whole, self.gated))
            self.candidates = []
        self.ctx.batch = None
        finish(self.spool, self.tally.silencing)
        checks, profile, tally = self.checks, self.profile, self.tally
        return QAReport(
            spool=self.spool,
            checks=[CheckInfo(c.id, c.level.value, str(c.category), c.description, c.mqm) for c in checks],
            units=tally.units,
            words=tally.words,
            locales=tally.locales(),
            files=tally.files(),
            weights=dict(profile.weights),
            fail_on=profile.fail_on,
            max_penalty=profile.max_penalty,
            profile=profile.describe(),
        )


def _needs_run(check: Check) -> bool:
    """Whether the check's ``prepare`` hook needs more than the part's units."""
    return type(check).prepare is not Check.prepare and check.prepares != "part"


def _candidate_findings(
    ctx: CheckContext,
    candidates: list[tuple[int, CheckedUnit]],
    checks: list[Check],
    positions: list[int],
    gated: bool,
) -> list[_Finding]:
    """The findings of the checks at ``positions`` over the candidate units (with their
    numbers), checked together in run order."""
    candidates.sort(key=itemgetter(0))
    at = [number for number, _ in candidates]
    with gc_paused():
        ctx.batch = Batch([unit for _, unit in candidates])
        return _Run(ctx, ctx.batch, gated, at=at).findings(checks, positions)


class _Groups:
    """What the checks that need the run must know of the units checked so far, kept in
    the run's spool (a temporary SQLite file), not in memory: which groups hold two
    values or more, and which parts hold which groups.

    Each part stores, per check, its distinct (group hash, value hash) rows, at most two
    per group (two rows, two different values), cut by the top bits of the group hash
    into :data:`_BUCKETS` buckets, each an array of rows; and the low 32 bits of its
    groups' hashes. After the last part, each bucket's rows of every part are merged in
    memory on their own (a bucket holds a group's rows of every part), which takes a
    sixty-fourth of what merging them all at once would. The parts holding a group with two
    values or more are the only ones read again; a part read again is grouped anew, exactly.
    """

    def __init__(self, checks: list[Check], db: sqlite3.Connection) -> None:
        self.checks, self.db = checks, db
        #: a check that groups nothing has every unit for a candidate
        self.every = any(check.prepares != "groups" for check in checks)
        self.sizes: dict[int, int] = {}
        self.mixed: list[np.ndarray] = []
        if checks and not self.every:
            db.executescript(_GROUP_TABLES)

    def add(self, number: int, batch: Batch) -> None:
        self.sizes[number] = len(batch)
        if self.every or not self.checks:
            return
        rows, groups = [], []
        for position, check in enumerate(self.checks):
            pairs = _two_per_group(_pairs(check, batch))
            groups.append(pairs[:, 0])
            buckets = (pairs[:, 0] >> _BUCKET_SHIFT) & (_BUCKETS - 1)
            order = np.argsort(buckets, kind="stable")
            bounds = np.searchsorted(buckets[order], np.arange(_BUCKETS + 1)).tolist()
            pairs = pairs[order]
            rows += [(position, bucket, pairs[bounds[bucket] : bounds[bucket + 1]].tobytes()) for bucket in range(_BUCKETS) if bounds[bucket] < bounds[bucket + 1]]
        members = np.unique(np.concatenate(groups).astype(np.uint32))
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO grouped VALUES (?, ?, ?)", rows)
        self.db.execute("INSERT INTO member VALUES (?, ?)", (number, members.tobytes()))
        self.db.execute("COMMIT")

    def parts(self) -> list[int]:
        """The parts holding units of a group with two values or more (all parts when a
        check groups nothing), in order."""
        if self.every:
            return [number for number, size in self.sizes.items() if size]
        self.db.execute("CREATE INDEX by_bucket ON grouped (position, bucket)")
        self.mixed = [np.concatenate([self._mixed(position, bucket) for bucket in range(_BUCKETS)]) for position in range(len(self.checks))]
        wanted = np.unique(np.concatenate(self.mixed).astype(np.uint32))
        members = self.db.execute("SELECT part, groups FROM member ORDER BY part")
        parts = [number for number, held in members if np.isin(wanted, np.frombuffer(held, np.uint32), assume_unique=True).any()]
        self.db.executescript("DROP TABLE grouped; DROP TABLE member;")
        return parts

    def _mixed(self, position: int, bucket: int) -> np.ndarray:
        """The groups of one bucket of a check with two values or more."""
        held = self.db.execute("SELECT rows FROM grouped WHERE position = ? AND bucket = ?", (position, bucket))
        rows = _two_per_group(np.frombuffer(b"".join(blob for blob, in held), np.int64).reshape(-1, 2))
        groups = rows[:, 0]
        return np.unique(groups[1:][groups[1:] == groups[:-1]])

    def pick(self, units: Sequence[CheckedUnit]) -> list[int]:
        """The indices of a part's units that are in a group with two values or more."""
        if self.every:
            return list(range(len(units)))
        batch = Batch(units)
        picked = np.zeros(len(units), dtype=bool)
        for check, mixed in zip(self.checks, self.mixed):
            where, pairs = _hashes(*check.groups(batch))
            picked[where[np.isin(pairs[:, 0], mixed)]] = True
        return np.flatnonzero(picked).tolist()


#: the buckets a check's (group, value) rows are cut into, by the top bits of the group hash
_BUCKETS = 64
_BUCKET_SHIFT = 64 - 6
#: per check (by position) and bucket, the rows of each part (int64 pairs); per part, the
#: low 32 bits of its groups' hashes (uint32)
_GROUP_TABLES = """
CREATE TABLE grouped (position INTEGER, bucket INTEGER, rows BLOB);
CREATE TABLE member (part INTEGER PRIMARY KEY, groups BLOB);
"""


def _pairs(check: Check, batch: Batch) -> np.ndarray:
    """The (group hash, value hash) of each unit the check groups."""
    return _hashes(*check.groups(batch))[1]


def _hashes(keys: Sequence[Hashable | None], values: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the units with a group, and their (group hash, value hash) pairs."""
    where = [index for index, key in enumerate(keys) if key is not None]
    pairs = np.array([(hash(keys[index]), hash(values[index])) for index in where], dtype=np.int64).reshape(-1, 2)
    return np.array(where, dtype=np.int64), pairs


def _two_per_group(rows: np.ndarray) -> np.ndarray:
    """The distinct (group, value) rows, sorted, at most two per group: enough to tell a
    group with one value from one with several."""
    if len(rows) < 2:
        return rows
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    distinct = np.ones(len(rows), dtype=bool)
    distinct[1:] = (rows[1:, 0] != rows[:-1, 0]) | (rows[1:, 1] != rows[:-1, 1])
    rows = rows[distinct]
    first_two = np.ones(len(rows), dtype=bool)
    first_two[2:] = rows[2:, 0] != rows[:-2, 0]
    return rows[first_two]


@dataclass
class _RunTally:
    """What the report says of the run's units, added up part by part: files and locales
    in the order the run first meets them (by the number of their first unit)."""

    units: int = 0
    words: int = 0
    first_file: dict[str | None, int] = field(default_factory=dict)
    first_locale: dict[str, int] = field(default_factory=dict)
    totals: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: units whose note silences checks (by number) -> those checks; most notes silence
    #: nothing (a context, a heading), and the units of those are not kept
    silencing: dict[int, Collection[str]] = field(default_factory=dict)

    def add(self, run: _Run, at: Sequence[int]) -> None:
        part: _Tally = run.tally()
        units = run.entries.units
        self.units += len(units)
        self.words += part.words
        _first_numbers(self.first_file, run.entries.column("file"), at)
        locales = run.entries.column("target_locale")
        tags = {key: str(locale) for key, locale in dict(zip(map(id, locales), locales)).items()}
        _first_numbers(self.first_locale, [tags[key] for key in map(id, locales)], at)
        for locale, (count, words) in part.locales.items():
            have = self.totals.get(locale, (0, 0))
            self.totals[locale] = (have[0] + count, have[1] + words)
        positions = {number: index for index, number in enumerate(at)} if part.noted else {}
        for number in part.noted:
            ignored = units[positions[number]].ignored_checks
            if ignored:
                self.silencing[number] = ignored

    def files(self) -> list[str]:
        return [file for file in sorted(self.first_file, key=self.first_file.__getitem__) if file is not None]

    def locales(self) -> dict[str, tuple[int, int]]:
        return {locale: self.totals[locale] for locale in sorted(self.first_locale, key=self.first_locale.__getitem__)}


def _first_numbers(first: dict[Hashable, int], column: Sequence[Hashable], at: Sequence[int]) -> None:
    """Record the number of the first unit of each value of ``column`` (a part's numbers
    ascend, so its first unit of a value is its lowest), keeping the lowest of all parts."""
    for value, number in dict(zip(reversed(column), reversed(at))).items():
        if number < first.get(value, number + 1):
            first[value] = number
