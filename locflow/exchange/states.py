"""Translation states in each exchange format, both ways.

locflow's states (:class:`~locflow.model.State`) are finer than what XLIFF
and PO can say, so each format gets a pair of functions: ``to_<format>``
picks the closest standard value and adds a qualifier that lets a file
locflow wrote come back with the very same state; ``from_<format>`` reads
any tool's values. Three rules hold for every format:

* a segment without a target, or with an empty one, is ``NEW``;
* a non-empty target in a file that says nothing about state is ``TRANSLATED``
  (the XLIFF 2 default ``initial`` is not applied: tools such as Angular omit
  ``state`` on finished translations);
* drafts (``MT``, ``FUZZY``, ``STALE``) are written so that tools show them as
  needing work: XLIFF 1.2 ``needs-review-translation``, XLIFF 2 ``initial``,
  PO ``fuzzy``.

The full tables are in ``docs/exchange.md``.
"""

from __future__ import annotations

from locflow.model import State

__all__ = [
    "to_xliff12",
    "from_xliff12",
    "to_xliff2",
    "from_xliff2",
    "to_po",
    "from_po",
    "SUBSTATE_PREFIX",
]

#: Prefix of the XLIFF 2 ``subState`` values (and code ``subType`` values) locflow writes.
SUBSTATE_PREFIX = "locflow:"
_STALE_12 = "x-locflow-stale"

# -- XLIFF 1.2: state + state-qualifier ---------------------------------------------------

_TO_12: dict[State, tuple[str, str]] = {
    State.NEW: ("needs-translation", ""),
    State.STALE: ("needs-review-translation", _STALE_12),
    State.MT: ("needs-review-translation", "leveraged-mt"),
    State.FUZZY: ("needs-review-translation", "fuzzy-match"),
    State.TM: ("translated", "exact-match"),
    State.TRANSLATED: ("translated", ""),
    State.REVIEWED: ("signed-off", ""),
    State.APPROVED: ("final", ""),
}
_REVIEW_12 = {"needs-review-translation", "needs-review-l10n", "needs-review-adaptation"}
_TODO_12 = {"needs-translation", "new", "needs-l10n", "needs-adaptation"}
_MT_QUALIFIERS = {"leveraged-mt", "mt-suggestion"}
_TM_QUALIFIERS = {"exact-match", "id-match", "leveraged-tm", "leveraged-inherited", "leveraged-repository"}
_DRAFT_WORDS = ("needs", "review", "reject", "fuzzy", "draft")


def to_xliff12(state: State) -> tuple[str, str]:
    """``(state, state-qualifier)`` for a ``<target>``; the qualifier may be ``""``."""
    return _TO_12[state]


def from_xliff12(state: str | None, qualifier: str | None, *, has_target: bool, approved: bool = False) -> State:
    """Map a ``<target state state-qualifier>`` (and the unit's ``approved``) to a State."""
    if not has_target:
        return State.NEW
    qualifier = qualifier or ""
    if state == "final":
        return State.APPROVED
    if state == "signed-off":
        return State.REVIEWED
    if state == "translated":
        return State.TM if qualifier in _TM_QUALIFIERS else State.TRANSLATED
    if state in _REVIEW_12:
        if qualifier == _STALE_12:
            return State.STALE
        if qualifier in _MT_QUALIFIERS:
            return State.MT
        return State.FUZZY
    if state in _TODO_12:
        return State.NEW
    if state and any(word in state for word in _DRAFT_WORDS):
        return State.FUZZY  # values of other tools and XLIFF 1.1 (needs-work, rejected, unreviewed)
    return State.APPROVED if approved else State.TRANSLATED


# -- XLIFF 2: state + subState --------------------------------------------------------------

_TO_2: dict[State, tuple[str, str]] = {
    State.NEW: ("initial", ""),
    State.MT: ("initial", "mt"),
    State.FUZZY: ("initial", "fuzzy"),
    State.STALE: ("initial", "stale"),
    State.TM: ("translated", "tm"),
    State.TRANSLATED: ("translated", ""),
    State.REVIEWED: ("reviewed", ""),
    State.APPROVED: ("final", ""),
}
_DRAFTS = {State.MT, State.FUZZY, State.STALE}


def to_xliff2(state: State) -> tuple[str, str]:
    """``(state, subState)`` for a ``<segment>``; ``subState`` is ``""`` or ``locflow:<state>``."""
    value, sub = _TO_2[state]
    return value, SUBSTATE_PREFIX + sub if sub else ""


def from_xliff2(state: str | None, substate: str | None, *, has_target: bool) -> State:
    """Map a ``<segment state subState>`` to a State."""
    if not has_target:
        return State.NEW
    ours = None
    if substate and substate.startswith(SUBSTATE_PREFIX):
        try:
            ours = State(substate[len(SUBSTATE_PREFIX) :])
        except ValueError:
            ours = None
    if state == "initial":
        return ours if ours in _DRAFTS else State.FUZZY
    if state == "translated":
        return State.TM if ours is State.TM else State.TRANSLATED
    if state == "reviewed":
        return State.REVIEWED
    if state == "final":
        return State.APPROVED
    return State.TRANSLATED


# -- PO: the fuzzy flag + a "State:" extracted comment ----------------------------------------

_FUZZY_PO = {State.MT: "mt", State.FUZZY: "", State.STALE: "stale"}
_DONE_PO = {State.TM: "tm", State.TRANSLATED: "", State.REVIEWED: "reviewed", State.APPROVED: "approved"}


def to_po(state: State) -> tuple[bool, str]:
    """``(fuzzy, state_note)``: whether to flag the entry fuzzy, and the state to name in a comment."""
    if state in _FUZZY_PO:
        return True, _FUZZY_PO[state]
    return False, _DONE_PO.get(state, "")


def from_po(fuzzy: bool, state_note: str, *, has_target: bool) -> State:
    """Map a PO entry's fuzzy flag and ``State:`` comment (``""`` when absent) to a State.

    The comment only refines what the flag says: a translator who removes
    ``fuzzy`` from an MT draft makes it ``TRANSLATED`` whatever the comment.
    """
    if not has_target:
        return State.NEW
    try:
        noted = State(state_note) if state_note else None
    except ValueError:
        noted = None
    if fuzzy:
        return noted if noted in _DRAFTS else State.FUZZY
    return noted if noted in _DONE_PO else State.TRANSLATED
