"""QA profiles: which checks run, how severe their findings are, and when the gate fails.

A profile comes from the ``[qa]`` table of ``locflow.toml``::

    [qa]
    fail_on = "error"            # error | warning | never
    max_penalty = 15             # MQM penalty points per 1,000 source words (optional gate)
    disable = ["length-ratio"]   # or: enable = [...] to run only those
    include_fuzzy = false

    [qa.weights]                 # MQM severity weights
    minor = 1
    major = 5
    critical = 25

    [qa.checks.max-length]       # per check: severity, MQM severity, parameters
    severity = "error"
    kinds = { button = 20, title = 60 }

    [qa.profiles.release]        # a named profile: the same keys, layered on top
    fail_on = "warning"

Everything is validated: an unknown key, check id or parameter is a
:class:`~locflow.model.errors.ConfigError` that lists what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from locflow.model.errors import ConfigError
from qa_checks.base import Check, MQMSeverity, Severity, default_mqm
from qa_checks.registry import known_checks

__all__ = ["Profile", "CheckSettings", "FAIL_ON", "DEFAULT_WEIGHTS"]

FAIL_ON = ("error", "warning", "never")
DEFAULT_WEIGHTS: Mapping[str, float] = {"neutral": 0, "minor": 1, "major": 5, "critical": 25}
_TOP_KEYS = {"fail_on", "max_penalty", "enable", "disable", "include_fuzzy", "weights", "checks", "profiles"}
_CHECK_KEYS = {"severity", "mqm"}


@dataclass(frozen=True)
class CheckSettings:
    """The effective settings of one enabled check."""

    severity: Severity
    mqm: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Profile:
    """Enabled checks with their settings, and the gate."""

    checks: Mapping[str, CheckSettings]
    disabled: frozenset[str] = frozenset()
    fail_on: str = "error"
    max_penalty: float | None = None
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    include_fuzzy: bool = False
    name: str = "default"

    @classmethod
    def default(cls) -> Profile:
        return cls.from_config({})

    @classmethod
    def from_config(cls, qa_table: Mapping[str, Any], *, profile: str | None = None, where: str = "[qa]") -> Profile:
        """Build a profile from the ``[qa]`` table, optionally with a named ``[qa.profiles.X]`` on top."""
        table = dict(qa_table)
        _check_keys(table, _TOP_KEYS, where)
        profiles = table.pop("profiles", {}) or {}
        if profile is not None:
            if profile not in profiles:
                raise ConfigError(f"unknown QA profile {profile!r}; known: {', '.join(sorted(profiles)) or 'none'}")
            overlay = dict(profiles[profile])
            _check_keys(overlay, _TOP_KEYS - {"profiles"}, f"{where}.profiles.{profile}")
            table = _merge(table, overlay)
        return _build(table, name=profile or "default", where=where)

    def instantiate(self) -> list[Check]:
        """Fresh check objects for one run, in report order."""
        classes = known_checks()
        return [classes[cid](s.params, severity=s.severity, mqm=s.mqm) for cid, s in self.checks.items()]

    def with_gate(self, *, fail_on: str | None = None, max_penalty: float | None = None) -> Profile:
        """The same profile with command-line gate options applied."""
        if fail_on is not None and fail_on not in FAIL_ON:
            raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        return replace(
            self,
            fail_on=fail_on if fail_on is not None else self.fail_on,
            max_penalty=max_penalty if max_penalty is not None else self.max_penalty,
        )

    def describe(self) -> dict[str, Any]:
        """What the reports print about the configuration."""
        return {
            "name": self.name,
            "fail_on": self.fail_on,
            "max_penalty": self.max_penalty,
            "checks": len(self.checks),
            "disabled": sorted(self.disabled),
            "overrides": {
                cid: {"severity": s.severity.value}
                for cid, s in self.checks.items()
                if s.severity != known_checks()[cid].severity
            },
            "weights": dict(self.weights),
        }


def _check_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"unknown key {unknown[0]!r} in {where}; allowed: {', '.join(sorted(allowed))}")


def _merge(base: dict[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


def _check_ids(values: Any, key: str, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}.{key} must be a list of check ids")
    _known_ids(values, f"{where}.{key}")
    return values


def _known_ids(ids: list[str], where: str) -> None:
    known = known_checks()
    for cid in ids:
        if cid not in known:
            raise ConfigError(f"unknown check id {cid!r} in {where}; known: {', '.join(known)}")


def _build(table: Mapping[str, Any], *, name: str, where: str) -> Profile:
    known = known_checks()
    fail_on = table.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{where}.fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    max_penalty = table.get("max_penalty")
    if max_penalty is not None and (not isinstance(max_penalty, (int, float)) or isinstance(max_penalty, bool) or max_penalty < 0):
        raise ConfigError(f"{where}.max_penalty must be a non-negative number")
    include_fuzzy = table.get("include_fuzzy", False)
    if not isinstance(include_fuzzy, bool):
        raise ConfigError(f"{where}.include_fuzzy must be true or false")
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in (table.get("weights") or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise ConfigError(f"unknown MQM severity {key!r} in {where}.weights; known: {', '.join(DEFAULT_WEIGHTS)}")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{where}.weights.{key} must be a non-negative number")
        weights[key] = value
    enabled = list(known)
    if "enable" in table:
        only = set(_check_ids(table["enable"], "enable", where))
        enabled = [cid for cid in enabled if cid in only]
    disabled = set(_check_ids(table.get("disable", []), "disable", where))
    per_check = table.get("checks") or {}
    if not isinstance(per_check, Mapping):
        raise ConfigError(f"{where}.checks must be a table of check ids")
    _known_ids(list(per_check), f"{where}.checks")
    checks = {}
    for cid in enabled:
        if cid in disabled:
            continue
        checks[cid] = _settings(known[cid], per_check.get(cid) or {}, f"{where}.checks.{cid}")
    return Profile(
        checks=checks,
        disabled=frozenset(disabled | (set(known) - set(enabled))),
        fail_on=fail_on,
        max_penalty=float(max_penalty) if max_penalty is not None else None,
        weights=weights,
        include_fuzzy=include_fuzzy,
        name=name,
    )


def _settings(check: type, table: Mapping[str, Any], where: str) -> CheckSettings:
    params = dict(check.params)
    allowed = _CHECK_KEYS | set(params)
    _check_keys(table, allowed, where)
    severity = check.severity
    if "severity" in table:
        try:
            severity = Severity(table["severity"])
        except ValueError:
            raise ConfigError(f"{where}.severity must be error, warning or info, not {table['severity']!r}") from None
    mqm = table.get("mqm") or default_mqm(check, severity)
    if mqm not in {m.value for m in MQMSeverity}:
        raise ConfigError(f"{where}.mqm must be one of {', '.join(m.value for m in MQMSeverity)}, not {mqm!r}")
    for key, value in table.items():
        if key in _CHECK_KEYS:
            continue
        default = params[key]
        if isinstance(default, Mapping) and isinstance(value, Mapping):
            value = {**default, **value}
        elif default is not None and not _same_kind(default, value):
            raise ConfigError(f"{where}.{key} must be {type(default).__name__}, not {type(value).__name__}")
        params[key] = value
    return CheckSettings(severity=severity, mqm=mqm, params=params)


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))
