"""Punctuation: how sentences end, and whether brackets and quotation marks pair up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import and_, attrgetter, eq

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, batch_of, indices, union
from qa_checks.syntax.punctuation import (
    BRACKET_CHARS,
    QUOTE_CHARS,
    TRAILERS,
    end_class,
    has_quotes,
    END_MARKS,
    STOPS,
    strip_end,
    unbalanced_bracket,
    unbalanced_quote,
)

__all__ = ["EndPunctuation", "Brackets", "Quotes"]

# classes a translation may swap without changing the meaning
_COMPATIBLE = {frozenset({"stop", "exclamation"}), frozenset({"stop", "ellipsis"})}
# and in some languages: Armenian writes its colon as "." and its full stop as ":"; a
# Japanese, Chinese or Korean sentence that introduces what follows ends with a stop
_COMPATIBLE_IN = {language: {frozenset({"stop", "colon"})} for language in ("hy", "ja", "zh", "ko")}
#: a file whose translations leave out the final stop of this share of the sentences
#: (of at least _CONVENTION_FROM) does so by convention
_CONVENTION_SHARE = 2 / 3
_CONVENTION_FROM = 10
# scripts whose sentences may end without a mark
_NO_FINAL_STOP = {"th", "lo", "km", "my"}


class EndPunctuation(Check):
    id = "end-punctuation"
    cost = 6
    description = "The target ends with the same kind of punctuation as the source, in the target's script (. = 。, ? = ؟)."
    severity = Severity.WARNING
    category = Category.LOCALE_CONVENTION
    good = (
        Example("Saved.", "保存しました。", target_locale="ja"),
        Example("Delete the file?", "¿Eliminar el archivo?", target_locale="es"),
        Example("Delete the file?", "هل تريد حذف الملف؟", target_locale="ar"),
        Example("Delete the file?", "Διαγραφή του αρχείου;", target_locale="el"),
        Example("Name:", "Nom :", target_locale="fr"),
        Example("Loading...", "Wird geladen …"),
        Example('Click "Save."', "Klicken Sie auf „Speichern“."),
        Example("Done!", "Fertig."),
        Example("Save", "Speichern"),
        Example("Factorial is undefined for negative integers", "El factorial no está definido para números enteros negativos.", target_locale="es"),
        Example("Switch to Keyboard Mode (alt.)", "Przełączenie na tryb klawiatury (alternatywny)", target_locale="pl"),
        Example("month,months", "miesiąc,miesiące,mies.", target_locale="pl"),
        Example("Src. Lang.", "Idioma de origen", target_locale="es"),
        Example("The file is saved.", "ཡིག་ཆ་ཉར་ཚགས་བྱས་ཟིན།", target_locale="bo"),
        Example("The card number is invalid.", "Քարտի համարը սխալ է։", target_locale="hy"),
        Example("The card number is invalid.", "Քարտի համարը սխալ է:", target_locale="hy"),
        Example("Then enter the code:", "次にコードを入力します。", target_locale="ja"),
        Example("Divide with the mod operator.", "mod 演算子で割ります。(訳注: 余りを求めます。)", target_locale="ja"),
    )
    bad = (
        Example("Delete the file?", "Datei löschen."),
        Example("Saved.", "Gespeichert"),
        Example("Name:", "Name"),
        Example("Saved.", "Gespeichert:"),
        Example("The file is saved.", "ཡིག་ཆ་ཉར་ཚགས་བྱས་ཟིན", target_locale="bo"),
        Example("The card number is invalid?", "Քարտի համարը սխալ է։", target_locale="hy"),
    )

    #: the convention is per file and locale: a part holding whole files has all it needs
    prepares = "part"

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        """The files (and locales) that leave out the final stop of most sentences: their
        convention, reported once, on the first unit that follows it."""
        batch = batch_of(units, ctx.batch)
        source_ends, target_ends = batch.ends("source", TRAILERS), batch.ends("target", TRAILERS)
        sentences = indices(map(and_, map(STOPS.__contains__, source_ends), map(bool, target_ends)))
        if len(sentences) < _CONVENTION_FROM:
            ctx.project[self.id] = {}
            return
        places = list(zip(batch.column("file"), map(attrgetter("tag"), batch.column("target_locale"))))
        counts = Counter(map(places.__getitem__, sentences))
        dropped = [i for i in sentences if target_ends[i] not in END_MARKS]
        dropped_counts = Counter(map(places.__getitem__, dropped))
        first: dict[tuple[str | None, str], tuple[str, int | None]] = {}
        for index in dropped:
            first.setdefault(places[index], (units[index].key, units[index].line))
        ctx.project[self.id] = {
            where: (first[where], dropped_counts[where], count)
            for where, count in counts.items()
            if count >= _CONVENTION_FROM and dropped_counts[where] >= _CONVENTION_SHARE * count
        }

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Texts ending in the same mark end in the same class, or in compatible ones
        (``...`` and ``.``), except ``;``: a question in Greek, a semicolon elsewhere."""
        sources, targets = batch.ends("source", TRAILERS), batch.ends("target", TRAILERS)
        return union(batch.differing(sources, targets), indices(map(eq, sources, repeat(";"))))

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source, target = unit.source_text, unit.target_text
        if not target or not source:
            return []
        language = unit.target_locale.language
        source_class = end_class(source, unit.source_locale.language)
        target_class = end_class(target, language)
        if source_class == target_class:
            return []
        pair = frozenset({source_class, target_class})
        if pair in _COMPATIBLE or pair in _COMPATIBLE_IN.get(language, ()):
            return []
        if source_class == "stop" and not target_class and language in _NO_FINAL_STOP:
            return []
        if not source_class:
            return []  # an added full stop, an abbreviation ("mies."), a list: not a defect
        end = len(strip_end(target))
        if source_class == "stop" and not target_class:
            convention = (ctx.project.get(self.id) or {}).get((unit.file, unit.target_locale.tag))
            if convention is not None:
                return self.convention(unit, convention, (max(end - 1, 0), end))
        said = {"": "no punctuation"}
        return [
            self.issue(
                unit,
                f"ends with {said.get(target_class, target_class)}, the source with {said.get(source_class, source_class)}",
                (max(end - 1, 0), end),
            )
        ]

    def convention(self, unit: CheckedUnit, convention: tuple[tuple[str, int | None], int, int], span: tuple[int, int]) -> list[Issue]:
        """One finding for a file that leaves out final stops throughout, on its first such unit."""
        first, dropped, sentences = convention
        if (unit.key, unit.line) != first:
            return []
        return [self.issue(unit, f"{dropped} of the {sentences} sentences of this file end without the source's final stop (from here on)", span)]


class Brackets(Check):
    id = "brackets"
    description = "Brackets in the target pair up (full-width ones too) when they do in the source."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (
        Example("Open (read-only)", "Öffnen (schreibgeschützt)"),
        Example("Open (read-only)", "開く（読み取り専用）", target_locale="ja"),
        Example("1) First", "1) Erstens"),
    )
    bad = (Example("Open (read-only)", "Öffnen (schreibgeschützt"), Example("Open [file]", "Öffnen ]Datei["))

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing_any_char(BRACKET_CHARS, "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        offset = unbalanced_bracket(unit.target_text)
        if offset is None or unbalanced_bracket(unit.source_text) is not None:
            return []
        return [self.issue(unit, f"unpaired bracket {unit.target_text[offset]!r}", (offset, offset + 1))]


class Quotes(Check):
    id = "quotes"
    description = "Quotation marks in the target pair up, using the target locale's marks („…“, « … », 「…」)."
    severity = Severity.WARNING
    category = Category.LOCALE_CONVENTION
    good = (
        Example('Click "Save"', "Klicken Sie auf „Speichern“"),
        Example('Click "Save"', "Cliquez sur « Enregistrer »", target_locale="fr"),
        Example('Click "Save"', "「保存」をクリックします", target_locale="ja"),
        Example('Click "Save"', "Нажмите «Сохранить»", target_locale="ru"),
        Example('Click "Save"', "Klicken Sie auf »Speichern«"),
        Example('Click "Save"', "Kliknij „Zapisz”", target_locale="pl"),
        Example("Don't save", "Nicht speichern"),
        Example("kilogram,kg", 'קילוגרם,ק"ג', target_locale="he"),
        Example("Missing second symbol (″)", 'Symbole seconde (") manquant', target_locale="fr"),
    )
    bad = (
        Example('Click "Save"', "Klicken Sie auf „Speichern"),
        Example('Click "Save"', "Cliquez sur « Enregistrer", target_locale="fr"),
        Example('Click "Save"', 'Klicken Sie auf "Speichern'),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.containing_any_char(QUOTE_CHARS, "target")

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        offset = unbalanced_quote(unit.target_text, unit.target_locale)
        if offset is None or not has_quotes(unit.source_text):
            return []  # without quotes in the source, '"' is a symbol (inch, Hebrew gershayim)
        if unbalanced_quote(unit.source_text, unit.source_locale) is not None:
            return []
        return [self.issue(unit, f"unpaired quotation mark {unit.target_text[offset]!r}", (offset, offset + 1))]
