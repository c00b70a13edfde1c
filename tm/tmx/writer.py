"""Streaming TMX 1.4b writer: one ``tu`` per stored translation, level 2.

Written with lxml's incremental ``xmlfile``: one ``tu`` is built, written
and forgotten at a time, so exporting a million units needs no more memory
than exporting ten. Codes become ``bpt``/``ept``/``ph``/``it``/``hi`` (see
:mod:`tm.tmx.inline`) with ``x`` linking source and target; what the reader
keeps in ``meta`` is written back, and context, origin and project travel as
``x-locflow-*`` properties, so an exported file imports to the same units.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from typing import Any

from lxml import etree

from locflow import __version__
from tm.model import TMEntry
from tm.tmx.inline import build_seg
from tm.tmx.reader import LOCFLOW_PROPS, XML_LANG, format_tmx_date

__all__ = ["write_tmx"]


def write_tmx(path: str | PathLike[str], entries: Iterable[TMEntry], *, source_language: str | None) -> int:
    """Write ``entries`` to ``path``; ``source_language`` is the header's ``srclang`` (``*all*`` when None).

    Returns the number of ``tu`` elements written.
    """
    written = 0
    with etree.xmlfile(str(path), encoding="utf-8") as out:
        out.write_declaration()
        with out.element("tmx", version="1.4"):
            out.write("\n")
            out.write(_header(source_language), pretty_print=True)
            with out.element("body"):
                out.write("\n")
                for entry in entries:
                    out.write(_unit(entry), pretty_print=True)
                    written += 1
    return written


def _header(source_language: str | None) -> etree._Element:
    return etree.Element(
        "header",
        creationtool="locflow",
        creationtoolversion=__version__,
        datatype="unknown",
        segtype="sentence",
        adminlang="en",
        srclang=source_language or "*all*",
        attrib={"o-tmf": "locflow"},
    )


def _unit(entry: TMEntry) -> etree._Element:
    meta: dict[str, Any] = dict(entry.meta)
    tu = etree.Element("tu", srclang=entry.source_locale.tag)
    if meta.get("tuid"):
        tu.set("tuid", str(meta["tuid"]))
    for name, value in (meta.get("attributes") or {}).items():
        tu.set(name, str(value))
    if entry.created:
        tu.set("creationdate", format_tmx_date(entry.created))
    if entry.changed:
        tu.set("changedate", format_tmx_date(entry.changed))
    if entry.usage_count:
        tu.set("usagecount", str(entry.usage_count))
    for note in meta.get("notes") or ():
        etree.SubElement(tu, "note").text = note
    own = {
        LOCFLOW_PROPS["context"]: entry.context.encode() if entry.context else None,
        LOCFLOW_PROPS["origin"]: entry.origin,
        LOCFLOW_PROPS["project"]: entry.project,
    }
    for prop in list(meta.get("props") or ()) + [{"type": k, "value": v} for k, v in own.items() if v]:
        _prop(tu, prop)
    links = {c.id for c in entry.source.codes} & {c.id for c in entry.target.codes}
    for side, locale, segment in (("source", entry.source_locale, entry.source), ("target", entry.target_locale, entry.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: locale.tag})
        for note in meta.get(f"{side}_notes") or ():
            etree.SubElement(tuv, "note").text = note
        for prop in meta.get(f"{side}_props") or ():
            _prop(tuv, prop)
        tuv.append(build_seg(segment, links))
    return tu


def _prop(parent: etree._Element, prop: dict[str, str]) -> None:
    element = etree.SubElement(parent, "prop", type=prop.get("type", ""))
    if prop.get("lang"):
        element.set(XML_LANG, prop["lang"])
    element.text = prop.get("value", "")
