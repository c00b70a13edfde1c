"""Long fuzz runs of every parser: the property tests' generators, run for minutes instead of seconds.

    python bench/fuzz.py --minutes 10                 # every target, 10 minutes each
    python bench/fuzz.py --minutes 2 markdown tmx     # only these targets
    python bench/fuzz.py --list

Each target is one property of tests/property_support.py and the test_properties_* modules:
a filter's identity round trip (or a clean LocflowError), a reader's clean refusal, masking's
round trip. Hypothesis runs it in rounds of ``--round`` examples, each round with a fresh
random seed, until the target's minutes are spent (wall-clock minutes, or with ``--clock cpu``
minutes of processor time, so that a run niced beside other work still gets its full share). The first failure of a target ends it; its
input is written to ``--out`` (``fuzz-findings/`` by default) as a Python literal, to be pinned
in tests/test_property_regressions.py once fixed. A table of examples run and results is
printed at the end. This is not part of CI: CI runs the same properties with few examples.

A run interrupted with Ctrl-C (SIGINT) stops the target it is in, skips the others and still
prints the table, that target's result marked "stopped" with the examples and seconds it had
run: on a loaded machine a niced run can take far longer than its processor minutes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import property_support as support  # noqa: E402


@dataclass
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Any], None]


def _reader_targets() -> list[Target]:
    from tests import test_properties_masking as masking
    from tests import test_properties_readers as readers
    from tests import test_properties_segmenter as segmenter

    return [
        Target("exchange", lambda: support.mutated(support.exchange_samples()), lambda d: readers.read_exchange(*d)),
        Target("tmx", lambda: support.mutated(support.tmx_samples()), lambda d: readers.read_tmx(*d)),
        Target("tbx", lambda: support.mutated(support.tbx_samples()), lambda d: readers.read_tbx(*d)),
        Target("srx", lambda: support.mutated(support.srx_samples()), lambda d: readers.read_srx(*d)),
        Target("masking", lambda: st.tuples(support.segments_with_codes(), st.sampled_from(list(masking.Markup))),
               lambda d: masking.test_every_rendering_reads_back.hypothesis.inner_test(*d)),
        Target("privacy", lambda: st.tuples(support.segments_with_codes(masking.text_with_personal_data), st.sampled_from([masking.Locale("en-US"), masking.Locale("de")])),
               lambda d: masking.test_personal_data_is_masked_and_restored.hypothesis.inner_test(*d)),
        Target("segmenter", lambda: st.tuples(segmenter.prose, segmenter.LANGUAGES),
               lambda d: segmenter.test_sentences_give_the_text_back.hypothesis.inner_test(*d)),
    ]


def targets() -> dict[str, Target]:
    found = {
        name: Target(name, lambda name=name: support.documents(name), lambda d, name=name: support.check_filter_round_trip(name, *d))
        for name in support.filter_names()
    }
    found.update({target.name: target for target in _reader_targets()})
    return found


@dataclass
class Result:
    name: str
    examples: int = 0
    seconds: float = 0.0
    failure: str = ""
    stopped: bool = False

    @property
    def outcome(self) -> str:
        if self.failure:
            return self.failure
        return "stopped (Ctrl-C), no failure so far" if self.stopped else "no failure"


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.monotonic, "cpu": time.process_time}


def fuzz(target: Target, minutes: float, per_round: int, out: Path, clock: Callable[[], float] = time.monotonic) -> Result:
    """Run ``target`` until ``minutes`` are spent on ``clock`` or it fails."""
    result = Result(target.name)
    deadline = clock() + minutes * 60
    started = clock()
    last: list[Any] = [None]

    def body(example: Any) -> None:
        last[0] = example
        result.examples += 1
        target.check(example)

    while clock() < deadline and not result.failure:
        test = seed(random.getrandbits(64))(
            settings(max_examples=per_round, deadline=None, database=None, derandomize=False, print_blob=False,
                     suppress_health_check=list(HealthCheck))(given(target.strategy())(body))
        )
        try:
            test()
        except KeyboardInterrupt:
            result.stopped = True
            break
        except Exception as exc:  # a finding: keep the shrunk input and the traceback
            result.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            out.mkdir(parents=True, exist_ok=True)
            finding = out / f"{target.name}-{int(time.time())}.txt"
            finding.write_text(repr(last[0]) + "\n\n" + "".join(traceback.format_exception(exc)), encoding="utf-8")
            result.failure += f" (input in {finding})"
    result.seconds = clock() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--minutes", type=float, default=10.0, help="minutes per target (default 10)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="count wall-clock minutes or processor minutes (default wall)")
    parser.add_argument("--round", type=int, default=500, help="examples per Hypothesis round (default 500)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where failing inputs are written")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    args = parser.parse_args()
    known = targets()
    if args.list:
        print("\n".join(sorted(known)))
        return
    unknown = sorted(set(args.targets) - set(known))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; --list shows them")
    results = []
    for name in args.targets or sorted(known):
        result = fuzz(known[name], args.minutes, args.round, args.out, CLOCKS[args.clock])
        results.append(result)
        print(f"{name:14} {result.examples:>9} examples {result.seconds:>7.0f} s  {result.outcome}", flush=True)
        if result.stopped:
            break
    print(f"\n| target | examples | {args.clock} seconds | result |\n|---|---:|---:|---|")
    for result in results:
        print(f"| {result.name} | {result.examples} | {result.seconds:.0f} | {result.outcome} |")
    if any(result.failure for result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
