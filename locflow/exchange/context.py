"""The context translators see as notes or comments, worded once for every format.

XLIFF 2 has modules for term hints and TM matches; XLIFF 1.2 and PO only
have notes and comments. These functions say the same things the same way
wherever they end up, so a translator switching formats reads the same hints.
"""

from __future__ import annotations

from locflow.exchange.base import ExportSegment, ExportUnit, MatchOffer, TermHint
from locflow.model import Segment

__all__ = [
    "unit_context",
    "term_line",
    "match_line",
    "segment_label",
    "segment_notes",
    "previous_source_line",
]


def unit_context(unit: ExportUnit) -> list[str]:
    """The unit's note, content kind and length limit, one line each."""
    lines = [line for line in unit.note.splitlines() if line.strip()]
    if unit.kind:
        lines.append(f"Kind: {unit.kind}")
    if unit.max_length:
        lines.append(f"Maximum length: {unit.max_length} characters")
    return lines


def term_line(term: TermHint) -> str:
    """``Term: refund -> Rückerstattung [preferred] (note)``; forbidden terms say so."""
    if term.forbidden:
        line = f"Forbidden term: do not use {term.target_term or term.source_term!r}"
        if term.target_term and term.source_term:
            line += f" for {term.source_term!r}"
    else:
        line = f"Term: {term.source_term} -> {term.target_term}" if term.target_term else f"Term: {term.source_term}"
        if term.status:
            line += f" [{term.status}]"
    return f"{line} ({term.note})" if term.note else line


def match_line(match: MatchOffer, rendered_target: str) -> str:
    """``TM 87% (tm): Zielsatz`` or ``MT (mt:deepl): Zielsatz``."""
    label = "MT" if match.is_mt else f"TM {match.score:g}%"
    origin = f" ({match.origin})" if match.origin else ""
    return f"{label}{origin}: {rendered_target}"


def segment_label(unit: ExportUnit, segment: ExportSegment) -> str:
    """``""`` for a unit of one segment, else ``Segment 2: `` to prefix segment notes."""
    return f"Segment {segment.index + 1}: " if len(unit.segments) > 1 or segment.index else ""


def previous_source_line(previous: Segment) -> str:
    return f"Previous source: {previous.render()}"


def segment_notes(unit: ExportUnit, segment: ExportSegment) -> list[str]:
    """A segment's own note, labelled with its position when the unit has several."""
    label = segment_label(unit, segment)
    return [label + line for line in segment.note.splitlines() if line.strip()]
