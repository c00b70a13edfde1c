"""Profiles from locflow.toml, suppression notes, baselines and the MQM gate."""

from __future__ import annotations

import tomllib

import pytest

from locflow.model.errors import ConfigError
from qa_checks import Baseline, Example, Profile, Severity, run_checks

CONFIG = """
[qa]
fail_on = "warning"
max_penalty = 50
disable = ["length-ratio"]

[qa.weights]
major = 10

[qa.checks.max-length]
severity = "warning"
kinds = { button = 10 }

[qa.checks.untranslated]
ignore = ["Quick Start"]

[qa.profiles.release]
fail_on = "error"
enable = ["numbers", "max-length"]
"""


def _table() -> dict:
    return tomllib.loads(CONFIG)["qa"]


def test_profile_reads_gate_checks_severities_and_parameters() -> None:
    profile = Profile.from_config(_table())
    assert profile.fail_on == "warning" and profile.max_penalty == 50
    assert "length-ratio" not in profile.checks and "length-ratio" in profile.disabled
    assert profile.checks["max-length"].severity == Severity.WARNING
    assert profile.checks["max-length"].params["kinds"] == {"button": 10, "quick_reply": 20, "title": 70, "meta_description": 160}
    assert profile.weights["major"] == 10 and profile.weights["critical"] == 25
    assert profile.describe()["overrides"] == {"max-length": {"severity": "warning"}}


def test_named_profile_layers_on_the_base_table() -> None:
    release = Profile.from_config(_table(), profile="release")
    assert release.fail_on == "error" and list(release.checks) == ["numbers", "max-length"]
    assert release.checks["max-length"].params["kinds"]["button"] == 10
    with pytest.raises(ConfigError, match="known: release"):
        Profile.from_config(_table(), profile="nightly")


def test_overrides_change_what_is_reported() -> None:
    units = Example("Save", "Änderungen speichern", kind="button").units()
    (issue,) = run_checks(units, Profile.from_config(_table())).issues
    assert issue.check == "max-length" and issue.severity == Severity.WARNING and "limit of 10" in issue.message
    assert run_checks(units, Profile.default()).issues == []  # 20 characters fit the default 25
    units = Example("Quick Start", "Quick Start", target_locale="fr").units()
    assert run_checks(units, Profile.from_config({"enable": ["untranslated"], "checks": {"untranslated": {"names_up_to": 0}}})).issues
    assert not run_checks(units, Profile.from_config({"enable": ["untranslated"], "checks": {"untranslated": {"names_up_to": 0, "ignore": ["Quick Start"]}}})).issues


@pytest.mark.parametrize(
    "table, fragment",
    [
        ({"fail_on": "sometimes"}, "fail_on must be one of"),
        ({"colour": "red"}, "unknown key 'colour' in [qa]"),
        ({"checks": {"numbers": {"severity": "fatal"}}}, "severity must be error, warning or info"),
        ({"checks": {"numbers": {"threshold": 3}}}, "unknown key 'threshold' in [qa].checks.numbers; allowed:"),
        ({"checks": {"max-length": {"kinds": "button"}}}, "kinds must be dict"),
        ({"checks": {"spelling": {}}}, "unknown check id 'spelling'"),
        ({"enable": "numbers"}, "must be a list of check ids"),
        ({"weights": {"blocker": 100}}, "unknown MQM severity 'blocker'"),
        ({"max_penalty": -1}, "non-negative"),
    ],
)
def test_invalid_configuration_is_a_config_error(table: dict, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Profile.from_config(table)
    assert fragment in str(raised.value)
    assert raised.value.exit_code == 2


def test_suppression_note_silences_one_check_on_one_unit() -> None:
    noted = Example("Delete the file?", "Datei  löschen.", note="Reviewed. locflow-ignore: end-punctuation").units()
    report = run_checks(noted)
    assert [i.check for i in report.issues] == ["double-space"]
    assert [(i.check, i.note) for i in report.suppressed] == [("end-punctuation", "suppressed by locflow-ignore: end-punctuation")]
    both = Example("Delete the file?", "Datei  löschen.", note="locflow-ignore: end-punctuation, double-space").units()
    assert run_checks(both).issues == []


def test_baseline_fails_only_on_new_issues() -> None:
    before = run_checks(Example("Wait 30 minutes", "Warten Sie 3 Minuten").units())
    baseline = Baseline.from_json(Baseline.from_report(before).to_json())
    assert len(baseline) == len(before.issues) == 2
    again = baseline.apply(run_checks(Example("Wait 30 minutes", "Warten Sie 3 Minuten").units()))
    assert again.issues == [] and len(again.baselined) == 2 and not again.failed
    worse = baseline.apply(run_checks(Example("Wait 30 minutes!", "Warten Sie 3 Minuten").units(), Profile.from_config({"fail_on": "warning"})))
    assert [i.check for i in worse.issues] == ["end-punctuation"] and len(worse.baselined) == 2 and worse.failed
    with pytest.raises(ConfigError):
        Baseline.from_json({"issues": []})


def test_mqm_penalty_per_thousand_words_and_gate() -> None:
    units = Example("Delete %s now", "Jetzt löschen", flags=("c-format",)).units()  # critical: 25
    report = run_checks(units, Profile.from_config({"fail_on": "never"}))
    assert report.words == 3 and report.penalty_points == 25
    assert report.penalty == pytest.approx(25 * 1000 / 3, abs=0.01)
    assert not report.failed
    gated = run_checks(units, Profile.from_config({"fail_on": "never", "max_penalty": 1000}))
    assert gated.failed and "exceeds 1000" in gated.gate_failures()[0]
    lighter = run_checks(units, Profile.from_config({"fail_on": "never", "weights": {"critical": 1}}))
    assert lighter.penalty_points == 1
