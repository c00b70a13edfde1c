"""Lookup scores and match types on crafted cases, in a real SQLite file."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import random
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from sqlalchemy import create_engine, text

from locflow.model import Code, CodeIds, CodeKind, Locale, Segment, protect
from tm import MatchType, SearchSettings, TMContext, TMEntry, TranslationMemory
from tm.normalize import fold, match_key, tokenize
from tm.entries import scope_of
from tm.batching import batches
from tm.parallel import can_split
import tm.lookup as lookup_module
from tm.scoring import Query, score

from tests.tm_support import THINGS, support_sentence

EN, DE, DE_DE = Locale("en"), Locale("de"), Locale("de-DE")


def seg(text: str) -> Segment:
    """A segment as a filter makes it: placeholders and URLs become codes."""
    return Segment(tuple(protect(text, CodeIds())))


def bold(before: str, inside: str, after: str, data: tuple[str, str] = ("<b>", "</b>"), code_id: str = "1") -> Segment:
    return Segment.of(
        before,
        Code(code_id, CodeKind.OPEN, data[0], "bold"),
        inside,
        Code(code_id, CodeKind.CLOSE, data[1], "bold"),
        after,
    )


PG_URL = os.environ.get("LOCFLOW_TEST_PG_URL")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="LOCFLOW_TEST_PG_URL is not set")]),
    ]
)
def memory(request: pytest.FixtureRequest, tmp_path: Path) -> TranslationMemory:
    """Every lookup case runs on a SQLite file, and on PostgreSQL (a fresh database) when one is available."""
    url = f"sqlite:///{tmp_path / 'tm.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with TranslationMemory.open(url) as tm:
        yield tm


def remember(memory: TranslationMemory, *pairs: tuple[Segment, Segment], target: Locale = DE, **kwargs) -> None:
    memory.add([TMEntry(s, t, EN, target, **kwargs) for s, t in pairs], origin="test")


def best(memory: TranslationMemory, segment: Segment, target: Locale = DE, **kwargs):  # type: ignore[no-untyped-def]
    matches = memory.lookup(segment, EN, target, **kwargs)
    assert matches, f"no match for {segment}"
    return matches[0]


# -- exact and near-exact ----------------------------------------------------------------------


def test_identical_text_is_100_and_exact(memory: TranslationMemory) -> None:
    remember(memory, (seg("How do I reset my password?"), seg("Wie setze ich mein Passwort zurück?")))
    match = best(memory, seg("How do I reset my password?"))
    assert (match.score, match.match_type, match.adapted, match.fallback) == (100.0, MatchType.EXACT, False, False)
    assert match.target.render() == "Wie setze ich mein Passwort zurück?"


def test_identical_text_and_markup_with_other_code_ids_is_100(memory: TranslationMemory) -> None:
    remember(memory, (bold("Click ", "Save", " now."), bold("Klicken Sie jetzt auf ", "Speichern", ".")))
    query = bold("Click ", "Save", " now.", code_id="c42")
    match = best(memory, query)
    assert match.score == 100.0
    # the draft carries the new segment's codes
    assert match.target == bold("Klicken Sie jetzt auf ", "Speichern", ".", code_id="c42")


def test_identical_text_with_other_markup_loses_only_the_code_penalty(memory: TranslationMemory) -> None:
    remember(memory, (bold("Click ", "Save", " now."), bold("Klicken Sie jetzt auf ", "Speichern", ".")))
    other_tag = best(memory, bold("Click ", "Save", " now.", data=("<strong>", "</strong>")))
    assert other_tag.score == 99.0
    assert other_tag.adapted
    assert other_tag.target.render() == "Klicken Sie jetzt auf <strong>Speichern</strong>."
    no_tags = best(memory, seg("Click Save now."))
    assert no_tags.score == 98.0
    assert no_tags.target.render() == "Klicken Sie jetzt auf Speichern."
    assert no_tags.target.codes == ()


def test_markup_heavy_strings_are_scored_on_their_text(memory: TranslationMemory) -> None:
    def heavy(words: list[str], tags: int) -> Segment:
        parts: list[str | Code] = []
        for i, word in enumerate(words):
            if i < tags:
                parts += [Code(str(i), CodeKind.OPEN, f'<span class="c{i}">', "tag"), word, Code(str(i), CodeKind.CLOSE, "</span>", "tag"), " "]
            else:
                parts.append(word + " ")
        return Segment(tuple(parts))

    words = "Open the billing page and download your latest invoice".split()
    remember(memory, (heavy(words, 9), heavy("Öffnen Sie die Abrechnungsseite und laden Sie Ihre letzte Rechnung herunter".split(), 9)))
    # same words, no markup at all: the text is identical, the codes cost at most 10
    assert best(memory, Segment.text_only(" ".join(words))).score == 90.0
    # one word changed, all the markup kept: a plain fuzzy match of 8 words in 9
    changed = words[:]
    changed[-1] = "receipt"
    match = best(memory, heavy(changed, 9))
    assert match.score == pytest.approx(100 * 8 / 9, abs=0.01)
    assert match.match_type == MatchType.FUZZY


@pytest.mark.parametrize(
    ("query", "expected", "reason"),
    [
        ("How do I  reset my password?", 99.0, "whitespace differs"),
        ("how do I reset my password?", 98.0, "case differs"),
        ("How do I reset my password", 97.0, "punctuation differs"),
        ("how do i reset my password!", 97.0, "punctuation differs"),
    ],
)
def test_whitespace_case_and_punctuation_variants_score_just_below_100(
    memory: TranslationMemory, query: str, expected: float, reason: str
) -> None:
    remember(memory, (seg("How do I reset my password?"), seg("Wie setze ich mein Passwort zurück?")))
    match = best(memory, seg(query))
    assert (match.score, match.match_type) == (expected, MatchType.FUZZY)
    assert reason in match.reasons


def test_context_match_is_101(memory: TranslationMemory) -> None:
    previous, following = seg("Account settings"), seg("Then click Save.")
    context = TMContext.around("faq[password].answer#2", previous, following)
    remember(memory, (seg("Open the Security tab."), seg("Öffnen Sie den Reiter Sicherheit.")), context=context)
    remember(memory, (seg("Open the Security tab."), seg("Öffnen Sie die Registerkarte Sicherheit.")))
    matches = memory.lookup(seg("Open the Security tab."), EN, DE, context=context)
    assert [(m.score, m.match_type) for m in matches] == [(101.0, MatchType.CONTEXT), (100.0, MatchType.EXACT)]
    assert matches[0].target.render() == "Öffnen Sie den Reiter Sicherheit."
    elsewhere = TMContext.around("faq[other].answer", None, None)
    assert best(memory, seg("Open the Security tab."), context=elsewhere).score == 100.0


# -- adaptation ------------------------------------------------------------------------------------


def test_a_changed_number_is_filled_into_the_translation(memory: TranslationMemory) -> None:
    remember(memory, (seg("You have 5 unread messages."), seg("Sie haben 5 ungelesene Nachrichten.")))
    match = best(memory, seg("You have 12 unread messages."))
    assert match.score == 99.0
    assert match.adapted
    assert match.target.render() == "Sie haben 12 ungelesene Nachrichten."
    assert "numbers adapted: 5 -> 12" in match.reasons


def test_a_number_the_translation_writes_differently_is_not_guessed(memory: TranslationMemory) -> None:
    remember(memory, (seg("The update needs 1.5 GB."), seg("Das Update benötigt 1,5 GB.")))
    match = best(memory, seg("The update needs 2.5 GB."))
    assert match.score == 98.0
    assert not match.adapted
    assert match.target.render() == "Das Update benötigt 1,5 GB."


def test_a_changed_placeholder_is_adapted(memory: TranslationMemory) -> None:
    remember(memory, (seg("Hi {name}, your order has shipped."), seg("Hallo {name}, Ihre Bestellung wurde versandt.")))
    match = best(memory, seg("Hi {customer}, your order has shipped."))
    assert match.score == 99.0
    assert match.adapted
    assert match.target.render() == "Hallo {customer}, Ihre Bestellung wurde versandt."


def test_the_variant_with_the_same_placeholders_wins(memory: TranslationMemory) -> None:
    remember(
        memory,
        (seg("Hi {name}, your order has shipped."), seg("Hallo {name}, Ihre Bestellung wurde versandt.")),
        (seg("Hi {user}, your order has shipped."), seg("Hallo {user}, deine Bestellung ist unterwegs.")),
    )
    match = best(memory, seg("Hi {user}, your order has shipped."))
    assert match.score == 100.0
    assert match.target.render() == "Hallo {user}, deine Bestellung ist unterwegs."


# -- fuzzy ----------------------------------------------------------------------------------------


def test_fuzzy_score_is_word_level_edit_distance(memory: TranslationMemory) -> None:
    remember(memory, (seg("To export your invoices, open Billing and then click Download."), seg("Um Ihre Rechnungen zu exportieren, öffnen Sie Abrechnung und klicken Sie auf Herunterladen.")))
    match = best(memory, seg("To export your receipts, open Billing and then click Download."))
    assert match.score == 90.0  # one word of ten
    assert match.match_type == MatchType.FUZZY
    assert memory.lookup(seg("Nothing in this sentence is in the memory at all."), EN, DE) == []


def test_threshold_and_limit(memory: TranslationMemory) -> None:
    remember(
        memory,
        (seg("Restart the router and try again."), seg("Starten Sie den Router neu und versuchen Sie es erneut.")),
        (seg("Restart the modem and try again."), seg("Starten Sie das Modem neu und versuchen Sie es erneut.")),
        (seg("Restart the app and try again later."), seg("Starten Sie die App neu und versuchen Sie es später erneut.")),
    )
    query = seg("Restart the printer and try again.")
    scores = [m.score for m in memory.lookup(query, EN, DE, threshold=70)]
    assert scores == [pytest.approx(83.33, abs=0.01), pytest.approx(83.33, abs=0.01), 71.43]
    assert [m.score for m in memory.lookup(query, EN, DE, threshold=80)] == [pytest.approx(83.33, abs=0.01)] * 2
    assert len(memory.lookup(query, EN, DE, threshold=70, limit=1)) == 1


# -- locales --------------------------------------------------------------------------------------


def test_locale_fallback_is_used_and_labelled(memory: TranslationMemory) -> None:
    remember(memory, (seg("Sign in"), seg("Anmelden")))
    match = best(memory, seg("Sign in"), target=DE_DE)
    assert match.score == 100.0
    assert match.fallback
    assert match.memory_locale == DE
    assert "memory locale de" in match.reasons


def test_the_requested_locale_wins_over_its_fallback(memory: TranslationMemory) -> None:
    remember(memory, (seg("Sign in"), seg("Anmelden")))
    remember(memory, (seg("Sign in"), seg("Einloggen")), target=DE_DE)
    matches = memory.lookup(seg("Sign in"), EN, DE_DE)
    assert [(m.target.render(), m.fallback) for m in matches] == [("Einloggen", False), ("Anmelden", True)]


def test_sibling_locales_and_other_scripts_never_serve(memory: TranslationMemory) -> None:
    remember(memory, (seg("Sign in"), seg("Aamelde")), target=Locale("de-CH"))
    remember(memory, (seg("Sign in"), seg("登入")), target=Locale("zh-Hant"))
    assert memory.lookup(seg("Sign in"), EN, Locale("de-AT")) == []
    assert memory.lookup(seg("Sign in"), EN, Locale("zh-Hans")) == []
    # a more specific memory serves its parent locale, labelled as such
    match = best(memory, seg("Sign in"), target=Locale("de"))
    assert (match.memory_locale, match.fallback) == (Locale("de-CH"), True)


# -- batches and recall ----------------------------------------------------------------------------


def test_lookup_many_answers_like_lookup(memory: TranslationMemory) -> None:
    remember(
        memory,
        (seg("You have 5 unread messages."), seg("Sie haben 5 ungelesene Nachrichten.")),
        (seg("How do I reset my password?"), seg("Wie setze ich mein Passwort zurück?")),
    )
    queries = [seg("You have 7 unread messages."), seg("How do I reset my password?"), seg("Unrelated text here."), seg("You have 7 unread messages.")]
    many = memory.lookup_many(queries, EN, DE)
    assert many == [memory.lookup(q, EN, DE) for q in queries]
    assert [len(m) for m in many] == [1, 1, 0, 1]


def full_scan(sentence: str, stored: list[str]) -> list[float]:
    """Every stored sentence's full score for ``sentence`` (stored with its upper case as target), best first."""
    scope = scope_of(EN, DE)
    query = Query(seg(sentence), match_key(seg(sentence), scope))
    return sorted((score(query, seg(s), match_key(seg(s), scope), seg(s.upper()), None).score for s in stored), reverse=True)


def test_fuzzy_search_finds_what_a_full_scan_finds(memory: TranslationMemory) -> None:
    """Recall against brute force on a seeded TM of template sentences with near-duplicates."""
    rng = random.Random(7)
    stored = sorted({support_sentence(rng) for _ in range(1500)})
    remember(memory, *[(seg(s), seg(s.upper())) for s in stored])
    queries = [support_sentence(rng) for _ in range(60)]
    for _ in range(60):
        words = rng.choice(stored).split()
        words[rng.randrange(len(words))] = rng.choice(THINGS)
        queries.append(" ".join(words))
    answers = memory.lookup_many([seg(q) for q in queries], EN, DE, limit=1)
    for sentence, answer in zip(queries, answers):
        truth = full_scan(sentence, stored)[0]
        if truth >= 75:
            assert answer and answer[0].score == truth, sentence
        else:
            assert answer == []


PENALISED_TEMPLATES = [
    "Hi {{name}}, you can {v} the {t} from the {p} within {n} days.",
    "You can {v} the {t} from the {p} within {n} days.",
    "Open %s to {v} the {t} in the {p}, then wait {n} minutes.",
    "Open the {p} to {v} the {t}, then wait {n} minutes.",
]


def test_the_best_three_are_what_a_full_scan_finds_when_codes_and_numbers_cost_points(memory: TranslationMemory) -> None:
    """The search stops below the scores it has settled; penalties must never make it stop too early.

    Sentences differ in placeholders and numbers as well as words, and some
    are stored twice with another context (one answer, not two): the three
    best distinct answers equal a full scan's.
    """
    rng = random.Random(17)
    stored = sorted({support_sentence(rng, PENALISED_TEMPLATES) for _ in range(900)})
    remember(memory, *[(seg(s), seg(s.upper())) for s in stored])
    for s in stored[::7]:
        memory.add([TMEntry(seg(s), seg(s.upper()), EN, DE, context=TMContext(key="again"))], origin="test")
    queries = [support_sentence(rng, PENALISED_TEMPLATES) for _ in range(50)]
    answers = memory.lookup_many([seg(q) for q in queries], EN, DE, limit=3)
    for sentence, answer in zip(queries, answers):
        best = full_scan(sentence, stored)[:3]
        assert [m.score for m in answer] == [value for value in best if value >= 75], sentence


def test_the_variant_with_the_segments_numbers_is_found_among_many(tmp_path: Path) -> None:
    """Hundreds of number variants rank alike by their words; the one with the segment's number wins.

    Only a few ranked candidates are verified here and the number is too
    common in the TM to rank by, so the right variant is found by its exact
    key (the found match with the segment's number written in).
    """
    settings = SearchSettings(max_verify=4, chunk=4, first_budget=2)
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'tm.db'}", settings=settings) as memory:
        remember(
            memory,
            *[
                (seg(f"You can archive up to {n} items at once in the web app."), seg(f"Sie können bis zu {n} Elemente archivieren."))
                for n in range(2, 400)
            ],
            *[(seg(f"Error 317: the {thing} is locked."), seg(f"Fehler 317: {thing}")) for thing in ("file", "disk", "app", "key")],
        )
        match = best(memory, seg("You can export up to 317 items at once in the web app."), limit=1)
    assert match.source.render() == "You can archive up to 317 items at once in the web app."
    assert match.score == round(100 * (1 - 1 / 13), 2)
    assert match.target.render() == "Sie können bis zu 317 Elemente archivieren."


def test_a_segment_with_hundreds_of_alike_candidates_keeps_only_those_it_may_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hundreds of variants verify alike; only as many as may be fully scored are kept and queued."""
    kept: list[int] = []
    search = lookup_module._search

    def counting_search(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = search(*args, **kwargs)
        kept.append(len(found))
        return found

    monkeypatch.setattr(lookup_module, "_search", counting_search)
    names = ["".join(letters) for letters in itertools.product("bdgklmnprt", "aeiou", "lnrst")][:200]
    stored = [f"Your {name} can hold up to 25 items at once." for name in names]
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'tm.db'}") as memory:
        remember(memory, *[(seg(s), seg(s.upper())) for s in stored])
        match = best(memory, seg("Your basket can hold up to 25 items at once."), limit=1)
    assert kept == [lookup_module._tried(1)]
    assert match.score == full_scan("Your basket can hold up to 25 items at once.", stored)[0] == 90.0


def test_big_lookups_in_worker_processes_answer_like_one_process(tmp_path: Path) -> None:
    """A job split between processes gets the same answers, in order, with progress to the end."""
    rng = random.Random(11)
    words = "reset update delete export share restore sync rename archive invoice backup folder report device".split()
    stored = sorted({" ".join(rng.choice(words) for _ in range(rng.randint(5, 9))) for _ in range(600)})
    url = f"sqlite:///{tmp_path / 'tm.db'}"
    with TranslationMemory.open(url) as memory:
        remember(memory, *[(seg(s), seg(s.upper())) for s in stored])
    queries = []
    for _ in range(120):
        changed = rng.choice(stored).split()
        changed[rng.randrange(len(changed))] = rng.choice(words)
        queries.append(seg(" ".join(changed)))
    answers = {}
    for processes in (1, 2):
        done: list[int] = []
        settings = SearchSettings(processes=processes, parallel_from=50)
        with TranslationMemory.open(url, settings=settings) as memory:
            assert can_split(memory.store.engine, len(queries), settings) == (processes == 2)
            answers[processes] = memory.lookup_many(queries, EN, DE, limit=3, progress=done.append)
        assert done[-1] == len(queries)
    assert answers[2] == answers[1]
    assert sum(1 for found in answers[1] if found) > 20
    assert gc.get_freeze_count() == 0  # the heap frozen while the workers ran is collected again


def test_objects_the_program_froze_stay_frozen_through_a_big_lookup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tm.db'}"
    with TranslationMemory.open(url) as memory:
        remember(memory, (seg("Restart the router and try again."), seg("Starten Sie den Router neu.")))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with TranslationMemory.open(url, settings=SearchSettings(processes=2, parallel_from=10)) as memory:
            found = memory.lookup_many([seg("Restart the modem and try again.")] * 1 + [seg(f"Line {n}") for n in range(20)], EN, DE)
        assert found[0] and found[0][0].score == round(100 * 5 / 6, 2)
        assert 0 < gc.get_freeze_count() <= frozen  # neither released nor frozen anew (some may have been freed)
    finally:
        gc.unfreeze()


def test_batches_keep_the_queries_in_order() -> None:
    assert batches(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batches([], 3) == []


def test_tokens_and_fuzzy_score_helpers() -> None:
    assert tokenize(fold("Error 42: the two-factor code expired.")) == ("error", "#", "the", "two", "factor", "code", "expired")
    assert tokenize(fold("請求書を確認")) == ("請", "求", "書", "を", "確", "認")
    a, b = match_key(seg("one two three four"), 1), match_key(seg("one two four"), 1)
    assert Levenshtein.normalized_similarity(a.tokens, b.tokens) == 0.75


# -- budgets that grow with the TM -------------------------------------------------------------


def test_the_second_budget_grows_with_the_tm_so_a_match_behind_common_grams_is_found(memory: TranslationMemory) -> None:
    """A match sharing only common grams with the segment is out of a fixed small budget's reach.

    Every gram the stored sentence shares with the segment is also in forty
    other units; the segment's own grams are in two units each, so they are
    read first and lead nowhere. A budget of 50 postings stops before the
    shared grams; grown with the TM (371 units for 100) it reads them and
    finds the 84.62 match, on SQLite and on PostgreSQL.
    """
    rng = random.Random(3)
    noise = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()
    wanted = "open the settings page and choose a new password for your account today".split()
    stored = "open the settings page and choose a new email for your account now".split()

    def around(words: list[str], before: int = 4, after: int = 4) -> str:
        return " ".join([*rng.sample(noise, before), *words, *rng.sample(noise, after)])

    shared = {tuple(stored[i : i + 3]) for i in range(len(stored) - 2)}
    sentences = [" ".join(stored)]
    for i in range(len(wanted) - 2):
        gram = wanted[i : i + 3]
        sentences += [around(gram) for _ in range(40 if tuple(gram) in shared else 2)]
    sentences += [around(stored[:2], 0, 6) for _ in range(40)] + [around(stored[-2:], 6, 0) for _ in range(40)]
    sentences += [around(wanted[-2:], 6, 0) for _ in range(2)]
    remember(memory, *[(seg(s), seg(s.upper())) for s in sentences])
    assert memory.store.size_bound() == len(sentences) == 371

    query = seg(" ".join(wanted))
    small = SearchSettings(first_budget=1, second_budget=50, min_grams=1, processes=1)
    memory.settings = dataclasses.replace(small, grows_from=0)
    assert memory.lookup(query, EN, DE, threshold=60, limit=1) == []
    memory.settings = dataclasses.replace(small, grows_from=100)
    assert memory.settings.for_size(371).second_budget == round(50 * 3.71**1.3) == 275
    [match] = memory.lookup(query, EN, DE, threshold=60, limit=1)
    assert (match.source.render(), match.score) == (" ".join(stored), 84.62)


def test_settings_below_the_growth_size_are_kept_as_they_are() -> None:
    settings = SearchSettings()
    assert settings.for_size(settings.grows_from) is settings
    grown = settings.for_size(10 * settings.grows_from)
    assert (grown.second_budget, grown.max_verify) == (round(settings.second_budget * 10**1.3), round(settings.max_verify * 10**0.6))
    assert grown.first_budget == settings.first_budget
