"""QA speed and recall against translate-toolkit's pofilter on the same PO file, in the same run.

    python bench/qa.py [--n 50000] [--err 0.15] [--seed 12345] [--repeat 1] [--no-pofilter]

The PO file comes from the shared seeded generator (``../shared/bench/gen_corpus.py
qa``), which also lists the errors it injected; without ../shared a small seeded
generator of the same kind stands in.

Both tools run here, on that file, as the commands a user types, and are timed the
same way, interpreter start-up and imports included: ``locflow qa FILE --format json
-o OUT`` and ``pofilter FILE OUT`` (its default checks). Each is timed from start to
exit and by the processor time it used (:mod:`bench.commands`; on a shared, loaded
machine the first grows with the load, the second much less), after locflow's
packages are byte-compiled as pip compiles translate-toolkit's. With ``--repeat N``
each runs N times and the fastest run counts, for both. The ratios printed are
pofilter's times over locflow's; nothing is divided by a figure stored anywhere.

For where locflow's time goes, the bench also runs its library calls in a fresh
process and times each stage after the imports (read, checks, report; processor
time), as it runs by default (a second process for a file this size, when a core is
free: ``qa_checks.fork``) and in one process. The recall of the injected errors is
printed for both tools.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from locflow.pipeline.qa import read_po_units  # noqa: E402
from qa_checks import Profile, run_checks  # noqa: E402
from qa_checks.fork import a_core_is_free, can_fork  # noqa: E402
from qa_checks.runner import PARALLEL_FROM  # noqa: E402
from qa_checks.report import render  # noqa: E402

from bench.commands import Timed, byte_compile_project, fastest, processor_seconds  # noqa: E402

#: the end-to-end speed-up over pofilter the QA stage is meant to reach
TARGET_RATIO = 20.0

#: the checks that catch each kind of injected error
EXPECTED = {
    "placeholder": {"placeholder-printf", "placeholder-python", "placeholder-brace"},
    # a changed digit inside a URL is a changed URL, inside "%1$s" a changed placeholder
    "number": {"numbers", "url", "placeholder-printf", "placeholder-python", "placeholder-brace"},
    "doublespace": {"double-space"},
    "endpunc": {"end-punctuation"},
    "untranslated": {"untranslated", "empty-target"},
}


def find_generator() -> Path | None:
    for shared in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        candidate = shared / "bench" / "gen_corpus.py"
        if candidate.is_file():
            return candidate
    return None


def generate(outdir: Path, n: int, err: float, seed: int, *, builtin: bool = False) -> tuple[Path, Path, str]:
    generator = None if builtin else find_generator()
    if generator is not None:
        subprocess.run(
            [sys.executable, str(generator), "--seed", str(seed), "--outdir", str(outdir), "qa", "--n", str(n), "--err", str(err)],
            check=True,
            capture_output=True,
        )
        return outdir / f"qa_{n}.po", outdir / f"qa_{n}.errors.tsv", f"gen_corpus.py qa --n {n} --err {err} --seed {seed}"
    return (*_fallback(outdir, n, err, seed), f"built-in generator, n={n}, err={err}, seed={seed}")


def _fallback(outdir: Path, n: int, err: float, seed: int) -> tuple[Path, Path]:
    """A small stand-in for the shared generator: same file shapes, same error kinds."""
    rng = random.Random(seed)
    objects = ["account", "invoice", "password", "backup", "device", "order", "profile", "report"]
    templates = [
        ("Your {o} was updated {n} days ago.", "Ihr {o} wurde vor {n} Tagen aktualisiert."),
        ("Delete %s from your {o}?", "%s aus Ihrem {o} löschen?"),
        ("You have %d new messages about your {o}.", "Sie haben %d neue Nachrichten zu Ihrem {o}."),
        ("See https://help.example.com/kb/{n} to restore your {o}.", "Siehe https://help.example.com/kb/{n}, um Ihr {o} wiederherzustellen."),
    ]
    po_path, tsv_path = outdir / f"qa_{n}.po", outdir / f"qa_{n}.errors.tsv"
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    errors = []
    for i in range(n):
        source, target = rng.choice(templates)
        fill = {"o": f"{rng.choice(objects)}-{i}", "n": str(rng.randint(2, 900))}
        source, target = source.format(**fill), target.format(**fill)
        if rng.random() < err:
            kinds = ["doublespace", "endpunc", "untranslated"]
            kinds += ["placeholder"] if "%" in target else []
            kinds += ["number"] if fill["n"] in target else []
            kind = rng.choice(kinds)
            if kind == "placeholder":
                target = target.replace("%s ", "").replace("%d ", "")
            elif kind == "number":
                target = target.replace(fill["n"], str(int(fill["n"]) + 1))
            elif kind == "doublespace":
                target = target.replace(" ", "  ", 1)
            elif kind == "endpunc":
                target = target[:-1]
            else:
                target = source
            errors.append((i, kind))
        flags = ["c-format"] if "%" in source else []
        po.append(polib.POEntry(msgid=source, msgstr=target, flags=flags, occurrences=[(f"qa:{i}", "")]))
    po.save(str(po_path))
    tsv_path.write_text("".join(f"{i}\t{kind}\n" for i, kind in errors), encoding="utf-8")
    return po_path, tsv_path


def read_injected(tsv: Path) -> dict[int, str]:
    out = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        index, kind = line.split("\t")
        out[int(index)] = kind
    return out


def recall(found_by_index: dict[int, set[str]], injected: dict[int, str], expected: dict[str, set[str]] | None) -> dict[str, tuple[int, int]]:
    """Per kind: (caught, injected). With ``expected``, only the right check counts."""
    result: dict[str, list[int]] = {}
    for index, kind in injected.items():
        hit = found_by_index.get(index, set())
        caught = bool(hit & expected[kind]) if expected else bool(hit)
        counts = result.setdefault(kind, [0, 0])
        counts[0] += caught
        counts[1] += 1
    return {kind: (c, t) for kind, (c, t) in sorted(result.items())}


@dataclass(frozen=True)
class Timing:
    """Processor seconds spent by ``locflow qa`` on each stage of one run (those of its
    second process included, when it shares the checks with one)."""

    read: float
    checks: float
    report: float

    @property
    def total(self) -> float:
        return self.read + self.checks + self.report


def measure(po: Path, processes: int | None) -> dict[str, object]:
    """Read, check and render the JSON report, as ``locflow qa FILE --format json`` does."""
    start = processor_seconds()
    units = read_po_units(po)
    read_done = processor_seconds()
    if processes is None:  # as run_checks decides by default
        processes = 2 if len(units) >= PARALLEL_FROM and can_fork() and a_core_is_free() else 1
    report = run_checks(units, Profile.default(), processes=processes)
    checks_done = processor_seconds()
    render(report, "json")
    end = processor_seconds()
    index_of = {unit.line: i for i, unit in enumerate(units)}
    found: dict[int, list[str]] = {}
    for issue in report.issues:
        found.setdefault(index_of[issue.line], []).append(issue.check)
    timing = [read_done - start, checks_done - read_done, end - checks_done]
    return {"timing": timing, "found": found, "units": len(units), "processes": processes}


def run_locflow(po: Path, processes: int | None) -> tuple[Timing, dict[int, set[str]], int]:
    """:func:`measure` in a fresh Python process, so that each run starts as a command does:
    its stage times, what it found by unit index, and how many processes it used."""
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(po)]
    command += ["--processes", str(processes)] if processes is not None else []
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    data = json.loads(done.stdout)
    found = {int(index): set(checks) for index, checks in data["found"].items()}
    return Timing(*data["timing"]), found, data["processes"]


def run_pofilter(po: Path, workdir: Path, repeat: int) -> tuple[Timed, dict[int, set[str]]] | None:
    """``pofilter`` on the file as a command: its fastest time of ``repeat`` runs, and
    what it flagged, by unit index."""
    pofilter = Path(sys.executable).with_name("pofilter")
    command = str(pofilter) if pofilter.exists() else shutil.which("pofilter")
    if command is None:
        return None
    out = workdir / "pofilter-out.po"
    elapsed = fastest([command, "--progress", "none", str(po), str(out)], repeat)
    found: dict[int, set[str]] = {}
    for entry in polib.pofile(str(out)):
        index = next((int(line) for ref, line in entry.occurrences if ref == "qa" and line.isdigit()), None)
        tests = {line.split("(pofilter) ", 1)[1].split(":", 1)[0] for line in entry.comment.splitlines() + entry.tcomment.splitlines() if "(pofilter) " in line}
        if index is not None:
            found[index] = tests
    return elapsed, found


def run_locflow_command(po: Path, workdir: Path, repeat: int) -> tuple[Timed, dict[int, set[str]]]:
    """``locflow qa`` on the file as a command: its fastest time of ``repeat`` runs, and
    what it found, by unit index (the JSON report's ``msgstr`` lines are the units')."""
    locflow = Path(sys.executable).with_name("locflow")
    command = [str(locflow) if locflow.exists() else shutil.which("locflow") or "locflow"]
    out = workdir / "locflow-report.json"
    elapsed = fastest([*command, "qa", str(po), "--format", "json", "-o", str(out), "--fail-on", "never"], repeat)
    index_of = {unit.line: i for i, unit in enumerate(read_po_units(po))}
    found: dict[int, set[str]] = {}
    for issue in json.loads(out.read_text(encoding="utf-8"))["issues"]:
        found.setdefault(index_of[issue["line"]], set()).add(issue["check"])
    return elapsed, found


def _format_recall(rows: dict[str, tuple[int, int]]) -> str:
    caught = sum(c for c, _ in rows.values())
    total = sum(t for _, t in rows.values())
    parts = ", ".join(f"{kind} {c}/{t}" for kind, (c, t) in rows.items())
    return f"{caught}/{total} = {100 * caught / max(total, 1):.1f}% ({parts})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50000)
    parser.add_argument("--err", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--repeat", type=int, default=1, help="run each tool this many times; the fastest run counts")
    parser.add_argument("--no-pofilter", action="store_true")
    parser.add_argument("--builtin-corpus", action="store_true", help="use the small built-in generator even when ../shared is there")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one locflow run, printed as JSON
    parser.add_argument("--processes", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.processes)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        po, tsv, origin = generate(workdir, args.n, args.err, args.seed, builtin=args.builtin_corpus)
        injected = read_injected(tsv)
        print(f"corpus: {origin}: {args.n} units, {len(injected)} injected errors")
        byte_compile_project()
        command_time, found = run_locflow_command(po, workdir, args.repeat)
        units = args.n
        clean = [i for i in found if i not in injected]
        print(
            f"locflow qa FILE --format json -o OUT (the command, start to exit): {command_time.wall:.2f} s, "
            f"{units / command_time.wall:,.0f} units/s; processor time {command_time.cpu:.2f} s"
        )
        print(f"  recall of injected errors (by the matching check): {_format_recall(recall(found, injected, EXPECTED))}")
        print(f"  units flagged without an injected error: {len(clean)} ({Counter(c for i in clean for c in found[i]).most_common(5)})")
        timing, stage_found, processes = run_locflow(po, None)
        print(
            f"  its stages after the imports, processor time ({len(Profile.default().checks)} checks, {processes} process{'es' if processes > 1 else ''}): "
            f"read {timing.read:.2f} s, checks {timing.checks:.2f} s, report {timing.report:.2f} s, total {timing.total:.2f} s"
        )
        single, single_found, _ = run_locflow(po, 1) if processes > 1 else (timing, stage_found, 1)
        if single_found != stage_found or stage_found != found:
            raise SystemExit("the runs found different issues")
        print(f"  in one process: read {single.read:.2f} s, checks {single.checks:.2f} s, report {single.report:.2f} s, total {single.total:.2f} s")
        if args.no_pofilter:
            return
        result = run_pofilter(po, workdir, args.repeat)
        if result is None:
            print("pofilter: not installed")
            return
        elapsed, pofilter_found = result
        print(
            f"pofilter FILE OUT (translate-toolkit, default checks; the command, start to exit): {elapsed.wall:.2f} s, "
            f"{units / elapsed.wall:,.0f} units/s; processor time {elapsed.cpu:.2f} s"
        )
        print(f"  recall of injected errors (any test): {_format_recall(recall(pofilter_found, injected, None))}")
        print(f"  units flagged without an injected error: {sum(1 for i in pofilter_found if i not in injected)}")
        ratio, cpu_ratio = elapsed.wall / command_time.wall, elapsed.cpu / command_time.cpu
        print(
            f"speed ratio pofilter/locflow, both commands start to exit: {ratio:.1f}x (target {TARGET_RATIO:.0f}x: "
            f"{'met' if ratio >= TARGET_RATIO else 'not met'}); by processor time: {cpu_ratio:.1f}x "
            f"({'met' if cpu_ratio >= TARGET_RATIO else 'not met'}); pofilter's processor time over locflow's stages after imports: {elapsed.cpu / timing.total:.1f}x"
        )


if __name__ == "__main__":
    main()
