"""What the TM compares: a segment reduced to the keys matching works on.

Matching never looks at markup. A segment becomes

* ``plain``: its text with every code removed, NFC, outer whitespace
  stripped. Two segments with the same ``plain`` are the same sentence, so
  identical text can never score below 100 because of its tags; codes are
  compared apart (:mod:`tm.codes`) and only cost a small penalty;
* ``loose``: ``plain`` case-folded, punctuation turned into spaces,
  whitespace collapsed. Equal ``loose`` keys mean the sentences differ only
  in whitespace, case or punctuation (the near-exact tier, just below 100);
* ``tokens``: the case-folded words of ``plain`` with every number masked as
  ``#`` (numbers are kept apart in ``numbers``). The fuzzy score is an edit
  distance over tokens, so a changed number costs nothing there and is
  penalised, or adapted, separately;
* hashes of ``plain`` and ``loose`` for indexed exact lookup, a *signature*
  (one character per token, so rapidfuzz can rank hundreds of candidates in
  C), the token trigrams of the signature as 63-bit keys for the candidate
  index, and a *detail* string (one character per code and per number, also
  indexed) that breaks ties between candidates with the same words.

Every hash is stable across processes and machines (blake2b, never Python's
salted ``hash``), because keys are stored. Keys of different language pairs
never meet: each is mixed with the pair's scope.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from locflow.model import Segment

__all__ = [
    "MatchKey",
    "NUMBER_MASK",
    "Words",
    "exact_hash",
    "fold",
    "match_key",
    "numbers_in",
    "pair_scope",
    "plain_text",
    "replace_numbers",
    "stable_hash",
    "tokenize",
    "words_of",
]

#: The token that stands for any number in :attr:`MatchKey.tokens`.
NUMBER_MASK = "#"

# Scripts written without spaces: every character is a token of its own, as in word counts.
_SPACELESS_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
)
_SPACELESS = re.compile(f"[{_SPACELESS_CHARS}]")
_SPACELESS_SPLIT = re.compile(f"([{_SPACELESS_CHARS}])")
#: A number as written: digits with inner separators, not glued to letters.
NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")


class _ToSpace(dict[int, str]):
    """A ``str.translate`` table that learns each character once: the given
    Unicode categories (by first letter) become a space, the rest stays."""

    def __init__(self, categories: str) -> None:
        super().__init__()
        self.categories = tuple(categories)

    def __missing__(self, point: int) -> str:
        char = chr(point)
        value = " " if unicodedata.category(char).startswith(self.categories) else char
        self[point] = value
        return value


_PUNCTUATION = _ToSpace("P")
_SYMBOLS = _ToSpace("S")

# Signature characters: one code point per token, above the boundary marks,
# never a surrogate, so a trigram of them packs into 63 bits.
_SIG_BASE = 0x100
_SIG_RANGE = 0x110000 - _SIG_BASE - 0x800
_START, _END = 1, 2
_MASK63 = (1 << 63) - 1


def _signed(value: int) -> int:
    """Fold an unsigned 64-bit value into SQL's signed BIGINT range."""
    return value - (1 << 64) if value >= 1 << 63 else value


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that every process agrees on (signed, for SQL)."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return _signed(int.from_bytes(digest, "little"))


@lru_cache(maxsize=1 << 18)
def _token_point(token: str) -> int:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    point = _SIG_BASE + int.from_bytes(digest, "little") % _SIG_RANGE
    return point + 0x800 if point >= 0xD800 else point


def pair_scope(source_language: str, target_language: str) -> int:
    """The key of a language pair (63 bits); it is mixed into every stored key.

    Languages, not locales: ``de-DE`` and ``de`` memories share one scope,
    so locale fallback finds both with the same keys.
    """
    return stable_hash(f"{source_language.lower()}>{target_language.lower()}") & _MASK63


def plain_text(segment: Segment) -> str:
    """The segment's text without codes, NFC, outer whitespace stripped."""
    return unicodedata.normalize("NFC", segment.text).strip()


def fold(text: str) -> str:
    """Case-folded, punctuation turned into spaces, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_PUNCTUATION).split())


def tokenize(loose: str) -> tuple[str, ...]:
    """The word tokens of a loose key (see :func:`fold`), every number masked.

    Symbols separate words too. A number with separators ("10.3") is two
    tokens here, on both sides of a comparison alike; :data:`NUMBER` finds
    numbers as written, for adaptation.
    """
    text = loose.translate(_SYMBOLS)
    if _SPACELESS.search(text) is not None:
        text = _SPACELESS_SPLIT.sub(r" \1 ", text)
    return tuple([NUMBER_MASK if word.isdigit() else word for word in text.split()])


def numbers_in(text: str) -> tuple[str, ...]:
    """The numbers of ``text`` as written, in order."""
    return tuple(NUMBER.findall(text))


def replace_numbers(text: str, numbers: tuple[str, ...]) -> str:
    """``text`` with its numbers replaced, in order, by ``numbers``."""
    replacements = iter(numbers)
    return NUMBER.sub(lambda m: next(replacements, m.group()), text)


def exact_hash(plain: str, scope: int) -> int:
    """The exact key of a plain text (see :func:`plain_text`) within the pair ``scope``."""
    return stable_hash(f"{scope}\x1f{plain}")


@dataclass(frozen=True, slots=True)
class MatchKey:
    """The matching view of one segment within one language pair."""

    plain: str
    loose: str
    tokens: tuple[str, ...]
    exact_hash: int
    loose_hash: int
    signature: str
    detail: str
    grams: tuple[int, ...]
    detail_grams: tuple[int, ...] = ()

    @property
    def length(self) -> int:
        """Token count: what the fuzzy score divides by and the length filter uses."""
        return len(self.tokens)


def grams_of(points: list[int], scope: int) -> tuple[int, ...]:
    """Distinct trigrams of signature points, padded with sentence boundaries.

    Three 21-bit points pack into 63 bits, so within a language pair two
    different trigrams never share a key (XOR with the scope is a bijection).
    Padding gives one-word segments a gram and makes first and last words count.
    """
    if not points:
        return ()
    padded = [_START, *points, _END]
    return tuple(dict.fromkeys([((a << 42) | (b << 21) | c) ^ scope for a, b, c in zip(padded, padded[1:], padded[2:])]))


def detail_grams_of(points: list[int], scope: int) -> tuple[int, ...]:
    """One key per code and number, so sources with the same URL or number rank first.

    Their top 21 bits are zero, which no trigram key has (its first point is
    at least 1): the two kinds never share a key.
    """
    return tuple(dict.fromkeys(((3 << 21) | point) ^ scope for point in points))


class Words(NamedTuple):
    """What a full score compares of a stored source (:func:`tm.scoring.score`): its plain text and tokens."""

    plain: str
    tokens: tuple[str, ...]


def words_of(segment: Segment) -> Words:
    """The :class:`Words` of ``segment``: a scored candidate needs no hashes, signature or grams."""
    plain = plain_text(segment)
    return Words(plain, tokenize(fold(plain)))


def match_key(segment: Segment, scope: int) -> MatchKey:
    """Reduce ``segment`` to its :class:`MatchKey` within the pair ``scope``."""
    plain = plain_text(segment)
    loose = fold(plain)
    tokens = tokenize(loose)
    points = [_token_point(token) for token in tokens]
    details = [_token_point(f"\x00{code.kind}\x00{code.data}") for code in segment.codes]
    details.extend(_token_point(f"\x01{number}") for number in numbers_in(plain))
    return MatchKey(
        plain=plain,
        loose=loose,
        tokens=tokens,
        exact_hash=exact_hash(plain, scope),
        loose_hash=stable_hash(f"{scope}\x1e{loose}"),
        signature="".join(map(chr, points)),
        detail="".join(map(chr, details)),
        grams=grams_of(points, scope),
        detail_grams=detail_grams_of(details, scope),
    )
