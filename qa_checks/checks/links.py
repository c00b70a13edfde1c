"""URLs and e-mail addresses are kept exactly (sentence punctuation after them is not part of them)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from operator import ne

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch

__all__ = ["URLs", "Emails", "find_urls", "find_emails"]

#: a URL ends at space, at ASCII delimiters, and at brackets and quotes no URL holds unencoded
#: (CJK punctuation, guillemets, the pseudo-translation's ⟦ ⟧)
_URL = re.compile(r"""(?:https?|ftp)://[^\s<>"'`\[\]{}「」『』（）、。，！？«»“”„‹›‘’⟦⟧⟨⟩〈〉《》【】〔〕［］｛｝]+|mailto:[^\s<>"'`]+""")
_TRAILING = ".,;:!?'\")>»”’…"
_EMAIL = re.compile(r"(?<![\w.%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])")
# locale segments in help-center URLs (/en/, /en-us/, ?lang=en, hl=en): translators localize these
_LOCALE_SEGMENT = re.compile(r"(?<=[/=_.\-])[a-z]{2}(?:[-_][A-Za-z]{2,4})?(?=[/&#.\-_]|$)")


def _trim(url: str) -> str:
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


#: every URL _URL finds holds one of these
_URL_MARKS = ("://", "mailto:")


def find_urls(text: str) -> list[tuple[str, tuple[int, int]]]:
    if "://" not in text and "mailto:" not in text:
        return []
    out = []
    for match in _URL.finditer(text):
        url = _trim(match.group())
        out.append((url, (match.start(), match.start() + len(url))))
    return out


def find_emails(text: str) -> list[tuple[str, tuple[int, int]]]:
    if "@" not in text:
        return []
    return [(m.group(), m.span()) for m in _EMAIL.finditer(text)]


def _urls_differ(sources: list[str], targets: list[str]) -> Iterator[bool]:
    """For each pair of texts, whether their URLs differ as written (in C)."""
    return map(ne, map(_URL.findall, sources), map(_URL.findall, targets))


# a locale path segment of documentation sites, with the version after it ("/pt-br/3/",
# "/fr/latest/"): a translation may point to the pages in its own language
_LOCALE_PATH = re.compile(r"/([a-z]{2}(?:[-_][A-Za-z]{2,4})?)(?:/(?:\d+(?:\.\d+)*|latest|stable))?(?=/|$)", re.I)
_SCHEME = re.compile(r"^(?:https?|ftp)://(?:www\.)?", re.I)


def _locale_neutral(url: str, source_language: str, target_language: str) -> str:
    """What a URL points to whatever language its page is in: without its scheme (``http``
    and ``https`` lead to the same page), without a locale path segment of the source or
    target language (``/en/``, ``/pt-br/3/``) and with ``{lang}`` for a locale in a name or
    a query (``?hl=en``)."""
    languages = (source_language, target_language)

    def language_of(segment: str) -> str:
        return segment.split("-")[0].split("_")[0].lower()

    def drop(match: re.Match[str]) -> str:
        return "" if language_of(match.group(1)) in languages else match.group()

    def swap(match: re.Match[str]) -> str:
        return "{lang}" if language_of(match.group()) in languages else match.group()

    url = _SCHEME.sub("", url)
    return _LOCALE_SEGMENT.sub(swap, _LOCALE_PATH.sub(drop, url)).lower()


class URLs(Check):
    id = "url"
    cost = 9
    description = "Every URL of the source is in the target unchanged (a locale segment like /en/ -> /de/ may change)."
    severity = Severity.ERROR
    category = Category.ACCURACY
    good = (
        Example("See https://example.com/help.", "Siehe https://example.com/help."),
        Example("Visit https://example.com/a_(b).", "Besuchen Sie https://example.com/a_(b)."),
        Example("See https://help.example.com/en/article/12", "Siehe https://help.example.com/de/article/12"),
        Example("See https://example.com/faq.", "https://example.com/faq をご覧ください。", target_locale="ja"),
        Example("See [the docs](https://example.com/a).", "⟦Šéé [ţĥé ðöçš](https://example.com/a)⟧"),
        Example("Go to https://example.com/x!", "Rendez-vous sur https://example.com/x !", target_locale="fr"),
        Example("Read http://docs.example.org/howto/sync.html", "Leia http://docs.example.org/pt-br/3/howto/sync.html", target_locale="pt-BR"),
        Example("Read http://docs.example.org/howto/sync.html", "Lisez https://docs.example.org/howto/sync.html", target_locale="fr"),
        Example(
            "Read http://docs.example.org/howto/sync.html",
            "Lisez http://docs.example.org/howto/sync.html (en anglais) ou https://docs.example.org/fr/3/howto/sync.html",
            target_locale="fr",
        ),
    )
    bad = (
        Example("See https://example.com/help.", "Siehe https://example.de/hilfe."),
        Example("See https://example.com/help.", "Siehe die Hilfe."),
        Example("Read http://docs.example.org/howto/sync.html", "Lisez http://docs.example.org/howto/async.html", target_locale="fr"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Units with a URL whose URLs are not the same as written (the check's first test)."""
        return batch.pairs_differing(batch.containing(_URL_MARKS), _urls_differ)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if _URL.findall(unit.source_text) == _URL.findall(unit.target_text):
            return []  # the same URLs as written, so the same once trimmed
        source = find_urls(unit.source_text)
        target = find_urls(unit.target_text)
        if [u for u, _ in source] == [u for u, _ in target]:
            return []
        languages = (unit.source_locale.language, unit.target_locale.language)
        source_keys = {_locale_neutral(u, *languages) for u, _ in source}
        target_keys = {_locale_neutral(u, *languages) for u, _ in target}
        issues = [
            self.issue(unit, f"URL {url} is missing or changed", None, url)
            for url, _ in source
            if _locale_neutral(url, *languages) not in target_keys
        ]
        issues += [
            self.issue(unit, f"URL {url} is not in the source", span, url)
            for url, span in target
            if _locale_neutral(url, *languages) not in source_keys
        ]
        return issues


class Emails(Check):
    id = "email"
    description = "Every e-mail address of the source is in the target unchanged."
    severity = Severity.ERROR
    category = Category.ACCURACY
    good = (
        Example("Write to help@example.com.", "Schreiben Sie an help@example.com."),
        Example("Mail <help@example.com>", "E-Mail: <help@example.com>"),
    )
    bad = (
        Example("Write to help@example.com.", "Schreiben Sie an hilfe@example.com."),
        Example("Write to help@example.com.", "Schreiben Sie uns."),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing("@")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source = find_emails(unit.source_text)
        target = find_emails(unit.target_text)
        if not source and not target:
            return []
        source_counts = Counter(e.lower() for e, _ in source)
        target_counts = Counter(e.lower() for e, _ in target)
        issues = [self.issue(unit, f"e-mail address {e} is missing") for e in sorted((source_counts - target_counts).elements())]
        for email, span in target:
            if (target_counts - source_counts)[email.lower()]:
                issues.append(self.issue(unit, f"e-mail address {email} is not in the source", span))
                target_counts[email.lower()] -= 1
        return issues
