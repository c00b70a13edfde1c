"""Word counts, the unit of localization cost.

Counted on the text of a segment (codes excluded). Words are runs of letters,
digits and joiners; in scripts written without spaces (CJK, Thai) every
character counts as a word, as most CAT tools do for analysis.
"""

from __future__ import annotations

import regex

__all__ = ["count_words"]

_WORD = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
    r"|\p{N}+(?:[.,]\p{N}+)+"  # 3.5, 1,000.25: one word
    r"|[\p{L}\p{N}\p{M}]+(?:['’\-][\p{L}\p{N}\p{M}]+)*"
)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
