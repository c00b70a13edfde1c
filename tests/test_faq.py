"""FAQ filter: YAML, JSON and CSV lists with Markdown answers; keys, codes, re-parsed output."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path, PurePosixPath

import pytest
from locflow.model import CodeKind, Locale, Segment
from locflow.model.errors import ConfigError, MalformedFileError
from ruamel.yaml import YAML

from content.faq import FaqFilter
from tests.filter_suite import FilterSuite
from tests.test_chatbot import check_translation_reparses

DATA = Path(__file__).parent / "data" / "faq"
EN = Locale("en")
DE = Locale("de")


def _extract(filter_, name: str, data: bytes | None = None):
    data = (DATA / name).read_bytes() if data is None else data
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


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


class TestFaqFilter(FilterSuite):
    structure_format = "faq"
    make_filter = FaqFilter
    samples = {name: (DATA / name).read_bytes() for name in ("help-center.yml", "kb.json", "faq.csv")}


class TestFaqFilterWithExtraFields(FilterSuite):
    structure_format = "faq"
    @staticmethod
    def make_filter():
        return FaqFilter(fields=["category"])

    samples = {name: (DATA / name).read_bytes() for name in ("help-center.yml", "faq.csv")}


@pytest.mark.parametrize(
    ("name", "load"),
    [("help-center.yml", _load_yaml), ("kb.json", json.loads), ("faq.csv", _csv_rows)],
)
def test_translated_output_parses_to_the_same_structure_with_translated_values(name, load):
    make = functools.partial(FaqFilter, fields=["category"])
    assert check_translation_reparses(make, (DATA / name).read_bytes(), name, load) > 0


# -- YAML ------------------------------------------------------------------------------------


def test_yaml_keys_ids_positions_and_sentences():
    document = _extract(FaqFilter(), "help-center.yml")
    assert _segments(document) == {
        "faq[refund-window].question": "How long do I have to return an item?",
        "faq[refund-window].answer": "You can return most items within {1}30 days{/1} of delivery.",
        "faq[refund-window].answer#2": "See {2}our returns policy{/2} for the exceptions.",
        "faq[refund-window].answer#3": "Items marked {3}final sale{/3} cannot be returned.",
        "faq[track-order].question": "Where is my order?",
        "faq[track-order].answer": "Open {1}Orders{/1} in your account and select the order.",
        "faq[track-order].answer#2": "The tracking link ({2/}) shows where your parcel is right now.",
        "faq[2].question": (
            "Can I change the delivery address after I've ordered?"
        ),
        "faq[2].answer": (
            "Yes, as long as the order has not shipped."
        ),
        "faq[2].answer#2": "Go to {1}Orders → Edit address{/1}.",
        "faq[2].answer#3": (
            "If it has shipped, contact us at {2/}."
        ),
        "faq[42].question": "What payment methods do you accept?",
        "faq[42].answer": "We accept:",
        "faq[42].answer#2": "Visa, Mastercard and American Express",
        "faq[42].answer#3": "PayPal",
        "faq[42].answer#4": "bank transfer (for orders over {1/})",
        "faq[gift-cards].question": "Do you sell gift cards?",
        "faq[gift-cards].answer": "Not yet, but they are coming soon!",
    }


def test_markdown_link_target_is_a_code_and_its_text_is_translated():
    document = _extract(FaqFilter(), "help-center.yml")
    segment = document.unit("faq[refund-window].answer").segments[1]
    opening, closing = segment.codes
    assert (opening.kind, opening.data, opening.type) == (CodeKind.OPEN, "[", "link")
    assert (closing.kind, closing.data) == (CodeKind.CLOSE, '](https://example.com/help/returns "Returns")')
    assert opening.disp == "https://example.com/help/returns"
    assert segment.text == "See our returns policy for the exceptions."
    code_span = document.unit("faq[track-order].answer").segments[1].codes[0]
    assert (code_span.data, code_span.type) == ("`Track parcel`", "code")


def test_markdown_blocks_stay_out_of_the_text():
    document = _extract(FaqFilter(), "help-center.yml")
    unit = document.unit("faq[42].answer")
    assert unit.gaps[1:4] == ("\n\n- ", "\n- ", "\n- ")
    assert unit.gaps[-1] == "\n\n```\nCard numbers are never stored on our servers.\n```"
    assert "Card numbers" not in "".join(s.text for s in unit.segments)


def test_yaml_translation_reparses_with_structure_and_comments():
    data = (DATA / "help-center.yml").read_bytes()
    document = _extract(FaqFilter(), "help-center.yml")
    translations = _translate(
        document,
        {
            "faq[refund-window].question": "Wie lange kann ich einen Artikel zurückgeben?",
            "faq[refund-window].answer#2": "Ausnahmen: siehe {2}unsere Rückgaberichtlinie{/2}.",
            "faq[track-order].question": "Wo ist meine Bestellung?",
            "faq[track-order].answer": "Öffnen Sie {1}Bestellungen{/1} in Ihrem Konto.",
            "faq[2].question": "Kann ich die Adresse ändern, nachdem ich bestellt hab'?",
            "faq[42].answer#3": "PayPal (auch \"Später bezahlen\")",
            "faq[gift-cards].answer": "Noch nicht: sie kommen # bald!",
        },
    )
    output = FaqFilter().merge(document, translations, DE)
    before = YAML(typ="safe").load(data.decode())
    after = YAML(typ="safe").load(output.decode())
    items = after["faq"]
    assert items[0]["question"] == "Wie lange kann ich einen Artikel zurückgeben?"
    assert items[0]["answer"] == (
        "You can return most items within **30 days** of delivery.\n"
        'Ausnahmen: siehe [unsere Rückgaberichtlinie](https://example.com/help/returns "Returns").\n\n'
        "Items marked *final sale* cannot be returned.\n"
    )
    assert items[1]["answer"].startswith("Öffnen Sie **Bestellungen** in Ihrem Konto. The tracking")
    assert items[2]["question"] == "Kann ich die Adresse ändern, nachdem ich bestellt hab'?"
    assert "- PayPal (auch \"Später bezahlen\")\n" in items[3]["answer"]
    assert items[3]["answer"].endswith("```\nCard numbers are never stored on our servers.\n```")
    assert items[4]["answer"] == "Noch nicht: sie kommen # bald!"
    assert [item.get("id") for item in items] == [item.get("id") for item in before["faq"]]
    assert after["title"] == before["title"]
    text = output.decode()
    assert text.startswith("# Help center FAQ, English source.\n# Answers are Markdown; keep links and code spans intact.\n")
    assert "    answer: \"Noch nicht: sie kommen # bald!\"  # a plain scalar answer\n" in text


def test_extra_fields_and_list_key_and_field_names():
    document = _extract(FaqFilter(fields="category"), "help-center.yml")
    assert _segments(document)["faq[track-order].category"] == "Orders"
    data = b"entries:\n- q: Is it free?\n  a: Yes.\n  key: price\n"
    document = _extract(FaqFilter(list_key="entries", question_field="q", answer_field="a", id_field="key"), "x.yml", data)
    assert _segments(document) == {"faq[price].q": "Is it free?", "faq[price].a": "Yes."}


def test_repeated_ids_get_distinct_keys():
    data = b"- id: a\n  question: One?\n  answer: First.\n- id: a\n  question: Two?\n  answer: Second.\n"
    assert list(_segments(_extract(FaqFilter(), "x.yml", data))) == [
        "faq[a].question", "faq[a].answer", "faq[a@2].question", "faq[a@2].answer",
    ]


def test_plain_answers_without_markdown():
    data = b"- question: Markup?\n  answer: 'Use **bold** text. Then stop.'\n"
    document = _extract(FaqFilter(markdown=False, segment=False), "x.yml", data)
    assert _segments(document)["faq[0].answer"] == "Use **bold** text. Then stop."


# -- JSON ------------------------------------------------------------------------------------


def test_json_translation_keeps_formatting_and_escapes():
    data = (DATA / "kb.json").read_bytes()
    document = _extract(FaqFilter(), "kb.json")
    assert _segments(document)["faq[two-factor].answer"] == "Go to {1}Settings → Security{/1} and choose {2}Enable 2FA{/2}."
    assert _segments(document)["faq[delete-account].answer#2"] == (
        'Write to {1/} with the subject "Delete my account" and we will confirm within 7 days.'
    )
    translations = _translate(
        document,
        {
            "faq[reset-password].answer": 'Klicken Sie auf der {2}Anmeldeseite{/2} auf {1}"Passwort vergessen?"{/1}.',
            "faq[delete-account].question": "Kann ich mein Konto löschen?",
        },
    )
    output = FaqFilter().merge(document, translations, DE)
    before, after = json.loads(data), json.loads(output)
    assert after["items"][0]["answer"] == (
        'Klicken Sie auf der [Anmeldeseite](https://example.com/login) auf **"Passwort vergessen?"**.\n'
        "We'll e-mail you a link that is valid for 24 hours."
    )
    assert after["items"][2]["question"] == "Kann ich mein Konto löschen?"
    assert after["items"][1] == before["items"][1]
    assert {k: v for k, v in after.items() if k != "items"} == {k: v for k, v in before.items() if k != "items"}
    # untouched strings keep their \u escapes; translations follow the file's ASCII-only habit
    assert b'"Go to *Settings \\u2192 Security*' in output
    assert b'"Kann ich mein Konto l\\u00f6schen?"' in output
    assert output.replace(b"\r\n", b"\n").count(b"\n") == data.count(b"\n")


def test_qna_maker_style_question_lists():
    data = json.dumps(
        {"qnaList": [{"id": 0, "answer": "Vishwac", "questions": ["Who is the CEO?", "CEO info please"]}]},
        indent=2,
    ).encode()
    document = _extract(FaqFilter(list_key="qnaList"), "qna.json", data)
    assert _segments(document) == {
        "faq[0].questions[0]": "Who is the CEO?",
        "faq[0].questions[1]": "CEO info please",
        "faq[0].answer": "Vishwac",
    }


# -- CSV -------------------------------------------------------------------------------------


def test_csv_cells_are_spliced_with_quoting_and_crlf():
    data = (DATA / "faq.csv").read_bytes()
    document = _extract(FaqFilter(), "faq.csv")
    assert _segments(document)["faq[intl].answer#2"] == 'Customs fees are paid by the recipient, "no exceptions".'
    translations = _translate(
        document,
        {
            "faq[shipping-cost].question": "Was kostet der Versand, innerhalb der EU?",
            "faq[shipping-time].question": "Wie schnell versenden Sie?",
            "faq[intl].answer#2": 'Zoll zahlt der Empfänger, "ohne Ausnahme".',
        },
    )
    output = FaqFilter().merge(document, translations, DE)
    before, after = _csv_rows(data), _csv_rows(output)
    assert after[0] == before[0]
    assert after[1][1] == "Was kostet der Versand, innerhalb der EU?"
    assert after[2][1] == "Wie schnell versenden Sie?"
    assert after[3][2] == 'Yes: we ship to 40 countries.\r\n\r\nZoll zahlt der Empfänger, "ohne Ausnahme".'
    assert [row[0] for row in after] == [row[0] for row in before]
    text = output.decode()
    assert ',"Was kostet der Versand, innerhalb der EU?",' in text  # quoted because of the comma
    assert ",Wie schnell versenden Sie?," in text  # no need to quote
    assert text.count("\r\n") == data.decode().count("\r\n")


def test_csv_with_semicolons_is_sniffed():
    data = 'question;answer\r\nWho?;"Us; always."\r\n'.encode()
    document = _extract(FaqFilter(), "faq.csv", data)
    assert _segments(document) == {"faq[0].question": "Who?", "faq[0].answer": "Us; always."}
    translations = _translate(document, {"faq[0].question": "Wer; bitte?"})
    assert FaqFilter().merge(document, translations, DE) == 'question;answer\r\n"Wer; bitte?";"Us; always."\r\n'.encode()


# -- errors and sniffing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("faq.json", b'[\n  {"question": "a", "answer": "b"},\n  {"question": "c" "answer": "d"}\n]\n', 3),
        ("faq.yml", b"- question: a\n  answer: b\n- question: c\n  answer: [d\n", 4),
        ("faq.csv", b'question,answer\nA,"unterminated\n', 2),
        ("faq.json", b'[{"question": "a", "answer": "b", "answer": "c"}]', 1),
    ],
)
def test_malformed_files_name_file_and_line(name, data, line):
    with pytest.raises(MalformedFileError) as caught:
        _extract(FaqFilter(), name, data)
    assert caught.value.exit_code == 3
    assert caught.value.path == name and caught.value.line == line


def test_a_file_without_a_faq_list_is_rejected():
    with pytest.raises(MalformedFileError, match="no list of records"):
        _extract(FaqFilter(), "x.yml", b"title: nothing here\n")


def test_unknown_option_is_a_configuration_error():
    with pytest.raises(ConfigError):
        FaqFilter(question="q")


@pytest.mark.parametrize("name", ["help-center.yml", "kb.json", "faq.csv"])
def test_sniffing_claims_faq_files(name):
    assert FaqFilter.sniff((DATA / name).read_bytes(), PurePosixPath(name))
