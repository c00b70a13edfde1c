"""What every catalog format shares: entries, decoding, markup codes, rendering.

A format turns a file into :class:`Entry` objects (the *where* and *what* of
each value) and knows how to write a translated value back (:meth:`escape`,
:meth:`render`). Everything else, the skeleton and the merge, is done once in
:class:`content.catalog.CatalogFilter`.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from translate.storage.base import ParseError, TranslationStore

from content.base import decode_text, raising_frame
from locflow.model import Code, CodeIds, CodeKind, Locale, Part, protect
from locflow.model.errors import MalformedFileError

__all__ = ["Entry", "CatalogFormat", "bom_codec", "decode_unicode", "markup_parts", "parse_with", "MARKUP"]

#: ``Code.type`` of inline markup: its data is written verbatim, never escaped.
MARKUP = "tag"


@dataclass(frozen=True, slots=True)
class Entry:
    """One translatable value of a catalog.

    ``start``/``end`` delimit the value's characters in the decoded file (inside
    the quotes, between the tags), ``source`` is the value as the program sees
    it (escapes resolved), ``escape`` names how a translation is written there.
    """

    key: str
    start: int
    end: int
    source: str
    note: str = ""
    kind: str = "string"
    escape: str = ""
    #: "xml": inline tags are codes and entities text; "html": tags are codes, entities stay.
    markup: str = ""
    #: The value as written in the file, for formats that read codes from it (PHP interpolation).
    raw: str = ""


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark asks for; UTF-16 with explicit byte order so the BOM survives."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    return None


def decode_unicode(data: bytes, path: PurePosixPath, default: str = "utf-8") -> tuple[str, str]:
    """Decode by BOM, else as ``default``; UTF-16 keeps its BOM character in the text."""
    return decode_text(data, path, bom_codec(data) or default)


def parse_with(store: TranslationStore, data: bytes, path: PurePosixPath) -> TranslationStore:
    """Let a translate-toolkit store read ``data``; its complaints become :class:`MalformedFileError`.

    The PHP store's parser (phply) reports broken PHP as Python's own ``SyntaxError``;
    an array key phply reads as an expression the store does not expect (``"a",0/``)
    fails an ``assert`` in the store itself, which is the input's doing too.
    """
    try:
        store.parse(data)
    except (ParseError, ValueError, SyntaxError) as exc:
        raise MalformedFileError(f"cannot read the file: {exc}", path=path) from exc
    except AssertionError as exc:
        if not _raised_in(exc, _PHP_STORE):
            raise
        raise MalformedFileError("cannot read the file: an array key or value is not a plain string", path=path) from exc
    return store


#: translate-toolkit's PHP store, whose ``assert`` statements check what phply parsed.
_PHP_STORE = "translate/storage/php.py"


def _raised_in(exc: BaseException, module_path: str) -> bool:
    """Whether ``exc`` was raised by code in ``module_path`` (the innermost frame's file)."""
    frame = raising_frame(exc)
    return frame is not None and frame.f_code.co_filename.replace("\\", "/").endswith(module_path)


_TAG = re.compile(r"<xliff:g\b[^>]*>.*?</xliff:g\s*>|<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(/?)>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")


def markup_parts(source: str, ids: CodeIds, *, decode_entities: bool) -> list[Part]:
    """Text with inline tags as codes: ``<b>``...``</b>`` paired, ``<br/>`` and
    ``<xliff:g>...</xliff:g>`` (content not to be translated) standalone."""
    parts: list[Part] = []
    open_tags: list[tuple[str, str]] = []
    pos = 0
    for match in _TAG.finditer(source):
        parts.extend(_text_parts(source[pos : match.start()], ids, decode_entities))
        closing, name, self_closing = match.group(1), match.group(2), match.group(3)
        if name and not self_closing and not closing:
            code_id = ids.next()
            open_tags.append((name, code_id))
            parts.append(Code(code_id, CodeKind.OPEN, match.group(), MARKUP))
        elif closing and open_tags and open_tags[-1][0] == name:
            parts.append(Code(open_tags.pop()[1], CodeKind.CLOSE, match.group(), MARKUP))
        else:
            parts.append(Code(ids.next(), CodeKind.STANDALONE, match.group(), MARKUP))
        pos = match.end()
    parts.extend(_text_parts(source[pos:], ids, decode_entities))
    return _unpair_unclosed(parts, {code_id for _, code_id in open_tags})


def _text_parts(text: str, ids: CodeIds, decode_entities: bool) -> list[Part]:
    if decode_entities:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return protect(text, ids)


def _unpair_unclosed(parts: list[Part], unclosed: set[str]) -> list[Part]:
    """An opening tag that is never closed is a standalone code."""
    return [
        Code(p.id, CodeKind.STANDALONE, p.data, p.type) if isinstance(p, Code) and p.id in unclosed else p
        for p in parts
    ]


class CatalogFormat:
    """A catalog file format; subclasses implement :meth:`entries` and :meth:`escape`."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    #: Code types whose data is the file's own text, written back unescaped.
    verbatim_types: ClassVar[frozenset[str]] = frozenset({MARKUP})

    def sniff(self, data: bytes) -> bool:
        """True when ``data`` is this format (only needed where extensions are shared)."""
        return True

    def decode(self, data: bytes, path: PurePosixPath) -> tuple[str, str]:
        return decode_unicode(data, path)

    def localize(self, text: str, locale: Locale) -> str:
        """A last pass over a translated file (e.g. its own locale field); none by default."""
        return text

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        raise NotImplementedError

    def parts(self, entry: Entry, ids: CodeIds) -> list[Part]:
        """The source value as text and codes: markup tags and placeholders become codes."""
        if entry.markup:
            return markup_parts(entry.source, ids, decode_entities=entry.markup == "xml")
        return protect(entry.source, ids)

    def escape(self, text: str, kind: str) -> str:
        raise NotImplementedError

    def render(self, parts: Sequence[Part], kind: str) -> str:
        """A translated value as it is written in the file: markup verbatim, the rest escaped."""
        return "".join(
            part.data if isinstance(part, Code) and part.type in self.verbatim_types else self.escape(_text(part), kind)
            for part in parts
        )


def _text(part: Part) -> str:
    return part if isinstance(part, str) else part.data
