"""Brace placeholders: Python ``str.format`` (``{name}``, ``{0}``, ``{}``),
double-brace templates (``{{ var }}``, ``{% if %}``) and Rasa annotations.

Each parser returns the placeholders a string uses with their spans; the
checks compare them as sets (a translation may repeat or reorder an argument,
as gettext allows for ``python-brace-format``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import ne

__all__ = [
    "Placeholders",
    "parse_python_brace",
    "find_brace_fields",
    "find_templates",
    "find_rasa_slots",
    "find_rasa_entities",
    "same_fields",
    "differing_fields",
    "FORMAT_SPEC",
]

#: a field's format spec: ``str.format``'s mini-language (``:>10``, ``:.2f``, ``:,d``) or a
#: date's (``:%Y-%m-%d``); ``{display:none}`` in CSS holds no field
FORMAT_SPEC = r"(?::(?:%[^{}]*|(?:[^{}]?[<>=^])?[-+ ]?z?\#?0?\d*[_,]?(?:\.\d+)?[bcdeEfFgGnosxX%]?))?"


@dataclass(slots=True)
class Placeholders:
    """Placeholder names in order of appearance, their spans, and a syntax error if any."""

    names: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    error: str | None = None

    def add(self, name: str, span: tuple[int, int]) -> None:
        self.names.append(name)
        self.spans.append(span)

    def span_of(self, name: str) -> tuple[int, int] | None:
        for n, span in zip(self.names, self.spans):
            if n == name:
                return span
        return None


_FORMATTER = string.Formatter()
_FIELD_NAME = re.compile(r"[^.\[]*")


def parse_python_brace(text: str) -> Placeholders:
    """Python ``str.format`` fields, with automatic numbering and nested format specs."""
    found = Placeholders()
    auto = 0
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        found.error = str(exc)
        return found
    pos = 0
    for literal, field_name, spec, _conversion in parsed:
        pos += len(literal.replace("{", "{{").replace("}", "}}"))
        if field_name is None:
            continue
        name = _FIELD_NAME.match(field_name).group()  # type: ignore[union-attr]
        if name == "":
            name = str(auto)
            auto += 1
        start = text.find("{", pos)
        end = text.find("}", start) + 1 if start >= 0 else pos
        found.add(name, (start, end))
        pos = end
        if spec and "{" in spec:
            nested = parse_python_brace(spec)
            found.names.extend(nested.names)
            found.spans.extend((start, end) for _ in nested.names)
    return found


def same_fields(source: str, target: str, *, strict: bool) -> bool:
    """Whether both strings hold the same fields in the same order, so that their
    placeholders are the same (``strict``: as :func:`parse_python_brace` reads them,
    both well-formed; else as :func:`find_brace_fields` does)."""
    return not differing_fields([source], [target], strict=strict)[0]


def differing_fields(sources: Sequence[str], targets: Sequence[str], *, strict: bool) -> list[bool]:
    """For each pair of texts, whether :func:`same_fields` says no (all pairs at once)."""
    fields = _BRACE_FIELD.findall if not strict else _format_fields
    return list(map(ne, map(fields, sources), map(fields, targets)))


def _format_fields(text: str) -> list[tuple[str, str | None, str | None]] | object:
    """The fields ``str.format`` reads in ``text`` (name, spec, conversion), or, when it
    refuses the text, an object equal to nothing."""
    try:
        return [parsed[1:] for parsed in _FORMATTER.parse(text) if parsed[1] is not None]
    except ValueError:
        return object()


# {name}, {0}, {user.name}, {x!r:>10}, ${var}: identifiers only, so prose braces stay text.
_BRACE_FIELD = re.compile(r"(?<!\{)\$?\{\s*([A-Za-z_][\w.\-]*|\d+)\s*(?:![rsa])?" + FORMAT_SPEC + r"\}(?!\})", re.X)
_TEMPLATE_VAR = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_TEMPLATE_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}", re.S)
_SPACES = re.compile(r"\s+")


def find_brace_fields(text: str) -> Placeholders:
    """``{name}``-style fields in free text (double braces are left to templates)."""
    found = Placeholders()
    for match in _BRACE_FIELD.finditer(text):
        found.add(match.group(1), match.span())
    return found


def find_templates(text: str) -> Placeholders:
    """``{{ var }}`` variables and ``{% tag %}`` statements, whitespace-normalized."""
    found = Placeholders()
    for match in _TEMPLATE_VAR.finditer(text):
        found.add("{{ " + _SPACES.sub(" ", match.group(1)) + " }}", match.span())
    for match in _TEMPLATE_TAG.finditer(text):
        found.add("{% " + _SPACES.sub(" ", match.group(1)) + " %}", match.span())
    return found


_RASA_SLOT = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")
# [text](entity), [text](entity:value), [text]{"entity": "city", "role": "from"}
_RASA_ENTITY = re.compile(
    r"\[[^\[\]]+\]\((?P<short>[A-Za-z_][\w\-]*)(?::[^)]*)?\)"
    r"|\[[^\[\]]+\]\{[^{}]*\"entity\"\s*:\s*\"(?P<long>[^\"]+)\"[^{}]*\}"
)


def find_rasa_slots(text: str) -> Placeholders:
    found = Placeholders()
    for match in _RASA_SLOT.finditer(text):
        found.add(match.group(1), match.span())
    return found


def find_rasa_entities(text: str) -> Placeholders:
    """Entity annotations of Rasa NLU training examples, by entity name."""
    found = Placeholders()
    for match in _RASA_ENTITY.finditer(text):
        found.add(match.group("short") or match.group("long"), match.span())
    return found
