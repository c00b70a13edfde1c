"""One finding per defect: when two checks report the same thing, the report keeps one.

Checks meet at their edges: a ``%d`` is a printf and a Python directive, a ``<b>``
in an XLIFF unit may be an inline code and a tag written as text, a closing tag
that is missing also leaves the markup unbalanced. Two findings of different
checks on one unit (one plural form) report one defect when

* they are about the same subject (:attr:`Issue.subject`: ``%d``, ``<b>``, a URL), or
* both checks look for tokens (placeholders, codes, tags, URLs, terms, numbers: the
  checks of :data:`SPECIFIC_FIRST`) and their spans in the target overlap, or
* one is the consequence of the other (:data:`SUPERSEDED_BY`: a tag that does not
  nest because one is missing).

The report keeps the finding of the more specific check, the one that says what
to fix: the earlier in :data:`SPECIFIC_FIRST`.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa_checks.base import Issue

__all__ = ["one_per_defect", "SPECIFIC_FIRST", "SUPERSEDED_BY"]

#: check ids from the most specific: a syntax named by a flag or recognised for sure
#: before a general one, inline codes of the file before tags found in text, what a
#: string holds (URL, e-mail, name) before the numbers in it
SPECIFIC_FIRST = (
    "placeholder-icu",
    "placeholder-rasa",
    "placeholder-template",
    "placeholder-python",
    "placeholder-printf",
    "placeholder-brace",
    "icu-syntax",
    "icu-plural",
    "po-plural-count",
    "code-missing",
    "code-extra",
    "tag-missing",
    "tag-extra",
    "code-order",
    "markup-wellformed",
    "url",
    "email",
    "term-dnt",
    "term-forbidden",
    "term-missing",
    "numbers",
)
_RANK = {check: rank for rank, check in enumerate(SPECIFIC_FIRST)}

#: findings that only restate another check's finding on the same unit
SUPERSEDED_BY = {
    "markup-wellformed": frozenset({"tag-missing", "tag-extra", "code-missing", "code-extra"}),
    "code-order": frozenset({"code-missing", "code-extra"}),
}


def one_per_defect(issues: Sequence[Issue]) -> list[Issue]:
    """The findings of one unit (or plural form), in order, without those that report
    the defect of a finding of a more specific check."""
    checks = {issue.check for issue in issues}
    if len(checks) < 2:
        return list(issues)
    return [issue for issue in issues if not _reported_better(issue, issues, checks)]


def _reported_better(issue: Issue, issues: Sequence[Issue], checks: set[str]) -> bool:
    if not SUPERSEDED_BY.get(issue.check, frozenset()).isdisjoint(checks):
        return True
    rank = _RANK.get(issue.check, len(_RANK))
    return any(
        other.check != issue.check and _RANK.get(other.check, len(_RANK)) < rank and _same_defect(issue, other)
        for other in issues
    )


def _same_defect(one: Issue, other: Issue) -> bool:
    if one.subject and one.subject == other.subject:
        return True
    if one.span is None or other.span is None or one.check not in _RANK:
        return False
    return one.span[0] < other.span[1] and other.span[0] < one.span[1]
