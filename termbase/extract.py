"""Term extraction: candidate terms from source texts, for teams that have no glossary yet.

Candidates are runs of one to four words inside a phrase (words joined by
spaces or hyphens only, never across punctuation or inline codes) that
neither start nor end with a stop word of the language (the ``stopwords``
package's function-word lists) and hold no bare number. Words are grouped by
lemma (:mod:`termbase.words`), so ``sync folder`` and ``synced folders`` are
one candidate, shown in its most frequent form.

Ranking follows the C-value idea (Frantzi, Ananiadou & Mima): longer units
weigh more (``log2(words + 1)``), and a unit that mostly occurs inside a
longer candidate (``Cloud Drive`` inside ``Acme Cloud Drive``) loses the
occurrences it owes to it; the result is multiplied by ``1 + ln(documents)``
so a unit spread over many documents outranks one repeated in a single page.
Multiword units must repeat; single words need ``min_count`` occurrences.
Terms already in the termbase are left out.

The output is a CSV a terminologist reviews, fills in and imports
(:func:`write_candidates`): a column per locale, the source term filled in,
and a note saying how often and where the term was seen.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path

from locflow.model.errors import UsageError
from termbase.words import GAP, WORD, is_unspaced, language_of, word_keys

__all__ = ["Candidate", "extract_terms", "write_candidates", "stop_words"]

MAX_WORDS = 4


@dataclass
class Candidate:
    """A candidate term: its most frequent form, occurrences, documents and score."""

    text: str
    words: int
    count: int
    documents: int
    score: float = 0.0
    forms: Counter[str] = field(default_factory=Counter)

    def note(self) -> str:
        return f"seen {self.count} times in {self.documents} documents; score {self.score:.1f}"


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """The function words of a language (case-folded); empty where the package has no list."""
    import stopwords

    try:
        return frozenset(word.casefold() for word in stopwords.get_stopwords(language))
    except stopwords.LanguageNotAvailable:
        return frozenset()


def extract_terms(
    texts: Iterable[tuple[str, str]],
    locale: str,
    *,
    min_count: int = 3,
    limit: int = 200,
    known: Iterable[str] = (),
) -> list[Candidate]:
    """Rank candidate terms in ``texts`` ((document, text) pairs) of ``locale``, best first.

    ``known`` terms (already in the termbase) are not proposed.
    """
    if is_unspaced(locale):
        raise UsageError(f"term extraction needs a language written with spaces between words, not {locale}")
    language = language_of(locale)
    keys = word_keys(language)
    stops = stop_words(language)
    known_keys = {tuple(keys.keys(WORD.findall(term))) for term in known}
    found: dict[tuple[str, ...], Candidate] = {}
    places: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for document, text in texts:
        for phrase in _phrases(text):
            phrase_keys = keys.keys(phrase)
            for key, surface in _units(phrase, phrase_keys, stops):
                candidate = found.get(key)
                if candidate is None:
                    candidate = found[key] = Candidate(surface, len(key), 0, 0)
                candidate.count += 1
                candidate.forms[surface] += 1
                places[key].add(document)
    chosen = {
        key: c for key, c in found.items() if key not in known_keys and c.count >= (2 if len(key) > 1 else min_count)
    }
    nested = _nested_counts(chosen)
    for key, candidate in chosen.items():
        candidate.documents = len(places[key])
        candidate.text = _best_form(candidate.forms)
        candidate.score = _c_value(key, candidate.count, nested.get(key)) * (1 + math.log(candidate.documents))
    ranked = sorted((c for c in chosen.values() if c.score > 0), key=lambda c: (-c.score, c.text.casefold()))
    return ranked[:limit]


def _phrases(text: str) -> Iterable[list[str]]:
    """Runs of words joined by spaces or hyphens only."""
    run: list[str] = []
    previous_end = None
    for match in WORD.finditer(text):
        if previous_end is not None and GAP.fullmatch(text, previous_end, match.start()) is None:
            if run:
                yield run
            run = []
        run.append(match.group())
        previous_end = match.end()
    if run:
        yield run


def _units(words: list[str], keys: list[str], stops: frozenset[str]) -> Iterable[tuple[tuple[str, ...], str]]:
    for start in range(len(words)):
        for size in range(1, MAX_WORDS + 1):
            end = start + size
            if end > len(words):
                break
            span = words[start:end]
            if any(w.isdigit() or len(w) < 2 for w in span):
                break
            if span[0].casefold() in stops or span[-1].casefold() in stops:
                continue
            yield tuple(keys[start:end]), " ".join(span)


def _best_form(forms: Counter[str]) -> str:
    """The most frequent form; in lower case unless the term is never written in lower case."""
    form = forms.most_common(1)[0][0]
    return form.lower() if any(f == f.lower() for f in forms) else form


def _nested_counts(chosen: dict[tuple[str, ...], Candidate]) -> dict[tuple[str, ...], list[int]]:
    """For each candidate, the counts of the longer candidates it occurs in."""
    nested: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for key, candidate in chosen.items():
        inner = {key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1) if j - i < len(key)}
        for sub in inner:
            if sub in chosen:
                nested[sub].append(candidate.count)
    return nested


def _c_value(key: tuple[str, ...], count: int, longer: list[int] | None) -> float:
    weight = math.log2(len(key) + 1)
    if not longer:
        return weight * count
    return weight * (count - sum(longer) / len(longer))


def write_candidates(path: str | PathLike[str], candidates: Sequence[Candidate], *, source: str, targets: Sequence[str]) -> int:
    """A CSV to review and import: the source term, empty target columns, and a note per row."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([source, *targets, "note"])
        for candidate in candidates:
            writer.writerow([candidate.text, *("" for _ in targets), candidate.note()])
    return len(candidates)
