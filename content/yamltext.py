"""YAML scalars with their exact place in the text, and how to write a translated one.

ruamel.yaml parses (it is the round-trip YAML library of the project): its
node graph gives every scalar's decoded value, style and character offsets.
:func:`parse_yaml` turns that into plain Python data plus a
:class:`~content.tree.Scalar` for every string value, located precisely:

* plain and quoted scalars: from the first character of the value (after
  any ``&anchor`` or ``!tag``) to just after it, quotes included;
* block scalars (``|``, ``>``): from the indicator to the end of the last
  line that holds content, so trailing blank lines and the final line
  break stay in the skeleton and chomping is never disturbed.

:func:`encode_scalar` writes a translated value in the style of the
original: a plain scalar stays plain only when that is safe (else it is
double-quoted), quotes are escaped for their style, block scalars keep
their header and indentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from locflow.model.errors import MalformedFileError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tokens import Token

from content.base import line_of, raising_frame
from content.tree import Path, Scalar, Tree

__all__ = ["parse_yaml", "encode_scalar", "double_quoted", "block_lines", "STR_TAG"]

STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FOLD_MARK = "\a"  # ruamel marks fold points of folded scalars with BEL in round-trip mode


_STYLES = {None: "plain", "": "plain", '"': "double", "'": "single", "|": "literal", ">": "folded"}
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)*")


def parse_yaml(text: str, path: PurePosixPath | str) -> Tree:
    """Parse ``text``; :class:`MalformedFileError` names the file and line of a syntax error."""
    try:
        root = YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end": where the unclosed construct began says more
        problem = exc.problem or exc.context or "invalid YAML"
        raise MalformedFileError(f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from exc
    except YAMLError as exc:
        position = getattr(exc, "position", None)
        line = line_of(text, position) if isinstance(position, int) else None
        raise MalformedFileError(f"invalid YAML: {exc}", path=path, line=line) from exc
    except RecursionError as exc:
        raise MalformedFileError("invalid YAML: nested too deeply", path=path) from exc
    except AssertionError as exc:
        line = _comment_check_line(exc)
        if line is None:
            raise
        raise MalformedFileError(
            "invalid YAML: the comments around this value cannot be placed (a comment line before a"
            " block scalar whose | or > has a comment of its own): move or remove one of them",
            path=path,
            line=line,
        ) from exc
    if root is None:
        return Tree(None, {})
    walker = _Walker(text, path)
    try:
        return Tree(walker.convert(root, (), flow=False), walker.scalars)
    except RecursionError as exc:
        raise MalformedFileError("invalid YAML: nested too deeply", path=path) from exc


def _comment_check_line(exc: AssertionError) -> int | None:
    """The line of the token whose comments failed ruamel.yaml's own checks, or None (another assert).

    ruamel.yaml's round-trip scanner keeps comments on tokens and checks them with ``assert``
    (a token gets its leading comments once); a comment line before a block scalar whose
    header has a comment (``# a`` then ``> # b``) gives them twice. That is the input's
    doing, so it is reported on the token's line. An AssertionError raised anywhere but in
    a token's comment bookkeeping is not that check, and is raised again.
    """
    frame = raising_frame(exc)
    token = frame.f_locals.get("self") if frame is not None else None
    if not isinstance(token, Token) or token.start_mark is None:
        return None
    return token.start_mark.line + 1


class _Walker:
    """Turns ruamel nodes into Python data and records string scalars (each node once)."""

    def __init__(self, text: str, path: PurePosixPath | str) -> None:
        self.text = text
        self.path = path
        self.scalars: dict[Path, Scalar] = {}
        self._seen: dict[int, Any] = {}

    def convert(self, node: Node, where: Path, *, flow: bool) -> Any:
        if id(node) in self._seen:  # an alias: same data, but its characters are elsewhere
            return self._seen[id(node)]
        if isinstance(node, ScalarNode):
            value = self._scalar(node, where, flow)
        elif isinstance(node, SequenceNode):
            value = []
            self._seen[id(node)] = value
            inner_flow = flow or bool(node.flow_style)
            value.extend(self.convert(item, (*where, i), flow=inner_flow) for i, item in enumerate(node.value))
        else:
            value = {}
            self._seen[id(node)] = value
            self._mapping(node, where, value, flow or bool(node.flow_style))
        self._seen[id(node)] = value
        return value

    def _mapping(self, node: MappingNode, where: Path, out: dict[Any, Any], flow: bool) -> None:
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            if not isinstance(key_node, ScalarNode):
                continue  # complex keys hold nothing translatable
            key = key_node.value
            if key in out:
                raise MalformedFileError(
                    f"duplicate key {key!r}", path=self.path, line=key_node.start_mark.line + 1
                )
            out[key] = self.convert(value_node, (*where, key), flow=flow)

    def _scalar(self, node: ScalarNode, where: Path, flow: bool) -> Any:
        if node.tag != STR_TAG:
            return _typed(node)
        style = _STYLES.get(node.style, "plain")
        value = node.value.replace(_FOLD_MARK, "")
        start = self._value_start(node, style)
        end = node.end_mark.index
        if style in ("literal", "folded"):
            end = _content_end(self.text, start, end)
            value = value.rstrip("\n")
        escape = f"yaml-{style}" + ("-flow" if flow else "")
        self.scalars[where] = Scalar(where, value, start, end, escape, node.start_mark.line + 1)
        return value

    def _value_start(self, node: ScalarNode, style: str) -> int:
        start = node.start_mark.index
        if style == "plain":
            return _PROPERTIES.match(self.text, start).end()  # type: ignore[union-attr]
        indicator = {"double": '"', "single": "'", "literal": "|", "folded": ">"}[style]
        return self.text.index(indicator, start)


def _typed(node: ScalarNode) -> Any:
    """A non-string scalar as Python data (only structure and strings matter to filters)."""
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on", "y")
    for kind, convert in (("int", int), ("float", float)):
        if tag == kind:
            try:
                return convert(value.replace("_", ""))
            except ValueError:
                return value
    return value


def _content_end(text: str, start: int, end: int) -> int:
    """End of the last line of a block scalar that holds a non-blank character."""
    region = text[start:end]
    last = len(region.rstrip())
    if last == 0:
        return start
    header_end = _line_end(region, 0)
    if last <= header_end:  # nothing but the header
        return start + header_end
    return start + _line_end(region, last - 1)


def _line_end(text: str, pos: int) -> int:
    match = re.compile(r"\r\n|\n|\r").search(text, pos)
    return match.start() if match else len(text)


def block_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each content line of a block scalar spanning ``text[start:end]`` (header skipped)."""
    pos = _line_end(text, start)
    while pos < end:
        pos += 2 if text.startswith("\r\n", pos) else 1
        line_end = min(_line_end(text, pos), end)
        yield pos, line_end
        pos = line_end


# -- writing translated values ------------------------------------------------------

_NEEDS_QUOTES_START = set("-?:,[]{}#&*!|>'\"%@`.~ \t") | set("0123456789+")
_NOT_STRINGS = re.compile(
    r"(?:~|null|true|false|yes|no|on|off|y|n|<<|=)", re.IGNORECASE
)
_DOUBLE_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n",
    "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}


def encode_scalar(value: str, kind: str, original: str, newline: str = "\n") -> str:
    """Write ``value`` as a YAML scalar in the style of ``kind`` (a :attr:`Scalar.escape`).

    ``original`` is the scalar as it stood (block scalars keep its header and
    indentation). Whenever the original style cannot hold the value
    faithfully, the value is double-quoted, which can hold anything.
    """
    style = kind.removeprefix("yaml-")
    flow = style.endswith("-flow")
    style = style.removesuffix("-flow")
    if style == "line":
        return re.sub(r"\s*[\r\n]+\s*", " ", value)
    if style == "plain" and _plain_is_safe(value, flow):
        return value
    if style == "single" and _printable(value) and "\n" not in value and "\r" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in ("literal", "folded"):
        block = _encode_block(value, style, original, newline)
        if block is not None:
            return block
    return double_quoted(value)


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly ``value``."""
    out = ['"']
    for ch in value:
        escaped = _DOUBLE_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif _is_printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    out.append('"')
    return "".join(out)


def _plain_is_safe(value: str, flow: bool) -> bool:
    """True when ``value`` written bare reads back as the same string (checked conservatively)."""
    if not value or value[0] in _NEEDS_QUOTES_START or value[-1] in " \t:":
        return False
    if ": " in value or " #" in value or "\t" in value or not _printable(value) or "\n" in value or "\r" in value:
        return False
    if flow and any(ch in value for ch in ",[]{}:"):
        return False
    return not _NOT_STRINGS.fullmatch(value)


def _encode_block(value: str, style: str, original: str, newline: str) -> str | None:
    """A literal or folded block with the original header and indentation; None if it cannot hold ``value``.

    Values that begin or end with a line break, begin with blanks, or meet an
    explicit indentation indicator go to double quotes instead: chomping and
    indentation detection would change them.
    """
    line_break = re.search(r"\r\n|\n|\r", original)
    if line_break is None or not value.strip() or value[0] in " \t\n" or value.endswith("\n"):
        return None
    header, body = original[: line_break.start()], original[line_break.end() :]
    indent = _indentation(body)
    if indent is None or re.search(r"\d", header.split("#", 1)[0]) or not _printable(value) or "\r" in value:
        return None
    lines = value.split("\n")
    if style == "folded" and any(line[:1] in (" ", "\t") for line in lines):
        style = "literal"  # more-indented lines would keep their breaks in a folded block anyway
        header = header.replace(">", "|", 1)
    if style == "literal":
        body_text = newline.join(indent + line if line else "" for line in lines)
    else:  # folded: a single break folds into a space, so n breaks are written as n + 1
        pieces = re.split(r"(\n+)", value)
        body_text = "".join(
            newline * (len(piece) + 1) if piece.startswith("\n") else indent + piece for piece in pieces
        )
    return header + newline + body_text


def _indentation(body: str) -> str | None:
    for line in re.split(r"\r\n|\n|\r", body):
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))] or None
    return None


def _printable(value: str) -> bool:
    return all(_is_printable(ch) or ch in "\t\n\r" for ch in value)


def _is_printable(ch: str) -> bool:
    """YAML's printable set, minus the characters better escaped (BOM, line/paragraph separators)."""
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or ch in "\ufeff\u2028\u2029":
        return False
    return not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF))
