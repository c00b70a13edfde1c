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

import dataclasses
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, ClassVar

from locflow.model import Document, Locale, Segment, Slot, Unit

from content.base import decode_text
from content.dialogflow import PHRASE_ESCAPE, DialogflowOptions, extract_dialogflow, rebuild_phrase_data
from content.dialogflow_agent import agent_files
from content.jsontext import parse_json
from content.language_files import SOURCE_LOCALE, Built, LanguageFile, per_language_files, same_language
from content.rasa import RasaOptions, extract_rasa_markdown, extract_rasa_yaml
from content.shapes import DetectedByShape
from content.splice import SkeletonWriter, SpliceFilter, option_names
from content.yamltext import parse_yaml

__all__ = ["RasaNluFilter", "RasaDomainFilter", "DialogflowFilter"]


class _RasaFilter(DetectedByShape, SpliceFilter):
    """Rasa 3.x YAML (``nlu:`` and ``responses:`` sections, wherever they are) and 1.x Markdown.

    In a bot with a folder per language (``languages/en/``, ``languages/de/``),
    only the source language's files are extracted, and a build writes the
    translation into the target's folder beside the source's.
    """

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
        markdown = PurePosixPath(path).suffix.lower() == ".md"
        tree = None if markdown else parse_yaml(text, path)
        if not LanguageFile.folder(PurePosixPath(path)).is_other_language(locale):
            if tree is None:
                extract_rasa_markdown(text, writer, locale, options)
            else:
                extract_rasa_yaml(tree, writer, locale, options)
        return _with_source_locale(writer.document(PurePosixPath(path), self.name, encoding), locale)

    def built_files(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> Built:
        """Per language folder when the bot has them (see the class docstring), else the merge."""
        source = document.meta.get(SOURCE_LOCALE)
        if source and not same_language(Locale(str(source)), locale):
            language_file = LanguageFile.folder(document.path)
            files = per_language_files(
                language_file, Locale(str(source)), locale, self.original(document),
                lambda: self.merge(document, translations, locale),
            )
            if files is not None:
                return files
        return super().built_files(document, translations, locale)


class RasaNluFilter(_RasaFilter):
    """Rasa training data: ``nlu.yml`` (3.x) or ``nlu.md`` (1.x Markdown); responses in it too."""

    name: ClassVar[str] = "rasa-nlu"
    extensions: ClassVar[tuple[str, ...]] = (".yml", ".yaml", ".md")


class RasaDomainFilter(_RasaFilter):
    """A Rasa domain (``domain.yml``): responses (``responses:``, or 1.x ``templates:``)."""

    name: ClassVar[str] = "rasa-domain"


def _with_source_locale(document: Document, locale: Locale) -> Document:
    """The document with the locale it was extracted in recorded, for a build per language."""
    return dataclasses.replace(document, meta={**document.meta, SOURCE_LOCALE: locale.tag})


class DialogflowFilter(DetectedByShape, SpliceFilter):
    """One JSON file of a Dialogflow ES agent export (intents, training phrases, entity entries).

    Phrase and entry files of other languages than the source's are read but
    not extracted; a build writes the agent with every language in it
    (:mod:`content.dialogflow_agent`).
    """

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
        tree = parse_json(text, path)
        if not LanguageFile.dialogflow(PurePosixPath(path)).is_other_language(locale):
            extract_dialogflow(tree, writer, locale, options)
        return _with_source_locale(writer.document(PurePosixPath(path), self.name, encoding), locale)

    def built_files(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> Built:
        """The agent in every language: see :func:`content.dialogflow_agent.agent_files`."""
        source = document.meta.get(SOURCE_LOCALE)
        if not source:
            return super().built_files(document, translations, locale)
        return agent_files(
            document, Locale(str(source)), locale, self.original(document),
            lambda: self.merge(document, translations, locale),
        )

    def write_unit(
        self, unit: Unit, translations: Mapping[str, Segment], slot: Slot, original: str, newline: str, locale: Locale | None
    ) -> str:
        if slot.escape.startswith(PHRASE_ESCAPE):
            escape = slot.escape.removeprefix(PHRASE_ESCAPE)
            return rebuild_phrase_data(unit.joined_parts(translations, locale), original, escape)
        return super().write_unit(unit, translations, slot, original, newline, locale)

    def locale_tag(self, original: str, locale: Locale) -> str:
        """Dialogflow spells languages in lower case (``de``, ``pt-br``)."""
        return '"' + locale.tag.lower() + '"'

