#!/usr/bin/env python3
"""Help center benchmark: extract, TM import, pretranslate, qa and build of N articles, as the CLI runs them.

For each size in ``--articles`` (default 1,000 and 10,000) it writes a fresh
project under ``--outdir``:

* N seeded articles, the mix of a real help center: 70% Markdown (front
  matter, headings, paragraphs, lists), 15% HTML pages, 10% FAQ YAML files
  (five questions each) and 5% chatbot YAML (Rasa domain responses and NLU
  intents, alternately), about a dozen segments each;
* one TMX of ``--tm-units`` units (default 100,000): a fifth as many
  multilingual ``tu`` with a variant in each of the 5 target locales. A third
  of the sentences of the articles come from it (exact matches), a sixth from a
  pool of recurring sentences (repetitions), the rest are new;
* ``locflow.toml`` with 5 target locales, the TM in the project store and a
  LibreTranslate-shaped MT engine on loopback HTTP (``tests/mt_server.py``, in
  a process of its own, answering after ``--mt-delay`` seconds).

Then each stage runs as its own ``locflow`` process, exactly as a person types
it: ``extract``, ``tm import``, ``pretranslate``, ``qa`` and ``build``. For each
the bench prints the wall time and the peak RSS of the largest process of the
stage (``wait4``'s ``ru_maxrss``: the stage's process or any worker it
started). Memory is flat when the peak at 10,000 articles is about the one at
1,000.

Sentences come from ``../shared/bench/gen_corpus.py`` when it is there (the
same seeded generator as every other benchmark), else from the small seeded
generator of ``bench/tm_lookup.py``.

    python bench/helpcenter.py --articles 1000,10000
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tm_lookup import FallbackGenerator, load_generator  # noqa: E402

SEED = 12345
LOCALES = ("de", "fr", "ja", "es", "it")
#: Share of an article's sentences taken from the TM, and from the pool of recurring sentences.
FROM_TM, REPEATED = 1 / 3, 1 / 6
RECURRING_POOL = 2000
TARGETS = "extract and build of 10,000 articles under 120 s each; peak RSS flat in the number of articles"


# -- sentences --------------------------------------------------------------------------------


@dataclass
class Sentences:
    """Seeded support sentences and their pseudo-translations, from the shared generator or the fallback."""

    fresh: Callable[[], str]
    pseudo: Callable[[str], str]
    random: random.Random

    @classmethod
    def seeded(cls, seed: int) -> Sentences:
        shared = load_generator()
        rng = random.Random(seed)
        if shared is not None:
            return cls(shared.SentenceGen(rng).sentence, shared.pseudo_de, rng)
        fallback = FallbackGenerator(seed)
        return cls(fallback.sentence, fallback.pseudo, fallback.random)

    def unique(self, count: int) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        while len(out) < count:
            sentence = self.fresh()
            if sentence not in seen:
                seen.add(sentence)
                out.append(sentence)
        return out


class Corpus:
    """Draws an article's sentences: some from the TM, some recurring, the rest new."""

    def __init__(self, sentences: Sentences, tm_sources: list[str]) -> None:
        self.sentences = sentences
        self.tm_sources = tm_sources
        self.recurring = sentences.unique(RECURRING_POOL)

    def sentence(self) -> str:
        roll = self.sentences.random.random()
        if roll < FROM_TM:
            return self.sentences.random.choice(self.tm_sources)
        if roll < FROM_TM + REPEATED:
            return self.sentences.random.choice(self.recurring)
        return self.sentences.fresh()

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.sentences.random.choice((1, 2))))

    def phrase(self) -> str:
        """A chatbot user's wording: lower case, no punctuation, placeholders or URLs."""
        words = re.sub(r"https?://\S+|%\S+|\{\w+\}|[^\w\s]", " ", self.sentence().lower()).split()
        return " ".join(words[:8])


# -- files ------------------------------------------------------------------------------------


def markdown_article(corpus: Corpus) -> str:
    title = corpus.sentence()
    parts = [f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(corpus.sentence())}\n---\n", f"# {title}\n",
             corpus.paragraph() + "\n"]
    for _ in range(2):
        parts.append(f"## {corpus.sentence()}\n")
        parts.append(corpus.paragraph() + "\n")
        parts.append("".join(f"{n}. {corpus.sentence()}\n" for n in range(1, 4)))
    return "\n".join(parts)


def html_article(corpus: Corpus) -> str:
    esc = html.escape
    title = esc(corpus.sentence())
    body = [f"<h1>{title}</h1>", f"<p>{esc(corpus.paragraph())}</p>", f"<h2>{esc(corpus.sentence())}</h2>",
            f"<p>{esc(corpus.paragraph())}</p>",
            "<ul>" + "".join(f"<li>{esc(corpus.sentence())}</li>" for _ in range(3)) + "</ul>",
            f'<p><a href="/help/contact" title="{esc(corpus.sentence())}">{esc(corpus.sentence())}</a></p>']
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>{title}</title>\n'
            f"</head>\n<body>\n  <main>\n    " + "\n    ".join(body) + "\n  </main>\n</body>\n</html>\n")


def faq_file(corpus: Corpus, number: int) -> str:
    items = [
        f"- id: q{number}-{n}\n  question: {json.dumps(corpus.sentence())}\n  answer: {json.dumps(corpus.paragraph())}\n"
        for n in range(5)
    ]
    return "# Questions shown in the help widget.\n" + "".join(items)


def rasa_domain(corpus: Corpus, number: int) -> str:
    responses = "".join(
        f"  utter_a{number}_{n}:\n    - text: {json.dumps(corpus.sentence())}\n" for n in range(10)
    )
    return f'version: "3.1"\n\nresponses:\n{responses}'


def rasa_nlu(corpus: Corpus, number: int) -> str:
    intents = "".join(
        f"  - intent: ask_{number}_{n}\n    examples: |\n" + "".join(f"      - {corpus.phrase()}\n" for _ in range(3))
        for n in range(4)
    )
    return f'version: "3.1"\n\nnlu:\n{intents}'


def article(corpus: Corpus, number: int) -> tuple[str, str]:
    """(relative path, text) of article ``number``: 14 in 20 Markdown, 3 HTML, 2 FAQ, 1 chatbot."""
    kind = number % 20
    if kind < 14:
        return f"content/articles/{number // 1000:03d}/a{number}.md", markdown_article(corpus)
    if kind < 17:
        return f"content/html/{number // 1000:03d}/p{number}.html", html_article(corpus)
    if kind < 19:
        return f"content/faq/f{number}.yaml", faq_file(corpus, number)
    if (number // 20) % 2 == 0:
        return f"content/chatbot/domain{number}.yml", rasa_domain(corpus, number)
    return f"content/chatbot/nlu{number}.yml", rasa_nlu(corpus, number)


CONFIG = """[project]
name = "Help center bench"
source_locale = "en"
target_locales = {locales}

[[content]]
path = "content/articles/**/*.md"

[[content]]
path = "content/html/**/*.html"

[[content]]
path = "content/faq/*.yaml"
format = "faq"

[[content]]
path = "content/chatbot/*.yml"

[build]
output = "build/{{locale}}/{{path}}"
fallback = "source"

[tm]
fuzzy_threshold = 75

[mt]
provider = "libretranslate"
url = "{url}"

[qa]
fail_on = "never"
"""


def write_tmx(path: Path, sources: list[str], pseudo: Callable[[str], str]) -> None:
    """A multilingual TMX 1.4b: one ``tu`` per source sentence, a variant per target locale (streamed)."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    partial = path.with_suffix(".partial")
    with etree.xmlfile(str(partial), encoding="utf-8") as out:
        out.write_declaration()
        with out.element("tmx", version="1.4"):
            out.write(etree.Element("header", srclang="en", adminlang="en", datatype="plaintext", segtype="sentence",
                                    creationtool="bench", creationtoolversion="1", attrib={"o-tmf": "bench"}))
            with out.element("body"):
                for number, source in enumerate(sources):
                    tu = etree.Element("tu", tuid=f"tm{number}")
                    target = pseudo(source)
                    for lang, text in (("en", source), *((locale, f"{target} [{locale}]") for locale in LOCALES)):
                        etree.SubElement(etree.SubElement(tu, "tuv", {xml_lang: lang}), "seg").text = text
                    out.write(tu)
    partial.rename(path)


def make_project(root: Path, articles: int, tm_units: int, mt_url: str) -> None:
    """The project tree: articles, memories/tm.tmx and locflow.toml (the same seed gives the same files)."""
    if root.exists():
        shutil.rmtree(root)
    sentences = Sentences.seeded(SEED)
    tm_sources = sentences.unique(tm_units // len(LOCALES))
    corpus = Corpus(sentences, tm_sources)
    for number in range(articles):
        relative, text = article(corpus, number)
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "memories").mkdir()
    write_tmx(root / "memories" / "tm.tmx", tm_sources, sentences.pseudo)
    (root / "locflow.toml").write_text(
        CONFIG.format(locales=json.dumps(list(LOCALES)), url=mt_url), encoding="utf-8"
    )


def point_at_engine(root: Path, url: str) -> None:
    """Set the MT engine's URL of an existing project (each run's engine listens on a new port)."""
    config = root / "locflow.toml"
    config.write_text(re.sub(r'(?m)^url = ".*"$', f'url = "{url}"', config.read_text(encoding="utf-8")), encoding="utf-8")


# -- the MT engine ----------------------------------------------------------------------------


def _serve(delay: float, pipe: Any) -> None:
    """The engine's process: a loopback LibreTranslate answering until told to stop."""
    from tests.mt_server import LoopbackMT

    with LoopbackMT(delay=delay) as server:
        pipe.send(server.url)
        pipe.recv()


class Engine:
    """The loopback MT engine in a process of its own, so it takes no CPU time from the measured stages."""

    def __init__(self, delay: float) -> None:
        self.pipe, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(delay, child), daemon=True)
        self.process.start()
        self.url: str = self.pipe.recv()

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(10)


# -- stages -----------------------------------------------------------------------------------


@dataclass
class StageResult:
    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int
    summary: str


def locflow_command() -> list[str]:
    """The ``locflow`` console script of this interpreter's environment (else the module)."""
    script = Path(sys.executable).parent / "locflow"
    return [str(script)] if script.exists() else [sys.executable, "-m", "locflow.cli.main"]


def run_stage(name: str, args: list[str], root: Path, log: Path) -> StageResult:
    """Run one ``locflow`` command in a process of its own: wall time, CPU time and peak RSS of its tree (``wait4``)."""
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen([*locflow_command(), *args, "-C", str(root)], cwd=root, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    return StageResult(name, seconds, cpu, usage.ru_maxrss / 1024, process.returncode, lines[-1].strip() if lines else "")


STAGES: tuple[tuple[str, list[str]], ...] = (
    ("extract", ["extract"]),
    ("tm import", ["tm", "import", "memories/tm.tmx"]),
    ("pretranslate", ["pretranslate"]),
    ("qa", ["qa", "--format", "json", "-o", "qa.json"]),
    ("build", ["build"]),
)


def stages(root: Path, logs: Path, wanted: set[str]) -> Iterator[StageResult]:
    for name, args in STAGES:
        if name in wanted:
            if name == "build":
                shutil.rmtree(root / "build", ignore_errors=True)  # every file written, as on a first build
            yield run_stage(name, args, root, logs / f"{name.replace(' ', '-')}.log")


def count_segments(root: Path) -> tuple[int, int]:
    """(source segments, built files) of the project, read from its store and build directory."""
    from locflow.project import Project
    from sqlalchemy import func, select

    from locflow.store.schema import segments

    with Project.open(root) as project, project.store.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(segments)).scalar_one()
    built = sum(1 for path in (root / "build").rglob("*") if path.is_file()) if (root / "build").exists() else 0
    return count, built


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="1000,10000", help="help center sizes, comma-separated")
    parser.add_argument("--tm-units", type=int, default=100_000, help="TM units (a fifth as many tu, 5 locales each)")
    parser.add_argument("--mt-delay", type=float, default=0.0, help="seconds the MT engine waits before each answer")
    parser.add_argument("--stages", default=",".join(name for name, _ in STAGES), help="stages to run, comma-separated")
    parser.add_argument("--outdir", type=Path, default=ROOT / "bench" / "out" / "helpcenter")
    parser.add_argument("--reuse", action="store_true", help="run the stages on the projects of an earlier run (no generation)")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.articles.split(","))
    wanted = {name.strip() for name in args.stages.split(",")}
    engine = Engine(args.mt_delay)
    source = "../shared/bench/gen_corpus.py" if load_generator() else "fallback generator"
    print(f"data: {source}, seed {SEED}; {len(LOCALES)} target locales ({', '.join(LOCALES)}); "
          f"TM {args.tm_units:,} units; MT: loopback LibreTranslate, {args.mt_delay * 1000:.0f} ms per answer", flush=True)
    header = f"{'articles':>8} {'segments':>8} | {'stage':<12} | {'seconds':>8} {'cpu s':>7} | {'peak MB':>7} | exit | last line"
    print(header)
    print("-" * len(header), flush=True)
    results: dict[tuple[int, str], StageResult] = {}
    try:
        for n in sizes:
            root = args.outdir / f"hc_{n}"
            start = time.perf_counter()
            if args.reuse and root.exists():
                point_at_engine(root, engine.url)
            else:
                make_project(root, n, args.tm_units, engine.url)
                print(f"{n:>8} {'':>8} | {'(generate)':<12} | {time.perf_counter() - start:8.1f} {'':>7} | {'':>7} |", flush=True)
            logs = args.outdir / f"logs_{n}"
            logs.mkdir(parents=True, exist_ok=True)
            for result in stages(root, logs, wanted):
                results[(n, result.name)] = result
                segments, _built = count_segments(root)
                print(f"{n:>8} {segments:>8} | {result.name:<12} | {result.seconds:8.1f} {result.cpu_seconds:7.1f} | {result.peak_mb:7.0f} | "
                      f"{result.exit_code:>4} | {result.summary[:70]}", flush=True)
            print(f"{'':>8} {'':>8} | built files: {count_segments(root)[1]:,}", flush=True)
    finally:
        engine.stop()
    return report(results, sizes)


def report(results: dict[tuple[int, str], StageResult], sizes: list[int]) -> int:
    """Print the peak RSS ratio of the largest size to the smallest per stage, and whether the targets hold."""
    small, large = sizes[0], sizes[-1]
    ok = all(result.exit_code == 0 for result in results.values())
    for name, _args in STAGES:
        if (small, name) in results and (large, name) in results and small != large:
            ratio = results[(large, name)].peak_mb / results[(small, name)].peak_mb
            print(f"peak RSS {name}: {results[(small, name)].peak_mb:.0f} MB at {small:,} articles, "
                  f"{results[(large, name)].peak_mb:.0f} MB at {large:,} ({ratio:.2f}x)")
    timed = [results[(10_000, name)] for name in ("extract", "build") if (10_000, name) in results]
    ok &= all(result.seconds < 120 for result in timed)
    verdict = ("met" if ok else "NOT met") if timed else "not checked (no extract or build of 10,000 articles)"
    print(f"targets: {TARGETS}; {verdict} (times are noisy on a shared 2-core machine)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
