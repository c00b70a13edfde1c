"""Bot Framework ``.lu`` and ``.qna`` files: the shared contract, what is text and code, files per language.

The sample files (``tests/data/chatbot/botframework``) are written for locflow's tests; the
Bot Framework CLI's own fixtures in the shared corpus (115 files) go through
``tests/test_corpus_builds.py``.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from content.botframework import BotFrameworkFilter
from locflow.model import Locale, Segment
from tests.filter_suite import FilterSuite

DATA = Path(__file__).parent / "data" / "chatbot" / "botframework"
EN, DE = Locale("en"), Locale("de")


class TestBotFrameworkFilter(FilterSuite):
    make_filter = BotFrameworkFilter
    samples = {path.name: path.read_bytes() for path in sorted(DATA.iterdir()) if path.suffix in (".lu", ".qna")}
    structure_format = "botframework"


def extract(name: str, path: str | None = None, locale: Locale = EN):
    return BotFrameworkFilter().extract((DATA / name).read_bytes(), path=PurePosixPath(path or name), locale=locale)


def tagged(name: str) -> dict[str, str]:
    return {key: segment.tagged() for _, key, segment in extract(name).segments()}


def test_utterances_with_entity_labels_patterns_and_composites():
    units = tagged("orders.lu")
    assert units["intent[OrderStatus].utterances"] == "where is my order {1}A-12345{/1}"
    assert units["intent[OrderStatus].utterances@3"] == "track my {1}{2}Acme{/2} headphones{/1} order"
    assert units["intent[OrderStatus].utterances@5"] == "when does {1/} arrive"
    assert units["intent[Cancel].utterances@2"] == "please stop the delivery to {1}Paris{/1}"
    codes = [c.data for _, key, s in extract("orders.lu").segments() if key.endswith("@4") for c in s.codes]
    assert codes == ["{city:destination=", "}"]


def test_list_synonyms_are_text_definitions_and_phrase_lists_are_not():
    units = tagged("orders.lu")
    assert [units[k] for k in units if k.startswith("list[")] == ["express", "next day", "Berlin", "the capital", "Paris"]
    assert list(units).count("list[city:Berlin].synonyms@2") == 1
    assert "ship, send, deliver" not in units.values()


def test_questions_alternatives_and_markdown_answers():
    units = tagged("faq.qna")
    assert units == {
        "qna[0].question": "How do I reset my password?",
        "qna[0].questions": "I forgot my password",
        "qna[0].questions@2": "reset password",
        "qna[0].answer.md:1": "Open {1}Settings{/1} and choose {2}Reset password{/2}. You get an email within {3/} minutes.",
        "qna[1].question": "Where is my invoice?",
        "qna[1].answer.md:1": "Invoices are under {1}Billing{/1}:",
        "qna[1].answer.md:2": "Open the billing page.",
        "qna[1].answer.md:3": "Choose {1}Invoices{/1}.",
    }  # filters, prompts, ids and comments stay out


def test_translated_braces_are_escaped_and_labels_kept():
    document = extract("orders.lu")
    source = document.unit("intent[OrderStatus].utterances").segments[0]
    opening, closing = source.codes
    target = Segment(("wo ist meine Bestellung ", opening, "A-12345", closing, " (Menge {x})"))
    output = BotFrameworkFilter().merge(document, {"intent[OrderStatus].utterances": target}, DE).decode()
    assert "- wo ist meine Bestellung {orderId=A-12345} (Menge \\{x\\})\n" in output


def test_culture_files_of_other_languages_are_not_source_text_and_builds_add_the_target():
    assert extract("orders.lu", "dialogs/orders.fr-fr.lu").units == ()
    document = extract("orders.lu", "dialogs/orders.lu")
    files = BotFrameworkFilter().built_files(document, {}, DE)
    assert [path for path, _ in files] == [PurePosixPath("dialogs/orders.lu"), PurePosixPath("dialogs/orders.de.lu")]
    french = extract("orders.lu", "dialogs/orders.fr-fr.lu")
    assert BotFrameworkFilter().built_files(french, {}, Locale("fr-FR")) == []
    assert [p for p, _ in BotFrameworkFilter().built_files(french, {}, DE)] == [PurePosixPath("dialogs/orders.fr-fr.lu")]
    folder = extract("faq.qna", "kb/en-us/faq.qna")
    assert [p for p, _ in BotFrameworkFilter().built_files(folder, {}, DE)] == [
        PurePosixPath("kb/en-us/faq.qna"), PurePosixPath("kb/de/faq.qna"),
    ]
