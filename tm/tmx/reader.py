"""Streaming TMX 1.4b reader (also reads 1.1 to 1.4a): translation units in, entries out.

The file is parsed with lxml's ``iterparse`` and every ``tu`` is dropped
from the tree once read, so memory stays flat on a file of a million units.
Hostile XML is refused before parsing (:func:`~locflow.model.xmlsafe.check_xml_safety`)
and the parser never resolves entities, loads a DTD or touches the network.

A ``tu`` gives one entry per variant that is not the source: a multilingual
``tu`` in English, German and French gives en->de and en->fr. The source
variant is the one in the ``tu``'s ``srclang`` (else the header's); for
``*all*`` it is the first variant. Language tags are read from ``xml:lang``
(or TMX 1.1's ``lang``) in any case (``EN-US``, ``en_us``). ``prop`` and
``note`` elements, ``tuid`` and the creation/change attributes are kept in
the entry's ``meta``; the ``x-locflow-*`` properties our writer adds restore
context, origin and project.

Errors: a syntax error, a ``tuv`` without language or ``seg`` and invalid
inline markup raise :class:`MalformedFileError` with file and line; a ``tu``
without a source variant, or a variant in an unknown language, is skipped and
counted instead (``skipped``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Any

from lxml import etree

from locflow.model import Locale, LocaleError
from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import HEAD_BYTES, SAFE_XML_OPTIONS, check_xml_safety, refuse_entity_references
from tm.model import TMContext, TMEntry
from tm.tmx.inline import SegError, parse_seg

__all__ = ["TMXReader", "LOCFLOW_PROPS", "parse_tmx_date", "format_tmx_date"]

log = logging.getLogger(__name__)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Properties our writer adds; the reader turns them back into entry fields.
LOCFLOW_PROPS = {
    "context": "x-locflow-context",
    "origin": "x-locflow-origin",
    "project": "x-locflow-project",
}
_ALL = "*all*"
_TU_ATTRIBUTES = ("creationid", "changeid", "creationtool", "creationtoolversion", "datatype", "segtype", "o-tmf")


def parse_tmx_date(value: str | None) -> datetime | None:
    """``20020523T091200Z`` as a naive UTC datetime; ``None`` when absent or invalid."""
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


def format_tmx_date(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y%m%dT%H%M%SZ")


@lru_cache(maxsize=4096)
def _tag_key(tag: str) -> str:
    """A language tag compared loosely: ``EN_us`` and ``en-US`` are the same."""
    return tag.strip().replace("_", "-").lower()


def _lang_of(element: etree._Element) -> str | None:
    value = element.get(XML_LANG) or element.get("lang")
    return value.strip() if value and value.strip() else None


def _props_and_notes(element: etree._Element) -> tuple[list[dict[str, str]], list[str]]:
    props: list[dict[str, str]] = []
    notes: list[str] = []
    for child in element:
        if child.tag == "prop":
            prop = {"type": child.get("type", ""), "value": child.text or ""}
            if _lang_of(child):
                prop["lang"] = _lang_of(child)  # type: ignore[assignment]
            props.append(prop)
        elif child.tag == "note":
            notes.append(child.text or "")
    return props, notes


class TMXReader:
    """Reads one TMX file; iterate :meth:`entries`, then look at the counters."""

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        progress: Callable[[int], None] | None = None,
        share: tuple[int, int] = (0, 1),
    ) -> None:
        """``share=(k, n)`` reads only every n-th ``tu`` from the k-th on, so that
        n processes can split a file (each still checks that all of it is well-formed)."""
        self.path = Path(path)
        self.progress = progress
        self.share = share
        self.units_read = 0
        self.skipped: Counter[str] = Counter()
        self._locales: dict[str, Locale | None] = {}

    def entries(self) -> Iterator[TMEntry]:
        """Every entry of the file, in file order. Raises :class:`MalformedFileError`."""
        with open(self.path, "rb") as handle:
            check_xml_safety(handle.read(HEAD_BYTES), self.path)
        try:
            self._check_root()
            parser = etree.iterparse(
                str(self.path),
                events=("start", "end"),
                tag=("header", "tu"),
                remove_comments=True,
                remove_pis=True,
                **SAFE_XML_OPTIONS,
            )
            header_source: str | None = None
            for event, element in parser:
                if event == "start":
                    if element.tag == "header":
                        header_source = element.get("srclang")
                    continue
                if element.tag == "tu":
                    if self.units_read % self.share[1] == self.share[0]:
                        yield from self._unit(element, header_source)
                    self.units_read += 1
                    if self.progress is not None and self.units_read % 1000 == 0:
                        self.progress(self.units_read)
                _release(element)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else exc.lineno
            raise MalformedFileError(f"not well-formed XML: {exc.msg}", path=self.path, line=line) from exc
        if self.progress is not None:
            self.progress(self.units_read)

    def _check_root(self) -> None:
        """Refuse a file whose root element is not ``<tmx>`` before reading any of it."""
        for _event, root in etree.iterparse(str(self.path), events=("start",), **SAFE_XML_OPTIONS):
            if root.tag != "tmx":
                raise MalformedFileError(
                    f"not a TMX document (the root element is <{etree.QName(root).localname}>)",
                    path=self.path,
                    line=root.sourceline,
                )
            return
        raise MalformedFileError("not a TMX document (no root element)", path=self.path, line=1)

    # -- one tu -----------------------------------------------------------------
    def _unit(self, tu: etree._Element, header_source: str | None) -> Iterator[TMEntry]:
        refuse_entity_references(tu, self.path)
        variants = []
        for tuv in tu.iterchildren("tuv"):
            tag = _lang_of(tuv)
            if tag is None:
                raise MalformedFileError("<tuv> without xml:lang", path=self.path, line=tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise MalformedFileError("<tuv> without <seg>", path=self.path, line=tuv.sourceline)
            try:
                variants.append((tag, parse_seg(seg), tuv))
            except SegError as exc:
                raise MalformedFileError(str(exc), path=self.path, line=exc.line or seg.sourceline) from exc
        source_index = self._source_index(variants, tu.get("srclang") or header_source)
        if source_index is None:
            self.skipped["no variant in the source language"] += 1
            return
        source_tag, source_segment, source_tuv = variants[source_index]
        source_locale = self._locale(source_tag)
        if source_locale is None:
            return
        unit_meta, context, origin, project = self._unit_meta(tu)
        unit_meta.update(_variant_meta("source", source_tuv))
        created = parse_tmx_date(tu.get("creationdate"))
        usage_count = _int(tu.get("usagecount"))
        for index, (tag, segment, tuv) in enumerate(variants):
            if index == source_index:
                continue
            target_locale = self._locale(tag)
            if target_locale is None or target_locale == source_locale:
                if target_locale == source_locale:
                    self.skipped["variant in the source locale"] += 1
                continue
            meta = {**unit_meta, **_variant_meta("target", tuv)}
            yield TMEntry(
                source=source_segment,
                target=segment,
                source_locale=source_locale,
                target_locale=target_locale,
                context=context,
                created=created or parse_tmx_date(tuv.get("creationdate")),
                changed=parse_tmx_date(tuv.get("changedate")) or parse_tmx_date(tu.get("changedate")),
                usage_count=usage_count,
                origin=origin,
                project=project,
                meta=meta,
            )

    def _source_index(self, variants: list[tuple[str, Any, Any]], source: str | None) -> int | None:
        if not variants:
            return None
        if source is None or source.strip().lower() == _ALL:
            return 0
        wanted = _tag_key(source)
        tags = [_tag_key(tag) for tag, _, _ in variants]
        if wanted in tags:
            return tags.index(wanted)
        language = wanted.split("-")[0]
        for index, tag in enumerate(tags):
            if tag.split("-")[0] == language:
                return index
        return None

    def _locale(self, tag: str) -> Locale | None:
        if tag not in self._locales:
            try:
                self._locales[tag] = Locale(tag)
            except LocaleError:
                log.warning("%s: skipping variants in unknown language %r", self.path, tag)
                self._locales[tag] = None
        locale = self._locales[tag]
        if locale is None:
            self.skipped[f"unknown language {tag}"] += 1
        return locale

    def _unit_meta(self, tu: etree._Element) -> tuple[dict[str, Any], TMContext | None, str | None, str | None]:
        props, notes = _props_and_notes(tu)
        own = {prop["type"]: prop["value"] for prop in props if prop["type"] in LOCFLOW_PROPS.values()}
        meta: dict[str, Any] = {}
        if tu.get("tuid"):
            meta["tuid"] = tu.get("tuid")
        kept = [prop for prop in props if prop["type"] not in LOCFLOW_PROPS.values()]
        if kept:
            meta["props"] = kept
        if notes:
            meta["notes"] = notes
        attributes = {name: tu.get(name) for name in _TU_ATTRIBUTES if tu.get(name)}
        if attributes:
            meta["attributes"] = attributes
        context = TMContext.decode(own.get(LOCFLOW_PROPS["context"]))
        return meta, context, own.get(LOCFLOW_PROPS["origin"]), own.get(LOCFLOW_PROPS["project"])


def _variant_meta(side: str, tuv: etree._Element) -> dict[str, Any]:
    props, notes = _props_and_notes(tuv)
    meta: dict[str, Any] = {}
    if props:
        meta[f"{side}_props"] = props
    if notes:
        meta[f"{side}_notes"] = notes
    return meta


def _int(value: str | None) -> int:
    try:
        return max(int(value), 0) if value else 0
    except ValueError:
        return 0


def _release(element: etree._Element) -> None:
    """Drop a finished element and the siblings before it, so the tree never grows."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
