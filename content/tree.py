"""The parsed form shared by the JSON and YAML readers: data plus located strings.

Filters for structured files (FAQ lists, i18n key-value files, chatbot
training data) decide *what* to translate by looking at plain Python data,
and need to know *where* each string stands in the text to splice a
translation in. A :class:`Tree` gives both, whatever the syntax was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Path", "Scalar", "Tree", "LineCounter"]

#: A position in the data: mapping keys and list indexes from the root.
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Scalar:
    """A string value and the characters ``text[start:end]`` it occupies.

    ``escape`` names how a translated value must be written there (a JSON
    string, a YAML scalar of some style...); ``line`` is 1-based.
    """

    path: Path
    value: str
    start: int
    end: int
    escape: str
    line: int


@dataclass(frozen=True, slots=True)
class Tree:
    """A parsed file: plain ``data``, every string :class:`Scalar` by path, and
    the ``(start, end)`` span of every value where the reader records it."""

    data: Any
    scalars: dict[Path, Scalar]
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def strings_under(self, prefix: Path) -> Iterator[Scalar]:
        """The string scalars at or below ``prefix``, in document order."""
        size = len(prefix)
        found = (s for path, s in self.scalars.items() if path[:size] == prefix)
        return iter(sorted(found, key=lambda s: s.start))


class LineCounter:
    """1-based line numbers of offsets asked in increasing order, in linear time overall.

    Readers ask for the line of every value they meet while scanning forward;
    counting from the start each time would make large files quadratic.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset = 0
        self._line = 1

    def __call__(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line
