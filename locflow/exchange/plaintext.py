"""Segments shown as plain text, with their codes found again by their data.

A PO editor (Poedit, Weblate, Lokalize) shows a string as it is. So a PO
package shows the original characters of every code: ``{account_owner}``,
``**``, ``[``/``](https://...)``, not a marker the translator has to decode.
When the file comes back, :func:`recode` finds the source's codes in the
translated text by their data, and the import validates them like codes
from any other format (a placeholder the translator broke is *missing*).

Finding codes by their data is only safe when nothing else in the text
looks like one of them: a source whose text contains a literal ``*``
beside an emphasis code ``*`` cannot be shown plainly. :func:`shows_plainly`
tells, by recoding the rendered text and comparing; the PO writer falls back
to declared markers (:mod:`locflow.exchange.markers`) for such entries.

Paired codes with the same data (the ``[`` of two links) are told apart by
their closing code, so a translator may swap two links in a sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from locflow.exchange.base import ExchangeSegment
from locflow.model import Code, CodeKind, Part, Segment

__all__ = ["recode", "shows_plainly", "code_pool", "with_codes_of"]


def code_pool(*segments: Segment | None) -> tuple[Code, ...]:
    """The distinct codes of ``segments`` (a source and its plural), in order of appearance."""
    seen: dict[tuple[str, CodeKind], Code] = {}
    for segment in segments:
        for code in segment.codes if segment is not None else ():
            seen.setdefault((code.id, code.kind), code)
    return tuple(seen.values())


def shows_plainly(codes: tuple[Code, ...], segments: Iterable[Segment | None]) -> bool:
    """True when every segment comes back unchanged from its rendered text."""
    return all(segment is None or recode(segment.render(), codes) == segment for segment in segments)


def recode(text: str, codes: tuple[Code, ...]) -> Segment:
    """``text`` as a segment whose code data are ``codes`` (a source's), found where they occur."""
    findable = [code for code in codes if code.data]
    if not text:
        return Segment()
    if not findable:
        return Segment.text_only(text)
    assignment = _Assignment(findable)
    pieces: list[str | int] = []  # text, or the index of a code token
    position = 0
    for start, data in _occurrences(text, {c.data for c in findable}):
        if start > position:
            pieces.append(text[position:start])
        pieces.append(assignment.token(data))
        position = start + len(data)
    if position < len(text):
        pieces.append(text[position:])
    return _segment(pieces, assignment.resolve())


def _occurrences(text: str, datas: set[str]) -> Iterator[tuple[int, str]]:
    """Where the ``datas`` occur in ``text``, left to right, without overlaps: at each
    place the longest that starts there (as a pattern of the alternatives, longest
    first, would match). Found with ``str.find``: a segment has a few codes, and
    compiling a pattern for each segment's own codes costs more than the search."""
    ordered = sorted(datas, key=len, reverse=True)
    position = 0
    while True:
        found = [(at, -len(data), data) for data in ordered if (at := text.find(data, position)) >= 0]
        if not found:
            return
        start, _, data = min(found)
        yield start, data
        position = start + len(data)


@dataclass
class _Pending:
    token: int
    candidates: list[Code]


@dataclass
class _Assignment:
    """Decides which code each occurrence of code data stands for, in one left-to-right pass."""

    codes: list[Code]
    used: set[tuple[str, CodeKind]] = field(default_factory=set)
    chosen: dict[int, Code | str] = field(default_factory=dict)  # token -> code, or its data as text
    pending: list[_Pending] = field(default_factory=list)
    tokens: int = 0

    def token(self, data: str) -> int:
        number = self.tokens
        self.tokens += 1
        free = [c for c in self.codes if c.data == data and (c.id, c.kind) not in self.used]
        closes = [c for c in free if c.kind == CodeKind.CLOSE]
        if closes and self._close_pending(number, closes):
            return number
        opens = [c for c in free if c.kind == CodeKind.OPEN and not self._reserved(c)]
        if opens:
            self.pending.append(_Pending(number, opens))
        elif free and free[0].kind != CodeKind.OPEN:
            self._take(number, next((c for c in free if c.kind == CodeKind.STANDALONE), free[0]))
        else:
            self.chosen[number] = data  # more occurrences than codes: text
        return number

    def _close_pending(self, number: int, closes: list[Code]) -> bool:
        """Close the innermost pending open whose code has a partner among ``closes``."""
        for pending in reversed(self.pending):
            for close in closes:
                opener = next((c for c in pending.candidates if c.id == close.id), None)
                if opener is not None and (opener.id, opener.kind) not in self.used:
                    self.pending.remove(pending)
                    self._take(pending.token, opener)
                    self._take(number, close)
                    return True
        return False

    def _reserved(self, code: Code) -> bool:
        """An open code already claimed by as many pending tokens as could take it."""
        claims = sum(1 for pending in self.pending if pending.candidates == [code])
        return claims > 0

    def _take(self, number: int, code: Code) -> None:
        self.used.add((code.id, code.kind))
        self.chosen[number] = code

    def resolve(self) -> dict[int, Code | str]:
        """Opens never closed in the text take the unused open codes they may stand for, in order."""
        for pending in self.pending:
            free = next((c for c in pending.candidates if (c.id, c.kind) not in self.used), None)
            if free is None:
                self.chosen[pending.token] = pending.candidates[0].data
            else:
                self._take(pending.token, free)
        self.pending.clear()
        return self.chosen


def _segment(pieces: list[str | int], chosen: dict[int, Code | str]) -> Segment:
    parts: list[Part] = []
    for piece in pieces:
        part = piece if isinstance(piece, str) else chosen[piece]
        if isinstance(part, str) and parts and isinstance(parts[-1], str):
            parts[-1] += part
        else:
            parts.append(part)
    return Segment(tuple(parts))


def with_codes_of(read: ExchangeSegment, source: Segment, plural: Segment | None = None) -> ExchangeSegment:
    """A segment read from plain PO text, with ``source``'s codes found in every side of it.

    Left as it is when it already has codes (declared markers) or the source has none.
    """
    codes = code_pool(source, plural)
    if not any(code.data for code in codes) or any(s.codes for s in (read.source, *read.target_plurals) if s):
        return read
    if read.target is not None and read.target.codes:
        return read

    def found(segment: Segment | None) -> Segment | None:
        return recode(segment.render(), codes) if segment is not None else None

    return replace(
        read,
        source=recode(read.source.render(), codes),
        target=found(read.target),
        source_plural=found(read.source_plural),
        target_plurals=tuple(recode(form.render(), codes) for form in read.target_plurals),
        previous_source=found(read.previous_source),
    )
