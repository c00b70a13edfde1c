"""Which inline codes of a segment (or of a unit's segments) have their partner.

XLIFF has different elements for a paired code whose two ends are both
present (1.2 ``bpt``/``ept``; 2.x ``pc``, or ``sc``/``ec`` with ``startRef``)
and for an isolated one (1.2 ``it``; 2.x ``isolated="yes"``). locflow's
segments never split inside a paired code, but segments read from foreign
files may, so the writers ask these functions rather than assume.

Positions are ``(segment index, part index)`` pairs over a sequence of
segments: one side (sources or targets) of one unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from locflow.model import Code, CodeKind, Segment

__all__ = ["Position", "partners", "nested_pairs"]

Position = tuple[int, int]


def partners(segments: Sequence[Segment]) -> dict[Position, Position]:
    """Map each OPEN code to the CLOSE code that ends it, and back.

    A CLOSE ends the most recent unclosed OPEN with the same id, in the same
    or an earlier segment; codes left out have no partner on this side.
    """
    pending: dict[str, list[Position]] = {}
    found: dict[Position, Position] = {}
    for s, segment in enumerate(segments):
        for p, part in enumerate(segment.parts):
            if not isinstance(part, Code) or part.kind == CodeKind.STANDALONE:
                continue
            if part.kind == CodeKind.OPEN:
                pending.setdefault(part.id, []).append((s, p))
            elif pending.get(part.id):
                opening = pending[part.id].pop()
                found[opening] = (s, p)
                found[(s, p)] = opening
    return found


def nested_pairs(parts: Sequence[object]) -> dict[int, int]:
    """OPEN index -> CLOSE index for the pairs of one segment that nest properly.

    These can be written as one element wrapping their content (XLIFF 2
    ``pc``); a pair that overlaps another (``<1><2></1></2>``) or has an end
    elsewhere is left out and written as separate start and end codes.
    """
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, part in enumerate(parts):
        if not isinstance(part, Code):
            continue
        if part.kind == CodeKind.OPEN:
            stack.append(index)
        elif part.kind == CodeKind.CLOSE:
            if stack and parts[stack[-1]].id == part.id:  # type: ignore[attr-defined]
                pairs[stack.pop()] = index
                continue
            for depth in range(len(stack) - 1, -1, -1):
                if parts[stack[depth]].id == part.id:  # type: ignore[attr-defined]
                    del stack[depth]
                    break
    return pairs
