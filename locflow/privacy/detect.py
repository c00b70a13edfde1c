"""Detectors of personal data in text, and the finder that runs the configured ones.

Rules find what has a shape: e-mail addresses, URLs that carry a query
string (tokens, user ids), phone numbers (Google's ``phonenumbers``, with the
region of the text's locale), IBANs and card numbers (only when their
checksum holds: ``python-stdnum``), IPv4 and IPv6 addresses, and the
project's own patterns (``[mt.privacy] patterns``, e.g. ticket ids). Names
of people have no shape: a project lists known names (``names``) and name
patterns (``name_patterns``), and a detector registered under the
``locflow.pii`` entry-point group (a model-based one such as Presidio) is
switched on by name (``detectors``) without changes to locflow.

A plugin detector is a class built without arguments whose
``detect(text, locale)`` yields :class:`PIISpan` objects or
``(start, end, kind)`` tuples.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from babel.core import get_global
from stdnum import iban, luhn

from locflow.model import Locale
from locflow.model.protect import PATTERNS

__all__ = ["PIISpan", "PIIDetector", "PrivacySettings", "PIIFinder", "BUILTIN_KINDS", "PII_ENTRY_POINTS", "region_of"]

#: The entry-point group of plugin detectors.
PII_ENTRY_POINTS = "locflow.pii"
#: The built-in rule-based detectors, all on unless ``[mt.privacy] kinds`` says otherwise.
BUILTIN_KINDS = ("email", "url", "phone", "iban", "card", "ip")


@dataclass(frozen=True, slots=True, order=True)
class PIISpan:
    """``text[start:end]`` is personal data of ``kind`` (``phone``, ``email``, ``name``, ``ticket``...)."""

    start: int
    end: int
    kind: str


class PIIDetector(Protocol):
    def detect(self, text: str, locale: Locale) -> Iterable[PIISpan | tuple[int, int, str]]: ...


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    """``[mt.privacy]``: which detectors run, and the project's own patterns and names."""

    enabled: bool = True
    kinds: tuple[str, ...] = BUILTIN_KINDS
    patterns: Mapping[str, str] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    name_patterns: tuple[str, ...] = ()
    detectors: tuple[str, ...] = ()


# -- rule-based detectors -------------------------------------------------------------

_EMAIL = re.compile(PATTERNS["email"])
_URL = re.compile(PATTERNS["url"])
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)")  # a full stop may follow
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_INTERNATIONAL = re.compile(r"(?<![\w+])\+\d[\d \t().-]*\d")
_URL_END = ".,;:!?'\")"


def _emails(text: str, locale: Locale) -> Iterator[PIISpan]:
    for match in _EMAIL.finditer(text):
        yield PIISpan(match.start(), match.end(), "email")


def _urls(text: str, locale: Locale) -> Iterator[PIISpan]:
    """URLs with a query string: ``?token=...&user=...`` is where personal data hides."""
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_END)
        query = url.partition("?")[2]
        if query:
            yield PIISpan(match.start(), match.start() + len(url), "url")


def _phones(text: str, locale: Locale) -> Iterator[PIISpan]:
    import phonenumbers  # imported on first use: it is big, and many commands never need it

    matcher = phonenumbers.PhoneNumberMatcher(text, region_of(locale), leniency=phonenumbers.Leniency.POSSIBLE)
    found = [PIISpan(match.start, match.end, "phone") for match in matcher]
    yield from found
    for run in _INTERNATIONAL.finditer(text):
        if not any(span.start < run.end() and run.start() < span.end for span in found):
            end = _international_number_end(run.group())
            if end:
                yield PIISpan(run.start(), run.start() + end, "phone")


def _international_number_end(run: str) -> int:
    """Where the longest possible ``+<country> ...`` number at the start of ``run`` ends (0: none).

    The phone matcher rejects a whole candidate when something next to the number makes it
    invalid (``+ +1 555 0100``, ``+1 555 0100 1``); a ``+`` and a country code say enough to
    try the number's own digit groups.
    """
    import phonenumbers

    for group in reversed(list(re.finditer(r"\d+", run))):
        try:
            number = phonenumbers.parse(run[: group.end()], None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return group.end()
    return 0


def _ibans(text: str, locale: Locale) -> Iterator[PIISpan]:
    for start, end in _checked_runs(_IBAN, text, _iban_within):
        yield PIISpan(start, end, "iban")


def _iban_within(run: str) -> tuple[int, int] | None:
    """The longest prefix of ``run`` made of whole groups that is a valid IBAN (``... 00 0``: without the ``0``)."""
    for group in reversed(list(re.finditer(r"[A-Z0-9]+", run))):
        if iban.is_valid(run[: group.end()]):
            return 0, group.end()
    return None


def _cards(text: str, locale: Locale) -> Iterator[PIISpan]:
    for start, end in _checked_runs(_CARD, text, _card_within):
        yield PIISpan(start, end, "card")


def _checked_runs(
    pattern: re.Pattern[str], text: str, within: Callable[[str], tuple[int, int] | None]
) -> Iterator[tuple[int, int]]:
    """Where the numbers ``within`` finds in the runs of ``pattern`` stand in ``text``.

    A run may hold more than the number (``DE89 ... 00 0 DE89 3704``, ``4222222222222 4111``)
    and end inside the next one: the search goes on right after the number found, not after
    the run, or a second number that began inside the run would never be seen. After a run
    with no valid number in it, the search goes on from the run's next character.
    """
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        found = within(match.group())
        if found is None:
            pos = match.start() + 1
            continue
        yield match.start() + found[0], match.start() + found[1]
        pos = match.start() + found[1]


def _card_within(run: str) -> tuple[int, int] | None:
    """The longest run of whole digit groups in ``run`` that is a card number (13-19 digits, Luhn).

    A run of digits and separators may hold more than the card: ``1 4111 1111 1111 1111``
    (a list number, a quantity before it) fails the checksum as a whole.
    """
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    best: tuple[int, int] | None = None
    for first in range(len(groups)):
        for last in range(len(groups) - 1, first - 1, -1):
            start, end = groups[first][0], groups[last][1]
            digits = re.sub(r"\D", "", run[start:end])
            if best is not None and end - start <= best[1] - best[0]:
                break
            if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
                best = (start, end)
                break
    return best


def _ips(text: str, locale: Locale) -> Iterator[PIISpan]:
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            end = _address_end(match.group())
            if end:
                yield PIISpan(match.start(), match.start() + end, "ip")


def _address_end(run: str) -> int:
    """Where the IP address at the start of ``run`` ends (0: none).

    An IPv6 run may end in colons that are the sentence's (``fe80::1: the server``): the
    address is tried without them, one at a time. An address with no digit at all (``::``,
    as in ``Menu :: Settings``) identifies no one and is not personal data.
    """
    if not any(char.isalnum() for char in run):
        return 0
    colons = len(run) - len(run.rstrip(":"))
    for end in range(len(run), len(run) - colons - 1, -1):
        try:
            ipaddress.ip_address(run[:end])
        except ValueError:
            continue
        return end
    return 0


_BUILTIN = {"email": _emails, "url": _urls, "phone": _phones, "iban": _ibans, "card": _cards, "ip": _ips}


@lru_cache(maxsize=64)
def region_of(locale: Locale) -> str:
    """The region phone numbers without a country code are read in: ``en-GB`` -> GB, ``de`` -> DE."""
    pieces = locale.tag.split("-")
    for piece in pieces[1:]:
        if len(piece) == 2 and piece.isalpha():
            return piece.upper()
    likely = get_global("likely_subtags").get(pieces[0], "")
    region = [p for p in likely.split("_")[1:] if len(p) == 2 and p.isalpha()]
    return region[0] if region else "US"


class _RegexDetector:
    """The project's patterns (kind -> regex) and known names."""

    def __init__(self, patterns: Iterable[tuple[str, re.Pattern[str]]]) -> None:
        self.patterns = list(patterns)

    def detect(self, text: str, locale: Locale) -> Iterator[PIISpan]:
        for kind, pattern in self.patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    yield PIISpan(match.start(), match.end(), kind)


def compile_patterns(settings: PrivacySettings) -> list[tuple[str, re.Pattern[str]]]:
    """The project patterns, then names (whole words) and name patterns; ``re.error`` on a bad regex."""
    compiled = [(kind, re.compile(regex)) for kind, regex in settings.patterns.items()]
    if settings.names:
        names = sorted(settings.names, key=len, reverse=True)
        compiled.append(("name", re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")))
    compiled.extend(("name", re.compile(regex)) for regex in settings.name_patterns)
    return compiled


class PIIFinder:
    """Runs the configured detectors over text; overlapping finds are merged into one span."""

    def __init__(self, settings: PrivacySettings, plugins: Iterable[Any] = ()) -> None:
        self.settings = settings
        self.rules = [_BUILTIN[kind] for kind in settings.kinds] if settings.enabled else []
        self.detectors: list[Any] = [_RegexDetector(compile_patterns(settings))] if settings.enabled else []
        self.detectors.extend(plugins if settings.enabled else ())

    @classmethod
    def from_settings(cls, settings: PrivacySettings) -> PIIFinder:
        """Load the plugin detectors named in ``settings`` from the ``locflow.pii`` entry points."""
        from locflow import plugins

        loaded = [plugins.load(PII_ENTRY_POINTS, name)() for name in settings.detectors]
        return cls(settings, loaded)

    def find(self, text: str, locale: Locale) -> list[PIISpan]:
        if not text.strip():
            return []
        found: list[PIISpan] = []
        for rule in self.rules:
            if rule is not _phones:
                found.extend(rule(text, locale))
        if _phones in self.rules:
            found.extend(_phones(_blanked(text, found), locale))
        for detector in self.detectors:
            found.extend(_as_span(item, len(text)) for item in detector.detect(text, locale))
        return _without_overlaps(found)


def _blanked(text: str, spans: Iterable[PIISpan]) -> str:
    """``text`` for the phone matcher: the spans already found and square brackets made spaces,
    offsets unchanged.

    The phone matcher takes a run of digits and spaces as one candidate: a phone number
    followed by a card number (``+1 555 0100  4111 1111 1111 1111``) was one invalid
    "number", and one after wiki-style brackets (``[[ +1 555 0100``) an unbalanced one;
    either way the phone number went to the engine unmasked. No phone number holds a
    square bracket.
    """
    chars = [" " if char in "[]" else char for char in text]
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _as_span(item: PIISpan | tuple[int, int, str], length: int) -> PIISpan:
    span = item if isinstance(item, PIISpan) else PIISpan(int(item[0]), int(item[1]), str(item[2]))
    if not 0 <= span.start < span.end <= length:
        raise ValueError(f"a personal-data detector returned a span outside the text: {span}")
    return span


def _without_overlaps(spans: list[PIISpan]) -> list[PIISpan]:
    """Overlapping finds merged into one span covering all of them, of the first, longest one's kind.

    Dropping a find because another overlaps it would send the part of it outside the other
    to the engine (a detector's name that starts inside a number, say): every character some
    detector found is masked.
    """
    kept: list[PIISpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            if span.end > kept[-1].end:
                kept[-1] = PIISpan(kept[-1].start, span.end, kept[-1].kind)
            continue
        kept.append(span)
    return kept
