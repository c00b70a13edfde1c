"""Chatbot filters: Rasa training data, Rasa domains and Dialogflow ES agent exports.

What each format translates is described in :mod:`content.rasa` and
:mod:`content.dialogflow`; this module is the filter interface around them.
All three merge by splicing (:mod:`content.splice`): untouched values keep
their exact characters, translated ones are encoded for the YAML scalar
style or JSON string they replace, so comments, order and quoting survive.

Chatbot strings are short and usually one sentence or one utterance, so
sentence segmentation is off by default (option ``segment``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, ClassVar

from locflow.model import Document, Locale, Segment, Slot, Unit

from content.base import decode_text
from content.dialogflow import PHRASE_ESCAPE, DialogflowOptions, extract_dialogflow, phrase_parts, rebuild_phrase_data
from content.jsontext import parse_json
from content.rasa import RasaOptions, extract_rasa_markdown, extract_rasa_yaml
from content.shapes import DetectedByShape
from content.splice import SkeletonWriter, SpliceFilter, option_names
from content.yamltext import parse_yaml

__all__ = ["RasaNluFilter", "RasaDomainFilter", "DialogflowFilter"]


class _RasaFilter(DetectedByShape, SpliceFilter):
    """Rasa 3.x YAML (``nlu:`` and ``responses:`` sections, wherever they are) and 1.x Markdown."""

    extensions: ClassVar[tuple[str, ...]] = (".yml", ".yaml")
    options: ClassVar[Mapping[str, Any]] = {
        "segment": False,
        "synonyms": True,
        "lookups": True,
        "custom_keys": (),
    }

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        writer = SkeletonWriter(text)
        options = RasaOptions(
            segment=bool(self.config["segment"]),
            synonyms=bool(self.config["synonyms"]),
            lookups=bool(self.config["lookups"]),
            custom_keys=option_names(self.config["custom_keys"]),
        )
        if PurePosixPath(path).suffix.lower() == ".md":
            extract_rasa_markdown(text, writer, locale, options)
        else:
            extract_rasa_yaml(parse_yaml(text, path), writer, locale, options)
        return writer.document(PurePosixPath(path), self.name, encoding)


class RasaNluFilter(_RasaFilter):
    """Rasa training data: ``nlu.yml`` (3.x) or ``nlu.md`` (1.x Markdown); responses in it too."""

    name: ClassVar[str] = "rasa-nlu"
    extensions: ClassVar[tuple[str, ...]] = (".yml", ".yaml", ".md")


class RasaDomainFilter(_RasaFilter):
    """A Rasa domain (``domain.yml``): responses (``responses:``, or 1.x ``templates:``)."""

    name: ClassVar[str] = "rasa-domain"


class DialogflowFilter(DetectedByShape, SpliceFilter):
    """One JSON file of a Dialogflow ES agent export (intents, training phrases, entity entries)."""

    name: ClassVar[str] = "dialogflow"
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    options: ClassVar[Mapping[str, Any]] = {"segment": False, "entity_synonyms": True, "set_lang": False}

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        writer = SkeletonWriter(text)
        options = DialogflowOptions(
            segment=bool(self.config["segment"]),
            entity_synonyms=bool(self.config["entity_synonyms"]),
            set_lang=bool(self.config["set_lang"]),
        )
        extract_dialogflow(parse_json(text, path), writer, locale, options)
        return writer.document(PurePosixPath(path), self.name, encoding)

    def write_unit(self, unit: Unit, translations: Mapping[str, Segment], slot: Slot, original: str, newline: str) -> str:
        if slot.escape.startswith(PHRASE_ESCAPE):
            escape = slot.escape.removeprefix(PHRASE_ESCAPE)
            return rebuild_phrase_data(phrase_parts(unit, translations), original, escape)
        return super().write_unit(unit, translations, slot, original, newline)

    def locale_tag(self, original: str, locale: Locale) -> str:
        """Dialogflow spells languages in lower case (``de``, ``pt-br``)."""
        return '"' + locale.tag.lower() + '"'
