"""Writing a Markdown file back in source order, with pieces of the copied text replaced.

Most of a built file is source text copied as it was: the skeleton, the gaps
and every segment left untranslated. A few pieces inside that text still
change: a wikilink's page name (localized per vault, see
:mod:`content.markdown.wikilinks`) and a link's title (a unit of its own,
see :mod:`content.markdown.titles`). They are known by their offsets in the
source; :class:`SourceRewriter` knows where it is in the source by the length
of what it has been given, and replaces them wherever they fall.

A piece inside a code (the title in ``](url "Title")``) is also written when
the segment around it is translated: the code is then written from its data,
and the rewriter finds the piece by the code's unit, id and kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from locflow.model import Code, CodeKind

__all__ = ["CodePiece", "Replacement", "SourceRewriter"]


@dataclass(frozen=True, slots=True)
class Replacement:
    """``source[start:end]`` is written as ``write(source[start:end])``."""

    start: int
    end: int
    write: Callable[[str], str]


@dataclass(frozen=True, slots=True)
class CodePiece:
    """A replacement inside a code's data: ``data[start:end]``."""

    start: int
    end: int
    write: Callable[[str], str]


class SourceRewriter:
    """Writes source text piece by piece, in the source's order, with replacements applied.

    ``original`` writes text taken from the source, ``skip`` passes over
    source text that a translation replaces, ``code`` writes a code of a
    translated segment (``code_data`` gives its markup, by default its data).
    """

    def __init__(
        self,
        replacements: Iterable[Replacement] = (),
        in_codes: Mapping[tuple[str, str, CodeKind], CodePiece] | None = None,
        code_data: Callable[[Code], str] = lambda code: code.data,
    ) -> None:
        self.replacements = sorted(replacements, key=lambda r: r.start)
        self.in_codes = in_codes or {}
        self.code_data = code_data
        self.position = 0

    def original(self, text: str) -> str:
        start, self.position = self.position, self.position + len(text)
        inside = [r for r in self.replacements if start <= r.start and r.end <= self.position]
        for replacement in reversed(inside):
            a, b = replacement.start - start, replacement.end - start
            text = text[:a] + replacement.write(text[a:b]) + text[b:]
        return text

    def skip(self, text: str) -> None:
        self.position += len(text)

    def code(self, code: Code, unit_key: str) -> str:
        data = self.code_data(code)
        piece = self.in_codes.get((unit_key, code.id, code.kind))
        if piece is None:
            return data
        return data[: piece.start] + piece.write(data[piece.start : piece.end]) + data[piece.end :]
