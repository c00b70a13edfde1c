"""The exchange writers' shortcuts give what the general way gives.

Finding a source's codes in a PO text, quoting PO strings and escaping XML each have
a shortcut for the common case (``str.find`` for a pattern of alternatives, no
translation of a string with nothing to escape). On random texts built from the
characters that matter, each must agree with the general way.
"""

from __future__ import annotations

import random

import regex

from locflow.exchange.plaintext import _occurrences
from locflow.exchange.po_syntax import _QUOTE, quote_lines
from locflow.exchange.xmlwrite import _ATTR_ESCAPES, _TEXT_ESCAPES, escape_attr, escape_text

_ALPHABET = "ab{}%s*[]()<>&\"\\\n\t\r x"


def _texts(rng: random.Random, count: int, longest: int) -> list[str]:
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_code_data_are_found_where_a_pattern_of_the_alternatives_finds_them() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = _texts(rng, 1, 24)[0]
        datas = {data for data in _texts(rng, rng.randint(1, 4), 4) if data}
        if not datas:
            continue
        pattern = regex.compile("|".join(regex.escape(data) for data in sorted(datas, key=len, reverse=True)))
        expected = [(match.start(), match.group()) for match in pattern.finditer(text)]
        assert list(_occurrences(text, datas)) == expected, (text, datas)


def test_overlapping_data_take_the_longest_at_the_leftmost_place() -> None:
    assert list(_occurrences("**a** and *b*", {"*", "**"})) == [(0, "**"), (3, "**"), (10, "*"), (12, "*")]
    assert list(_occurrences("{{name}}", {"{name}", "{{name}}"})) == [(0, "{{name}}")]


def _quoted_with_the_table(keyword: str, value: str) -> list[str]:
    """PO lines of ``value`` with every string put through the escape table (the general way)."""
    if "\n" not in value[:-1]:
        return [f'{keyword} "{value.translate(_QUOTE)}"']
    pieces = value.split("\n")
    chunks = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    return [f'{keyword} ""'] + [f'"{chunk.translate(_QUOTE)}"' for chunk in chunks]


def test_po_strings_are_quoted_as_the_escape_table_quotes_them() -> None:
    rng = random.Random(12)
    for text in _texts(rng, 3000, 16):
        assert quote_lines("msgid", text) == _quoted_with_the_table("msgid", text), text


def test_xml_text_and_attributes_are_escaped_as_the_escape_tables_escape_them() -> None:
    rng = random.Random(13)
    for text in _texts(rng, 3000, 16):
        assert escape_text(text) == text.translate(_TEXT_ESCAPES)
        assert escape_attr(text) == text.translate(_ATTR_ESCAPES)
