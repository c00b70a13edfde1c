"""Segments: translatable text with inline codes held apart from the text.

A segment is a sequence of *parts*: plain strings and :class:`Code` objects.
Codes carry the original markup (``**``, ``<a href="...">``, ``{name}``,
``https://...``) verbatim, so that

* translators, the TM and MT see the text and the *positions* of codes, never
  the raw markup they could break, and
* :meth:`Segment.render` gives back exactly the original characters.

This is the "coded text" idea of Okapi: inline codes are never flattened
into strings with markup.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = [
    "Code",
    "CodeKind",
    "Segment",
    "Part",
]


#: Segments as compact JSON: one encoder for all (a TM import writes two segments per unit).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class CodeKind(StrEnum):
    """Whether a code opens a span, closes it, or stands alone."""

    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(frozen=True, slots=True)
class Code:
    """One inline code inside a segment.

    ``id`` pairs an opening code with its closing code (both share it) and is
    unique among the codes of one unit. ``data`` is the original markup,
    byte for byte. ``type`` says what the code is (``bold``, ``link``,
    ``placeholder``, ``url``, ``email``, ``tag``, ``entity``...), which QA,
    exchange formats and MT masking use. ``disp`` is an optional short text
    to show translators in place of ``data``.
    """

    id: str
    kind: CodeKind
    data: str
    type: str = ""
    disp: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"id": self.id, "kind": self.kind.value, "data": self.data}
        if self.type:
            out["type"] = self.type
        if self.disp:
            out["disp"] = self.disp
        return out

    @classmethod
    def from_json(cls, obj: dict[str, str]) -> Code:
        return cls(
            id=str(obj["id"]),
            kind=CodeKind(obj["kind"]),
            data=obj["data"],
            type=obj.get("type", ""),
            disp=obj.get("disp", ""),
        )


Part = str | Code


def _normalize_parts(parts: Iterable[Part]) -> tuple[Part, ...]:
    """Merge adjacent strings and drop empty ones, so equal segments compare equal."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + part
                continue
        elif not isinstance(part, Code):
            raise TypeError(f"segment parts are str or Code, not {type(part).__name__}")
        out.append(part)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Segment:
    """Text with inline codes; immutable and hashable.

    Build one with ``Segment.of("Click ", Code(...), "Save", Code(...))`` or
    ``Segment.text_only("Hello")``. Adjacent strings are merged on creation.
    """

    parts: tuple[Part, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", _normalize_parts(self.parts))

    # -- construction -----------------------------------------------------
    @classmethod
    def of(cls, *parts: Part) -> Segment:
        return cls(tuple(parts))

    @classmethod
    def text_only(cls, text: str) -> Segment:
        """A segment of ``text`` alone. Made without the normalisation of several parts,
        which one string does not need: readers make one or two for every unit of a file."""
        if type(text) is not str:
            return cls((text,))  # (which says what is wrong with it)
        segment = object.__new__(cls)
        object.__setattr__(segment, "parts", (text,) if text else ())
        return segment

    # -- views --------------------------------------------------------------
    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(p for p in self.parts if isinstance(p, Code))

    @property
    def text(self) -> str:
        """The text alone, codes removed: what words are counted on."""
        return "".join(p for p in self.parts if isinstance(p, str))

    def render(self) -> str:
        """The original characters: text with every code's data put back."""
        return "".join(p if isinstance(p, str) else p.data for p in self.parts)

    def is_empty(self) -> bool:
        return not self.parts

    def has_text(self) -> bool:
        """True when there is something to translate (letters or digits outside codes)."""
        return any(ch.isalnum() for ch in self.text)

    def iter_text(self) -> Iterator[str]:
        return (p for p in self.parts if isinstance(p, str))

    def code_by_id(self, code_id: str, kind: CodeKind | None = None) -> Code | None:
        for code in self.codes:
            if code.id == code_id and (kind is None or code.kind == kind):
                return code
        return None

    def code_signature(self) -> tuple[tuple[str, CodeKind], ...]:
        """The codes as (id, kind) pairs in order; used to compare code sets."""
        return tuple((c.id, c.kind) for c in self.codes)

    # -- transformation ------------------------------------------------------
    def map_text(self, func) -> Segment:  # type: ignore[no-untyped-def]
        """Apply ``func`` to every text part, keeping codes in place (pseudo-translation, casing)."""
        return Segment(tuple(func(p) if isinstance(p, str) else p for p in self.parts))

    def strip(self) -> tuple[str, Segment, str]:
        """Split off leading and trailing whitespace that lies outside codes."""
        parts = list(self.parts)
        lead = trail = ""
        if parts and isinstance(parts[0], str):
            stripped = parts[0].lstrip()
            lead = parts[0][: len(parts[0]) - len(stripped)]
            parts[0] = stripped
        if parts and isinstance(parts[-1], str):
            stripped = parts[-1].rstrip()
            trail = parts[-1][len(stripped):]
            parts[-1] = stripped
        return lead, Segment(tuple(parts)), trail

    def __add__(self, other: Segment) -> Segment:
        return Segment(self.parts + other.parts)

    # -- identity and serialization ---------------------------------------
    def tagged(self) -> str:
        """A compact, unambiguous string form: codes as ``{id}``, ``{/id}``, ``{id/}``.

        Literal braces in the text are doubled so the form can be parsed
        back with :meth:`from_tagged` given the codes. Used for hashing,
        TM matching and readable diagnostics.
        """
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part.replace("{", "{{").replace("}", "}}"))
            elif part.kind == CodeKind.OPEN:
                out.append("{" + part.id + "}")
            elif part.kind == CodeKind.CLOSE:
                out.append("{/" + part.id + "}")
            else:
                out.append("{" + part.id + "/}")
        return "".join(out)

    @classmethod
    def from_tagged(cls, tagged: str, codes: Sequence[Code]) -> Segment:
        """Inverse of :meth:`tagged`; codes are looked up by (id, kind).

        Raises ``ValueError`` naming the marker when a marker refers to a code
        that is not in ``codes`` or the braces are unbalanced.
        """
        by_key = {(c.id, c.kind): c for c in codes}
        parts: list[Part] = []
        text: list[str] = []
        i = 0
        while i < len(tagged):
            ch = tagged[i]
            if ch in "{}" and tagged[i : i + 2] in ("{{", "}}"):
                text.append(ch)
                i += 2
                continue
            if ch == "}":
                raise ValueError(f"unbalanced '}}' at offset {i}")
            if ch != "{":
                text.append(ch)
                i += 1
                continue
            end = tagged.find("}", i)
            if end < 0:
                raise ValueError(f"unclosed code marker at offset {i}")
            marker = tagged[i + 1 : end]
            if marker.startswith("/"):
                key = (marker[1:], CodeKind.CLOSE)
            elif marker.endswith("/"):
                key = (marker[:-1], CodeKind.STANDALONE)
            else:
                key = (marker, CodeKind.OPEN)
            if key not in by_key:
                raise ValueError(f"unknown code marker {{{marker}}}")
            if text:
                parts.append("".join(text))
                text = []
            parts.append(by_key[key])
            i = end + 1
        if text:
            parts.append("".join(text))
        return cls(tuple(parts))

    def to_json(self) -> list[str | dict[str, str]]:
        return [p if isinstance(p, str) else p.to_json() for p in self.parts]

    def dumps(self) -> str:
        return _ENCODER.encode(self.to_json())

    @classmethod
    def from_json(cls, data: Sequence[str | dict[str, str]]) -> Segment:
        return cls(tuple(p if isinstance(p, str) else Code.from_json(p) for p in data))

    @classmethod
    def loads(cls, text: str) -> Segment:
        return cls.from_json(json.loads(text))

    def content_hash(self) -> str:
        """A stable hash of text *and* codes; what 'the source changed' means."""
        digest = hashlib.sha1(self.dumps().encode("utf-8"))
        return digest.hexdigest()[:20]

    def with_codes_renumbered(self, mapping: dict[str, str]) -> Segment:
        """Give codes new ids (``mapping`` old -> new); ids not in it stay."""
        return Segment(
            tuple(
                replace(p, id=mapping.get(p.id, p.id)) if isinstance(p, Code) else p
                for p in self.parts
            )
        )

    def __str__(self) -> str:  # readable in logs and assertion messages
        return self.tagged()
