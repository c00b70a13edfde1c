"""ICU MessageFormat: a parser for what the checks need.

:func:`parse` reads a message into its arguments (``{name}``, ``{n, number}``,
``{n, plural, one {...} other {...}}``, ``select``, ``selectordinal``), with
spans, and raises :class:`ICUSyntaxError` naming the offset of the first error.
Apostrophe quoting follows ICU's default (``DOUBLE_OPTIONAL``): ``''`` is an
apostrophe, ``'{`` starts quoted text, and a lone apostrophe in ``l'application``
is just an apostrophe, so French and Italian text is read as translators wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from locflow.model import Locale

__all__ = ["ICUArg", "ICUSyntaxError", "parse", "flatten", "required_categories", "uncovered_categories", "looks_like_icu"]

PLURAL_KEYWORDS = ("zero", "one", "two", "few", "many", "other")
_SIMPLE_TYPES = ("number", "date", "time", "spellout", "ordinal", "duration")
_COMPLEX_TYPES = ("plural", "select", "selectordinal")
_ARG_NAME = re.compile(r"\s*([^\s{}',#]+)\s*")
_WORD = re.compile(r"\s*([^\s{}]+)\s*")
_TYPE = re.compile(r"\s*([A-Za-z]+)\s*")
#: an argument beyond a bare ``{name}``: what makes a text an ICU message
ICU_HINT = re.compile(r"\{\s*[\w.]+\s*,\s*(?:plural|select|selectordinal|number|date|time|spellout|ordinal|duration)\s*[,}]")


class ICUSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at offset {offset})")
        self.offset = offset


@dataclass(slots=True)
class ICUArg:
    """One argument: its name, type (``""`` for ``{name}``), span and, for
    plural/select, the branches by selector (``one``, ``=0``, ``male``)."""

    name: str
    type: str
    span: tuple[int, int]
    branches: dict[str, list["ICUArg"]] = field(default_factory=dict)
    offset: int = 0


def looks_like_icu(text: str) -> bool:
    """True when the text has an ICU construct beyond a bare ``{name}``."""
    return "{" in text and ICU_HINT.search(text) is not None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str) -> ICUSyntaxError:
        return ICUSyntaxError(message, self.pos)

    def message(self, in_plural: bool, depth: int) -> list[ICUArg]:
        """Text and arguments up to an unmatched ``}`` (depth > 0) or the end."""
        args: list[ICUArg] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "'":
                self.quote(in_plural)
            elif ch == "{":
                args.append(self.argument(depth))
            elif ch == "}":
                if depth == 0:
                    raise self.error("unmatched '}'")
                return args
            else:
                self.pos += 1
        if depth > 0:
            raise self.error("unclosed '{'")
        return args

    def quote(self, in_plural: bool) -> None:
        text, pos = self.text, self.pos
        nxt = text[pos + 1] if pos + 1 < len(text) else ""
        if nxt == "'":
            self.pos = pos + 2
        elif nxt in "{}|" or (in_plural and nxt == "#"):
            end = pos + 1
            while True:
                end = text.find("'", end + 1)
                if end < 0:
                    self.pos = len(text)  # ICU quotes to the end of the message
                    return
                if text[end + 1 : end + 2] == "'":
                    end += 1
                    continue
                self.pos = end + 1
                return
        else:
            self.pos = pos + 1

    def argument(self, depth: int) -> ICUArg:
        start = self.pos
        self.pos += 1
        match = _ARG_NAME.match(self.text, self.pos)
        if not match:
            raise self.error("argument name expected")
        name = match.group(1)
        if name.isdigit():
            name = str(int(name))  # {01} is argument 1
        self.pos = match.end()
        if self.peek() == "}":
            self.pos += 1
            return ICUArg(name, "", (start, self.pos))
        self.expect(",")
        match = _TYPE.match(self.text, self.pos)
        if not match:
            raise self.error("argument type expected")
        arg_type = match.group(1)
        self.pos = match.end()
        if arg_type in _COMPLEX_TYPES:
            self.expect(",")
            arg = ICUArg(name, arg_type, (start, start))
            self.branches(arg, depth)
            arg.span = (start, self.pos)
            return arg
        if arg_type not in _SIMPLE_TYPES and arg_type != "choice":
            raise self.error(f"unknown argument type {arg_type!r}")
        if self.peek() == ",":
            self.style()
        self.expect("}")
        return ICUArg(name, arg_type, (start, self.pos))

    def style(self) -> None:
        """Skip an argument style (``::currency/EUR``, ``short``), balanced braces and quotes."""
        level = 0
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "'":
                self.quote(False)
                continue
            if ch == "{":
                level += 1
            elif ch == "}":
                if level == 0:
                    return
                level -= 1
            self.pos += 1
        raise self.error("unclosed argument")

    def branches(self, arg: ICUArg, depth: int) -> None:
        self.skip_space()
        if arg.type != "select" and self.text.startswith("offset:", self.pos):
            match = re.compile(r"offset:\s*(\d+)").match(self.text, self.pos)
            if not match:
                raise self.error("bad offset")
            arg.offset = int(match.group(1))
            self.pos = match.end()
        while True:
            self.skip_space()
            if self.peek() == "}":
                self.pos += 1
                break
            match = _WORD.match(self.text, self.pos)
            if not match:
                raise self.error(f"selector expected in {arg.type} argument {arg.name!r}")
            selector = match.group(1)
            self.pos = match.end()
            if arg.type != "select":
                if not (selector in PLURAL_KEYWORDS or re.fullmatch(r"=\d+(\.\d+)?", selector)):
                    raise self.error(f"{selector!r} is not a plural category or =number")
            if selector in arg.branches:
                raise self.error(f"duplicate selector {selector!r}")
            self.expect("{")
            arg.branches[selector] = self.message(arg.type != "select", depth + 1)
            self.expect("}")
        if not arg.branches:
            raise self.error(f"{arg.type} argument {arg.name!r} has no branches")
        if "other" not in arg.branches:
            raise ICUSyntaxError(f"{arg.type} argument {arg.name!r} has no 'other' branch", arg.span[0])

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, ch: str) -> None:
        self.skip_space()
        if self.peek() != ch:
            raise self.error(f"expected {ch!r}")
        self.pos += 1


def parse(text: str) -> list[ICUArg]:
    """The top-level arguments of an ICU message; raises :class:`ICUSyntaxError`."""
    return _Parser(text).message(False, 0)


def flatten(args: list[ICUArg]) -> list[ICUArg]:
    """Every argument, including those nested in branches."""
    out: list[ICUArg] = []
    for arg in args:
        out.append(arg)
        for branch in arg.branches.values():
            out.extend(flatten(branch))
    return out


@lru_cache(maxsize=128)
def _category_members(locale: Locale, ordinal: bool) -> dict[str, frozenset[int]]:
    rule = locale.babel.ordinal_form if ordinal else locale.babel.plural_form
    members: dict[str, set[int]] = {}
    for n in range(0, 1001):
        members.setdefault(rule(n), set()).add(n)
    return {category: frozenset(ns) for category, ns in members.items()}


def required_categories(locale: Locale, *, ordinal: bool = False) -> tuple[str, ...]:
    """The categories whole numbers 0..1000 fall into in this locale (CLDR order)."""
    members = _category_members(locale, ordinal)
    return tuple(c for c in PLURAL_KEYWORDS if c in members)


def uncovered_categories(arg: ICUArg, locale: Locale) -> list[str]:
    """Categories the locale needs that neither a keyword nor ``=n`` branches cover."""
    members = _category_members(locale, arg.type == "selectordinal")
    explicit = {int(float(s[1:])) for s in arg.branches if s.startswith("=")}
    return [
        category
        for category in required_categories(locale, ordinal=arg.type == "selectordinal")
        if category not in arg.branches and not members[category] <= explicit
    ]
