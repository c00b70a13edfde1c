"""Length: a target far longer or shorter than expected, or over a content kind's limit."""

from __future__ import annotations

import re
from itertools import repeat
from operator import ge

import regex

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, indices, union

__all__ = ["LengthRatio", "LabelSentence", "MaxLength", "graphemes"]

_GRAPHEME = regex.compile(r"\X")
_KEYWORD_LIST = re.compile(r"\w[,;]\w")
# typical target/source length for text from English, by target language
_EXPECTED_RATIO = {"ja": 0.5, "zh": 0.35, "ko": 0.55, "yue": 0.35}


def graphemes(text: str) -> int:
    """User-perceived characters: what a button or an SMS limit counts."""
    if text.isascii():
        return len(text)
    return len(_GRAPHEME.findall(text))


class LengthRatio(Check):
    id = "length-ratio"
    cost = 3
    description = "The target length is within a plausible ratio of the source's (adjusted for CJK scripts)."
    severity = Severity.INFO
    category = Category.ACCURACY
    params = {"min_source_length": 30, "max_ratio": 3.0, "min_ratio": 0.25}
    good = (
        Example("Your password has been changed successfully.", "Ihr Passwort wurde erfolgreich geändert."),
        Example("Your password has been changed successfully.", "パスワードが変更されました。", target_locale="ja"),
        Example("OK", "Einverstanden, weiter"),
        Example(
            "Select at most {{ limit }} item.|Select at most {{ limit }} items.",
            "اختر {{ limit }} عنصر.|اختر {{ limit }} عنصر.|اختر {{ limit }} عنصرين.|اختر {{ limit }} عناصر.|اختر {{ limit }} عنصرا.|اختر {{ limit }} عنصر.",
            target_locale="ar",
        ),
        Example("degC,°C,˚C,C,c,Celsius,celsius", "degC,˚C,C,c,Celsius,celsius,Celsiů,celsiů,stupeň Celsia,stupně Celsia,stupňů Celsia", target_locale="cs"),
    )
    bad = (
        Example("Your password has been changed successfully.", "OK."),
        Example(
            "Your password has been changed.",
            "Ihr Passwort wurde erfolgreich geändert. Bitte melden Sie sich erneut an, um fortzufahren, und prüfen Sie Ihre E-Mails.",
        ),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Long enough sources whose target is shorter than 0.7 or longer than 1.5 times theirs.

        Compared in integers (``10 * t < 7 * s``), a superset of the check's float test.
        """
        shortest = self.params["min_source_length"]
        lengths = zip(map(len, batch.sources), map(len, batch.targets))
        found = [i for i, (s, t) in enumerate(lengths) if s >= shortest and t and (10 * t < 7 * s or 2 * t > 3 * s)]
        return union(found, batch.containing("|"))  # messages of plural forms are measured per form

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source, target = unit.source_text, unit.target_text
        if len(source) < self.params["min_source_length"] or not target:
            return []
        # a coarse measure: code points per form ("one|many" messages have a form per plural category)
        ratio = (len(target) / (target.count("|") + 1)) / (len(source) / (source.count("|") + 1))
        if 0.7 <= ratio <= 1.5 or _KEYWORD_LIST.search(source):
            return []  # plausible in any language pair; keyword lists grow with every inflection
        expected = _EXPECTED_RATIO.get(unit.target_locale.language, 1.0) / _EXPECTED_RATIO.get(unit.source_locale.language, 1.0)
        ratio /= expected
        if self.params["min_ratio"] <= ratio <= self.params["max_ratio"]:
            return []
        return [self.issue(unit, f"target is {ratio * expected:.1f}x the source length (expected about {expected:.1f}x)")]


_LABEL_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")
_MARKER = re.compile(r"[_&](?=\w)|\(_\w\)|\(&\w\)")
_SENTENCE_MARK = re.compile(r"[.!?。！？؟।](?:\s|$)|[:：]\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？؟।][\"'”’»」)）]*\s*$")
#: scripts written without spaces: a sentence is told by its length
_UNSPACED = frozenset({"ja", "zh", "yue", "ko", "th", "lo", "km", "my"})


class LabelSentence(Check):
    id = "label-sentence"
    cost = 2
    description = "A short label (a word or two, no sentence punctuation) is translated as a label, not as a sentence."
    severity = Severity.WARNING
    category = Category.ACCURACY
    params = {"label_words": 2, "sentence_words": 5, "long_words": 10}
    good = (
        Example("Save", "Speichern"),
        Example("OK", "Aceptar", target_locale="es"),
        Example("Search results", "Suchergebnisübersichtsseite"),
        Example("Undo", "Rückgängig machen"),
        Example("_Preferences", "E_instellungen"),
        Example("Undo", "Annuler la dernière action", target_locale="fr"),
        Example("Print preview", "Pré-visualização de impressão", target_locale="pt"),
        Example("Settings", "設定", target_locale="ja"),
        Example("Properties", "プロパティ", target_locale="ja"),
        Example("Foot-Pounds", "フィート重量ポンド (ft·lb)", target_locale="ja"),
        Example("Undo", "Rückgängig machen der letzten Aktion"),
        Example("Refresh interval", "更新間隔（分）", target_locale="ja"),
        Example("Click Save to keep your changes.", "Klicken Sie auf Speichern, um Ihre Änderungen zu behalten, und schließen Sie dann das Fenster."),
        Example("Underflow error", "Erreur de dépassement de capacité vers le bas", target_locale="fr"),
        Example("year,years", "rok,roky,roků,let,r.", target_locale="cs"),
    )
    bad = (
        Example("Save", "Klicken Sie hier, um Ihre Änderungen dauerhaft zu speichern."),
        Example("Cancel", "Brechen Sie den laufenden Vorgang ab und kehren Sie zur Übersicht zurück"),
        Example("Delete", "このボタンを押すと、選択したファイルが完全に削除されます。", target_locale="ja"),
        Example("Save", "ここをクリックして変更を保存してください", target_locale="ja"),
        Example("Export", "Klicken Sie hier, um alles zu exportieren"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Sources with one space at most whose target has the length of five words (in C),
        and the sources whose codes may hide spaces."""
        labels = indices(map(ge, repeat(1), map(str.count, batch.stripped("source"), repeat(" "))))
        targets = batch.targets
        return union([i for i in labels if len(targets[i]) >= 9], batch.with_codes("source"))

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source = _MARKER.sub("", unit.source_plain).strip()
        if not source or source.count(" ") > 1 or _SENTENCE_MARK.search(source):
            return []
        if len(_LABEL_WORD.findall(source)) > self.params["label_words"]:
            return []
        target = _MARKER.sub("", unit.target_plain).strip()
        if _KEYWORD_LIST.search(source) or _KEYWORD_LIST.search(target):
            return []  # keyword lists grow with every inflection
        one_word = len(_LABEL_WORD.findall(source)) == 1
        ended = _SENTENCE_END.search(target) is not None
        if unit.target_locale.language in _UNSPACED:
            long_text, sentence_text = (20, 10) if one_word else (24, 12)
            sentence = len(target) >= long_text or (len(target) >= sentence_text and ended)
        else:
            words = len(_LABEL_WORD.findall(target))
            # a one-word label takes a word or two more in any language, never six
            long_words = self.params["long_words"] - 4 if one_word else self.params["long_words"]
            sentence = words >= long_words or (words >= self.params["sentence_words"] - one_word and ended)
        if not sentence:
            return []
        return [self.issue(unit, "a short label is translated as a sentence")]


class MaxLength(Check):
    id = "max-length"
    cost = 2
    description = "The target fits the unit's maximum length, or the limit for its content kind (button, title...)."
    severity = Severity.ERROR
    category = Category.DESIGN
    params = {"kinds": {"button": 25, "quick_reply": 20, "title": 70, "meta_description": 160}}
    good = (
        Example("Save", "Speichern", kind="button"),
        Example("Save", "保存", kind="button", target_locale="ja"),
        Example("Check order status", "Bestellstatus prüfen", max_length=20),
    )
    bad = (
        Example("Save", "Änderungen jetzt dauerhaft speichern", kind="button"),
        Example("Check order status", "Status Ihrer Bestellung überprüfen", max_length=20),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return union(indices(batch.column("max_length")), indices(map(self.params["kinds"].get, batch.column("kind"))))

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        limit = unit.max_length or self.params["kinds"].get(unit.kind)
        if not limit:
            return []
        length = graphemes(unit.target_text)
        if length <= limit:
            return []
        what = f"the {unit.kind} limit" if not unit.max_length else "the maximum length"
        return [self.issue(unit, f"{length} characters, over {what} of {limit}", (limit, len(unit.target_text)))]
