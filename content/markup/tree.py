"""An element tree over the tokens of :mod:`content.markup.tokens`.

The tree says which element each token belongs to, which is what a filter
needs to decide what is a paragraph, what is inline markup and what is not
to be translated. It never rewrites anything: elements point at their start
and end tokens, and the text stays where it was.

XML nests strictly. HTML does not: ``<p>`` and ``<li>`` close themselves when
the next one starts, void elements (``<br>``, ``<img>``) have no end tag, and
an end tag without a matching open element is ignored by browsers.
:func:`build_tree` with ``html=True`` applies the few rules of the HTML tree
builder that decide where elements end, so that ``<li>One<li>Two`` gives two
list items. It is not a full HTML5 tree builder (no foster parenting, no
reconstruction of formatting elements); none of that moves text between
paragraphs, which is all that matters here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from content.markup.tokens import Attribute, Token, TokenKind

__all__ = ["Element", "build_tree", "VOID_ELEMENTS"]

VOID_ELEMENTS = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav ol p plaintext pre search "
    "section summary table ul xmp".split()
)
_SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption center col "
    "colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 "
    "h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav "
    "noembed noframes noscript object ol p param plaintext pre script search section select source style "
    "summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp".split()
)
_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"})
_TABLE_SCOPE = frozenset({"html", "table", "template"})
_TABLE_PARTS = frozenset({"table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th"})
_FOREIGN = frozenset({"svg", "math"})


@dataclass(eq=False, slots=True)
class Element:
    """An element: its tokens, its children and its place in the document.

    ``key`` is the name used for lookups (lower case in HTML, the local name
    without prefix in XML); ``step`` is the element's XPath-like step below
    its parent (``p``, ``p[2]``). ``end`` is None for void, self-closing and
    implicitly closed elements.
    """

    name: str
    key: str
    start: Token | None
    parent: Element | None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    children: list[Token | Element] = field(default_factory=list)
    end: Token | None = None
    step: str = ""
    foreign: bool = False
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def span_start(self) -> int:
        return self.start.start if self.start is not None else 0

    @property
    def span_end(self) -> int:
        """Where the element's last byte ends: its end tag, else its last descendant."""
        if self.end is not None:
            return self.end.end
        if self.children:
            last = self.children[-1]
            return last.span_end if isinstance(last, Element) else last.end
        return self.start.end if self.start is not None else 0

    def attribute(self, name: str) -> str | None:
        found = self.attributes.get(name)
        return None if found is None else found.value

    def ancestors(self) -> Iterable[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def adopt(self, child: Element) -> None:
        """Append ``child`` and give it its step (``name`` or ``name[n]`` among same-named siblings)."""
        count = self._counts.get(child.name, 0) + 1
        self._counts[child.name] = count
        child.step = child.name if count == 1 else f"{child.name}[{count}]"
        self.children.append(child)


def build_tree(tokens: Iterable[Token], *, html: bool) -> Element:
    """The element tree of ``tokens``; the returned root element has no tags of its own."""
    root = Element("", "", None, None)
    stack = [root]
    for token in tokens:
        if token.kind == TokenKind.START:
            _start(stack, token, html)
        elif token.kind == TokenKind.END:
            _end(stack, token, html)
        else:
            stack[-1].children.append(token)
    return root


def _element(token: Token, parent: Element, html: bool) -> Element:
    if html:
        key = token.name.lower()
        name = key
        attributes: dict[str, Attribute] = {}
        for attribute in token.attributes:
            attributes.setdefault(attribute.name.lower(), attribute)
    else:
        name = token.name
        key = name.rpartition(":")[2]
        attributes = {a.name: a for a in token.attributes}
    return Element(name, key, token, parent, attributes)


def _start(stack: list[Element], token: Token, html: bool) -> None:
    foreign = stack[-1].foreign or (html and token.name.lower() in _FOREIGN)
    if html and not foreign:
        _close_implied(stack, token.name.lower())
    parent = stack[-1]
    element = _element(token, parent, html)
    element.foreign = foreign
    parent.adopt(element)
    closes_itself = token.self_closing if (not html or foreign) else element.key in VOID_ELEMENTS
    if not closes_itself:
        stack.append(element)


def _end(stack: list[Element], token: Token, html: bool) -> None:
    key = token.name.lower() if html else token.name
    index = _open_index(stack, key, _end_scope(key) if html else frozenset(), html)
    if index is None:  # a stray end tag: browsers ignore it; it stays where it is
        stack[-1].children.append(token)
        return
    stack[index].end = token
    del stack[index:]


def _end_scope(key: str) -> frozenset[str]:
    return _TABLE_SCOPE if key in _TABLE_PARTS else _SCOPE


def _open_index(stack: list[Element], names: str | frozenset[str], stop: frozenset[str], html: bool) -> int | None:
    """Index in ``stack`` of the innermost open element named ``names``, not looking past ``stop``."""
    wanted = {names} if isinstance(names, str) else names
    for index in range(len(stack) - 1, 0, -1):
        name = stack[index].key if html else stack[index].name
        if name in wanted:
            return index
        if name in stop:
            return None
    return None


def _close(stack: list[Element], names: str | frozenset[str], stop: frozenset[str]) -> None:
    index = _open_index(stack, names, stop, html=True)
    if index is not None:
        del stack[index:]


def _close_implied(stack: list[Element], key: str) -> None:
    """Close what a start tag ``key`` implicitly ends in HTML (``<p>`` before a block, ``<li>`` before ``<li>``)."""
    if key in _CLOSES_P:
        _close(stack, "p", _SCOPE | {"button"})
    if key == "li":
        _close(stack, "li", _SPECIAL - {"address", "div", "p", "li"})
    elif key in ("dd", "dt"):
        _close(stack, frozenset({"dd", "dt"}), _SPECIAL - {"address", "div", "p", "dd", "dt"})
    elif key in _HEADINGS and stack[-1].key in _HEADINGS:
        stack.pop()
    elif key in ("td", "th"):
        _close(stack, frozenset({"td", "th"}), _TABLE_SCOPE | {"tr"})
    elif key == "tr":
        _close(stack, "tr", _TABLE_SCOPE | {"thead", "tbody", "tfoot"})
    elif key in ("thead", "tbody", "tfoot"):
        _close(stack, frozenset({"thead", "tbody", "tfoot"}), _TABLE_SCOPE)
    elif key in ("option", "optgroup"):
        if stack[-1].key == "option":
            stack.pop()
        if key == "optgroup" and stack[-1].key == "optgroup":
            stack.pop()
    elif key == "a":
        _close(stack, "a", _SCOPE)
    elif key == "body":
        _close(stack, "head", frozenset())
