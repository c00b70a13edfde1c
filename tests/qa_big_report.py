"""A report with more issues than the spool reads at a time, made the same way on every
run (no randomness), with every optional field set or not and text JSON, XML and HTML
must escape: the reporters' output on it is compared with what the in-memory reporters
wrote (tests/test_qa_spool.py)."""

from __future__ import annotations

from datetime import datetime, timezone

from qa_checks import CheckInfo, Issue, QAReport, Severity

#: issues in the report: more than one chunk (qa_checks.report.spool.CHUNK = 10,000)
ISSUES = 12_345
CHECKS = [
    CheckInfo("numbers", "error", "accuracy", "Numbers differ", "major"),
    CheckInfo("end-punctuation", "warning", "fluency", "End punctuation differs", "minor"),
    CheckInfo("max-length", "info", "design", "Too long", "neutral"),
]
FILES = ["docs/a.md", "docs/b<&>.html", "faq/é.yaml", "z/\u2028.md"]
#: what JUnit reports are dated with
WHEN = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
_ODD = ["", "\ufeff", "\u2028", 'é"\\\n\t', "𝄞", "<>&'", "\x7f", "plain words", "]]>", "a\nb"]


def big_issues(count: int = ISSUES) -> list[Issue]:
    issues = []
    for n in range(count):
        check = CHECKS[n % 3]
        issues.append(
            Issue(
                check=check.id,
                severity=Severity(check.severity) if n % 7 else Severity.WARNING,
                category=check.category,
                message=f"{check.description} {_ODD[n % 10]} #{n % 97}",
                unit=f"key.{n // 3}{_ODD[n % 4]}",
                locale=("de", "fr", "ja-JP")[n // 4000 % 3],
                file=(FILES + [None])[n // 11 % 5],
                line=(None, n % 500 + 1, 0)[n % 3],
                span=(None, (0, n % 9), (2, 2))[n % 3],
                source=f"Source {n % 50} {_ODD[(n + 3) % 10]}",
                target=f"Ziel {n % 40} {_ODD[(n + 5) % 10]}",
                mqm=check.mqm,
                note=("", "a note", _ODD[n % 10])[n % 3],
            )
        )
    return issues


def big_report(*, with_files: bool) -> QAReport:
    """The issues, some suppressed and some in a baseline, with or without the list of files."""
    issues = big_issues()
    return QAReport(
        issues=issues,
        suppressed=issues[:10_500:7],
        baselined=issues[5:10_900:3],
        checks=CHECKS,
        units=40_000,
        words=123_457,
        locales={"de": (20_000, 60_000), "fr": (15_000, 40_000), "ja-JP": (5_000, 23_457)},
        files=FILES[:3] if with_files else [],
        weights={"neutral": 0, "minor": 1, "major": 5, "critical": 25},
        fail_on="warning",
        max_penalty=50.0,
        profile={"name": "big"},
    )
