"""Inline codes in PO: readable markers, declared in extracted comments.

PO has no inline markup, so a segment's codes are written as markers named
by the code id, and each entry declares what its markers stand for::

    #. <1> = <a href="/refund">
    #. </1> = </a>
    #. <2/> = {order_id}
    msgctxt "faq[refund].answer"
    msgid "See <1>our refund policy</1> for order <2/>."

* ``<id>`` opens a paired code, ``</id>`` closes it, ``<id/>`` stands alone.
  Ids use ``A-Z a-z 0-9 _ . -``; any other character is written ``%HH``
  (its UTF-8 bytes).
* In an entry that declares markers, a literal ``<`` that could be read as
  the start of a marker (followed by ``<``, ``/``, or an id character) is
  doubled: ``a <<b> c`` is the text ``a <b> c``. Other ``<`` stay as they are
  (``if a < b``).
* An entry without declarations is plain text: nothing is parsed or
  unescaped. Foreign PO files therefore read exactly as their tools wrote them.
* Declared data escapes ``\\``, newline, carriage return and tab as ``\\\\``,
  ``\\n``, ``\\r`` and ``\\t``, every space as ``\\s`` and every hyphen as ``\\h``:
  PO editors re-wrap comment lines at spaces and after hyphens, and trim them
  at line ends; empty data is ``\\e``. A declaration an editor broke is joined
  again when read.

When reading, a marker takes its code's data from the declaration; a
well-formed marker that is not declared (a translator's typo) still becomes
a code, with empty data, so validation reports it as extra.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from locflow.model import Code, CodeKind, Part, Segment

__all__ = [
    "marker",
    "to_marked",
    "from_marked",
    "declaration",
    "parse_declaration",
    "declarations_for",
    "CodeTable",
]

#: (code id, kind) -> the declared code.
CodeTable = Mapping[tuple[str, CodeKind], Code]

_ID_SAFE = re.compile(r"[A-Za-z0-9_.\-]+")
_MARKER = re.compile(r"<(/?)([A-Za-z0-9_.%\-]+)(/?)>")
_NEEDS_ESCAPE = re.compile(r"<(?=[</A-Za-z0-9_.%\-])")
_DECLARATION = re.compile(r"^(<[^<>\s]+>) =(?: (.*))?$", re.S)
_DATA_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_DATA_UNESCAPE = re.compile(r"\\([\\nrtseh])")
_UNESCAPED = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t", "s": " ", "e": "", "h": "-"}


def _marker_id(code_id: str) -> str:
    if _ID_SAFE.fullmatch(code_id):
        return code_id
    return "".join(
        ch if _ID_SAFE.fullmatch(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in code_id
    )


def _code_id(marker_id: str) -> str:
    if "%" not in marker_id:
        return marker_id
    return re.sub(
        r"(?:%[0-9A-Fa-f]{2})+",
        lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", errors="replace"),
        marker_id,
    )


def marker(code: Code) -> str:
    """``<id>``, ``</id>`` or ``<id/>``."""
    mid = _marker_id(code.id)
    if code.kind == CodeKind.OPEN:
        return f"<{mid}>"
    if code.kind == CodeKind.CLOSE:
        return f"</{mid}>"
    return f"<{mid}/>"


def to_marked(segment: Segment, *, escape: bool = True) -> str:
    """The segment as PO text: codes as markers, literal ``<`` doubled where ambiguous.

    With ``escape=False`` (an entry without codes) the text is returned as is.
    """
    out: list[str] = []
    parts = segment.parts
    for index, part in enumerate(parts):
        if isinstance(part, Code):
            out.append(marker(part))
            continue
        if escape:
            # The last character has nothing after it in this part; a code follows it.
            followed_by_code = part.endswith("<") and index + 1 < len(parts)
            part = _NEEDS_ESCAPE.sub("<<", part) + ("<" if followed_by_code else "")
        out.append(part)
    return "".join(out)


def from_marked(text: str, codes: CodeTable | None) -> Segment:
    """Parse PO text back into a segment; ``codes`` are the entry's declarations.

    Without declarations (``None`` or empty) the text is plain and returned as is.
    """
    if not codes:
        return Segment.text_only(text)
    parts: list[Part] = []
    literal: list[str] = []
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            literal.append(text[pos:])
            break
        literal.append(text[pos:lt])
        if text.startswith("<<", lt):
            literal.append("<")
            pos = lt + 2
            continue
        match = _MARKER.match(text, lt)
        if match is None or (match.group(1) and match.group(3)):
            literal.append("<")
            pos = lt + 1
            continue
        kind = CodeKind.CLOSE if match.group(1) else CodeKind.STANDALONE if match.group(3) else CodeKind.OPEN
        code_id = _code_id(match.group(2))
        parts.append("".join(literal))
        literal = []
        parts.append(codes.get((code_id, kind)) or Code(code_id, kind, ""))
        pos = match.end()
    parts.append("".join(literal))
    return Segment(tuple(parts))


def declaration(code: Code) -> str:
    """The extracted-comment line that declares a code: ``<1> = <a href="/x">``."""
    data = code.data.translate(_DATA_ESCAPES).replace(" ", "\\s").replace("-", "\\h") or "\\e"
    return f"{marker(code)} = {data}"


def parse_declaration(line: str) -> Code | None:
    """The code a comment line declares, or ``None`` when the line is not a declaration."""
    match = _DECLARATION.match(line)
    if match is None:
        return None
    found = _MARKER.fullmatch(match.group(1))
    if found is None or (found.group(1) and found.group(3)):
        return None
    kind = CodeKind.CLOSE if found.group(1) else CodeKind.STANDALONE if found.group(3) else CodeKind.OPEN
    data = _DATA_UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], match.group(2) or "")
    return Code(_code_id(found.group(2)), kind, data)


def declarations_for(segments: Iterable[Segment | None]) -> list[Code]:
    """The codes to declare for an entry: each (id, kind) once, in order of appearance."""
    seen: set[tuple[str, CodeKind]] = set()
    out: list[Code] = []
    for segment in segments:
        if segment is None:
            continue
        for code in segment.codes:
            if (code.id, code.kind) not in seen:
                seen.add((code.id, code.kind))
                out.append(code)
    return out
