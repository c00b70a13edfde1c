#!/usr/bin/env python3
"""Translation memory benchmark: TMX import, lookup speed and recall, against translate-toolkit.

For each TM size (default 10k, 100k, 1M units of seeded support sentences) it

1. writes the TM as TMX 1.4b and imports it into a fresh SQLite file with
   ``TranslationMemory.import_tmx`` (time and peak RSS of that process);
2. looks up a 2,000-segment job (5% exact repeats, 30% near-duplicates of TM
   entries, the rest new) with ``lookup_many(limit=1)`` as pretranslate and
   analyze do (lookups per second and peak RSS of that process);
3. measures recall against a brute-force scan: rapidfuzz over every stored
   signature, then the same full score (penalties included) on the best
   candidates. A segment counts when its best match scores >= 75 and the TM
   returned a match scoring as high (``recall``); ``any`` counts a returned
   match >= 75 at all;
4. runs the same job through translate-toolkit's matcher
   (``translate.search.match``, as ``pot2po --tm`` does) on the sizes it can
   finish (``--skip-ttk-above``), on the first ``--ttk-sample`` segments.

Data comes from ``../shared/bench/gen_corpus.py`` when it is there (same
seed, same sentences as every other benchmark), else from a small seeded
generator below. Everything is written under ``bench/out/tm`` and reused.

    python bench/tm_lookup.py --sizes 10000,100000,1000000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _shared_dir() -> Path:
    """``../shared`` beside the repository (or beside a parent, for a checkout nested deeper)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "bench").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED_GENERATOR = _shared_dir() / "bench" / "gen_corpus.py"

SEED = 12345
THRESHOLD = 75.0


# -- data --------------------------------------------------------------------------------


def load_generator() -> Any:
    """The shared seeded corpus generator, or ``None`` when ../shared is absent."""
    if not SHARED_GENERATOR.exists():
        return None
    spec = importlib.util.spec_from_file_location("gen_corpus", SHARED_GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_WORDS = (
    "account password invoice subscription backup folder report workspace device router playlist "
    "document order coupon refund profile settings license printer calendar"
).split()
_VERBS = "reset update delete export import share restore activate sync configure rename archive".split()
_TEMPLATES = (
    "How do I {v} my {o} in the app?",
    "To {v} your {o}, open Settings and click Save.",
    "Your {o} has been {v}ed on {n} devices.",
    "If you cannot {v} the {o}, restart the app and try again.",
    "Error {n}: could not {v} the {o} because the connection timed out.",
)


class FallbackGenerator:
    """A small seeded generator for when ../shared is not there (same file formats)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def sentence(self) -> str:
        r = self.random
        parts = [
            r.choice(_TEMPLATES).format(v=r.choice(_VERBS), o=r.choice(_WORDS), n=r.randint(2, 999))
            for _ in range(r.choice((1, 1, 2)))
        ]
        return " ".join(parts)

    def near(self, sentence: str) -> str:
        words = sentence.split()
        for _ in range(self.random.randint(1, 2)):
            words[self.random.randrange(len(words))] = self.random.choice(_WORDS)
        return " ".join(words)

    @staticmethod
    def pseudo(text: str) -> str:
        return text.translate(str.maketrans("aouAOU", "äöüÄÖÜ"))


def prepare_data(outdir: Path, sizes: list[int], job_size: int) -> tuple[dict[int, Path], Path]:
    """TM TSV files per size and the job TSV (``id, kind, base, source``), generated once."""
    outdir.mkdir(parents=True, exist_ok=True)
    tsv = {n: outdir / f"tm_{n}.tsv" for n in sizes}
    job = outdir / f"job_{job_size}.tsv"
    if all(p.exists() for p in tsv.values()) and job.exists():
        return tsv, job
    generator = load_generator()
    if generator is not None:
        biggest = max(sizes)
        generator.main(["--seed", str(SEED), "--outdir", str(outdir), "tm", "--sizes", ",".join(map(str, sizes)), "--no-po"])
        generator.main(["--seed", str(SEED), "--outdir", str(outdir), "job", "--tm", str(tsv[biggest]), "--n", str(job_size)])
        return tsv, job
    fallback = FallbackGenerator(SEED)
    seen: set[str] = set()
    sources: list[str] = []
    while len(sources) < max(sizes):
        sentence = fallback.sentence()
        if sentence not in seen:
            seen.add(sentence)
            sources.append(sentence)
    for n, path in tsv.items():
        path.write_text("".join(f"{s}\t{fallback.pseudo(s)}\n" for s in sources[:n]), encoding="utf-8")
    rows = []
    for i in range(job_size):
        kind = fallback.random.choices(("exact", "near", "new"), (5, 30, 65))[0]
        base = fallback.random.randrange(min(sizes))
        text = {"exact": sources[base], "near": fallback.near(sources[base]), "new": fallback.sentence()}[kind]
        rows.append(f"{i}\t{kind}\t{base if kind != 'new' else -1}\t{text}\n")
    job.write_text("".join(rows), encoding="utf-8")
    return tsv, job


def tsv_to_tmx(tsv: Path, tmx: Path) -> None:
    """Write a TM TSV as a level-1 TMX 1.4b file (streamed)."""
    if tmx.exists():
        return
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    partial = tmx.with_suffix(".partial")
    with etree.xmlfile(str(partial), encoding="utf-8") as out, open(tsv, encoding="utf-8") as lines:
        out.write_declaration()
        with out.element("tmx", version="1.4"):
            out.write(etree.Element("header", srclang="en", adminlang="en", datatype="plaintext",
                                    segtype="sentence", creationtool="bench", creationtoolversion="1",
                                    attrib={"o-tmf": "tsv"}))
            with out.element("body"):
                for line in lines:
                    source, target = line.rstrip("\n").split("\t", 1)
                    tu = etree.Element("tu")
                    for lang, text in (("en", source), ("de", target)):
                        tuv = etree.SubElement(tu, "tuv", {xml_lang: lang})
                        etree.SubElement(tuv, "seg").text = text
                    out.write(tu)
    partial.rename(tmx)


def read_job(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        _id, kind, _base, source = line.split("\t", 3)
        rows.append((kind, source))
    return rows


def job_segments(job: list[tuple[str, str]]) -> list[Any]:
    """Segments as a filter extracts them: placeholders and URLs protected as codes."""
    from locflow.model import CodeIds, Segment, protect

    return [Segment(tuple(protect(text, CodeIds()))) for _kind, text in job]


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's ``VmHWM`` belongs to the process image, so a spawned child does
    not inherit its parent's peak the way ``ru_maxrss`` does across ``exec``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- measured in child processes (each reports its own peak RSS) ----------------------------


def import_child(url: str, tmx: str) -> dict[str, Any]:
    """Import in a fresh process; RSS is this process's peak plus each reading worker's at the largest one's.

    Peaks added up though they are not all reached at once (the writer's
    comes after the readers have ended): an upper bound of what the import
    needs at any moment.
    """
    from tm import TranslationMemory
    from tm.importer import WORKERS

    start = time.perf_counter()
    with TranslationMemory.open(url) as memory:
        stats = memory.import_tmx(tmx)
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": time.perf_counter() - start, "rss": peak_rss_mb() + WORKERS * worker_rss, "added": stats.added}


def lookup_child(url: str, db: str, job_path: str, recall_sample: int, settings: dict[str, int]) -> dict[str, Any]:
    """Look the job up in the TM at ``url``; ``db`` names the file beside which brute-force answers are kept."""
    from locflow.model import Locale
    from tm import SearchSettings, TranslationMemory
    from tm.parallel import available_processes

    job = read_job(Path(job_path))
    segments = job_segments(job)
    en, de = Locale("en"), Locale("de")
    with TranslationMemory.open(url, settings=SearchSettings(**settings)) as memory:
        start = time.perf_counter()
        answers = memory.lookup_many(segments, en, de, threshold=THRESHOLD, limit=1)
        seconds = time.perf_counter() - start
        # Big jobs are looked up in worker processes (tm.parallel): count each at the largest one's peak.
        workers = SearchSettings(**settings).processes or available_processes()
        rss = peak_rss_mb() + workers * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        best = [a[0].score if a else 0.0 for a in answers]
        sample = list(range(0, len(segments), max(1, len(segments) // recall_sample)))[:recall_sample]
        # The brute force does not depend on the search or the index: its
        # answers are kept beside the database (until the TMX, the job or the
        # scoring code changes), so tuning runs do not pay for it again.
        cache = Path(f"{db}.truth.json")
        tmx = Path(db).with_suffix(".tmx")
        stamp = [tmx.stat().st_mtime_ns, Path(job_path).stat().st_mtime_ns, scoring_version()]
        cached = json.loads(cache.read_text()) if cache.exists() else {}
        known = cached.get("answers", {}) if cached.get("stamp") == stamp else {}
        todo = [i for i in sample if str(i) not in known]
        brute_start = time.perf_counter()
        known.update(zip(map(str, todo), brute_force(memory, [segments[i] for i in todo], en, de)))
        brute_seconds = time.perf_counter() - brute_start
        cache.write_text(json.dumps({"stamp": stamp, "answers": known}))
        truth = [known[str(i)] for i in sample]
    reachable = [(i, t) for i, t in zip(sample, truth) if t >= THRESHOLD]
    found = sum(1 for i, t in reachable if best[i] >= t - 0.005)
    found_any = sum(1 for i, _t in reachable if best[i] >= THRESHOLD)
    kinds: dict[str, list[int]] = {}
    for i, t in reachable:
        kinds.setdefault(job[i][0], [0, 0])
        kinds[job[i][0]][0] += 1
        kinds[job[i][0]][1] += best[i] >= t - 0.005
    return {
        "lookups": len(segments),
        "seconds": seconds,
        "rss": rss,
        "matched": sum(1 for b in best if b >= THRESHOLD),
        "recall": found / len(reachable) if reachable else 1.0,
        "recall_any": found_any / len(reachable) if reachable else 1.0,
        "reachable": len(reachable),
        "sampled": len(sample),
        "brute_per_s": len(todo) / brute_seconds if todo else float("nan"),
        "by_kind": kinds,
    }


def scoring_version() -> str:
    """A digest of the code that decides a full score: cached brute-force answers follow it."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    for name in ("scoring.py", "normalize.py", "codes.py"):
        digest.update((ROOT / "tm" / name).read_bytes())
    return digest.hexdigest()


def brute_force(memory: Any, segments: list[Any], source: Any, target: Any) -> list[float]:
    """The best full score over the whole TM for each segment, the slow and certain way.

    rapidfuzz ranks every stored signature (the token-level text score);
    candidates are then scored exactly like lookups do, best text first, until
    no remaining candidate's text score can beat the best full score.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    from sqlalchemy import select

    from tm.entries import scope_of
    from tm.lookup import LocaleFilter, Scoring
    from tm.scoring import Query
    from tm.store.schema import signatures

    with memory.store.engine.connect() as connection:
        ids, sigs = zip(*connection.execute(select(signatures.c.unit_id, signatures.c.signature)).all())
    scoring = Scoring(scope_of(source, target), LocaleFilter(source, target), THRESHOLD)
    results = []
    with memory.store.reader() as reader:
        for segment in segments:
            query = Query.of(segment, scoring.scope)
            exact = reader.by_hashes([(query.key.exact_hash, query.key.loose_hash, query.key.detail)])
            rows = reader.rows([unit_id for _exact, _loose, unit_id, _detail in exact])
            best = max((m.score for m in scoring.matches(query, rows.values())), default=0.0)
            ranked = process.extract(
                query.key.signature, sigs, scorer=Levenshtein.normalized_similarity, score_cutoff=THRESHOLD / 100, limit=None
            )
            ranked.sort(key=lambda item: -item[1])
            for start in range(0, len(ranked), 50):
                chunk = ranked[start : start + 50]
                if chunk[0][1] * 100 < best:
                    break
                rows = reader.rows([ids[index] for _sig, _score, index in chunk])
                best = max([best, *(m.score for m in scoring.matches(query, rows.values()))])
            results.append(best)
    return results


def ttk_child(tsv: str, job_path: str, sample: int) -> dict[str, Any]:
    """translate-toolkit's matcher (``pot2po --tm``) over the same TM and job."""
    from translate.search import match
    from translate.storage import po

    store = po.pofile()
    with open(tsv, encoding="utf-8") as lines:
        for line in lines:
            source, target = line.rstrip("\n").split("\t", 1)
            unit = store.addsourceunit(source)
            unit.target = target
    load_start = time.perf_counter()
    matcher = match.matcher(store, max_candidates=1, min_similarity=int(THRESHOLD), max_length=1000)
    load_seconds = time.perf_counter() - load_start
    job = read_job(Path(job_path))[:sample]
    start = time.perf_counter()
    matched = sum(1 for _kind, text in job if matcher.matches(text))
    seconds = time.perf_counter() - start
    return {"lookups": len(job), "seconds": seconds, "load": load_seconds, "rss": peak_rss_mb(), "matched": matched}


def _run_and_send(connection: Any, function: Any, args: tuple[Any, ...]) -> None:
    try:
        connection.send(("ok", function(*args)))
    except BaseException as exc:  # noqa: BLE001 - shown by the parent
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run ``function`` in a fresh process, so its peak RSS is its own.

    A plain (non-daemon) process: the TMX import starts a reading process of its own.
    """
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(sending, function, args))
    process.start()
    sending.close()
    status, result = receiving.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"{function.__name__} failed: {result}")
    return result  # type: ignore[no-any-return]


def drop_tm(url: str, db: Path) -> None:
    """An empty database for the import: the SQLite file removed, or the TM's tables dropped."""
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text

    from tm.store.schema import VERSION_TABLE, metadata

    engine = create_engine(url)
    with engine.begin() as connection:
        for table in [*metadata.sorted_tables[::-1], VERSION_TABLE]:
            name = getattr(table, "name", table)
            connection.execute(text(f"DROP TABLE IF EXISTS {name} CASCADE"))
    engine.dispose()


# -- main --------------------------------------------------------------------------------------


#: SearchSettings fields the command line can set (``--processes 1`` measures one process).
_SETTINGS = ("first_budget", "second_budget", "max_verify", "min_grams", "budget_length", "processes", "grows_from")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="TM sizes, comma-separated")
    parser.add_argument("--job", type=int, default=2000, help="segments in the job")
    parser.add_argument("--skip-ttk-above", type=int, default=1000000, help="run translate-toolkit up to this TM size")
    parser.add_argument("--ttk-sample", type=int, default=200,
                        help="job segments translate-toolkit looks up at the smallest size (fewer, proportionally, above)")
    parser.add_argument("--ttk-min-sample", type=int, default=100, help="the fewest segments translate-toolkit looks up")
    parser.add_argument("--recall-sample", type=int, default=2000, help="job segments checked by brute force")
    parser.add_argument("--outdir", type=Path, default=ROOT / "bench" / "out" / "tm")
    parser.add_argument("--reuse-db", action="store_true", help="look up in databases of an earlier run (no import)")
    parser.add_argument("--url", default=None,
                        help="measure the TM in this database (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bench; "
                             "its TM tables are dropped first) instead of a SQLite file per size")
    for name in _SETTINGS:
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=None, help=f"SearchSettings.{name}")
    args = parser.parse_args(argv)
    settings = {
        name: getattr(args, name)
        for name in _SETTINGS
        if getattr(args, name) is not None
    }
    sizes = sorted(int(s) for s in args.sizes.split(","))

    tsv, job = prepare_data(args.outdir, sizes, args.job)
    source = "../shared/bench/gen_corpus.py" if load_generator() else "fallback generator"
    print(f"data: {source}, seed {SEED}, job {args.job} segments ({job.name}), threshold {THRESHOLD:g}")
    print(f"database: {args.url.rsplit('@', 1)[-1] if args.url else 'a SQLite file per size'}")
    header = (
        f"{'TM units':>9} | {'import s':>8} {'imp MB':>6} | {'lookups/s':>9} {'lkp MB':>6} | "
        f"{'recall':>7} {'any>=75':>7} {'n':>5} | {'ttk/s':>7} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        tmx = args.outdir / f"tm_{n}.tmx"
        tsv_to_tmx(tsv[n], tmx)
        db = args.outdir / f"tm_{n}.db"
        url = args.url or f"sqlite:///{db}"
        if args.reuse_db and (args.url or db.exists()):
            imported = {"seconds": float("nan"), "rss": float("nan")}
        else:
            drop_tm(url, db)
            imported = in_child(import_child, url, str(tmx))
        looked = in_child(lookup_child, url, str(db), str(job), args.recall_sample, settings)
        ours = looked["lookups"] / looked["seconds"]
        ttk = "-"
        ratio = "-"
        if n <= args.skip_ttk_above:
            # translate-toolkit compares every segment with every TM entry: a
            # smaller (leading) part of the job keeps big sizes within minutes.
            sample = max(args.ttk_min_sample, args.ttk_sample * min(sizes) // n)
            baseline = in_child(ttk_child, str(tsv[n]), str(job), sample)
            ttk_rate = baseline["lookups"] / baseline["seconds"]
            ttk, ratio = f"{ttk_rate:7.2f}", f"{ours / ttk_rate:6.0f}x"
        print(
            f"{n:>9} | {imported['seconds']:8.1f} {imported['rss']:6.0f} | {ours:9.0f} {looked['rss']:6.0f} | "
            f"{looked['recall']:7.2%} {looked['recall_any']:7.2%} {looked['reachable']:>5} | {ttk:>7} {ratio:>7}",
            flush=True,
        )
        kinds = ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(looked["by_kind"].items()))
        print(f"{'':>9}   recall by kind: {kinds}; matched >=75: {looked['matched']}/{looked['lookups']}; "
              f"brute force {looked['brute_per_s']:.1f} segments/s; recall over {looked['sampled']} segments", flush=True)
    print("targets: recall >= 99%, >= 100x translate-toolkit, >= 200 lookups/s at 1M, "
          "1M import < 180 s and < 500 MB")


if __name__ == "__main__":
    main()
