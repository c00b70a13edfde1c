"""Chatbot projects that keep one file per language: which language a file is in, and its name in another.

* Dialogflow ES agents: ``intents/<intent>_usersays_<lang>.json`` and
  ``entities/<entity>_entries_<lang>.json``;
* Rasa bots (and other projects laid out the same way): a folder per language,
  ``bot/languages/<lang>/domain.yml``;
* Bot Framework ``.lu``/``.qna`` files: a culture before the extension,
  ``dialog.fr-fr.lu``, and none for the default language (``dialog.lu``).

A filter extracts only the files of the source language (a glob such as
``intents/*.json`` also matches the German and French files, which are not
source text), and a build writes each target locale's file under that
locale's name, beside the source-language file, so the built project holds
every language, as the platform expects. :class:`LanguageFile` knows both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from babel import Locale as BabelLocale
from babel import UnknownLocaleError

from locflow.model import Locale

__all__ = ["SOURCE_LOCALE", "Built", "LanguageFile", "language_matches", "per_language_files", "same_language"]

#: ``Document.meta`` key: the locale a document was extracted in (a build needs it to tell languages apart).
SOURCE_LOCALE = "source_locale"
#: What a build writes for one source: (path relative like the source's, bytes).
Built = list[tuple[PurePosixPath, bytes]]

_CULTURE = re.compile(r"(?P<stem>.+?)(?:\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?))?(?P<suffix>\.(?:lu|qna|lg))\Z", re.IGNORECASE)
_DIALOGFLOW = re.compile(r"(?P<stem>.+_(?:usersays|entries)_)(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)(?P<suffix>\.json)\Z")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?\Z")


def language_matches(lang: object, locale: Locale) -> bool:
    """True when ``lang`` (a platform's spelling: ``de``, ``pt-br``, ``en_US``) names ``locale``'s language."""
    if not lang:
        return False
    spelled = str(lang).replace("_", "-").lower()
    tag = locale.tag.lower()
    return spelled == tag or spelled == locale.language.lower() or spelled.split("-")[0] == tag


@dataclass(frozen=True, slots=True)
class LanguageFile:
    """Where a file's path names its language (if it does), and how to name it in another.

    ``language`` is the language as the path spells it (``de``, ``pt-br``), or
    ``""`` when the path names none.
    """

    path: PurePosixPath
    language: str = ""
    _kind: str = ""  # "dialogflow" or "folder"
    _index: int = -1  # the folder's position in the path

    @classmethod
    def dialogflow(cls, path: PurePosixPath) -> LanguageFile:
        """``<intent>_usersays_<lang>.json`` / ``<entity>_entries_<lang>.json``."""
        match = _DIALOGFLOW.match(PurePosixPath(path).name)
        return cls(PurePosixPath(path), match["lang"], "dialogflow") if match else cls(PurePosixPath(path))

    @classmethod
    def culture(cls, path: PurePosixPath, *, default: Locale) -> LanguageFile:
        """Bot Framework's ``dialog.fr-fr.lu``; a name without a culture (``dialog.lu``) is in ``default``."""
        path = PurePosixPath(path)
        match = _CULTURE.match(path.name)
        if match is None:
            return cls(path)
        if match["lang"] and _is_language(match["lang"]):
            return cls(path, match["lang"], "culture")
        return cls(path, default.tag.lower(), "culture-default")

    @classmethod
    def folder(cls, path: PurePosixPath) -> LanguageFile:
        """A folder named by a language (``languages/de/data/nlu.md``); the innermost one counts."""
        path = PurePosixPath(path)
        for index in range(len(path.parts) - 2, -1, -1):
            if _is_language(path.parts[index]):
                return cls(path, path.parts[index], "folder", index)
        return cls(path)

    def is_other_language(self, source: Locale) -> bool:
        """True for a file in a language other than ``source`` (not source text)."""
        return bool(self.language) and not language_matches(self.language, source)

    def named_for(self, locale: Locale) -> PurePosixPath | None:
        """This file's path in ``locale`` (spelled the way the path spells languages), or None."""
        if not self.language:
            return None
        spelled = _spelled_like(locale, self.language)
        if self._kind.startswith("culture"):
            match = _CULTURE.match(self.path.name)
            assert match is not None
            stem = match["stem"] if self._kind == "culture" else self.path.name[: match.start("suffix")]
            return self.path.with_name(f"{stem}.{spelled}{match['suffix']}")
        if self._kind == "dialogflow":
            match = _DIALOGFLOW.match(self.path.name)
            assert match is not None
            return self.path.with_name(match["stem"] + spelled + match["suffix"])
        parts = list(self.path.parts)
        parts[self._index] = spelled
        return PurePosixPath(*parts)


def same_language(source: Locale, target: Locale) -> bool:
    """True for a build in the source's own language (a pseudo build): files are translated in place."""
    return language_matches(target.tag, source) or language_matches(source.tag, target)


def per_language_files(
    language_file: LanguageFile, source: Locale, target: Locale, original: bytes, translated: Callable[[], bytes]
) -> Built | None:
    """What a build for ``target`` writes for a file whose path names its language (None if it names none).

    A source-language file is written as it was and, translated, under the
    target's name; another language's file is written as it was, except the
    target's own, which that translation replaces.
    """
    if not language_file.language:
        return None
    if language_file.is_other_language(source):
        return [] if language_matches(language_file.language, target) else [(language_file.path, original)]
    return [(language_file.path, original), (language_file.named_for(target), translated())]  # type: ignore[list-item]


def _is_language(name: str) -> bool:
    """A folder name that is a language tag Babel knows (``en``, ``de``, ``pt-BR``, ``zh_CN``)."""
    if not _LANGUAGE_TAG.match(name):
        return False
    try:
        BabelLocale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _spelled_like(locale: Locale, example: str) -> str:
    """``locale`` spelled as ``example`` spells its language: case and separator (``pt-br``, ``pt_BR``)."""
    tag = locale.tag
    if "_" in example:
        tag = tag.replace("-", "_")
    if example == example.lower():
        tag = tag.lower()
    return tag
