"""Inline codes and markup tags: none lost, none invented, pairs properly nested.

Inline codes (``Code`` objects from filters and XLIFF) are matched by id and
kind; standalone codes may move freely, paired codes must still open before
they close and nest. Tags that travel as text (PO files of help pages) are
matched by name; markup well-formedness is checked on the whole target.
"""

from __future__ import annotations

from collections import Counter

from locflow.model import Code, CodeKind, Segment
from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity, has_codes
from qa_checks.batch import Batch
from qa_checks.syntax import markup

__all__ = ["CodeMissing", "CodeExtra", "CodeOrder", "TagMissing", "TagExtra", "MarkupWellFormed"]

_B_OPEN = Code("1", CodeKind.OPEN, "<b>", "bold")
_B_CLOSE = Code("1", CodeKind.CLOSE, "</b>", "bold")
_BR = Code("2", CodeKind.STANDALONE, "<br/>", "tag")
_LINK_OPEN = Code("3", CodeKind.OPEN, '<a href="/help">', "link")
_LINK_CLOSE = Code("3", CodeKind.CLOSE, "</a>", "link")


def _seg(*parts: object) -> Segment:
    return Segment(tuple(parts))  # type: ignore[arg-type]


def _label(code: Code) -> str:
    return code.disp or code.data or f"{{{code.id}}}"


def _signature(codes: tuple[Code, ...]) -> Counter[tuple[str, CodeKind]]:
    return Counter((c.id, c.kind) for c in codes)


class CodeMissing(Check):
    id = "code-missing"
    cost = 3
    description = "Every inline code of the source (tags, formatting, links) is in the target."
    severity = Severity.ERROR
    category = Category.MARKUP
    good = (
        Example(_seg("Click ", _B_OPEN, "Save", _B_CLOSE, "."), _seg("Klicken Sie auf ", _B_OPEN, "Speichern", _B_CLOSE, ".")),
        Example(_seg("Line", _BR, "break"), _seg("Zeilen", _BR, "umbruch")),
    )
    bad = (
        Example(_seg("Click ", _B_OPEN, "Save", _B_CLOSE, "."), _seg("Klicken Sie auf Speichern.")),
        Example(_seg("See ", _LINK_OPEN, "help", _LINK_CLOSE), _seg("Siehe ", _LINK_OPEN, "Hilfe")),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.with_codes("source")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if not has_codes(unit.source):
            return []
        source, target = unit.markup_codes
        missing = _signature(source) - _signature(target)
        if not missing:
            return []
        by_key = {(c.id, c.kind): c for c in source}
        keys = [key for key in sorted(missing) if not (key[1] == CodeKind.CLOSE and (key[0], CodeKind.OPEN) in missing)]
        return [self.issue(unit, f"inline code {_label(by_key[key])} is missing", None, _label(by_key[key])) for key in keys]


class CodeExtra(Check):
    id = "code-extra"
    cost = 3
    description = "The target has no inline code that is not in the source (nor one twice)."
    severity = Severity.ERROR
    category = Category.MARKUP
    good = (Example(_seg("Click ", _B_OPEN, "Save", _B_CLOSE), _seg(_B_OPEN, "Speichern", _B_CLOSE, " klicken")),)
    bad = (
        Example(_seg("Click Save"), _seg(_B_OPEN, "Speichern", _B_CLOSE, " klicken")),
        Example(_seg("Line", _BR, "break"), _seg("Zeilen", _BR, "um", _BR, "bruch")),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.with_codes("target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if not has_codes(unit.target):
            return []
        source, target = unit.markup_codes
        extra = _signature(target) - _signature(source)
        if not extra:
            return []
        by_key = {(c.id, c.kind): c for c in target}
        keys = [key for key in sorted(extra) if not (key[1] == CodeKind.CLOSE and (key[0], CodeKind.OPEN) in extra)]
        return [self.issue(unit, f"inline code {_label(by_key[key])} is not in the source", None, _label(by_key[key])) for key in keys]


class CodeOrder(Check):
    id = "code-order"
    description = "Paired inline codes open before they close and nest properly; standalone codes may move."
    severity = Severity.ERROR
    category = Category.MARKUP
    good = (
        Example(
            _seg(_B_OPEN, "Save", _B_CLOSE, " or ", _LINK_OPEN, "help", _LINK_CLOSE),
            _seg(_LINK_OPEN, "Hilfe", _LINK_CLOSE, " oder ", _B_OPEN, "Speichern", _B_CLOSE),
        ),
        Example(_seg("A", _BR, "B ", _B_OPEN, "C", _B_CLOSE), _seg(_B_OPEN, "C", _B_CLOSE, " B", _BR, "A")),
    )
    bad = (
        Example(_seg(_B_OPEN, "Save", _B_CLOSE), _seg(_B_CLOSE, "Speichern", _B_OPEN)),
        Example(
            _seg(_B_OPEN, "bold ", _LINK_OPEN, "link", _LINK_CLOSE, _B_CLOSE),
            _seg(_B_OPEN, "fett ", _LINK_OPEN, "Link", _B_CLOSE, _LINK_CLOSE),
        ),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.with_codes("target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if not has_codes(unit.target):
            return []
        _, target = unit.markup_codes
        stack: list[Code] = []
        for code in target:
            if code.kind == CodeKind.OPEN:
                stack.append(code)
            elif code.kind == CodeKind.CLOSE:
                if any(c.id == code.id for c in stack):
                    if stack[-1].id != code.id:
                        return [self.issue(unit, f"{_label(code)} closes across {_label(stack[-1])}: codes overlap")]
                    stack.pop()
                elif any(c.id == code.id and c.kind == CodeKind.OPEN for c in target):
                    return [self.issue(unit, f"{_label(code)} comes before its opening code")]
        return []


def _tag_counts(tags: list[markup.Tag]) -> Counter[tuple[str, str]]:
    return Counter(t.signature for t in tags)


class TagMissing(Check):
    id = "tag-missing"
    description = "Markup tags written in the source text (<b>, <link xref>, <br/>) are all in the target."
    severity = Severity.ERROR
    category = Category.MARKUP
    good = (
        Example("Press <b>OK</b>.", "Drücken Sie <b>OK</b>."),
        Example('See <link xref="intro">Introduction</link>', '<link xref="intro">Einführung</link> ansehen'),
        Example("Rename <untitled> document", "Dokument <ohne Titel> umbenennen"),
    )
    bad = (
        Example("Press <b>OK</b>.", "Drücken Sie OK."),
        Example("One<br/>Two", "Eins Zwei"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing("<", "source")  # the plain text's characters are all in the rendered one

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if "<" not in unit.source_plain:
            return []
        source, target = markup.markup_tags(unit.source_plain, unit.target_plain)
        if not source:
            return []
        missing = _tag_counts(source) - _tag_counts(target)
        return [self.issue(unit, f"{what} is missing", None, label) for what, label in _tags_said(missing)]


def _tags_said(tags: Counter[tuple[str, str]]) -> list[tuple[str, str]]:
    """How to name each of these tags in a finding, and its subject: an element whose opening
    and closing tags are both there is one ("element <app>...</app>"), not two findings."""
    said = []
    for kind, name in sorted(tags):
        opening = str(markup.Tag(name, "open", (0, 0)))
        if kind == "close" and tags[("open", name)]:
            continue
        if kind == "open" and tags[("close", name)]:
            said.append((f"element {opening}...</{name}>", opening))
        else:
            label = str(markup.Tag(name, kind, (0, 0)))
            said.append((f"tag {label}", label))
    return said


def _without_added_pairs(extra: Counter[tuple[str, str]], target: list[markup.Tag]) -> Counter[tuple[str, str]]:
    """The extra tags but those an element added whole accounts for (an opening tag and
    its closing one, or an element written self-closed with attributes): in markup the
    source already uses, a translator may mark up a term the source leaves plain
    (``<gui>``, ``<em>``), or link to a page in their language (``<link href="..."/>``)."""
    kept = Counter(extra)
    for tag in target:
        if tag.kind == "empty" and tag.attributed and kept[tag.signature]:
            kept[tag.signature] -= 1
    for kind, name in extra:
        if kind == "open":
            pairs = min(kept[("open", name)], kept[("close", name)])
            kept[("open", name)] -= pairs
            kept[("close", name)] -= pairs
    return +kept


class TagExtra(Check):
    id = "tag-extra"
    description = "The target text has no markup tag that is not in the source."
    severity = Severity.ERROR
    category = Category.MARKUP
    good = (
        Example("Press <b>OK</b>.", "<b>OK</b> drücken."),
        Example("Folder <none>", "Ordner <keiner>"),
        Example("Start <app>Kiosk</app> and press Reset.", "Starten Sie <app>Kiosk</app> und drücken Sie <gui>Zurücksetzen</gui>."),
        Example(
            'See the <link href="https://kiosk.example/guide">guide</link>.',
            'Voir le <link href="https://kiosk.example/guide">guide</link> (en anglais) ou <link href="https://kiosk.example/fr/guide"/>.',
            target_locale="fr",
        ),
        Example("Rename <untitled> document", "Dokument <ohne Titel> umbenennen"),
    )
    bad = (
        Example("Press OK.", "Drücken Sie <b>OK</b>."),
        Example("Press <b>OK</b>.", "Drücken Sie <b>OK</b> <i>jetzt."),
        Example("Press <b>OK</b>.", "Drücken Sie <b>OK</b>.<br/>"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing("<", "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if "<" not in unit.target_plain:
            return []
        source, target = markup.markup_tags(unit.source_plain, unit.target_plain)
        if not target:
            return []
        extra = _tag_counts(target) - _tag_counts(source)
        if source:
            extra = _without_added_pairs(extra, target)
        issues = []
        for what, label in _tags_said(extra):
            tag = next(t for t in target if str(t) == label)
            span = tag.span if not unit.target.codes else None
            issues.append(self.issue(unit, f"{what} is not in the source", span, label))
        return issues


class MarkupWellFormed(Check):
    id = "markup-wellformed"
    description = "Where the source is well-formed XML/HTML, so is the target (tags nest, & is escaped)."
    severity = Severity.ERROR
    category = Category.MARKUP
    critical = True
    good = (
        Example("<b>Bold</b> and <i>italic</i>", "<i>Kursiv</i> und <b>fett</b>"),
        Example("Line<br>break", "Zeilen<br>umbruch"),
        Example("Tom &amp; Jerry", "Tom &amp; Jerry"),
    )
    bad = (
        Example("<b>Bold <i>italic</i></b>", "<b>Fett <i>kursiv</b></i>"),
        Example("<b>Tom</b> &amp; Jerry", "<b>Tom</b> & Jerry"),
        Example("Line<br>break <em>now</em>", "Zeilen<br>umbruch <em>jetzt"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing(("<", "&"), "source")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source_text = unit.source_plain
        if "<" not in source_text and "&" not in source_text:
            return []
        target_text = unit.target_plain
        source_tags, target_tags = markup.markup_tags(source_text, target_text)
        if not source_tags and "&" not in source_text:
            return []
        if markup.xml_error(source_text) is None:
            error = markup.xml_error(target_text)
            if error is None:
                return []
            message, offset = error
            span = (offset, min(offset + 1, len(target_text))) if not unit.target.codes else None
            return [self.issue(unit, f"not well-formed: {message}", span)]
        if source_tags and markup.html_balance_error(source_tags) is None:
            problem = markup.html_balance_error(target_tags)
            if problem is not None:
                message, tag = problem
                span = tag.span if tag is not None and not unit.target.codes else None
                return [self.issue(unit, f"tags do not nest: {message}", span)]
        return []
