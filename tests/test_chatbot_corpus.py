"""Real chatbot content written by others (../shared/corpus/support-content/chatbot), read in place.

* the Rasa FAQ bot (Rasa 1.x, MIT): ``domain.yml`` and Markdown ``nlu.md`` in English and German;
* the Alexa fact skill's interaction models for 16 locales (Apache-2.0), through the key-value filter;
* Bot Framework fixtures (MIT): QnA Maker ``qna.json`` through the FAQ filter, the other JSON
  through the key-value filter.

Every file must merge back to the same bytes, and a pseudo-translation of every segment must
parse to the same structure with the translated values.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from locflow.model import CodeKind, Locale
from ruamel.yaml import YAML

from content.chatbot import RasaDomainFilter, RasaNluFilter
from content.faq import FaqFilter
from content.keyvalue import KeyValueFilter
from content.rasa import ENTITY_ANNOTATION
from content.shapes import detect
from tests.test_chatbot import check_translation_reparses
from tests.shared_corpus import find_shared

pytestmark = pytest.mark.corpus

_REPO = Path(__file__).resolve().parents[1]
SHARED = find_shared()
CHATBOT = SHARED / "corpus" / "support-content" / "chatbot" if SHARED else None
ROBOAI = CHATBOT / "rasa-roboai-faq-en-de" / "bot" / "languages" if CHATBOT else None
ROBOAI_TEXT_KEYS = ["text", "ssml", "label"]


@pytest.fixture(autouse=True)
def _corpus_present():
    if CHATBOT is None or not CHATBOT.is_dir():
        pytest.skip("the shared corpus is not present")


def _load_yaml(data: bytes):
    return YAML(typ="safe").load(data.decode("utf-8"))


def _round_trips(filter_, data: bytes, name: str, locale: Locale) -> tuple[int, int]:
    document = filter_.extract(data, path=PurePosixPath(name), locale=locale)
    same = {key: segment for _, key, segment in document.segments()}
    assert filter_.merge(document, same, Locale("fr")) == data, name
    assert filter_.merge(document, {}, Locale("fr")) == data, name
    return len(document.units), document.segment_count()


@pytest.mark.parametrize("language", ["en", "de"])
def test_rasa_domain_round_trips_and_translates_custom_payload_texts(language):
    data = (ROBOAI / language / "domain.yml").read_bytes()
    assert detect(data, PurePosixPath("domain.yml")) == "rasa-domain"
    # by default custom payloads are kept: nothing to translate in this bot's domain
    assert _round_trips(RasaDomainFilter(), data, "domain.yml", Locale(language)) == (0, 0)
    units, _ = _round_trips(RasaDomainFilter(custom_keys=ROBOAI_TEXT_KEYS), data, "domain.yml", Locale(language))
    assert units > 900

    def make():
        return RasaDomainFilter(custom_keys=ROBOAI_TEXT_KEYS)

    assert check_translation_reparses(make, data, "domain.yml", _load_yaml) == units


def test_rasa_domain_ssml_tags_are_codes():
    data = (ROBOAI / "en" / "domain.yml").read_bytes()
    document = RasaDomainFilter(custom_keys=ROBOAI_TEXT_KEYS).extract(
        data, path=PurePosixPath("domain.yml"), locale=Locale("en")
    )
    unit = document.unit("responses.utter_bot_achievement[0].custom.answers[0].ssml")
    (segment,) = unit.segments
    assert [c.data for c in segment.codes] == ["<speak>", "</speak>"]
    assert segment.text == "The best thing that ever happened to me was being created."
    assert document.unit("responses.utter_automotive_advantages[0].custom.answers[2].options[1].label").segments[0].text == (
        "Automotive chatbot uses"
    )


@pytest.mark.parametrize("language", ["en", "de"])
def test_rasa_markdown_training_data_round_trips(language):
    data = (ROBOAI / language / "data" / "nlu.md").read_bytes()
    assert detect(data, PurePosixPath("nlu.md")) == "rasa-nlu"
    units, segments = _round_trips(RasaNluFilter(), data, "nlu.md", Locale(language))
    assert units == segments > 9000
    document = RasaNluFilter().extract(data, path=PurePosixPath("nlu.md"), locale=Locale(language))
    annotated = [s for _, _, s in document.segments() if any(c.type == "entity" for c in s.codes)]
    assert annotated and all(
        c.data.startswith("]{") for s in annotated for c in s.codes if c.kind == CodeKind.CLOSE
    )
    synonyms = [u.key for u in document.units if u.key.startswith("nlu[synonym=")]
    assert bool(synonyms) == (language == "en")  # only the English data has a synonym section


def _annotations(line: str) -> list[str]:
    """The entity and value part of each annotation, found with Rasa's own pattern."""
    return [match.group("tail") for match in ENTITY_ANNOTATION.finditer(line)]


def test_rasa_markdown_translation_keeps_every_annotation():
    data = (ROBOAI / "en" / "data" / "nlu.md").read_bytes()
    document = RasaNluFilter().extract(data, path=PurePosixPath("nlu.md"), locale=Locale("en"))
    translations = {key: segment.map_text(str.upper) for _, key, segment in document.segments()}
    output = RasaNluFilter().merge(document, translations, Locale("de")).decode()
    source_lines, output_lines = data.decode().splitlines(), output.splitlines()
    assert len(output_lines) == len(source_lines)
    changed = 0
    for before, after in zip(source_lines, output_lines):
        assert _annotations(after) == _annotations(before)
        if before.startswith(("## ", "<!--")) or not before.strip():
            assert after == before
        changed += before != after
    assert changed > 9000


ALEXA_MODELS = sorted((CHATBOT / "alexa-fact-skill-multilocale" / "models").glob("*.json")) if CHATBOT else []


@pytest.mark.parametrize("path", ALEXA_MODELS, ids=lambda p: p.name)
def test_alexa_interaction_models_round_trip_as_key_value(path):
    data = path.read_bytes()
    assert detect(data, PurePosixPath(path.name)) == "keyvalue"
    locale = Locale(path.stem)
    units, _ = _round_trips(KeyValueFilter(), data, path.name, locale)
    assert units > 30
    assert check_translation_reparses(KeyValueFilter, data, path.name, json.loads) == units


def test_alexa_slot_references_are_codes():
    data = (CHATBOT / "alexa-fact-skill-multilocale" / "models" / "en-US.json").read_bytes()
    document = KeyValueFilter().extract(data, path=PurePosixPath("en-US.json"), locale=Locale("en-US"))
    segment = document.unit("interactionModel.languageModel.intents[4].samples[1]").segments[0]
    assert segment.tagged() == "a {1/} fact" and segment.codes[0].data == "{factType}"


BOTFRAMEWORK_JSON = (
    sorted((CHATBOT / "botframework-lu-qna-lg").rglob("*.json")) if CHATBOT else []
)


@pytest.mark.parametrize("path", BOTFRAMEWORK_JSON, ids=lambda p: str(p.relative_to(CHATBOT)))
def test_bot_framework_json_round_trips(path):
    data = path.read_bytes()
    kind = detect(data, PurePosixPath(path.name))
    assert kind in ("faq", "keyvalue")
    make = FaqFilter if kind == "faq" else KeyValueFilter
    _round_trips(make(), data, path.name, Locale("en"))
    check_translation_reparses(make, data, path.name, json.loads)


def test_qna_maker_knowledge_base_as_faq():
    path = CHATBOT / "botframework-lu-qna-lg" / "packages" / "lu" / "test" / "fixtures" / "translation" / "en" / "qna.json"
    document = FaqFilter().extract(path.read_bytes(), path=PurePosixPath("qna.json"), locale=Locale("en"))
    segments = {key: segment.tagged() for _, key, segment in document.segments()}
    assert segments["faq[0].answer#2"] == "See {1}this link{/1} for details."
    assert segments["faq[0@3].questions[1]"] == "get me your ceo info"
    link_close = document.unit("faq[0].answer").segments[1].codes[1]
    assert link_close.data == "](https://docs.botframework.com/en-us/azure-bot-service/templates/qnamaker/#navtitle)"
