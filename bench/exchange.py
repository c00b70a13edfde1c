"""Exchange speed: 50,000 units written and read in every format, against translate-toolkit.

Uses the shared seeded generator (../shared/bench/gen_corpus.py, ``tm``) for
English support sentences and their pseudo-German translation; placeholders,
URLs and numbers become codes through :func:`locflow.model.protect`, as the
filters make them. Baselines from ../shared/bench/README.md, measured on the
same kind of machine: ``po2xliff`` 3,530 units/s, ``xliff2po`` 4,340 units/s
(translate-toolkit, 50,000 units).

    python bench/exchange.py [--units 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from locflow.exchange import (  # noqa: E402
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    read_exchange_bytes,
    write_po,
    write_xliff2,
    write_xliff12,
)
from locflow.model import CodeIds, Locale, Segment, State, protect  # noqa: E402

SHARED = Path(os.environ.get("LOCFLOW_SHARED") or ROOT.parent / "shared")
BASELINES = {"po2xliff": 3530.0, "xliff2po": 4340.0}
UNITS_PER_DOCUMENT = 1000


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


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tsv = generate(args.units, ROOT / "bench" / "out")
    pkg = package(tsv, args.units)
    count = pkg.segment_count()
    codes = sum(len(s.source.codes) for d in pkg.documents for u in d.units for s in u.segments)
    print(f"{count} units in {len(pkg.documents)} documents, {codes} source codes, best of {args.repeat}")
    writers = {"xliff12": write_xliff12, "xliff2": write_xliff2, "po": write_po}
    data: dict[str, bytes] = {}
    rates: dict[str, tuple[float, float]] = {}
    print(f"{'format':8} {'write u/s':>10} {'read u/s':>10} {'MB':>6}")
    for name, write in writers.items():
        write_time, data[name] = best_of(args.repeat, lambda write=write: write(pkg))
        read_time, read = best_of(args.repeat, lambda name=name: read_exchange_bytes(data[name], name))
        assert len(read.segments) == count
        rates[name] = (count / write_time, count / read_time)
        print(f"{name:8} {rates[name][0]:10,.0f} {rates[name][1]:10,.0f} {len(data[name]) / 1e6:6.1f}")
    po_to_xliff = 1 / (1 / rates["po"][1] + 1 / rates["xliff12"][0])
    xliff_to_po = 1 / (1 / rates["xliff12"][1] + 1 / rates["po"][0])
    print()
    print(f"PO -> XLIFF 1.2 (read + write): {po_to_xliff:,.0f} units/s = {po_to_xliff / BASELINES['po2xliff']:.1f}x po2xliff ({BASELINES['po2xliff']:,.0f})")
    print(f"XLIFF 1.2 -> PO (read + write): {xliff_to_po:,.0f} units/s = {xliff_to_po / BASELINES['xliff2po']:.1f}x xliff2po ({BASELINES['xliff2po']:,.0f})")


if __name__ == "__main__":
    main()
