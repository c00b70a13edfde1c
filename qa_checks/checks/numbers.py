"""Numbers are the same values in source and target, however each locale writes them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import ne

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, in_slices, indices, union
from qa_checks.checks.links import find_emails, find_urls
from qa_checks.syntax.numbers import UNSURE, NumberToken, digit_runs, extract_numbers
from qa_checks.syntax.spelled import spelled_out

#: numbers written in words are small: a larger one missing from the digits is missing
_SPELLED_UP_TO = 1000
# a word that may be an English number ("one", "two", "twelve", "hundred", "first"...)
_ENGLISH_NUMBER_WORD = re.compile(r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|hundred|thousand|first|second|third|\w+th|half|double|single|once|twice)\b")

__all__ = ["Numbers"]

# directives and fields whose digits are not quantities: %1$s, %.2f, {0}, <h2>, &#8230;
_DIGITS = re.compile(r"\d+")
# product and format names with digits after letters ("Booster X2", "MP3", "IPv6"): copied verbatim
_NAMES_WITH_DIGITS = re.compile(r"(?<![\w.])[A-Za-z]+\d[\w]*")
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
    cost = 20
    description = "The numbers of the source are in the target with the same values (1,000.5 in en equals 1.000,5 in de)."
    severity = Severity.ERROR
    category = Category.ACCURACY
    params = {"spelled_out_up_to": 20}
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
        Example("Undefined outside [-1, 1]", "[-1,1] 范围之外无意义", target_locale="zh-CN"),
        Example("Hexadecimal", "16 進数", target_locale="ja"),
        Example("Base-10 Exponential", "Dziesiętna funkcja wykładnicza", target_locale="pl"),
        Example("Less than one", "1 未満", target_locale="ja"),
        Example("Keep 3 backups", "Behalten Sie drei Sicherungen"),
        Example("Keep 3 backups of 12 files", "Behalten Sie drei Sicherungen von 12 Dateien"),
        Example("Keep 3 backups", "バックアップを三つ保存します", target_locale="ja"),
        Example("1 file was deleted", "Eine Datei wurde gelöscht"),
        Example("Retry 2 times", "Повторите две попытки", target_locale="ru"),
        Example("Retry 3 times", "Wiederholen Sie es 3 Mal"),
        Example("Use one of 3 slots", "Verwenden Sie 1 der 3 Plätze"),
        Example("Not a valid ISBN-10 code.", "不是有效的 10 位 ISBN-10 代码。", target_locale="zh-CN"),
    )
    bad = (
        Example("Pay 1,000.50 USD", "Zahlen Sie 1.000,60 USD"),
        Example("Wait 30 minutes", "Warten Sie 3 Minuten"),
        Example("Wait 30 minutes", "Warten Sie einige Minuten"),
        Example("Wait 5 minutes", "Warten Sie 5 Minuten, dann 10"),
        Example("Restart WiFi Booster X2", "WiFi Booster X8 neu starten"),
        Example("Keep 3 backups", "Behalten Sie die Sicherungen"),
        Example("Keep 3 backups of 12 files", "Behalten Sie Sicherungen von 12 Dateien"),
        Example("Keep 3 backups", "バックアップを保存します", target_locale="ja"),
        Example("Delete files older than 30 days", "Dateien löschen, die älter als einige Tage sind"),
        Example("WiFi Booster X2 1.6 needs 3 GB", "WiFi Booster X2 1.14 benötigt 3 GB"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Sources with digits whose target holds other digits, or may (see :func:`digit_runs`)."""
        slices = zip(in_slices(batch.sources), in_slices(batch.targets))
        return [offset + index for (offset, sources), (_, targets) in slices for index in _other_digits(sources, targets)]

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source_text, target_text = unit.source_text, unit.target_text
        if not target_text:
            return []
        source_digits = _DIGITS.findall(source_text)
        if not source_digits:
            return []
        target_digits = _DIGITS.findall(target_text)
        if source_digits == target_digits or sorted(source_digits) == sorted(target_digits):
            return []  # the same digits: whatever the separators, no reading differs (the common case)
        source_quantities = _quantities(source_text)
        issues = [
            self.issue(unit, f"name {name} is missing or changed")
            for name in _NAMES_WITH_DIGITS.findall(source_quantities)
            if name not in target_text
        ]
        source = extract_numbers(source_quantities, unit.source_locale)
        if not source:
            return issues  # digits for the source's words ("Binary" -> "2 進数", "one" -> "1")
        target = extract_numbers(_quantities(target_text), unit.target_locale)
        missing, extra = _pair_up(source, target)
        if missing and extra:
            missing, extra = _pair_up(_split(missing), _split(extra))  # "[-1, 1]" written "[-1,1]"
        if len(missing) > len(extra):  # else each missing number has a changed one in the target
            missing = [n for n in missing if not self.spelled_out(n, target_text, unit, has_digits=bool(target))]
        extra = [n for n in extra if not _said_in_source(n, source, source_text, unit)]
        if unit.single_value:
            missing = []  # a plural form for one number may spell it out
        issues += [self.issue(unit, f"number {n.text} is missing or changed") for n in missing]
        issues += [self.issue(unit, f"number {n.text} is not in the source", n.span) for n in extra]
        return issues


    def spelled_out(self, number: NumberToken, target: str, unit: CheckedUnit, *, has_digits: bool) -> bool:
        """Whether the target writes the number in words of its language ("drei", "三").

        Where num2words does not know the language, a small number (up to
        ``spelled_out_up_to``) counts as spelled out in a target with no digits at all.
        """
        if not number.text.isdigit() or int(number.text) > _SPELLED_UP_TO:
            return False
        found = spelled_out(int(number.text), target, unit.target_locale)
        if found is not None:
            return found
        return not has_digits and int(number.text) <= self.params["spelled_out_up_to"]


def _said_in_source(number: NumberToken, source: list[NumberToken], source_text: str, unit: CheckedUnit) -> bool:
    """Whether a number the target adds is one the source has too, in digits ("ISBN-10" ->
    "10 位 ... ISBN-10") or in words ("one percent" -> "100 分の 1")."""
    if any(number.readings & known.readings for known in source):
        return True
    if not number.text.isdigit() or int(number.text) > _SPELLED_UP_TO:
        return False
    if unit.source_locale.language == "en" and not _ENGLISH_NUMBER_WORD.search(source_text):
        return False  # (a quick test first: most English sources hold no number word)
    return bool(spelled_out(int(number.text), source_text, unit.source_locale))


def _other_digits(sources: Sequence[str], targets: Sequence[str]) -> list[int]:
    """The indices of the sources with digits whose target has other digit runs, or may."""
    source_runs, target_runs = digit_runs(sources), digit_runs(targets)
    unsure = (indices(map(bytes.__contains__, runs, repeat(UNSURE))) for runs in (source_runs, target_runs) if UNSURE in b"".join(runs))
    return [i for i in union(indices(map(ne, source_runs, target_runs)), *unsure) if source_runs[i] != b" "]


def _pair_up(source: list[NumberToken], target: list[NumberToken]) -> tuple[list[NumberToken], list[NumberToken]]:
    """(source numbers without a partner, target numbers without a partner)."""
    unmatched = list(target)
    missing = []
    for number in source:
        partner = next((t for t in unmatched if t.readings & number.readings), None)
        if partner is None:
            missing.append(number)
        else:
            unmatched.remove(partner)
    return missing, unmatched


def _split(numbers: list[NumberToken]) -> list[NumberToken]:
    """Numbers written with separators broken into their digit groups."""
    out = []
    for number in numbers:
        parts = list(re.finditer(r"\d+", number.text))
        if len(parts) == 1:
            out.append(number)
            continue
        start = number.span[0]
        for part in parts:
            value = part.group().lstrip("0") or "0"
            out.append(NumberToken((part.group(), start + part.start(), start + part.end(), frozenset({value, part.group()}))))
    return out
