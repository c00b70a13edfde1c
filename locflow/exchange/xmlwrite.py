"""Writing XML by hand: escaping, characters XML cannot carry, NMTOKEN ids.

The XLIFF writers build their output as strings rather than through a tree
API: segment content is mixed text and inline elements, and a pretty-printer
would add whitespace inside ``<source>``, changing the text translators see.
Writing by hand keeps every character where it belongs (and is fast).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = [
    "escape_text",
    "escape_attr",
    "attrs",
    "split_xml_chars",
    "is_xml_unsafe",
    "xml_safe",
    "to_nmtoken",
    "from_nmtoken",
]

log = logging.getLogger(__name__)

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)

#: Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


#: what needs escaping: most strings hold none of it (``str.translate`` with a mapping
#: costs a Python-level lookup per character, a pattern search does not)
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')


def escape_text(text: str) -> str:
    """Escape element content; ``\\r`` becomes ``&#13;`` so parsers do not turn CRLF into LF."""
    return text.translate(_TEXT_ESCAPES) if _TEXT_SPECIAL.search(text) else text


def escape_attr(value: str) -> str:
    """Escape a double-quoted attribute value, keeping tabs and line breaks as references."""
    return value.translate(_ATTR_ESCAPES) if _ATTR_SPECIAL.search(value) else value


def attrs(**values: object) -> str:
    """`` name="value"`` pairs for the values that are not ``None``/``""``; ``_`` in names becomes ``-``.

    A trailing ``_`` is dropped (``class_``), ``xml_space`` becomes ``xml:space``.
    """
    out = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        out.append(f' {_attr_name(name)}="{escape_attr(xml_safe(str(value)))}"')
    return "".join(out)


@lru_cache(maxsize=256)
def _attr_name(keyword: str) -> str:
    """The XML name of an :func:`attrs` keyword (a file writes the same few again and again)."""
    name = keyword.rstrip("_")
    return "xml:" + name[4:].replace("_", "-") if name.startswith("xml_") else name.replace("_", "-")


def split_xml_chars(text: str) -> Iterator[tuple[str, bool]]:
    """Split ``text`` into runs XML can carry (``False``) and single characters it cannot (``True``)."""
    pos = 0
    for match in _NOT_XML.finditer(text):
        if match.start() > pos:
            yield text[pos : match.start()], False
        yield match.group(), True
        pos = match.end()
    if pos < len(text):
        yield text[pos:], False


def is_xml_unsafe(char: str) -> bool:
    """True for a character XML cannot carry (what XLIFF 2 writes as ``<cp>``)."""
    return _NOT_XML.fullmatch(char) is not None


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot carry replaced by U+FFFD (for notes and attributes)."""
    if _NOT_XML.search(text) is None:
        return text
    log.warning("replaced characters XML cannot carry in %r", text[:40])
    return _NOT_XML.sub("\ufffd", text)


# -- NMTOKEN ids ----------------------------------------------------------------------

_NMTOKEN_SAFE = re.compile(r"[A-Za-z0-9.:\-]")
_ESCAPED = re.compile(r"_x([0-9A-F]{4,6})_")


def to_nmtoken(value: str) -> str:
    """Make ``value`` a valid XML NMTOKEN, reversibly (XLIFF 2 ids must be NMTOKENs).

    ASCII letters, digits, ``.``, ``:``, ``-`` and ``_`` stay; any other character
    becomes ``_xHHHH_`` (its code point in hex), and so does a ``_`` that
    starts ``_x``, so :func:`from_nmtoken` can always undo it:
    ``faq[refund].answer`` -> ``faq_x005B_refund_x005D_.answer``.
    """
    if not value:
        raise ValueError("an XML id cannot be empty")
    out = []
    for i, ch in enumerate(value):
        if _NMTOKEN_SAFE.match(ch) or (ch == "_" and value[i + 1 : i + 2] != "x"):
            out.append(ch)
        else:
            out.append(f"_x{ord(ch):04X}_")
    return "".join(out)


def from_nmtoken(token: str) -> str:
    """Undo :func:`to_nmtoken`; tokens without escapes come back unchanged."""
    if "_x" not in token:
        return token
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), token)
