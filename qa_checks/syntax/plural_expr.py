"""Gettext plural expressions (``plural=(n%10==1 && n%100!=11 ? 0 : ...)``).

A tiny recursive-descent evaluator for the C subset gettext allows (``n``,
integers, ``?:``, ``||``, ``&&``, comparisons, ``+ - * / %``, ``!``, parentheses),
so QA can tell which numbers each ``msgstr[i]`` serves. That decides whether a
form may leave out the number (gettext does the same in ``msgfmt -c``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from locflow.model import Locale

__all__ = ["compile_plural", "form_values", "PluralExprError", "SAMPLE"]

#: The numbers examined: enough to see every form of every gettext rule.
SAMPLE = range(0, 1001)

_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[?:<>+\-*/%!()]))")


class PluralExprError(ValueError):
    """The Plural-Forms expression cannot be parsed."""


def _tokens(expr: str) -> list[str]:
    out, pos = [], 0
    expr = expr.strip().rstrip(";")
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if not match:
            if expr[pos:].strip() == "":
                break
            raise PluralExprError(f"unexpected {expr[pos:pos + 10]!r} in plural expression")
        out.append(match.group(match.lastindex or 0))
        pos = match.end()
    return out


class _Parser:
    """Precedence climbing over the token list; builds nested Python closures."""

    _BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PluralExprError(f"expected {expected or 'a value'}, found {token!r}")
        self.pos += 1
        return token

    def ternary(self) -> Callable[[int], int]:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        then = self.ternary()
        self.take(":")
        other = self.ternary()
        return lambda n: then(n) if cond(n) else other(n)

    def binary(self, level: int) -> Callable[[int], int]:
        if level == len(self._BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in self._BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _combine(op, left, right)
        return left

    def unary(self) -> Callable[[int], int]:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise PluralExprError(f"unexpected {token!r} in plural expression")


def _combine(op: str, a: Callable[[int], int], b: Callable[[int], int]) -> Callable[[int], int]:
    ops: dict[str, Callable[[int, int], int]] = {
        "||": lambda x, y: int(bool(x) or bool(y)),
        "&&": lambda x, y: int(bool(x) and bool(y)),
        "==": lambda x, y: int(x == y),
        "!=": lambda x, y: int(x != y),
        "<": lambda x, y: int(x < y),
        ">": lambda x, y: int(x > y),
        "<=": lambda x, y: int(x <= y),
        ">=": lambda x, y: int(x >= y),
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x // y if y else 0,
        "%": lambda x, y: x % y if y else 0,
    }
    func = ops[op]
    return lambda n: func(a(n), b(n))


def compile_plural(expr: str) -> Callable[[int], int]:
    """``plural=`` expression (with or without the ``plural=`` prefix) to a function of n."""
    expr = expr.split("plural=", 1)[-1]
    parser = _Parser(_tokens(expr))
    func = parser.ternary()
    if parser.peek() is not None:
        raise PluralExprError(f"unexpected {parser.peek()!r} after the plural expression")
    return func


@lru_cache(maxsize=256)
def form_values(expr: str | None, count: int, locale: Locale) -> dict[int, tuple[int, ...]]:
    """For each form index, the numbers of :data:`SAMPLE` it is used for.

    Without an expression, the locale's rule from Babel is used; a broken
    expression yields ``{}`` (the plural-form check reports it).
    """
    if expr is None:
        expr = locale.plural_forms_header
    try:
        func = compile_plural(expr)
    except PluralExprError:
        return {}
    found: dict[int, list[int]] = {}
    for n in SAMPLE:
        found.setdefault(func(n), []).append(n)
    return {index: tuple(ns) for index, ns in found.items() if 0 <= index < count}
