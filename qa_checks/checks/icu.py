"""ICU MessageFormat: syntax, arguments, and plural categories of the target locale."""

from __future__ import annotations

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch
from qa_checks.syntax import icu
from qa_checks.syntax.formats import ICU

__all__ = ["ICUSyntax", "ICUPlaceholders", "ICUPlurals"]


# argument types a translation may swap (gettext accepts these for java-format too)
_COMPATIBLE = {frozenset({"date", "time"}), frozenset({"number", "choice"})}


def _parse(text: str) -> list[icu.ICUArg] | None:
    try:
        return icu.parse(text)
    except icu.ICUSyntaxError:
        return None


class ICUSyntax(Check):
    id = "icu-syntax"
    description = "The target is a valid ICU MessageFormat message when the source is one."
    severity = Severity.ERROR
    category = Category.MARKUP
    critical = True
    good = (
        Example("{count, plural, one {# file} other {# files}}", "{count, plural, one {# Datei} other {# Dateien}}"),
        Example("{n, plural, one {# item} other {# items}}", "{n, plural, one {l'élément} other {les # éléments}}", target_locale="fr"),
        Example("Use '{name}' literally: {n, number}", "Verwende '{name}' wörtlich: {n, number}"),
    )
    bad = (
        Example("{count, plural, one {# file} other {# files}}", "{count, plural, one {# Datei} other {# Dateien}"),
        Example("{count, plural, one {# file} other {# files}}", "{count, plural, one {# Datei}}"),
        Example("{count, plural, one {# file} other {# files}}", "{count, plural, eins {# Datei} other {# Dateien}}"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.with_format(batch.containing(("{", "}"), "target"), ICU)  # text without braces always parses

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ICU not in unit.formats or _parse(unit.source_text) is None:
            return []
        try:
            icu.parse(unit.target_text)
        except icu.ICUSyntaxError as exc:
            return [self.issue(unit, f"invalid ICU message: {exc}", (exc.offset, min(exc.offset + 1, len(unit.target_text))))]
        return []


class ICUPlaceholders(Check):
    id = "placeholder-icu"
    description = "ICU arguments ({name}, {n, number}, {n, plural, ...}) match the source by name and type."
    severity = Severity.ERROR
    category = Category.ACCURACY
    critical = True
    good = (
        Example("{name} has {n, number} points", "{n, number} Punkte für {name}"),
        Example("{g, select, female {She} other {They}} replied", "{g, select, female {Sie} other {Sie}} hat geantwortet"),
        Example("{count, plural, one {# file} other {# files}}", "{count, plural, one {Eine Datei} other {# Dateien}}"),
    )
    bad = (
        Example("{name} has {n, number} points", "{n, number} Punkte"),
        Example("{name} has {n, number} points", "{name} hat {n, date} Punkte"),
        Example("{count, plural, one {# file} other {# files}}", "{anzahl, plural, one {# Datei} other {# Dateien}}"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        # every argument opens with "{" (the brace gate's scan, "}" too, serves)
        return batch.with_format(batch.containing(("{", "}")), ICU)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ICU not in unit.formats:
            return []
        source, target = _parse(unit.source_text), _parse(unit.target_text)
        if source is None or target is None:
            return []  # icu-syntax reports a broken target
        source_args = {a.name: a for a in icu.flatten(source)}
        target_args = {a.name: a for a in icu.flatten(target)}
        issues = []
        for name, arg in source_args.items():
            other = target_args.get(name)
            if other is None:
                if not unit.single_value:
                    issues.append(self.issue(unit, f"argument {{{name}}} is missing"))
            elif other.type != arg.type and frozenset({other.type, arg.type}) not in _COMPATIBLE:
                issues.append(
                    self.issue(unit, f"argument {{{name}}} is {other.type or 'plain'} here but {arg.type or 'plain'} in the source", other.span)
                )
        for name in target_args.keys() - source_args.keys():
            issues.append(self.issue(unit, f"argument {{{name}}} is not in the source", target_args[name].span))
        return issues


class ICUPlurals(Check):
    id = "icu-plural"
    description = "ICU plural and selectordinal arguments cover every category the target locale needs (CLDR via Babel)."
    severity = Severity.ERROR
    category = Category.LOCALE_CONVENTION
    good = (
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}", target_locale="ru"),
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, other {# 個のファイル}}", target_locale="ja"),
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, =1 {Eine Datei} other {# Dateien}}"),
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, one {# fichier} other {# fichiers}}", target_locale="fr"),
    )
    bad = (
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, one {# файл} other {# файлов}}", target_locale="ru"),
        Example("{n, plural, one {# file} other {# files}}", "{n, plural, other {# plików}}", target_locale="pl"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return batch.with_format(batch.containing(("plural", "selectordinal"), "target"), ICU)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if ICU not in unit.formats or "plural" not in unit.target_text and "selectordinal" not in unit.target_text:
            return []
        target = _parse(unit.target_text)
        if target is None:
            return []
        issues = []
        for arg in icu.flatten(target):
            if arg.type not in ("plural", "selectordinal"):
                continue
            missing = icu.uncovered_categories(arg, unit.target_locale)
            if missing:
                issues.append(
                    self.issue(
                        unit,
                        f"{arg.type} argument {{{arg.name}}} lacks {', '.join(missing)} "
                        f"(needed in {unit.target_locale.tag}: {', '.join(icu.required_categories(unit.target_locale, ordinal=arg.type == 'selectordinal'))})",
                        arg.span,
                    )
                )
        return issues
