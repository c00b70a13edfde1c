#!/usr/bin/env python3
"""MT benchmark: pretranslate 20,000 segments into two locales through a loopback engine.

The engine is a DeepL-shaped HTTP server on 127.0.0.1 (``tests/mt_server.py``)
that waits ``--delay`` seconds (default 50 ms) before each answer, as a remote
service would. It runs in a process of its own, so it takes no CPU time from
locflow's process that a remote service would not; requests and characters
are counted by the server. The segments are seeded support sentences (from
``../shared/bench/gen_corpus.py`` when it is there, else a small generator
below), with placeholders and URLs as codes and a customer phone number or
e-mail address in one sentence out of ten, stored in a fresh SQLite project
store. Then

1. ``pretranslate`` runs once: the sentences go out in batches of up to 50
   texts, ``--concurrency`` requests at a time, personal data masked, every
   answer verified and written (requests, characters and seconds printed);
2. the translations are deleted and ``pretranslate`` runs again: every answer
   comes from the cache, so nothing is sent.

The target: the first run under 30 s, the second sends nothing.

    python bench/mt.py [--segments 20000] [--delay 0.05] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete  # noqa: E402

from locflow.model import CodeIds, Locale, Segment, count_words, protect  # noqa: E402
from locflow.pipeline.pretranslate import pretranslate  # noqa: E402
from locflow.project import Project  # noqa: E402
from locflow.store import SegmentRecord  # noqa: E402
from locflow.store.schema import translations  # noqa: E402
from tests.mt_server import LoopbackMT  # noqa: E402

SEED = 12345
LOCALES = (Locale("de"), Locale("fr"))
PER_DOCUMENT = 250


def _shared_generator() -> Any:
    for parent in ROOT.parents:
        path = parent / "shared" / "bench" / "gen_corpus.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location("gen_corpus", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


def sentences(count: int) -> list[str]:
    """``count`` distinct seeded support sentences; one in ten carries a phone number or an e-mail address."""
    rng = random.Random(SEED)
    shared = _shared_generator()
    if shared is not None:
        base = shared.unique_sentences(shared.SentenceGen(random.Random(SEED)), count)
    else:
        verbs, objects = "reset update delete export share restore sync rename".split(), "account invoice backup folder report device".split()
        base = [f"To {rng.choice(verbs)} your {rng.choice(objects)} number {n}, open Settings and click Save." for n in range(count)]
    out = []
    for text in base:
        roll = rng.random()
        if roll < 0.05:
            text += f" Call +1 555 {rng.randint(100, 999):03d} {rng.randint(1000, 9999)} if it fails."
        elif roll < 0.10:
            text += f" We wrote to customer{rng.randint(1, 99999)}@example.com."
        out.append(text)
    return out


def make_project(root: Path, url: str, concurrency: int, count: int) -> None:
    (root / "locflow.toml").write_text(
        f"""[project]
source_locale = "en"
target_locales = ["de", "fr"]

[mt]
use = ["deepl"]
concurrency = {concurrency}

[mt.engines.deepl]
engine = "deepl"
url = "{url}"
api_key_env = "LOCFLOW_BENCH_DEEPL_KEY"
""",
        encoding="utf-8",
    )
    with Project.open(root) as project:
        texts = sentences(count)
        for start in range(0, count, PER_DOCUMENT):
            records = []
            for position, text in enumerate(texts[start : start + PER_DOCUMENT]):
                segment = Segment(tuple(protect(text, CodeIds())))
                records.append(SegmentRecord(f"p{position}", f"p{position}", position, segment, count_words(segment.text)))
            project.store.sync_document(f"content/page-{start // PER_DOCUMENT:03d}.md", "markdown", f"h{start}", records)


def serve(delay: float, pipe: Any) -> None:
    """The engine's process: answers requests until told to stop; reports what it received."""
    with LoopbackMT(delay=delay) as server:
        pipe.send(server.url)
        while pipe.recv() == "count":
            calls = server.calls("/v2/translate")
            pipe.send((len(calls), sum(len(text) for r in calls for text in r.payload["text"])))


class Engine:
    def __init__(self, delay: float) -> None:
        self.pipe, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=serve, args=(delay, child), daemon=True)
        self.process.start()
        self.url = self.pipe.recv()

    def received(self) -> tuple[int, int]:
        """(requests, characters) received so far."""
        self.pipe.send("count")
        return self.pipe.recv()

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(10)


def run(root: Path, engine: Engine, label: str) -> dict[str, Any]:
    requests_before, chars_before = engine.received()
    started = time.perf_counter()
    with Project.open(root) as project:
        report = pretranslate(project, LOCALES)
    seconds = time.perf_counter() - started
    requests, characters = engine.received()
    result = {
        "run": label,
        "requests": requests - requests_before,
        "characters": characters - chars_before,
        "seconds": round(seconds, 2),
        "translated": sum(fill.mt for fill in report.locales.values()),
        "cached": sum(u.cached for fill in report.locales.values() for u in fill.machine.outcome.usage.values()),
        "rejected": sum(fill.mt_rejected for fill in report.locales.values()),
        "masked": sum(sum(fill.machine.outcome.masked.values()) for fill in report.locales.values()),
    }
    print(
        f"{label}: {result['requests']} requests, {result['characters']:,} characters, {result['seconds']} s "
        f"({result['translated']} segments translated, {result['cached']} from the cache, "
        f"{result['rejected']} refused, {result['masked']} personal data items masked)"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the engine waits before each answer")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    engine = Engine(args.delay)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_project(root, engine.url, args.concurrency, args.segments)
            print(f"{args.segments:,} segments into {len(LOCALES)} locales; engine answers after {args.delay * 1000:.0f} ms; "
                  f"concurrency {args.concurrency}")
            first = run(root, engine, "first run")
            with Project.open(root) as project, project.store.transaction() as conn:
                conn.execute(delete(translations))
            second = run(root, engine, "second run")
    finally:
        engine.stop()
    ok = first["seconds"] < 30 and second["requests"] == 0
    print(f"target (first run under 30 s, second run sends nothing): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
