"""Which filter a JSON, YAML, CSV or Rasa Markdown file belongs to, judged by its shape.

Several filters accept ``.json`` and ``.yml``: Dialogflow exports, Rasa
training data and domains, FAQ lists, and plain i18n key-value files. The
precedence lives here, in one place, so every filter's ``sniff`` agrees and
exactly one of them claims a file:

1. ``dialogflow`` (JSON) — an intent (``responses[].messages``), training phrases
   (a list of ``{"data": [{"text": ...}]}``), entity entries (a list of
   ``{"value", "synonyms"}``), an entity definition, ``agent.json`` or the
   export's ``package.json`` (``{"version": ...}`` alone);
2. ``rasa-nlu`` (YAML) — a mapping with ``nlu:``, or Rasa 1.x Markdown training
   data (``## intent:name``);
3. ``rasa-domain`` (YAML) — a mapping with ``responses:``/``templates:`` of
   ``utter_*`` keys, or with Rasa domain sections (``intents``, ``slots``,
   ``actions``, ``forms``, ``entities``, ``session_config``) and ``version``;
4. ``faq`` — a list of mappings with a question and an answer (at the top or
   under one top-level key), or a CSV whose header names both;
5. ``keyvalue`` — any other JSON or YAML file, and files that do not parse
   (so the error, with its line, comes from a filter that reads the syntax).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from locflow.model.errors import MalformedFileError

__all__ = ["detect", "DetectedByShape", "faq_list_path", "RASA_MARKDOWN_SECTION"]

#: A section header of Rasa 1.x Markdown training data.
RASA_MARKDOWN_SECTION = re.compile(r"^##\s*(intent|synonym|regex|lookup)\s*:\s*(.+?)\s*$", re.M)

_JSON = {".json"}
_YAML = {".yml", ".yaml"}
_DOMAIN_SECTIONS = {"intents", "slots", "actions", "forms", "entities", "session_config"}


def detect(data: bytes, path: PurePosixPath) -> str | None:
    """The name of the filter that should read ``data``, or None when none of ours fits."""
    return _detect(data, PurePosixPath(path).suffix.lower())


@lru_cache(maxsize=16)
def _detect(data: bytes, suffix: str) -> str | None:
    text = data.decode("utf-8-sig", errors="replace")
    if suffix == ".md":
        return "rasa-nlu" if RASA_MARKDOWN_SECTION.search(text) else None
    if suffix == ".csv":
        header = text.split("\n", 1)[0].lower()
        return "faq" if "question" in header and "answer" in header else None
    if suffix not in _JSON | _YAML:
        return None
    try:
        tree = _load(text, suffix)
    except (MalformedFileError, ValueError):
        return "keyvalue"
    for name, looks_like, suffixes in _PRECEDENCE:
        if suffix in suffixes and looks_like(tree):
            return name
    return "keyvalue"


def _load(text: str, suffix: str) -> Any:
    if suffix in _JSON:
        return json.loads(text)
    from content.yamltext import parse_yaml

    return parse_yaml(text, "sniffed").data


def _records(value: Any) -> list[Mapping[str, Any]]:
    """``value`` when it is a non-empty list of mappings, else []."""
    if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
        return value
    return []


def _is_dialogflow(tree: Any) -> bool:
    records = _records(tree)
    if records:
        if all(isinstance(r.get("data"), list) for r in records):
            return True  # training phrases: *_usersays_<lang>.json
        return all("value" in r and isinstance(r.get("synonyms"), list) for r in records)  # entity entries
    if not isinstance(tree, Mapping):
        return False
    responses = _records(tree.get("responses"))
    if responses and all("messages" in r for r in responses):
        return True
    if "supportedLanguages" in tree or "defaultTimezone" in tree:
        return True  # agent.json
    if set(tree) == {"version"}:
        return True  # the export's package.json
    return "isEnum" in tree and "automatedExpansion" in tree  # entities/<name>.json


def _is_rasa_nlu(tree: Any) -> bool:
    return isinstance(tree, Mapping) and "nlu" in tree and isinstance(tree["nlu"], (list, type(None)))


def _is_rasa_domain(tree: Any) -> bool:
    if not isinstance(tree, Mapping) or "nlu" in tree:
        return False
    for section in ("responses", "templates"):
        responses = tree.get(section)
        if isinstance(responses, Mapping) and responses and all(str(k).startswith("utter_") for k in responses):
            return True
    sections = _DOMAIN_SECTIONS & set(tree)
    return bool(sections) and ("version" in tree or len(sections) >= 2)


def faq_list_path(tree: Any, question_field: str = "question", answer_field: str = "answer") -> tuple[str, ...] | None:
    """Where the FAQ list is: ``()`` for a top-level list, ``(key,)`` under one key, else None.

    A list counts when most of its mappings have both fields (or the plural
    of the question field, as QnA Maker's ``questions``).
    """
    candidates: list[tuple[tuple[str, ...], Any]] = [((), tree)]
    if isinstance(tree, Mapping):
        candidates += [((str(key),), value) for key, value in tree.items()]
    for where, value in candidates:
        records = _records(value)
        questions = (question_field, question_field + "s")
        hits = sum(1 for r in records if answer_field in r and any(q in r for q in questions))
        if records and hits * 2 > len(records):
            return where
    return None


#: (filter name, shape test, the suffixes it applies to), first match wins.
_PRECEDENCE = (
    ("dialogflow", _is_dialogflow, _JSON),
    ("rasa-nlu", _is_rasa_nlu, _YAML),
    ("rasa-domain", _is_rasa_domain, _YAML),
    ("faq", lambda tree: faq_list_path(tree) is not None, _JSON | _YAML),
)


class DetectedByShape:
    """Mixin for the filters that share .json/.yml files: a filter claims a file when
    :func:`detect` (the one place that decides) names it."""

    sniff_only = True

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        return detect(data, path) == cls.name
