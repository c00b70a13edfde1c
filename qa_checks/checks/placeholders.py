"""Placeholders of every syntax: missing, added, or changed in type.

One check per syntax, so a team can tune each (and a report names the
syntax). They apply when :mod:`qa_checks.syntax.formats` says the syntax is in
use: from the PO flags (then checked as strictly as ``msgfmt -c``), else
recognised in the source.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, union
from qa_checks.syntax import brace, printf
from qa_checks.syntax.formats import BRACE, PRINTF, PYTHON, RASA, TEMPLATE
from qa_checks.syntax.formats import strict as formats_strict
from qa_checks.syntax.brace import Placeholders

__all__ = [
    "PrintfPlaceholders",
    "PythonPlaceholders",
    "BracePlaceholders",
    "TemplatePlaceholders",
    "RasaPlaceholders",
]


#: the marker of each syntax named by a flag
_STRICT = {syntax: formats_strict(syntax) for syntax in (PRINTF, PYTHON, BRACE)}


def _changed(batch: Batch, candidates: list[int], syntax: str, differing: Callable[..., list[bool]]) -> list[int]:
    """The candidates whose placeholders of ``syntax`` differ as written, by ``differing(sources,
    targets, strict=...)``: the strict ones (a flag names the syntax) and the others apart."""
    strict = batch.with_format(candidates, _STRICT[syntax])
    lenient = sorted(set(candidates).difference(strict))
    return union(
        batch.pairs_differing(strict, partial(differing, strict=True)),
        batch.pairs_differing(lenient, partial(differing, strict=False)),
    )


class _PrintfLike(Check):
    severity = Severity.ERROR
    category = Category.ACCURACY
    critical = True
    syntax: str = PRINTF

    def parse(self, text: str, strict: bool) -> printf.FormatSpec:
        raise NotImplementedError

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Units of the syntax (every directive starts with a ``%``) whose directives are
        not the same as written (:func:`printf.same_directives`)."""
        candidates = batch.with_format(batch.containing("%"), self.syntax)
        return _changed(batch, candidates, self.syntax, partial(printf.differing_directives, python=self.syntax == PYTHON))

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        formats = unit.formats
        if self.syntax not in formats:
            return []
        strict = _STRICT[self.syntax] in formats
        if printf.same_directives(unit.source_text, unit.target_text, python=self.syntax == PYTHON, strict=strict):
            return []  # the common case, decided without parsing
        source = self.parse(unit.source_text, strict)
        target_text = unit.target_text
        if not target_text and not source.args:
            return []
        target = self.parse(target_text, strict)
        if not source and not target:
            return []
        if source.error or (target.error and not strict):
            # not a valid format string (mixed numbered and plain directives...): compare as written
            problems = printf.compare_written(source, target, may_omit=unit.single_value)
        else:
            problems = printf.compare(source, target, unit.source_text, target_text, may_omit=unit.single_value)
        return [self.issue(unit, p.message, p.span, p.subject) for p in problems]


class PrintfPlaceholders(_PrintfLike):
    id = "placeholder-printf"
    cost = 14
    description = "printf placeholders (%s, %d, %1$s, %<PRId64>) match the source in number, position and type."
    syntax = PRINTF
    good = (
        Example("Delete %s?", "%s löschen?", flags=("c-format",)),
        Example("%s of %d", "%2$d の %1$s", target_locale="ja", flags=("c-format",)),
        Example("abc%i", "xyz%d", flags=("c-format",)),
        Example("100%% done", "100 %% erledigt", flags=("c-format",)),
        Example("Copied %d files", "%d Dateien kopiert"),
        Example("50% off", "50 % Rabatt"),
        Example("%d file", "%d Datei", source_plural="%d files", plurals=("%d Dateien",), flags=("c-format",)),
        Example("%d file", "Ein Datei", source_plural="%d files", plurals=("%d Dateien",), flags=("c-format",)),
        Example("%d new, %1$s old", "%d neu, %1$s alt", flags=("c-format",)),
        Example("%1$s by %2$s, sent to %s", "%1$s von %2$s, an %s gesendet", flags=("c-format",)),
    )
    bad = (
        Example("Delete %s?", "Löschen?", flags=("c-format",)),
        Example("%s of %d", "%s von %s", flags=("c-format",)),
        Example("abc%u", "xyz%s%d", flags=("c-format",)),
        Example("Rate: %d", "Rate: %", flags=("c-format",)),
        Example("Copied %d files", "Dateien kopiert"),
        Example("%d new, %1$s old, %2$s", "%d neu, %5$s alt, %2$s"),
        Example("%1$s by %2$s, sent to %s", "%1$s von %2$s, an gesendet", flags=("c-format",)),
        Example("%d file", "%d Datei", source_plural="%d files", plurals=("Dateien",), flags=("c-format",)),
    )

    def parse(self, text: str, strict: bool) -> printf.FormatSpec:
        return printf.parse_c(text, strict=strict)


class PythonPlaceholders(_PrintfLike):
    id = "placeholder-python"
    description = "Python %-format placeholders (%(name)s, %s) match the source by name or position and type."
    syntax = PYTHON
    good = (
        Example("Hello %(name)s", "Hallo %(name)s", flags=("python-format",)),
        Example("%(a)s and %(b)d", "%(b)d und %(a)s", flags=("python-format",)),
        Example("Order %(id)s shipped", "Bestellung %(id)s versandt"),
        Example("abc%r", "xyz%s", flags=("python-format",)),
    )
    bad = (
        Example("Hello %(name)s", "Hallo %(nom)s", flags=("python-format",)),
        Example("%(count)d files", "%(count)s Dateien", flags=("python-format",)),
        Example("Order %(id)s shipped", "Bestellung versandt"),
        Example("abc%sdef", "xyz%(value)s", flags=("python-format",)),
    )

    def parse(self, text: str, strict: bool) -> printf.FormatSpec:
        return printf.parse_python(text, strict=strict)


def _compare_sets(check: Check, unit: CheckedUnit, source: Placeholders, target: Placeholders) -> list[Issue]:
    issues = []
    if target.error and not source.error:
        return [check.issue(unit, f"invalid placeholder syntax: {target.error}")]
    target_names = set(target.names)
    source_names = set(source.names)
    if unit.single_value and len(source_names) == 1:
        source_names = target_names & source_names
    missing = [name for name in source.names if name in source_names - target_names]
    extra = [name for name in target.names if name not in set(source.names)]
    # a placeholder written otherwise ("{{ min_width }}" as "{{ min_ width }}") is one defect
    for old, new in zip(dict.fromkeys(missing), dict.fromkeys(extra)):
        issues.append(check.issue(unit, f"placeholder {_label(old)} is written {_label(new)}", target.span_of(new), _label(old)))
    paired = min(len(dict.fromkeys(missing)), len(dict.fromkeys(extra)))
    for name in list(dict.fromkeys(missing))[paired:]:
        issues.append(check.issue(unit, f"placeholder {_label(name)} is missing", None, _label(name)))
    for name in list(dict.fromkeys(extra))[paired:]:
        issues.append(check.issue(unit, f"placeholder {_label(name)} is not in the source", target.span_of(name), _label(name)))
    return issues


def _label(name: str) -> str:
    """A placeholder as written: ``{name}`` for a brace field's name, templates as they are."""
    return name if name.startswith("{") else f"{{{name}}}"


class BracePlaceholders(Check):
    id = "placeholder-brace"
    cost = 12
    description = "Brace placeholders ({name}, {0}, {}, ${var}) of the source are all in the target, and no others."
    severity = Severity.ERROR
    category = Category.ACCURACY
    critical = True
    good = (
        Example("Hi {name}, you have {count} messages", "{count} Nachrichten für {name}"),
        Example("abc{}{}{}def", "xyz{2}{1}{0}", flags=("python-brace-format",)),
        Example("{foo} {bar} {baz}", "{baz} {bar} {foo} {bar}", flags=("python-brace-format",)),
        Example("Set {x:>10}", "Setze {x:<10}"),
        Example("Use {{ and }} for braces", "{{ und }} für Klammern", flags=("python-brace-format",)),
    )
    bad = (
        Example("Hi {name}", "Hallo {nom}"),
        Example("abc{x2}def{x1}", "xyz{x1}", flags=("python-brace-format",)),
        Example("Order {order_id} shipped", "Bestellung versandt"),
        Example("Set {x}", "Setze {x", flags=("python-brace-format",)),
        Example("Edited on {date} by %s", "Bearbeitet von %s", flags=("c-format",)),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Units of the syntax (a field, or a stray brace ``str.format`` refuses) whose
        fields are not the same as written (:func:`brace.same_fields`)."""
        candidates = batch.with_format(batch.containing(("{", "}")), BRACE)
        return _changed(batch, candidates, BRACE, brace.differing_fields)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if BRACE not in unit.formats:
            return []
        strict = _STRICT[BRACE] in unit.formats
        if brace.same_fields(unit.source_text, unit.target_text, strict=strict):
            return []  # the common case, decided without the spans
        if strict:
            source, target = brace.parse_python_brace(unit.source_text), brace.parse_python_brace(unit.target_text)
        else:
            source, target = brace.find_brace_fields(unit.source_text), brace.find_brace_fields(unit.target_text)
        return _compare_sets(self, unit, source, target)


class TemplatePlaceholders(Check):
    id = "placeholder-template"
    cost = 3
    description = "Template variables and tags ({{ var }}, {% if %}) of the source are kept unchanged."
    severity = Severity.ERROR
    category = Category.ACCURACY
    critical = True
    good = (
        Example("Hello {{ name }}!", "Hallo {{name}}!"),
        Example("{% if vip %}Thanks{% endif %}", "{% if vip %}Danke{% endif %}"),
    )
    bad = (
        Example("Hello {{ name }}!", "Hallo {{ nom }}!"),
        Example("{% if vip %}Thanks{% endif %}", "{% if vip %}Danke"),
        Example("This value should be {{ limit }} or less.", "Dieser Wert sollte kleiner sein."),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        # every variable and tag opens with "{" (the brace gate's scan, "}" too, serves)
        return batch.with_format(batch.containing(("{", "}")), TEMPLATE)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if TEMPLATE not in unit.formats:
            return []
        source, target = brace.find_templates(unit.source_text), brace.find_templates(unit.target_text)
        issues = _compare_sets(self, unit, source, target)
        statements = [n for n in source.names if n.startswith("{%")]
        if not issues and sorted(statements) != sorted(n for n in target.names if n.startswith("{%")):
            issues.append(self.issue(unit, "template statements are not the same number of times as in the source"))
        return issues


class RasaPlaceholders(Check):
    id = "placeholder-rasa"
    cost = 3
    description = "Rasa slots ({slot}) and entity annotations ([text](entity)) of the source are all in the target."
    severity = Severity.ERROR
    category = Category.ACCURACY
    critical = True
    good = (
        Example("Your flight to {city} is booked", "Ihr Flug nach {city} ist gebucht", kind="rasa-response"),
        Example("Book a table in [Paris](city)", "Reserviere einen Tisch in [Berlin](city)", kind="rasa-nlu"),
        Example('fly to [NYC]{"entity": "city"}', 'flieg nach [Berlin]{"entity": "city"}', kind="rasa-nlu"),
    )
    bad = (
        Example("Your flight to {city} is booked", "Ihr Flug ist gebucht", kind="rasa-response"),
        Example("Book a table in [Paris](city)", "Reserviere einen Tisch in Paris", kind="rasa-nlu"),
        Example("Book a table in [Paris](city)", "Reserviere einen Tisch in [Paris](stadt)", kind="rasa-nlu"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        # a {slot} or an [entity](annotation) (the brace gate's scan serves for the first)
        return batch.with_format(union(batch.containing(("{", "}")), batch.containing("[")), RASA)

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if RASA not in unit.formats:
            return []
        issues = _compare_sets(self, unit, brace.find_rasa_slots(unit.source_text), brace.find_rasa_slots(unit.target_text))
        source_entities = sorted(brace.find_rasa_entities(unit.source_text).names)
        target_entities = brace.find_rasa_entities(unit.target_text)
        if source_entities != sorted(target_entities.names):
            missing = sorted(set(source_entities) - set(target_entities.names))
            added = sorted(set(target_entities.names) - set(source_entities))
            detail = ", ".join([f"missing {m}" for m in missing] + [f"added {a}" for a in added]) or "count differs"
            issues.append(self.issue(unit, f"entity annotations differ from the source: {detail}"))
        return issues
