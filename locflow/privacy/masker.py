"""Personal data in a segment becomes codes, so no MT engine, cache or log ever sees it.

:func:`mask_personal_data` splits each text part of a segment around the
spans a :class:`~locflow.privacy.detect.PIIFinder` reports and puts a
standalone :class:`~locflow.model.Code` of type ``pii:<kind>`` in their
place (ids ``p1``, ``p2``... never clash with the segment's own codes).
From there the engine's masking applies as for any code: an XML tag, a
token, or a tag inside a structured request, and the verification of the
answer checks these codes like the others. :func:`restore_personal_data`
puts the original text back once the answer has been accepted. Because
the masked form is the same for every customer's number, identical
sentences with different personal data cost one request and one cache entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from locflow.model import Code, CodeKind, Locale, Part, Segment
from locflow.privacy.detect import PIIFinder

__all__ = ["MaskedSegment", "PII_PREFIX", "mask_personal_data", "restore_personal_data", "masked_kinds"]

#: ``Code.type`` prefix of masked personal data.
PII_PREFIX = "pii:"
#: Codes extraction made of personal data (never sent to MT either); counted as masked.
_PERSONAL_CODE_TYPES = {"email"}


@dataclass(frozen=True, slots=True)
class MaskedSegment:
    segment: Segment
    kinds: Counter[str] = field(default_factory=Counter)  # masked items per kind


def mask_personal_data(segment: Segment, finder: PIIFinder, locale: Locale) -> MaskedSegment:
    """``segment`` with personal data in its text as ``pii:<kind>`` codes, and what was masked."""
    taken = {code.id for code in segment.codes}
    numbers = (f"p{n}" for n in range(1, 1_000_000) if f"p{n}" not in taken)
    kinds: Counter[str] = Counter(c.type for c in segment.codes if c.type in _PERSONAL_CODE_TYPES)
    parts: list[Part] = []
    for part in segment.parts:
        if isinstance(part, Code):
            parts.append(part)
            continue
        pos = 0
        for span in finder.find(part, locale):
            parts.append(part[pos : span.start])
            parts.append(Code(next(numbers), CodeKind.STANDALONE, part[span.start : span.end], PII_PREFIX + span.kind))
            kinds[span.kind] += 1
            pos = span.end
        parts.append(part[pos:])
    return MaskedSegment(Segment(tuple(parts)), kinds)


def restore_personal_data(segment: Segment) -> Segment:
    """Put the original text back where personal data was masked."""
    return Segment(tuple(_restored(part) for part in segment.parts))


def _restored(part: Part) -> Part:
    return part.data if isinstance(part, Code) and part.type.startswith(PII_PREFIX) else part


def masked_kinds(segment: Segment) -> list[str]:
    """The kinds of personal data masked in ``segment``, in order."""
    return [code.type[len(PII_PREFIX):] for code in segment.codes if code.type.startswith(PII_PREFIX)]
