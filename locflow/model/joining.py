"""Joining translated sentences: the space between two of them follows the target's script.

A unit keeps the characters between its source sentences (its *gaps*), and a
build writes them again between the translations. That is right for most
scripts, Thai's spaces included, but Japanese and Chinese put no space after
a full stop: an English paragraph's ``"done. Next"`` would give
``"対応しています。 メール"``. So where two *translated* sentences meet and the
first ends with ``。``, ``！`` or ``？`` (a closing bracket or quote may follow),
a gap of horizontal whitespace is dropped in those locales. Line breaks stay
(they are the file's layout: a list item's continuation, a block scalar), and
so does the gap next to an untranslated sentence, which is still the source's.

Every filter that writes a unit's sentences back takes its gaps from
:func:`join_gaps` (the model's :meth:`~locflow.model.Unit.render` and
:meth:`~locflow.model.Unit.joined_parts` do), so the rule is the same in
every format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from locflow.model.locale import Locale
from locflow.model.segment import CodeKind, Segment

__all__ = ["join_gaps", "ends_closed_sentence"]

#: Sentence ends after which Japanese and Chinese write no space.
_CLOSED_STOPS = frozenset("。！？｡．")
#: Line breaks: a gap holding one is layout, never dropped.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def join_gaps(gaps: Sequence[str], targets: Sequence[Segment | None], locale: Locale | None) -> list[str]:
    """The gaps to write around a unit's segments in ``locale``.

    ``gaps`` are the unit's gaps (or their raw characters, for a filter that
    keeps them), ``targets[i]`` is the translation written for segment ``i``,
    ``None`` where the source is written. Only a gap between two translations
    can change; without a locale (a source-as-target build) none does.
    """
    joined = list(gaps)
    if locale is None or locale.spaces_sentences:
        return joined
    for index in range(1, len(targets)):
        previous, following = targets[index - 1], targets[index]
        if previous is not None and following is not None and _horizontal_space(joined[index]):
            if ends_closed_sentence(previous):
                joined[index] = ""
    return joined


def ends_closed_sentence(segment: Segment) -> bool:
    """True when ``segment`` ends with ``。``, ``！`` or ``？``, then maybe closing brackets, quotes
    and the closing codes of formatting (``**対応しています。**``)."""
    for part in reversed(segment.parts):
        if not isinstance(part, str):
            if part.kind == CodeKind.CLOSE:
                continue
            return False
        text = part.rstrip()
        while text and _is_closing(text[-1]):
            text = text[:-1].rstrip()
        if text:
            return text[-1] in _CLOSED_STOPS
    return False


def _is_closing(char: str) -> bool:
    return char in "\"'" or unicodedata.category(char) in ("Pe", "Pf")


def _horizontal_space(gap: str) -> bool:
    return bool(gap) and gap.isspace() and not _LINE_BREAKS.intersection(gap)
