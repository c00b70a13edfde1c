"""A byte-exact tokenizer for HTML and XML.

Parsers that build a tree (lxml, html5lib) normalize what they read: quoting,
attribute order, case, whitespace inside tags and entities are gone by the
time the tree exists. A localization filter must write every byte it does not
translate back unchanged, so this module only *cuts* the text: each
:class:`Token` is a ``(start, end)`` span of the source, tokens follow each
other without gaps, and the attributes of a start tag know where their values
sit. Joining the spans gives back the input, always.

Two dialects share the code:

* ``xml=False`` follows the HTML tokenizer where it matters for cutting:
  ``<`` that starts no tag is text, ``script``/``style`` contents are raw
  text, ``title``/``textarea`` contents are text in which tags are not
  recognized, ``<!...>`` and ``<?...>`` oddities are bogus comments, and so
  is a tag left open at the end of the file (browsers drop it).
* ``xml=True`` adds CDATA sections, processing instructions and document
  type declarations with an internal subset. It expects a well-formed
  document (callers check that with lxml first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["TokenKind", "Attribute", "Token", "tokenize"]


class TokenKind(StrEnum):
    TEXT = "text"            # character data; entities still encoded
    RAWTEXT = "rawtext"      # script/style contents (HTML): never text to translate
    START = "start"          # <name ...> or <name .../>
    END = "end"              # </name>
    COMMENT = "comment"      # <!-- ... --> and HTML bogus comments (<!x>, <?x>, </ x>)
    DOCTYPE = "doctype"      # <!DOCTYPE ...>
    PI = "pi"                # <?target ...?> (XML), including the XML declaration
    CDATA = "cdata"          # <![CDATA[ ... ]]> (XML)


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a start tag, with the span of its value in the source.

    ``value`` is the raw text between the quotes (entities not decoded);
    ``quote`` is ``'"'``, ``"'"`` or ``""`` for an unquoted value. An
    attribute written without a value (``<input disabled>``) has ``value``
    ``None`` and an empty span at the end of its name.
    """

    name: str
    value: str | None
    value_start: int
    value_end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    start: int
    end: int
    name: str = ""
    attributes: tuple[Attribute, ...] = ()
    self_closing: bool = False

    def attribute(self, name: str, *, fold_case: bool = False) -> Attribute | None:
        """The first attribute called ``name`` (HTML keeps the first of duplicates)."""
        for attribute in self.attributes:
            if attribute.name == name or (fold_case and attribute.name.lower() == name):
                return attribute
        return None


#: Elements whose contents the HTML tokenizer does not look into.
HTML_RAWTEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"})
#: Elements whose contents are text in which no tags are recognized (entities still count).
HTML_RCDATA = frozenset({"title", "textarea"})

_TAG_NAME = re.compile(r"[^\s/>]+")
_SEPARATOR = re.compile(r"[\s/]*")
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s/>][^\s/>=]*)
        (?:(?P<equals>\s*=\s*)
           (?:"(?P<double>[^"]*)"?|'(?P<single>[^']*)'?|(?P<bare>[^\s>"'][^\s>]*)))?""",
    re.X,
)
_XML_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\uffff]")


def tokenize(text: str, *, xml: bool = False) -> Iterator[Token]:
    """Cut ``text`` into tokens whose spans cover it exactly, in order."""
    pos = 0
    scan = 0
    length = len(text)
    while scan < length:
        lt = text.find("<", scan)
        if lt < 0:
            break
        token = _markup_at(text, lt, xml)
        if token is None:
            scan = lt + 1
            continue
        if lt > pos:
            yield Token(TokenKind.TEXT, pos, lt)
        yield token
        pos = scan = token.end
        if token.kind == TokenKind.START and not xml:
            contents = _html_element_contents(text, token)
            if contents is not None:
                yield contents
                pos = scan = contents.end
    if pos < length:
        yield Token(TokenKind.TEXT, pos, length)


def _markup_at(text: str, lt: int, xml: bool) -> Token | None:
    """The markup token starting at ``text[lt] == '<'``, or None if ``<`` is just text."""
    nxt = text[lt + 1 : lt + 2]
    if text.startswith("<!--", lt):
        return _comment(text, lt, xml)
    if nxt == "!":
        if xml and text.startswith("<![CDATA[", lt):
            return _until(text, lt, "]]>", TokenKind.CDATA)
        if text[lt + 2 : lt + 9].upper() == "DOCTYPE":
            return _doctype(text, lt, xml)
        return _until(text, lt, ">", TokenKind.COMMENT)
    if nxt == "?":
        return _until(text, lt, "?>" if xml else ">", TokenKind.PI if xml else TokenKind.COMMENT)
    if nxt == "/":
        return _end_tag(text, lt, xml)
    if _starts_name(nxt, xml):
        return _start_tag(text, lt)
    return None


def _until(text: str, start: int, terminator: str, kind: TokenKind) -> Token:
    """A token that runs to ``terminator`` (inclusive) or, unterminated, to the end of the text."""
    end = text.find(terminator, start + 2)
    return Token(kind, start, len(text) if end < 0 else end + len(terminator))


def _comment(text: str, lt: int, xml: bool) -> Token:
    if not xml and (text.startswith("<!-->", lt) or text.startswith("<!--->", lt)):
        return Token(TokenKind.COMMENT, lt, text.index(">", lt) + 1)
    end = text.find("-->", lt + 4)
    if not xml:
        bang = text.find("--!>", lt + 4)
        if bang >= 0 and (end < 0 or bang < end):
            return Token(TokenKind.COMMENT, lt, bang + 4)
    return Token(TokenKind.COMMENT, lt, len(text) if end < 0 else end + 3)


def _doctype(text: str, lt: int, xml: bool) -> Token:
    """``<!DOCTYPE ...>``; in XML the internal subset ``[...]`` may hold ``>`` and quotes."""
    if not xml:
        return _until(text, lt, ">", TokenKind.DOCTYPE)
    pos, quote, depth = lt + 9, "", 0
    while pos < len(text):
        ch = text[pos]
        if quote:
            quote = "" if ch == quote else quote
        elif depth and text.startswith("<!--", pos):
            pos = _comment(text, pos, xml=True).end
            continue
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == ">" and depth <= 0:
            return Token(TokenKind.DOCTYPE, lt, pos + 1)
        pos += 1
    return Token(TokenKind.DOCTYPE, lt, len(text))


def _attributes(text: str, pos: int) -> tuple[list[Attribute], int, bool] | None:
    """Attributes from ``pos`` up to the closing ``>``: (attributes, end, self_closing)."""
    attributes: list[Attribute] = []
    while True:
        separator = _SEPARATOR.match(text, pos)
        pos = separator.end()
        if pos >= len(text):
            return None
        if text[pos] == ">":
            return attributes, pos + 1, "/" in separator.group()
        match = _ATTRIBUTE.match(text, pos)
        assert match is not None  # the character at pos is neither space, '/' nor '>'
        attributes.append(_attribute(match))
        pos = match.end()


def _attribute(match: re.Match[str]) -> Attribute:
    for group, quote in (("double", '"'), ("single", "'"), ("bare", "")):
        if match.group(group) is not None:
            return Attribute(match.group("name"), match.group(group), match.start(group), match.end(group), quote)
    end = match.end("name")
    return Attribute(match.group("name"), None, end, end, "")


def _start_tag(text: str, lt: int) -> Token | None:
    name = _TAG_NAME.match(text, lt + 1)
    assert name is not None
    parsed = _attributes(text, name.end())
    if parsed is None:
        return _unterminated(text, lt)
    attributes, end, self_closing = parsed
    return Token(TokenKind.START, lt, end, name.group(), tuple(attributes), self_closing)


def _end_tag(text: str, lt: int, xml: bool) -> Token | None:
    first = text[lt + 2 : lt + 3]
    if _starts_name(first, xml):
        name = _TAG_NAME.match(text, lt + 2)
        assert name is not None
        parsed = _attributes(text, name.end())  # HTML end tags may carry (ignored) attributes
        return _unterminated(text, lt) if parsed is None else Token(TokenKind.END, lt, parsed[1], name.group())
    if xml or not first:
        return None
    if first == ">":  # '</>' is dropped by browsers: keep its bytes, as a comment
        return Token(TokenKind.COMMENT, lt, lt + 3)
    return _until(text, lt, ">", TokenKind.COMMENT)


def _unterminated(text: str, lt: int) -> Token:
    """A tag still open at the end of the file: browsers drop it, so it is kept but never translated."""
    return Token(TokenKind.COMMENT, lt, len(text))


def _starts_name(ch: str, xml: bool) -> bool:
    return bool(ch) and (ch.isascii() and ch.isalpha() or xml and _XML_NAME_START.match(ch) is not None)


def _html_element_contents(text: str, start: Token) -> Token | None:
    """For raw-text and RCDATA elements, the token of their contents up to the end tag."""
    name = start.name.lower()
    if name not in HTML_RAWTEXT and name not in HTML_RCDATA:
        return None
    if name == "plaintext":
        end = len(text)
    else:
        closing = re.compile(r"</" + re.escape(name) + r"(?=[\s/>])", re.I).search(text, start.end)
        end = len(text) if closing is None else closing.start()
    if end == start.end:
        return None
    kind = TokenKind.TEXT if name in HTML_RCDATA else TokenKind.RAWTEXT
    return Token(kind, start.end, end)
