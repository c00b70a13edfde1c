"""From an element tree to units and slots.

The walk visits the tree in document order and gathers *runs*: the text and
inline markup between two boundaries (block elements, opaque elements, the
start or end of a container). When a run ends it becomes a unit if it holds
something to translate:

* inline tags become codes: paired ``open``/``close`` when both ends are in
  the run, ``standalone`` otherwise (void elements, comments, a ``<b>`` cut
  off by a block inside it);
* codes and whitespace at the edges of a run stay in the skeleton, so
  ``<li><a href="#x">Capture region</a></li>`` gives the unit
  "Capture region", not "{1}Capture region{/1}";
* text is protected (placeholders, URLs, entities become codes) and split
  into sentences by :func:`content.base.build_unit`, then turned into its
  readable form (:func:`content.markup.text.readable_segment`).

The result is not a skeleton yet but a list of :class:`SlotSpan`: where in
the source each unit's text (or translatable attribute value) sits.
:func:`skeleton_of` cuts the source around them, so everything outside the
spans is, by construction, copied byte for byte.

Translatable content *inside* a code (the ``alt`` of an ``<img>`` in the
middle of a sentence, a footnote) cannot sit in the skeleton. Such a code
keeps the markup up to that content as its data, and the document's
``meta["hosted"]`` records what follows: the unit to render there, its
escaping, and the markup after it. The merge writes them after the code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from content.base import build_unit
from content.markup.text import Dialect, escape_kind_for_quote, readable_segment, renumber_codes
from content.markup.tokens import Attribute, Token, TokenKind
from content.markup.tree import Element
from content.markup.vocabulary import Vocabulary
from locflow.model import Code, CodeIds, CodeKind, Locale, Part, Slot, Unit, protect, segment_key

__all__ = ["SlotSpan", "Extraction", "count_code_blocks", "extract_units", "skeleton_of"]


@dataclass(frozen=True, slots=True)
class SlotSpan:
    """A unit's place in the source: ``source[start:end]`` is what its slot replaces."""

    start: int
    end: int
    slot: Slot


@dataclass
class Extraction:
    """Units in document order, their spans, and what the merge needs besides.

    ``raw`` maps a segment key to the raw text of each text part of its
    readable form; ``hosted`` maps a unit key and code id to the units
    rendered after that code, as ``[unit key, escape kind, markup after]``.
    Both are plain JSON-able data, stored in :attr:`Document.meta`.
    """

    units: list[Unit]
    spans: list[SlotSpan]
    raw: dict[str, list[str]]
    hosted: dict[str, dict[str, list[list[str]]]]


class _ItemKind(StrEnum):
    TEXT = "text"
    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(eq=False)
class _Item:
    """One piece of a run: text, or markup that becomes a code."""

    kind: _ItemKind
    start: int
    end: int
    element: Element | None = None
    code_type: str = ""
    slots: list[SlotSpan] = field(default_factory=list)
    partner: _Item | None = None


@dataclass
class _Run:
    container: Element
    items: list[_Item] = field(default_factory=list)


def extract_units(
    text: str,
    root: Element,
    *,
    vocabulary: Vocabulary,
    dialect: Dialect,
    locale: Locale,
    segment: bool = True,
) -> Extraction:
    """Walk the tree of ``text`` and return its units and where they sit."""
    walker = _Walker(text, root, vocabulary, dialect, locale, segment)
    walker.walk()
    walker.placed.sort(key=lambda placed: placed[0])
    spans = sorted(walker.spans, key=lambda span: span.start)
    return Extraction([unit for _, unit in walker.placed], spans, walker.raw, walker.hosted)


def skeleton_of(text: str, spans: Iterable[SlotSpan]) -> tuple[str | Slot, ...]:
    """The source cut around ``spans``: literal text, slot, literal text..."""
    pieces: list[str | Slot] = []
    cursor = 0
    for span in spans:
        if span.start < cursor:
            raise ValueError(f"overlapping slots at offset {span.start}")
        if span.start > cursor:
            pieces.append(text[cursor : span.start])
        pieces.append(span.slot)
        cursor = span.end
    if cursor < len(text):
        pieces.append(text[cursor:])
    return tuple(pieces)


class _Walker:
    def __init__(
        self, text: str, root: Element, vocabulary: Vocabulary, dialect: Dialect, locale: Locale, segment: bool
    ) -> None:
        self.text = text
        self.root = root
        self.vocabulary = vocabulary
        self.dialect = dialect
        self.locale = locale
        self.segment = segment
        self.placed: list[tuple[int, Unit]] = []
        self.spans: list[SlotSpan] = []
        self.raw: dict[str, list[str]] = {}
        self.hosted: dict[str, dict[str, list[list[str]]]] = {}
        self.run: _Run | None = None
        self.container = root
        self._runs_in: Counter[int] = Counter()
        self._keys: dict[int, str] = {}
        self._unique_ids = _unique_ids(root, vocabulary)
        self._pair_ids: dict[int, str] = {}

    # -- the walk ----------------------------------------------------------------
    def walk(self) -> None:
        self._children(self.root)
        self._flush()

    def _children(self, element: Element) -> None:
        for child in element.children:
            if isinstance(child, Element):
                self._element(child)
            else:
                self._token(child)

    def _token(self, token: Token) -> None:
        if token.kind == TokenKind.TEXT:
            self._add(_Item(_ItemKind.TEXT, token.start, token.end))
        elif token.kind in (TokenKind.COMMENT, TokenKind.PI, TokenKind.CDATA):
            self._add(_Item(_ItemKind.STANDALONE, token.start, token.end, code_type=token.kind.value))
        elif token.kind == TokenKind.END and self.vocabulary.is_inline_name(self._lookup_name(token.name)):
            self._add(_Item(_ItemKind.STANDALONE, token.start, token.end, code_type="tag"))
        else:  # doctype, raw text, a stray end tag of a block
            self._flush()

    def _element(self, element: Element) -> None:
        vocabulary = self.vocabulary
        inline = vocabulary.is_inline(element)
        start, end = element.span_start, element.span_end
        if vocabulary.is_opaque(element):
            slots = [] if vocabulary.is_excluded(element) else self._attribute_slots(element)
            if inline:
                self._add(_Item(_ItemKind.STANDALONE, start, end, element, vocabulary.code_type(element), slots))
            else:
                self._flush()
                self.spans.extend(slots)
            return
        if not inline:
            self._flush()
            self.spans.extend(self._attribute_slots(element))
            self._within(element)
            return
        code_type = vocabulary.code_type(element)
        if vocabulary.is_object(element) or _is_empty(element):
            self._add(_Item(_ItemKind.STANDALONE, start, end, element, code_type, self._object_slots(element)))
            return
        assert element.start is not None
        self._add(_Item(_ItemKind.OPEN, start, element.start.end, element, code_type, self._attribute_slots(element)))
        self._children(element)
        if element.end is not None:
            self._add(_Item(_ItemKind.CLOSE, element.end.start, end, element, code_type))

    def _lookup_name(self, name: str) -> str:
        return name.rpartition(":")[2] if self.dialect.xml else name.lower()

    def _within(self, container: Element) -> None:
        """Walk a container's children; the runs in it belong to it."""
        outer = self.container
        self.container = container
        self._children(container)
        self._flush()
        self.container = outer

    def _object_slots(self, element: Element) -> list[SlotSpan]:
        """Walk an object apart and return the slots found inside it."""
        outer_run, outer_spans = self.run, self.spans
        self.run, self.spans = None, []
        self.spans.extend(self._attribute_slots(element))
        self._within(element)
        inner = sorted(self.spans, key=lambda span: span.start)
        self.run, self.spans = outer_run, outer_spans
        return inner

    def _add(self, item: _Item) -> None:
        if self.run is None:
            self.run = _Run(self.container)
        self.run.items.append(item)

    # -- runs become units -------------------------------------------------------
    def _flush(self) -> None:
        """End the current run: its core becomes a unit; slots of the markup around it stay in the skeleton."""
        run, self.run = self.run, None
        if run is None:
            return
        items = run.items
        _pair(items)
        core = _core(items, self.text)
        unit_span = None if core is None else self._run_unit(run, *core)
        if unit_span is None:
            outside = items
        else:
            low, high = core  # type: ignore[misc]
            outside = items[:low] + items[high + 1 :]
            self.spans.append(unit_span)
        for item in outside:
            self.spans.extend(item.slots)

    def _run_unit(self, run: _Run, low: int, high: int) -> SlotSpan | None:
        """The unit of ``run.items[low:high + 1]`` and its span, if it has text to translate."""
        key = self._run_key(run.container)
        kind = self.vocabulary.kind_of(run.container)
        if self._unit(key, run.items[low : high + 1], kind, run.container) is None:
            return None
        self._runs_in[id(run.container)] += 1
        return SlotSpan(run.items[low].start, run.items[high].end, Slot(key, "text"))

    def _unit(self, key: str, items: list[_Item], kind: str, container: Element, note: str = "") -> Unit | None:
        """Make, register and return the unit of ``items``; None when there is nothing to translate."""
        parts, tails = self._parts(items)
        built = build_unit(key, parts, self.locale, segment=self.segment, kind=kind, note=note)
        collapse = not self._preserves_space(container)
        readable = [readable_segment(s, self.dialect.decode_reference, collapse=collapse) for s in built.segments]
        if not any(ch.isalnum() for segment, _ in readable for ch in segment.text):
            return None
        segments, new_ids = renumber_codes([segment for segment, _ in readable])
        for index, (_, raw) in enumerate(readable):
            if raw is not None:
                self.raw[segment_key(key, index)] = raw
        if tails:
            self.hosted[key] = {new_ids[code_id]: value for code_id, value in tails.items()}
        unit = Unit(key, tuple(segments), built.gaps, kind=kind, note=note)
        self.placed.append((items[0].start, unit))
        return unit

    def _parts(self, items: list[_Item]) -> tuple[list[Part], dict[str, list[list[str]]]]:
        """Protected text and codes for ``items``, and the hosted tails by code id."""
        ids = CodeIds()
        parts: list[Part] = []
        tails: dict[str, list[list[str]]] = {}
        for item in items:
            if item.kind == _ItemKind.TEXT:
                parts.extend(protect(self.text[item.start : item.end], ids))
                continue
            code = self._code(item, ids)
            parts.append(code)
            if item.slots:
                tails[code.id] = self._tails(item)
        return parts, tails

    def _code(self, item: _Item, ids: CodeIds) -> Code:
        kind = CodeKind(item.kind.value)
        if kind == CodeKind.CLOSE:
            assert item.partner is not None
            code_id = self._pair_ids[id(item.partner)]
        else:
            code_id = ids.next()
            if kind == CodeKind.OPEN:
                self._pair_ids[id(item)] = code_id
        data_end = item.slots[0].start if item.slots else item.end
        return Code(code_id, kind, self.text[item.start : data_end], item.code_type)

    def _tails(self, item: _Item) -> list[list[str]]:
        """For a code hosting slots: each slot with the markup that follows it."""
        out: list[list[str]] = []
        for index, span in enumerate(item.slots):
            following = item.slots[index + 1].start if index + 1 < len(item.slots) else item.end
            out.append([span.slot.unit_key, span.slot.escape, self.text[span.end : following]])
        return out

    def _attribute_slots(self, element: Element) -> list[SlotSpan]:
        out: list[SlotSpan] = []
        for name, attribute, kind in self.vocabulary.translatable_attributes(element):
            key = f"{self._key(element)}/@{name}"
            item = _Item(_ItemKind.TEXT, attribute.value_start, attribute.value_end)
            note = f"{name} attribute of <{element.name}>"
            if self._unit(key, [item], kind, element, note) is not None:
                out.append(SlotSpan(attribute.value_start, attribute.value_end, Slot(key, _escape_kind(attribute))))
        return out

    def _preserves_space(self, element: Element) -> bool:
        return any(self.vocabulary.preserves_space(node) for node in (element, *element.ancestors()) if node.start)

    # -- keys ----------------------------------------------------------------------
    def _key(self, element: Element) -> str:
        """``html/body/div[2]/p[3]``, or ``#install/p[2]`` below an element with a unique id."""
        cached = self._keys.get(id(element))
        if cached is not None:
            return cached
        if element.parent is None:
            key = ""
        else:
            anchor = self.vocabulary.anchor_id(element)
            if anchor is not None and anchor in self._unique_ids:
                key = "#" + anchor
            else:
                parent = self._key(element.parent)
                key = f"{parent}/{element.step}" if parent else element.step
        self._keys[id(element)] = key
        return key

    def _run_key(self, container: Element) -> str:
        """The container's key for its first unit, then ``.../text()[2]``, ``.../text()[3]``..."""
        base = self._key(container)
        number = self._runs_in[id(container)] + 1
        if number == 1:
            return base or "text()"
        return f"{base}/text()[{number}]" if base else f"text()[{number}]"


def _is_empty(element: Element) -> bool:
    """A void, self-closing or empty element: one code, never a pair."""
    return element.end is None and not element.children


def _escape_kind(attribute: Attribute) -> str:
    return escape_kind_for_quote(attribute.quote)


def _pair(items: list[_Item]) -> None:
    """Pair the open and close tags of each element; a lone half becomes a standalone code."""
    opened: dict[int, _Item] = {}
    for item in items:
        if item.kind == _ItemKind.OPEN:
            opened[id(item.element)] = item
        elif item.kind == _ItemKind.CLOSE:
            partner = opened.pop(id(item.element), None)
            if partner is None:
                item.kind = _ItemKind.STANDALONE
            else:
                item.partner, partner.partner = partner, item
    for item in opened.values():
        item.kind = _ItemKind.STANDALONE


def _core(items: list[_Item], text: str) -> tuple[int, int] | None:
    """The index range from the first to the last text with non-blank characters,
    widened so that no code pair is cut in half."""
    significant = [i for i, item in enumerate(items) if item.kind == _ItemKind.TEXT and text[item.start : item.end].strip()]
    if not significant:
        return None
    index = {id(item): i for i, item in enumerate(items)}
    low, high = significant[0], significant[-1]
    changed = True
    while changed:
        changed = False
        for item in items[low : high + 1]:
            if item.partner is None:
                continue
            other = index[id(item.partner)]
            if other < low or other > high:
                low, high = min(low, other), max(high, other)
                changed = True
                break
    return low, high


def count_code_blocks(root: Element, vocabulary: Vocabulary) -> int:
    """How many code blocks the document has (each left as it is)."""
    return sum(element.key in vocabulary.code_blocks for element in _descendants(root))


def _unique_ids(root: Element, vocabulary: Vocabulary) -> set[str]:
    counts: Counter[str] = Counter(
        anchor for element in _descendants(root) if (anchor := vocabulary.anchor_id(element)) is not None
    )
    return {anchor for anchor, count in counts.items() if count == 1}


def _descendants(element: Element) -> Iterator[Element]:
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)
