"""Every check against its own good and bad cases, and the check metadata contract."""

from __future__ import annotations

import pytest

from locflow.model.errors import ConfigError
from qa_checks import Category, CheckContext, Example, Profile, Severity, known_checks, run_checks
from qa_checks.base import MQMSeverity, iter_checks
from qa_checks.builtin import CHECKS

from tests.qa_support import ListTermbase

CASES = [
    pytest.param(cls, kind, example, id=f"{cls.id}-{kind}-{n}")
    for cls in CHECKS
    for kind, examples in (("good", cls.good), ("bad", cls.bad))
    for n, example in enumerate(examples)
]


def _issues_of(check_id: str, example: Example) -> list:
    table = {"enable": [check_id]}
    if example.params:
        table["checks"] = {check_id: dict(example.params)}
    ctx = CheckContext(termbase=ListTermbase(example.terms) if example.terms else None)
    report = run_checks(example.units(), Profile.from_config(table), ctx)
    return list(report.issues)  # on the example or, for the consistency checks, on one of its others


@pytest.mark.parametrize("cls, kind, example", CASES)
def test_check_on_its_examples(cls, kind, example) -> None:
    issues = _issues_of(cls.id, example)
    if kind == "good":
        assert issues == [], f"{cls.id} reported {[i.message for i in issues]} on {example.source!r} -> {example.target!r}"
    else:
        assert issues, f"{cls.id} missed {example.source!r} -> {example.target!r}"
        assert all(i.check == cls.id and i.severity == cls.severity and i.category == str(cls.category) for i in issues)


def test_at_least_thirty_checks_with_complete_metadata() -> None:
    assert len(CHECKS) >= 30
    ids = [cls.id for cls in CHECKS]
    assert len(set(ids)) == len(ids)
    categories = {c.value for c in Category}
    for cls in CHECKS:
        assert cls.id.replace("-", "").isalnum() and cls.id == cls.id.lower()
        assert isinstance(cls.severity, Severity)
        assert str(cls.category) in categories
        assert cls.description and "\n" not in cls.description and cls.description.rstrip().endswith((".", ")"))
        assert cls.good and cls.bad, f"{cls.id} needs good and bad cases"


def test_registry_exposes_the_builtin_entry_point() -> None:
    from importlib.metadata import entry_points

    eps = {ep.name: ep for ep in entry_points(group="locflow.checks")}
    assert "builtin" in eps
    assert list(iter_checks([eps["builtin"].load()])) == list(CHECKS)
    assert list(known_checks()) == [cls.id for cls in CHECKS]


def test_unknown_check_id_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        Profile.from_config({"disable": ["no-such-check"]})
    assert "no-such-check" in str(raised.value) and "placeholder-printf" in str(raised.value)
    assert raised.value.exit_code == 2


def test_terminology_uses_the_termbase_protocol_once_per_source() -> None:
    from qa_checks import TermHit

    termbase = ListTermbase([TermHit("account", approved_targets=("Konto",), forbidden_targets=("Account",))])
    units = Example("Delete your account", "Löschen Sie Ihren Account").units()
    report = run_checks(units, Profile.from_config({"enable": ["term-missing", "term-forbidden", "term-dnt"]}), CheckContext(termbase=termbase))
    assert sorted(i.check for i in report.issues) == ["term-forbidden", "term-missing"]
    assert termbase.calls == 1  # cached for the three checks


def test_critical_checks_map_to_critical_mqm_severity() -> None:
    report = run_checks(Example("Delete %s?", "Löschen?", flags=("c-format",)).units())
    (issue,) = [i for i in report.issues if i.check == "placeholder-printf"]
    assert issue.mqm == MQMSeverity.CRITICAL.value
