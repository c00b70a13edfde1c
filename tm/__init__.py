"""Translation memory: exact, context and fuzzy leverage over SQL, TMX 1.4b in and out.

::

    from tm import TranslationMemory
    with TranslationMemory.open("sqlite:///.locflow/locflow.db") as memory:
        memory.import_tmx("memories/support.tmx")
        for match in memory.lookup(segment, Locale("en"), Locale("de-DE")):
            print(match.score, match.match_type, match.target.render())

Modules, in the order a lookup meets them: :mod:`tm.normalize` (matching
keys), :mod:`tm.lookup` (exact tier, fuzzy candidates), :mod:`tm.scoring` and
:mod:`tm.codes` (points and drafts), :mod:`tm.store` (the only SQL),
:mod:`tm.tmx` (the exchange format).
"""

from tm.lookup import SearchSettings
from tm.memory import DEFAULT_THRESHOLD, DELETE, TranslationMemory
from tm.model import (
    CONTEXT_SCORE,
    EXACT_SCORE,
    ImportStats,
    MatchType,
    ScrubStats,
    PairCount,
    TMContext,
    TMEntry,
    TMMatch,
    TMStats,
    unit_contexts,
)

__all__ = [
    "CONTEXT_SCORE",
    "DEFAULT_THRESHOLD",
    "DELETE",
    "EXACT_SCORE",
    "ImportStats",
    "MatchType",
    "PairCount",
    "ScrubStats",
    "SearchSettings",
    "TMContext",
    "TMEntry",
    "TMMatch",
    "TMStats",
    "TranslationMemory",
    "unit_contexts",
]
