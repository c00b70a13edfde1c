"""PO output: one entry per segment, shown as the text it is.

* A PO editor shows strings as they are, so codes are written as their
  original characters (``{name}``, ``**``, ``<b>``); the import finds them
  again (:mod:`locflow.exchange.plaintext`). Only an entry whose text holds
  something that reads like one of its codes falls back to declared markers
  (:mod:`locflow.exchange.markers`).
* Identity survives any editor: ``msgctxt`` is the segment key
  (``document path::key`` when one file bundles several documents) and the
  header names the document (``X-Locflow-Document``) and the export
  (``X-Locflow-Package``). Editors re-wrap comments and references and
  re-order entries, but keep ``msgctxt`` and unknown header fields. ``#:``
  names the document for people.
* Extracted comments (``#.``) carry the context translators need: the
  unit's note, kind and length limit, term hints, TM/MT offers, the state
  of a draft (``State: mt``) and marker declarations where there are any.
* Drafts (fuzzy, MT, stale) are flagged ``fuzzy``; a stale translation's
  previous source is ``#| msgid``. In a review package every entry to review
  is ``fuzzy`` with ``State: reviewed`` (or ``approved``): the reviewer
  accepts an entry by removing the flag, as PO editors do.
* The header names ``Language``, Babel's ``Plural-Forms`` for it, UTF-8,
  and ``X-Generator: locflow``; ``X-Source-Language`` names the source.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timezone

import locflow
from locflow.exchange import context
from locflow.exchange.base import ExportDocument, ExportPackage, ExportSegment, ExportUnit
from locflow.exchange.markers import declaration, declarations_for, to_marked
from locflow.exchange.plaintext import code_pool, shows_plainly
from locflow.exchange.po_syntax import quote_lines
from locflow.exchange.states import to_po
from locflow.model import Segment

__all__ = ["write_po", "BUNDLE_SEPARATOR", "STATE_NOTE", "PACKAGE_HEADER", "DOCUMENT_HEADER"]

log = logging.getLogger(__name__)

#: Between document path and key in the ``msgctxt`` of a bundle.
BUNDLE_SEPARATOR = "::"
#: Header fields that name the export and, in a file of one document, the document.
PACKAGE_HEADER = "X-Locflow-Package"
DOCUMENT_HEADER = "X-Locflow-Document"
#: Prefix of the extracted comment that names a draft's state.
STATE_NOTE = "State: "


def write_po(package: ExportPackage) -> bytes:
    """The package as a PO file (UTF-8) for its target locale."""
    lines = _header(package)
    bundle = len(package.documents) > 1
    for document in package.documents:
        for unit in document.units:
            for segment in unit.segments:
                lines.append("")
                lines.extend(_entry(package, document, unit, segment, bundle))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _header(package: ExportPackage) -> list[str]:
    created = (package.created or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    target = package.target_locale
    fields = {
        "Project-Id-Version": package.project or "locflow",
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": target.display_name,
        "Language": target.posix,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": target.plural_forms_header,
        "X-Generator": f"locflow {locflow.__version__}",
        "X-Source-Language": package.source_locale.posix,
        PACKAGE_HEADER: package.package_id,
        DOCUMENT_HEADER: package.documents[0].path if len(package.documents) == 1 else "",
    }
    fields = {key: text for key, text in fields.items() if text or not key.startswith("X-Locflow-")}
    value = "".join(f"{key}: {text}\n" for key, text in fields.items())
    title = f"# {package.project or 'locflow'}: {package.source_locale.tag} -> {target.tag}"
    return [title, 'msgid ""', *quote_lines("msgstr", value)]


def _entry(
    package: ExportPackage, document: ExportDocument, unit: ExportUnit, segment: ExportSegment, bundle: bool
) -> list[str]:
    forms = segment.plural_targets() if segment.is_plural else ()
    shown = [segment.source, segment.source_plural, segment.target, segment.previous_source, *forms]
    plain = shows_plainly(code_pool(segment.source, segment.source_plural), shown)
    declared = [] if plain else declarations_for(shown)
    escape = bool(declared)

    def text(shown_segment: Segment) -> str:
        return shown_segment.render() if plain else to_marked(shown_segment, escape=escape)

    fuzzy, state_note = _po_state(package, segment)
    lines = [f"#. {line}" for line in _comments(unit, segment, escape)]
    if state_note and segment.target is not None:
        lines.append(f"#. {STATE_NOTE}{state_note}")
    lines.extend(f"#. {declaration(code)}" for code in declared)
    lines.append(f"#: {_reference(document.path)}")
    if fuzzy and (segment.target is not None or forms):
        lines.append("#, fuzzy")
    if segment.previous_source is not None:
        lines.extend("#| " + line for line in quote_lines("msgid", text(segment.previous_source)))
    msgctxt = f"{document.path}{BUNDLE_SEPARATOR}{segment.key}" if bundle else segment.key
    lines.extend(quote_lines("msgctxt", msgctxt))
    lines.extend(quote_lines("msgid", text(segment.source)))
    if segment.is_plural:
        assert segment.source_plural is not None
        lines.extend(quote_lines("msgid_plural", text(segment.source_plural)))
        count = package.target_locale.plural_count
        if len(forms) > count:
            log.warning("%s: %d plural forms given, %s has %d", segment.key, len(forms), package.target_locale, count)
        for n in range(count):
            form = text(forms[n]) if n < len(forms) else ""
            lines.extend(quote_lines(f"msgstr[{n}]", form))
    else:
        target = text(segment.target) if segment.target is not None else ""
        lines.extend(quote_lines("msgstr", target))
    return lines


def _po_state(package: ExportPackage, segment: ExportSegment) -> tuple[bool, str]:
    """The fuzzy flag and state note. In a review package every entry to review is fuzzy and
    notes the review state: un-flagging it (the reviewer's "accept") gives that state."""
    review = package.review_state
    if review is not None and segment.state.rank < review.rank:
        return True, review.value
    return to_po(segment.state)


def _comments(unit: ExportUnit, segment: ExportSegment, escape: bool) -> list[str]:
    """Context lines for ``#.``: none of them may read as a declaration or a state note."""
    lines = context.unit_context(unit) + context.segment_notes(unit, segment)
    lines.extend(context.term_line(term) for term in segment.terms)
    lines.extend(context.match_line(match, _one_line(match.target)) for match in segment.matches)
    return [_harmless(line) for line in lines]


def _one_line(segment: Segment) -> str:
    return segment.render().replace("\r", "\\r").replace("\n", "\\n")


def _harmless(line: str) -> str:
    line = line.replace("\r", " ").replace("\n", " ")
    if line.startswith(("<", STATE_NOTE)):  # never read as a declaration or a state
        return "Note: " + line
    return line


@functools.lru_cache(maxsize=1024)
def _reference(path: str) -> str:
    """A ``#:`` reference; a path with spaces is wrapped in U+2068/U+2069, as gettext does.
    (Kept per path: a document's entries all refer to it.)"""
    return f"\u2068{path}\u2069" if any(ch.isspace() for ch in path) else path
