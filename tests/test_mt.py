"""MT: masking round trip, the pseudo provider, and every HTTP engine against a real loopback
server speaking its documented request and response shapes (the MTSuite)."""

from __future__ import annotations

import json
import time

import pytest

from locflow.errors import ConfigError, ProviderError
from locflow.model import Code, CodeKind, Locale, Segment
from locflow.mt.argos import ArgosProvider, argos_installed
from locflow.mt.azure import AzureProvider
from locflow.mt.base import Markup, MTItem, NoProvider
from locflow.mt.deepl import DeepLProvider
from locflow.mt.driver import translate_segments
from locflow.mt.google import GoogleProvider
from locflow.mt.http import retry_after_seconds
from locflow.mt.libretranslate import LibreTranslateProvider
from locflow.mt.llm import OpenAICompatibleProvider
from locflow.mt.masking import MaskError, parse, render, unmask
from locflow.mt.pseudo import PseudoProvider, pseudo_segment
from locflow.privacy import PIIFinder, PrivacySettings
from tests.mt_server import LoopbackMT, Recorded

EN, DE = Locale("en"), Locale("de")
LINK_OPEN = Code("1", CodeKind.OPEN, '<a href="https://x.example">', "link")
LINK_CLOSE = Code("1", CodeKind.CLOSE, "</a>", "link")
EMAIL = Code("2", CodeKind.STANDALONE, "jane@example.com", "email")
SEGMENTS = [
    Segment.of("Read ", LINK_OPEN, "the guide", LINK_CLOSE, " or mail ", EMAIL, "."),
    Segment.text_only("Tom & Jerry <3 a > b"),
    Segment.text_only("Plain text."),
]
PERSONAL = Segment.text_only("Call +1 555 0100 or write to max.muster@example.org today.")
FINDER = PIIFinder(PrivacySettings())
#: one value of every masking kind: built-in detectors, a project pattern, a listed name and a name pattern
EVERY_KIND = {
    "email": "max.muster@example.org",
    "url with a query": "https://acme.example/reset?token=abc123&user=42",
    "phone": "+1 555 0100",
    "iban": "DE89 3704 0044 0532 0130 00",
    "card": "4111 1111 1111 1111",
    "ipv4": "192.168.1.20",
    "ipv6": "2001:db8::8a2e:370:7334",
    "ticket": "TCK-123456",
    "listed name": "Jane Doe",
    "name pattern": "Mrs. Smith",
}
EVERY_KIND_TEXT = (
    "Dear {listed name} and {name pattern}, we wrote to {email}; reset at {url with a query}. Call {phone}. "
    "Refund to {iban}, card {card}, from {ipv4} and {ipv6} about {ticket}."
).format_map(EVERY_KIND)
EVERY_KIND_FINDER = PIIFinder(
    PrivacySettings(patterns={"ticket": r"TCK-\d{6}"}, names=("Jane Doe",), name_patterns=(r"\bMrs?\. [A-Z][a-z]+",))
)
KEY = "s3cret-key-value"


@pytest.mark.parametrize("segment", SEGMENTS)
@pytest.mark.parametrize("markup", [Markup.XML, Markup.TOKENS])
def test_mask_unmask_round_trips(segment: Segment, markup: Markup):
    masked = render(segment, markup)
    assert "jane@example.com" not in masked and "https://" not in masked
    assert parse(masked, segment.codes, markup) == segment


def test_tokens_form_for_plain_text_engines():
    assert render(SEGMENTS[0], Markup.TOKENS) == "Read {1}the guide{/1} or mail {2/}."
    assert render(Segment.text_only("a {b}"), Markup.TOKENS) == "a {{b}}"


def test_unmask_refuses_unknown_or_unbalanced_tags():
    with pytest.raises(MaskError, match="unknown"):
        unmask('Hi <x id="9"/>', [])
    with pytest.raises(MaskError, match="not closed"):
        unmask('<g id="1">open', [LINK_OPEN, LINK_CLOSE])
    with pytest.raises(MaskError, match="unknown"):
        parse("Hi {9/}", [], Markup.TOKENS)


def test_pseudo_keeps_codes_and_marks_text():
    out = translate_segments(PseudoProvider(), SEGMENTS, EN, DE)
    assert out[0].codes == SEGMENTS[0].codes
    assert out[0].text.startswith("⟦Ŕéàð") and out[0].text.endswith("·⟧.")
    assert out[2].text == "⟦Pļàîñ ţéxţ ···⟧."
    assert out[1].text == "⟦Ţöm & Jéŕŕý <3 à > ƀ ·····⟧"
    assert pseudo_segment(Segment.text_only("123")) == Segment.text_only("123")


def test_providers_reject_unknown_options():
    with pytest.raises(ConfigError):
        PseudoProvider(colour="blue")
    with pytest.raises(ConfigError):
        NoProvider(url="x")
    with pytest.raises(ConfigError):
        LibreTranslateProvider(url="ftp://x")
    with pytest.raises(ConfigError, match="formality"):
        DeepLProvider(formality="very")
    with pytest.raises(ConfigError, match="batch_size"):
        DeepLProvider(batch_size=51)  # DeepL takes 50 texts a request
    with pytest.raises(ConfigError, match="project"):
        GoogleProvider(api="v3")
    with pytest.raises(ConfigError, match="unknown option"):
        AzureProvider(colour="blue")


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412475.0) == pytest.approx(5.0)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


class MTSuite:
    """Contract every HTTP engine passes against a real loopback server."""

    translate_path = ""
    key_env = "LOCFLOW_TEST_MT_KEY"

    def make_provider(self, url: str, **options):
        raise NotImplementedError

    def sent_texts(self, record: Recorded) -> list[str]:
        raise NotImplementedError

    def assert_auth(self, record: Recorded) -> None:
        raise NotImplementedError

    def translations(self, server: LoopbackMT) -> list[Recorded]:
        return server.calls(self.translate_path)

    @pytest.fixture(autouse=True)
    def _key(self, monkeypatch):
        monkeypatch.setenv(self.key_env, KEY)

    def test_translates_in_order_keeps_codes_and_sends_no_personal_data(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url)
            assert provider.supports(EN, DE)
            out = translate_segments(provider, [*SEGMENTS, PERSONAL], EN, DE, finder=FINDER)
        assert out[0] == Segment.of("READ ", LINK_OPEN, "THE GUIDE", LINK_CLOSE, " OR MAIL ", EMAIL, ". (de)")
        assert out[1].text == "TOM & JERRY <3 A > B (de)"
        assert out[3].text == "CALL +1 555 0100 OR WRITE TO max.muster@example.org TODAY. (de)"
        calls = self.translations(server)
        assert len(calls) == 1, "four texts fit in one request"
        sent = self.sent_texts(calls[0])
        assert len(sent) == 4
        everything = json.dumps([r.payload for r in server.requests]) + json.dumps([r.query for r in server.requests])
        for personal in ("jane@example.com", "555 0100", "max.muster@example.org", "x.example"):
            assert personal not in everything, f"{personal} reached the engine"
        self.assert_auth(calls[0])

    def test_every_kind_of_personal_data_is_masked_on_the_wire_and_restored(self):
        with LoopbackMT() as server:
            out = translate_segments(self.make_provider(server.url), [Segment.text_only(EVERY_KIND_TEXT)], EN, DE, finder=EVERY_KIND_FINDER)
        sent = json.dumps([r.payload for r in server.requests]) + json.dumps([r.query for r in server.requests])
        assert [kind for kind, value in EVERY_KIND.items() if value in sent] == [], "personal data reached the engine"
        assert out[0] is not None and all(value in out[0].render() for value in EVERY_KIND.values())

    def test_retries_transient_errors_honours_retry_after_then_fails_cleanly(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url, backoff=0)
            assert provider.supports(EN, DE)  # engines that ask for their languages do it once, first
            server.fail_next = [(429, {"Retry-After": "1"}), 503]
            started = time.monotonic()
            assert translate_segments(provider, SEGMENTS[2:], EN, DE)[0].text == "PLAIN TEXT. (de)"
            assert time.monotonic() - started >= 0.95, "Retry-After: 1 was not honoured"
            assert len(self.translations(server)) == 3
            server.fail_next = [401]
            with pytest.raises(ProviderError, match="401"):
                translate_segments(provider, SEGMENTS[2:], EN, DE)

    def test_credentials_never_appear_in_errors(self):
        with LoopbackMT(echo_headers=True) as server:
            provider = self.make_provider(server.url, retries=0)
            server.fail_next = [403]
            with pytest.raises(ProviderError) as info:
                provider.translate(["hi"], EN, DE)
        assert "403" in str(info.value) and KEY not in str(info.value)

    def test_a_timeout_is_retried_then_fails(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url, timeout=0.2, retries=1, backoff=0)
            assert provider.supports(EN, DE)
            server.delay = 0.6
            with pytest.raises(ProviderError, match="did not answer"):
                provider.translate(["hi"], EN, DE)
            assert len(self.translations(server)) == 2

    def test_unreachable_service_is_a_provider_error(self):
        with LoopbackMT() as server:
            url = server.url
        provider = self.make_provider(url, retries=1, backoff=0)
        with pytest.raises(ProviderError, match="cannot reach"):
            translate_segments(provider, SEGMENTS[2:], EN, DE)


class TestLibreTranslate(MTSuite):
    translate_path = "/translate"

    def make_provider(self, url: str, **options):
        return LibreTranslateProvider(url=url, api_key_env=self.key_env, **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.payload["format"] == "html" and record.payload["target"] == "de"
        return record.payload["q"]

    def assert_auth(self, record: Recorded) -> None:
        assert record.payload["api_key"] == KEY


class TestDeepL(MTSuite):
    translate_path = "/v2/translate"

    def make_provider(self, url: str, **options):
        return DeepLProvider(url=url, api_key_env=self.key_env, **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.payload["tag_handling"] == "xml"
        assert record.payload["source_lang"] == "EN" and record.payload["target_lang"] == "DE"
        return record.payload["text"]

    def assert_auth(self, record: Recorded) -> None:
        assert record.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"

    def test_formality_and_language_variants(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url, formality="prefer_more")
            assert provider.target_code(Locale("en")) == "EN-US" and provider.target_code(Locale("en-GB")) == "EN-GB"
            assert not provider.supports(EN, Locale("ko"))
            provider.translate(["Hello"], EN, DE)
        assert self.translations(server)[0].payload["formality"] == "prefer_more"

    def test_glossary_terms_become_a_deepl_glossary_made_once(self):
        glossary = {"password": "Kennwort", "account": "Konto"}
        with LoopbackMT() as server:
            provider = self.make_provider(server.url)
            provider.translate(["Reset the password."], EN, DE, glossary=glossary)
            provider.translate(["Open the account."], EN, DE, glossary=glossary)
        made = server.calls("/v2/glossaries")
        assert len(made) == 1
        assert made[0].payload["entries"] == "account\tKonto\npassword\tKennwort"
        assert made[0].payload["entries_format"] == "tsv" and made[0].payload["target_lang"] == "de"
        assert all(r.payload["glossary_id"] == "gl-1" for r in self.translations(server))


class TestGoogleV2(MTSuite):
    translate_path = "/language/translate/v2"

    def make_provider(self, url: str, **options):
        return GoogleProvider(url=url, api_key_env=self.key_env, **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.payload["format"] == "html" and record.payload["target"] == "de"
        return record.payload["q"]

    def assert_auth(self, record: Recorded) -> None:
        assert record.headers["X-goog-api-key"] == KEY
        assert not record.query, "the key stays out of the URL"


class TestGoogleV3(MTSuite):
    translate_path = ":translateText"

    def make_provider(self, url: str, **options):
        return GoogleProvider(url=url, api="v3", project="acme-support", api_key_env=self.key_env, **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.path == "/v3/projects/acme-support/locations/global:translateText"
        assert record.payload["mimeType"] == "text/html" and record.payload["targetLanguageCode"] == "de"
        return record.payload["contents"]

    def assert_auth(self, record: Recorded) -> None:
        assert record.headers["Authorization"] == f"Bearer {KEY}"
        assert record.headers["x-goog-user-project"] == "acme-support"

    def test_a_glossary_resource_is_used_and_its_translations_read(self):
        name = "projects/acme-support/locations/us-central1/glossaries/support"
        with LoopbackMT() as server:
            provider = self.make_provider(server.url, location="us-central1", glossary=name)
            assert provider.translate(["Hello"], EN, DE) == ["HELLO (de)"]
        assert self.translations(server)[0].payload["glossaryConfig"] == {"glossary": name}


class TestAzure(MTSuite):
    translate_path = "/translate"

    def make_provider(self, url: str, **options):
        return AzureProvider(url=url, api_key_env=self.key_env, region="westeurope", **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.query == {"api-version": ["3.0"], "from": ["en"], "to": ["de"], "textType": ["html"]}
        return [item["Text"] for item in record.payload]

    def assert_auth(self, record: Recorded) -> None:
        assert record.headers["Ocp-Apim-Subscription-Key"] == KEY
        assert record.headers["Ocp-Apim-Subscription-Region"] == "westeurope"


class TestOpenAICompatible(MTSuite):
    translate_path = "/chat/completions"

    def make_provider(self, url: str, **options):
        return OpenAICompatibleProvider(url=url + "/v1", model="local-model", api_key_env=self.key_env, **options)

    def sent_texts(self, record: Recorded) -> list[str]:
        assert record.path == "/v1/chat/completions" and record.payload["model"] == "local-model"
        assert record.payload["response_format"]["type"] == "json_schema"
        system = record.payload["messages"][0]["content"]
        assert "English (en)" in system and "German (de)" in system and "Keep every tag" in system
        return [item["text"] for item in json.loads(record.payload["messages"][1]["content"])["items"]]

    def assert_auth(self, record: Recorded) -> None:
        assert record.headers["Authorization"] == f"Bearer {KEY}"

    def test_items_carry_glossary_kind_and_what_each_tag_is(self):
        items = [
            MTItem('Reset your password at <x id="1"/>.', {"password": "Kennwort"}, "faq answer", {"1": "link"}),
            MTItem('Call <x id="p1"/>.', {}, "heading", {"p1": "masked phone (personal data)"}),
        ]
        with LoopbackMT() as server:
            answers = self.make_provider(server.url).translate_items(items, EN, DE)
        assert answers == ['RESET YOUR PASSWORD AT <x id="1"/>. (de)', 'CALL <x id="p1"/>. (de)']
        sent = json.loads(self.translations(server)[0].payload["messages"][1]["content"])["items"]
        assert sent[0] == {
            "id": "1", "text": 'Reset your password at <x id="1"/>.', "kind": "faq answer",
            "glossary": [{"source": "password", "target": "Kennwort"}], "tags": {"1": "link"},
        }
        assert sent[1]["tags"] == {"p1": "masked phone (personal data)"} and "glossary" not in sent[1]

    def test_the_answer_is_parsed_never_trusted(self):
        class Careless(LoopbackMT):
            def _chat(self, payload):
                content = '```json\n{"translations": [{"id": "2", "text": "ZWEI"}, {"id": "9", "text": "x"}, {"id": "1"}]}\n```'
                return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}

        with Careless() as server:
            provider = self.make_provider(server.url)
            assert provider.translate(["one", "two", "three"], EN, DE) == ["", "ZWEI", ""]
            assert translate_segments(provider, [Segment.text_only("one two three")], EN, DE) == [None]


def test_argos_offline_engine():
    if not argos_installed():
        pytest.skip("argostranslate is not installed (the optional 'argos' extra)")
    provider = ArgosProvider()
    if not provider.supports(EN, DE):
        pytest.skip("no Argos en -> de language package is installed")
    out = translate_segments(provider, [Segment.text_only("Good morning, how are you?")], EN, DE)
    assert out[0] is not None and out[0].text != "Good morning, how are you?"


def test_argos_without_the_package_is_not_configured_and_supports_nothing(monkeypatch):
    monkeypatch.setattr("locflow.mt.argos.argos_installed", lambda: False)
    provider = ArgosProvider()
    assert provider.configured()[0] is False and "pip install" in provider.configured()[1]
    assert not provider.supports(EN, DE)


def test_error_messages_leave_out_credentials_in_the_url():
    with LoopbackMT() as server:
        port = server.url.rsplit(":", 1)[1]
    provider = DeepLProvider(url=f"http://user:topsecret@127.0.0.1:{port}", retries=0)
    with pytest.raises(ProviderError) as info:
        provider.supports(EN, DE)
    assert "cannot reach" in str(info.value) and "topsecret" not in str(info.value)


def test_tags_come_back_with_other_quotes_or_spaces():
    assert unmask("Lies <g id='1'>die Anleitung</g > oder <x id = '2' />.", SEGMENTS[0].codes).codes == SEGMENTS[0].codes
