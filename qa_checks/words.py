"""Source words of a run, the denominator of the MQM penalty.

A word is a run of letters and digits, and runs joined by one apostrophe or
hyphen make one word (``don't``, ``e-mail``): for text in Latin-1 and Latin
Extended (below U+0300) that is the stdlib pattern ``_LATIN_WORD``; other text
is counted by :func:`locflow.model.count_words` (CJK characters one by one).

Counting 50,000 texts pattern by pattern costs more than most checks, so ASCII
texts, the great majority in most projects, are counted together in C: one
``bytes.translate`` marks letters and digits, the marks read as one big integer
(a byte per character) show with one shift, one XOR and ``int.bit_count`` where
runs of them start and end, and the few joiners are looked at one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress
from operator import not_

from locflow.model import count_words
from qa_checks.batch import in_slices

__all__ = ["count_source_words", "count_text_words"]

# For text in Latin-1 and Latin Extended (below U+0300: no combining marks, no CJK) the
# words of locflow.model.count_words, except that a number written with separators
# ("3.5", "1,000") counts one word per digit group where count_words counts one.
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# ASCII bytes to 1 (a letter or digit) or 0
_ALNUM_BYTES = bytes(int(chr(c).isalnum()) for c in range(128)) + bytes(128)
_JOINERS = "'-"


def count_text_words(text: str) -> int:
    """The words of one text: ``_LATIN_WORD`` below U+0300, else :func:`count_words`."""
    if not text or text.isascii() or max(text) < "\u0300":
        return len(_LATIN_WORD.findall(text))
    return count_words(text)


def count_source_words(texts: Iterable[str]) -> int:
    """The words of all ``texts`` together: ``sum(map(count_text_words, texts))``, faster."""
    total = 0
    for _, part in in_slices(list(texts)):  # slices keep the big joined texts small
        ascii_flags = list(map(str.isascii, part))
        total += _ascii_words(" ".join(compress(part, ascii_flags)))
        total += sum(map(count_text_words, compress(part, map(not_, ascii_flags))))
    return total


def _ascii_words(text: str) -> int:
    """Words of ASCII text: runs of letters and digits, less the joiners that link two runs.

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
