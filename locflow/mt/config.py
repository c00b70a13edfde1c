"""Reading the ``[mt]`` table of ``locflow.toml`` into :class:`~locflow.mt.settings.MTSettings`.

Two forms are valid. The one-engine form of earlier versions::

    [mt]
    provider = "libretranslate"
    url = "http://localhost:5000"     # the provider's own options beside it

and several engines with a fallback order, routes per locale, a character
budget and privacy settings::

    [mt]
    use = ["deepl", "lt"]
    max_chars = 2000000
    concurrency = 4
    [mt.engines.deepl]
    engine = "deepl"
    api_key_env = "DEEPL_AUTH_KEY"
    [mt.routes]
    ja = "llm"                        # or a list: the order to try for that locale
    [mt.privacy]
    patterns = { ticket = 'TCK-\\d{6}' }

Every engine is built once here (no network: constructors only check
options), so an unknown engine or a wrong option fails at load time, as an
exit-2 error naming the file, the line and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from locflow.errors import ConfigError, UnknownPluginError
from locflow.model import Locale, LocaleError
from locflow.mt.engines import build_engine
from locflow.mt.settings import DEFAULT_CONCURRENCY, EngineSpec, MTSettings
from locflow.privacy.detect import BUILTIN_KINDS, PrivacySettings

__all__ = ["read_mt_table"]

_MT_KEYS = {"provider", "use", "max_chars", "concurrency", "cache", "engines", "routes", "privacy"}
_PRIVACY_KEYS = {"enabled", "kinds", "patterns", "names", "name_patterns", "detectors"}


def read_mt_table(reader: Any, table: Any, targets: Sequence[Locale]) -> tuple[MTSettings, str, dict[str, Any]]:
    """The settings, and for the one-engine form its provider and options (else ``""`` and ``{}``).

    ``reader`` is the config reader: ``reader.error(table, key, message)``
    makes the error with file and line, ``reader.get``/``reader.strings``
    read typed values.
    """
    if not isinstance(table, dict):
        raise reader.error("mt", None, "must be a table")
    table = dict(table)
    engines_table = table.pop("engines", None)
    has_use = "use" in table
    common = {
        "max_chars": _max_chars(reader, table.pop("max_chars", None)),
        "concurrency": _concurrency(reader, table.pop("concurrency", DEFAULT_CONCURRENCY)),
        "cache": reader.get(table, "mt", "cache", bool, True),
        "privacy": _privacy(reader, table.pop("privacy", {})),
    }
    table.pop("cache", None)
    routes_table = table.pop("routes", {})
    use = reader.strings(table, "mt", "use")
    table.pop("use", None)
    if engines_table is None and not has_use:
        provider = table.pop("provider", "pseudo")
        if not isinstance(provider, str):
            raise reader.error("mt", "provider", "expected a string")
        _check_engine(reader, "mt", "provider", provider, table)
        engines = {provider: EngineSpec(provider, provider, dict(table))}
        use, options = (provider,), dict(table)
    else:
        if "provider" in table:
            raise reader.error("mt", "provider", "use either provider = ... or [mt.engines] with use = [...], not both")
        for key in table:
            raise reader.error("mt", key, f"unknown key {key!r} (known: {', '.join(sorted(_MT_KEYS))})")
        engines = _engines(reader, engines_table or {})
        use = use or tuple(engines)
        _check_names(reader, "mt", "use", use, engines)
        provider, options = "", {}
    routes = _routes(reader, routes_table, engines, targets)
    return MTSettings(engines=engines, use=tuple(use), routes=routes, **common), provider, options


def _engines(reader: Any, table: Any) -> dict[str, EngineSpec]:
    if not isinstance(table, dict):
        raise reader.error("mt.engines", None, "must be a table of [mt.engines.NAME] tables")
    engines = {}
    for name, spec in table.items():
        where = f"mt.engines.{name}"
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name):
            raise reader.error(where, None, "an engine name is letters, digits, '-', '_' or '.' (64 at most)")
        if not isinstance(spec, dict):
            raise reader.error(where, None, "must be a table")
        options = dict(spec)
        engine = options.pop("engine", None)
        if not isinstance(engine, str):
            raise reader.error(where, "engine", 'is required: the engine type, e.g. engine = "deepl"')
        _check_engine(reader, where, "engine", engine, options)
        engines[name] = EngineSpec(name, engine, options)
    return engines


def _option_named(message: str, options: Mapping[str, Any]) -> str | None:
    """The option an engine's error is about (engines name it in their message), for its line."""
    return next((key for key in options if f" {key}:" in message or f" {key!r}" in message or message.startswith(f"{key}:")), None)


def _check_engine(reader: Any, where: str, key: str, engine: str, options: Mapping[str, Any]) -> None:
    """Build the engine once: an unknown type or option is an error now, not at the first request."""
    try:
        built = build_engine(engine, dict(options))
    except UnknownPluginError as exc:
        raise reader.error(where, key, exc.message) from exc
    except ConfigError as exc:
        raise reader.error(where, _option_named(exc.message, options), exc.message) from exc
    close = getattr(built, "close", None)
    if callable(close):
        close()


def _check_names(reader: Any, table: str, key: str, names: Sequence[str], engines: Mapping[str, EngineSpec]) -> None:
    for name in names:
        if name not in engines:
            known = ", ".join(engines) or "none"
            raise reader.error(table, key, f"no engine {name!r} in [mt.engines] (configured: {known})")


def _routes(reader: Any, table: Any, engines: Mapping[str, EngineSpec], targets: Sequence[Locale]) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise reader.error("mt.routes", None, "must be a table: locale = engine name(s)")
    routes = {}
    for tag, value in table.items():
        try:
            locale = Locale(tag)
        except LocaleError as exc:
            raise reader.error("mt.routes", tag, str(exc)) from exc
        if not any(locale.matches(t) or t.matches(locale) for t in targets):
            raise reader.error("mt.routes", tag, f"{locale} is not a target locale (targets: {', '.join(t.tag for t in targets)})")
        names = reader.strings(table, "mt.routes", tag)
        if not names:
            raise reader.error("mt.routes", tag, "names no engine")
        _check_names(reader, "mt.routes", tag, names, engines)
        routes[locale.tag] = tuple(names)
    return routes


def _max_chars(reader: Any, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise reader.error("mt", "max_chars", f"expected a number of characters (0 or more), got {value!r}")
    return value


def _concurrency(reader: Any, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32:
        raise reader.error("mt", "concurrency", f"expected requests in flight at once, 1 to 32, got {value!r}")
    return value


def _privacy(reader: Any, table: Any) -> PrivacySettings:
    where = "mt.privacy"
    if not isinstance(table, dict):
        raise reader.error(where, None, "must be a table")
    reader.check_keys(table, where, _PRIVACY_KEYS)
    kinds = reader.strings(table, where, "kinds") if "kinds" in table else BUILTIN_KINDS
    for kind in kinds:
        if kind not in BUILTIN_KINDS:
            raise reader.error(where, "kinds", f"unknown kind {kind!r} (built in: {', '.join(BUILTIN_KINDS)})")
    patterns = reader.get(table, where, "patterns", dict, {})
    for kind, regex in patterns.items():
        _check_regex(reader, where, "patterns", regex, kind)
    name_patterns = reader.strings(table, where, "name_patterns")
    for regex in name_patterns:
        _check_regex(reader, where, "name_patterns", regex, "name")
    detectors = reader.strings(table, where, "detectors")
    _check_detectors(reader, where, detectors)
    return PrivacySettings(
        enabled=reader.get(table, where, "enabled", bool, True),
        kinds=tuple(kinds),
        patterns=dict(patterns),
        names=reader.strings(table, where, "names"),
        name_patterns=name_patterns,
        detectors=detectors,
    )


def _check_regex(reader: Any, where: str, key: str, regex: Any, kind: str) -> None:
    if not isinstance(regex, str):
        raise reader.error(where, key, f"the pattern for {kind!r} must be a string")
    try:
        if re.compile(regex).fullmatch(""):
            raise reader.error(where, key, f"the pattern for {kind!r} matches empty text")
    except re.error as exc:
        raise reader.error(where, key, f"the pattern for {kind!r} is not a valid regular expression: {exc}") from exc


def _check_detectors(reader: Any, where: str, names: Sequence[str]) -> None:
    from locflow import plugins
    from locflow.privacy.detect import PII_ENTRY_POINTS

    if not names:
        return
    known = plugins.available(PII_ENTRY_POINTS)
    for name in names:
        if name not in known:
            raise reader.error(where, "detectors", f"no personal-data detector {name!r} installed (known: {', '.join(known) or 'none'})")
