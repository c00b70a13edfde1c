"""Inline codes across two segments: which code of one is which code of the other.

A code *group* is what shares an id within a segment: an opening and a
closing code (``<b>`` ... ``</b>``), or a standalone code (``{name}``). Groups
of two segments are aligned in passes, most certain first:

1. the same explicit link (TMX ``x`` attributes, kept in ids starting with ``x``),
2. the same shape and the same markup,
3. the same shape and the same type (``{name}`` for ``{user}``: a placeholder),
4. the same shape (``<b>..</b>`` for ``<i>..</i>``).

Alignment serves two ends. Storing: a translation's codes are renumbered to
follow its source (:func:`canonical_pair`), so equal translations compare
equal whatever ids a tool gave them. Offering: a stored target is rewritten
with the *new* source's codes (:func:`remap_target`), so the draft carries
the markup of the document it goes into, and the differences cost points.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace

from locflow.model import Code, CodeKind, Segment

__all__ = [
    "LINK_PREFIX",
    "CodeAlignment",
    "align_codes",
    "canonical_pair",
    "codes_equal",
    "remap_target",
]

#: Ids starting with this carry an explicit cross-segment link (TMX ``x``).
LINK_PREFIX = "x"

_PENALTY_ADAPTED = 1
_PENALTY_UNMATCHED = 2
#: Markup never costs more than this: the words are what makes a match useful.
MAX_CODE_PENALTY = 10


@dataclass(frozen=True, slots=True)
class _Group:
    id: str
    shape: tuple[CodeKind, ...]
    data: tuple[str, ...]
    type: str


def _groups(segment: Segment) -> list[_Group]:
    """The code groups of ``segment`` in order of first appearance."""
    order: list[str] = []
    members: dict[str, list[Code]] = {}
    for code in segment.codes:
        if code.id not in members:
            order.append(code.id)
            members[code.id] = []
        members[code.id].append(code)
    return [
        _Group(
            id=gid,
            shape=tuple(c.kind for c in members[gid]),
            data=tuple(c.data for c in members[gid]),
            type=members[gid][0].type,
        )
        for gid in order
    ]


@dataclass(frozen=True, slots=True)
class CodeAlignment:
    """Which group of ``other`` is which group of ``reference`` (by id)."""

    mapping: dict[str, str]
    changed: frozenset[str]
    unmatched_reference: tuple[str, ...]
    unmatched_other: tuple[str, ...]

    @property
    def penalty(self) -> int:
        """Points a match loses for its codes: 1 per adapted group, 2 per missing or extra one."""
        points = _PENALTY_ADAPTED * len(self.changed) + _PENALTY_UNMATCHED * (
            len(self.unmatched_reference) + len(self.unmatched_other)
        )
        return min(points, MAX_CODE_PENALTY)


def _pair_pass(
    reference: list[_Group],
    other: list[_Group],
    mapping: dict[str, str],
    key: Callable[[_Group], Hashable | None],
) -> None:
    """Pair still-free groups with equal ``key``, in order of appearance."""
    taken = set(mapping.values())
    waiting: dict[object, list[str]] = {}
    for group in reference:
        if group.id not in taken:
            k = key(group)
            if k is not None:
                waiting.setdefault(k, []).append(group.id)
    for group in other:
        if group.id in mapping:
            continue
        k = key(group)
        if k is not None and waiting.get(k):
            mapping[group.id] = waiting[k].pop(0)


def align_codes(reference: Segment, other: Segment, *, by_link: bool = False) -> CodeAlignment:
    """Align the code groups of ``other`` to those of ``reference``."""
    return _align(_groups(reference), _groups(other), by_link=by_link)


def _align(ref_groups: list[_Group], other_groups: list[_Group], *, by_link: bool) -> CodeAlignment:
    if not by_link and _alike(ref_groups, other_groups):
        # What the passes below find for the same codes in the same order, the commonest case.
        return CodeAlignment({o.id: r.id for r, o in zip(ref_groups, other_groups)}, frozenset(), (), ())
    mapping: dict[str, str] = {}
    if ref_groups and other_groups:
        if by_link:
            _pair_pass(ref_groups, other_groups, mapping, lambda g: g.id if g.id.startswith(LINK_PREFIX) else None)
        _pair_pass(ref_groups, other_groups, mapping, lambda g: (g.shape, g.data))
        _pair_pass(ref_groups, other_groups, mapping, lambda g: (g.shape, g.type))
        _pair_pass(ref_groups, other_groups, mapping, lambda g: g.shape)
    ref_by_id = {g.id: g for g in ref_groups}
    changed = frozenset(
        g.id for g in other_groups if g.id in mapping and ref_by_id[mapping[g.id]].data != g.data
    )
    matched_ref = set(mapping.values())
    return CodeAlignment(
        mapping=mapping,
        changed=changed,
        unmatched_reference=tuple(g.id for g in ref_groups if g.id not in matched_ref),
        unmatched_other=tuple(g.id for g in other_groups if g.id not in mapping),
    )


def _alike(reference: list[_Group], other: list[_Group]) -> bool:
    """The same codes (shape and markup) in the same order."""
    return len(reference) == len(other) and all(
        r.shape == o.shape and r.data == o.data for r, o in zip(reference, other)
    )


def _renumber(segment: Segment, mapping: dict[str, str]) -> Segment:
    if all(old == new for old, new in mapping.items()):
        return segment
    return Segment(tuple(replace(p, id=mapping[p.id]) if isinstance(p, Code) else p for p in segment.parts))


def canonical_pair(source: Segment, target: Segment) -> tuple[Segment, Segment]:
    """Renumber codes ``1, 2, ...`` in source order; the target's follow their source group.

    Target groups without a source counterpart get the next free numbers, in
    order. Two stored translations that differ only in code ids become equal.
    """
    source_groups, target_groups = _groups(source), _groups(target)
    if not source_groups and not target_groups:
        return source, target
    new_id = {group.id: str(i) for i, group in enumerate(source_groups, 1)}
    alignment = _align(source_groups, target_groups, by_link=True)
    target_ids: dict[str, str] = {}
    next_free = len(source_groups) + 1
    for group in target_groups:
        if group.id in alignment.mapping:
            target_ids[group.id] = new_id[alignment.mapping[group.id]]
        else:
            target_ids[group.id] = str(next_free)
            next_free += 1
    return _renumber(source, new_id), _renumber(target, target_ids)


def _codes_by_key(segment: Segment) -> dict[tuple[str, CodeKind], Code]:
    return {(c.id, c.kind): c for c in segment.codes}


def remap_target(new_source: Segment, stored_source: Segment, stored_target: Segment) -> tuple[Segment, CodeAlignment]:
    """Rewrite ``stored_target`` with the codes of ``new_source``.

    Each target code whose group aligns with a group of the new source becomes
    that group's code of the same kind (its id, markup, type). Target codes
    with no counterpart are left out, so the draft never carries markup the new
    document does not have; the alignment says what differed.
    """
    alignment = align_codes(new_source, stored_source)
    if not alignment.mapping and not stored_target.codes:
        return stored_target, alignment
    new_codes = _codes_by_key(new_source)
    parts: list[str | Code] = []
    for part in stored_target.parts:
        if not isinstance(part, Code):
            parts.append(part)
            continue
        group = alignment.mapping.get(part.id)
        code = new_codes.get((group, part.kind)) if group is not None else None
        if code is not None:
            parts.append(code)
    return Segment(tuple(parts)), alignment


def codes_equal(a: Iterable[Code], b: Iterable[Code]) -> bool:
    """Same codes in the same order, ids aside."""
    return [(c.kind, c.data, c.type) for c in a] == [(c.kind, c.data, c.type) for c in b]
