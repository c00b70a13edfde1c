"""What to translate in a Dialogflow ES agent export, and how training phrases are rebuilt.

An export is a folder of JSON files; each is read on its own:

* ``intents/<name>.json``: the response texts of messages in the source
  language (``speech``, ``title``, ``subtitle``, ``replies``, ``displayText``,
  ``textToSpeech``, ``ssml``, ``formattedText``, ``description``, button
  and suggestion texts) and the slot-filling ``prompts`` of parameters.
  Parameter references (``$city``, ``#context.param``) and SSML tags are
  codes; custom payloads, URLs and postbacks are kept.
* ``intents/<name>_usersays_<lang>.json``: each training phrase is a unit
  ``usersays[3]``. Its ``data`` parts are concatenated; a part annotated as
  an entity (``alias``/``meta``) becomes an opening and a closing code around
  its text, whose data are the part's JSON around the text. A translation
  may move the entity anywhere in the sentence: merge rebuilds the ``data``
  array from the translated segment, reusing the original parts' JSON.
* ``entities/<name>_entries_<lang>.json``: entity synonyms are translated
  (users type them in their language), the reference ``value`` is kept.
* ``agent.json``, ``package.json``, ``entities/<name>.json``: nothing to translate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from locflow.model import Code, CodeIds, CodeKind, Locale, Part, Segment, Unit

from content.jsontext import encode_string, parse_json
from content.splice import SkeletonWriter, format_path, make_unit, sequence_of
from content.textcodes import TAG, code_text
from content.tree import Path, Tree

__all__ = ["DialogflowOptions", "extract_dialogflow", "rebuild_phrase_data", "PHRASE_ESCAPE"]

#: ``$param``, ``$param.original``, ``#context.param``, ``@sys.date`` references.
PARAMETER = ("placeholder", re.compile(r"[$#][A-Za-z_][\w\-]*(?:\.[\w\-]+)*|@sys\.[\w\-.]+"))
#: Slot escape kind prefix of a training phrase's ``data`` array.
PHRASE_ESCAPE = "dialogflow-data:"

_TEXT_FIELDS = {
    "speech", "title", "subtitle", "replies", "displayText", "textToSpeech", "ssml",
    "formattedText", "description", "text",
}
_KEPT_SUBTREES = {"payload", "imageUrl", "postback", "url", "openUrlAction", "image", "lang", "condition"}


@dataclass(frozen=True, slots=True)
class DialogflowOptions:
    """The choices the Dialogflow filter's options make."""

    segment: bool = False
    entity_synonyms: bool = True
    set_lang: bool = False


def extract_dialogflow(tree: Tree, writer: SkeletonWriter, locale: Locale, options: DialogflowOptions) -> None:
    """Place the units of one Dialogflow export file on ``writer`` (by the file's shape)."""
    reader = _Dialogflow(tree, writer, locale, options)
    data = tree.data
    if isinstance(data, list) and data and all(isinstance(r, Mapping) and isinstance(r.get("data"), list) for r in data):
        reader.phrases()
    elif isinstance(data, list) and all(isinstance(r, Mapping) and "synonyms" in r for r in data):
        if options.entity_synonyms:
            reader.entries()
    elif isinstance(data, Mapping) and isinstance(data.get("responses"), list):
        reader.intent()


def _language_matches(lang: object, locale: Locale) -> bool:
    """True for a message or phrase in the source language (or with no ``lang`` at all)."""
    if not lang:
        return True
    lang = str(lang).lower()
    tag = locale.tag.lower()
    return lang == tag or lang == locale.language.lower() or lang.split("-")[0] == tag


class _Dialogflow:
    """One pass over a parsed export file, placing units as it goes."""

    def __init__(self, tree: Tree, writer: SkeletonWriter, locale: Locale, options: DialogflowOptions) -> None:
        self.tree = tree
        self.writer = writer
        self.locale = locale
        self.options = options

    # -- intents -------------------------------------------------------------------------
    def intent(self) -> None:
        for r, response in enumerate(self.tree.data["responses"]):
            if not isinstance(response, Mapping):
                continue
            for m, message in enumerate(sequence_of(response.get("messages"))):
                if isinstance(message, Mapping) and _language_matches(message.get("lang"), self.locale):
                    self._message(("responses", r, "messages", m))
            for p, parameter in enumerate(sequence_of(response.get("parameters"))):
                prompts = parameter.get("prompts") if isinstance(parameter, Mapping) else None
                for q, prompt in enumerate(sequence_of(prompts)):
                    if isinstance(prompt, Mapping) and _language_matches(prompt.get("lang"), self.locale):
                        where = ("responses", r, "parameters", p, "prompts", q)
                        self._mark_lang(where, [self._add((*where, "value"), "prompt")])

    def _message(self, where: Path) -> None:
        keys = []
        for scalar in self.tree.strings_under(where):
            names = [step for step in scalar.path[len(where) :] if isinstance(step, str)]
            if names and names[-1] in _TEXT_FIELDS and not _KEPT_SUBTREES.intersection(names):
                keys.append(self._add(scalar.path, "response"))
        self._mark_lang(where, keys)

    # -- entity entries ------------------------------------------------------------------
    def entries(self) -> None:
        for e, entry in enumerate(self.tree.data):
            for s, _ in enumerate(sequence_of(entry.get("synonyms"))):
                key = format_path(("entries", str(entry.get("value", e)), "synonyms", s))
                self._add((e, "synonyms", s), "synonym", key)

    # -- training phrases ----------------------------------------------------------------
    def phrases(self) -> None:
        for index, phrase in enumerate(self.tree.data):
            if not _language_matches(phrase.get("lang"), self.locale):
                continue
            span = self.tree.spans.get((index, "data"))
            first_text = self.tree.scalars.get((index, "data", 0, "text"))
            unit = self._phrase_unit(index)
            if span is not None and first_text is not None and unit is not None:
                self.writer.add(unit, span[0], span[1], PHRASE_ESCAPE + first_text.escape)
                self._mark_lang((index,), [unit.key])

    def _phrase_unit(self, index: int) -> Unit | None:
        """The phrase's parts in order, each entity's text between codes holding its JSON."""
        text = self.writer.text
        ids = CodeIds()
        parts: list[Part] = []
        for number, part in enumerate(self.tree.data[index]["data"]):
            scalar = self.tree.scalars.get((index, "data", number, "text"))
            span = self.tree.spans.get((index, "data", number))
            if scalar is None or span is None or not isinstance(part, Mapping):
                return None
            inner = code_text(scalar.value, ids)
            if "alias" in part or "meta" in part:
                code_id = ids.next()
                entity = str(part.get("meta") or part.get("alias"))
                parts.append(Code(code_id, CodeKind.OPEN, text[span[0] : scalar.start + 1], "entity", entity))
                parts.extend(inner)
                parts.append(Code(code_id, CodeKind.CLOSE, text[scalar.end - 1 : span[1]], "entity", entity))
            else:
                parts.extend(inner)
        return make_unit(f"usersays[{index}]", parts, self.locale, segment=self.options.segment, kind="example")

    # -- shared --------------------------------------------------------------------------
    def _add(self, where: Path, kind: str, key: str = "") -> str | None:
        """Place the unit of the string at ``where``; its key, or None when there is no such string."""
        scalar = self.tree.scalars.get(where)
        if scalar is None:
            return None
        parts = code_text(scalar.value, CodeIds(), [PARAMETER, TAG])
        unit = make_unit(key or format_path(where), parts, self.locale, segment=self.options.segment, kind=kind)
        self.writer.add(unit, scalar.start, scalar.end, scalar.escape)
        return unit.key

    def _mark_lang(self, where: Path, keys: Sequence[str | None]) -> None:
        """The ``lang`` of the item at ``where``, rewritten when the item's text (``keys``) is translated."""
        scalar = self.tree.scalars.get((*where, "lang"))
        if self.options.set_lang and scalar is not None:
            self.writer.add_locale_tag(scalar.start, scalar.end, [key for key in keys if key is not None])


def rebuild_phrase_data(parts: Sequence[Part], original: str, escape: str) -> str:
    """The ``data`` array of a translated training phrase.

    ``parts`` is the translated phrase (text, entity code pairs, protected
    codes); ``original`` is the source ``data`` array. Entity parts are
    written as their codes' JSON around the new text; stretches of plain
    text reuse the JSON of the original plain parts in order, and the
    array keeps its original opening, separators and closing.
    """
    shape = _ArrayShape(original)
    items: list[str] = []
    plain_used = 0
    run: list[str] = []
    entity: Code | None = None

    def flush_plain() -> None:
        nonlocal plain_used
        value = "".join(run)
        run.clear()
        if value:
            prefix, suffix = shape.plain_template(plain_used)
            items.append(prefix + encode_string(value, escape)[1:-1] + suffix)
            plain_used += 1

    for part in parts:
        if isinstance(part, Code) and part.type == "entity" and part.kind == CodeKind.OPEN:
            flush_plain()
            entity = part
        elif isinstance(part, Code) and part.type == "entity" and part.kind == CodeKind.CLOSE:
            opening = entity.data if entity is not None else shape.plain_template(0)[0]
            items.append(opening + encode_string("".join(run), escape)[1:-1] + part.data)
            run.clear()
            entity = None
        else:
            run.append(part if isinstance(part, str) else part.data)
    if entity is not None:  # an entity left open: close it as plain text rather than break the JSON
        prefix, suffix = shape.plain_template(plain_used)
        items.append(entity.data + encode_string("".join(run), escape)[1:-1] + suffix)
        run.clear()
    flush_plain()
    return shape.opening + shape.separator.join(items) + shape.closing


class _ArrayShape:
    """The layout of an original ``data`` array: its brackets, separators and plain parts."""

    def __init__(self, original: str) -> None:
        tree = parse_json(original, "data")
        items = [tree.spans[(i,)] for i in range(len(tree.data))]
        self.opening = original[: items[0][0]] if items else "["
        self.closing = original[items[-1][1] :] if items else "]"
        self.separator = original[items[0][1] : items[1][0]] if len(items) > 1 else "," + self.opening[1:]
        self._plain: list[tuple[str, str]] = []
        for i, (start, end) in enumerate(items):
            part = tree.data[i]
            text = tree.scalars.get((i, "text"))
            if text is not None and not ("alias" in part or "meta" in part):
                self._plain.append((original[start : text.start + 1], original[text.end - 1 : end]))

    def plain_template(self, number: int) -> tuple[str, str]:
        if not self._plain:
            return '{"text": "', '", "userDefined": false}'
        return self._plain[min(number, len(self._plain) - 1)]


