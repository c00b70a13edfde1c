"""Words and their matching keys: what makes ``accounts`` find the term ``account``.

A text is cut into words (runs of letters, marks and digits; apostrophes and
hyphens separate words, so ``Acme's`` is ``Acme`` + ``s`` and ``sign-in`` is
``sign`` + ``in``). Each word's *key* is its lemma from ``simplemma``,
case-folded: ``Konten`` and ``Kontos`` both become ``konto``, ``synced``
becomes ``sync``. Terms and texts are keyed the same way, so a term is found
in any inflected form its language's dictionary knows. Languages simplemma
does not cover are keyed by case folding alone.

Why simplemma and not a Snowball stemmer: measured by ``bench/termbase.py
--compare-stemmers`` (figures in ``docs/termbase.md``), lemmas join far more
inflected forms to their base term (German plurals such as ``Konten``, verb
forms such as ``gespeichert``) and merge fewer unrelated words
(``university``/``universe``), at a speed that does not matter once keys are
cached per distinct word.

Languages written without spaces (Chinese, Japanese, Korean, Thai, Lao,
Khmer, Burmese) have no words to cut; their terms are found by substring
(see :mod:`termbase.recognize`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

import regex

__all__ = ["WORD", "UNSPACED_LANGUAGES", "WordKeys", "word_keys", "language_of", "is_unspaced", "GAP"]

log = logging.getLogger(__name__)

#: A word: letters, combining marks and digits.
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
#: What may stand between the words of a multiword term: spaces, hyphens, an apostrophe.
GAP = regex.compile(r"[\s\-\u2010\u2011\u2012\u2013'\u2019\u00ad]*")
#: Languages whose terms are found by substring (no spaces between words).
UNSPACED_LANGUAGES = frozenset({"ja", "zh", "ko", "th", "lo", "km", "my"})
#: Distinct words remembered per language before the cache starts over.
_CACHE_LIMIT = 500_000


def language_of(locale: str) -> str:
    """``de-CH`` -> ``de``; ``zh_Hant`` -> ``zh``."""
    return locale.replace("_", "-").split("-")[0].lower()


def is_unspaced(locale: str) -> bool:
    return language_of(locale) in UNSPACED_LANGUAGES


class WordKeys:
    """The matching keys of one language's words, remembered per distinct word."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._cache: dict[str, str] = {}
        self._lemmatize = _lemmatizer(language)

    def key(self, word: str) -> str:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[word] = self._compute(word)
        return found

    def keys(self, words: Sequence[str]) -> list[str]:
        get, key = self._cache.get, self.key
        return [get(word) or key(word) for word in words]

    def _compute(self, word: str) -> str:
        if self._lemmatize is None or word.isdigit():
            return word.casefold()
        return self._lemmatize(word).casefold()


@lru_cache(maxsize=None)
def word_keys(language: str) -> WordKeys:
    """The shared :class:`WordKeys` of a language (``de``, not ``de-DE``)."""
    return WordKeys(language)


def _lemmatizer(language: str):  # type: ignore[no-untyped-def]
    """simplemma's lemmatizer for ``language``, or None where it has no dictionary."""
    if language in UNSPACED_LANGUAGES:
        return None
    import simplemma

    try:
        simplemma.lemmatize("a", lang=language)
    except (ValueError, KeyError):
        log.info("no lemma dictionary for %r: its terms match by case folding only", language)
        return None

    def lemma(word: str) -> str:
        return simplemma.lemmatize(word, lang=language)

    return lemma
