"""Terminology against the termbase: approved terms used, forbidden terms avoided, DNT terms intact.

The termbase is anything with ``find_terms(source_text, source_locale,
target_locale) -> [TermHit]`` (see :class:`qa_checks.base.Termbase`); without
one these checks are silent. A termbase that can also find a term in a
translation the way it recognises terms in a source (:class:`TargetTermFinder`:
inflected forms, whole words, case rules) is asked to, so ``Konten`` counts as
``Konto``; otherwise :func:`contains_term` looks for the term itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, runtime_checkable

import regex

from locflow.model import Locale
from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, MQMSeverity, Severity, TermHit
from qa_checks.batch import Batch, indices

__all__ = ["TermMissing", "TermForbidden", "TermDNT", "contains_term", "TargetTermFinder"]


@runtime_checkable
class TargetTermFinder(Protocol):
    """A termbase that finds a target term in a translation (inflected forms count)."""

    def locate(self, text: str, term: str, locale: Locale) -> tuple[int, int] | None: ...

_ACCOUNT = TermHit("account", approved_targets=("Konto",), forbidden_targets=("Account",), deprecated_targets=("Benutzerkonto",))
_CLOUDSYNC = TermHit("CloudSync", dnt=True)


def _pattern(term: str, *, inflected: bool) -> regex.Pattern[str]:
    # a term starts at a word boundary; in inflected languages it may take an ending (Konto -> Kontos)
    ending = r"[\p{L}]{0,3}" if inflected else ""
    return regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(term) + ending + r"(?![\p{L}\p{N}])", regex.I)


_CACHE: dict[tuple[str, bool], regex.Pattern[str]] = {}
# scripts without spaces: a term is found anywhere in the text
_UNSPACED = {"ja", "zh", "th", "lo", "km", "my"}


def contains_term(text: str, term: str, language: str, *, inflected: bool = True) -> tuple[int, int] | None:
    """Where ``term`` occurs in ``text`` as a word (case-insensitive), or None."""
    if language in _UNSPACED:
        at = text.lower().find(term.lower())
        return (at, at + len(term)) if at >= 0 else None
    key = (term, inflected)
    pattern = _CACHE.get(key)
    if pattern is None:
        pattern = _CACHE[key] = _pattern(term, inflected=inflected)
    match = pattern.search(text)
    return match.span() if match else None


def _find(ctx: CheckContext, unit: CheckedUnit, term: str) -> tuple[int, int] | None:
    """Where ``term`` occurs in the unit's target: by the termbase's own rules when it has them."""
    if isinstance(ctx.termbase, TargetTermFinder):
        return ctx.termbase.locate(unit.target_text, term, unit.target_locale)
    return contains_term(unit.target_text, term, unit.target_locale.language)


class _TermCheck(Check):
    """The terminology checks read the target's words: an empty target has none."""

    needs_termbase = True

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return indices(batch.targets)


class TermMissing(_TermCheck):
    id = "term-missing"
    description = "Where the source has a termbase term, the target uses one of its approved translations."
    severity = Severity.WARNING
    category = Category.TERMINOLOGY
    good = (
        Example("Delete your account", "Löschen Sie Ihr Konto", terms=(_ACCOUNT,)),
        Example("Your account's settings", "Die Einstellungen Ihres Kontos", terms=(_ACCOUNT,)),
    )
    bad = (Example("Delete your account", "Löschen Sie Ihr Benutzerprofil", terms=(_ACCOUNT,)),)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ctx.termbase is None or not unit.target_text:
            return []
        issues = []
        for hit in ctx.terms(unit):
            if hit.dnt or not hit.approved_targets:
                continue
            if not any(_find(ctx, unit, t) for t in hit.approved_targets):
                wanted = " or ".join(f"'{t}'" for t in hit.approved_targets)
                issues.append(self.issue(unit, f"'{hit.source_term}' should be translated as {wanted}"))
        return issues


class TermForbidden(_TermCheck):
    id = "term-forbidden"
    description = (
        "The target uses no term the termbase forbids for a concept in the source; a deprecated term is a warning."
    )
    severity = Severity.ERROR
    category = Category.TERMINOLOGY
    good = (Example("Delete your account", "Löschen Sie Ihr Konto", terms=(_ACCOUNT,)),)
    bad = (Example("Delete your account", "Löschen Sie Ihren Account", terms=(_ACCOUNT,)),)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ctx.termbase is None or not unit.target_text:
            return []
        issues = []
        for hit in ctx.terms(unit):
            for term in hit.forbidden_targets:
                span = _find(ctx, unit, term)
                if span is not None:
                    issues.append(self.issue(unit, f"forbidden term '{unit.target_text[span[0]:span[1]]}' for '{hit.source_term}'", span))
            for term in hit.deprecated_targets:
                span = _find(ctx, unit, term)
                if span is not None:
                    found = unit.target_text[span[0] : span[1]]
                    issues.append(self._deprecated(self.issue(unit, f"deprecated term '{found}' for '{hit.source_term}'", span)))
        return issues

    def _deprecated(self, issue: Issue) -> Issue:
        """A deprecated term is a warning (unless the profile made the check milder still)."""
        if self.level.rank <= Severity.WARNING.rank:
            return issue
        return replace(issue, severity=Severity.WARNING, mqm=MQMSeverity.MINOR.value)


class TermDNT(_TermCheck):
    id = "term-dnt"
    description = "Do-not-translate terms (brand and product names) appear in the target exactly as in the source."
    severity = Severity.ERROR
    category = Category.TERMINOLOGY
    good = (
        Example("Open CloudSync", "CloudSync öffnen", terms=(_CLOUDSYNC,)),
        Example("Open CloudSync", "CloudSync を開きます", target_locale="ja", terms=(_CLOUDSYNC,)),
    )
    bad = (
        Example("Open CloudSync", "Cloudsync öffnen", terms=(_CLOUDSYNC,)),
        Example("Open CloudSync", "Wolkensync öffnen", terms=(_CLOUDSYNC,)),
    )

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ctx.termbase is None or not unit.target_text:
            return []
        issues = []
        for hit in ctx.terms(unit):
            if hit.dnt and hit.source_term not in unit.target_text:
                issues.append(self.issue(unit, f"do-not-translate term '{hit.source_term}' is missing or altered"))
        return issues
