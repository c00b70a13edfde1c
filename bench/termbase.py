#!/usr/bin/env python3
"""Termbase benchmark: TBX import, term recognition speed, and the choice of lemmatizer.

With a seeded 20,000-concept glossary (single-word and multiword terms in
English, German and French: the support vocabulary of the shared generator
plus made-up product terms) and 100,000 seeded support segments
(``../shared/bench/gen_corpus.py`` when present, else a small generator
below), it measures, each step in a process of its own so each peak memory
is that step's:

1. **import**: the glossary written as TBX v3 TBX-Basic, imported into a
   fresh SQLite termbase with ``Termbase.import_file`` (target: < 10 s);
2. **recognition**: the termbase loaded, the en->de recogniser built, then
   ``find_in_segment`` on every segment (placeholders, URLs and numbers are
   codes, as extract makes them): segments per second (target: >= 20,000);
3. **peer**: translate-toolkit's ``terminologymatcher`` (the term matcher of
   ``pot2po``/Pootle) on the same glossary and the first ``--peer-sample``
   segments, for a ratio measured in the same run;
4. **stemmers** (``--compare-stemmers``): simplemma lemmas against Snowball
   stems (PyStemmer, C; snowballstemmer, pure Python; both the same
   algorithms) on inflected forms of support terms in en/de/fr: how many
   forms meet their base term, how many unrelated words are merged, and
   how fast each keys the distinct words of the segments.

    python bench/termbase.py                    # all of it
    python bench/termbase.py --segments 20000   # a quicker run

Files are written under ``bench/out/termbase`` and reused.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "termbase"
SEED = 4242
LOCALES = ("en", "de", "fr")


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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- data --------------------------------------------------------------------------------

_SYLLABLES = "ka lo mi ne ru sa te vo zu bri cla dre fro gli pla stu tra xen yor qui".split()
_SUPPORT_WORDS = (
    "account password invoice subscription backup folder device router playlist document order coupon refund "
    "profile settings license printer calendar workspace report dashboard webhook integration storage quota "
    "notification sync firmware update download upload payment method address email template team member"
).split()


def _made_up(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def glossary_concepts(size: int, rng: random.Random, vocabulary: list[str]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(id, [(locale, term, status)]) for ``size`` concepts: the generator's vocabulary first, then made-up terms."""
    seen: set[str] = set()
    concepts = []
    pool = list(dict.fromkeys(vocabulary))
    while len(concepts) < size:
        if pool:
            source = pool.pop(0)
        else:
            words = rng.choice((1, 1, 2, 2, 3))
            parts = [_made_up(rng, rng.randint(2, 3)) for _ in range(words)]
            if words > 1 and rng.random() < 0.5:
                parts[-1] = rng.choice(_SUPPORT_WORDS)  # "klazu router": shares a word with real text
            source = " ".join(parts)
        if source.lower() in seen:
            continue
        seen.add(source.lower())
        terms = [("en", source, "preferred")]
        terms.append(("de", _made_up(rng, 3).capitalize(), "preferred"))
        if rng.random() < 0.1:
            terms.append(("de", _made_up(rng, 2).capitalize(), rng.choice(("deprecated", "forbidden"))))
        terms.append(("fr", _made_up(rng, 3), "preferred"))
        concepts.append((f"c{len(concepts) + 1}", terms))
    return concepts


def write_glossary_tbx(path: Path, concepts: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
    from termbase import Concept, Term, TermStatus
    from termbase.tbx.writer import write_tbx

    write_tbx(
        path,
        (Concept(cid, tuple(Term(loc, text, TermStatus(status)) for loc, text, status in terms)) for cid, terms in concepts),
        source_locale="en",
    )


def support_segments(count: int) -> list[str]:
    generator = _shared_generator()
    if generator is not None:
        sentences = generator.SentenceGen(random.Random(SEED))
        return [sentences.sentence() for _ in range(count)]
    rng = random.Random(SEED)
    templates = ("How do I {v} my {o}?", "To {v} your {o}, open Settings and click Save.", "Your {o} was {v}ed.")
    verbs = "reset update delete export sync rename".split()
    return [rng.choice(templates).format(v=rng.choice(verbs), o=rng.choice(_SUPPORT_WORDS)) for _ in range(count)]


def vocabulary() -> list[str]:
    """Terms real support text uses: the shared generator's objects, menus, buttons and products."""
    generator = _shared_generator()
    if generator is None:
        return list(_SUPPORT_WORDS)
    return [*generator.PRODUCTS, *generator.OBJECTS, *generator.MENUS, *generator.BUTTONS]


def prepare(args: argparse.Namespace) -> dict[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    tbx = OUT / f"glossary_{args.terms}.tbx"
    segments = OUT / f"segments_{args.segments}.json"
    if not tbx.exists():
        write_glossary_tbx(tbx, glossary_concepts(args.terms, random.Random(SEED), vocabulary()))
    if not segments.exists():
        segments.write_text(json.dumps(support_segments(args.segments)), encoding="utf-8")
    return {"tbx": tbx, "segments": segments}


# -- steps (each in its own process) -----------------------------------------------------


def step_import(tbx: Path) -> dict[str, Any]:
    from termbase import Termbase

    database = OUT / "import.db"
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    with Termbase.open(f"sqlite:///{database}", source_locale="en") as termbase:
        stats = termbase.import_file(tbx)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "concepts": stats.added, "terms": stats.terms, "peak_mb": _peak_mb()}


def step_recognize(segments_path: Path) -> dict[str, Any]:
    from locflow.model import CodeIds, Segment, protect
    from termbase import Termbase

    texts = json.loads(segments_path.read_text(encoding="utf-8"))
    segments = [Segment(tuple(protect(text, CodeIds()))) for text in texts]
    del texts
    started = time.perf_counter()
    with Termbase.open(f"sqlite:///{OUT / 'import.db'}", source_locale="en") as termbase:
        recognizer = termbase.recognizer("en", "de")
    built = time.perf_counter() - started
    warm = time.perf_counter()
    recognizer.find("warm up the lemma dictionary")
    load_dictionary = time.perf_counter() - warm
    started = time.perf_counter()
    hits = 0
    with_terms = 0
    for segment in segments:
        found = recognizer.find_in_segment(segment)
        hits += len(found)
        with_terms += bool(found)
    seconds = time.perf_counter() - started
    return {
        "segments": len(segments),
        "seconds": seconds,
        "per_second": len(segments) / seconds,
        "hits": hits,
        "segments_with_terms": with_terms,
        "index_seconds": built,
        "dictionary_seconds": load_dictionary,
        "indexed_terms": len(recognizer),
        "peak_mb": _peak_mb(),
    }


def step_peer(tbx: Path, segments_path: Path, sample: int) -> dict[str, Any]:
    """translate-toolkit's terminology matcher over the same glossary (en -> de pairs)."""
    from translate.search.match import terminologymatcher
    from translate.storage import pypo

    from termbase.files import open_glossary

    store = pypo.pofile()
    for concept in open_glossary(tbx).concepts():
        source = next((t.text for t in concept.terms if t.locale == "en"), None)
        target = next((t.text for t in concept.terms if t.locale == "de"), None)
        if source and target:
            unit = store.addsourceunit(source)
            unit.target = target
    started = time.perf_counter()
    matcher = terminologymatcher(store)
    built = time.perf_counter() - started
    texts = json.loads(segments_path.read_text(encoding="utf-8"))[:sample]
    started = time.perf_counter()
    hits = sum(len(matcher.matches(text)) for text in texts)
    seconds = time.perf_counter() - started
    return {"segments": len(texts), "seconds": seconds, "per_second": len(texts) / seconds, "hits": hits,
            "index_seconds": built, "peak_mb": _peak_mb()}


# inflected forms of support terms: (base, forms...) per language, and pairs that must stay apart
_FORMS = {
    "en": [("account", "accounts", "account's"), ("install", "installs", "installed", "installing"),
           ("password", "passwords"), ("setting", "settings"), ("sync", "syncs", "synced", "syncing"),
           ("folder", "folders"), ("invoice", "invoices"), ("refund", "refunds", "refunded"),
           ("device", "devices"), ("library", "libraries"), ("reply", "replies", "replied"),
           ("buy", "bought"), ("mouse", "mice"), ("child", "children")],
    "de": [("Konto", "Kontos", "Konten"), ("Datei", "Dateien"), ("Ordner", "Ordners", "Ordnern"),
           ("Rechnung", "Rechnungen"), ("Gerät", "Geräte", "Geräts", "Geräten"),
           ("Passwort", "Passwörter", "Passworts"), ("Einstellung", "Einstellungen"),
           ("speichern", "speichert", "gespeichert"), ("Haus", "Häuser"),
           ("synchronisieren", "synchronisiert")],
    "fr": [("compte", "comptes"), ("fichier", "fichiers"), ("dossier", "dossiers"), ("facture", "factures"),
           ("appareil", "appareils"), ("paramètre", "paramètres"),
           ("synchroniser", "synchronisé", "synchronisés", "synchronise"),
           ("remboursement", "remboursements"), ("œil", "yeux"), ("travail", "travaux"),
           ("ouvrir", "ouvert", "ouvre")],
}
_APART = {
    "en": [("university", "universe"), ("general", "generous"), ("organ", "organization"), ("news", "new"),
           ("policy", "police")],
    "de": [("Rat", "Rate"), ("Mode", "Modem"), ("Konto", "Kontakt")],
    "fr": [("compte", "compter"), ("page", "pager"), ("port", "porte")],
}
_SNOWBALL_NAMES = {"en": "english", "de": "german", "fr": "french"}


def _keyers(library: str) -> dict[str, Any]:
    """word -> key functions per language for one library (None when it is not installed)."""
    if library == "simplemma":
        import simplemma

        return {lang: (lambda w, lang=lang: simplemma.lemmatize(w, lang=lang).casefold()) for lang in _FORMS}
    if library == "PyStemmer":
        import Stemmer

        stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _SNOWBALL_NAMES.items()}
        return {lang: (lambda w, s=s: s.stemWord(w.casefold())) for lang, s in stemmers.items()}
    sys.modules["Stemmer"] = None  # type: ignore[assignment]  # snowballstemmer would use PyStemmer if it could
    import snowballstemmer

    stemmers = {lang: snowballstemmer.stemmer(name) for lang, name in _SNOWBALL_NAMES.items()}
    return {lang: (lambda w, s=s: s.stemWord(w.casefold())) for lang, s in stemmers.items()}


def step_stemmer(library: str, segments_path: Path) -> dict[str, Any]:
    import regex

    try:
        started = time.perf_counter()
        keyers = _keyers(library)
        for lang, key in keyers.items():
            key("warm")
        load = time.perf_counter() - started
    except ImportError:
        return {"library": library, "missing": True}
    joined = total = merged = 0
    misses = []
    for lang, groups in _FORMS.items():
        key = keyers[lang]
        for base, *forms in groups:
            for form in forms:
                total += 1
                if key(form) == key(base):
                    joined += 1
                else:
                    misses.append(f"{lang}:{form}")
        merged += sum(key(a) == key(b) for a, b in _APART[lang])
    texts = json.loads(segments_path.read_text(encoding="utf-8"))
    words = sorted({w for text in texts for w in regex.findall(r"[\p{L}\p{M}\p{N}]+", text)})
    key = keyers["en"]
    started = time.perf_counter()
    for word in words:
        key(word)
    speed = len(words) / (time.perf_counter() - started)
    return {
        "library": library,
        "forms_joined": joined,
        "forms": total,
        "false_merges": merged,
        "pairs": sum(len(pairs) for pairs in _APART.values()),
        "misses": misses,
        "distinct_words": len(words),
        "words_per_second": speed,
        "load_seconds": load,
        "peak_mb": _peak_mb(),
    }


# -- driver --------------------------------------------------------------------------------


def _in_own_process(step: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--step", step, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=20_000)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--peer-sample", type=int, default=1_000)
    parser.add_argument("--no-peer", action="store_true", help="Skip translate-toolkit's matcher.")
    parser.add_argument("--compare-stemmers", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        steps = {"import": step_import, "recognize": step_recognize, "peer": step_peer, "stemmer": step_stemmer}
        values: list[Any] = [Path(a) if "/" in a else (int(a) if a.isdigit() else a) for a in args.args]
        print(json.dumps(steps[args.step](*values)))
        return
    files = prepare(args)
    print(f"glossary: {args.terms:,} concepts in {', '.join(LOCALES)} ({files['tbx'].stat().st_size / 1e6:.1f} MB TBX); "
          f"{args.segments:,} support segments")
    imported = _in_own_process("import", str(files["tbx"]))
    print(f"TBX import: {imported['seconds']:.2f} s for {imported['concepts']:,} concepts, {imported['terms']:,} terms "
          f"(target < 10 s); peak memory {imported['peak_mb']:.0f} MB")
    found = _in_own_process("recognize", str(files["segments"]))
    print(f"recognition en->de: {found['per_second']:,.0f} segments/s ({found['segments']:,} in {found['seconds']:.2f} s; "
          f"target >= 20,000/s); {found['hits']:,} terms found in {found['segments_with_terms']:,} segments; "
          f"index of {found['indexed_terms']:,} source terms built in {found['index_seconds']:.2f} s, lemma "
          f"dictionary loaded in {found['dictionary_seconds']:.2f} s; peak memory {found['peak_mb']:.0f} MB")
    if not args.no_peer:
        peer = _in_own_process("peer", str(files["tbx"]), str(files["segments"]), str(args.peer_sample))
        print(f"translate-toolkit terminologymatcher: {peer['per_second']:,.1f} segments/s on the first "
              f"{peer['segments']:,} segments ({peer['hits']:,} matches; index {peer['index_seconds']:.2f} s; "
              f"peak memory {peer['peak_mb']:.0f} MB): locflow is {found['per_second'] / peer['per_second']:,.0f}x faster")
    if args.compare_stemmers:
        print("word keys (inflected forms of support terms in en/de/fr; keying speed on the segments' distinct words, "
              "each keyed once):")
        for library in ("simplemma", "PyStemmer", "snowballstemmer"):
            result = _in_own_process("stemmer", library, str(files["segments"]))
            if result.get("missing"):
                print(f"  {library:<16} not installed (pip install -e '.[dev]')")
                continue
            print(f"  {library:<16} {result['forms_joined']}/{result['forms']} forms joined to their base, "
                  f"{result['false_merges']}/{result['pairs']} unrelated pairs merged, "
                  f"{result['words_per_second']:,.0f} words/s on {result['distinct_words']:,}, loaded in {result['load_seconds']:.2f} s, "
                  f"peak memory {result['peak_mb']:.0f} MB; missed: {' '.join(result['misses']) or '-'}")


if __name__ == "__main__":
    main()
