"""What every exchange format reads into: files handed to and back from translators.

Readers for PO, XLIFF 1.2 and XLIFF 2.x all return an :class:`ExchangeFile`,
a flat list of :class:`ExchangeSegment` objects with inline codes already
mapped to :class:`~locflow.model.Code` objects and line numbers kept, so that
``import`` (match by id, conflicts, rejects) and standalone ``qa`` work the
same on any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from locflow.model import Locale, Segment, State

__all__ = ["ExchangeSegment", "ExchangeFile"]


@dataclass(frozen=True, slots=True)
class ExchangeSegment:
    """One source/target pair read from an exchange file.

    ``id`` is what import matches on: our segment key in files locflow wrote
    (PO ``msgctxt``; XLIFF unit id, plus ``#n`` for the n-th ``mrk``/``segment``
    when a unit has several). For foreign files it is the PO ``msgctxt`` (else
    ``msgid``) or the XLIFF unit id. ``unit_id`` is the file's own unit id,
    ``document`` the ``<file original>`` (XLIFF) when there is one. ``line`` is
    the 1-based line of the target (PO ``msgstr``), else of the unit.
    """

    id: str
    unit_id: str
    source: Segment
    target: Segment | None
    state: State | None = None
    line: int | None = None
    document: str | None = None
    notes: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    source_plural: Segment | None = None
    target_plurals: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class ExchangeFile:
    """A whole exchange file: its format, its locales (when it says), its segments."""

    path: str
    format: str  # "po" | "xliff12" | "xliff2"
    source_locale: Locale | None
    target_locale: Locale | None
    segments: tuple[ExchangeSegment, ...]
