"""Sentence segmentation: speed and accuracy of the SRX engine, against translate-toolkit.

Seeded data: synthetic English support sentences made by the shared script
(``../shared/bench/gen_corpus.py tm``), joined into paragraphs of 1 to 6
sentences, so every paragraph's true sentence boundaries are known.

Printed per segmenter: paragraphs per second, characters per second, the
share of the known boundaries (between synthetic entries) it finds, the
number of further breaks it makes inside entries (entries often hold two
sentences, so these are mostly right), and the speed ratio to the baseline,
translate-toolkit's ``translate.lang`` sentence splitter.

Usage::

    python bench/segment.py [--sentences 10000] [--seed 7] [--languagetool-test PATH]

``--languagetool-test`` points to LanguageTool's ``EnglishSRXSentenceTokenizerTest.java``
to also print the pass rate of its golden splits with LanguageTool's ``segment.srx``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from content.segment import Segmenter, get_segmenter  # noqa: E402


def shared_dir() -> Path | None:
    for parent in ROOT.parents:
        if (parent / "shared" / "bench" / "gen_corpus.py").exists():
            return parent / "shared"
    return None


def load_sentences(count: int, seed: int, shared: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, str(shared / "bench" / "gen_corpus.py"), "--seed", str(seed), "--outdir", tmp,
             "tm", "--sizes", str(count)],
            check=True,
            capture_output=True,
        )
        lines = (Path(tmp) / f"tm_{count}.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0].strip() for line in lines]


def paragraphs(sentences: list[str], seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(sentences):
        n = rng.randint(1, 6)
        out.append(sentences[i : i + n])
        i += n
    return out


def starts(pieces: list[str], text: str) -> set[int]:
    """Offsets where pieces after the first begin (pieces may come back stripped)."""
    found, pos = set(), 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        pos = text.index(piece, pos)
        found.add(pos)
        pos += len(piece)
    return found - {0}


def measure(name: str, split: Callable[[str], list[str]], data: list[list[str]]) -> dict[str, float | str]:
    texts = [" ".join(p) for p in data]
    start = time.perf_counter()
    results = [split(text) for text in texts]
    seconds = time.perf_counter() - start
    known = found = inside = 0
    for entries, text, pieces in zip(data, texts, results):
        joins = {sum(len(e) + 1 for e in entries[:i]) for i in range(1, len(entries))}
        got = starts(pieces, text)
        known += len(joins)
        found += len(joins & got)
        inside += len(got - joins)
    chars = sum(map(len, texts))
    return {"name": name, "per_second": len(texts) / seconds, "chars_per_second": chars / seconds,
            "recall": found / known, "inside": inside}


def languagetool_rate(test_file: Path, shared: Path) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.test_segment_golden import languagetool_cases

    segmenter = Segmenter.from_path(shared / "corpus/srx/languagetool-via-bminixhofer-srx/data/segment.srx")
    cases = languagetool_cases(test_file.read_text(encoding="utf-8"))
    passed = sum(segmenter.split("".join(expected), lang) == expected for lang, expected in cases)
    return f"{passed} of {len(cases)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--languagetool-test", type=Path)
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        sys.exit("needs ../shared/bench/gen_corpus.py")
    data = paragraphs(load_sentences(args.sentences, args.seed, shared), args.seed)

    from translate.lang import factory

    english = factory.getlanguage("en")
    default = get_segmenter()
    runs = [measure("translate-toolkit translate.lang (baseline)", lambda t: list(english.sentences(t)), data)]
    runs.append(measure("locflow SRX engine, default.srx", lambda t: default.split(t, "en"), data))
    srx_files = {
        "okapi defaultSegmentation.srx": "srx/okapi/deployment/shared/config/defaultSegmentation.srx",
        "LanguageTool segment.srx": "srx/languagetool-via-bminixhofer-srx/data/segment.srx",
        "OmegaT defaultRules.srx": "srx/omegat/src/main/resources/org/omegat/core/segmentation/defaultRules.srx",
    }
    for label, relative in srx_files.items():
        path = shared / "corpus" / relative
        if path.exists():
            segmenter = Segmenter.from_path(path)
            runs.append(measure(f"locflow SRX engine, {label}", lambda t, s=segmenter: s.split(t, "en"), data))

    base = runs[0]["per_second"]
    print(f"{len(data)} paragraphs, {sum(map(len, data))} sentences, seed {args.seed}")
    print(f"{'segmenter':52} {'para/s':>8} {'chars/s':>10} {'found':>7} {'inside':>7} {'speed':>7}")
    for run in runs:
        print(f"{run['name']:52} {run['per_second']:8.0f} {run['chars_per_second']:10.0f} "
              f"{run['recall']:7.1%} {run['inside']:7d} {run['per_second'] / base:6.2f}x")
    golden = json.loads((ROOT / "tests/data/srx/pysbd-english-golden-rules.json").read_text(encoding="utf-8"))
    passed = sum([s.strip() for s in default.split(c["text"], "en") if s.strip()] == c["sentences"] for c in golden)
    print(f"pySBD English golden rules with default.srx: {passed} of {len(golden)}")
    if args.languagetool_test:
        print(f"LanguageTool English golden splits with segment.srx: {languagetool_rate(args.languagetool_test, shared)}")


if __name__ == "__main__":
    main()
