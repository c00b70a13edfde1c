"""Recognition: whole words, multiword and longest first, case rules, inflected forms, CJK, codes;
and what recognised terms do to a segment (DNT codes, term pre-fill, MT glossaries)."""

from __future__ import annotations

import pytest

from locflow.model import Code, CodeIds, CodeKind, Segment, protect
from locflow.mt.masking import mask, unmask
from locflow.mt.pseudo import PseudoProvider
from termbase import (
    DNT_CODE_TYPE,
    Concept,
    Recognizer,
    Term,
    TermStatus,
    locate_term,
    mt_glossary,
    protect_dnt,
    restore_dnt,
    term_fill,
)

CONCEPTS = [
    Concept("account", (Term("en", "account"), Term("de", "Konto", TermStatus.PREFERRED), Term("fr", "compte"),
                        Term("de", "Account", TermStatus.FORBIDDEN), Term("de", "Benutzerkonto", TermStatus.DEPRECATED))),
    Concept("user-account", (Term("en", "user account"), Term("de", "Benutzerkonto", TermStatus.PREFERRED))),
    Concept("acd", (Term("en", "Acme Cloud Drive", dnt=True, case_sensitive=True),)),
    Concept("acme", (Term("en", "Acme", dnt=True, case_sensitive=True),)),
    Concept("sync", (Term("en", "sync"), Term("de", "synchronisieren"))),
    Concept("sign-in", (Term("en", "sign in"), Term("de", "anmelden"))),
    Concept("app", (Term("en", "app"), Term("ja", "アプリ"), Term("de", "App"))),
    Concept("application", (Term("ja", "アプリケーション"), Term("en", "application"))),
    Concept("settings", (Term("th", "การตั้งค่า"), Term("en", "settings"))),
]


def found(text: str, source: str = "en", target: str = "de") -> list[tuple[str, str]]:
    recognizer = Recognizer(CONCEPTS, source, target)
    return [(text[h.start : h.end], h.concept.id) for h in recognizer.find(text)]


def test_whole_words_only():
    assert found("The application and the apps") == [("application", "application"), ("apps", "app")]
    assert found("Unaccountable") == []


def test_multiword_longest_match_first_and_no_match_across_punctuation():
    assert found("Delete the user account now") == [("user account", "user-account")]
    assert found("Open Acme Cloud Drive, then Acme") == [("Acme Cloud Drive", "acd"), ("Acme", "acme")]
    assert found("Ask the user. Account details") == [("Account", "account")]
    assert found("Sign-in first") == [("Sign-in", "sign-in")]  # a hyphen may join the words of a term


def test_case_insensitive_unless_the_term_says_otherwise():
    assert found("ACCOUNT and Account") == [("ACCOUNT", "account"), ("Account", "account")]
    assert found("acme cloud drive") == []
    assert found("Acme's new app") == [("Acme", "acme"), ("app", "app")]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Your accounts are synced", "en"),
        ("Sync your account's files, syncing all of them", "en"),
    ],
)
def test_inflected_english_forms(text: str, source: str):
    ids = {concept for _, concept in found(text, source)}
    assert ids == {"account", "sync"}


def test_inflected_german_and_french_forms_in_translations():
    assert locate_term("Löschen Sie Ihre Konten", "Konto", "de") is not None
    assert locate_term("Die Einstellungen Ihres Kontos", "Konto", "de-DE") is not None
    assert locate_term("Supprimez vos comptes", "compte", "fr") is not None
    assert locate_term("Das Benutzerkonto", "Konto", "de") is None  # whole words
    assert locate_term("Öffnen Sie CloudSync", "cloudsync", "de", case_sensitive=True) is None
    assert locate_term("Öffnen Sie CloudSync", "CloudSync", "de", case_sensitive=True) == (11, 20)


def test_cjk_and_thai_by_substring_longest_first():
    assert found("このアプリケーションとアプリを開く", "ja", "en") == [("アプリケーション", "application"), ("アプリ", "app")]
    assert found("เปิดการตั้งค่าของคุณ", "th", "en") == [("การตั้งค่า", "settings")]
    assert locate_term("アプリを開きます", "アプリ", "ja") == (0, 3)


def test_never_inside_inline_codes():
    segment = Segment.of("Run ", Code("1", CodeKind.STANDALONE, "`account sync`", "code"), " to sync your account")
    hits = Recognizer(CONCEPTS, "en", "de").find_in_segment(segment)
    assert [(segment.parts[h.part][h.start : h.end], h.part) for h in hits] == [("sync", 2), ("account", 2)]
    placeholder = Segment(tuple(protect("Hello {account}, open https://acme.example.com/account", CodeIds())))
    assert Recognizer(CONCEPTS, "en", "de").find_in_segment(placeholder) == []


def test_hit_carries_target_terms_by_status():
    (hit,) = Recognizer(CONCEPTS, "en", "de").find("account")
    assert hit.target == "Konto"
    assert [t.text for t in hit.forbidden] == ["Account"] and [t.text for t in hit.deprecated] == ["Benutzerkonto"]
    (dnt,) = Recognizer(CONCEPTS, "en", "de").find("Acme")
    assert dnt.dnt and dnt.target == "Acme"


# -- what hits do to a segment ------------------------------------------------------------------


def test_dnt_terms_become_codes_mt_cannot_change_and_come_back():
    bold = Code("1", CodeKind.OPEN, "**", "bold"), Code("1", CodeKind.CLOSE, "**", "bold")
    segment = Segment.of("Open ", bold[0], "Acme Cloud Drive", bold[1], " and your account in Acme")
    hits = Recognizer(CONCEPTS, "en", "de").find_in_segment(segment)
    protected = protect_dnt(segment, hits)
    dnt_codes = [c for c in protected.codes if c.type == DNT_CODE_TYPE]
    assert [c.data for c in dnt_codes] == ["Acme Cloud Drive", "Acme"]
    assert len({c.id for c in protected.codes}) == 3  # fresh ids beside the bold code's
    assert restore_dnt(protected) == segment
    (pseudo,) = PseudoProvider().translate([mask(protected)], None, None)  # type: ignore[arg-type]
    translated = restore_dnt(unmask(pseudo, protected.codes))
    assert "Acme Cloud Drive" in translated.render() and " Acme" in translated.render()
    assert "àççöûñţ" in translated.render()  # the rest was translated


def test_term_fill_only_for_a_segment_that_is_exactly_a_term():
    recognizer = Recognizer(CONCEPTS, "en", "de")

    def fill(text: str) -> str | None:
        segment = Segment.text_only(text)
        target = term_fill(segment, recognizer.find_in_segment(segment))
        return target.render() if target is not None else None

    assert fill("Account") == "Konto"
    assert fill("  sign in\n") == "  anmelden\n"
    assert fill("Acme Cloud Drive") == "Acme Cloud Drive"
    assert fill("Accounts") is None  # an inflected form is not the term
    assert fill("Your account") is None
    assert term_fill(Segment.text_only("account"), Recognizer(CONCEPTS, "en", "ja").find("account")) is None  # no ja term


def test_mt_glossary_keeps_each_segments_terms():
    hits = Recognizer(CONCEPTS, "en", "de").find("Sync the user account of Acme")
    assert mt_glossary(hits) == {"sync": "synchronisieren", "user account": "Benutzerkonto"}
