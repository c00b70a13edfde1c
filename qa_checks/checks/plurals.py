"""PO plural entries: one ``msgstr[n]`` per form of the file's ``Plural-Forms``."""

from __future__ import annotations

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, indices

__all__ = ["PluralFormCount"]


class PluralFormCount(Check):
    id = "po-plural-count"
    description = "A PO plural entry has exactly nplurals translations (Plural-Forms header, else the locale's rule), none empty."
    severity = Severity.ERROR
    category = Category.LOCALE_CONVENTION
    scope = "entry"
    good = (
        Example("%d file", "%d Datei", source_plural="%d files", plurals=("%d Dateien",)),
        Example("%d file", "%d 個のファイル", source_plural="%d files", target_locale="ja"),
        Example("%d file", "%d файл", source_plural="%d files", plurals=("%d файла", "%d файлов"), target_locale="ru"),
    )
    bad = (
        Example("%d file", "%d файл", source_plural="%d files", plurals=("%d файлов",), target_locale="ru"),
        Example("%d file", "%d Datei", source_plural="%d files", plurals=("",)),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return indices(batch.column("source_plural"))  # a Segment, else None

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if unit.source_plural is None:
            return []
        forms = (unit.target, *unit.plurals)
        if all(f.is_empty() for f in forms):
            return []  # untranslated: empty-target reports it
        expected = unit.plural_count or unit.target_locale.plural_count
        issues = []
        if len(forms) != expected:
            issues.append(self.issue(unit, f"{len(forms)} plural forms, but {unit.target_locale.tag} needs {expected} (nplurals={expected})"))
        empty = [str(i) for i, form in enumerate(forms) if form.is_empty()]
        if empty:
            issues.append(self.issue(unit, f"plural form(s) {', '.join(empty)} empty"))
        return issues
