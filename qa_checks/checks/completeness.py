"""Is there a translation at all: empty targets and targets left in the source language."""

from __future__ import annotations

import regex

from locflow.model import find_protected_spans

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity, TermHit
from qa_checks.batch import Batch
from qa_checks.untranslated import why_untranslated

__all__ = ["EmptyTarget", "Untranslated"]

_WORD = regex.compile(r"[\p{L}][\p{L}\p{M}'’\-]*")
# identifiers, file names, keys: text like this is left as is on purpose
_CODE_LIKE = regex.compile(r"^[\w.\-/:+#@*~=]+$")
# "Pascal,pascal,Pa": comma lists without spaces are search keywords, not sentences
_KEYWORD_LIST = regex.compile(r"\w[,;]\w")
_SENTENCE_END = regex.compile(r"[.!?]\s*$")


#: every protected span holds one of these (a brace, "://" or "mailto:", "@", "%", "&...;")
_SPAN_MARKS = "{:@%&"


def _without_protected(text: str) -> str:
    """The text with placeholders, URLs and e-mail addresses blanked: they have no words."""
    if not any(map(text.__contains__, _SPAN_MARKS)):
        return text  # (most texts: no need to run the patterns)
    spans = find_protected_spans(text)
    for span in reversed(spans):
        text = text[: span.start] + " " + text[span.end :]
    return text


class EmptyTarget(Check):
    id = "empty-target"
    cost = 2
    description = "The unit holds a translation: not empty, not only placeholders, not a source copy marked as still to translate."
    severity = Severity.WARNING
    category = Category.ACCURACY
    scope = "entry"
    on_untranslated = True
    good = (
        Example("Save", "Speichern"),
        Example("", ""),
        Example("   ", ""),
        Example("{count}", "{count}"),
        Example("Welcome, {name}!", "{name}さん、ようこそ", target_locale="ja"),
        Example("Save", "Save", state="translated"),
        Example("%d file", "%d Datei", source_plural="%d files", plurals=("",)),
    )
    bad = (
        Example("Save", ""),
        Example("Save the file", "   "),
        Example("Welcome back, {name}!", "{name}"),
        Example("Open the settings", "Open the settings", state="new"),
        Example("%d file", "", source_plural="%d files", plurals=("",)),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.untranslated()

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        reason = why_untranslated(unit)
        return [self.issue(unit, reason)] if reason is not None else []


class Untranslated(Check):
    id = "untranslated"
    cost = 7
    description = "The target is not a copy of the source (brand names, do-not-translate terms and strings without letters excepted)."
    severity = Severity.WARNING
    category = Category.ACCURACY
    params = {"min_words": 2, "ignore": [], "names_up_to": 3}
    good = (
        Example("Save the file", "Datei speichern"),
        Example("CloudSync Pro", "CloudSync Pro", params={"ignore": ["CloudSync Pro"]}),
        Example("Open CloudSync", "Open CloudSync", terms=(TermHit("Open CloudSync", dnt=True),)),
        Example("%s: %d", "%s: %d"),
        Example("OK", "OK"),
        Example("Name", "Name"),
        Example("org.gnome.Calculator", "org.gnome.Calculator"),
        Example("Save the file", "Save the file", target_locale="en-GB"),
        Example("Pascal,pascal,Pa", "Pascal,pascal,Pa", target_locale="ja"),
        Example("Pi [Ctrl+P]", "Pi [Ctrl+P]"),
        Example("Bangladeshi Taka", "Bangladeshi Taka", target_locale="es"),
        Example("0,1,2,3,4,5,6,7,8,9,A,B,C,D,E,F", "0,1,2,3,4,5,6,7,8,9,A,B,C,D,E,F"),
    )
    bad = (
        Example("Save the file", "Save the file"),
        Example("Your order has shipped.", "Your order has shipped.", target_locale="ja"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.same_text()

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source = unit.source_text
        if unit.target_text != source or not source.strip():
            return []
        if unit.source_locale.language == unit.target_locale.language:
            return []
        text = _without_protected(source)
        for name in self.params["ignore"]:
            text = text.replace(name, " ")
        for hit in ctx.terms(unit):
            if hit.dnt:
                text = text.replace(hit.source_term, " ")
        if _KEYWORD_LIST.search(text) or _CODE_LIKE.match(text.strip() or "x"):
            return []  # search keywords and identifiers are often kept on purpose
        words = [w for w in _WORD.findall(text) if len(w) > 2 and not w.isupper()]
        if len(words) < self.params["min_words"]:
            return []
        if len(words) <= self.params["names_up_to"] and all(w[0].isupper() for w in words) and not _SENTENCE_END.search(text):
            return []  # a name: a currency, a unit, a constant ("Bangladeshi Taka", "Pi")
        return [self.issue(unit, "the target is the same as the source")]
