"""The MT driver: verification of answers, one request per distinct text, the cache in the store,
the character budget, the concurrency limit, fallback between engines, glossaries per segment."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from locflow.model import Code, CodeKind, Locale, Segment
from locflow.mt.base import Markup
from locflow.mt.deepl import DeepLProvider
from locflow.mt.driver import LeftReason, MTRequest, MTSession
from locflow.mt.engines import EngineSet
from locflow.mt.libretranslate import LibreTranslateProvider
from locflow.mt.llm import OpenAICompatibleProvider
from locflow.mt.masking import render
from locflow.mt.settings import EngineSpec, MTSettings
from locflow.mt.verify import RejectReason, Rejection, verify_answer
from locflow.privacy import PIIFinder, PrivacySettings
from locflow.store import ProjectStore
from locflow.store.mt import MTStore
from locflow.store.schema import mt_cache
from tests.mt_server import LoopbackMT

EN, DE, FR = Locale("en"), Locale("de"), Locale("fr")
B_OPEN, B_CLOSE = Code("1", CodeKind.OPEN, "**", "bold"), Code("1", CodeKind.CLOSE, "**", "bold")
NAME = Code("2", CodeKind.STANDALONE, "{name}", "placeholder")
RICH = Segment.of("Hello ", NAME, ", open ", B_OPEN, "Settings", B_CLOSE, " now.")
FINDER = PIIFinder(PrivacySettings())


# -- verification ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("", RejectReason.EMPTY),
        ("   ", RejectReason.EMPTY),
        ('Hallo , öffne <g id="1">Einstellungen</g> jetzt.', RejectReason.TOKEN_LOST),
        ('Hallo <x id="2"/><x id="2"/>, öffne <g id="1">Einstellungen</g>.', RejectReason.TOKEN_DUPLICATED),
        ('Hallo <x id="9"/>, öffne <g id="1">Einstellungen</g>.', RejectReason.TOKEN_CHANGED),
        ('Hallo <x id="2"/>, öffne <g id="1">Einstellungen.', RejectReason.TOKEN_MOVED),
        ('Hallo <x id="2"/>, öffne <g id="1">Einstellungen</g> <x id = "3" />.', RejectReason.TOKEN_CHANGED),
        ('Hallo <x id="2"/> {Name}, öffne <g id="1">Einstellungen</g>.', RejectReason.PLACEHOLDER_CHANGED),
        ('Hello <x id="2"/>, open <g id="1">Settings</g> now.', RejectReason.UNTRANSLATED),
    ],
)
def test_a_bad_answer_is_refused_with_its_reason(answer: str, reason: RejectReason):
    verdict = verify_answer(RICH, answer, Markup.XML)
    assert isinstance(verdict, Rejection) and verdict.reason == reason, verdict


def test_a_token_moved_out_of_its_pair_is_refused():
    source = Segment.of("Open ", B_OPEN, "the ", NAME, " page", B_CLOSE, ".")
    good = verify_answer(source, 'Öffne <g id="1">die <x id="2"/> Seite</g>.', Markup.XML)
    assert isinstance(good, Segment) and good.codes == source.codes
    moved = verify_answer(source, 'Öffne <x id="2"/> <g id="1">die Seite</g>.', Markup.XML)
    assert isinstance(moved, Rejection) and moved.reason == RejectReason.TOKEN_MOVED
    crossed = verify_answer(source, "Öffne {/1}die {2/} Seite{1}.", Markup.TOKENS)
    assert isinstance(crossed, Rejection) and crossed.reason == RejectReason.TOKEN_MOVED
    altered = verify_answer(source, "Öffne {1}die {zwei/} Seite{/1}.", Markup.TOKENS)
    assert isinstance(altered, Rejection) and altered.reason in (RejectReason.TOKEN_CHANGED, RejectReason.TOKEN_LOST)


def test_a_good_answer_keeps_codes_and_short_texts_may_stay_the_same():
    verdict = verify_answer(RICH, 'Hallo <x id="2"/>, öffne jetzt <g id="1">Einstellungen</g>.', Markup.XML)
    assert isinstance(verdict, Segment) and verdict.codes == RICH.codes
    assert isinstance(verify_answer(Segment.text_only("Dropbox Business"), "Dropbox Business", Markup.XML), Segment)


# -- the session against a loopback engine ---------------------------------------------------------
def _session(url: str, **options) -> MTSession:
    store_options = options.pop("store", None)
    return MTSession(EngineSet.single(DeepLProvider(url=url, **options.pop("engine", {}))), finder=FINDER, cache=store_options, **options)


def _deepl_texts(server: LoopbackMT) -> list[str]:
    return [text for r in server.calls("/v2/translate") for text in r.payload["text"]]


def test_identical_sources_are_sent_once_and_personal_data_restored_per_segment():
    requests = [
        MTRequest(1, Segment.text_only("Call +1 555 0100 if the router restarts.")),
        MTRequest(2, Segment.text_only("Call +1 555 0199 if the router restarts.")),
        MTRequest(3, Segment.text_only("Call +1 555 0100 if the router restarts.")),
        MTRequest(4, RICH),
    ]
    results = {}
    with LoopbackMT() as server:
        outcome = _session(server.url).translate(requests, EN, DE, on_batch=lambda r, _: results.update((x.key, x.target) for x in r))
    assert _deepl_texts(server) == ['Call <x id="p1"/> if the router restarts.', render(RICH, Markup.XML)]
    assert results[1].text == "CALL +1 555 0100 IF THE ROUTER RESTARTS. (de)"
    assert results[2].text == "CALL +1 555 0199 IF THE ROUTER RESTARTS. (de)"
    assert results[4].codes == RICH.codes
    assert outcome.translated == 4 and outcome.masked == {"phone": 3}
    assert outcome.usage["deepl"].requests == 1 and outcome.usage["deepl"].characters == sum(len(t) for t in _deepl_texts(server))


def test_the_cache_pays_once_holds_no_personal_data_and_keeps_settings_apart(store_url: str):
    store = ProjectStore.open(store_url)
    cache = MTStore(store.engine)
    requests = [MTRequest(n, Segment.text_only(f"Ticket for jane.doe{n}@example.com: the backup of device {n} failed.")) for n in range(3)]
    with LoopbackMT() as server:
        first = _session(server.url, store=cache).translate(requests, EN, DE)
        sent_first = len(server.calls("/v2/translate"))
        again = _session(server.url, store=cache).translate(requests, EN, DE)
        formal = _session(server.url, store=cache, engine={"formality": "more"}).translate(requests[:1], EN, DE)
    assert first.translated == again.translated == 3
    assert sent_first == 1 and len(server.calls("/v2/translate")) == 2, "the second run sent nothing; other settings send"
    assert again.usage["deepl"].cached == 3 and again.usage["deepl"].requests == 0 and formal.usage["deepl"].requests == 1
    with store.engine.connect() as conn:
        rows = conn.execute(select(mt_cache.c.source, mt_cache.c.target, mt_cache.c.hits)).all()
    assert rows and not any(re.search(r"jane\.doe|@example", r.source + r.target) for r in rows)
    assert len(rows) == 4 and sum(r.hits for r in rows) == 3  # three masked texts served once each, one formal
    stats = cache.stats()
    assert stats[0].engine == "deepl" and stats[0].entries == len(rows)
    assert cache.clear(engine="deepl") == len(rows) and cache.stats() == []
    store.close()


def test_the_budget_stops_sending_and_says_what_is_left():
    requests = [MTRequest(n, Segment.text_only(f"Sentence number {n} about the printer.")) for n in range(5)]
    with LoopbackMT() as server:
        session = _session(server.url, max_chars=80)
        outcome = session.translate(requests, EN, DE)
        more = session.translate(requests[:1], EN, FR)
    assert outcome.translated == 2 and list(outcome.left.values()) == [LeftReason.BUDGET] * 3
    assert more.left == {0: LeftReason.BUDGET}, "the budget is per run, not per locale"
    assert len(_deepl_texts(server)) == 2 and session.sent_chars <= 80


def test_concurrency_is_limited_and_used():
    requests = [MTRequest(n, Segment.text_only(f"Question {n} about the invoice.")) for n in range(12)]
    with LoopbackMT(delay=0.15) as server:
        session = _session(server.url, engine={"batch_size": 1}, concurrency=3)
        assert session.engines.engine("deepl").supports(EN, DE)
        outcome = session.translate(requests, EN, DE)
    assert outcome.translated == 12 and outcome.usage["deepl"].requests == 12
    assert server.max_in_flight == 3


def test_batches_keep_to_count_and_characters():
    requests = [MTRequest(n, Segment.text_only(f"{n} " + "word " * 20)) for n in range(7)]
    with LoopbackMT() as server:
        _session(server.url, engine={"batch_size": 3, "batch_chars": 250}).translate(requests, EN, DE)
    sizes = [len(r.payload["text"]) for r in server.calls("/v2/translate")]
    assert sum(sizes) == 7 and max(sizes) <= 2, sizes  # ~105 characters each: two fit in 250


def test_a_failing_engine_hands_over_to_the_next_and_keeps_what_it_translated():
    requests = [MTRequest(n, Segment.text_only(f"How do I export report {n}?")) for n in range(6)]
    done = []
    with LoopbackMT(fail_after=1) as flaky, LoopbackMT() as steady:
        settings = MTSettings(
            engines={"deepl": EngineSpec("deepl", "deepl", {"url": flaky.url, "batch_size": 2, "retries": 1, "backoff": 0}),
                     "lt": EngineSpec("lt", "libretranslate", {"url": steady.url})},
            use=("deepl", "lt"),
        )
        session = MTSession(EngineSet(settings), concurrency=1)
        outcome = session.translate(requests, EN, DE, on_batch=lambda r, _: done.extend((x.key, x.engine) for x in r))
        again = session.translate(requests[:1], EN, DE)
    assert sorted(done) == [(0, "deepl"), (1, "deepl"), (2, "lt"), (3, "lt"), (4, "lt"), (5, "lt")]
    assert outcome.translated == 6 and not outcome.left and "503" in outcome.failures[0]
    assert again.usage.keys() == {"lt"}, "a failed engine is not asked again in the same run"


def test_when_every_engine_fails_segments_are_left_as_failed():
    with LoopbackMT() as server:
        url = server.url
    outcome = _session(url, engine={"retries": 0}).translate([MTRequest(1, Segment.text_only("Hi there."))], EN, DE)
    assert outcome.left == {1: LeftReason.FAILED} and "cannot reach" in outcome.failures[0]


def test_refused_answers_are_reported_and_not_cached(tmp_path):
    cache = MTStore(ProjectStore.open(f"sqlite:///{tmp_path / 's.db'}").engine)
    refused = []
    with LoopbackMT(mangle=lambda text: re.sub(r'<x id="\d+"/>', "", text)) as server:
        outcome = _session(server.url, store=cache).translate(
            [MTRequest(1, RICH), MTRequest(2, Segment.text_only("Restart the router twice."))], EN, DE,
            on_batch=lambda _, r: refused.extend(r),
        )
    assert outcome.translated == 1 and [(r.key, r.rejection.reason) for r in refused] == [(1, RejectReason.TOKEN_LOST)]
    assert "placeholder" in refused[0].rejection.detail
    assert len(cache.stats()) == 1 and cache.stats()[0].entries == 1


def test_glossaries_per_segment():
    requests = [
        MTRequest(1, Segment.text_only("Reset the password."), {"password": "Kennwort"}, "faq answer"),
        MTRequest(2, Segment.text_only("Delete the account."), {"account": "Konto"}, "heading"),
        MTRequest(3, Segment.text_only("Reset the password."), {"password": "Kennwort"}, "faq answer"),
    ]
    with LoopbackMT() as server:
        _session(server.url).translate(requests, EN, DE)
        llm = OpenAICompatibleProvider(url=server.url + "/v1", model="m")
        MTSession(EngineSet.single(llm)).translate(requests, EN, DE)
    deepl = server.calls("/v2/translate")
    assert sorted((r.payload["text"], server.glossaries[r.payload["glossary_id"]]) for r in deepl) == [
        (["Delete the account."], "account\tKonto"), (["Reset the password."], "password\tKennwort")
    ], "one request per glossary, identical texts once"
    import json

    items = json.loads(server.calls("/chat/completions")[0].payload["messages"][1]["content"])["items"]
    assert [(i["text"], i["kind"], i["glossary"]) for i in items] == [
        ("Reset the password.", "faq answer", [{"source": "password", "target": "Kennwort"}]),
        ("Delete the account.", "heading", [{"source": "account", "target": "Konto"}]),
    ]


def test_an_engine_that_does_not_support_the_pair_is_skipped():
    with LoopbackMT() as server:
        lt = LibreTranslateProvider(url=server.url)
        outcome = MTSession(EngineSet.single(lt)).translate([MTRequest(1, Segment.text_only("Hello world"))], EN, Locale("ko"))
    assert outcome.left == {1: LeftReason.UNSUPPORTED} and not outcome.failures
