"""Recognition: which concepts of a termbase a text or a segment mentions, and where.

Rules, in the order they are applied:

* **whole words**: a term matches whole words only (``app`` is not found in
  ``application``); words are keyed by lemma (:mod:`termbase.words`), so
  ``accounts``, ``Kontos`` and ``Konten`` find ``account`` and ``Konto``;
* **multiword terms** match word after word, with only spaces, hyphens or an
  apostrophe between the words (never across a sentence's punctuation);
* **longest match first**: at each word the longest term that matches wins
  (``Acme Cloud Drive`` before ``Acme``), then the scan goes on after it;
* **case**: terms match in any case unless marked case-sensitive, which then
  must have their own capitals (``CloudSync`` is not ``cloudsync``);
* **Chinese, Japanese, Korean, Thai...**: by substring, longest first;
* **inline codes** are never looked into: a segment's codes (placeholders,
  markup, inline code) are not text, and a term never spans one.

:class:`TargetFinder` applies the same rules to find a given target term in a
translation, so terminology QA accepts ``Konten`` for ``Konto``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from locflow.model import Segment
from termbase.model import Concept, Term, TermHit, TermStatus
from termbase.words import GAP, WORD, WordKeys, is_unspaced, language_of, word_keys

__all__ = ["Recognizer", "TargetFinder", "locate_term"]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One source term as the index holds it, with its concept's target terms ready."""

    words: tuple[str, ...]
    term: Term
    concept: Concept
    targets: tuple[Term, ...]
    deprecated: tuple[Term, ...]
    forbidden: tuple[Term, ...]

    def hit(self, start: int, end: int, part: int) -> TermHit:
        return TermHit(start, end, self.term, self.concept, self.targets, self.deprecated, self.forbidden, part)

    def case_matches(self, surface: list[str]) -> bool:
        """A case-sensitive term's words must have its capitals (an ending may differ)."""
        if not self.term.case_sensitive:
            return True
        for seen, own in zip(surface, self.words):
            size = min(len(seen), len(own))
            if seen[:size] != own[:size]:
                return False
        return True


class Recognizer:
    """Finds the terms of ``source`` locale concepts in texts, with their ``target`` terms.

    Build one per locale pair (``target`` may be None for source-only
    lookups); it holds an index of every source term and is then read-only.
    """

    def __init__(self, concepts: Iterable[Concept], source: str, target: str | None = None) -> None:
        self.source = source
        self.target = target
        self.unspaced = is_unspaced(source)
        self.keys: WordKeys = word_keys(language_of(source))
        #: first word's key (spaced) or first characters (unspaced) -> groups of entries, longest first
        self._index: dict[str, list[tuple[tuple[str, ...], list[_Entry], bool]]] = {}
        self.size = 0
        groups: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
        for concept in concepts:
            for entry in _entries(concept, source, target):
                groups[self._index_keys(entry.term.text)].append(entry)
                self.size += 1
        for keys, entries in groups.items():
            if not keys:
                continue
            entries.sort(key=lambda e: e.term.status.rank)
            cased = any(e.term.case_sensitive for e in entries)
            self._index.setdefault(self._bucket(keys), []).append((keys, entries, cased))
        for bucket in self._index.values():
            bucket.sort(key=lambda group: -_length(group[0], self.unspaced))

    def __len__(self) -> int:
        return self.size

    # -- indexing ----------------------------------------------------------------------
    def _index_keys(self, text: str) -> tuple[str, ...]:
        if self.unspaced:
            folded = text.strip().casefold()
            return (folded,) if folded else ()
        return tuple(self.keys.keys(WORD.findall(text)))

    def _bucket(self, keys: tuple[str, ...]) -> str:
        return keys[0][:2] if self.unspaced else keys[0]

    # -- finding -----------------------------------------------------------------------
    def find(self, text: str, *, part: int = 0) -> list[TermHit]:
        """Every concept mentioned in ``text``, in text order (a term several concepts share gives a hit each)."""
        if not text or not self._index:
            return []
        return self._find_unspaced(text, part) if self.unspaced else self._find_words(text, part)

    def find_in_segment(self, segment: Segment) -> list[TermHit]:
        """:meth:`find` over the text parts of a segment; codes are never looked into."""
        hits: list[TermHit] = []
        for index, part in enumerate(segment.parts):
            if isinstance(part, str):
                hits.extend(self.find(part, part=index))
        return hits

    def _find_words(self, text: str, part: int) -> list[TermHit]:
        matches = list(WORD.finditer(text))
        words = [m.group() for m in matches]
        keys = self.keys.keys(words)
        index = self._index
        hits: list[TermHit] = []
        after = 0
        for i in [i for i, key in enumerate(keys) if key in index]:  # most words start no term: skipped in C
            if i < after:
                continue
            for group_keys, entries, cased in index[keys[i]]:
                size = len(group_keys)
                if size > 1 and (tuple(keys[i : i + size]) != group_keys or not _joined(text, matches, i, size)):
                    continue
                found = [e for e in entries if e.case_matches(words[i : i + size])] if cased else entries
                if found:
                    hits.extend(_unique_concepts(found, matches[i].start(), matches[i + size - 1].end(), part))
                    after = i + size
                    break
        return hits

    def _find_unspaced(self, text: str, part: int) -> list[TermHit]:
        folded = text.casefold()
        if len(folded) != len(text):  # case folding changed the length: positions would drift
            folded = text.lower() if len(text.lower()) == len(text) else text
        index = self._index
        hits: list[TermHit] = []
        i, count = 0, len(folded)
        while i < count:
            taken = 0
            for bucket in (folded[i : i + 2], folded[i]):
                for (term,), entries, _ in index.get(bucket, ()):
                    if folded.startswith(term, i):
                        found = [e for e in entries if not e.term.case_sensitive or text.startswith(e.term.text, i)]
                        if found:
                            hits.extend(_unique_concepts(found, i, i + len(term), part))
                            taken = len(term)
                            break
                if taken:
                    break
            i += taken or 1
        return hits


def _length(keys: tuple[str, ...], unspaced: bool) -> int:
    return len(keys[0]) if unspaced else len(keys)


def _joined(text: str, matches: Sequence[Any], first: int, size: int) -> bool:
    """True when only spaces, hyphens or an apostrophe stand between the words of the span."""
    for k in range(first, first + size - 1):
        gap_start, gap_end = matches[k].end(), matches[k + 1].start()
        if gap_end - gap_start and GAP.fullmatch(text, gap_start, gap_end) is None:
            return False
    return True


def _unique_concepts(entries: list[_Entry], start: int, end: int, part: int) -> list[TermHit]:
    if len(entries) == 1:
        return [entries[0].hit(start, end, part)]
    seen: set[int] = set()
    hits = []
    for entry in entries:
        if id(entry.concept) not in seen:
            seen.add(id(entry.concept))
            hits.append(entry.hit(start, end, part))
    return hits


def _entries(concept: Concept, source: str, target: str | None) -> Iterable[_Entry]:
    sources = concept.terms_in(source)
    if not sources:
        return ()
    found = concept.terms_in(target) if target else ()
    usable = tuple(t for t in found if t.status.usable)
    deprecated = tuple(t for t in found if t.status is TermStatus.DEPRECATED)
    forbidden = tuple(t for t in found if t.status is TermStatus.FORBIDDEN)
    return [
        _Entry(tuple(WORD.findall(term.text)), term, concept, usable, deprecated, forbidden)
        for term in sources
        if term.text.strip()
    ]


class TargetFinder:
    """Finds given terms in texts of one locale with the rules of :class:`Recognizer`.

    Terminology QA asks it whether ``Konto`` occurs in ``Die Einstellungen
    Ihres Kontos``; the text's words are keyed once and kept for the next term.
    """

    def __init__(self, locale: str) -> None:
        self.unspaced = is_unspaced(locale)
        self.keys = word_keys(language_of(locale))
        self._text = ""
        self._words: list[str] = []
        self._matches: list[Any] = []
        self._keys: list[str] = []

    def locate(self, text: str, term: str, *, case_sensitive: bool = False) -> tuple[int, int] | None:
        """Where ``term`` (in any inflected form) first occurs in ``text``, or None."""
        if not term.strip():
            return None
        if self.unspaced:
            return _locate_substring(text, term, case_sensitive)
        if text != self._text:
            self._text = text
            self._matches = list(WORD.finditer(text))
            self._words = [m.group() for m in self._matches]
            self._keys = self.keys.keys(self._words)
        own_words = WORD.findall(term)
        wanted = self.keys.keys(own_words)
        size = len(wanted)
        if not size:
            return None
        keys, matches = self._keys, self._matches
        entry = _Entry(tuple(own_words), Term("", term, case_sensitive=case_sensitive), _NO_CONCEPT, (), (), ())
        for i in range(len(keys) - size + 1):
            if keys[i : i + size] == wanted and _joined(text, matches, i, size):
                if entry.case_matches(self._words[i : i + size]):
                    return matches[i].start(), matches[i + size - 1].end()
        return None


_NO_CONCEPT = Concept("", ())


def _locate_substring(text: str, term: str, case_sensitive: bool) -> tuple[int, int] | None:
    at = text.find(term) if case_sensitive else text.casefold().find(term.casefold())
    if at < 0 or (not case_sensitive and len(text.casefold()) != len(text)):
        at = text.find(term)
    return (at, at + len(term)) if at >= 0 else None


@lru_cache(maxsize=64)
def _finder(locale: str) -> TargetFinder:
    return TargetFinder(locale)


def locate_term(text: str, term: str, locale: str, *, case_sensitive: bool = False) -> tuple[int, int] | None:
    """Where ``term`` occurs in ``text`` of ``locale`` (inflected forms count), or None."""
    return _finder(language_of(locale)).locate(text, term, case_sensitive=case_sensitive)
