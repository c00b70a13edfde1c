"""Translation states and origins.

A (segment, locale) pair moves ``new -> mt | fuzzy | tm -> translated ->
reviewed -> approved``; ``stale`` marks a translation whose source changed
under it (the old target is kept as a candidate).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["State", "Origin", "USABLE_STATES", "DONE_STATES"]


class State(StrEnum):
    NEW = "new"
    MT = "mt"
    FUZZY = "fuzzy"
    TM = "tm"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    STALE = "stale"

    @property
    def rank(self) -> int:
        """Higher is more trusted; a lower-ranked draft never overwrites a higher one."""
        return _RANK[self]


_RANK = {
    State.NEW: 0,
    State.STALE: 1,
    State.MT: 2,
    State.FUZZY: 3,
    State.TM: 4,
    State.TRANSLATED: 5,
    State.REVIEWED: 6,
    State.APPROVED: 7,
}

#: States whose target is good enough to ship in a build.
USABLE_STATES = frozenset({State.MT, State.TM, State.TRANSLATED, State.REVIEWED, State.APPROVED})
#: States a person has confirmed; these feed the TM and exact-match propagation.
DONE_STATES = frozenset({State.TRANSLATED, State.REVIEWED, State.APPROVED})


class Origin:
    """Where a translation came from, as stored in the ``origin`` column."""

    TM = "tm"
    PROPAGATED = "propagated"
    TERMBASE = "termbase"

    @staticmethod
    def mt(provider: str) -> str:
        return f"mt:{provider}"

    @staticmethod
    def human(filename: str) -> str:
        return f"human:{filename}"
