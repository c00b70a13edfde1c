"""PHP language files: ``$lang['key'] = '...';``, ``return ['key' => '...'];``, ``define()``.

translate-toolkit's PHP storage (on the ``phply`` parser) decides which
literals are translatable and what they say; a small tokenizer here only finds
where each one stands in the bytes, so translations can be spliced in:
assignments of strings and (nested) arrays, ``return`` of an array (Laravel),
and ``define('NAME', '...')``. A literal translate-toolkit does not report
(one with interpolated variables, a heredoc, a concatenation) is left alone.

Keys: ``$lang['welcome']`` for assignments, ``search.placeholder`` for returned
arrays (Laravel's dotted keys), the constant's name for ``define``. In
double-quoted strings, interpolated variables (``$name``, ``{$user->name}``)
are codes; so are Laravel's ``:name`` placeholders and printf's ``%s``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from translate.storage import php as ttk_php

from content.catalog_formats.base import CatalogFormat, Entry, parse_with
from locflow.model import Code, CodeIds, CodeKind, Part, SpanKind, protect
from locflow.model.errors import MalformedFileError

__all__ = ["PhpFormat"]

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<comment>//[^\n]*|#(?!\[)[^\n]*|/\*.*?\*/)"
    r"|(?P<heredoc><<<[ \t]*(?P<quote>['\"]?)(?P<label>\w+)(?P=quote)\r?\n.*?\n[ \t]*(?P=label)\b)"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<variable>\$\w+)|(?P<word>\w+)|(?P<op>=>|\?>|<\?php|<\?=?|.)",
    re.S,
)
_DOUBLE_ESCAPE = re.compile(
    r"\\(?:u\{([0-9a-fA-F]+)\}|x([0-9a-fA-F]{1,2})|([0-7]{1,3})|(.))"
    r"|(\{\$[^}]*\}|\$\{[^}]*\}|\$[A-Za-z_]\w*(?:\[[^\]]*\]|->[A-Za-z_]\w*)?)",
    re.S,
)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "e": "\x1b", "f": "\f", "\\": "\\", "$": "$", '"': '"'}
_LARAVEL = re.compile(r"(?<![\w:]):[A-Za-z_]\w*")
_DOUBLE_QUOTED = {"\\": "\\\\", '"': '\\"', "$": "\\$", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\f": "\\f"}


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str, path: PurePosixPath) -> list[_Token]:
    """Significant tokens after the opening ``<?php``; comments kept (they become notes)."""
    opening = re.search(r"<\?(?:php\b|=)?", text)
    if opening is None:
        raise MalformedFileError("no <?php opening tag", path=path, line=1)
    tokens = []
    for match in _TOKEN.finditer(text, opening.end()):
        kind = match.lastgroup or "op"
        if kind == "op" and match.group() == "?>":
            break
        if kind != "space":
            tokens.append(_Token(kind, match.group(), match.start(), match.end()))
    return tokens


def _decode_single(body: str) -> str:
    return re.sub(r"\\([\\'])", r"\1", body)


def _decode_double(body: str) -> str:
    return "".join(p if isinstance(p, str) else p.data for p in _double_parts(body, None))


def _double_parts(body: str, ids: CodeIds | None) -> list[Part]:
    """A double-quoted string's content: escapes resolved, interpolations as codes."""
    parts: list[Part] = []
    pos = 0
    for match in _DOUBLE_ESCAPE.finditer(body):
        parts.append(body[pos : match.start()])
        codepoint, hex_, octal, char, variable = match.groups()
        if variable:
            parts.append(Code(ids.next() if ids else "", CodeKind.STANDALONE, variable, "variable"))
        elif codepoint or hex_ or octal:
            parts.append(chr(int(codepoint or hex_, 16) if (codepoint or hex_) else int(octal, 8) & 0xFF))
        else:
            parts.append(_SIMPLE_ESCAPES.get(char, "\\" + char))
        pos = match.end()
    parts.append(body[pos:])
    return parts


@dataclass
class _Value:
    key: str
    token: _Token
    note: str


class _Reader:
    """Walks the tokens of a language file and yields its string values with their keys."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def _significant(self, offset: int) -> int | None:
        """Index of the ``offset``-th significant (non-comment) token from the current one."""
        for index in range(self.pos, len(self.tokens)):
            if self.tokens[index].kind != "comment":
                if offset == 0:
                    return index
                offset -= 1
        return None

    def peek(self, offset: int = 0) -> _Token | None:
        index = self._significant(offset)
        return None if index is None else self.tokens[index]

    def take(self) -> _Token:
        index = self._significant(0)
        assert index is not None
        self.pos = index + 1
        return self.tokens[index]

    def note(self) -> str:
        """The comments just before the next significant token."""
        lines = []
        index = self.pos
        while index < len(self.tokens) and self.tokens[index].kind == "comment":
            lines.append(re.sub(r"^(//|#|/\*+)|\*+/$", "", self.tokens[index].text).strip(" *\t\n"))
            index += 1
        return "\n".join(line for line in lines if line)

    def values(self) -> Iterator[_Value]:
        while (token := self.peek()) is not None:
            note = self.note()
            if token.kind == "variable":
                yield from self.assignment(note)
            elif token.kind == "word" and token.text.lower() == "return":
                self.take()
                yield from self.value("", laravel=True, note="")
            elif token.kind == "word" and token.text.lower() == "define":
                yield from self.define(note)
            else:
                self.take()

    def assignment(self, note: str) -> Iterator[_Value]:
        """``$name['a'][0] = value;``"""
        name = self.take().text
        while self.peek() is not None and self.peek().text == "[":
            self.take()
            index = self.take()
            if index.text == "]":
                return  # $a[] = ...: appended, no stable key
            name += f"[{_key_literal(index)}]"
            if self.take().text != "]":
                return
        if self.peek() is not None and self.peek().text == "=":
            self.take()
            yield from self.value(name, laravel=False, note=note)

    def define(self, note: str) -> Iterator[_Value]:
        """``define('NAME', value);``"""
        self.take()
        if self.take().text != "(":
            return
        name, comma = self.take(), self.take()
        if name.kind == "string" and comma.text == ",":
            yield from self.value(_unquote(name), laravel=False, note=note)

    def value(self, key: str, *, laravel: bool, note: str) -> Iterator[_Value]:
        """A string on its own (not concatenated) is a value; an array is walked."""
        token = self.peek()
        if token is None:
            return
        if token.kind == "string":
            self.take()
            following = self.peek()
            if following is None or following.text in (";", ",", ")", "]"):
                yield _Value(key, token, note)
        elif token.text == "[" or (token.kind == "word" and token.text.lower() == "array"):
            yield from self.array(key, laravel)

    def array(self, prefix: str, laravel: bool) -> Iterator[_Value]:
        """``[...]`` or ``array(...)``: ``key => value`` and positional elements."""
        closing = "]" if self.take().text == "[" else ")"
        if closing == ")" and self.take().text != "(":
            return
        position = 0
        while (token := self.peek()) is not None and token.text != closing:
            if token.text == ",":
                self.take()
                continue
            note = self.note()
            if self.peek(1) is not None and self.peek(1).text == "=>":
                name = _key_text(self.take())
                self.take()
            else:
                name, position = str(position), position + 1
            key = (f"{prefix}.{name}" if prefix else name) if laravel else f"{prefix}[{_key_literal_text(name)}]"
            yield from self.value(key, laravel=laravel, note=note)
            self._skip_to_separator(closing)
        if self.peek() is not None:
            self.take()

    def _skip_to_separator(self, closing: str) -> None:
        depth = 0
        while (token := self.peek()) is not None:
            if depth == 0 and token.text in (",", closing):
                return
            depth += token.text in ("[", "(")
            depth -= token.text in ("]", ")")
            self.take()


def _index_from(values: list[str], wanted: str, start: int) -> int | None:
    """The first index at or after ``start`` holding ``wanted`` (translate-toolkit's units in file order).

    Units translate-toolkit reports that no plain literal matches (concatenations,
    heredocs) are passed over and left alone.
    """
    for index in range(start, len(values)):
        if values[index] == wanted:
            return index
    return None


def _placeholders(text: str, ids: CodeIds) -> list[Part]:
    """Laravel's ``:name`` and the usual placeholders (``%s``, ``{0}``), URLs and e-mails as codes."""
    parts: list[Part] = []
    pos = 0
    for match in _LARAVEL.finditer(text):
        parts.extend(protect(text[pos : match.start()], ids))
        parts.append(Code(ids.next(), CodeKind.STANDALONE, match.group(), SpanKind.PLACEHOLDER))
        pos = match.end()
    parts.extend(protect(text[pos:], ids))
    return parts


def _unquote(token: _Token) -> str:
    body = token.text[1:-1]
    return _decode_single(body) if token.text[0] == "'" else _decode_double(body)


def _key_text(token: _Token) -> str:
    return _unquote(token) if token.kind == "string" else token.text


def _key_literal(token: _Token) -> str:
    return _key_literal_text(_key_text(token)) if token.kind == "string" else token.text


def _key_literal_text(name: str) -> str:
    return name if name.isdigit() else "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


class PhpFormat(CatalogFormat):
    name = "php"
    extensions = (".php",)
    verbatim_types: ClassVar[frozenset[str]] = frozenset({"tag", "variable"})

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        store = parse_with(ttk_php.phpfile(), data, path)
        expected = [unit.source for unit in store.units if not unit.isheader()]
        entries, next_unit = [], 0
        for value in _Reader(_tokens(text, path)).values():
            token = value.token
            found = _index_from(expected, _unquote(token), next_unit)
            if found is None:
                continue  # not a literal translate-toolkit reports as translatable
            next_unit = found + 1
            quote = "single" if token.text[0] == "'" else "double"
            start, end = token.start + 1, token.end - 1
            entries.append(Entry(value.key, start, end, expected[found], note=value.note, escape=quote, raw=text[start:end]))
        return entries

    def parts(self, entry: Entry, ids: CodeIds) -> list[Part]:
        pieces = _double_parts(entry.raw, ids) if entry.escape == "double" else [entry.source]
        parts: list[Part] = []
        for piece in pieces:
            parts.extend(_placeholders(piece, ids) if isinstance(piece, str) else [piece])
        return parts

    def escape(self, text: str, kind: str) -> str:
        if kind == "single":
            return text.replace("\\", "\\\\").replace("'", "\\'")
        return "".join(_DOUBLE_QUOTED.get(ch, ch) for ch in text)
