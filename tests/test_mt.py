"""MT: masking round trip, the pseudo provider, and every HTTP provider against a real
loopback server (the MTSuite)."""

from __future__ import annotations

import pytest

from locflow.errors import ConfigError, ProviderError
from locflow.model import Code, CodeKind, Locale, Segment
from locflow.mt.base import NoProvider
from locflow.mt.driver import translate_segments
from locflow.mt.libretranslate import LibreTranslateProvider
from locflow.mt.masking import MaskError, mask, unmask
from locflow.mt.pseudo import PseudoProvider, pseudo_segment
from tests.mt_server import LoopbackMT

EN, DE = Locale("en"), Locale("de")
LINK_OPEN = Code("1", CodeKind.OPEN, '<a href="https://x.example">', "link")
LINK_CLOSE = Code("1", CodeKind.CLOSE, "</a>", "link")
EMAIL = Code("2", CodeKind.STANDALONE, "jane@example.com", "email")
SEGMENTS = [
    Segment.of("Read ", LINK_OPEN, "the guide", LINK_CLOSE, " or mail ", EMAIL, "."),
    Segment.text_only("Tom & Jerry <3 a > b"),
    Segment.text_only("Plain text."),
]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_mask_unmask_round_trips(segment: Segment):
    masked = mask(segment)
    assert "jane@example.com" not in masked and "https://" not in masked
    assert unmask(masked, segment.codes) == segment


def test_unmask_refuses_unknown_or_unbalanced_tags():
    with pytest.raises(MaskError, match="unknown"):
        unmask('Hi <x id="9"/>', [])
    with pytest.raises(MaskError, match="not closed"):
        unmask('<g id="1">open', [LINK_OPEN, LINK_CLOSE])


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


class MTSuite:
    """Contract every HTTP MT provider passes against a real loopback server."""

    def make_provider(self, url: str):
        raise NotImplementedError

    def test_translates_in_order_and_keeps_codes(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url)
            assert provider.supports(EN, DE)
            out = translate_segments(provider, SEGMENTS, EN, DE)
        assert out[0] == Segment.of("READ ", LINK_OPEN, "THE GUIDE", LINK_CLOSE, " OR MAIL ", EMAIL, ". (de)")
        assert out[1].text == "TOM & JERRY <3 A > B (de)"
        sent = [r for r in server.requests if r["path"] == "/translate"][0]["payload"]
        assert all("jane@example.com" not in q for q in sent["q"]), "PII must not reach the provider"

    def test_retries_transient_errors_then_fails_cleanly(self):
        with LoopbackMT() as server:
            provider = self.make_provider(server.url)
            server.fail_next = [503]
            assert translate_segments(provider, SEGMENTS[2:], EN, DE)[0].text == "PLAIN TEXT. (de)"
            server.fail_next = [401]
            with pytest.raises(ProviderError, match="401"):
                translate_segments(provider, SEGMENTS[2:], EN, DE)

    def test_unreachable_service_is_a_provider_error(self):
        with LoopbackMT() as server:
            url = server.url
        provider = self.make_provider(url)
        with pytest.raises(ProviderError, match="cannot reach"):
            translate_segments(provider, SEGMENTS[2:], EN, DE)


class TestLibreTranslate(MTSuite):
    def make_provider(self, url: str):
        return LibreTranslateProvider(url=url, timeout=5)

    def test_api_key_comes_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("LT_KEY_FOR_TEST", "s3cret")
        with LoopbackMT() as server:
            provider = LibreTranslateProvider(url=server.url, api_key_env="LT_KEY_FOR_TEST")
            provider.translate(["hi"], EN, DE)
            server.fail_next = [403]
            with pytest.raises(ProviderError) as info:
                provider.translate(["hi"], EN, DE)
        assert server.requests[0]["payload"]["api_key"] == "s3cret"
        assert "s3cret" not in str(info.value)
