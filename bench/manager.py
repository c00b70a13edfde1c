"""The localization manager's commands on a big project: time and peak memory per command.

    python bench/manager.py [--sizes 1000,10000] [--locales de,fr,ja,es,it] [--seed 7] [--keep DIR]

For each size, a seeded project of that many help-center articles (6-18 segments
each, support sentences from the shared generator ``../shared/bench/gen_corpus.py``
when present, a built-in one otherwise, and 10% boilerplate that repeats across
articles) is written into a project store through the store's own code
(``segment_records``, ``sync_document``, ``write_translations``), which is what
``extract`` and ``import`` use, without parsing thousands of files. Each locale is
a mature knowledge base: 80% confirmed by people, the rest TM, fuzzy, MT and
termbase drafts, stale translations waiting up to 120 days, and new segments.
The TM holds the confirmed translations of one article in five, and each locale
has a recorded history (30 rows).

Then every command runs as a user runs it, in a fresh process
(``python -m locflow.cli.main ...``, output to /dev/null), and the bench prints
its wall time (start-up included), its CPU time (user and system, workers
included: on a shared machine the wall time also holds the waits for a core)
and its peak RSS, with the load average before it started: ``status``,
``status --by document`` (table and JSON), ``status --stale-since 30d``, ``analyze``
the first time (the TM lookups of every segment still to do, which the leverage
cache keeps), ``analyze`` again, ``analyze --by document`` and ``report``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import bindparam, update  # noqa: E402

from locflow.model import CodeIds, Document, Locale, Segment, State, Unit, protect  # noqa: E402
from locflow.pipeline.analyze import tm_mark  # noqa: E402
from locflow.pipeline.extract import segment_records  # noqa: E402
from locflow.project import Project  # noqa: E402
from locflow.store import TranslationWrite  # noqa: E402
from locflow.store.history import HistoryRow, QAFigures  # noqa: E402
from locflow.store.schema import translations  # noqa: E402

#: (state, origin, share) of a locale's segments; what is left is new.
MIX = [
    (State.APPROVED, "human:kb.po", 0.40),
    (State.REVIEWED, "human:kb.po", 0.20),
    (State.TRANSLATED, "human:kb.po", 0.20),
    (State.TM, "tm", 0.04),
    (State.FUZZY, "tm", 0.02),
    (State.MT, "mt:deepl", 0.06),
    (State.TM, "termbase", 0.01),
    (State.STALE, "human:kb.po", 0.03),
]
BOILERPLATE = [
    "Was this article helpful?", "Contact support if the problem persists.", "Related articles",
    "Before you begin", "Open the Settings menu.", "Click Save.", "Restart the app and try again.",
    "This feature is available on all plans.", "Sign in to your account.", "See also",
]


def sentence_source(seed: int):  # type: ignore[no-untyped-def]
    """A function giving support sentences: the shared generator's, else a small built-in one."""
    rng = random.Random(seed)
    for shared in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        path = shared / "bench" / "gen_corpus.py"
        if path.is_file():
            spec = importlib.util.spec_from_file_location("gen_corpus", path)
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            spec.loader.exec_module(module)  # type: ignore[union-attr]
            return module.SentenceGen(rng).sentence, "gen_corpus.py SentenceGen"
    verbs, things = "reset update delete export share restore sync rename".split(), "password invoice backup folder report device".split()
    return (lambda: f"To {rng.choice(verbs)} your {rng.choice(things)}, open Settings and click Save."), "built-in sentences"


def articles(count: int, seed: int) -> Iterator[Document]:
    """``count`` seeded articles: a heading unit and paragraphs of 1-3 sentences."""
    rng = random.Random(seed)
    sentence, _ = sentence_source(seed)
    for number in range(count):
        units, left = [], rng.randint(6, 18)
        units.append(_unit("md:heading-0", [f"How to {rng.choice(['fix', 'use', 'set up', 'share'])} article {number}"], "heading"))
        left -= 1
        while left > 0:
            size = min(left, rng.randint(1, 3))
            texts = [rng.choice(BOILERPLATE) if rng.random() < 0.10 else sentence() for _ in range(size)]
            units.append(_unit(f"md:block-{len(units)}", texts, "paragraph"))
            left -= size
        yield Document(PurePosixPath(f"kb/{number // 100:03d}/article-{number:05d}.md"), "markdown", tuple(units))


def _unit(key: str, texts: list[str], kind: str) -> Unit:
    ids = CodeIds()
    segments = tuple(Segment(tuple(protect(text, ids))) for text in texts)
    return Unit(key, segments, gaps=("",) + (" ",) * (len(segments) - 1) + ("\n",), kind=kind)


def write_store(project: Project, count: int, seed: int) -> None:
    store = project.store
    batch: list[Document] = []
    for document in articles(count, seed):
        batch.append(document)
        if len(batch) == 500:
            _sync(project, batch)
            batch = []
    _sync(project, batch)
    rng = random.Random(seed + 1)
    now = datetime.now(timezone.utc)
    segments = store.segments()
    for locale in project.config.target_locales:
        writes, stale = _translations(segments, str(locale), rng)
        for start in range(0, len(writes), 5000):
            store.write_translations(writes[start : start + 5000])
        _age(project, str(locale), stale, now, rng)
        _remember(project, segments, writes, locale)
        _history(project, str(locale), now, rng)


def _sync(project: Project, documents: list[Document]) -> None:
    with project.store.transaction() as conn:
        for document in documents:
            digest = hashlib.sha256(str(document.path).encode()).hexdigest()
            project.store.sync_document(str(document.path), "markdown", digest, segment_records(document, project.config.source_locale), conn)


def _translations(segments, locale: str, rng: random.Random) -> tuple[list[TranslationWrite], list[int]]:  # type: ignore[no-untyped-def]
    writes, stale = [], []
    for segment in segments:
        pick, edge = rng.random(), 0.0
        for state, origin, share in MIX:
            edge += share
            if pick < edge:
                target = Segment(tuple(f"[{locale}] {p}" if isinstance(p, str) else p for p in segment.source.parts))
                score = 100.0 if state is State.TM and origin == "tm" else 85.0 if state is State.FUZZY else None
                writes.append(TranslationWrite(segment.id, locale, target, state, origin, score))
                if state is State.STALE:
                    stale.append(segment.id)
                break
    return writes, stale


def _age(project: Project, locale: str, stale: list[int], now: datetime, rng: random.Random) -> None:
    """Stale translations waited 0-120 days since their source changed."""
    statement = update(translations).where(translations.c.segment_id == bindparam("sid"), translations.c.locale == locale).values(updated_at=bindparam("moment"))
    with project.store.transaction() as conn:
        conn.execute(statement, [{"sid": sid, "moment": now - timedelta(days=rng.uniform(0, 120))} for sid in stale])


def _remember(project: Project, segments, writes: list[TranslationWrite], locale: Locale) -> None:  # type: ignore[no-untyped-def]
    """The TM learns the confirmed translations of one article in five (as imports feed it)."""
    from tm import TMContext, TMEntry

    by_id = {s.id: s for s in segments}
    done = {State.TRANSLATED, State.REVIEWED, State.APPROVED}
    entries = [
        TMEntry(by_id[w.segment_id].source, w.target, project.config.source_locale, locale,
                context=TMContext(by_id[w.segment_id].key, by_id[w.segment_id].prev_hash or "", by_id[w.segment_id].next_hash or ""))
        for w in writes
        if w.state in done and zlib.crc32(by_id[w.segment_id].document.encode()) % 5 == 0
    ]
    project.tm.add(entries, origin="human:kb.po", project="bench")


def _history(project: Project, locale: str, now: datetime, rng: random.Random) -> None:
    """30 recorded rows over 60 days, progress growing, a QA row now and then."""
    status_words = project.store.progress.totals()[1].words
    rows = []
    for day in range(30):
        done = int(status_words * (0.5 + 0.3 * day / 29))
        states = {state: 0 for state in State}
        states[State.APPROVED], states[State.MT] = done, int(status_words * 0.06)
        states[State.NEW] = status_words - done - states[State.MT]
        qa = QAFigures(rng.randint(5, 80), round(rng.uniform(2, 20), 2), {"accuracy": 12.0, "fluency": 7.0}) if day % 5 == 4 else None
        rows.append(HistoryRow(now - timedelta(days=60 - 2 * day), "run", locale, status_words, states,
                               int(status_words * 0.05), states[State.MT], int(status_words * 0.01), rng.randint(0, 50_000), qa))
    project.store.history.record(rows)


@dataclass(frozen=True)
class Measure:
    label: str
    seconds: float  # wall time, start-up included
    cpu: float  # user + system time of the process and its workers
    peak_mb: float


#: Runs a command and writes [exit code, wall seconds, CPU seconds, peak RSS in KB] as JSON to
#: argv[1]. A process spawned by the bench itself would inherit the bench's own peak RSS (Linux
#: keeps the high-water mark across fork and exec), so a small fresh interpreter starts it.
_MEASURE = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], out)
"""


def run_command(project: Path, label: str, *args: str) -> Measure:
    """One command in a fresh process; its wall and CPU time and the peak RSS of it and its workers."""
    command = [sys.executable, "-m", "locflow.cli.main", *args, "-C", str(project)]
    with tempfile.NamedTemporaryFile(suffix=".json") as figures:
        run = subprocess.run([sys.executable, "-c", _MEASURE, figures.name, *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=project)
        code, seconds, cpu, peak_kb = json.loads(Path(figures.name).read_text())
    if run.returncode or code:
        raise SystemExit(f"{label} failed ({code}): {run.stderr.decode()[-2000:]}")
    return Measure(label, seconds, cpu, peak_kb / 1024)


def bench_size(root: Path, count: int, locales: list[str], seed: int, *, setup_only: bool = False) -> list[Measure]:
    project_dir = root / f"kb-{count}"
    project_dir.mkdir(parents=True)
    rates = "\n".join(f'{tag} = {0.08 + 0.02 * i:.2f}' for i, tag in enumerate(locales))
    (project_dir / "locflow.toml").write_text(
        f'[project]\nname = "bench {count}"\nsource_locale = "en"\ntarget_locales = {locales!r}\n\n'
        f'[[content]]\npath = "kb/**/*.md"\n\n[mt]\nprovider = "none"\n\n[analysis]\ncurrency = "EUR"\n\n[analysis.rates]\n{rates}\n'.replace("'", '"'),
        encoding="utf-8",
    )
    start = time.perf_counter()
    with Project.open(project_dir) as project:
        write_store(project, count, seed)
        documents, total = project.store.progress.totals()
        units = project.tm.stats().units
        lookups = sum(project.store.leverage.count_to_look_up(tag, tm_mark(project)) for tag in locales)
    print(f"\n{count:,} documents, {total.segments:,} segments, {total.words:,} words, {len(locales)} locales, "
          f"{units:,} TM units, {lookups:,} segments to do (setup {time.perf_counter() - start:.0f} s)", flush=True)
    if setup_only:
        return []
    steps = [
        ("status", ("status",)),
        ("status --by document", ("status", "--by", "document")),
        ("status --by document --format json", ("status", "--by", "document", "--format", "json")),
        ("status --stale-since 30d", ("status", "--stale-since", "30d")),
        ("analyze (first: TM lookups)", ("analyze",)),
        ("analyze", ("analyze",)),
        ("analyze --by document", ("analyze", "--by", "document")),
        ("report", ("report", "-o", str(project_dir / "report.html"))),
    ]
    measures = []
    print(f"  {'command':<38} {'wall':>9} {'cpu':>9} {'peak RSS':>10}   load average before")
    for label, args in steps:
        load = os.getloadavg()[0]
        measure = run_command(project_dir, label, *args)
        measures.append(measure)
        extra = f"  ({lookups / measure.seconds:,.0f} lookups/s)" if "first" in label else ""
        print(f"  {label:<38} {measure.seconds:7.2f} s {measure.cpu:7.2f} s {measure.peak_mb:7.1f} MB   {load:4.1f}{extra}", flush=True)
    return measures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="numbers of documents (comma-separated)")
    parser.add_argument("--locales", default="de,fr,ja,es,it")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the projects in this directory")
    parser.add_argument("--setup-only", action="store_true", help="make the projects (with --keep), run nothing")
    args = parser.parse_args(argv)
    locales = [tag.strip() for tag in args.locales.split(",") if tag.strip()]
    _, source = sentence_source(args.seed)
    print(f"locflow manager bench: sentences from {source}, seed {args.seed}, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    root = args.keep or Path(tempfile.mkdtemp(prefix="locflow-manager-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        results = {int(size): bench_size(root, int(size), locales, args.seed, setup_only=args.setup_only) for size in args.sizes.split(",")}
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    if len(results) > 1:
        small, big = min(results), max(results)
        print(f"\npeak RSS, {big:,} against {small:,} documents:")
        for before, after in zip(results[small], results[big]):
            print(f"  {before.label:<38} {before.peak_mb:7.1f} MB -> {after.peak_mb:7.1f} MB   (wall {before.seconds:.2f} s -> {after.seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
