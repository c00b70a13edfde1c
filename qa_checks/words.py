"""Source words of a run, the denominator of the MQM penalty.

The count is :func:`locflow.model.count_words`'s, as in every other word
count of locflow: runs of letters and digits, runs joined by one apostrophe or
hyphen make one word (``don't``, ``e-mail``), a number with separators is one
word (``3.5``, ``1,000``), CJK characters count one by one.

Counting 50,000 texts pattern by pattern costs more than most checks, so ASCII
texts, the great majority in most projects, are counted together in C: one
``bytes.translate`` marks letters and digits, the marks read as one big integer
(a byte per character) show with one shift, one XOR and ``int.bit_count`` where
runs of them start and end, and the few joiners are looked at one by one. The
rare words holding a number with separators are counted again by the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress
from operator import not_

from locflow.model import count_words
from qa_checks.batch import in_slices

__all__ = ["count_source_words"]

# ASCII bytes to 1 (a letter or digit) or 0
_ALNUM_BYTES = bytes(int(chr(c).isalnum()) for c in range(128)) + bytes(128)
_JOINERS = "'-"
# ASCII bytes to "0" (a digit), "." (a separator) or " ": a number with separators
# ("3.5", "1,000") shows as b"0.0". Only around such numbers do runs and joiners count
# otherwise than count_words: the stretch of word characters, joiners and separators
# around each is counted again.
_DIGIT_SEPARATOR_BYTES = bytes(ord("0" if chr(c).isdigit() else "." if chr(c) in ".," else " ") for c in range(128)) + bytes(128)
_STRETCH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.,-")
_STRETCH_REST = re.compile(r"[A-Za-z0-9'.,\-]*")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)+[.,]?")


def count_source_words(texts: Iterable[str]) -> int:
    """The words of all ``texts`` together: ``sum(map(count_words, texts))``, faster."""
    total = 0
    for _, part in in_slices(list(texts)):  # slices keep the big joined texts small
        ascii_flags = list(map(str.isascii, part))
        total += _ascii_words(" ".join(compress(part, ascii_flags)))
        total += sum(map(count_words, compress(part, map(not_, ascii_flags))))
    return total


def _ascii_words(text: str) -> int:
    """:func:`count_words` of ASCII text: runs and joiners, numbers with separators by the pattern.

    Both counts are local to a stretch of word characters, joiners and
    separators (nothing else is part of a word), so the stretches with such
    a number are counted again, the pattern's way.
    """
    return _runs_less_links(text) + sum(map(_number_correction, _number_stretches(text)))


def _number_correction(stretch: str) -> int:
    """What :func:`count_words` counts in ``stretch`` less what the runs and joiners count.

    Most such stretches are a number alone (perhaps ending a sentence): one
    word where the runs count one per digit group.
    """
    if _PLAIN_NUMBER.fullmatch(stretch):
        number = stretch.rstrip(".,")
        return -(number.count(".") + number.count(","))
    return count_words(stretch) - _runs_less_links(stretch)


def _number_stretches(text: str) -> list[str]:
    """Each stretch of word characters, joiners and separators that holds a number with separators."""
    marked = text.encode("ascii").translate(_DIGIT_SEPARATOR_BYTES)
    stretches: list[str] = []
    end = 0
    found = marked.find(b"0.0")
    while found >= 0:
        start = found
        while start > end and text[start - 1] in _STRETCH_CHARS:
            start -= 1
        end = _STRETCH_REST.match(text, found).end()  # type: ignore[union-attr]
        stretches.append(text[start:end])
        found = marked.find(b"0.0", end)
    return stretches


def _runs_less_links(text: str) -> int:
    """Runs of letters and digits, less the joiners that link two runs.

    In the integer byte ``i`` is character ``i`` (little-endian), so ``<< 8`` puts
    each character's previous one in its place; the XOR has a 1 wherever a run
    starts or ends, twice per run (the appended space ends the last one).
    """
    marks = int.from_bytes((text + " ").encode("ascii").translate(_ALNUM_BYTES), "little")
    runs = (marks ^ (marks << 8)).bit_count() // 2
    return runs - _links(text)


def _links(text: str) -> int:
    """Joiners with a letter or digit on both sides (``don't``, ``e-mail``)."""
    links = 0
    for joiner in _JOINERS:
        at = text.find(joiner, 1)
        while 0 < at < len(text) - 1:
            links += text[at - 1].isalnum() and text[at + 1].isalnum()
            at = text.find(joiner, at + 1)
    return links
