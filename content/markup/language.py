"""Set the language of a built page on its root element.

A German build of an English page must say ``<html lang="de">`` (and
``dir="rtl"`` for Arabic or Hebrew), a DITA topic ``xml:lang="de"``. The
change is made on the merged text, in place: only the values of those
attributes change, or they are added right after the element name, and every
other byte of the tag stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from content.markup.tokens import Token, TokenKind, tokenize

__all__ = ["set_root_attributes", "root_start_tag"]


def root_start_tag(text: str, *, xml: bool) -> Token | None:
    """The first start tag of the document (the root element in XML, usually ``<html>`` in HTML)."""
    for token in tokenize(text, xml=xml):
        if token.kind == TokenKind.START:
            return token
    return None


def set_root_attributes(
    text: str,
    *,
    xml: bool,
    root: str | None,
    values: Mapping[str, str],
    add: Mapping[str, str],
) -> str:
    """Rewrite attributes of the root start tag.

    Attributes named in ``values`` that the tag has get that value; those in
    ``add`` are added (with their value) when the tag lacks them. With
    ``root`` given, nothing changes unless the first start tag has that name
    (case-insensitively in HTML).
    """
    tag = root_start_tag(text, xml=xml)
    if tag is None or (root is not None and _name(tag.name, xml) != root):
        return text
    edits: list[tuple[int, int, str]] = []
    present: set[str] = set()
    for attribute in tag.attributes:
        name = _name(attribute.name, xml)
        if name in present:
            continue
        present.add(name)
        if name not in values:
            continue
        if attribute.value is None:
            edits.append((attribute.value_start, attribute.value_end, f'="{values[name]}"'))
        else:
            edits.append((attribute.value_start, attribute.value_end, values[name]))
    insertion = "".join(f' {name}="{value}"' for name, value in add.items() if name not in present)
    if insertion:
        after_name = tag.start + 1 + len(tag.name)
        edits.append((after_name, after_name, insertion))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _name(name: str, xml: bool) -> str:
    return name if xml else name.lower()
