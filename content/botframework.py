"""Bot Framework ``.lu`` (LUIS) and ``.qna`` (QnA Maker) files, and their files per language.

Read line by line, following the ``.lu`` and ``.qna`` file formats:

* under an intent (``# BookFlight``), every ``- utterance`` is a unit; an
  entity label ``{city=Paris}`` (also ``{@city=Paris}``, ``{city:to=Paris}``,
  nested in composites) is a pair of codes around its value, which is
  translated; a pattern's ``{city}`` is one code;
* under a question (``# ? How do I...``, ``## ? ...``), the question and its
  ``- alternative`` questions are units, and the answer in its fence is
  Markdown, read by the Markdown filter (links, emphasis, lists as there);
* a list entity's synonyms (``$city:Paris=`` or ``@ list city =`` with
  ``- Paris :`` then indented ``- synonyms``) are units: users type them in
  their language; the normalized value is kept;
* comments (``>``), entity and phrase-list definitions, ``**Filters:**``,
  ``**Prompts:**``, ids (``<a id="1"></a>``) and file references stay as they are.

Files per language: ``dialog.fr-fr.lu`` is French; a file without a culture
(``dialog.lu``) is in the project's source language. Only source-language
files are extracted, and a build writes ``dialog.de.lu`` beside ``dialog.lu``
(see :mod:`content.language_files`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, ClassVar

from locflow.model import Code, CodeIds, CodeKind, Document, Locale, Part, Segment, Slot, Unit, protect

from content.base import build_unit, decode_text
from content.language_files import SOURCE_LOCALE, Built, LanguageFile, per_language_files, same_language
from content.markdown.blocks import DIALECTS, RAW, REF_LABELS, WIKILINKS, Extraction
from content.markdown.filter import MarkdownFilter, SlotContext
from content.splice import KeyNamer, newline_of

__all__ = ["BotFrameworkFilter", "language_file"]

#: Slot escape kind of a line of a ``.lu``/``.qna`` file (braces are entity labels there).
LU_LINE = "lu-line"

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_QUESTION = re.compile(r"#+[ \t]*\?[ \t]*(?P<text>.*?)[ \t]*\Z")
_INTENT = re.compile(r"#+[ \t]*(?P<name>[^?\s].*?)[ \t]*\Z")
_ITEM = re.compile(r"(?P<indent>[ \t]*)[-*+][ \t]*(?P<text>.*?)[ \t]*\Z")
_OLD_LIST = re.compile(r"\$[ \t]*(?P<name>[^:\s]+)[ \t]*:[ \t]*(?P<value>[^=]+?)[ \t]*=[ \t]*\Z")
_NEW_LIST = re.compile(r"@[ \t]*list[ \t]+(?P<name>\S+)")
_LIST_VALUE = re.compile(r"[ \t]*[-*+][ \t]*(?P<value>.*?)[ \t]*:[ \t]*\Z")
_FENCE = re.compile(r"[ \t]*```")
_BLOCK_MARKS = re.compile(r"\*\*(?:Filters|Prompts):\*\*")
_LABEL_START = re.compile(r"\{@?[\w.\-]+(?::[\w.\-]+)?=")
_PATTERN = re.compile(r"\{@?[\w.\-]+(?::[\w.\-]+)?\}")


@dataclass
class _Reader:
    """One pass over the lines of a file, placing units on the way."""

    text: str
    locale: Locale
    segment: bool
    answer_dialects: Any  # the Markdown filter's ``dialects`` option, for answers
    units: list[Unit] = field(default_factory=list)
    skeleton: list[str | Slot] = field(default_factory=list)
    raw: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dialects: set[str] = field(default_factory=set)
    keys: KeyNamer = field(default_factory=KeyNamer)
    section: str = ""  # intent[Name], qna[3], list[name:value], or "" (nothing to translate)
    list_entity: str = ""  # the list entity whose ``- value :`` lines follow (``@ list`` syntax)
    skipping: bool = False  # after **Filters:**, **Prompts:** or an answer: no text until the next section
    answered: bool = False  # the question's answer was read: a later fence is kept as it is
    questions: int = 0
    pending: str = ""  # skeleton text not yet pushed

    def read(self) -> None:
        lines = [m for m in _LINES.finditer(self.text) if m.group()]
        index = 0
        while index < len(lines):
            index = self._line(lines, index)
        self._flush()

    def _line(self, lines: list[re.Match[str]], index: int) -> int:
        line = lines[index]
        body = line.group().rstrip("\r\n")
        stripped = body.strip()
        if _FENCE.match(body) and self.section.startswith("qna[") and not self.answered:
            return self._answer(lines, index)
        if stripped.startswith("#"):
            self._header(line, body)
        elif self._is_structure(body, stripped) or self.skipping or not self.section or not _ITEM.match(body):
            self._keep(line.group())
        else:
            self._item(line, body)
        return index + 1

    def _is_structure(self, body: str, stripped: str) -> bool:
        """Comments, definitions and markers: kept as they are; they tell what the next lines are."""
        if not stripped or stripped.startswith((">", "[", "<a ")):
            return True
        if stripped.startswith(("$", "@")):
            old_list, new_list = _OLD_LIST.match(stripped), _NEW_LIST.match(stripped)
            self.section = f"list[{old_list['name']}:{old_list['value']}]" if old_list else ""
            self.list_entity = new_list["name"].rstrip("=") if new_list else ""
            self.skipping = False
            return True
        if _BLOCK_MARKS.match(stripped):
            self.skipping = True
            return True
        value = _LIST_VALUE.match(body) if self.list_entity else None
        if value is not None:
            self.section = f"list[{self.list_entity}:{value['value']}]"
            return True
        return False

    def _header(self, line: re.Match[str], body: str) -> None:
        self.skipping, self.answered, self.list_entity = False, False, ""
        question = _QUESTION.match(body.strip())
        if question:
            self.questions += 1
            self.section = f"qna[{self.questions - 1}]"
            start = question.start("text") + len(body) - len(body.lstrip())
            self._place(line, start, question["text"], f"{self.section}.question", "question")
            return
        intent = _INTENT.match(body.strip())
        self.section = f"intent[{intent['name']}]" if intent else ""
        self._keep(line.group())

    def _item(self, line: re.Match[str], body: str) -> None:
        item = _ITEM.match(body)
        assert item is not None
        if self.section.startswith("qna["):
            key, kind = f"{self.section}.questions", "question"
        elif self.section.startswith("intent["):
            key, kind = f"{self.section}.utterances", "utterance"
        else:
            key, kind = f"{self.section}.synonyms", "synonym"
        self._place(line, item.start("text"), item["text"], key, kind)

    def _place(self, line: re.Match[str], start: int, text: str, key: str, kind: str) -> None:
        """A unit for ``text`` (at ``start`` in the line), or the line kept when it has no text."""
        unit = build_unit(self.keys(key), utterance_parts(text), self.locale, segment=self.segment, kind=kind)
        if not any(segment.has_text() for segment in unit.segments):
            self._keep(line.group())
            return
        self._keep(line.group()[:start])
        self._flush()
        self.units.append(unit)
        self.skeleton.append(Slot(unit.key, LU_LINE))
        self._keep(line.group()[start + len(text) :])

    def _answer(self, lines: list[re.Match[str]], index: int) -> int:
        """The fenced answer of a question: its content read as Markdown."""
        self._keep(lines[index].group())
        end = next((i for i in range(index + 1, len(lines)) if _FENCE.match(lines[i].group())), len(lines))
        content = "".join(line.group() for line in lines[index + 1 : end])
        if content.strip():
            self._markdown(content, f"{self.section}.answer.")
        else:
            self._keep(content)  # blank lines of an empty (or unclosed) fence are written back too
        if end < len(lines):
            self._keep(lines[end].group())
        self.skipping = self.answered = True  # nothing after the answer is text until the next question or intent
        return end + 1

    def _markdown(self, content: str, prefix: str) -> None:
        """Put the Markdown document of ``content`` in place, its keys prefixed."""
        config = {**MarkdownFilter.options, "segment": self.segment, "dialects": self.answer_dialects}
        document = Extraction(content, PurePosixPath("answer.md"), self.locale, config).document("markdown", "utf-8")
        self._flush()
        for piece in document.skeleton:
            self.skeleton.append(piece if isinstance(piece, str) else Slot(prefix + piece.unit_key, piece.escape))
        for unit in document.units:
            self.units.append(dataclasses.replace(unit, key=prefix + unit.key))
        for name, target in ((RAW, self.raw), (REF_LABELS, self.labels)):
            target.update({prefix + key: value for key, value in document.meta.get(name, {}).items()})  # type: ignore[union-attr]
        self.dialects.update(document.meta.get(DIALECTS, ()))  # type: ignore[arg-type]

    def _keep(self, text: str) -> None:
        self.pending += text

    def _flush(self) -> None:
        if self.pending:
            self.skeleton.append(self.pending)
            self.pending = ""


def utterance_parts(text: str) -> list[Part]:
    """An utterance's text and codes: entity labels around their value, patterns, placeholders."""
    ids = CodeIds()
    parts: list[Part] = []
    for piece, kind in _label_pieces(text):
        if kind == "text":
            parts.extend(protect(piece, ids))
        else:
            parts.append(Code("", CodeKind(kind), piece, "entity"))
    return _number_pairs(parts, ids)


def _label_pieces(text: str) -> Iterator[tuple[str, str]]:
    """``text`` cut into text, label openings ``{city=``, closings ``}`` and patterns ``{city}``."""
    pos = start = 0
    depth = 0
    while pos < len(text):
        label = _LABEL_START.match(text, pos)
        pattern = _PATTERN.match(text, pos) if depth == 0 else None
        if text[pos] == "\\":
            pos += 2
            continue
        if label or pattern or (text[pos] == "}" and depth):
            if pos > start:
                yield text[start:pos], "text"
            if label:
                depth += 1
                yield label.group(), CodeKind.OPEN.value
                pos = label.end()
            elif pattern:
                yield pattern.group(), CodeKind.STANDALONE.value
                pos = pattern.end()
            else:
                depth -= 1
                yield "}", CodeKind.CLOSE.value
                pos += 1
            start = pos
            continue
        pos += 1
    if start < len(text):
        yield text[start:], "text"


def _number_pairs(parts: list[Part], ids: CodeIds) -> list[Part]:
    """Give entity codes their ids: a closing brace the id of the label it closes."""
    out: list[Part] = []
    open_ids: list[str] = []
    for part in parts:
        if isinstance(part, Code) and part.type == "entity":
            if part.kind == CodeKind.CLOSE:
                code_id = open_ids.pop() if open_ids else ids.next()
            else:
                code_id = ids.next()
                if part.kind == CodeKind.OPEN:
                    open_ids.append(code_id)
            part = Code(code_id, part.kind, part.data, part.type)
        out.append(part)
    return out


class BotFrameworkFilter(MarkdownFilter):
    """``.lu`` and ``.qna`` files (see the module docstring); answers are written as the Markdown filter does."""

    name: ClassVar[str] = "botframework"
    extensions: ClassVar[tuple[str, ...]] = (".lu", ".qna")
    options: ClassVar[Mapping[str, Any]] = {"segment": False, "dialects": "auto"}

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        reader = _Reader(text, locale, bool(self.config["segment"]), self.config["dialects"])
        if not language_file(PurePosixPath(path), locale).is_other_language(locale):
            reader.read()
        else:
            reader.skeleton.append(text)
        meta = {
            RAW: reader.raw, REF_LABELS: reader.labels, DIALECTS: sorted(reader.dialects), WIKILINKS: [],
            SOURCE_LOCALE: locale.tag, "newline": newline_of(text),
        }
        return Document(PurePosixPath(path), self.name, tuple(reader.units), tuple(reader.skeleton), encoding, meta)

    def built_files(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> Built:
        """``dialog.lu`` as it was and ``dialog.de.lu`` translated; other languages' files as they were."""
        source = Locale(str(document.meta.get(SOURCE_LOCALE, locale.tag)))
        if same_language(source, locale):
            return super().built_files(document, translations, locale)
        original = self.merge(document, {}, locale)
        files = per_language_files(
            language_file(document.path, source), source, locale, original,
            lambda: self.merge(document, translations, locale),
        )
        return files if files is not None else super().built_files(document, translations, locale)

    def _render_translation(self, segment: Segment, line_start: bool, context: SlotContext) -> str:
        if context.escape != LU_LINE:
            return super()._render_translation(segment, line_start, context)
        out = []
        for part in segment.parts:
            if isinstance(part, Code):
                out.append(part.data)
            else:
                out.append(re.sub(r"[{}\\]", lambda m: "\\" + m.group(), re.sub(r"\s*[\r\n]+\s*", " ", part)))
        return "".join(out).strip()


def language_file(path: PurePosixPath, source: Locale) -> LanguageFile:
    """``dialog.fr-fr.lu`` is French, ``translation/fr/dialog.lu`` too; ``dialog.lu`` is the source's."""
    culture = LanguageFile.culture(path, default=source)
    if culture.language != source.tag.lower():
        return culture
    folder = LanguageFile.folder(path)
    return folder if folder.language else culture
