"""Rasa and Dialogflow filters: the shared contract, then exact units, keys, codes and re-parsed output."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from locflow.model import CodeKind, Locale, Segment
from locflow.model.errors import MalformedFileError
from ruamel.yaml import YAML

from content.chatbot import DialogflowFilter, RasaDomainFilter, RasaNluFilter
from tests.filter_suite import FilterSuite, pseudo_translate, translations_for

DATA = Path(__file__).parent / "data" / "chatbot"
EN = Locale("en")
DE = Locale("de")


def _read(*names: str) -> dict[str, bytes]:
    return {name: (DATA / name).read_bytes() for name in names}


def _extract(filter_, data: bytes, name: str):
    return filter_.extract(data, path=PurePosixPath(name), locale=EN)


def _segments(document) -> dict[str, str]:
    return {key: segment.tagged() for _, key, segment in document.segments()}


def _load_yaml(data: bytes):
    return YAML(typ="safe").load(data.decode("utf-8"))


def check_translation_reparses(make_filter, data: bytes, name: str, load) -> int:
    """Merge a pseudo-translation of every segment, then check the output the hard way.

    The output must load with the format's own parser (``load``) to the same
    shape (same keys and list lengths, same non-string values), and reading
    it again must give every unit's translated text. Returns the unit count.
    """
    filter_ = make_filter()
    document = _extract(filter_, data, name)
    translations = translations_for(document, pseudo_translate)
    output = filter_.merge(document, translations, DE)
    assert _shape(load(output)) == _shape(load(data)), f"{name}: structure changed"
    again = _extract(make_filter(), output, name)
    for unit in document.units:
        assert again.unit(unit.key).render() == unit.render(translations), f"{name}: {unit.key}"
    return len(document.units)


def _shape(value):
    """The structure of parsed data with every string replaced by ``str``."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return str if isinstance(value, str) else value


def _translate(document, mapping: dict[str, str]) -> dict[str, Segment]:
    """Translations given in tagged form, with the source segment's codes."""
    out = {}
    for _, key, segment in document.segments():
        if key in mapping:
            out[key] = Segment.from_tagged(mapping[key], segment.codes)
    return out


class TestRasaNluFilter(FilterSuite):
    structure_format = "rasa-nlu"
    make_filter = RasaNluFilter
    samples = _read("nlu.yml", "nlu.md")


class TestRasaDomainFilter(FilterSuite):
    structure_format = "rasa-domain"
    make_filter = RasaDomainFilter
    samples = _read("domain.yml")


class TestDialogflowFilter(FilterSuite):
    structure_format = "dialogflow"
    make_filter = DialogflowFilter
    samples = _read(
        "dialogflow/intents/order.status.json",
        "dialogflow/intents/order.status_usersays_en.json",
        "dialogflow/entities/delivery-option_entries_en.json",
    )


@pytest.mark.parametrize(
    ("make_filter", "name", "load"),
    [
        (RasaNluFilter, "nlu.yml", _load_yaml),
        (RasaDomainFilter, "domain.yml", _load_yaml),
        (lambda: RasaDomainFilter(custom_keys=["text"]), "domain.yml", _load_yaml),
        (DialogflowFilter, "dialogflow/intents/order.status.json", json.loads),
        (DialogflowFilter, "dialogflow/intents/order.status_usersays_en.json", json.loads),
        (DialogflowFilter, "dialogflow/entities/delivery-option_entries_en.json", json.loads),
    ],
)
def test_translated_output_parses_to_the_same_structure_with_translated_values(make_filter, name, load):
    assert check_translation_reparses(make_filter, (DATA / name).read_bytes(), name, load) > 0


# -- Rasa NLU ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlu_document():
    return _extract(RasaNluFilter(), (DATA / "nlu.yml").read_bytes(), "nlu.yml")


def test_nlu_examples_are_one_unit_per_line_with_structural_keys(nlu_document):
    segments = _segments(nlu_document)
    assert list(segments)[:4] == [f"nlu[intent=greet].examples[{i}]" for i in range(4)]
    assert segments["nlu[intent=greet].examples[3]"] == "hi, is anyone around?"
    assert segments["nlu[intent=faq/opening_hours].examples[1]"] == "what are your opening hours on {1}Sunday{/1}"
    # structured examples (a list of {text: ...}) count by position too
    assert segments["nlu[intent=refund].examples[0]"] == "I want my money back for {1}order 17{/1}"
    assert segments["nlu[intent=refund].examples[1]"] == "can I get a refund?"
    # a comment line inside the block is not an example and does not shift the numbering
    assert segments["nlu[intent=check_order_status].examples[7]"] == "my email is {1}{2/}{/1}, any news?"
    assert not any(key.startswith("nlu[regex") for key in segments)
    assert len(segments) == 20


def test_nlu_entity_annotations_of_every_syntax_are_code_pairs(nlu_document):
    by_key = {key: segment for _, key, segment in nlu_document.segments()}
    expected_closes = {
        "nlu[intent=check_order_status].examples[0]": ["](order_id)"],
        "nlu[intent=check_order_status].examples[3]": ["](city:New York)"],
        "nlu[intent=check_order_status].examples[4]": [']{"entity": "product", "value": "notebook"}'],
        "nlu[intent=check_order_status].examples[5]": [
            ']{"entity": "city", "role": "departure"}',
            ']{"entity": "city", "role": "destination"}',
        ],
        "nlu[intent=check_order_status].examples[6]": [']{"entity": "date", "group": "1"}'],
    }
    for key, closes in expected_closes.items():
        codes = by_key[key].codes
        assert [c.data for c in codes if c.kind == CodeKind.CLOSE] == closes
        assert [c.data for c in codes if c.kind == CodeKind.OPEN] == ["["] * len(closes)
        assert all(c.type == "entity" for c in codes)
    assert by_key["nlu[intent=check_order_status].examples[5]"].text == "send it from London to Paris"
    assert by_key["nlu[intent=check_order_status].examples[3]"].codes[0].disp == "city"
    assert by_key["nlu[intent=check_order_status].examples[4]"].codes[0].disp == "product"


def test_nlu_synonyms_and_lookups_are_translated_unless_switched_off(nlu_document):
    segments = _segments(nlu_document)
    assert segments["nlu[synonym=New York].examples[1]"] == "the big apple"
    assert segments["nlu[lookup=product].examples[0]"] == "laptop"
    unit = nlu_document.unit("nlu[synonym=New York].examples[0]")
    assert unit.kind == "synonym" and unit.note == "synonym: New York"
    off = _extract(RasaNluFilter(synonyms=False, lookups=False), (DATA / "nlu.yml").read_bytes(), "nlu.yml")
    assert not [k for k in _segments(off) if "synonym" in k or "lookup" in k]


def test_nlu_translation_moves_entities_and_reparses(nlu_document):
    data = (DATA / "nlu.yml").read_bytes()
    translations = _translate(
        nlu_document,
        {
            "nlu[intent=greet].examples[0]": "hallo",
            "nlu[intent=check_order_status].examples[5]": "schick es nach {2}Paris{/2}, von {1}London{/1} aus",
            "nlu[intent=check_order_status].examples[3]": "ist mein Paket nach {1}NYC{/1} schon\nunterwegs",
            "nlu[intent=refund].examples[1]": "Kann ich mein Geld zurückbekommen? #1: ja",
        },
    )
    output = RasaNluFilter().merge(nlu_document, translations, DE)
    parsed = _load_yaml(output)
    greet = parsed["nlu"][0]["examples"].splitlines()
    assert greet[0] == "- hallo" and greet[1] == "- hello there"
    orders = parsed["nlu"][1]["examples"].splitlines()
    assert orders[5] == (
        '- schick es nach [Paris]{"entity": "city", "role": "destination"}, '
        'von [London]{"entity": "city", "role": "departure"} aus'
    )
    assert orders[3] == "- ist mein Paket nach [NYC](city:New York) schon unterwegs"  # a line stays a line
    assert parsed["nlu"][3]["examples"][1]["text"] == "Kann ich mein Geld zurückbekommen? #1: ja"
    assert b"# Training data for the support assistant." in output
    assert parsed["nlu"][6] == _load_yaml(data)["nlu"][6]  # regex untouched


def test_rasa_markdown_training_data(tmp_path):
    data = (DATA / "nlu.md").read_bytes()
    document = _extract(RasaNluFilter(), data, "nlu.md")
    assert _segments(document) == {
        "nlu[intent=greet].examples[0]": "hey",
        "nlu[intent=greet].examples[1]": "hello there",
        "nlu[intent=order_status].examples[0]": "where is my order {1}A-123{/1}",
        "nlu[intent=order_status].examples[1]": "what's up with my package to {1}Munich{/1}",
        "nlu[synonym=München].examples[0]": "Munich",
        "nlu[synonym=München].examples[1]": "Muenchen",
        "nlu[lookup=product].examples[0]": "laptop",
        "nlu[lookup=product].examples[1]": "phone charger",
    }
    translations = _translate(document, {"nlu[intent=order_status].examples[1]": "und mein Paket nach {1}München{/1}?"})
    output = RasaNluFilter().merge(document, translations, DE).decode()
    assert '- und mein Paket nach [München]{"entity": "city", "value": "München"}?\n' in output
    assert "## regex:zipcode\n- [0-9]{5}\n" in output


def test_duplicate_intent_sections_get_distinct_keys():
    data = b"nlu:\n- intent: greet\n  examples: |\n    - hi\n- intent: greet\n  examples: |\n    - hello\n"
    assert list(_segments(_extract(RasaNluFilter(), data, "nlu.yml"))) == [
        "nlu[intent=greet].examples[0]",
        "nlu[intent=greet@2].examples[0]",
    ]


def test_segmentation_is_off_by_default_and_can_be_switched_on():
    data = b"responses:\n  utter_help:\n  - text: First sentence. Second sentence.\n"
    assert len(list(_extract(RasaDomainFilter(), data, "domain.yml").segments())) == 1
    assert len(list(_extract(RasaDomainFilter(segment=True), data, "domain.yml").segments())) == 2


# -- Rasa domain ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def domain_document():
    return _extract(RasaDomainFilter(), (DATA / "domain.yml").read_bytes(), "domain.yml")


def test_domain_response_keys_texts_and_buttons(domain_document):
    assert _segments(domain_document) == {
        "responses.utter_greet[0].text": "Hey! How can I help you today?",
        "responses.utter_greet[1].text": "Welcome back, {1/}! What can I do for you?",
        "responses.utter_goodbye[0].text": "Bye, and thanks for chatting with us. We're here 24/7.",
        "responses.utter_goodbye[1].text": "See you soon!",
        "responses.utter_ask_email[0].text": "Which e-mail address should we send the confirmation to? We will never share it.",
        "responses.utter_confirm_email[0].text": "We sent a confirmation to {1/}. Please check your inbox.",
        "responses.utter_order_options[0].text": "Your order {1/} is on its way.\nWhat would you like to do next?",
        "responses.utter_order_options[0].buttons[0].title": "Track my parcel",
        "responses.utter_order_options[0].buttons[1].title": "Change the delivery address",
        "responses.utter_order_options[0].buttons[2].title": "Talk to a human",
        "responses.utter_show_map[0].text": "Here is our store: {1/}Main Street 5{2/}",
    }
    slot = domain_document.unit("responses.utter_confirm_email[0].text").segments[0].codes[0]
    assert (slot.data, slot.type) == ("{email}", "placeholder")
    assert domain_document.unit("responses.utter_order_options[0].buttons[1].title").kind == "button"


def test_domain_variation_notes_name_channel_and_condition(domain_document):
    assert "channel: slack" in domain_document.unit("responses.utter_goodbye[1].text").note
    assert "condition: slot logged_in = True" in domain_document.unit("responses.utter_greet[1].text").note


def test_domain_translation_reparses_with_every_quoting_style(domain_document):
    data = (DATA / "domain.yml").read_bytes()
    translations = _translate(
        domain_document,
        {
            "responses.utter_greet[0].text": 'Hallo! Wie kann ich "heute" helfen?',
            "responses.utter_greet[1].text": "Willkommen zurück, {1/}! Was darf's sein?",
            "responses.utter_goodbye[0].text": "Tschüss, wir sind rund um die Uhr für Sie da. Das war's!",
            "responses.utter_goodbye[1].text": "Bis bald: wir melden uns",
            "responses.utter_ask_email[0].text": "An welche E-Mail-Adresse?\nWir geben sie nie weiter.",
            "responses.utter_order_options[0].text": "Ihre Bestellung {1/} ist unterwegs.\nWas möchten Sie tun?",
            "responses.utter_order_options[0].buttons[0].title": "Paket verfolgen",
            "responses.utter_order_options[0].buttons[1].title": "- Adresse ändern",
        },
    )
    output = RasaDomainFilter().merge(domain_document, translations, DE)
    before, after = _load_yaml(data), _load_yaml(output)
    greet = after["responses"]["utter_greet"]
    assert greet[0]["text"] == 'Hallo! Wie kann ich "heute" helfen?'
    assert greet[1]["text"] == "Willkommen zurück, {name}! Was darf's sein?"
    assert greet[1]["condition"] == before["responses"]["utter_greet"][1]["condition"]
    goodbye = after["responses"]["utter_goodbye"]
    assert goodbye[0]["text"] == "Tschüss, wir sind rund um die Uhr für Sie da. Das war's!"
    assert goodbye[1] == {"text": "Bis bald: wir melden uns", "channel": "slack"}
    assert after["responses"]["utter_ask_email"][0]["text"] == "An welche E-Mail-Adresse?\nWir geben sie nie weiter.\n"
    options = after["responses"]["utter_order_options"][0]
    assert options["text"] == "Ihre Bestellung {order_id} ist unterwegs.\nWas möchten Sie tun?\n"
    assert [b["title"] for b in options["buttons"]] == ["Paket verfolgen", "- Adresse ändern", "Talk to a human"]
    assert [b["payload"] for b in options["buttons"]] == [b["payload"] for b in before["responses"]["utter_order_options"][0]["buttons"]]
    assert after["responses"]["utter_show_map"][0]["image"] == "https://example.com/images/store-map.png"
    assert after["responses"]["utter_rich_card"] == before["responses"]["utter_rich_card"]
    for key in ("version", "intents", "entities", "slots", "session_config"):
        assert after[key] == before[key]
    text = output.decode()
    assert "  utter_order_options:   # buttons with payloads that must never change\n" in text
    assert "    - title: \"Paket verfolgen\"\n" in text  # double quotes kept
    assert "  - text: 'Tschüss, wir sind rund um die Uhr für Sie da. Das war''s!'\n" in text  # single quotes doubled
    assert '  - text: "Bis bald: wir melden uns"\n' in text  # a plain scalar re-quoted where ": " would break it
    assert "  - text: |\n      Ihre Bestellung {order_id} ist unterwegs.\n      Was möchten Sie tun?\n" in text


def test_custom_payload_texts_are_translated_only_when_named(domain_document):
    data = (DATA / "domain.yml").read_bytes()
    assert not any("custom" in key for key in _segments(domain_document))
    document = _extract(RasaDomainFilter(custom_keys="text"), data, "domain.yml")
    assert _segments(document)["responses.utter_rich_card[0].custom.blocks[0].text.text"] == (
        "This custom payload is kept as it is."
    )


def test_rasa_1x_templates_section_is_read_like_responses():
    data = b"templates:\n  utter_hi:\n  - text: Hi there\n"
    assert _segments(_extract(RasaDomainFilter(), data, "domain.yml")) == {"responses.utter_hi[0].text": "Hi there"}


def test_malformed_yaml_names_file_and_line():
    data = b"responses:\n  utter_hi:\n  - text: Hi there\n    buttons: [a, b\n"
    with pytest.raises(MalformedFileError) as caught:
        _extract(RasaDomainFilter(), data, "bot/domain.yml")
    assert caught.value.exit_code == 3
    assert str(caught.value).startswith("bot/domain.yml:")
    assert caught.value.line is not None and caught.value.line >= 4


# -- Dialogflow ----------------------------------------------------------------------------


def _dialogflow(name: str):
    data = (DATA / "dialogflow" / name).read_bytes()
    return data, _extract(DialogflowFilter(), data, name)


def test_dialogflow_intent_responses_in_the_source_language_only():
    _, document = _dialogflow("intents/order.status.json")
    assert _segments(document) == {
        "responses[0].parameters[0].prompts[0].value": (
            "What is your order number? You can find it in the confirmation e-mail."
        ),
        "responses[0].messages[0].speech[0]": "Order {1/} is on its way to {2/}. It should arrive within 3 days.",
        "responses[0].messages[0].speech[1]": "Good news: order {1/} has shipped — expect it in {2/} soon!",
        "responses[0].messages[2].suggestions[0].title": "Change address",
        "responses[0].messages[2].suggestions[1].title": "Talk to an agent",
        "responses[0].messages[3].title": 'Track your "express" parcel',
        "responses[0].messages[3].subtitle": "Live tracking",
        "responses[0].messages[3].formattedText": "Open the tracking page to see where your parcel is right now.",
        "responses[0].messages[3].buttons[0].title": "Open tracking",
    }
    codes = document.unit("responses[0].messages[0].speech[0]").segments[0].codes
    assert [c.data for c in codes] == ["$order_id", "$geo-city"]


def test_dialogflow_intent_translation_keeps_json_and_escapes():
    data, document = _dialogflow("intents/order.status.json")
    translations = _translate(
        document,
        {
            "responses[0].messages[0].speech[1]": "Gute Nachricht — {1/} ist „unterwegs“ nach {2/}!",
            "responses[0].messages[3].title": 'Ihr "Express"-Paket \\ verfolgen',
        },
    )
    output = DialogflowFilter().merge(document, translations, DE)
    before, after = json.loads(data), json.loads(output)
    messages = after["responses"][0]["messages"]
    assert messages[0]["speech"][1] == "Gute Nachricht — $order_id ist „unterwegs“ nach $geo-city!"
    assert messages[3]["title"] == 'Ihr "Express"-Paket \\ verfolgen'
    assert messages[1] == before["responses"][0]["messages"][1]  # the German message was not touched
    assert messages[4]["payload"] == before["responses"][0]["messages"][4]["payload"]
    # the file spells non-ASCII as \uXXXX, so translations do too
    assert b'"Gute Nachricht \\u2014 $order_id ist \\u201eunterwegs\\u201c nach $geo-city!"' in output
    assert output.isascii()


def test_dialogflow_training_phrases_have_entity_codes():
    _, document = _dialogflow("intents/order.status_usersays_en.json")
    assert _segments(document) == {
        "usersays[0]": "where is my order {1}A-12345{/1}",
        "usersays[1]": "{1}Berlin{/1} orders: are they delayed?",
        "usersays[2]": 'track the "express" parcel I sent to {1}Paris{/1} on {2}Monday{/2}',
        "usersays[3]": "has my parcel shipped",
    }
    opening, closing = document.unit("usersays[2]").segments[0].codes[:2]
    assert opening.disp == closing.disp == "@sys.geo-city"
    assert opening.data.endswith('"text": "') and '"alias": "geo-city"' in closing.data


def test_dialogflow_phrase_rebuilt_when_text_moves_around_an_entity():
    data, document = _dialogflow("intents/order.status_usersays_en.json")
    translations = _translate(
        document,
        {
            "usersays[0]": "wo ist meine Bestellung {1}A-12345{/1}?",
            "usersays[1]": "sind Bestellungen nach {1}Berlin{/1} verspätet?",
            "usersays[2]": 'verfolge das "Express"-Paket, das ich am {2}Montag{/2} nach {1}Paris{/1} geschickt habe',
        },
    )
    output = DialogflowFilter().merge(document, translations, DE)
    phrases = json.loads(output)
    original = json.loads(data)

    def parts(index):
        return [(p["text"], p.get("meta")) for p in phrases[index]["data"]]

    assert parts(0) == [("wo ist meine Bestellung ", None), ("A-12345", "@order-id"), ("?", None)]
    assert parts(1) == [("sind Bestellungen nach ", None), ("Berlin", "@sys.geo-city"), (" verspätet?", None)]
    assert parts(2) == [
        ('verfolge das "Express"-Paket, das ich am ', None),
        ("Montag", "@sys.date"),
        (" nach ", None),
        ("Paris", "@sys.geo-city"),
        (" geschickt habe", None),
    ]
    assert phrases[1]["data"][1] == {**original[1]["data"][0], "text": "Berlin"}
    assert all(p.get("userDefined") is False for p in phrases[1]["data"] if "meta" not in p)
    assert phrases[3] == original[3]
    for before, after in zip(original, phrases):
        assert {k: v for k, v in before.items() if k != "data"} == {k: v for k, v in after.items() if k != "data"}
    assert '\n      {\n        "text": "sind Bestellungen nach ",\n        "userDefined": false\n      },' in output.decode()


def test_dialogflow_entity_synonyms_and_files_without_text():
    _, document = _dialogflow("entities/delivery-option_entries_en.json")
    assert _segments(document)["entries.express.synonyms[2]"] == "overnight delivery"
    for name in ("agent.json", "entities/order-id.json", "package.json"):
        data, document = _dialogflow(name)
        assert not document.units
        assert DialogflowFilter().merge(document, {}, DE) == data


def test_dialogflow_set_lang_writes_the_target_language():
    data, document = _dialogflow("intents/order.status_usersays_en.json")
    filter_ = DialogflowFilter(set_lang=True)
    document = _extract(filter_, data, "x_usersays_en.json")
    output = filter_.merge(document, translations_for(document, pseudo_translate), DE)
    assert {phrase["lang"] for phrase in json.loads(output)} == {"de"}
    assert DialogflowFilter().merge(_extract(DialogflowFilter(), data, "x.json"), {}, DE) == data


def test_dialogflow_set_lang_labels_only_what_was_translated():
    """A phrase that falls back to its source keeps its source ``lang``; a translated one says ``de``."""
    data, _ = _dialogflow("intents/order.status_usersays_en.json")
    filter_ = DialogflowFilter(set_lang=True)
    document = _extract(filter_, data, "x_usersays_en.json")
    assert filter_.merge(document, {}, DE) == data
    first = document.units[0]
    translations = {key: pseudo_translate(segment) for key, segment in first.items()}
    langs = [phrase["lang"] for phrase in json.loads(filter_.merge(document, translations, DE))]
    assert langs[0] == "de" and set(langs[1:]) == {"en"}


# -- which filter claims a file ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nlu.yml", (True, False, False)),
        ("nlu.md", (True, False, False)),
        ("domain.yml", (False, True, False)),
        ("dialogflow/intents/order.status.json", (False, False, True)),
        ("dialogflow/intents/order.status_usersays_en.json", (False, False, True)),
        ("dialogflow/agent.json", (False, False, True)),
        ("dialogflow/package.json", (False, False, True)),
        ("dialogflow/entities/order-id.json", (False, False, True)),
    ],
)
def test_sniffing(name, expected):
    data = (DATA / name).read_bytes()
    path = PurePosixPath(name)
    got = tuple(cls.sniff(data, path) for cls in (RasaNluFilter, RasaDomainFilter, DialogflowFilter))
    assert got == expected
