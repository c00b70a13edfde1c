"""What happens when a translated segment from a file meets the stored translation.

The rules that keep a person's work safe, as one pure function
(:func:`decide`), so they can be read in one place and tested on their own:

1. **Same as stored**: nothing to do. A file may raise the state of such a
   segment only when it is a reviewer's (``--as``, or a review package):
   a CAT tool that stamps ``translated`` on every unit it saves must not
   confirm drafts nobody read.
2. **A version the package already carried** (the target exported, or one an
   earlier import of the same package applied): unchanged, whatever state
   the file claims. Re-importing an old or untouched package changes nothing.
3. **Edited in the file**: applied, unless that would lose work:

   * the stored translation changed since the export (and a person made it):
     a conflict, reported and not applied;
   * the store holds a human translation this file never saw: a conflict;
   * the file would replace a human translation with a draft, or lower its
     state (approved by translated, say): a conflict.

   ``force`` applies conflicts anyway. An edited target the file still marks
   as a draft is stored as ``fuzzy`` (a person's draft), never as ``mt``.

Targets are compared by :func:`~locflow.exchange.validate.target_fingerprint`
(text and codes, whitespace loosely), so a tool that re-flows spaces does not
turn an untouched target into an edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from locflow.exchange.report import Outcome
from locflow.exchange.validate import target_fingerprint
from locflow.model import DONE_STATES, Segment, State

__all__ = ["Policy", "Decision", "Reason", "Current", "decide", "claimed_state"]


class Reason(StrEnum):
    """Why a segment was left unchanged or held back; the values appear in reports."""

    SAME_AS_STORED = "same-as-stored"
    AS_EXPORTED = "as-exported"
    STATE_ONLY = "state-only"
    TARGET_CHANGED = "target-changed"
    UNSEEN_TRANSLATION = "unseen-translation"
    WOULD_DEMOTE = "would-replace-human"
    LOWER_STATE = "lower-state"


_MESSAGES = {
    Reason.SAME_AS_STORED: "the target is the stored one",
    Reason.AS_EXPORTED: "the file carries a version this package already had; the store has moved on",
    Reason.STATE_ONLY: "the text was not edited; a state in the file alone does not confirm a draft "
    "(import with --as translated to accept such confirmations)",
    Reason.TARGET_CHANGED: "the stored translation changed since this package was exported, and the file changed it too "
    "(--force applies the file's version)",
    Reason.UNSEEN_TRANSLATION: "the store holds a human translation this file did not start from",
    Reason.WOULD_DEMOTE: "the file would replace a human translation with a draft",
    Reason.LOWER_STATE: "the file would lower the state",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """How an import treats what files claim.

    ``as_state``: every segment the file marks as done takes this state (a
    reviewer's ``--as reviewed``). ``honour_claims``: raised states on
    unedited targets count (a review package). ``file_origin``: the origin
    this file's translations are stored with, to recognise the file's own
    earlier import when it carries no package id.
    """

    force: bool = False
    as_state: State | None = None
    honour_claims: bool = False
    file_origin: str = ""


@dataclass(frozen=True, slots=True)
class Current:
    """The stored translation a decision starts from."""

    target: Segment
    state: State
    origin: str

    @property
    def fingerprint(self) -> str:
        return target_fingerprint(self.target)

    @property
    def is_human(self) -> bool:
        return self.state in DONE_STATES or self.origin.startswith("human:")


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    state: State | None = None
    reason: Reason | None = None

    @property
    def message(self) -> str:
        if self.reason is None:
            return ""
        text = _MESSAGES[self.reason]
        if self.reason == Reason.LOWER_STATE and self.state is not None:
            return f"{text} to {self.state.value}"
        return text


def claimed_state(state: State | None, policy: Policy) -> State:
    """The state a file claims for a non-empty target, after ``--as``."""
    claimed = state if state not in (None, State.NEW) else State.TRANSLATED
    if policy.as_state is not None and claimed in DONE_STATES:
        return policy.as_state
    return claimed


def decide(target: Segment, claimed: State, current: Current | None, known: frozenset[str] | None, policy: Policy) -> Decision:
    """The fate of one translated segment (see the module docstring for the rules).

    ``known`` is every target fingerprint the file's package has carried for
    this segment (:meth:`locflow.store.ExportLog.known_targets`), or ``None``
    when the segment was never exported (another tool's file).
    """
    fingerprint = target_fingerprint(target)
    if current is not None and fingerprint == current.fingerprint:
        return _same_as_stored(claimed, current, policy)
    if known is not None and fingerprint in known:
        return Decision(Outcome.UNCHANGED, current.state if current else None, Reason.AS_EXPORTED)
    return _edited(claimed, current, known, policy)


def _same_as_stored(claimed: State, current: Current, policy: Policy) -> Decision:
    may_raise = policy.as_state is not None or policy.honour_claims
    if claimed in DONE_STATES and claimed.rank > current.state.rank:
        if may_raise:
            return Decision(Outcome.APPLIED, claimed)
        return Decision(Outcome.UNCHANGED, current.state, Reason.STATE_ONLY)
    return Decision(Outcome.UNCHANGED, current.state, Reason.SAME_AS_STORED)


def _edited(claimed: State, current: Current | None, known: frozenset[str] | None, policy: Policy) -> Decision:
    state = _edited_state(claimed)
    if current is None or current.state == State.NEW or policy.force:
        return Decision(Outcome.APPLIED, state)
    held = _held_back(state, current, known, policy)
    if held is not None:
        return Decision(Outcome.CONFLICT, state, held)
    return Decision(Outcome.APPLIED, state)


def _edited_state(claimed: State) -> State:
    """An edited target keeps a done state (``tm`` was the tool's old label: translated);
    one the file still marks as a draft is a person's draft."""
    if claimed == State.TM:
        return State.TRANSLATED
    return claimed if claimed in DONE_STATES else State.FUZZY


def _held_back(state: State, current: Current, known: frozenset[str] | None, policy: Policy) -> Reason | None:
    if known is not None and current.fingerprint not in known and current.is_human:
        return Reason.TARGET_CHANGED
    if known is None and current.state in DONE_STATES and current.origin != policy.file_origin:
        return Reason.UNSEEN_TRANSLATION
    if current.state in DONE_STATES and state not in DONE_STATES:
        return Reason.WOULD_DEMOTE
    if current.state in DONE_STATES and state.rank < current.state.rank:
        return Reason.LOWER_STATE
    return None
