"""How good a stored translation is for a new segment, in points, and why.

The text is scored first, the codes after (so markup can neither hide a
perfect match nor drown a good one):

* same plain text: 100;
* the same words with only whitespace, case or punctuation different: 99,
  98, 97 (the worst difference counts);
* the same words with only numbers different: 100 less 1 per number, with
  the new numbers filled into the translation (*adapted*); 2 per number when
  the translation writes it differently and cannot be adapted;
* otherwise a fuzzy score: rapidfuzz's normalized Levenshtein similarity
  over word tokens (one changed word in ten costs ten points), less 1 per
  number that differs.

Then the codes: the stored translation is rewritten with the new segment's
codes (:func:`tm.codes.remap_target`); a placeable of another value costs 1
and counts as an adaptation, a missing or extra code 2, at most 10 in all.
A perfect score with the same context becomes 101.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from locflow.model import Segment
from tm.codes import remap_target
from tm.model import CONTEXT_SCORE, EXACT_SCORE, MatchType, TMContext
from tm.normalize import NUMBER, MatchKey, Words, match_key, numbers_in, replace_numbers

__all__ = ["Query", "Scored", "score"]

_NUMBER_ADAPTED = 1
_NUMBER_KEPT = 2
_NUMBER_DIFFERS = 1


@dataclass(frozen=True, slots=True)
class Query:
    """A segment being looked up, with its keys and where it sits."""

    segment: Segment
    key: MatchKey
    context: TMContext | None = None

    @classmethod
    def of(cls, segment: Segment, scope: int, context: TMContext | None = None) -> Query:
        """The query for ``segment`` in the language pair ``scope`` (see :func:`tm.entries.scope_of`)."""
        return cls(segment, match_key(segment, scope), context)


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    match_type: MatchType
    target: Segment
    adapted: bool
    reasons: tuple[str, ...]


def _variant(new: str, stored: str) -> tuple[int, str | None]:
    """Points lost to whitespace, case or punctuation differences between equal words."""
    if new == stored:
        return 0, None
    if new.split() == stored.split():
        return 1, "whitespace differs"
    if " ".join(new.split()).casefold() == " ".join(stored.split()).casefold():
        return 2, "case differs"
    return 3, "punctuation differs"


def adapt_numbers(target: Segment, changes: dict[str, str], stored_numbers: tuple[str, ...]) -> Segment | None:
    """The target with each number in ``changes`` replaced.

    ``None`` when a number is not in the target as often as in the stored
    source (written another way, or used twice): then it is not safe to guess.
    """
    found = numbers_in("".join(target.iter_text()))
    if any(found.count(old) != stored_numbers.count(old) for old in changes):
        return None
    return target.map_text(lambda part: NUMBER.sub(lambda m: changes.get(m.group(), m.group()), part))


def _number_changes(new: tuple[str, ...], stored: tuple[str, ...]) -> dict[str, str] | None:
    """Stored number -> new number, when the pairing is unambiguous."""
    changes: dict[str, str] = {}
    for old, fresh in zip(stored, new):
        if old != fresh and changes.setdefault(old, fresh) != fresh:
            return None
    for old, fresh in zip(stored, new):
        if old == fresh and old in changes:
            return None
    return changes


def _differing_numbers(new: tuple[str, ...], stored: tuple[str, ...]) -> int:
    remaining = list(stored)
    missing = 0
    for number in new:
        if number in remaining:
            remaining.remove(number)
        else:
            missing += 1
    return max(missing, len(remaining))


def score(query: Query, source: Segment, source_key: MatchKey | Words, target: Segment, context: TMContext | None) -> Scored:
    """Score the stored pair (``source``, ``target``) for ``query``; see the module docstring.

    Of the stored source's keys only the plain text and the tokens count.
    """
    reasons: list[str] = []
    adapted = False
    offered = target
    new, stored = query.key, source_key
    if new.plain == stored.plain:
        text_score = EXACT_SCORE
    elif new.tokens == stored.tokens:
        new_numbers, stored_numbers = numbers_in(new.plain), numbers_in(stored.plain)
        penalty = 0
        if new_numbers != stored_numbers and len(new_numbers) == len(stored_numbers):
            changes = _number_changes(new_numbers, stored_numbers)
            result = adapt_numbers(target, changes, stored_numbers) if changes else None
            differing = sum(1 for a, b in zip(new_numbers, stored_numbers) if a != b)
            if result is not None:
                offered, adapted = result, True
                penalty = _NUMBER_ADAPTED * differing
                reasons.append("numbers adapted: " + ", ".join(f"{a} -> {b}" for a, b in changes.items()))
            else:
                penalty = _NUMBER_KEPT * differing
                reasons.append("numbers differ")
            compared = replace_numbers(stored.plain, new_numbers)
        else:
            compared = stored.plain
            if new_numbers != stored_numbers:
                penalty = _NUMBER_KEPT * _differing_numbers(new_numbers, stored_numbers)
                reasons.append("numbers differ")
        variant, why = _variant(new.plain, compared)
        if why:
            reasons.append(why)
        text_score = EXACT_SCORE - variant - penalty
    else:
        text_score = 100.0 * Levenshtein.normalized_similarity(new.tokens, stored.tokens)
        differing = _differing_numbers(numbers_in(new.plain), numbers_in(stored.plain))
        if differing:
            text_score -= _NUMBER_DIFFERS * differing
            reasons.append("numbers differ")
        text_score = min(text_score, EXACT_SCORE - 1)
    offered, codes = remap_target(query.segment, source, offered)
    if codes.penalty:
        reasons.append(_describe_codes(len(codes.changed), len(codes.unmatched_reference), len(codes.unmatched_other)))
    if codes.changed:
        adapted = True
    value = round(max(text_score - codes.penalty, 0.0), 2)
    if value >= EXACT_SCORE and query.context is not None and query.context == context:
        return Scored(CONTEXT_SCORE, MatchType.CONTEXT, offered, adapted, tuple(reasons))
    kind = MatchType.EXACT if value >= EXACT_SCORE else MatchType.FUZZY
    return Scored(value, kind, offered, adapted, tuple(reasons))


def _describe_codes(changed: int, missing: int, extra: int) -> str:
    words = []
    if changed:
        words.append(f"{changed} placeable(s) adapted")
    if missing:
        words.append(f"{missing} code(s) not in the stored source")
    if extra:
        words.append(f"{extra} stored code(s) not in the new source")
    return "codes differ: " + ", ".join(words)

