"""TMX inline markup (level 2) to and from our codes.

=============  ==========================================================
TMX            locflow
=============  ==========================================================
``bpt``/``ept``  an opening and a closing :class:`Code` sharing an id (the
               pair's ``i``; its ``x`` when given, which links source and target)
``ph``         a standalone code
``it``         an opening (``pos="begin"``) or closing (``pos="end"``) code
               without its partner
``hi``         an opening and a closing code with no markup of their own,
               type ``hi`` (``hi:<type>`` when the ``hi`` has a type)
``ut``         a standalone code of type ``ut`` (deprecated in TMX 1.4)
``sub``        its text stays inside the markup of its code
=============  ==========================================================

A code's ``data`` is the native markup the element holds (``<b>``); TMX
``type`` values outside the standard list are written with the ``x-`` prefix
TMX requires and read back without it. Placeholders, URLs and the like in
plain text (level 1 files) become codes too, through
:func:`locflow.model.protect`, exactly as when a filter extracts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from locflow.model import Code, CodeIds, CodeKind, Part, Segment, protect
from locflow.model.errors import MalformedFileError

__all__ = ["parse_seg", "build_seg", "SegError"]

#: ``type`` values TMX 1.4b defines for inline elements; others need ``x-``.
TMX_TYPES = frozenset(
    {
        "bold", "color", "dulined", "font", "italic", "link", "scap", "struct", "ulined",
        "index", "date", "time", "fnote", "enote", "alt", "image", "pb", "lb", "cb", "inset",
    }
)
_HI = "hi"


class SegError(ValueError):
    """Invalid inline markup; the reader turns it into a MalformedFileError with file and line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _code_type(value: str | None) -> str:
    if not value:
        return ""
    return value[2:] if value.startswith("x-") else value


def _tmx_type(code_type: str) -> str | None:
    if not code_type:
        return None
    return code_type if code_type in TMX_TYPES else f"x-{code_type}"


@dataclass
class _SegReader:
    """Reads one ``seg``: ids stay unique, ``bpt``/``ept`` pairs are checked."""

    parts: list[Part] = field(default_factory=list)
    open_pairs: dict[str, Code] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    serial: int = 0

    def new_id(self, link: str | None) -> str:
        """``x<link>`` when the element links to the other language, else a serial id."""
        if link and f"x{link}" not in self.used:
            self.used.add(f"x{link}")
            return f"x{link}"
        self.serial += 1
        return f"n{self.serial}"

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(value)

    def element(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comment or processing instruction
            self.text(element.tail)
            return
        handler = _HANDLERS.get(tag)
        if handler is None:
            raise SegError(f"unexpected <{tag}> inside <seg>", element.sourceline)
        handler(self, element)
        self.text(element.tail)

    def bpt(self, element: etree._Element) -> None:
        pair = _required(element, "i")
        if pair in self.open_pairs:
            raise SegError(f'<bpt i="{pair}"> opens a pair that is already open', element.sourceline)
        code = Code(self.new_id(element.get("x")), CodeKind.OPEN, _native(element), _code_type(element.get("type")))
        self.open_pairs[pair] = code
        self.parts.append(code)

    def ept(self, element: etree._Element) -> None:
        pair = _required(element, "i")
        opening = self.open_pairs.pop(pair, None)
        if opening is None:
            raise SegError(f'<ept i="{pair}"> closes no open <bpt>', element.sourceline)
        self.parts.append(Code(opening.id, CodeKind.CLOSE, _native(element), opening.type))

    def ph(self, element: etree._Element) -> None:
        self.parts.append(
            Code(self.new_id(element.get("x")), CodeKind.STANDALONE, _native(element), _code_type(element.get("type")))
        )

    def it(self, element: etree._Element) -> None:
        position = _required(element, "pos")
        if position not in ("begin", "end"):
            raise SegError(f'<it pos="{position}">: pos is "begin" or "end"', element.sourceline)
        kind = CodeKind.OPEN if position == "begin" else CodeKind.CLOSE
        self.parts.append(Code(self.new_id(element.get("x")), kind, _native(element), _code_type(element.get("type"))))

    def ut(self, element: etree._Element) -> None:
        self.parts.append(Code(self.new_id(element.get("x")), CodeKind.STANDALONE, _native(element), "ut"))

    def hi(self, element: etree._Element) -> None:
        code_id = self.new_id(element.get("x"))
        kind = f"{_HI}:{element.get('type')}" if element.get("type") else _HI
        self.parts.append(Code(code_id, CodeKind.OPEN, "", kind))
        self.text(element.text)
        for child in element:
            self.element(child)
        self.parts.append(Code(code_id, CodeKind.CLOSE, "", kind))

    def sub(self, element: etree._Element) -> None:
        raise SegError("<sub> belongs inside a code element, not directly in text", element.sourceline)


_HANDLERS = {
    "bpt": _SegReader.bpt,
    "ept": _SegReader.ept,
    "ph": _SegReader.ph,
    "it": _SegReader.it,
    "ut": _SegReader.ut,
    "hi": _SegReader.hi,
    "sub": _SegReader.sub,
}


def _required(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute)
    if value is None or not value.strip():
        raise SegError(f"<{element.tag}> needs a {attribute} attribute", element.sourceline)
    return value.strip()


def _native(element: etree._Element) -> str:
    """The native markup an inline element holds, ``sub`` text included."""
    return "".join(element.itertext())


def parse_seg(seg: etree._Element) -> Segment:
    """A ``seg`` element as a segment; raises :class:`SegError` on invalid inline markup."""
    if not len(seg):
        return _protected([seg.text or ""])
    reader = _SegReader()
    reader.text(seg.text)
    for child in seg:
        reader.element(child)
    if reader.open_pairs:
        pair = next(iter(reader.open_pairs))
        raise SegError(f'<bpt i="{pair}"> is never closed by an <ept>', seg.sourceline)
    return _protected(reader.parts)


def _protected(parts: list[Part]) -> Segment:
    """Turn placeholders, URLs and the like in the text into codes, as filters do."""
    if len(parts) == 1 and isinstance(parts[0], str) and not _may_hold_protected(parts[0]):
        return Segment((parts[0],))
    ids = CodeIds()
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str) and _may_hold_protected(part):
            out.extend(protect(part, ids))
        else:
            out.append(part)
    return Segment(tuple(out))


def _may_hold_protected(text: str) -> bool:
    """A cheap test that saves running the protection patterns on most text."""
    return "{" in text or "%" in text or "@" in text or "&" in text or "://" in text or "mailto:" in text


# -- writing ---------------------------------------------------------------------------


def build_seg(segment: Segment, links: set[str]) -> etree._Element:
    """A ``seg`` element for ``segment``; codes whose id is in ``links`` get ``x`` (shared with the other side)."""
    seg = etree.Element("seg")
    partner = _partners(segment)
    stack: list[etree._Element] = [seg]
    last: etree._Element | None = None

    def add_text(text: str) -> None:
        holder = stack[-1]
        if last is not None and last.getparent() is holder:
            last.tail = (last.tail or "") + text
        else:
            holder.text = (holder.text or "") + text

    for index, part in enumerate(segment.parts):
        if isinstance(part, str):
            add_text(part)
            continue
        link = part.id if part.id in links else None
        if part.type == _HI or part.type.startswith(_HI + ":"):
            if part.kind == CodeKind.OPEN and index in partner:
                hi = etree.SubElement(stack[-1], "hi")
                if link:
                    hi.set("x", link)
                if ":" in part.type:
                    hi.set("type", part.type.split(":", 1)[1])
                stack.append(hi)
                last = None
                continue
            if part.kind == CodeKind.CLOSE and index in partner and stack[-1].tag == "hi":
                last = stack.pop()
                continue
        last = _code_element(stack[-1], part, link, paired=index in partner)
    return seg


def _partners(segment: Segment) -> set[int]:
    """Indexes of opening and closing codes that have their partner in the segment.

    A ``hi`` pair must also nest properly with the other pairs, since it is
    written as an element around its text; one that does not is written as
    ``bpt``/``ept`` (which read back to the same codes).
    """
    paired: set[int] = set()
    open_at: dict[str, int] = {}
    for index, part in enumerate(segment.parts):
        if isinstance(part, Code):
            if part.kind == CodeKind.OPEN and part.id not in open_at:
                open_at[part.id] = index
            elif part.kind == CodeKind.CLOSE and part.id in open_at:
                paired.update((open_at.pop(part.id), index))
    crossing = _crossing_pairs(segment, paired)
    return {i for i in paired if not (_is_hi(segment.parts[i]) and segment.parts[i].id in crossing)}  # type: ignore[union-attr]


def _is_hi(part: Part) -> bool:
    return isinstance(part, Code) and (part.type == _HI or part.type.startswith(_HI + ":"))


def _crossing_pairs(segment: Segment, paired: set[int]) -> set[str]:
    """Ids of pairs that overlap another pair without nesting in it."""
    crossing: set[str] = set()
    stack: list[str] = []
    for index in sorted(paired):
        code = segment.parts[index]
        assert isinstance(code, Code)
        if code.kind == CodeKind.OPEN:
            stack.append(code.id)
            continue
        while stack and stack[-1] != code.id:
            crossing.update((stack.pop(), code.id))
        if stack:
            stack.pop()
    return crossing


def _code_element(parent: etree._Element, code: Code, link: str | None, *, paired: bool) -> etree._Element:
    if code.kind == CodeKind.STANDALONE:
        element = etree.SubElement(parent, "ph")
    elif paired:
        element = etree.SubElement(parent, "bpt" if code.kind == CodeKind.OPEN else "ept")
        element.set("i", code.id)
    else:
        element = etree.SubElement(parent, "it")
        element.set("pos", "begin" if code.kind == CodeKind.OPEN else "end")
    if link and element.tag != "ept":
        element.set("x", link)
    tmx_type = _tmx_type(code.type)
    if tmx_type and element.tag != "ept":
        element.set("type", tmx_type)
    element.text = code.data or None
    return element


def seg_error(exc: SegError, path: str) -> MalformedFileError:
    return MalformedFileError(str(exc), path=path, line=exc.line)
