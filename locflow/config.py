"""The project configuration: ``locflow.toml``, validated on load.

Every mistake is reported as a :class:`~locflow.errors.ConfigError` (exit 2)
that names the file, the line where it can be found, and the key, e.g.
``locflow.toml:4: [project] target_locales: unknown locale 'xx-YY'``. Unknown
keys are errors too: a typo must not silently fall back to a default.

The schema, by table (see README for the full reference)::

    [project]   source_locale, target_locales, name
    [[content]] path (glob or list of globs), format, exclude, options
    [build]     output ("build/{locale}/{path}"), fallback (source|omit|fail),
                min_state (mt|tm|translated|reviewed|approved), on_qa_error (hold|drop)
    [store]     url (default sqlite:///.locflow/locflow.db)        # extension
    [tm]        url, import, fuzzy_threshold, fill_threshold
    [termbase]  url, import
    [mt]        use, max_chars, concurrency, cache; [mt.engines.NAME] engine and its
                options; [mt.routes] locale = engine(s); [mt.privacy]; or the
                one-engine form: provider, and its options (url, ...)
    [qa]        fail_on, and the QA profile (checked by qa_checks)
    [analysis]  currency, weights (percent per band), rates (per locale)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from locflow.errors import ConfigError
from locflow.model import Locale, LocaleError, State
from locflow.mt.config import read_mt_table
from locflow.mt.settings import MTSettings

__all__ = [
    "Config",
    "ContentSpec",
    "AnalysisSettings",
    "ANALYSIS_BANDS",
    "DEFAULT_WEIGHTS",
    "load_config",
    "CONFIG_NAME",
    "DEFAULT_STORE_URL",
    "write_default_config",
]

CONFIG_NAME = "locflow.toml"
DEFAULT_STORE_URL = "sqlite:///.locflow/locflow.db"
FALLBACKS = ("source", "omit", "fail")
#: What a build does with a locale whose translations fail the QA gate.
ON_QA_ERROR = ("hold", "drop")
#: The lowest states a build can be asked to publish, from least to most trusted.
PUBLISHED_STATES = (State.MT, State.TM, State.TRANSLATED, State.REVIEWED, State.APPROVED)


#: The bands of an analysis, in the order reports list them (see :mod:`locflow.pipeline.analyze`).
ANALYSIS_BANDS = (
    "context", "exact", "repetition", "95-99", "85-94", "75-84", "50-74", "no match", "mt-filled", "term-filled",
)
#: Percent of the full rate each band costs: the common memoQ-style grid. A draft from MT or
#: the termbase still needs a translator's full attention unless a rate for it is agreed.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "context": 10, "repetition": 20, "exact": 30, "95-99": 40, "85-94": 50, "75-84": 70,
    "mt-filled": 100, "term-filled": 100, "50-74": 100, "no match": 100,
}


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """``[analysis]``: percent of the rate per band, and rates per target locale for a cost
    estimate (per weighted word; per weighted character for sources counted in characters)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rates: Mapping[str, float] = field(default_factory=dict)
    currency: str = ""


@dataclass(frozen=True, slots=True)
class ContentSpec:
    """One ``[[content]]`` entry: which files, which filter, which filter options."""

    paths: tuple[str, ...]
    format: str | None = None
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    source_locale: Locale
    target_locales: tuple[Locale, ...]
    content: tuple[ContentSpec, ...]
    name: str = ""
    build_output: str = "build/{locale}/{path}"
    fallback: str = "source"
    min_state: State = State.MT
    on_qa_error: str = "hold"
    store_url: str = DEFAULT_STORE_URL
    tm_url: str | None = None
    tm_import: tuple[str, ...] = ()
    fuzzy_threshold: float = 75.0
    fill_threshold: float = 100.0
    termbase_url: str | None = None
    termbase_import: tuple[str, ...] = ()
    mt_provider: str = "pseudo"  # the one-engine form's provider ("" when [mt.engines] is used)
    mt_options: Mapping[str, Any] = field(default_factory=dict)
    mt: MTSettings = field(default_factory=lambda: MTSettings.single("pseudo"))
    qa: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    analysis: AnalysisSettings = field(default_factory=lambda: AnalysisSettings())

    @property
    def state_dir(self) -> Path:
        return self.root / ".locflow"

    def line_of(self, table: str, key: str | None) -> int | None:
        """The line of ``key`` in ``[table]`` of the file, for errors found after loading."""
        if self.path is None or not self.path.is_file():
            return None
        return _Reader(self.path, self.path.read_text(encoding="utf-8")).line_of(table, key)

    def line_holding(self, text: str) -> int | None:
        """The first line of ``locflow.toml`` that holds ``text`` (for errors found after loading)."""
        if self.path is None or not self.path.is_file():
            return None
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if text in line:
                return number
        return None

    def resolve_url(self, url: str) -> str:
        """Make a relative SQLite path absolute against the project root."""
        return resolve_sqlite_url(url, self.root)

    def locales(self, wanted: list[str] | tuple[str, ...] | None = None) -> tuple[Locale, ...]:
        """The target locales, or the subset named in ``wanted`` (each must be a target locale)."""
        if not wanted:
            return self.target_locales
        chosen = []
        for tag in wanted:
            locale = _parse_locale(tag, "-l/--locale", None, "")
            if locale not in self.target_locales:
                known = ", ".join(str(l) for l in self.target_locales)
                raise ConfigError(f"{locale} is not a target locale of this project (targets: {known})")
            chosen.append(locale)
        return tuple(chosen)


def resolve_sqlite_url(url: str, root: Path) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        return prefix + str((root / url[len(prefix):]).resolve())
    return url


# -- validation ------------------------------------------------------------------

_SCHEMA: dict[str, set[str]] = {
    "project": {"source_locale", "target_locales", "name"},
    "content": {"path", "format", "exclude", "options"},
    "build": {"output", "fallback", "min_state", "on_qa_error"},
    "store": {"url"},
    "tm": {"url", "import", "fuzzy_threshold", "fill_threshold"},
    "termbase": {"url", "import"},
    "mt": None,  # type: ignore[dict-item]  # provider options are the provider's business
    "qa": None,  # type: ignore[dict-item]  # validated by qa_checks' profile
    "analysis": {"currency", "weights", "rates"},
}


class _Reader:
    """Reads values out of the parsed TOML, reporting errors with file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: str, key: str | None, entry: int = 0) -> int | None:
        """Best-effort line of ``key`` inside ``[table]`` (TOML parsers give no positions);
        ``entry`` picks the n-th ``[[table]]`` of an array of tables."""
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?")
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=") if key else None
        in_table = False
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            if re.match(r"^\s*\[", line):
                in_table = bool(header.match(line))
                seen += in_table
                in_table = in_table and seen == entry
                if in_table and key_re is None:
                    return number
                continue
            if in_table and key_re is not None and key_re.match(line):
                return number
        return None

    def error(self, table: str, key: str | None, message: str, entry: int = 0) -> ConfigError:
        where = f"[{table}] {key}" if key else f"[{table}]"
        return ConfigError(f"{where}: {message}", path=self.path, line=self.line_of(table, key, entry))

    def get(self, data: Mapping[str, Any], table: str, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.error(table, key, f"expected {names}, got {type(value).__name__} {value!r}")
        return value

    def strings(self, data: Mapping[str, Any], table: str, key: str) -> tuple[str, ...]:
        value = self.get(data, table, key, (str, list), [])
        items = [value] if isinstance(value, str) else value
        if not all(isinstance(item, str) for item in items):
            raise self.error(table, key, "expected a string or a list of strings")
        return tuple(items)

    def check_keys(self, data: Mapping[str, Any], table: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                raise self.error(table, key, f"unknown key {key!r} (known: {', '.join(sorted(allowed))})")


def _parse_locale(tag: Any, table: str, reader: _Reader | None, key: str) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        if reader is None:
            raise ConfigError(f"{table}: {exc}") from exc
        raise reader.error(table, key, str(exc)) from exc


def _check_relative(reader: _Reader, table: str, key: str, value: str) -> None:
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts:
        raise reader.error(table, key, f"{value!r} must be a relative path inside the project (no '..')")


def load_config(root: Path | str) -> Config:
    """Read and validate ``<root>/locflow.toml``."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} here; run 'locflow init' first", path=path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"not valid TOML: {exc}", path=path, line=line) from exc
    return _build_config(root, path, text, data)


def _build_config(root: Path, path: Path, text: str, data: dict[str, Any]) -> Config:
    reader = _Reader(path, text)
    for table in data:
        if table not in _SCHEMA:
            raise ConfigError(
                f"unknown table [{table}] (known: {', '.join(sorted(_SCHEMA))})", path=path, line=reader.line_of(table, None)
            )
    for table, allowed in _SCHEMA.items():
        value = data.get(table, {})
        if allowed is not None and table != "content":
            if not isinstance(value, dict):
                raise reader.error(table, None, "must be a table")
            reader.check_keys(value, table, allowed)

    project = data.get("project", {})
    if "source_locale" not in project:
        raise reader.error("project", "source_locale", "is required")
    source = _parse_locale(reader.get(project, "project", "source_locale", str, ""), "project", reader, "source_locale")
    target_tags = reader.strings(project, "project", "target_locales")
    if not target_tags:
        raise reader.error("project", "target_locales", "is required: at least one target locale")
    targets = tuple(_parse_locale(tag, "project", reader, "target_locales") for tag in target_tags)
    repeated = sorted({str(t) for t in targets if targets.count(t) > 1})
    if repeated:
        raise reader.error("project", "target_locales", f"{', '.join(repeated)} listed more than once")
    if source in targets:
        raise reader.error("project", "target_locales", f"the source locale {source} cannot also be a target")

    build = data.get("build", {})
    fallback = _choice(reader, build, "build", "fallback", FALLBACKS, "source")
    min_state = _choice(reader, build, "build", "min_state", [s.value for s in PUBLISHED_STATES], State.MT.value)
    on_qa_error = _choice(reader, build, "build", "on_qa_error", ON_QA_ERROR, "hold")
    output = reader.get(build, "build", "output", str, "build/{locale}/{path}")
    if "{locale}" not in output or "{path}" not in output:
        raise reader.error("build", "output", "must contain {locale} and {path}")
    _check_relative(reader, "build", "output", output)

    tm = data.get("tm", {})
    mt_settings, provider, provider_options = read_mt_table(reader, data.get("mt", {}), targets)
    termbase = data.get("termbase", {})
    for table, patterns in (("tm", reader.strings(tm, "tm", "import")), ("termbase", reader.strings(termbase, "termbase", "import"))):
        for pattern in patterns:
            _check_relative(reader, table, "import", pattern)

    return Config(
        root=root,
        path=path,
        name=reader.get(project, "project", "name", str, root.name),
        source_locale=source,
        target_locales=targets,
        content=_content_specs(reader, data.get("content", [])),
        build_output=output,
        fallback=fallback,
        min_state=State(min_state),
        on_qa_error=on_qa_error,
        store_url=reader.get(data.get("store", {}), "store", "url", str, DEFAULT_STORE_URL),
        tm_url=reader.get(tm, "tm", "url", str, None),
        tm_import=reader.strings(tm, "tm", "import"),
        fuzzy_threshold=float(_threshold(reader, tm, "fuzzy_threshold", 75.0)),
        fill_threshold=float(_threshold(reader, tm, "fill_threshold", 100.0)),
        termbase_url=reader.get(termbase, "termbase", "url", str, None),
        termbase_import=reader.strings(termbase, "termbase", "import"),
        mt_provider=provider,
        mt_options=provider_options,
        mt=mt_settings,
        qa=data.get("qa", {}),
        analysis=_analysis_settings(reader, data.get("analysis", {})),
    )


def _choice(reader: _Reader, data: Mapping[str, Any], table: str, key: str, choices: Sequence[str], default: str) -> str:
    value = reader.get(data, table, key, str, default)
    if value not in choices:
        raise reader.error(table, key, f"must be one of {', '.join(choices)}, not {value!r}")
    return value


def _threshold(reader: _Reader, tm: Mapping[str, Any], key: str, default: float) -> float:
    value = reader.get(tm, "tm", key, (int, float), default)
    if not 0 <= value <= 101:
        raise reader.error("tm", key, f"must be between 0 and 101, not {value}")
    return value


def _content_specs(reader: _Reader, entries: Any) -> tuple[ContentSpec, ...]:
    if not isinstance(entries, list):
        raise reader.error("content", None, "must be an array of tables: [[content]]")
    specs = []
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise reader.error("content", None, "each [[content]] must be a table", number)
        for key in entry:
            if key not in _SCHEMA["content"]:
                raise reader.error("content", key, f"unknown key {key!r} (known: {', '.join(sorted(_SCHEMA['content']))})", number)
        paths = reader.strings(entry, "content", "path")
        if not paths:
            raise reader.error("content", "path", "is required", number)
        for pattern in paths:
            _check_relative(reader, "content", "path", pattern)
        spec = ContentSpec(
            paths=paths,
            format=reader.get(entry, "content", "format", str, None),
            exclude=reader.strings(entry, "content", "exclude"),
            options=reader.get(entry, "content", "options", dict, {}),
        )
        _check_filter(reader, spec, number)
        specs.append(spec)
    return tuple(specs)


def _check_filter(reader: _Reader, spec: ContentSpec, entry: int) -> None:
    """A named format must be a registered filter that takes the options given; options
    without a format must be known to some filter (the file decides which one reads it)."""
    from locflow import plugins

    filters = plugins.available(plugins.FILTERS)
    if spec.format is not None and spec.format not in filters:
        raise reader.error("content", "format", f"unknown format {spec.format!r} (formats: {', '.join(sorted(filters))})", entry)
    chosen = [filters[spec.format]] if spec.format is not None else _claimants(spec, filters)
    known = {name for cls in chosen for name in getattr(cls, "options", {})}
    unknown = sorted(set(spec.options) - known)
    if unknown:
        what = f"format {spec.format!r}" if spec.format else "any format"
        raise reader.error("content", "options", f"unknown option(s) {', '.join(unknown)} for {what} (known: {', '.join(sorted(known)) or 'none'})", entry)
    if spec.format is not None:
        try:
            filters[spec.format](**dict(spec.options))
        except (ConfigError, TypeError, ValueError) as exc:
            raise reader.error("content", "options", getattr(exc, "message", str(exc)), entry) from exc


def _claimants(spec: ContentSpec, filters: Mapping[str, Any]) -> list[Any]:
    """The filters that may read the files of a spec without a format: by the extensions of
    its globs (every filter when a glob leaves the extension open)."""
    suffixes = {PurePosixPath(pattern).suffix.lower() for pattern in spec.paths}
    if any(not suffix or any(ch in suffix for ch in "*?[") for suffix in suffixes):
        return list(filters.values())
    return [cls for cls in filters.values() if suffixes & set(getattr(cls, "extensions", ()))] or list(filters.values())


def write_default_config(
    root: Path, source: Locale, targets: list[Locale], content: list[str], *, exists_ok: bool = False
) -> Path:
    """Write a commented ``locflow.toml`` for ``locflow init``."""
    path = root / CONFIG_NAME
    if path.exists() and not exists_ok:
        raise ConfigError(f"{CONFIG_NAME} already exists; not overwriting it", path=path)
    quoted = ", ".join(f'"{t}"' for t in targets)
    blocks = "".join(f'\n[[content]]\npath = "{pattern}"\n' for pattern in content)
    path.write_text(
        f"""[project]
source_locale = "{source}"
target_locales = [{quoted}]
{blocks}
[build]
output = "build/{{locale}}/{{path}}"
fallback = "source"          # source | omit | fail, for untranslated segments
min_state = "mt"             # lowest state published: mt | tm | translated | reviewed | approved
on_qa_error = "hold"         # a locale failing the QA gate: hold (publish nothing) | drop (its failing segments)

[tm]
fuzzy_threshold = 75

[mt]
provider = "none"            # machine translation off; "pseudo" pseudo-translates offline for testing

[qa]
fail_on = "error"
""",
        encoding="utf-8",
    )
    return path


def _analysis_settings(reader: _Reader, table: Mapping[str, Any]) -> AnalysisSettings:
    """``[analysis]``: weights override the default grid band by band; rates need a currency."""
    weights = dict(DEFAULT_WEIGHTS)
    for band, value in _number_table(reader, table, "weights").items():
        if band not in DEFAULT_WEIGHTS:
            raise reader.error("analysis.weights", band, f"unknown band (bands: {', '.join(ANALYSIS_BANDS)})")
        if not 0 <= value <= 1000 or abs(value * 100 - round(value * 100)) > 1e-9:
            raise reader.error("analysis.weights", band, f"a percent between 0 and 1000 with at most two decimals, not {value:g}")
        weights[band] = value
    rates = {}
    for tag, value in _number_table(reader, table, "rates").items():
        if value < 0:
            raise reader.error("analysis.rates", tag, "a rate cannot be negative")
        rates[str(_parse_locale(tag, "analysis.rates", reader, tag))] = value
    currency = reader.get(table, "analysis", "currency", str, "")
    if rates and not currency:
        raise reader.error("analysis", "currency", "is required with rates (e.g. currency = \"EUR\")")
    return AnalysisSettings(weights, rates, currency)


def _number_table(reader: _Reader, table: Mapping[str, Any], key: str) -> dict[str, float]:
    values = reader.get(table, "analysis", key, dict, {})
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise reader.error(f"analysis.{key}", name, f"expected a number, got {value!r}")
    return {name: float(value) for name, value in values.items()}
