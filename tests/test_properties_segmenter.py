"""The SRX segmenter (the default rules) on generated text: sentences put together give the text
back, none is empty, breaks are sorted inside the text, and text with code marks keeps every mark."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.segment import CODE_MARK, get_segmenter
from tests.property_support import hostile_text

CI = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
SENTENCE_BITS = st.sampled_from([". ", "! ", "? ", "。", "! ", "... ", "Mr. ", "e.g. ", "3.5 ", "\n", "\n\n", " ", CODE_MARK, "»", '"'])
prose = st.lists(hostile_text | SENTENCE_BITS | st.sampled_from(["Open the menu", "Klicken Sie", "設定を開きます", "Dr"]), max_size=16).map("".join)
LANGUAGES = st.sampled_from(["en", "de", "fr", "ja", "zh", "ar", "ru", "xx"])


@CI
@given(prose, LANGUAGES)
def test_sentences_give_the_text_back(text: str, language: str):
    segmenter = get_segmenter()
    sentences = segmenter.split(text, language)
    assert "".join(sentences) == text
    assert all(sentences)
    breaks = segmenter.breaks(text, language)
    assert breaks == sorted(set(breaks)) and all(0 < b < len(text) for b in breaks)


@CI
@given(prose, LANGUAGES, st.lists(st.sampled_from(["open", "close", "standalone"]), max_size=8))
def test_breaks_around_codes_stay_inside_the_text(text: str, language: str, kinds: list[str]):
    segmenter = get_segmenter()
    breaks = segmenter.breaks(text, language, codes=kinds)
    assert breaks == sorted(set(breaks)) and all(0 < b < len(text) for b in breaks)
