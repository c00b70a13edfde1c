"""How much of each real Markdown help center survives a pseudo-translated build.

For every help center of the shared corpus (``tests/markdown_corpora.py``),
every page is built with every segment pseudo-translated (what
``locflow build --pseudo`` writes), and compared with its source by
``tests/structure.py``: markdown-it's token structure, and each dialect
construct (wikilinks, footnotes, callouts, admonitions, math, Liquid tags,
link targets, code spans, HTML...). Printed: per corpus, the files whose
structure and constructs all survived; per construct, how many were kept.

Usage::

    python bench/markdown_dialects.py                 # builds made by this checkout
    python bench/markdown_dialects.py --write DIR     # also write them to DIR
    python bench/markdown_dialects.py --built DIR     # check builds another checkout wrote to DIR

``--built`` compares pages with the builds an older checkout wrote (run that
checkout's copy of this script with ``--write``), so two versions are held to
the same yardstick.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.markdown_corpora import CORPORA, SUPPORT, check_corpus, pseudo_build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write this checkout's builds under DIR")
    parser.add_argument("--built", type=Path, help="check the builds found under DIR instead of building")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each failing file and why")
    args = parser.parse_args()
    if SUPPORT is None:
        print("the shared corpus is not available", file=sys.stderr)
        return 2

    def build(path: Path, data: bytes) -> bytes:
        relative = path.relative_to(SUPPORT)
        if args.built:
            return (args.built / relative).read_bytes()
        output = pseudo_build(path, data)
        if args.write:
            (args.write / relative).parent.mkdir(parents=True, exist_ok=True)
            (args.write / relative).write_bytes(output)
        return output

    totals, kept = Counter[str](), Counter[str]()
    print(f"{'corpus':42} {'files kept':>12}   constructs kept")
    for name, folder in CORPORA.items():
        result = check_corpus(folder, build)
        totals += result.constructs
        kept += result.kept
        share = sum(result.kept.values()), sum(result.constructs.values())
        print(f"{name:42} {result.files_kept:>5} / {result.files:<4}   {share[0]} / {share[1]}")
        if args.verbose:
            for path, problems in result.problems.items():
                print(f"    {path}: {'; '.join(problems)[:300]}")
    print(f"\n{'construct':42} {'kept':>12}")
    for kind in sorted(totals):
        print(f"{kind:42} {kept[kind]:>5} / {totals[kind]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
