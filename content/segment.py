"""Sentence segmentation (interim rules; to be replaced by the SRX 2.0 engine).

:func:`sentence_breaks` returns the offsets where a new sentence starts.
Codes appear in the text as U+FFFC and are never split.
"""

from __future__ import annotations

import re

from locflow.model import Locale

__all__ = ["sentence_breaks"]

_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "mr", "mrs", "dr", "no", "fig", "z.b", "d.h", "bzw", "usw", "ca"}
_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*(?=\s+[\"'(\[]?[\p{Lu}0-9\ufffc])".replace(r"\p{Lu}", "A-ZÀ-ÖØ-Þ"))
_CJK_BREAK = re.compile(r"[。！？]+[」』）]*")


def sentence_breaks(text: str, locale: Locale) -> list[int]:
    breaks: list[int] = []
    for match in _BREAK.finditer(text):
        word = re.search(r"(\S+)[.!?]$", text[: match.start()].rstrip("\"')]"))
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        breaks.append(match.end())
    for match in _CJK_BREAK.finditer(text):
        if match.end() < len(text):
            breaks.append(match.end())
    return sorted(set(breaks))
