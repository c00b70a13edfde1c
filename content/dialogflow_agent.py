"""Building a Dialogflow ES agent export as one multilingual agent.

Dialogflow keeps every language of an agent in one export: training phrases
and entity entries in a file per language (``<intent>_usersays_de.json``,
``<entity>_entries_de.json``), responses and prompts of all languages in the
intent file, each tagged ``"lang": "de"``, and the languages listed in
``agent.json`` (``language`` and ``supportedLanguages``). A build for German
therefore writes, beside every source file as it was:

* the translated phrases and entries as ``*_usersays_de.json`` /
  ``*_entries_de.json`` (their ``lang`` fields set to ``de``); a German file
  the source agent already had is replaced by that translation, files of
  other languages stay as they are;
* in each intent file, after every source-language message and prompt, its
  German translation (any German one there before is replaced);
* ``de`` added to ``supportedLanguages`` in ``agent.json``.

Everything is spliced into the original text, so the rest of each file keeps
its bytes, and the agent imports into Dialogflow with all its languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from locflow.model import Document, Locale

from content.jsontext import encode_string, parse_json
from content.language_files import Built, LanguageFile, language_matches, per_language_files, same_language
from content.tree import Path, Tree

__all__ = ["agent_files"]


def agent_files(
    document: Document, source: Locale, target: Locale, original: bytes, merged: Callable[[], bytes]
) -> Built:
    """The files a build for ``target`` writes for one file of an agent (see the module docstring).

    ``original`` is the source file as it was, ``merged`` makes the file
    translated in place (every source-language text in ``target``).
    """
    path = document.path
    if same_language(source, target):
        return [(path, merged())]  # a build in the source language (pseudo): in place
    encoding = document.encoding

    def relabelled() -> bytes:
        translated = merged().decode(encoding)
        return _relabel(translated, parse_json(translated, path), _top_level_langs, target.tag.lower()).encode(encoding)

    files = per_language_files(LanguageFile.dialogflow(path), source, target, original, relabelled)
    if files is not None:
        return files
    text = original.decode(encoding)
    tree = parse_json(text, path)
    if isinstance(tree.data, Mapping) and "supportedLanguages" in tree.data and "language" in tree.data:
        return [(path, _with_language(text, tree, target).encode(encoding))]
    if isinstance(tree.data, Mapping) and isinstance(tree.data.get("responses"), list):
        translated = merged().decode(encoding)
        return [(path, _intent_in_both(text, tree, translated, parse_json(translated, path), source, target).encode(encoding))]
    return [(path, original)]


# -- intents: the target language's messages beside the source's --------------------------------


def _lang_lists(data: Mapping[str, object]) -> Iterable[Path]:
    """Paths of the lists whose items are tagged with a language: messages and parameter prompts."""
    for r, response in enumerate(data.get("responses") or ()):  # type: ignore[arg-type]
        if not isinstance(response, Mapping):
            continue
        for p, parameter in enumerate(response.get("parameters") or ()):
            if isinstance(parameter, Mapping) and isinstance(parameter.get("prompts"), list):
                yield ("responses", r, "parameters", p, "prompts")
        if isinstance(response.get("messages"), list):
            yield ("responses", r, "messages")


def _intent_in_both(text: str, tree: Tree, translated: str, translated_tree: Tree, source: Locale, target: Locale) -> str:
    """The intent file with, after each source-language item, its translation tagged with ``target``."""
    code = target.tag.lower()
    edits: list[tuple[int, int, str]] = []
    for where in _lang_lists(tree.data):
        items = _at(tree.data, where)
        kept: list[str] = []
        changed = False
        for index, item in enumerate(items):
            lang = item.get("lang") if isinstance(item, Mapping) else None
            if language_matches(lang, target):
                changed = True
                continue  # replaced by the new translation
            start, end = tree.spans[(*where, index)]
            kept.append(text[start:end])
            if language_matches(lang, source):
                kept.append(_copy_in(translated, translated_tree, (*where, index), code))
                changed = True
        if changed:
            edits.append((*tree.spans[where], _array(text, tree, where, kept)))
    return _apply(text, edits)


def _copy_in(translated: str, tree: Tree, where: Path, code: str) -> str:
    """The translated item at ``where``, its ``lang`` set to ``code``."""
    start, end = tree.spans[where]
    lang = tree.scalars.get((*where, "lang"))
    item = translated[start:end]
    if lang is None:
        return item
    return item[: lang.start - start] + encode_string(code, lang.escape) + item[lang.end - start :]


def _array(text: str, tree: Tree, where: Path, items: list[str]) -> str:
    """The JSON array at ``where`` holding ``items``, with the original's opening, separator and closing."""
    start, end = tree.spans[where]
    count = len(_at(tree.data, where))
    if not items:
        return "[]"
    if count == 0:
        return "[" + ", ".join(items) + "]"
    first, last = tree.spans[(*where, 0)], tree.spans[(*where, count - 1)]
    opening = text[start : first[0]]
    separator = text[first[1] : tree.spans[(*where, 1)][0]] if count > 1 else "," + opening[1:]
    return opening + separator.join(items) + text[last[1] : end]


def _at(data: object, where: Path) -> list[object]:
    for step in where:
        data = data[step]  # type: ignore[index]
    return data  # type: ignore[return-value]


# -- phrase and entry files, agent.json ------------------------------------------------------------


def _top_level_langs(data: object) -> Iterable[Path]:
    for index, item in enumerate(data if isinstance(data, list) else ()):
        if isinstance(item, Mapping) and "lang" in item:
            yield (index, "lang")


def _relabel(text: str, tree: Tree, paths: Callable[[object], Iterable[Path]], code: str) -> str:
    """``text`` with the string at each of ``paths(tree.data)`` replaced by ``code``."""
    edits = []
    for where in paths(tree.data):
        scalar = tree.scalars.get(where)
        if scalar is not None:
            edits.append((scalar.start, scalar.end, encode_string(code, scalar.escape)))
    return _apply(text, edits)


def _with_language(text: str, tree: Tree, target: Locale) -> str:
    """``agent.json`` with ``target`` added to ``supportedLanguages`` (unless listed, or the agent's own)."""
    listed = [tree.data["language"], *(tree.data["supportedLanguages"] or ())]
    if any(language_matches(lang, target) for lang in listed):
        return text
    where: Path = ("supportedLanguages",)
    start, end = tree.spans[where]
    code = '"' + target.tag.lower() + '"'
    items = [text[a:b] for a, b in (tree.spans[(*where, i)] for i in range(len(_at(tree.data, where))))]
    if items:
        return _apply(text, [(start, end, _array(text, tree, where, [*items, code]))])
    indent = _indent_of(text, start)
    unit = _indent_unit(text)
    return _apply(text, [(start, end, "[" + "\n" + indent + unit + code + "\n" + indent + "]")])


def _indent_of(text: str, offset: int) -> str:
    """The indentation of the line ``offset`` is on."""
    line_start = text.rfind("\n", 0, offset) + 1
    return re.match(r"[ \t]*", text[line_start:]).group()  # type: ignore[union-attr]


def _indent_unit(text: str) -> str:
    """One level of indentation as the file writes it (two spaces when it cannot tell)."""
    match = re.search(r"\n([ \t]+)\S", text)
    return match[1] if match else "  "


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied (spans do not overlap)."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
