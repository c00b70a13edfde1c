#!/usr/bin/env python3
"""Workers benchmark: one ``locflow worker`` against two, on the same queued run.

Two kinds of work, each timed with one worker and then with two, from
``locflow run --queue`` to its exit (workers started and idle before), on a
fresh PostgreSQL schema each time (``--url``, default the ``workers`` database
of the loopback server; its ``public`` schema is dropped and recreated):

* **CPU-bound**: ``--documents`` pages of seeded support sentences (the shared
  generator ``../shared/bench/gen_corpus.py`` when present, as ``bench/mt.py``
  uses it) into two locales, pretranslated from a TM (a TMX of 60 % of the
  sentences, imported once by the run) whose fuzzy lookups are the work, then
  QA and build; no MT. The TM is a SQLite file beside the project, which the
  workers of one machine share: the lookups run in the workers, as they would
  against any TM fast enough to serve many workers.
* **Latency-bound**: ``--mt-documents`` pages into two locales through a
  DeepL-shaped MT engine on loopback HTTP (``tests/mt_server.py``, in a
  process of its own) answering after ``--delay`` seconds (50 ms), one text
  per request and one request at a time per task, as a slow remote service.

Each worker runs one task at a time (``--concurrency 1``), so two workers are
two processes. Target: two workers >= 1.7x as fast as one. The CPU-bound
figure depends on the machine having two free cores; the latency-bound one
does not.

    python bench/workers.py [--url URL] [--documents 400] [--mt-documents 120] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import create_engine, text  # noqa: E402

from mt import Engine, sentences  # noqa: E402  (bench/mt.py: the seeded sentences, the loopback engine)

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:55500/workers"
PER_PAGE = 6
KEY_ENV = "LOCFLOW_BENCH_DEEPL_KEY"


def reset(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def write_pages(root: Path, texts: list[str]) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    for number, start in enumerate(range(0, len(texts), PER_PAGE)):
        body = "\n\n".join(texts[start : start + PER_PAGE])
        (content / f"page-{number:05d}.md").write_text(f"# Page {number}\n\n{body}\n", encoding="utf-8")


def write_tmx(path: Path, texts: list[str]) -> None:
    """A TMX of every other sentence and some edited ones: exact and fuzzy matches to look up."""
    units = []
    for number, source in enumerate(texts):
        if number % 5 in (0, 1, 2):
            edited = source if number % 5 == 0 else source.replace(" the ", " a ", 1) + " Thanks."
            for lang in ("de", "fr"):
                units.append(f'<tu><tuv xml:lang="en"><seg>{escape(edited)}</seg></tuv>'
                             f'<tuv xml:lang="{lang}"><seg>{escape(edited.upper())}</seg></tuv></tu>')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="en" '
                    'datatype="plaintext"/><body>' + "".join(units) + "</body></tmx>\n", encoding="utf-8")


def write_config(root: Path, url: str, extra: str) -> None:
    (root / "locflow.toml").write_text(
        f'[project]\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n[[content]]\npath = "content/*.md"\n\n'
        f'[store]\nurl = "{url}"\n\n[qa]\nfail_on = "never"\n\n{extra}', encoding="utf-8")


def cpu_project(root: Path, url: str, count: int) -> None:
    texts = sentences(count * PER_PAGE)
    write_pages(root, texts)
    write_tmx(root / "memories" / "bench.tmx", texts)
    write_config(root, url, '[tm]\nurl = "sqlite:///.locflow/tm.db"\nimport = ["memories/*.tmx"]\nfill_threshold = 75\n')


def mt_project(root: Path, url: str, count: int, engine_url: str) -> None:
    write_pages(root, sentences(count * PER_PAGE))
    write_config(root, url, f'[mt]\nuse = ["deepl"]\nconcurrency = 1\n\n[mt.engines.deepl]\nengine = "deepl"\n'
                            f'url = "{engine_url}"\napi_key_env = "{KEY_ENV}"\nbatch_size = 1\n')


def locflow(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, KEY_ENV: "bench-key"}
    return subprocess.Popen([sys.executable, "-c", "from locflow.cli.main import main; main()", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def timed_run(make: object, url: str, workers: int, batch_size: int) -> float:
    """Seconds from ``run --queue`` to its exit with ``workers`` worker processes."""
    reset(url)
    with tempfile.TemporaryDirectory(prefix="locflow-workers-") as tmp:
        root = Path(tmp)
        make(root)  # type: ignore[operator]
        procs = [locflow("worker", "-C", str(root)) for _ in range(workers)]
        time.sleep(3)  # workers started, schema applied, idle
        start = time.perf_counter()
        run = locflow("run", "--queue", "--batch-size", str(batch_size), "-C", str(root))
        out, err = run.communicate()
        elapsed = time.perf_counter() - start
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=120)
        if run.returncode != 0:
            raise SystemExit(f"run --queue failed ({run.returncode}):\n{out.decode()}\n{err.decode()}")
        built = len(list((root / "build").rglob("*.md")))
    print(f"  {workers} worker(s): {elapsed:7.1f} s  ({built} files built)", flush=True)
    return elapsed


def compare(label: str, make: object, url: str, batch_size: int) -> tuple[float, float]:
    print(label, flush=True)
    one = timed_run(make, url, 1, batch_size)
    two = timed_run(make, url, 2, batch_size)
    print(f"  speed-up: {one / two:.2f}x (target >= 1.7x)", flush=True)
    return one, two


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--documents", type=int, default=400, help="pages (6 sentences each) of the CPU-bound run")
    parser.add_argument("--mt-documents", type=int, default=120, help="pages of the latency-bound run")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the MT engine waits before each answer")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    compare(f"CPU-bound: {args.documents} pages x 2 locales, TM pretranslate + QA + build",
            lambda root: cpu_project(root, args.url, args.documents), args.url, 20)
    engine = Engine(args.delay)
    try:
        compare(f"latency-bound: {args.mt_documents} pages x 2 locales, MT answering after {args.delay * 1000:.0f} ms",
                lambda root: mt_project(root, args.url, args.mt_documents, engine.url), args.url, 10)
    finally:
        engine.stop()
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
