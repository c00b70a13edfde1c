"""Personal data: every kind is found (and look-alikes are not), masked before MT and restored after;
a detector plugged in through the ``locflow.pii`` entry point takes part without changes to locflow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from locflow import plugins
from locflow.model import Locale, Segment
from locflow.mt.base import Markup
from locflow.mt.masking import render
from locflow.privacy import PIIFinder, PrivacySettings, mask_personal_data, restore_personal_data

EN, EN_GB, DE = Locale("en-US"), Locale("en-GB"), Locale("de")
FINDER = PIIFinder(PrivacySettings(patterns={"ticket": r"TCK-\d{6}"}, names=("Jane Doe",), name_patterns=(r"\bMrs?\. [A-Z][a-z]+",)))


def kinds(text: str, locale: Locale = EN) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in FINDER.find(text, locale)]


@pytest.mark.parametrize(
    ("text", "locale", "found"),
    [
        ("Write to max.muster@example.org today.", EN, [("max.muster@example.org", "email")]),
        ("Reset at https://acme.example/reset?token=abc123&user=42.", EN, [("https://acme.example/reset?token=abc123&user=42", "url")]),
        ("Docs at https://acme.example/help/reset.", EN, []),
        ("Call +1 555 0100 now.", EN, [("+1 555 0100", "phone")]),
        ("Call (415) 555-0132 today.", EN, [("(415) 555-0132", "phone")]),
        ("Ruf 030 1234567 an.", DE, [("030 1234567", "phone")]),
        ("Call 020 7946 0958.", EN_GB, [("020 7946 0958", "phone")]),
        ("IBAN DE89 3704 0044 0532 0130 00 please.", EN, [("DE89 3704 0044 0532 0130 00", "iban")]),
        # Not an IBAN (checksum); its last 18 digits pass the Luhn check, so the card rule masks
        # them, as it would anywhere else ("Ref 3704 0044 0532 0130 01").
        ("IBAN DE89 3704 0044 0532 0130 01 please.", EN, [("3704 0044 0532 0130 01", "card")]),
        ("IBAN DE89 3704 0044 0532 0130 02 please.", EN, []),
        ("Card 4111 1111 1111 1111 was charged.", EN, [("4111 1111 1111 1111", "card")]),
        ("Card 4111 1111 1111 1112 was charged.", EN, []),
        ("From 192.168.1.20 and 2001:db8::8a2e:370:7334.", EN, [("192.168.1.20", "ip"), ("2001:db8::8a2e:370:7334", "ip")]),
        ("Version 1.2.3 at 10:30:00, 999.1.1.1 is no address.", EN, []),
        # An address at the end of a sentence (before "." or ":") was not found at all.
        ("The server is 192.168.1.20. Restart it.", EN, [("192.168.1.20", "ip")]),
        ("On fe80::1: no answer.", EN, [("fe80::1", "ip")]),
        # "::" alone is the unspecified address: a separator, not personal data.
        ("Menu :: Settings ::: Privacy", EN, []),
        ("See TCK-123456 for Jane Doe and Mrs. Smith.", EN, [("TCK-123456", "ticket"), ("Jane Doe", "name"), ("Mrs. Smith", "name")]),
        ("Error 404: order 12345678 not found in 2024.", EN, []),
    ],
)
def test_each_kind_is_found_and_look_alikes_are_not(text: str, locale: Locale, found: list[tuple[str, str]]):
    assert kinds(text, locale) == found


def test_kinds_can_be_switched_off():
    finder = PIIFinder(PrivacySettings(kinds=("email",)))
    assert [s.kind for s in finder.find("Call +1 555 0100 or a@b.example.com", EN)] == ["email"]
    assert PIIFinder(PrivacySettings(enabled=False)).find("a@b.example.com", EN) == []


def test_masking_is_opaque_to_every_engine_and_restored():
    segment = Segment.text_only("Hi Jane Doe, call +1 555 0100 about TCK-123456.")
    masked = mask_personal_data(segment, FINDER, EN)
    assert masked.kinds == {"name": 1, "phone": 1, "ticket": 1}
    assert render(masked.segment, Markup.XML) == 'Hi <x id="p1"/>, call <x id="p2"/> about <x id="p3"/>.'
    assert render(masked.segment, Markup.TOKENS) == "Hi {p1/}, call {p2/} about {p3/}."
    assert restore_personal_data(masked.segment) == segment


def test_a_detector_from_the_locflow_pii_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A third-party package adds a detector under locflow.pii; locflow loads it by name."""
    (tmp_path / "acme_ner.py").write_text(
        "import re\n"
        "class Greetings:\n"
        "    def detect(self, text, locale):\n"
        "        for m in re.finditer(r'(?<=Dear )[A-Z][a-z]+', text):\n"
        "            yield (m.start(), m.end(), 'name')\n",
        encoding="utf-8",
    )
    dist = tmp_path / "acme_ner-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-ner\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[locflow.pii]\nacme = acme_ner:Greetings\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins._entry_points.cache_clear()
    plugins._load.cache_clear()
    try:
        finder = PIIFinder.from_settings(PrivacySettings(detectors=("acme",)))
        masked = mask_personal_data(Segment.text_only("Dear Priya, your refund is on its way."), finder, EN)
        assert render(masked.segment, Markup.XML) == 'Dear <x id="p1"/>, your refund is on its way.'
        assert masked.kinds == {"name": 1}
    finally:
        sys.modules.pop("acme_ner", None)
        plugins._entry_points.cache_clear()
        plugins._load.cache_clear()
