"""QA checks for translations: rules, registry, profiles, runner and reporters.

Typical use::

    from qa_checks import CheckContext, Profile, run_checks
    from qa_checks.report import render

    report = run_checks(units, Profile.from_config(config["qa"]), CheckContext(termbase=tb))
    print(render(report, "text"))
    if report.failed: ...

This package imports nothing of locflow but :mod:`locflow.model`; it reads no
files. Units come from the caller (``locflow.pipeline.qa`` builds them from PO
and XLIFF files or the project store).
"""

from qa_checks.base import (
    Category,
    Check,
    CheckContext,
    CheckedUnit,
    Example,
    Issue,
    MQMSeverity,
    QACheck,
    Severity,
    TermHit,
    Termbase,
)
from qa_checks.baseline import Baseline
from qa_checks.profile import Profile
from qa_checks.registry import known_checks
from qa_checks.report.model import CheckInfo, QAReport
from qa_checks.runner import run_checks

__all__ = [
    "Baseline",
    "Category",
    "Check",
    "CheckContext",
    "CheckInfo",
    "CheckedUnit",
    "Example",
    "Issue",
    "MQMSeverity",
    "Profile",
    "QACheck",
    "QAReport",
    "Severity",
    "TermHit",
    "Termbase",
    "known_checks",
    "run_checks",
]
