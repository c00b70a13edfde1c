"""Writing translated values into YAML scalars and JSON strings: every style reads back exactly."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from content.jsontext import encode_string, parse_json
from content.yamltext import encode_scalar, parse_yaml

TRICKY = [
    "plain words",
    "key: value",
    "- looks like a list",
    "#hash first",
    "text #comment",
    "yes",
    "No",
    "null",
    "~",
    "123",
    "1.5e3",
    "0x1F",
    "@at",
    "`tick`",
    "'single'",
    '"double"',
    "back\\slash",
    "tab\there",
    "new\nline",
    "trailing space ",
    " leading space",
    "ünïcödé “quotes”",
    "emoji 😀",
    "bell\x07",
    "line\u2028separator",
    "ends with colon:",
    "[flow]",
    "{map}",
    "a, b",
    "%percent",
    "!bang",
    "&anchor",
    "*alias",
    "|pipe",
    ">greater",
    "?question",
    "...",
    "---",
    "",
    "two\n\nparagraphs",
    "trailing \nspace before a break",
    "first\n  indented second",
    "\ttab first",
    "# heading\n- item",
    "a\n\n\n\nb\nc",
]


def _reload(document: str, key: str = "k"):
    return YAML(typ="safe").load(document)[key]


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize(
    ("kind", "original"),
    [
        ("yaml-plain", "old"),
        ("yaml-single", "'old'"),
        ("yaml-double", '"old"'),
    ],
)
def test_flow_scalar_styles_read_back_exactly(value, kind, original):
    encoded = encode_scalar(value, kind, original)
    assert _reload(f"k: {encoded}  # comment\nnext: 1\n") == value
    assert _reload(f"- other\n- k: {encoded}\n", 0) == "other"
    assert YAML(typ="safe").load(f"- other\n- k: {encoded}\n")[1]["k"] == value


@pytest.mark.parametrize("value", TRICKY)
def test_scalars_inside_flow_collections_read_back_exactly(value):
    encoded = encode_scalar(value, "yaml-plain-flow", "old")
    assert _reload(f"k: [{encoded}, second]\n") == [value, "second"]
    assert _reload(f"k: {{a: {encoded}, b: c}}\n") == {"a": value, "b": "c"}


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("header", ["|", "|-", ">", ">-", "|+"])
def test_block_scalars_read_back_with_their_chomping(value, header):
    original = f"{header}\n    old line\n    second"
    encoded = encode_scalar(value, f"yaml-{'literal' if header[0] == '|' else 'folded'}", original)
    loaded = _reload(f"root:\n  k: {encoded}\n  next: 1\n", "root")["k"]
    if encoded.startswith('"'):  # fell back to double quotes: the exact value
        assert loaded == value
    elif header.endswith("-"):
        assert loaded == value
    else:
        assert loaded == value + "\n"


def test_safe_values_keep_their_style():
    assert encode_scalar("Hallo Welt", "yaml-plain", "x") == "Hallo Welt"
    assert encode_scalar("it's", "yaml-single", "'x'") == "'it''s'"
    assert encode_scalar('say "hi"', "yaml-double", '"x"') == '"say \\"hi\\""'
    assert encode_scalar("a\nb", "yaml-literal", "|  # keep\n  x") == "|  # keep\n  a\n  b"
    assert encode_scalar("a\nb", "yaml-folded", ">\n    x") == ">\n    a\n\n    b"
    assert encode_scalar("a\n  indented", "yaml-folded", ">\n  x") == "|\n  a\n    indented"


def test_explicit_indentation_indicator_falls_back_to_double_quotes():
    assert encode_scalar("a\nb", "yaml-literal", "|2\n    x") == '"a\\nb"'


def test_yaml_scalars_are_located_exactly():
    text = "a: &x !!str   anchored\nb: 'it''s'\nc: \"q\\\"\"\nd: |-\n  lit\n  eral\n\n\ne: >\n  fold\n  ed\nf: [x, 'y']\n"
    tree = parse_yaml(text, "t.yml")
    spans = {path: text[s.start : s.end] for path, s in tree.scalars.items()}
    assert spans == {
        ("a",): "anchored",
        ("b",): "'it''s'",
        ("c",): '"q\\""',
        ("d",): "|-\n  lit\n  eral",
        ("e",): ">\n  fold\n  ed",
        ("f", 0): "x",
        ("f", 1): "'y'",
    }
    assert tree.scalars[("e",)].value == "fold ed"
    assert tree.scalars[("f", 0)].escape == "yaml-plain-flow"


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("kind", ["json", "json-ascii", "json-slash", "json-ascii-slash"])
def test_json_strings_read_back_exactly(value, kind):
    encoded = encode_string(value + " a/b", kind)
    assert json.loads(encoded) == value + " a/b"
    assert encoded.isascii() == ("ascii" in kind or (value + " a/b").isascii())
    assert ("\\/" in encoded) == ("slash" in kind)


def test_json_strings_are_located_with_their_escapes():
    text = '{"a": "x\\u00e9\\n", "b": [1, "t\\/u", {"c": null}], "d": -1.5e3}'
    tree = parse_json(text, "t.json")
    assert {p: text[s.start : s.end] for p, s in tree.scalars.items()} == {
        ("a",): '"x\\u00e9\\n"',
        ("b", 1): '"t\\/u"',
    }
    assert tree.scalars[("a",)].value == "xé\n"
    assert tree.scalars[("a",)].escape == "json-ascii-slash"
    assert text[slice(*tree.spans[("d",)])] == "-1.5e3"
    assert text[slice(*tree.spans[("b", 2)])] == '{"c": null}'
