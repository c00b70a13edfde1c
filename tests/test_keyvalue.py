"""Key-value i18n filter: JSON and YAML, placeholders as codes, plurals, byte-exact merge."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from locflow.model import Locale, Segment
from locflow.model.errors import MalformedFileError
from ruamel.yaml import YAML

from content.chatbot import DialogflowFilter, RasaDomainFilter, RasaNluFilter
from content.faq import FaqFilter
from content.keyvalue import KeyValueFilter
from tests.filter_suite import FilterSuite, pseudo_translate, translations_for
from tests.test_chatbot import check_translation_reparses

DATA = Path(__file__).parent / "data"
EN = Locale("en")
DE = Locale("de")


def _extract(filter_, name: str, data: bytes | None = None):
    data = (DATA / "keyvalue" / name).read_bytes() if data is None else data
    return filter_.extract(data, path=PurePosixPath(name), locale=EN)


def _segments(document) -> dict[str, str]:
    return {key: segment.tagged() for _, key, segment in document.segments()}


def _translate(document, mapping: dict[str, str]) -> dict[str, Segment]:
    return {
        key: Segment.from_tagged(mapping[key], segment.codes)
        for _, key, segment in document.segments()
        if key in mapping
    }


def _load_yaml(data: bytes):
    return YAML(typ="safe").load(data.decode("utf-8"))


class TestKeyValueFilter(FilterSuite):
    structure_format = "keyvalue"
    make_filter = KeyValueFilter
    samples = {name: (DATA / "keyvalue" / name).read_bytes() for name in ("translation.json", "en.yml")}


@pytest.mark.parametrize(("name", "load"), [("translation.json", json.loads), ("en.yml", _load_yaml)])
def test_translated_output_parses_to_the_same_structure_with_translated_values(name, load):
    data = (DATA / "keyvalue" / name).read_bytes()
    assert check_translation_reparses(KeyValueFilter, data, name, load) > 0


# -- JSON ------------------------------------------------------------------------------------


def test_json_keys_and_codes():
    assert _segments(_extract(KeyValueFilter(), "translation.json")) == {
        "app.title": "Support Center",
        "app.tagline": "Answers in minutes, not days",
        "app.nav.home": "Home",
        "app.nav.orders": "My orders",
        "app.nav.help": "Help & contact",
        "greeting": "Hello {1/}, welcome back!",
        "cart.item_one": "{1/} item in your cart",
        "cart.item_other": "{1/} items in your cart",
        "cart.empty": "Your cart is empty. {1/}",
        "cart.browse": "Browse our {1/}latest offers{2/}.",
        "notifications.unread": "You have {1/}no new messages{2/}{3/} new message{4/}{5/} new messages{6/}",
        "notifications.from": "Message from {1/} at {2/}",
        "errors.network": "Can’t reach the server. Check your connection and try again.",
        "errors.quoted": 'Press "Retry" or go back\\home.',
        "steps[0]": "Choose a product",
        "steps[1]": "Enter your address",
        "steps[2].label": "Pay",
        "steps[2].hint": "We accept cards and PayPal",
    }


def test_placeholder_codes_keep_their_markup():
    document = _extract(KeyValueFilter(), "translation.json")

    def code_data(key):
        return [code.data for code in document.unit(key).segments[0].codes]

    assert code_data("greeting") == ["{{name}}"]
    assert code_data("cart.empty") == ["$t(cart.browse)"]
    assert code_data("cart.browse") == ["<1>", "</1>"]
    assert code_data("notifications.from") == ["{sender}", "{time, time, short}"]
    assert code_data("notifications.unread") == [
        "{count, plural, =0 {", "} one {", "#", "} other {", "#", "}}",
    ]


def test_plural_keys_are_separate_units_with_notes():
    document = _extract(KeyValueFilter(), "translation.json")
    one, other = document.unit("cart.item_one"), document.unit("cart.item_other")
    assert (one.kind, one.note) == ("plural", "plural form 'one' of 'item'")
    assert other.note == "plural form 'other' of 'item'"


def test_json_translation_reparses_and_keeps_untouched_bytes():
    data = (DATA / "keyvalue" / "translation.json").read_bytes()
    document = _extract(KeyValueFilter(), "translation.json")
    translations = _translate(
        document,
        {
            "app.title": 'Hilfe-"Center"',
            "greeting": "Hallo {1/}, willkommen zurück!",
            "notifications.unread": "Sie haben {1/}keine neuen Nachrichten{2/}{3/} neue Nachricht{4/}{5/} neue Nachrichten{6/}",
            "errors.quoted": "Drücken Sie \\ „Wiederholen“.\nOder zurück.",
        },
    )
    output = KeyValueFilter().merge(document, translations, DE)
    before, after = json.loads(data), json.loads(output)
    assert after["app"]["title"] == 'Hilfe-"Center"'
    assert after["greeting"] == "Hallo {{name}}, willkommen zurück!"
    assert after["notifications"]["unread"] == (
        "Sie haben {count, plural, =0 {keine neuen Nachrichten} one {# neue Nachricht} other {# neue Nachrichten}}"
    )
    assert after["errors"]["quoted"] == "Drücken Sie \\ „Wiederholen“.\nOder zurück."
    assert after["errors"]["code"] == 503 and after["errors"]["retryable"] is True and after["errors"]["details"] is None
    assert after["steps"] == before["steps"] and after["cart"] == before["cart"]
    assert b'"network": "Can\\u2019t reach the server.' in output  # untouched escape kept
    before_lines, after_lines = data.decode().splitlines(), output.decode().splitlines()
    assert len(after_lines) == len(before_lines)
    changed = [before for before, after in zip(before_lines, after_lines) if before != after]
    assert [line.split(":")[0].strip() for line in changed] == ['"title"', '"greeting"', '"unread"', '"quoted"']


def test_json_with_raw_utf8_gets_raw_utf8_translations():
    data = '{\n    "a": "Grüße",\n    "b": "Hello"\n}\n'.encode()
    document = _extract(KeyValueFilter(), "de.json", data)
    output = KeyValueFilter().merge(document, _translate(document, {"b": "Hallo Welt — schön"}), DE)
    assert output == '{\n    "a": "Grüße",\n    "b": "Hallo Welt — schön"\n}\n'.encode()


def test_exclude_patterns_leave_keys_alone():
    document = _extract(KeyValueFilter(exclude=["app.nav.*", "steps*"]), "translation.json")
    keys = set(_segments(document))
    assert "app.title" in keys and not any(k.startswith(("app.nav.", "steps")) for k in keys)


def test_icu_can_be_switched_off():
    document = _extract(KeyValueFilter(icu=False), "translation.json")
    assert "no new messages" in _segments(document)["notifications.unread"]
    assert document.unit("notifications.unread").segments[0].codes == ()


# -- YAML ------------------------------------------------------------------------------------


def test_yaml_keys_codes_and_aliases():
    segments = _segments(_extract(KeyValueFilter(), "en.yml"))
    assert segments["en.support.signed_in_as"] == "Signed in as {1/}"
    assert segments["en.support.ticket_count.other"] == "You have {1/} open tickets"
    assert segments["en.support.intro"] == (
        "Find answers to common questions, or open a ticket and our team will get back to you."
    )
    assert segments["en.support.footer"] == "Questions? Write to {1/}.\nWe answer within one business day."
    assert segments["en.support.labels[2]"] == "On hold"
    assert segments["en.support.menu[2]"] == "FAQ"
    assert "en.support.faq_again" not in segments  # an alias is translated where its anchor is
    assert "en.support.retries" not in segments


def test_yaml_translations_in_every_style_reparse():
    data = (DATA / "keyvalue" / "en.yml").read_bytes()
    document = _extract(KeyValueFilter(), "en.yml")
    wanted = {
        "en.support.title": "Support: Portal",  # plain, needs quotes now
        "en.support.intro": "Hier finden Sie Antworten.\nOder öffnen Sie ein Ticket.",  # folded
        "en.support.signed_in_as": 'Angemeldet als "{1/}" \\ ok',  # double-quoted
        "en.support.status": "Status: 'offen'",  # single-quoted
        "en.support.hint": "- Suche benutzen #1",  # plain with a comment after it
        "en.support.footer": "Fragen? Schreiben Sie an {1/}.\n\nWir antworten schnell.",  # literal
        "en.support.labels[0]": "Offen, neu",  # plain in a flow sequence
        "en.support.menu[1]": "no",  # would read back as a boolean
        "en.support.menu[2]": "Häufige Fragen",  # anchored
        "en.support.enabled": "ja",
    }
    output = KeyValueFilter().merge(document, _translate(document, wanted), DE)
    support = _load_yaml(output)["en"]["support"]
    assert support["title"] == "Support: Portal"
    assert support["intro"] == "Hier finden Sie Antworten.\nOder öffnen Sie ein Ticket.\n"
    assert support["signed_in_as"] == 'Angemeldet als "%{name}" \\ ok'
    assert support["status"] == "Status: 'offen'"
    assert support["hint"] == "- Suche benutzen #1"
    assert support["footer"] == "Fragen? Schreiben Sie an help@example.com.\n\nWir antworten schnell.\n"
    assert support["labels"] == ["Offen, neu", "Closed", "On hold"]
    assert support["menu"] == ["Home", "no", "Häufige Fragen"]
    assert support["faq_again"] == "Häufige Fragen"
    assert support["enabled"] == "ja" and support["retries"] == 3
    text = output.decode()
    assert "    hint: \"- Suche benutzen #1\"   # a plain scalar with a comment\n" in text
    assert "    footer: |\n      Fragen? Schreiben Sie an help@example.com.\n\n      Wir antworten schnell.\n" in text
    assert "    labels: [\"Offen, neu\", Closed, \"On hold\"]\n" in text
    assert "    status: 'Status: ''offen'''\n" in text
    assert text.startswith("# Rails-style locale file for the support portal.\n")
    assert len(text.splitlines()) == len(data.decode().splitlines()) + 2  # only the folded and literal values grew


def test_root_locale_key_is_rewritten_for_the_target():
    data = (DATA / "keyvalue" / "en.yml").read_bytes()
    filter_ = KeyValueFilter(root_locale=True)
    document = _extract(filter_, "en.yml")
    assert "support.title" in _segments(document)
    output = filter_.merge(document, translations_for(document, pseudo_translate), Locale("de-CH"))
    assert list(_load_yaml(output)) == ["de-CH"]
    assert filter_.merge(document, {}, EN) == data
    data = b'{"en_US": {"hi": "Hi"}}'
    document = _extract(filter_, "en_US.json", data)
    assert filter_.merge(document, {}, Locale("pt-BR")) == b'{"pt_BR": {"hi": "Hi"}}'


def test_crlf_and_bom_survive():
    data = "\ufeffgreeting: Hello\r\nfooter: |\r\n  Line one\r\n  Line two\r\nend: Bye\r\n".encode("utf-8")
    document = _extract(KeyValueFilter(), "x.yml", data)
    assert KeyValueFilter().merge(document, {}, DE) == data
    translations = _translate(document, {"footer": "Zeile eins\nZeile zwei", "greeting": "Hallo"})
    output = KeyValueFilter().merge(document, translations, DE)
    assert output == "\ufeffgreeting: Hallo\r\nfooter: |\r\n  Zeile eins\r\n  Zeile zwei\r\nend: Bye\r\n".encode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("x.json", b'{\n  "a": "b",\n  "c": "d"\n  "e": "f"\n}\n', 4),
        ("x.json", b'{\n  "a": "b",\n  "a": "c"\n}\n', 3),
        ("x.yml", b"a: b\nc: d: e\n", 2),
        ("x.yml", b"a: b\nc:\n  d: 1\n  d: 2\n", 4),
        ("x.yml", b"a: 'unterminated\nb: c\n", 1),
    ],
)
def test_malformed_files_name_file_and_line(name, data, line):
    with pytest.raises(MalformedFileError) as caught:
        _extract(KeyValueFilter(), name, data)
    assert caught.value.exit_code == 3 and caught.value.path == name and caught.value.line == line


# -- which filter claims a .json or .yml file --------------------------------------------


_FILTERS = (DialogflowFilter, RasaNluFilter, RasaDomainFilter, FaqFilter, KeyValueFilter)


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("keyvalue/translation.json", KeyValueFilter),
        ("keyvalue/en.yml", KeyValueFilter),
        ("faq/help-center.yml", FaqFilter),
        ("faq/kb.json", FaqFilter),
        ("chatbot/nlu.yml", RasaNluFilter),
        ("chatbot/domain.yml", RasaDomainFilter),
        ("chatbot/dialogflow/intents/order.status.json", DialogflowFilter),
        ("chatbot/dialogflow/entities/delivery-option_entries_en.json", DialogflowFilter),
    ],
)
def test_exactly_one_filter_claims_each_file(name, owner):
    data = (DATA / name).read_bytes()
    claims = [cls for cls in _FILTERS if cls.sniff(data, PurePosixPath(name))]
    assert claims == [owner]


def test_a_file_that_does_not_parse_is_claimed_by_keyvalue_which_reports_it():
    data = b'{"a": "b",}'
    assert [cls for cls in _FILTERS if cls.sniff(data, PurePosixPath("x.json"))] == [KeyValueFilter]
    with pytest.raises(MalformedFileError):
        _extract(KeyValueFilter(), "x.json", data)


def test_yaml_aliases_are_not_expanded():
    """A billion-laughs file is read as its node graph: one unit per anchored string, no blow-up."""
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    previous = "a"
    for name in "bcdefghij":
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    document = _extract(KeyValueFilter(), "laughs.yml", text.encode())
    assert list(_segments(document)) == [f"a[{i}]" for i in range(9)]


@pytest.mark.parametrize(("name", "data"), [("deep.json", b"[" * 100_000 + b"]" * 100_000), ("deep.yml", b"[" * 600)])
def test_absurd_nesting_is_rejected_not_crashed(name, data):
    with pytest.raises(MalformedFileError):
        _extract(KeyValueFilter(), name, data)
