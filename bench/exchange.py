"""Exchange speed: PO to XLIFF 1.2 and back, against translate-toolkit's po2xliff and xliff2po, in the same run.

    python bench/exchange.py [--units 50000] [--repeat 1]

Uses the shared seeded generator (../shared/bench/gen_corpus.py, ``tm``) for English
support sentences and their pseudo-German translation; placeholders, URLs and numbers
become codes through :func:`locflow.model.protect`, as the filters make them. locflow
writes the units as a PO file and as an XLIFF 1.2 file; then each conversion runs here,
on those files, as a command timed from start to exit, interpreter start-up and imports
included, for both tools:

* PO -> XLIFF 1.2: ``po2xliff IN.po OUT.xlf`` and locflow's reader and writer
  (``read_exchange_file`` then ``write_xliff12``, in a fresh Python process);
* XLIFF 1.2 -> PO: ``xliff2po IN.xlf OUT.po`` and ``read_exchange_file`` then ``write_po``.

Each command is timed from start to exit and by the processor time it used
(:mod:`bench.commands`; on a shared, loaded machine the first grows with the load, the
second much less), after locflow's packages are byte-compiled as pip compiles
translate-toolkit's. With ``--repeat N`` each command runs N times and the fastest run
counts, for both tools. The ratios are translate-toolkit's times over locflow's; no
figure is stored.
It also prints locflow's write and read speed per format, in this process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from locflow.exchange import (  # noqa: E402
    ExchangeFile,
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    read_exchange_bytes,
    read_exchange_file,
    write_po,
    write_xliff2,
    write_xliff12,
)
from locflow.model import CodeIds, Locale, Segment, State, protect, split_segment_key  # noqa: E402

from bench.commands import byte_compile_project, fastest  # noqa: E402

SHARED = Path(os.environ.get("LOCFLOW_SHARED") or ROOT.parent / "shared")
UNITS_PER_DOCUMENT = 1000
#: the speed-up over translate-toolkit's converters the exchange formats are meant to reach
TARGET_RATIO = 10.0
WRITERS = {"xliff12": write_xliff12, "po": write_po}


def generate(units: int, out: Path) -> Path:
    tsv = out / f"tm_{units}.tsv"
    if not tsv.exists():
        out.mkdir(parents=True, exist_ok=True)
        generator = SHARED / "bench" / "gen_corpus.py"
        subprocess.run(
            [sys.executable, str(generator), "--outdir", str(out), "tm", "--sizes", str(units), "--no-po"], check=True
        )
    return tsv


def package(tsv: Path, units: int) -> ExportPackage:
    rows = [line.rstrip("\n").split("\t") for line in tsv.read_text("utf-8").splitlines()[:units]]
    documents = []
    for start in range(0, len(rows), UNITS_PER_DOCUMENT):
        chunk = rows[start : start + UNITS_PER_DOCUMENT]
        documents.append(
            ExportDocument(
                f"help/article-{start // UNITS_PER_DOCUMENT:03d}.md",
                tuple(
                    ExportUnit(key, (ExportSegment(key, _coded(source), _coded(target), State.TRANSLATED),))
                    for n, (source, target) in enumerate(chunk, start)
                    for key in (f"md:{n}",)
                ),
            )
        )
    return ExportPackage(Locale("en"), Locale("de"), tuple(documents), project="bench")


def _coded(text: str) -> Segment:
    return Segment(tuple(protect(text, CodeIds())))


def package_of(read: ExchangeFile) -> ExportPackage:
    """The segments of a file read, as the package that writes them again (by document and unit)."""
    documents: dict[str, dict[str, list[ExportSegment]]] = {}
    for segment in read.segments:
        units = documents.setdefault(segment.document or "", {})
        units.setdefault(split_segment_key(segment.id)[0], []).append(
            ExportSegment(segment.id, segment.source, segment.target, segment.state or State.NEW)
        )
    return ExportPackage(
        read.source_locale or Locale("en"),
        read.target_locale or Locale("de"),
        tuple(
            ExportDocument(path, tuple(ExportUnit(key, tuple(segments)) for key, segments in units.items()))
            for path, units in documents.items()
        ),
        project="bench",
    )


def convert(source: Path, target: Path, to: str) -> None:
    """locflow's conversion, as a command would make it: read any exchange file, write ``to``."""
    target.write_bytes(WRITERS[to](package_of(read_exchange_file(source))))


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def tool(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--convert", nargs=3, metavar=("IN", "OUT", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.convert:
        source, target, to = args.convert
        convert(Path(source), Path(target), to)
        return
    tsv = generate(args.units, ROOT / "bench" / "out")
    pkg = package(tsv, args.units)
    count = pkg.segment_count()
    codes = sum(len(s.source.codes) for d in pkg.documents for u in d.units for s in u.segments)
    print(f"{count} units in {len(pkg.documents)} documents, {codes} source codes")
    print(f"locflow in this process, best of {args.repeat}:")
    print(f"  {'format':8} {'write u/s':>10} {'read u/s':>10} {'MB':>6}")
    data: dict[str, bytes] = {}
    for name, write in {"xliff12": write_xliff12, "xliff2": write_xliff2, "po": write_po}.items():
        write_time, data[name] = best_of(args.repeat, lambda write=write: write(pkg))
        read_time, read = best_of(args.repeat, lambda name=name: read_exchange_bytes(data[name], name))
        assert len(read.segments) == count
        print(f"  {name:8} {count / write_time:10,.0f} {count / read_time:10,.0f} {len(data[name]) / 1e6:6.1f}")
    work = ROOT / "bench" / "out" / "exchange"
    work.mkdir(parents=True, exist_ok=True)
    po_file, xliff_file = work / "bench.po", work / "bench.xlf"
    po_file.write_bytes(data["po"])
    xliff_file.write_bytes(data["xliff12"])
    ours = [sys.executable, str(Path(__file__).resolve()), "--convert"]
    byte_compile_project()
    print("\nconversions as commands, start to exit and processor time (the same files for both tools):")
    for label, theirs, source, target, to in (
        ("PO -> XLIFF 1.2", "po2xliff", po_file, work / "out.xlf", "xliff12"),
        ("XLIFF 1.2 -> PO", "xliff2po", xliff_file, work / "out.po", "po"),
    ):
        our_time = fastest([*ours, str(source), str(target), to], args.repeat)
        assert len(read_exchange_file(target).segments) == count
        command = tool(theirs)
        if command is None:
            print(f"  {label}: locflow {our_time.wall:.2f} s ({count / our_time.wall:,.0f} units/s); {theirs}: not installed")
            continue
        their_time = fastest([command, str(source), str(work / f"{theirs}-out")], args.repeat)
        ratio, cpu_ratio = their_time.wall / our_time.wall, their_time.cpu / our_time.cpu
        print(
            f"  {label}: locflow {our_time.wall:.2f} s ({count / our_time.wall:,.0f} units/s, processor {our_time.cpu:.2f} s), "
            f"{theirs} {their_time.wall:.2f} s ({count / their_time.wall:,.0f} units/s, processor {their_time.cpu:.2f} s): "
            f"{ratio:.1f}x, by processor time {cpu_ratio:.1f}x (target {TARGET_RATIO:.0f}x: {'met' if ratio >= TARGET_RATIO else 'not met'})"
        )


if __name__ == "__main__":
    main()
