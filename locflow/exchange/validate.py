"""Per-segment checks the import runs before applying anything.

Pure functions on model values: the import side looks segments up in the
store and calls these to decide, segment by segment, between applying,
keeping aside as a conflict, and rejecting with a reason. Codes are
compared by (id, kind), in the PO marker notation for messages (``<1>``,
``</1>``, ``<2/>``), and a target's codes are never trusted for their data:
:func:`adopt_codes` gives the stored target the source's codes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from locflow.exchange.base import ExchangeFile, ExchangeSegment
from locflow.exchange.locales import parse_locale, same_locale_family
from locflow.exchange.markers import marker
from locflow.exchange.pairing import nested_pairs
from locflow.model import Code, CodeKind, Locale, Segment

__all__ = [
    "RejectReason",
    "Rejection",
    "validate_target",
    "check_codes",
    "check_target_locale",
    "duplicate_ids",
    "source_changed",
    "adopt_codes",
    "target_fingerprint",
]


class RejectReason(StrEnum):
    """Why a segment of an exchange file is not applied; the values appear in reports."""

    UNKNOWN_ID = "unknown-id"
    DUPLICATE_ID = "duplicate-id"
    AMBIGUOUS_ID = "ambiguous-id"
    WRONG_LOCALE = "wrong-locale"
    EMPTY_TARGET = "empty-target"
    MISSING_CODE = "missing-code"
    EXTRA_CODE = "extra-code"
    BROKEN_CODE = "broken-code"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class Rejection:
    """A segment that is not applied, with the reason and where it is in its file."""

    id: str
    reason: RejectReason
    message: str
    line: int | None = None
    document: str | None = None

    @classmethod
    def of(cls, read: ExchangeSegment, reason: RejectReason, message: str) -> Rejection:
        return cls(read.id, reason, message, read.line, read.document)


def validate_target(
    expected_source: Segment, read: ExchangeSegment, *, expected_plural: Segment | None = None
) -> Rejection | None:
    """Check a translated segment against the source it must translate.

    Rejects what the reader flagged as malformed, an empty target (call this
    for segments that carry a translation: see
    :attr:`~locflow.exchange.base.ExchangeSegment.has_translation`), and codes
    missing, extra, changed or out of order. A plural form may carry the
    codes of the singular or of the plural source.
    """
    if read.problem:
        return Rejection.of(read, RejectReason.MALFORMED, read.problem)
    forms = read.target_plurals or ((read.target,) if read.target is not None else ())
    if not forms or all(form.is_empty() for form in forms):
        return Rejection.of(read, RejectReason.EMPTY_TARGET, "the target is empty")
    for number, form in enumerate(forms):
        label = f"plural form {number}: " if read.target_plurals else ""
        if form.is_empty():
            return Rejection.of(read, RejectReason.EMPTY_TARGET, f"{label}the target is empty")
        found = check_codes(expected_source, form)
        if found is not None and expected_plural is not None and check_codes(expected_plural, form) is None:
            found = None
        if found is not None:
            reason, message = found
            return Rejection.of(read, reason, label + message)
    return None


def check_codes(expected: Segment, target: Segment) -> tuple[RejectReason, str] | None:
    """``(reason, message)`` when ``target``'s codes do not match ``expected``'s, else ``None``."""
    want = Counter((code.id, code.kind) for code in expected.codes)
    have = Counter((code.id, code.kind) for code in target.codes)
    missing = want - have
    if missing:
        return RejectReason.MISSING_CODE, "missing code " + _markers(missing.elements())
    extra = have - want
    if extra:
        return RejectReason.EXTRA_CODE, "unexpected code " + _markers(extra.elements())
    originals = {(code.id, code.kind): code.data for code in expected.codes}
    for code in target.codes:
        original = originals[(code.id, code.kind)]
        if code.data and original and code.data != original:
            return RejectReason.BROKEN_CODE, f"code {marker(code)} was changed: {original!r} became {code.data!r}"
    return _check_order(expected, target)


def _check_order(expected: Segment, target: Segment) -> tuple[RejectReason, str] | None:
    """A pair must open before it closes, and pairs that nest in the source must nest in the target."""
    opened: set[str] = set()
    for code in target.codes:
        if code.kind == CodeKind.OPEN:
            opened.add(code.id)
        elif code.kind == CodeKind.CLOSE and code.id not in opened and expected.code_by_id(code.id, CodeKind.OPEN):
            return RejectReason.BROKEN_CODE, f"code {marker(code)} comes before its start"
    if len(nested_pairs(target.parts)) >= len(nested_pairs(expected.parts)):
        return None
    return RejectReason.BROKEN_CODE, "paired codes overlap instead of nesting"


def _markers(keys: Iterable[tuple[str, CodeKind]]) -> str:
    return ", ".join(marker(Code(code_id, kind, "")) for code_id, kind in keys)


def check_target_locale(expected: Locale, read: ExchangeSegment) -> Rejection | None:
    """Reject a segment whose file declares a target language other than ``expected``.

    ``de`` and ``de-DE`` are accepted for each other; a file that names no
    target language is accepted (the import then relies on its ``-l``).
    """
    tag = read.target_language
    if not tag:
        return None
    found = parse_locale(tag)
    if found is None:
        return Rejection.of(read, RejectReason.WRONG_LOCALE, f"unknown target language {tag!r}")
    if not same_locale_family(expected, found):
        return Rejection.of(read, RejectReason.WRONG_LOCALE, f"target language is {found}, expected {expected}")
    return None


def duplicate_ids(file: ExchangeFile) -> list[Rejection]:
    """Every segment whose (document, id) already appeared earlier in the file."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for read in file.segments:
        key = (read.document, read.id)
        if key in seen:
            out.append(Rejection.of(read, RejectReason.DUPLICATE_ID, f"id {read.id!r} appears more than once"))
        seen.add(key)
    return out


# -- has the source changed since export? ---------------------------------------------------

_SPACE = re.compile(r"\s+")


def source_changed(current_source: Segment, read_source: Segment) -> bool:
    """True when the source in the file is not the current source: the import keeps it aside.

    Compared on text and codes. Whitespace is compared loosely (runs of
    whitespace count as one space, ends are trimmed, text is NFC): CAT tools
    normalize whitespace and line ends, and no translation depends on them.
    A code's data counts only when the file carries it (XLIFF ``x`` and
    undeclared PO markers do not).
    """
    if current_source == read_source:
        return False
    if _shape(current_source) != _shape(read_source):
        return True
    current = {(code.id, code.kind): code.data for code in current_source.codes}
    return any(code.data and code.data != current.get((code.id, code.kind)) for code in read_source.codes)


def target_fingerprint(segment: Segment | None) -> str:
    """What "the same target" means between the store and a file: text and codes, compared
    like sources (whitespace loosely, NFC); ``""`` for no target."""
    if segment is None or segment.is_empty():
        return ""
    return hashlib.sha1(_shape(segment).encode("utf-8")).hexdigest()


def _shape(segment: Segment) -> str:
    pieces = []
    for part in segment.parts:
        if isinstance(part, str):
            pieces.append(unicodedata.normalize("NFC", part))
        else:
            pieces.append(f"\x00{part.kind.value}:{part.id}\x00")
    return _SPACE.sub(" ", "".join(pieces)).strip()


def adopt_codes(target: Segment, source: Segment) -> Segment:
    """``target`` with each code replaced by the source's code of the same (id, kind).

    What the import stores: text from the translator, code data from the
    source, so a tool that emptied or altered a code's content cannot leak it.
    """
    codes = {(code.id, code.kind): code for code in source.codes}
    return Segment(
        tuple(codes.get((part.id, part.kind), part) if isinstance(part, Code) else part for part in target.parts)
    )
