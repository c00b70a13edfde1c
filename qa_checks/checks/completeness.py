"""Is there a translation at all: empty targets and targets left in the source language."""

from __future__ import annotations

import regex

from locflow.model import find_protected_spans

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity, TermHit
from qa_checks.batch import Batch
from qa_checks.syntax.markup import ANY_TAG
from qa_checks.untranslated import why_untranslated

__all__ = ["EmptyTarget", "Untranslated"]

_WORD = regex.compile(r"[\p{L}][\p{L}\p{M}'’\-]*")
# identifiers, file names, keys: text like this is left as is on purpose
_CODE_LIKE = regex.compile(r"^[\w.\-/:+#@*~=]+$")
# "Pascal,pascal,Pa": comma lists without spaces are search keywords, not sentences
_KEYWORD_LIST = regex.compile(r"\w[,;]\w")
_SENTENCE_END = regex.compile(r"[.!?]\s*$")
# elements of help markup (Mallard, DocBook, HTML) whose content is code, keys, file
# names or commands: written the same in every language
_CODE_ELEMENTS = regex.compile(
    r"<(code|key|keyseq|keycap|keycombo|cmd|command|sys|file|filename|input|output|var|literal|"
    r"userinput|computeroutput|replaceable|tt|kbd|samp|pre|screen|programlisting)\b[^<>]*>.*?</\1\s*>",
    regex.S,
)
# a configuration or code snippet: "[section]" or "key = value" lines
_SNIPPET = regex.compile(r"^\s*(?:\[[\w.\-]+\]|[\w.\-]+\s*=)", regex.M)
# a copyright, licence or credit line: names and years, kept as written
_COPYRIGHT = regex.compile(
    r"©|\(c\)\s*\d|\bcopyright\b|\ball rights reserved\b|\bcreative commons\b|\blicen[cs]ed under\b"
    r"|\b(?:public|mit|apache|bsd|documentation|software)\s+licen[cs]e\b",
    regex.I,
)
_CREDIT_NOISE = regex.compile(r"\d{4}(?:\s*[-–]\s*\d{4})?|[<>()\[\],;:&+]|\b(?:and|by|with)\b")


#: every protected span holds one of these (a brace, "://" or "mailto:", "@", "%", "&...;")
_SPAN_MARKS = "{:@%&"


def _without_protected(text: str) -> str:
    """The text with placeholders, URLs and e-mail addresses blanked: they have no words;
    and with markup tags and the content of code elements (``<key>Ctrl</key>``) blanked."""
    if "<" in text:
        text = ANY_TAG.sub(" ", _CODE_ELEMENTS.sub(" ", text))
    if not any(map(text.__contains__, _SPAN_MARKS)):
        return text  # (most texts: no need to run the patterns)
    spans = find_protected_spans(text)
    for span in reversed(spans):
        text = text[: span.start] + " " + text[span.end :]
    return text


def _kept_as_written(text: str) -> bool:
    """Text that is rightly the same in every language: a copyright, licence or credit line,
    a list of names, a configuration snippet."""
    if _COPYRIGHT.search(text) or _SNIPPET.search(text):
        return True
    names = [part.split() for part in _CREDIT_NOISE.sub(",", text).split(",") if part.strip()]
    return len(names) >= 2 and all(len(words) <= 4 and all(w[:1].isupper() for w in words) for words in names)


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
        if unit.refused:
            return []  # one finding for one defect: mt-refused says why the unit is empty
        reason = why_untranslated(unit)
        return [self.issue(unit, reason)] if reason is not None else []


class MTRefused(Check):
    """A segment left untranslated because the MT engine's answer failed verification.

    ``pretranslate`` keeps such a segment empty rather than write a broken draft
    (a lost placeholder, a moved token, an untranslated answer); this check puts the
    reason where reviewers and the CI gate look, in the QA report.
    """

    id = "mt-refused"
    description = "No machine translation of the unit was refused (a refused answer leaves the unit untranslated)."
    severity = Severity.WARNING
    category = Category.ACCURACY
    scope = "entry"
    on_untranslated = True
    good = (Example("Save", ""), Example("Save", "Speichern"))
    bad = (Example("Open {file}", "", refused="deepl: placeholder-changed ({file} is missing)"),)

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return [i for i in batch.untranslated() if batch.units[i].refused]

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if not unit.refused:
            return []
        return [self.issue(unit, f"the machine translation was refused, so the unit is untranslated: {unit.refused}")]


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
        Example("Copyright © 2009–2021 The Foo Project contributors", "Copyright © 2009–2021 The Foo Project contributors"),
        Example("© 2004–%d Kiosk Team", "© 2004–%d Kiosk Team", flags=("c-format",)),
        Example("Maria Souza <maria@example.org>, Pavel Novak, 2019", "Maria Souza <maria@example.org>, Pavel Novak, 2019"),
        Example("GNU Lesser General Public License, version 2.1", "GNU Lesser General Public License, version 2.1", target_locale="fr"),
        Example("Press <keyseq><key>Shift</key><key>Tab</key></keyseq>", "Press <keyseq><key>Shift</key><key>Tab</key></keyseq>"),
        Example("<cmd>kiosk --reset-cache</cmd>", "<cmd>kiosk --reset-cache</cmd>"),
        Example("[sync]\n  remote = origin\n", "[sync]\n  remote = origin\n"),
    )
    bad = (
        Example("Save the file", "Save the file"),
        Example("Your order has shipped.", "Your order has shipped.", target_locale="ja"),
        Example("Press <key>Enter</key> to save the changes", "Press <key>Enter</key> to save the changes"),
        Example("Licensing information for this device", "Licensing information for this device"),
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
        if _KEYWORD_LIST.search(text) or _CODE_LIKE.match(text.strip() or "x") or _kept_as_written(text):
            return []  # search keywords, identifiers, credits and code are kept on purpose
        words = [w for w in _WORD.findall(text) if len(w) > 2 and not w.isupper()]
        if len(words) < self.params["min_words"]:
            return []
        if len(words) <= self.params["names_up_to"] and all(w[0].isupper() for w in words) and not _SENTENCE_END.search(text):
            return []  # a name: a currency, a unit, a constant ("Bangladeshi Taka", "Pi")
        return [self.issue(unit, "the target is the same as the source")]
