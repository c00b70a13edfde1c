"""Markup inside translatable text: tags, XML well-formedness, HTML balance.

Used where markup travels as text (PO files of help pages, XLIFF without
inline-code elements). Tags held as inline codes are compared by the code
checks instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from locflow.model.xmlsafe import SAFE_XML_OPTIONS

__all__ = ["Tag", "find_tags", "markup_tags", "xml_error", "html_balance_error", "VOID_ELEMENTS", "KNOWN_ELEMENTS", "ANY_TAG"]

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.\-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
#: any tag, itstool's placeholders (``<_:link-1/>``) too: what holds no words of a text
ANY_TAG = re.compile(r"</?[A-Za-z_][^<>]*>")
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
#: element names of the markup translatable text carries (HTML, Pango, Mallard, DocBook):
#: markup wherever they are, closed or not
KNOWN_ELEMENTS = VOID_ELEMENTS | frozenset(
    "a abbr b big blockquote caption cite code dd del div dl dt em font h1 h2 h3 h4 h5 h6 i ins kbd label li "
    "mark ol p pre q s samp small span strike strong sub sup table tbody td th thead tr tt u ul var markup "
    "app cmd file gui guiseq hi key keyseq media output sys title desc note item list "
    "emphasis literal filename command userinput replaceable application guibutton guimenu guimenuitem "
    "guilabel keycap keycombo menuchoice ulink xref para".split()
)


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    kind: str  # "open" | "close" | "empty"
    span: tuple[int, int]
    attributed: bool = False

    @property
    def signature(self) -> tuple[str, str]:
        return (self.kind, self.name)

    def __str__(self) -> str:
        return {"open": f"<{self.name}>", "close": f"</{self.name}>", "empty": f"<{self.name}/>"}[self.kind]


def find_tags(text: str) -> list[Tag]:
    if "<" not in text:
        return []
    tags = []
    matches = list(_TAG.finditer(text))
    closed = {match.group(2).lower() for match in matches if match.group(1)}
    for match in matches:
        closing, name, attributes, empty = match.groups()
        # an HTML void element ("<link>", "<input>") closed in the text is another markup's (Mallard's <link>)
        void = name.lower() in VOID_ELEMENTS and name.lower() not in closed
        kind = "close" if closing else ("empty" if empty or void else "open")
        tags.append(Tag(name, kind, match.span(), "=" in attributes))
    return tags


def markup_tags(source: str, target: str) -> tuple[list[Tag], list[Tag]]:
    """The tags of a source and its target that are markup, not text in angle brackets.

    ``<unnamed>`` or ``<none>`` in a message is a word in brackets (and translated:
    ``<unbenannt>``): a name is taken for markup when it is a known element
    (:data:`KNOWN_ELEMENTS`) or either text closes it, writes it self-closed or with
    attributes.
    """
    source_tags, target_tags = find_tags(source), find_tags(target)
    if not source_tags and not target_tags:
        return source_tags, target_tags
    markup = {
        tag.name for tag in (*source_tags, *target_tags) if tag.kind != "open" or tag.attributed or tag.name.lower() in KNOWN_ELEMENTS
    }
    return [t for t in source_tags if t.name in markup], [t for t in target_tags if t.name in markup]


@cache
def _etree() -> tuple[Any, Any]:
    """lxml's ``etree`` and a safe parser, imported when a text with markup is first parsed
    (most runs have none, and importing lxml takes longer than checking thousands of units)."""
    from lxml import etree

    return etree, etree.XMLParser(recover=False, **SAFE_XML_OPTIONS)


def xml_error(text: str) -> tuple[str, int] | None:
    """Why ``text`` is not a well-formed XML fragment (message, offset), or None if it is."""
    etree, parser = _etree()
    wrapped = "<r>" + text + "</r>"
    try:
        etree.fromstring(wrapped.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        column = max((exc.position[1] or 1) - 1 - 3, 0) if exc.position else 0
        line = exc.position[0] if exc.position else 1
        offset = _offset_of(text, line, column)
        return str(exc.msg).split(", line")[0], offset
    return None


def _offset_of(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        nxt = text.find("\n", start)
        if nxt < 0:
            break
        start = nxt + 1
    return min(start + column, len(text))


def html_balance_error(tags: list[Tag]) -> tuple[str, Tag | None] | None:
    """Tags that do not nest (HTML rules: void elements need no end tag)."""
    stack: list[Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack:
                return f"{tag} closes nothing", tag
            if stack[-1].name.lower() != tag.name.lower():
                return f"{tag} closes <{stack[-1].name}>", tag
            stack.pop()
    if stack:
        return f"<{stack[-1].name}> is not closed", stack[-1]
    return None
