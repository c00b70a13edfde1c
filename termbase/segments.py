"""What recognised terms do to a segment: protect DNT terms, fill a term-only segment, build an MT glossary.

All pure functions of a :class:`~locflow.model.Segment` and the
:class:`~termbase.model.TermHit` objects found in it
(:meth:`~termbase.recognize.Recognizer.find_in_segment`):

* :func:`protect_dnt` turns every do-not-translate term into a standalone
  code (type :data:`DNT_CODE_TYPE`), which MT masking hands to the engine as
  a tag it cannot translate; :func:`restore_dnt` turns such codes back into
  text. ``restore_dnt(protect_dnt(s, hits)) == s``.
* :func:`term_fill` gives the target of a segment that is nothing but a
  term (a button, a menu label): the approved target term.
* :func:`mt_glossary` is the glossary MT engines get for one segment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from locflow.model import Code, CodeKind, Part, Segment
from termbase.model import TermHit

__all__ = ["DNT_CODE_TYPE", "protect_dnt", "restore_dnt", "term_fill", "mt_glossary"]

#: ``Code.type`` of a do-not-translate term protected by :func:`protect_dnt`.
DNT_CODE_TYPE = "term-dnt"


def protect_dnt(segment: Segment, hits: Sequence[TermHit]) -> Segment:
    """The segment with every DNT term's text held in a standalone code."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for hit in hits:
        if hit.dnt:
            spans.setdefault(hit.part, []).append((hit.start, hit.end))
    if not spans:
        return segment
    used = {code.id for code in segment.codes}
    number = 0
    parts: list[Part] = []
    for index, part in enumerate(segment.parts):
        if not isinstance(part, str) or index not in spans:
            parts.append(part)
            continue
        position = 0
        for start, end in sorted(set(spans[index])):
            if start < position:
                continue  # overlaps the previous span (two concepts share a term)
            number += 1
            while f"dnt{number}" in used:
                number += 1
            parts.append(part[position:start])
            parts.append(Code(f"dnt{number}", CodeKind.STANDALONE, part[start:end], type=DNT_CODE_TYPE, disp=part[start:end]))
            position = end
        parts.append(part[position:])
    return Segment(tuple(parts))


def restore_dnt(segment: Segment) -> Segment:
    """The segment with the codes :func:`protect_dnt` made turned back into text."""
    if not any(isinstance(p, Code) and p.type == DNT_CODE_TYPE for p in segment.parts):
        return segment
    return Segment(tuple(p.data if isinstance(p, Code) and p.type == DNT_CODE_TYPE else p for p in segment.parts))


def term_fill(segment: Segment, hits: Sequence[TermHit]) -> Segment | None:
    """The target of a segment that is exactly one term (surrounding spaces aside), else None.

    The source must be the term itself, not an inflected form (``Accounts``
    is not filled with the singular target term), and the concept must
    have an approved target term (or be do-not-translate).
    """
    lead, core, trail = segment.strip()
    if len(core.parts) != 1 or not isinstance(core.parts[0], str):
        return None
    text = core.parts[0]
    for hit in hits:
        source = hit.source_term.text
        if hit.target and text.casefold() == source.casefold() and segment.parts[hit.part][hit.start : hit.end] == text:
            target = text if hit.dnt else hit.target
            return Segment.of(lead, target, trail)
    return None


def mt_glossary(hits: Sequence[TermHit]) -> Mapping[str, str]:
    """Source term -> approved target term for the segment's terms (DNT terms are codes instead)."""
    glossary: dict[str, str] = {}
    for hit in hits:
        if not hit.dnt and hit.targets:
            glossary.setdefault(hit.source_term.text, hit.targets[0].text)
    return glossary
