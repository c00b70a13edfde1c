"""The QA interface: what a check sees, what it reports, and how it is described.

A check is a small class with a stable ``id``, a default ``severity``, an MQM
``category`` and a one-line ``description``; its :meth:`QACheck.check` looks at
one :class:`CheckedUnit` (a source and target segment pair with where it came
from) and returns :class:`Issue` objects. Checks never print and never know
the CLI; the runner and reporters do the rest.

Built-in checks derive from :class:`Check`, which adds what the runner and the
shared test suite need: parameter defaults, the MQM severity a failure maps
to, the scope (one plural form or the whole entry), good/bad examples, and a
:meth:`Check.gate`: the units of a run the check could report on, found for all
of them at once (:mod:`qa_checks.batch`), so that a run of 50,000 units does not
cost 38 Python calls per unit.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from locflow.model import Locale, Segment
from qa_checks.batch import parts_have_code
from qa_checks.syntax.formats import formats_of
from qa_checks.syntax.plural_expr import form_values

if TYPE_CHECKING:
    from qa_checks.batch import Batch

__all__ = [
    "Severity",
    "Category",
    "MQMSeverity",
    "CheckedUnit",
    "CheckContext",
    "Issue",
    "QACheck",
    "Check",
    "Example",
    "TermHit",
    "Termbase",
    "PROTECTED_CODE_TYPES",
    "has_codes",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {"info": 0, "warning": 1, "error": 2}


class MQMSeverity(StrEnum):
    """MQM severity levels; each carries a penalty weight in the profile."""

    NEUTRAL = "neutral"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Category(StrEnum):
    """MQM top-level issue types used by the checks."""

    ACCURACY = "accuracy"
    FLUENCY = "fluency"
    TERMINOLOGY = "terminology"
    LOCALE_CONVENTION = "locale-convention"
    STYLE = "style"
    MARKUP = "markup"
    DESIGN = "design"


#: ``Code.type`` values of protected spans (placeholders, links...). Placeholder,
#: URL and e-mail checks read these from the rendered text; the inline-code checks
#: leave them to those more specific checks, so a missing ``{name}`` is reported once.
PROTECTED_CODE_TYPES = frozenset({"placeholder", "template", "url", "email", "entity"})

def has_codes(segment: Segment) -> bool:
    """``bool(segment.codes)`` without building the tuple."""
    return parts_have_code(segment.parts)


class cached_view:
    """A lock-free ``cached_property``: computed on first access, then a plain attribute.

    (``functools.cached_property`` takes a lock on every first access, which
    costs more than the views it caches over 50,000 units.)
    """

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


_IGNORE_NOTE = re.compile(r"locflow-ignore\s*:\s*([\w\-, ]+)", re.I)


@dataclass(frozen=True)
class CheckedUnit:
    """One source/target pair to check, with where it lives.

    ``key`` is the unit key (PO ``msgctxt`` else ``msgid``, XLIFF unit id, or the
    project's segment key); ``context`` is the PO ``msgctxt`` (units with different
    contexts may be translated differently). ``line`` is the line of the target in
    ``file`` (a PO entry's ``msgstr`` line) when known.

    PO plural entries carry ``source_plural`` (``msgid_plural``), the other forms'
    targets in ``plurals`` (``target`` is ``msgstr[0]``), their lines in
    ``plural_lines`` and the file's plural rule: ``plural_count`` (``nplurals``) and
    ``plural_expr`` (the C expression). The runner splits such an entry into one
    unit per form (see :meth:`forms`), so most checks never see plurals.

    A reader that makes many text-only units may leave ``source`` and ``target``
    out and give ``source_text`` and ``target_text`` instead (see
    :func:`text_only_unit`): each segment is then made from its text when first
    read, as most checks read only the texts.
    """

    key: str
    source: Segment
    target: Segment
    source_locale: Locale
    target_locale: Locale
    file: str | None = None
    line: int | None = None
    kind: str = ""
    note: str = ""
    state: str = ""
    flags: frozenset[str] = frozenset()
    source_plural: Segment | None = None
    plurals: tuple[Segment, ...] = ()
    max_length: int | None = None
    context: str = ""
    plural_count: int | None = None
    plural_expr: str | None = None
    plural_lines: tuple[int, ...] = ()
    #: set on the per-form units made by :meth:`forms`
    plural_index: int | None = None
    #: this plural form is used for exactly one number, so it may omit the number
    single_value: bool = False
    #: why a machine translation of this unit was refused (project mode): the unit is
    #: untranslated because of it, and ``mt-refused`` says so
    refused: str = ""

    # -- cached views (computed once per unit, shared by every check) -----------
    @cached_view
    def source_text(self) -> str:
        return self.source.render()

    @cached_view
    def target_text(self) -> str:
        return self.target.render()

    @property
    def source_plain(self) -> str:
        """Text parts only: markup held in codes is left out.

        Not kept: a text-only segment's plain text is its rendered text, and keeping
        it would grow every unit's dictionary past the size a reader gives it.
        """
        return _plain_text(self, "source", "source_text")

    @property
    def target_plain(self) -> str:
        return _plain_text(self, "target", "target_text")

    @cached_view
    def markup_codes(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """(source codes, target codes) that are markup, not protected spans."""
        return (
            tuple(c for c in self.source.codes if c.type not in PROTECTED_CODE_TYPES),
            tuple(c for c in self.target.codes if c.type not in PROTECTED_CODE_TYPES),
        )

    @cached_view
    def ignored_checks(self) -> frozenset[str]:
        """Check ids silenced for this unit by a ``locflow-ignore: id[, id]`` note."""
        if not self.note:
            return frozenset()
        found: set[str] = set()
        for match in _IGNORE_NOTE.finditer(self.note):
            found.update(x.strip() for x in re.split(r"[,\s]+", match.group(1)) if x.strip())
        return frozenset(found)

    @cached_view
    def formats(self) -> frozenset[str]:
        return formats_of(self)

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None or bool(self.plurals)

    @property
    def location(self) -> str:
        where = self.file or ""
        return f"{where}:{self.line}" if self.line else where

    def forms(self) -> list[CheckedUnit]:
        """One unit per plural form, each paired with the source it translates.

        A form used for the number 1 is compared with ``msgid``, the others with
        ``msgid_plural``. A form used for exactly one number (``one`` in German,
        ``zero`` and ``two`` in Arabic) may omit the number, as gettext allows.
        """
        if not self.is_plural:
            return [self]
        targets = (self.target, *self.plurals)
        values = form_values(self.plural_expr, len(targets), self.target_locale)
        out = []
        for index, target in enumerate(targets):
            used_for = values.get(index, ())
            reference = self.source if (1 in used_for or self.source_plural is None) else self.source_plural
            line = self.plural_lines[index] if index < len(self.plural_lines) else self.line
            out.append(
                _replace(
                    self,
                    source=reference,
                    target=target,
                    source_plural=None,
                    plurals=(),
                    plural_index=index,
                    single_value=len(used_for) == 1,
                    line=line,
                )
            )
        return out


class _SegmentOfText:
    """``source`` or ``target`` of a unit given by its text alone: made on first read.

    A class attribute that only units without the segment in their ``__dict__``
    reach (the dataclass ``__init__`` puts it there for all others).
    """

    def __init__(self, name: str) -> None:
        self.name, self.text = name, f"{name}_text"

    def __get__(self, unit: CheckedUnit | None, owner: type | None = None) -> Any:
        if unit is None:
            return self
        text = unit.__dict__[self.text]
        segment = unit.__dict__[self.name] = Segment.text_only(text) if text else Segment()
        return segment


CheckedUnit.source = _SegmentOfText("source")  # type: ignore[assignment]
CheckedUnit.target = _SegmentOfText("target")  # type: ignore[assignment]


def _plain_text(unit: CheckedUnit, side: str, text_view: str) -> str:
    """The text parts of the unit's segment on ``side`` (its text, for a text-only one)."""
    segment = unit.__dict__.get(side)
    if segment is None:  # made from the text alone, when read
        return unit.__dict__[text_view]  # type: ignore[no-any-return]
    parts = segment.parts
    return parts[0] if len(parts) == 1 and isinstance(parts[0], str) else segment.text


def segment_if_made(unit: CheckedUnit, side: str) -> Segment | None:
    """The unit's ``source`` or ``target`` segment, or None for one not made yet (which
    holds no inline code: it is made from the text alone)."""
    return unit.__dict__.get(side)


def text_only_unit(fields: dict[str, Any]) -> CheckedUnit:
    """A unit of text-only segments from its fields, ``source_text`` and ``target_text``
    standing for ``source`` and ``target``, built without the frozen dataclass's
    per-field ``__setattr__`` (fields left out keep their defaults)."""
    unit = object.__new__(CheckedUnit)
    object.__setattr__(unit, "__dict__", fields)
    return unit


def _replace(unit: CheckedUnit, **changes: Any) -> CheckedUnit:
    """``dataclasses.replace`` that does not copy cached views."""
    values = {name: getattr(unit, name) for name in unit.__dataclass_fields__}
    values.update(changes)
    return CheckedUnit(**values)


@dataclass(frozen=True, slots=True)
class TermHit:
    """A termbase concept found in a source text.

    ``approved_targets`` are the target terms to use, ``forbidden_targets`` the
    ones never to use, ``deprecated_targets`` the ones to avoid (a warning),
    ``dnt`` marks a do-not-translate term (brand and product names) that must
    appear unchanged in the target.
    """

    source_term: str
    approved_targets: tuple[str, ...] = ()
    forbidden_targets: tuple[str, ...] = ()
    dnt: bool = False
    deprecated_targets: tuple[str, ...] = ()


@runtime_checkable
class Termbase(Protocol):
    """What QA needs from a termbase: the concepts found in a source text."""

    def find_terms(self, source_text: str, source_locale: Locale, target_locale: Locale) -> Sequence[TermHit]: ...


@dataclass(slots=True)
class CheckContext:
    """What a check may consult beyond the unit: parameters, termbase, project-wide facts.

    ``project`` is filled by checks' :meth:`Check.prepare` hooks (e.g. the
    inconsistency index), keyed by check id. ``batch`` holds the run's units as
    columns (set by the runner before ``prepare``), for hooks that scan them all.
    """

    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    termbase: Termbase | None = None
    project: dict[str, Any] = field(default_factory=dict)
    batch: Batch | None = None
    _term_cache: dict[tuple[str, str, str], tuple[TermHit, ...]] = field(default_factory=dict)

    def param(self, check_id: str, name: str, default: Any) -> Any:
        return self.params.get(check_id, {}).get(name, default)

    def forget_units(self) -> None:
        """Drop what was cached of the units checked so far (a run in parts calls this
        between parts, so the cache does not grow with the run)."""
        self._term_cache.clear()

    def terms(self, unit: CheckedUnit) -> tuple[TermHit, ...]:
        """Termbase hits for the unit's source (cached: three checks ask for them)."""
        if self.termbase is None:
            return ()
        key = (unit.source_plain, unit.source_locale.tag, unit.target_locale.tag)
        hits = self._term_cache.get(key)
        if hits is None:
            hits = tuple(self.termbase.find_terms(unit.source_plain, unit.source_locale, unit.target_locale))
            self._term_cache[key] = hits
        return hits


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``span`` is a (start, end) range in ``target`` (the rendered target).

    ``subject`` is the token the finding is about, as written (``%d``, ``<b>``, a URL),
    when it is about one: two checks reporting on the same subject of a unit report one
    defect, and the report keeps the finding of the more specific one
    (:mod:`qa_checks.dedupe`).
    """

    check: str
    severity: Severity
    category: str
    message: str
    unit: str
    locale: str
    file: str | None = None
    line: int | None = None
    span: tuple[int, int] | None = None
    source: str = ""
    target: str = ""
    mqm: str = MQMSeverity.MINOR.value
    note: str = ""
    subject: str = ""

    #: the keys of :meth:`to_json` in order (``span`` and ``note`` follow when set)
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "file", "unit", "locale", "check", "severity", "category", "message", "line", "mqm", "source", "target",
    )

    @property
    def fingerprint(self) -> str:
        """What a baseline remembers: where, which check, what it said (not the line)."""
        return "\x1f".join((self.file or "", self.unit, self.locale, self.check, self.message))

    def json_values(self) -> tuple[Any, ...]:
        """The values of :data:`JSON_KEYS`, in order."""
        return (
            self.file, self.unit, self.locale, self.check, self.severity.value, self.category,
            self.message, self.line, self.mqm, self.source, self.target,
        )

    def __reduce__(self) -> tuple[type[Issue], tuple[Any, ...]]:
        """Pickled as its field values and made anew from them: a large run's second process
        sends thousands of issues back, and the dataclass's own way (its ``__setstate__``)
        takes several times as long to restore them."""
        return (Issue, _field_values(self))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(zip(self.JSON_KEYS, self.json_values()))
        if self.span is not None:
            out["span"] = list(self.span)
        if self.note:
            out["note"] = self.note
        return out


_field_values = attrgetter(*(issue_field.name for issue_field in fields(Issue)))


@runtime_checkable
class QACheck(Protocol):
    id: ClassVar[str]
    severity: ClassVar[Severity]
    category: ClassVar[str]
    description: ClassVar[str]

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> Iterable[Issue]: ...


@dataclass(frozen=True)
class Example:
    """A good or bad case for a check: a unit in miniature.

    ``source``/``target`` are text or a :class:`Segment` (for inline codes).
    ``terms`` feed a termbase that knows only them; ``others`` are further
    (source, target) pairs of the same project, for the consistency checks.
    """

    source: str | Segment
    target: str | Segment
    target_locale: str = "de"
    source_locale: str = "en"
    flags: tuple[str, ...] = ()
    kind: str = ""
    note: str = ""
    source_plural: str | None = None
    plurals: tuple[str, ...] = ()
    plural_expr: str | None = None
    max_length: int | None = None
    terms: tuple[TermHit, ...] = ()
    others: tuple[tuple[str, str], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    context: str = ""
    state: str = ""
    refused: str = ""

    def units(self) -> list[CheckedUnit]:
        """The example as units: itself first, then ``others``."""

        def seg(value: str | Segment) -> Segment:
            return value if isinstance(value, Segment) else Segment.text_only(value)

        source_locale, target_locale = Locale(self.source_locale), Locale(self.target_locale)
        plurals = tuple(seg(p) for p in self.plurals)
        first = CheckedUnit(
            key="example",
            source=seg(self.source),
            target=seg(self.target),
            source_locale=source_locale,
            target_locale=target_locale,
            file="example.po",
            line=1,
            kind=self.kind,
            note=self.note,
            flags=frozenset(self.flags),
            source_plural=seg(self.source_plural) if self.source_plural is not None else None,
            plurals=plurals,
            plural_count=None,
            plural_expr=self.plural_expr,
            max_length=self.max_length,
            context=self.context,
            state=self.state,
            refused=self.refused,
        )
        rest = [
            CheckedUnit(
                key=f"other-{i}",
                source=seg(s),
                target=seg(t),
                source_locale=source_locale,
                target_locale=target_locale,
                file="example.po",
                line=10 + i,
            )
            for i, (s, t) in enumerate(self.others)
        ]
        return [first, *rest]


class Check:
    """Base class of the built-in checks.

    Subclasses set the class attributes and implement :meth:`check`, returning
    a list (empty when all is well). ``params`` holds parameter defaults that
    ``[qa.checks.<id>]`` may override; the effective values are in ``self.params``.
    ``scope`` is ``"form"`` (called once per plural form) or ``"entry"`` (once per
    unit, plurals and all). A check with ``needs_termbase`` is skipped without a termbase.

    A check that looks for something most units lack (a ``%``, an ``@``, a control
    character) also overrides :meth:`gate`, so that the runner calls :meth:`check`
    only where that something is: that is what keeps 38 checks over 50,000 units
    fast (see :mod:`qa_checks.batch`).
    """

    id: ClassVar[str]
    severity: ClassVar[Severity]
    category: ClassVar[str]
    description: ClassVar[str]
    params: ClassVar[Mapping[str, Any]] = {}
    critical: ClassVar[bool] = False
    scope: ClassVar[str] = "form"
    #: the check consults ``ctx.termbase`` and is skipped without one
    needs_termbase: ClassVar[bool] = False
    #: the check looks at the units that hold no translation (see :mod:`qa_checks.untranslated`)
    #: and at those only; every other check looks at the translated ones only
    on_untranslated: ClassVar[bool] = False
    #: roughly how long the check takes on a large run, against 1 for a check whose gate
    #: lets nothing through: a run shared between two processes gives the first fewer
    #: units by the cost of the checks it runs on every unit (those with ``prepare``)
    cost: ClassVar[float] = 1.0
    #: what the :meth:`prepare` hook needs when a run is checked in parts
    #: (:mod:`qa_checks.parts`): ``"run"``, every unit of the run at once; ``"part"``, the
    #: units of the part only, as the index of a file's units depends on those alone (each
    #: part holds whole files); ``"groups"``, the units of the groups :meth:`groups` names
    #: that hold two different values or more (the only units the index holds or reports)
    prepares: ClassVar[str] = "run"
    good: ClassVar[tuple[Example, ...]] = ()
    bad: ClassVar[tuple[Example, ...]] = ()

    def __init__(self, params: Mapping[str, Any] | None = None, *, severity: Severity | None = None, mqm: str | None = None) -> None:
        merged = dict(type(self).params)
        merged.update(params or {})
        self.params = merged  # type: ignore[misc]
        self.level = severity or type(self).severity
        self.mqm = mqm or default_mqm(type(self), self.level)
        self._category = str(self.category)

    def prepare(self, units: Sequence[CheckedUnit], ctx: CheckContext) -> None:
        """Called once with every unit before any :meth:`check` (project-wide indexes)."""

    def groups(self, batch: Batch) -> tuple[Sequence[Hashable | None], Sequence[Hashable]]:
        """For ``prepares = "groups"``: each unit's group (None when the hook leaves the unit
        out) and value. A run in parts checks with this check only the units of the groups
        that hold two different values or more, so :meth:`prepare` must index, and
        :meth:`check` report, no unit of a group whose units all have the same value."""
        raise NotImplementedError(f"{self.id}: prepares = {self.prepares!r} needs groups()")

    def gate(self, batch: Batch, ctx: CheckContext) -> Iterable[int]:
        """Indices of the units in ``batch`` that :meth:`check` could report on.

        The runner calls :meth:`check` on these only, so a gate states a condition
        without which the check finds nothing (``"@" in source or target`` for
        e-mail addresses), tested on the whole batch at once. It may let through
        units the check then finds fine; it must never leave out one it would
        report on. The default lets every unit through.
        """
        return batch.all()

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:  # pragma: no cover - abstract
        raise NotImplementedError

    def issue(self, unit: CheckedUnit, message: str, span: tuple[int, int] | None = None, subject: str = "") -> Issue:
        """A finding on ``unit``; ``subject`` is the token it is about, as written (see :class:`Issue`)."""
        if unit.plural_index is not None:
            message = f"plural form [{unit.plural_index}]: {message}"
        # positional, in field order: a run may make thousands of these
        return Issue(
            self.id, self.level, self._category, message, unit.key, unit.target_locale.tag, unit.file, unit.line,
            span, unit.source_text, unit.target_text, self.mqm, "", subject,
        )


def default_mqm(check: type, severity: Severity) -> str:
    """error -> major (critical for checks that flag broken or unsafe output), warning -> minor, info -> neutral."""
    if severity == Severity.ERROR:
        return MQMSeverity.CRITICAL.value if getattr(check, "critical", False) else MQMSeverity.MAJOR.value
    if severity == Severity.WARNING:
        return MQMSeverity.MINOR.value
    return MQMSeverity.NEUTRAL.value


def iter_checks(checks: Iterable[Any]) -> Iterator[type]:
    """Flatten check classes or sequences of them (an entry point may expose either)."""
    for item in checks:
        if isinstance(item, type):
            yield item
        else:
            yield from iter_checks(item)
