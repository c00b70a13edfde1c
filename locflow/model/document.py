"""Documents and units: what a format filter extracts from one source file.

A :class:`Document` is the parsed form of one file: its translatable
:class:`Unit` objects plus a *skeleton*, the bytes around them. Merging is
then the same for every format: walk the skeleton, write literal pieces
unchanged and put each unit's (translated) text in its :class:`Slot`.
Building with source-as-target therefore gives back the original bytes.

Keys are stable, structural names (``faq[refund-window].answer``,
``responses.utter_goodbye[0].text``, ``md:12``). The first segment of a unit
has the unit's key; further segments add ``#2``, ``#3``... so a unit that
grows a second sentence keeps the key of its first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from locflow.model.joining import join_gaps
from locflow.model.locale import Locale
from locflow.model.segment import Part, Segment

__all__ = ["UNTRANSLATED", "Unit", "Document", "Slot", "segment_key", "split_segment_key", "message_key"]

#: Key of ``Document.meta``: what the filter left untranslated by design, ``{what: count}``
#: (``{"code blocks": 3}``, ``{"templates": 5}``). ``extract`` reports it, so content kept
#: out of translation (a template's text, say) is never skipped silently.
UNTRANSLATED = "untranslated"


def segment_key(unit_key: str, index: int) -> str:
    """The key of the ``index``-th (0-based) segment of a unit."""
    return unit_key if index == 0 else f"{unit_key}#{index + 1}"


def split_segment_key(key: str) -> tuple[str, int]:
    """Inverse of :func:`segment_key`: ``("md:3", 1)`` for ``"md:3#2"``."""
    unit_key, sep, number = key.rpartition("#")
    if sep and number.isdigit() and int(number) >= 2:
        return unit_key, int(number) - 1
    return key, 0


def message_key(msgctxt: str | None, msgid: str, *, context_shared: bool) -> str:
    """The unit key of a gettext message: its context, else its msgid;
    ``msgctxt::msgid`` when several messages of the catalog share the context.

    The PO filter keys catalogs this way, and the PO reader gives other tools'
    files the same ids, so a translated catalog finds its messages.
    """
    key = (f"{msgctxt}::{msgid}" if context_shared else msgctxt) if msgctxt else msgid
    if split_segment_key(key)[1]:
        key += "#1"  # "Step #2" would read as the second segment of "Step "
    return key


@dataclass(frozen=True, slots=True)
class Unit:
    """A translatable unit: a paragraph, a heading, a FAQ answer, a chatbot response.

    ``segments`` are its sentences. ``gaps`` are the characters around and
    between them (whitespace between sentences, usually), so that
    ``gaps[0] + seg[0] + gaps[1] + ... + seg[-1] + gaps[-1]`` is the unit's
    original text; ``len(gaps) == len(segments) + 1``. ``kind`` names the
    content kind (``heading``, ``paragraph``, ``button``, ``title``...) for QA
    length limits; ``note`` is context for translators.
    """

    key: str
    segments: tuple[Segment, ...]
    gaps: tuple[str, ...] = ()
    kind: str = ""
    note: str = ""
    max_length: int | None = None

    def __post_init__(self) -> None:
        if not self.gaps:
            object.__setattr__(self, "gaps", ("",) * (len(self.segments) + 1))
        if len(self.gaps) != len(self.segments) + 1:
            raise ValueError(f"unit {self.key}: {len(self.segments)} segments need {len(self.segments) + 1} gaps")

    def segment_keys(self) -> list[str]:
        return [segment_key(self.key, i) for i in range(len(self.segments))]

    def items(self) -> Iterator[tuple[str, Segment]]:
        """(segment key, segment) pairs in order."""
        for i, segment in enumerate(self.segments):
            yield segment_key(self.key, i), segment

    def targets(self, translations: Mapping[str, Segment]) -> list[Segment | None]:
        """Each segment's translation, ``None`` where there is none or it is the source itself."""
        found = (translations.get(key) for key in self.segment_keys())
        return [target if target != source else None for target, source in zip(found, self.segments)]

    def joined_parts(self, translations: Mapping[str, Segment], locale: Locale | None = None) -> list[Part]:
        """Gaps and segments in order, each segment translated where a translation is given.

        With ``locale``, the gaps between translated sentences follow its
        script (:func:`~locflow.model.joining.join_gaps`).
        """
        targets = self.targets(translations)
        gaps = join_gaps(self.gaps, targets, locale)
        parts: list[Part] = [gaps[0]]
        for segment, target, gap in zip(self.segments, targets, gaps[1:]):
            parts.extend((target or segment).parts)
            parts.append(gap)
        return parts

    def render(self, translations: Mapping[str, Segment] | None = None, locale: Locale | None = None) -> str:
        """The unit's text, each segment replaced by its translation where one is given."""
        if not translations:  # the source as it was, the common case while extracting
            return self.gaps[0] + "".join(s.render() + g for s, g in zip(self.segments, self.gaps[1:]))
        parts = self.joined_parts(translations, locale)
        return "".join(part if isinstance(part, str) else part.data for part in parts)


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a skeleton where a unit's text goes.

    ``escape`` names the filter's escaping for that place (``""`` for none,
    else e.g. ``"attr"``, ``"json"``, ``"yaml-double"``); the filter applies it
    to translated text only, so source-as-target gives back the original bytes.
    """

    unit_key: str
    escape: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed source file: units, and the skeleton to write them back into.

    ``encoding`` and ``newline`` record what the file used, so merging can
    write the same; ``meta`` holds format-specific facts a filter needs at
    merge time (e.g. where the HTML ``lang`` attribute is), and under
    :data:`UNTRANSLATED` what the filter left untranslated.
    """

    path: PurePosixPath
    format: str
    units: tuple[Unit, ...]
    skeleton: tuple[str | Slot, ...] = ()
    encoding: str = "utf-8"
    meta: Mapping[str, object] = field(default_factory=dict)

    def unit(self, key: str) -> Unit:
        for unit in self.units:
            if unit.key == key:
                return unit
        raise KeyError(key)

    def segments(self) -> Iterator[tuple[Unit, str, Segment]]:
        """Every (unit, segment key, segment) in document order."""
        for unit in self.units:
            for key, segment in unit.items():
                yield unit, key, segment

    def segment_count(self) -> int:
        return sum(len(u.segments) for u in self.units)

    def left_untranslated(self) -> dict[str, int]:
        """What the filter kept out of translation in this file: ``{"code blocks": 3}``."""
        counts = self.meta.get(UNTRANSLATED) or {}
        return {str(what): int(count) for what, count in counts.items() if count}  # type: ignore[union-attr]

    def is_translated_by(self, translations: Mapping[str, Segment]) -> bool:
        """True when some segment has a translation that differs from its source.

        A build labels a file with the target language (``<html lang>``,
        ``xml:lang``) only then: a page that falls back to the source entirely
        is still in the source language.
        """
        return any(any(unit.targets(translations)) for unit in self.units)
