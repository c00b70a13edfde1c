"""Which filter reads a file: the configured format, else extension and content (exit 3 when none)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from locflow.errors import InputError, UnknownPluginError
from locflow.project import choose_filter

CASES = [
    ("guide.md", b"# Title\n", "markdown"),
    ("page.html", b"<p>Hi</p>", "html"),
    ("nlu.yml", b'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n', "rasa-nlu"),
    ("domain.yml", b'version: "3.1"\nresponses:\n  utter_hi:\n  - text: Hi\n', "rasa-domain"),
    ("faq.yaml", b"- question: Why?\n  answer: Because.\n", "faq"),
    ("en.json", b'{"menu": {"save": "Save"}}', "keyvalue"),
    ("topic.xml", b'<?xml version="1.0"?><!DOCTYPE concept PUBLIC "-//OASIS//DTD DITA Concept//EN" "concept.dtd">\n<concept id="c"><title>T</title></concept>', "dita"),
    ("book.xml", b'<?xml version="1.0"?><article xmlns="http://docbook.org/ns/docbook"><title>T</title></article>', "docbook"),
    ("strings.xml", b'<?xml version="1.0"?><resources><string name="a">A</string></resources>', "catalog"),
    ("messages.pot", b'msgid "Hello"\nmsgstr ""\n', "po"),
    ("help.wiki", b"== Title ==\nText.\n", "mediawiki"),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES)
def test_extension_and_content_pick_the_filter(name: str, data: bytes, expected: str):
    assert choose_filter(PurePosixPath(name), data, None).name == expected


def test_configured_format_wins_and_passes_options():
    chosen = choose_filter(PurePosixPath("answers.json"), b"[]", "faq", {"answer_field": "a"})
    assert chosen.name == "faq" and chosen.config["answer_field"] == "a"


def test_unknown_extension_and_unknown_format_are_clear_errors():
    with pytest.raises(InputError) as info:
        choose_filter(PurePosixPath("notes/readme.txt"), b"hello", None)
    assert info.value.exit_code == 3 and "notes/readme.txt" in str(info.value) and "markdown" in str(info.value)
    with pytest.raises(InputError, match="cannot tell the format of this .xml file"):
        choose_filter(PurePosixPath("data/export.xml"), b"<export><row/></export>", None)
    with pytest.raises(UnknownPluginError, match="known: .*markdown"):
        choose_filter(PurePosixPath("a.md"), b"", "markdwn")
