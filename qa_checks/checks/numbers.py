"""Numbers are the same values in source and target, however each locale writes them."""

from __future__ import annotations

import re

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.checks.links import find_emails, find_urls
from qa_checks.syntax.numbers import extract_numbers

__all__ = ["Numbers"]

# directives and fields whose digits are not quantities: %1$s, %.2f, {0}, <h2>, &#8230;
_NOT_QUANTITY = re.compile(r"%(?:\(\w+\))?(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|\{[^{}]*\}|<[^<>]*>|&#?\w+;")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _quantities(text: str) -> str:
    """The text with placeholders, tags, URLs and e-mail addresses blanked out."""
    if "%" in text or "{" in text or "<" in text or "&" in text:
        text = _NOT_QUANTITY.sub(lambda m: " " * len(m.group()), text)
    spans = [span for _, span in find_urls(text)] + [span for _, span in find_emails(text)]
    return _blank(text, spans)


class Numbers(Check):
    id = "numbers"
    description = "The numbers of the source are in the target with the same values (1,000.5 in en equals 1.000,5 in de)."
    severity = Severity.ERROR
    category = Category.ACCURACY
    params = {"ignore_missing_below": 0}
    good = (
        Example("Pay 1,000.50 USD", "Zahlen Sie 1.000,50 USD"),
        Example("Pay 1,000.50 USD", "Payez 1 000,50 USD", target_locale="fr"),
        Example("Version 2.1 requires 4 GB", "Version 2.1 benötigt 4 GB"),
        Example("Due 12/31/2024", "Fällig am 31.12.2024"),
        Example("Wait 3 days", "3日お待ちください", target_locale="ja"),
        Example("Chapter 3", "第3章", target_locale="ja"),
        Example("Play MP3 files from %d sources", "MP3-Dateien aus %d Quellen abspielen"),
        Example("See https://example.com/kb/123", "Siehe https://example.com/kb/123"),
        Example("Wait 10 seconds", "انتظر ١٠ ثوانٍ", target_locale="ar"),
        Example("1.5 GB", "1,5 ГБ", target_locale="ru"),
    )
    bad = (
        Example("Pay 1,000.50 USD", "Zahlen Sie 1.000,60 USD"),
        Example("Wait 30 minutes", "Warten Sie 3 Minuten"),
        Example("Wait 30 minutes", "Warten Sie einige Minuten"),
        Example("Wait a minute", "Warten Sie 5 Minuten"),
    )

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source_text, target_text = unit.source_text, unit.target_text
        if not target_text:
            return []
        source_has = any(ch.isdigit() for ch in source_text)
        target_has = any(ch.isdigit() for ch in target_text)
        if not source_has and not target_has:
            return []
        source = extract_numbers(_quantities(source_text), unit.source_locale)
        target = extract_numbers(_quantities(target_text), unit.target_locale)
        unmatched_target = list(target)
        missing = []
        for number in source:
            match = next((t for t in unmatched_target if t.readings & number.readings), None)
            if match is None:
                missing.append(number)
            else:
                unmatched_target.remove(match)
        threshold = self.params["ignore_missing_below"]
        if unit.single_value:
            threshold = max(threshold, 10**9)  # a form for one number may spell it out
        issues = []
        for number in missing:
            value = next(iter(sorted(number.readings, key=len)))
            if value.isdigit() and int(value) < threshold:
                continue
            issues.append(self.issue(unit, f"number {number.text} is missing or changed"))
        for number in unmatched_target:
            issues.append(self.issue(unit, f"number {number.text} is not in the source", number.span))
        return issues
