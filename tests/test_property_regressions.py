"""Bugs the property tests and the fuzz runs found, each pinned on its smallest input.

Every case holds the round-trip property of tests/property_support.py (or the reader's clean
error); the comment says what went wrong before the fix.
"""

from __future__ import annotations

import pytest

from tests.property_support import DATA, check_filter_round_trip

#: The fuzz runs' failing inputs are a sample file with one edit; each is rebuilt here exactly.
ANDROID_NAME_WITH_U_F900 = (DATA / "catalog" / "strings.xml").read_bytes().replace(
    b'<string name="welcome"', '<string \uf900name="welcome"'.encode()
)
RAILS_FOLDED_COMMENT = (DATA / "keyvalue" / "en.yml").read_bytes().replace(b"\n# Keep", b"\n> # Keep")

ROUND_TRIPS = [
    # A QnA question whose answer fence holds only blank lines (or is never closed): the blank
    # lines were dropped from the build.
    ("botframework", "faq.qna", b"#?\n```\n\n"),
    ("botframework", "faq.qna", b"# ? Where?\n```\n\n\n```\n"),
    # A second fence after a question's answer was read as another answer with the same keys,
    # so the build wrote the first answer's text in both places.
    ("botframework", "faq.qna", b"#?\n```\nY\n```\n```\ni"),
    ("botframework", "faq.qna", b"# ? Where?\n```\nHere.\n```\n```\nThere.\n```\n"),
    # Broken PHP: the PHP parser's own SyntaxError escaped as a crash instead of exit 3.
    ("catalog", "messages.php", b"<?php\nreturn ['a' => 'b';\n"),
    ("catalog", "messages.php", b"<?php\n$lang['a'] = 'b'\n"),
    # A number divided by nothing after an entry ("b",0/ next line 'c' => 'd'): phply reads
    # a division whose operands the PHP store asserts are strings; the AssertionError escaped.
    ("catalog", "messages.php", b"<?php\nreturn [\n    'a' => \"b\",0/\n    'c' => 'd',\n];\n"),
    # A front matter key given twice: two units with one key, an internal AssertionError (exit 1)
    # instead of exit 3 naming the line.
    ("markdown", "page.md", b"---\ntitle: A\ntitle: B\n---\n\nText.\n"),
    # An attribute name with U+F900 in it: lxml reads it (XML 1.0 fifth edition names), the
    # expat parser translate-toolkit reads inline markup with does not, and its ExpatError
    # escaped as a crash.
    ("catalog", "strings.xml", ANDROID_NAME_WITH_U_F900),
    ("catalog", "strings.xml", '<resources><string \uf900name="a">x <b>y</b></string></resources>'.encode()),
    # A comment line, then a block scalar whose ">" has a comment: ruamel.yaml's comment
    # bookkeeping failed an assert, and the bare AssertionError escaped as a crash.
    ("keyvalue", "en.yml", RAILS_FOLDED_COMMENT),
    ("keyvalue", "en.yml", b"x:\n  # a\n  > # b\n  t\n"),
]


@pytest.mark.parametrize(("filter_name", "name", "data"), ROUND_TRIPS)
def test_round_trip_regressions(filter_name: str, name: str, data: bytes):
    check_filter_round_trip(filter_name, name, data)


@pytest.mark.parametrize(
    "text",
    [
        # A phone number followed by a card number: the phone matcher read the digits and spaces
        # of both as one invalid number, and the phone number was sent to the engine unmasked.
        " +1 555 0100  4111 1111 1111 1111 ",
        "Call +1 555 0100  DE89 3704 0044 0532 0130 00 is the IBAN.",
        # After two opening brackets and a space (wiki markup), the phone number was read as
        # an unbalanced candidate and not masked.
        " +1 555 0100; [[ +1 555 0100; ",
        # A card number after another number and a space failed the checksum as one long number.
        " 4111 1111 1111 1111; 1 4111 1111 1111 1111; ",
        # An international number with a stray "+" before it or more digits after it was read
        # as one invalid candidate with them and not masked.
        " +1 555 0100; + +1 555 0100; ",
        "Call +1 555 0100 1. Then +44 20 7946 0958 5 too.",
        # An IBAN followed by a space and a digit was read with it and failed its checksum.
        " DE89 3704 0044 0532 0130 00  DE89 3704 0044 0532 0130 00 0",
        # The IBAN pattern's run took " 0 DE89 3704" after the first IBAN; the search went on
        # after the run, so the second IBAN was never seen and was sent to the engine.
        " DE89 3704 0044 0532 0130 00 0 DE89 3704 0044 0532 0130 00 ",
        # The same with card numbers: a 13-digit card's run took the next card's first group,
        # and a run with no card in it ("1234 4111 1111 1111") hid the card starting inside it.
        " 4222222222222 4111 1111 1111 1111 ",
        " 1234 4111 1111 1111 1111 ",
    ],
)
@pytest.mark.parametrize("locale", ["en-US", "de"])
def test_personal_data_regressions(text: str, locale: str):
    from locflow.model import Locale, Segment
    from locflow.mt.base import Markup
    from locflow.mt.masking import render
    from locflow.privacy import PIIFinder, PrivacySettings, mask_personal_data

    masked = mask_personal_data(Segment.text_only(text), PIIFinder(PrivacySettings()), Locale(locale))
    sent = render(masked.segment, Markup.XML)
    assert "555" not in sent and "1111" not in sent and "3704" not in sent and "7946" not in sent, sent


def test_a_front_matter_key_given_twice_names_its_line():
    from pathlib import PurePosixPath

    from content.markdown import MarkdownFilter
    from locflow.model import Locale
    from locflow.model.errors import MalformedFileError

    with pytest.raises(MalformedFileError) as raised:
        MarkdownFilter().extract(b"---\ntitle: A\ntitle: B\n---\n\nText.\n", path=PurePosixPath("page.md"), locale=Locale("en"))
    assert raised.value.line == 3 and "title" in raised.value.message


def test_a_value_expat_cannot_read_names_the_file_and_the_element_line():
    from pathlib import PurePosixPath

    from content.catalog import CatalogFilter
    from locflow.model import Locale
    from locflow.model.errors import MalformedFileError

    with pytest.raises(MalformedFileError) as raised:
        CatalogFilter().extract(ANDROID_NAME_WITH_U_F900, path=PurePosixPath("res/strings.xml"), locale=Locale("en"))
    assert raised.value.line == 8 and str(raised.value.path) == "res/strings.xml"
    assert "<string> value" in raised.value.message and "not well-formed" in raised.value.message


def test_comments_ruamel_cannot_place_name_the_file_and_line():
    from pathlib import PurePosixPath

    from content.keyvalue import KeyValueFilter
    from locflow.model import Locale
    from locflow.model.errors import MalformedFileError

    with pytest.raises(MalformedFileError) as raised:
        KeyValueFilter().extract(RAILS_FOLDED_COMMENT, path=PurePosixPath("config/locales/en.yml"), locale=Locale("en"))
    assert raised.value.line == 2 and str(raised.value.path) == "config/locales/en.yml"
    assert "comments" in raised.value.message


def test_the_same_comments_before_a_keyed_block_scalar_are_read():
    from pathlib import PurePosixPath

    from content.keyvalue import KeyValueFilter
    from locflow.model import Locale

    data = b"en:\n  # a\n  title: | # b\n    Hi\n"
    document = KeyValueFilter().extract(data, path=PurePosixPath("en.yml"), locale=Locale("en"))
    assert [unit.key for unit in document.units] == ["en.title"]


def test_overlapping_finds_are_masked_as_one_span():
    """A find that overlaps another is merged with it, not dropped: no part of either is sent."""
    from locflow.model import Locale
    from locflow.privacy import PIIFinder, PrivacySettings

    finder = PIIFinder(PrivacySettings(kinds=(), patterns={"order": r"ORD-\d{4}", "parcel": r"\d{4}-XY\d"}))
    text = "See ORD-1234-XY9 now."
    spans = finder.find(text, Locale("en-US"))
    assert [(text[s.start : s.end], s.kind) for s in spans] == [("ORD-1234-XY9", "order")]
