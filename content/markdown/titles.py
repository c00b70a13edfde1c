"""Link and image titles: ``[text](url "Title")``, ``![alt](src "Title")``, ``[id]: url "Title"``.

A title is the tooltip a reader sees, as HTML's ``title`` attribute is, and
is translated the same way: as a unit of its own (kind ``title``), with a
note saying whose title it is. An image's alternative text needs nothing of
the kind: in Markdown it is inline text (``![alt text](src)``) and is part of
its sentence already.

Where titles sit: markdown-it gives a link's title but not its position, so
it is found again in the link's ``](...)`` tail (or in the lines of a
reference definition) with markdown-it's own helpers, and used only when it
reads back as the title markdown-it gave. An inline title is inside the code
that closes its link; the merge writes it there (see
:mod:`content.markdown.rewrite`). A definition's title is in the skeleton
and has a slot of its own, of escape kind ``title"`` (``title'``,
``title(``) after its quoting.

A translated title is escaped for its quotes (``\\"``), with backslashes,
entity-like ``&``, backticks, ``<`` and ``|`` escaped too (code spans, HTML
and table cells are read before links), and kept on one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it.common.utils import isStrSpace, unescapeAll
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from content.markdown.escape import ENTITY_START, one_line
from locflow.model import Locale, Segment, Unit

__all__ = ["TITLE", "TitleSpan", "definition_title", "escape_title", "inline_title", "render_title", "title_value"]

#: Escape kind of a title's slot: ``TITLE`` followed by its opening quote.
TITLE = "title"


@dataclass(frozen=True, slots=True)
class TitleSpan:
    """A title's text ``string[start:end]``, inside its ``opener`` and closing quote."""

    start: int
    end: int
    opener: str


def inline_title(content: str, start: int, end: int, expected: str) -> TitleSpan | None:
    """The title in a link's tail ``content[start:end]`` (``](url "Title")``), if it reads as ``expected``."""
    if not expected or content[start : start + 2] != "](":
        return None
    destination = parseLinkDestination(content, _skip_blanks(content, start + 2, end), end)
    if not destination.ok:
        return None
    return _title_after(content, destination.pos, end, expected)


def definition_title(string: str, expected: str) -> tuple[str, TitleSpan] | None:
    """The label and title of a reference definition ``[label]: url "Title"`` (its lines as markdown-it
    joins them), if the title reads as ``expected``."""
    label_end = _label_end(string)
    if not expected or label_end is None or string[label_end + 1 : label_end + 2] != ":":
        return None
    destination = parseLinkDestination(string, _skip_blanks(string, label_end + 2, len(string)), len(string))
    if not destination.ok:
        return None
    span = _title_after(string, destination.pos, len(string), expected)
    return None if span is None else (" ".join(string[1:label_end].split()), span)


def title_value(raw: str) -> str:
    """The title a reader sees for its raw characters: escapes and entities resolved."""
    return unescapeAll(raw)


def escape_title(text: str, opener: str) -> str:
    """``text`` written inside a title opened by ``opener``: on one line, its quotes, backslashes
    and entity-like ``&`` escaped, and what is read before links are (a backtick starting a code
    span, ``<`` starting an HTML tag, ``|`` ending a table cell)."""
    special = {"\\", "`", "<", "|", opener, ")" if opener == "(" else opener}
    text = one_line(text)
    out: list[str] = []
    for index, char in enumerate(text):
        if char in special or (char == "&" and ENTITY_START.match(text, index)):
            out.append("\\")
        out.append(char)
    return "".join(out)


def render_title(unit: Unit, raw: str, translations: Mapping[str, Segment], locale: Locale, opener: str) -> str:
    """A title unit in place: its raw characters unless something in it is translated."""
    if not any(unit.targets(translations)):
        return raw
    return escape_title(unit.render(translations, locale), opener)


def _title_after(string: str, pos: int, end: int, expected: str) -> TitleSpan | None:
    """The title after a destination ending at ``pos``: blanks first (a title needs them), then quotes."""
    start = _skip_blanks(string, pos, end)
    if start == pos:
        return None
    title = parseLinkTitle(string, start, end)
    if not title.ok or title.str != expected:
        return None
    return TitleSpan(start + 1, title.pos - 1, string[start])


def _skip_blanks(string: str, pos: int, end: int) -> int:
    while pos < end and (isStrSpace(string[pos]) or string[pos] == "\n"):
        pos += 1
    return pos


def _label_end(string: str) -> int | None:
    """Where the ``]`` closing a definition's label is, read as markdown-it's reference rule reads it."""
    pos = 1
    while pos < len(string):
        if string[pos] == "[":
            return None
        if string[pos] == "]":
            return pos
        pos += 2 if string[pos] == "\\" else 1
    return None
