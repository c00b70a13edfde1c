"""What to translate in Rasa files: training examples, synonyms, lookups and responses.

Rasa 3.x YAML (``nlu:`` and ``responses:``, in data files or the domain) and
Rasa 1.x Markdown training data (``## intent:greet`` then ``- hello``) are
read into units placed on a :class:`~content.splice.SkeletonWriter`:

* every example line of an ``examples: |`` block is a unit
  ``nlu[intent=greet].examples[3]``; entity annotations stay intact as a pair
  of codes around the annotated text, which is translated:
  ``[`` ... ``](city)``, ``](city:Berlin)``, ``]{"entity": "city", "role": "to"}``;
* synonym and lookup examples are translated too (they are surface forms
  users type in their language; the synonym's canonical value, the section
  name, stays), each can be switched off; regex sections never are;
* responses: ``text``, ``buttons[].title`` (and ``quick_replies``), with
  slots ``{name}`` and markup tags as codes; image URLs, payloads and
  ``custom`` payloads are kept, unless ``custom_keys`` names keys inside
  custom payloads that hold text. Channel-specific and conditional
  variations are units of their own, with the channel or condition in the
  translator note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from locflow.model import Code, CodeIds, CodeKind, Locale, Part, Segment, Unit

from content.shapes import RASA_MARKDOWN_SECTION
from content.splice import KeyNamer, SkeletonWriter, format_path, make_unit, sequence_of
from content.textcodes import TAG, code_text
from content.tree import Path, Scalar, Tree
from content.yamltext import block_lines

__all__ = ["RasaOptions", "annotated_parts", "extract_rasa_yaml", "extract_rasa_markdown"]

#: Rasa's own entity annotation pattern: ``[text](entity)``, ``[text](entity:value)``,
#: ``[text]{"entity": ...}`` and ``[text][{...}, {...}]``.
ENTITY_ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?P<tail>\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|\{(?P<dict>[^}]+?)\}|\[(?P<list>.*?)\])"
)
_EXAMPLE_LINE = re.compile(r"[ \t]*[-*+][ \t]+")
_TRANSLATED_SECTIONS = ("intent", "synonym", "lookup")
_BUTTON_LISTS = ("buttons", "quick_replies")


@dataclass(frozen=True, slots=True)
class RasaOptions:
    """The choices a Rasa filter's options make."""

    segment: bool = False
    synonyms: bool = True
    lookups: bool = True
    custom_keys: tuple[str, ...] = ()

    def translates(self, section: str) -> bool:
        return section == "intent" or (section == "synonym" and self.synonyms) or (section == "lookup" and self.lookups)


def annotated_parts(text: str, ids: CodeIds) -> list[Part]:
    """An example with its entity annotations as code pairs around the annotated text."""
    parts: list[Part] = []
    pos = 0
    for match in ENTITY_ANNOTATION.finditer(text):
        if match.start() > pos:
            parts.extend(code_text(text[pos : match.start()], ids))
        code_id = ids.next()
        entity = _entity_name(match)
        parts.append(Code(code_id, CodeKind.OPEN, "[", "entity", entity))
        parts.extend(code_text(match.group("text"), ids))
        parts.append(Code(code_id, CodeKind.CLOSE, "]" + match.group("tail"), "entity", entity))
        pos = match.end()
    if pos < len(text):
        parts.extend(code_text(text[pos:], ids))
    return parts


def _entity_name(match: re.Match[str]) -> str:
    if match.group("entity"):
        return match.group("entity").strip()
    raw = match.group("dict")
    try:
        return str(json.loads("{" + raw + "}").get("entity", "")) if raw else ""
    except ValueError:
        return ""


# -- Rasa 3.x YAML ---------------------------------------------------------------------


def extract_rasa_yaml(tree: Tree, writer: SkeletonWriter, locale: Locale, options: RasaOptions) -> None:
    """Place the units of a Rasa YAML file (training data, domain, or both) on ``writer``."""
    if isinstance(tree.data, Mapping):
        _RasaYaml(tree, writer, locale, options).read()


class _RasaYaml:
    """One pass over a parsed Rasa YAML file, placing units as it goes."""

    def __init__(self, tree: Tree, writer: SkeletonWriter, locale: Locale, options: RasaOptions) -> None:
        self.tree = tree
        self.writer = writer
        self.locale = locale
        self.options = options
        self.namer = KeyNamer()

    def read(self) -> None:
        for index, item in enumerate(sequence_of(self.tree.data.get("nlu"))):
            if isinstance(item, Mapping):
                self._nlu_item(index, item)
        for section in ("responses", "templates"):
            responses = self.tree.data.get(section)
            if isinstance(responses, Mapping):
                for name, variations in responses.items():
                    for number, variation in enumerate(sequence_of(variations)):
                        if isinstance(variation, Mapping):
                            self._response((section, name, number), variation)

    # -- training data -------------------------------------------------------------------
    def _nlu_item(self, index: int, item: Mapping[str, Any]) -> None:
        section = next((s for s in (*_TRANSLATED_SECTIONS, "regex") if s in item), None)
        if section is None or not self.options.translates(section):
            return
        prefix = f"nlu[{self.namer(f'{section}={item[section]}')}].examples"
        kind = "example" if section == "intent" else section
        note = f"{section}: {item[section]}"
        where: Path = ("nlu", index, "examples")
        scalar = self.tree.scalars.get(where)
        text = self.writer.text
        if scalar is not None and scalar.escape.startswith("yaml-literal"):
            for number, (start, end) in enumerate(_example_spans(text, scalar)):
                unit = _example_unit(f"{prefix}[{number}]", text[start:end], self.locale, self.options, kind, note)
                self.writer.add(unit, start, end, "yaml-line")
        elif scalar is not None:
            unit = _examples_as_one_unit(prefix, scalar.value, kind, note)
            self.writer.add(unit, scalar.start, scalar.end, scalar.escape)
        else:  # a list of {text: ..., metadata: ...}
            for number, _ in enumerate(sequence_of(item.get("examples"))):
                entry = self.tree.scalars.get((*where, number, "text"))
                if entry is not None:
                    unit = _example_unit(f"{prefix}[{number}]", entry.value, self.locale, self.options, kind, note)
                    self.writer.add(unit, entry.start, entry.end, entry.escape)

    # -- responses -----------------------------------------------------------------------
    def _response(self, where: Path, variation: Mapping[str, Any]) -> None:
        note = _variation_note(where, variation)
        self._response_text((*where, "text"), "response", note)
        for field in _BUTTON_LISTS:
            for number, _ in enumerate(sequence_of(variation.get(field))):
                self._response_text((*where, field, number, "title"), "button", note)
        if self.options.custom_keys and "custom" in variation:
            for scalar in self.tree.strings_under((*where, "custom")):
                if scalar.path[-1] in self.options.custom_keys:
                    self._response_text(scalar.path, "custom", note)

    def _response_text(self, where: Path, kind: str, note: str) -> None:
        scalar = self.tree.scalars.get(where)
        if scalar is None:
            return
        key = format_path(("responses", *where[1:]))
        parts = code_text(scalar.value, CodeIds(), [TAG])
        unit = make_unit(key, parts, self.locale, segment=self.options.segment, kind=kind, note=note)
        self.writer.add(unit, scalar.start, scalar.end, scalar.escape)


def _example_spans(text: str, scalar: Scalar) -> Iterator[tuple[int, int]]:
    """The text of each ``- example`` line of a literal block (marker and trailing blanks excluded)."""
    for start, end in block_lines(text, scalar.start, scalar.end):
        marker = _EXAMPLE_LINE.match(text, start, end)
        if marker:
            stripped_end = start + len(text[start:end].rstrip())
            if stripped_end > marker.end():
                yield marker.end(), stripped_end


def _example_unit(key: str, text: str, locale: Locale, options: RasaOptions, kind: str, note: str) -> Unit:
    return make_unit(key, annotated_parts(text, CodeIds()), locale, segment=options.segment, kind=kind, note=note)


def _examples_as_one_unit(key: str, value: str, kind: str, note: str) -> Unit:
    """Examples written as a quoted or folded scalar: one unit, one segment per ``- example``."""
    segments: list[Segment] = []
    gaps: list[str] = []
    pending = ""
    ids = CodeIds()
    for number, line in enumerate(value.split("\n")):
        pending += "\n" if number else ""
        marker = _EXAMPLE_LINE.match(line)
        body_end = len(line.rstrip())
        if not marker or body_end <= marker.end():
            pending += line
            continue
        gaps.append(pending + line[: marker.end()])
        segments.append(Segment(tuple(annotated_parts(line[marker.end() : body_end], ids))))
        pending = line[body_end:]
    gaps.append(pending)
    return Unit(key, tuple(segments), tuple(gaps), kind=kind, note=note)


def _variation_note(where: Path, variation: Mapping[str, Any]) -> str:
    """Context for translators: which response, and for which channel or condition."""
    facts = [f"response {where[1]}, variation {where[2] + 1}"]  # type: ignore[operator]
    if variation.get("channel"):
        facts.append(f"channel: {variation['channel']}")
    for condition in sequence_of(variation.get("condition")):
        if isinstance(condition, Mapping):
            facts.append(f"condition: {condition.get('type', 'slot')} {condition.get('name')} = {condition.get('value')}")
    return "; ".join(facts)


# -- Rasa 1.x Markdown -----------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def extract_rasa_markdown(text: str, writer: SkeletonWriter, locale: Locale, options: RasaOptions) -> None:
    """Place the units of Rasa 1.x Markdown training data (``## intent:name`` + ``- example``)."""
    comments = [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    namer = KeyNamer()
    prefix = ""
    kind = note = ""
    number = 0
    for start, end in _lines(text):
        if any(a <= start < b for a, b in comments):
            continue
        header = RASA_MARKDOWN_SECTION.match(text, start, end)
        if header:
            section, name = header.group(1), header.group(2)
            prefix = f"nlu[{namer(f'{section}={name}')}].examples" if options.translates(section) else ""
            kind, note, number = ("example" if section == "intent" else section), f"{section}: {name}", 0
            continue
        if text.startswith("#", start):
            prefix = ""  # another heading ends the section
            continue
        marker = _EXAMPLE_LINE.match(text, start, end)
        body_end = start + len(text[start:end].rstrip())
        if prefix and marker and body_end > marker.end():
            unit = _example_unit(f"{prefix}[{number}]", text[marker.end() : body_end], locale, options, kind, note)
            writer.add(unit, marker.end(), body_end, "line")
            number += 1


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        yield pos, match.start()
        pos = match.end()
    if pos < len(text):
        yield pos, len(text)
