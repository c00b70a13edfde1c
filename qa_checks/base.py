"""The QA interface: what a check sees, what it reports, and how it is described.

A check is a small class with a stable ``id``, a default ``severity``, an MQM
``category`` and a one-line ``description``; its :meth:`QACheck.check` looks at
one :class:`CheckedUnit` (a source and target segment pair with where it came
from) and yields :class:`Issue` objects. Checks never print and never know
the CLI; the runner and reporters do the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable

from locflow.model import Locale, Segment

__all__ = ["Severity", "Category", "CheckedUnit", "CheckContext", "Issue", "QACheck"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Category(StrEnum):
    """MQM top-level issue types used by the checks."""

    ACCURACY = "accuracy"
    FLUENCY = "fluency"
    TERMINOLOGY = "terminology"
    LOCALE_CONVENTION = "locale-convention"
    STYLE = "style"
    MARKUP = "markup"
    DESIGN = "design"


@dataclass(frozen=True, slots=True)
class CheckedUnit:
    """One source/target pair to check, with where it lives.

    ``key`` is the unit key (PO ``msgctxt`` else ``msgid``, XLIFF unit id, or the
    project's segment key). ``line`` is the line of the target in ``file``
    (a PO entry's ``msgstr`` line) when known. ``plurals`` holds the other
    plural forms' targets for PO plural entries.
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


@dataclass(slots=True)
class CheckContext:
    """What a check may consult beyond the unit: parameters, termbase, project-wide facts."""

    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    termbase: Any = None
    project: Any = None

    def param(self, check_id: str, name: str, default: Any) -> Any:
        return self.params.get(check_id, {}).get(name, default)


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``span`` is a (start, end) range in the target's rendered text, if any."""

    check: str
    severity: Severity
    category: str
    message: str
    unit: str
    locale: str
    file: str | None = None
    line: int | None = None
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "unit": self.unit,
            "locale": self.locale,
            "check": self.check,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message,
            "line": self.line,
        }


@runtime_checkable
class QACheck(Protocol):
    id: ClassVar[str]
    severity: ClassVar[Severity]
    category: ClassVar[str]
    description: ClassVar[str]

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> Iterator[Issue]: ...
