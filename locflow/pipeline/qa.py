"""The QA stage: build :class:`~qa_checks.CheckedUnit` objects from files and run the checks.

``qa_checks`` reads no files; this module does. Standalone mode reads PO files
with a fast line reader that follows polib's grammar, polib reading whatever it
leaves (plural entries, flags that name the placeholder syntax, the ``msgstr``
line of every entry for SARIF and JUnit), and XLIFF files through the
exchange readers (:func:`locflow.exchange.read_exchange_file`). Project mode
reads the project store. Both end in :func:`qa_checks.run_checks`.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import polib

from locflow.errors import ConfigError, MalformedFileError, UsageError
from locflow.model import Locale, LocaleError, Segment
from qa_checks import Baseline, CheckContext, CheckedUnit, Profile, QAReport, Termbase, run_checks
from qa_checks.runner import gc_paused

__all__ = [
    "QAOptions",
    "check_files",
    "check_project",
    "check_open_project",
    "read_po_units",
    "read_exchange_units",
    "read_units",
    "load_qa_config",
    "load_baseline",
    "write_baseline",
    "PO_SUFFIXES",
    "XLIFF_SUFFIXES",
]

log = logging.getLogger(__name__)

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlf2", ".sdlxliff")
_PLURAL_FORMS_COUNT = "nplurals="
#: gettext conventions whose "translation" lists translators, not text: nothing to check
_CREDIT_MSGIDS = frozenset({"translator-credits", "translator_credits", "Your names", "Your emails"})


@dataclass(frozen=True)
class QAOptions:
    """What a QA run is asked to do, beyond the files or the project."""

    profile: Profile
    source_locale: Locale | None = None
    target_locale: Locale | None = None
    include_fuzzy: bool = False
    termbase: Termbase | None = None
    baseline: Baseline | None = None
    #: only these target locales (BCP 47 tags; a tag also selects its regional variants)
    locales: tuple[str, ...] = ()


def check_files(
    paths: Sequence[str | Path],
    options: QAOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> QAReport:
    """Check PO and XLIFF files without a project (the CI mode of ``locflow qa FILE...``)."""
    units = read_units(paths, options)
    if options.locales:
        wanted = [Locale(tag) for tag in options.locales]
        units = [u for u in units if any(u.target_locale.matches(w) or u.target_locale == w for w in wanted)]
    report = run_checks(units, options.profile, CheckContext(termbase=options.termbase), progress=progress)
    if options.baseline is not None:
        report = options.baseline.apply(report)
    return report


def check_project(
    project_dir: str | Path, locales: Sequence[str], options: QAOptions, *, progress: Callable[[int, int], None] | None = None
) -> QAReport:
    """Check the project's stored translations for ``locales`` (all target locales when empty)."""
    from locflow.project import Project

    with Project.open(project_dir) as project:
        return check_open_project(project, project.config.locales(list(locales)), options, progress=progress)


def check_open_project(
    project: Any, locales: Sequence[Locale], options: QAOptions, *, progress: Callable[[int, int], None] | None = None
) -> QAReport:
    """Check every stored translation of ``locales`` in an open project (used by ``run`` too)."""
    from locflow.pipeline.qa_units import project_units

    units = list(project_units(project, locales))
    report = run_checks(units, options.profile, CheckContext(termbase=options.termbase), progress=progress)
    return options.baseline.apply(report) if options.baseline is not None else report


# -- reading files ----------------------------------------------------------------


def read_units(paths: Iterable[str | Path], options: QAOptions) -> list[CheckedUnit]:
    """Units of every file, dispatched by extension."""
    units: list[CheckedUnit] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        suffix = path.suffix.lower()
        if suffix in PO_SUFFIXES:
            units.extend(
                read_po_units(
                    path,
                    source_locale=options.source_locale,
                    target_locale=options.target_locale,
                    include_fuzzy=options.include_fuzzy or options.profile.include_fuzzy,
                )
            )
        elif suffix in XLIFF_SUFFIXES:
            units.extend(read_exchange_units(path, source_locale=options.source_locale, target_locale=options.target_locale))
        else:
            raise UsageError(f"{path}: cannot check {suffix or 'extension-less'} files; give PO or XLIFF files")
    return units


def _locale(tag: str, what: str, path: Path) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        raise UsageError(f"{path}: {what} {tag!r} is not a valid locale: {exc}") from exc


def _parse_po(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        message = str(exc)
        line = None
        marker = "(line "
        if marker in message:
            digits = message.split(marker, 1)[1].split(")", 1)[0]
            line = int(digits) if digits.isdigit() else None
            message = message.split(" (line")[0]
        raise MalformedFileError(f"not a valid PO file: {message}", path=path, line=line) from exc


def _msgstr_lines(path: Path) -> list[int]:
    """The line number of every ``msgstr``/``msgstr[n]`` line, in file order."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return [number for number, line in enumerate(handle, 1) if line.startswith("msgstr")]


def _read_po(path: Path) -> tuple[Sequence[Any], Mapping[str, str], list[int]]:
    """Entries, header metadata and ``msgstr`` line numbers: by the fast reader, else by polib."""
    try:
        return _scan_po(path.read_bytes())
    except (OSError, _PoSyntax, UnicodeDecodeError, LookupError) as exc:
        log.debug("%s: read by polib (%s)", path, exc)
    po = _parse_po(path)
    return list(po), po.metadata, _msgstr_lines(path)


def _target_locale(metadata: Mapping[str, str], path: Path, override: Locale | None) -> Locale:
    if override is not None:
        return override
    tag = (metadata.get("Language") or "").strip()
    if not tag:
        raise UsageError(f"{path}: no Language header; give the target locale with --target-locale")
    return _locale(tag, "the Language header", path)


def _plural_rule(metadata: Mapping[str, str]) -> tuple[int | None, str | None]:
    header = metadata.get("Plural-Forms", "")
    if _PLURAL_FORMS_COUNT not in header:
        return None, None
    count = header.split(_PLURAL_FORMS_COUNT, 1)[1].split(";", 1)[0].strip()
    expr = header.split("plural=", 1)[1].strip().rstrip(";") if "plural=" in header else None
    return (int(count) if count.isdigit() else None), expr


def read_po_units(
    path: str | Path,
    *,
    source_locale: Locale | None = None,
    target_locale: Locale | None = None,
    include_fuzzy: bool = False,
) -> list[CheckedUnit]:
    """The entries of a PO file as units (obsolete entries skipped, fuzzy ones unless asked).

    Each unit's ``line`` is its ``msgstr`` line; plural entries carry every
    ``msgstr[n]`` line and the header's plural rule.
    """
    path = Path(path)
    with gc_paused():
        return _po_units(path, source_locale, target_locale, include_fuzzy)


def _po_units(path: Path, source_locale: Locale | None, target_locale: Locale | None, include_fuzzy: bool) -> list[CheckedUnit]:
    entries, metadata, lines = _read_po(path)
    source = source_locale or _locale(metadata.get("X-Source-Language", "") or "en", "the source locale", path)
    target = _target_locale(metadata, path, target_locale)
    plural_count, plural_expr = _plural_rule(metadata)
    line_index = 0
    units = []
    name = str(path)
    for entry in entries:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        if entry.msgid in _CREDIT_MSGIDS:
            line_index += 1
            continue
        # the entry's msgstr lines are the first ones after its msgid line
        while line_index < len(lines) and lines[line_index] < entry.linenum:
            line_index += 1
        count = len(entry.msgstr_plural) if entry.msgid_plural else 1
        entry_lines = tuple(lines[line_index : line_index + count])
        line_index += count
        if entry.fuzzy and not include_fuzzy:
            continue
        units.append(_po_unit(entry, name, source, target, entry_lines, plural_count, plural_expr))
    log.debug("%s: %d units", path, len(units))
    return units


def _po_unit(
    entry: Any,
    file: str,
    source: Locale,
    target: Locale,
    lines: tuple[int, ...],
    plural_count: int | None,
    plural_expr: str | None,
) -> CheckedUnit:
    tcomment, comment = entry.tcomment, entry.comment
    msgid, msgctxt, flags = entry.msgid, entry.msgctxt, entry.flags
    fuzzy = "fuzzy" in flags
    common = dict(
        key=msgctxt if msgctxt is not None else msgid,
        source=_text_segment(msgid),
        source_locale=source,
        target_locale=target,
        file=file,
        line=lines[0] if lines else entry.linenum,
        note=f"{tcomment}\n{comment}" if tcomment and comment else (tcomment or comment),
        state="fuzzy" if fuzzy else ("translated" if entry.translated() else "new"),
        flags=frozenset(flags) if flags else _NO_FLAGS,
        context=msgctxt or "",
    )
    if not entry.msgid_plural:
        msgstr = entry.msgstr
        common["target"] = _text_segment(msgstr)
        # the rendered and plain texts of a text-only segment are its string: set them now
        common.update(source_text=msgid, source_plain=msgid, target_text=msgstr, target_plain=msgstr)
        return _new_unit(common)
    forms = [_text_segment(entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    return CheckedUnit(
        target=forms[0] if forms else Segment(),
        plurals=tuple(forms[1:]),
        source_plural=_text_segment(entry.msgid_plural),
        plural_count=plural_count,
        plural_expr=plural_expr,
        plural_lines=lines,
        **common,  # type: ignore[arg-type]
    )


_EMPTY_SEGMENT = Segment()
_NO_FLAGS: frozenset[str] = frozenset()
_UNIT_DEFAULTS = {f.name: f.default for f in fields(CheckedUnit)}


def _text_segment(text: str) -> Segment:
    """``Segment.text_only(text)`` without the general normalisation a single string does not need."""
    if not text:
        return _EMPTY_SEGMENT
    segment = object.__new__(Segment)
    object.__setattr__(segment, "parts", (text,))
    return segment


def _new_unit(values: dict[str, Any]) -> CheckedUnit:
    """A :class:`CheckedUnit` built without the frozen dataclass's per-field ``__setattr__``.

    Equal to ``CheckedUnit(**values)`` for the fields in ``values``; other keys preset
    cached views. Building 50,000 units the usual way costs more than reading the file.
    """
    unit = object.__new__(CheckedUnit)
    object.__setattr__(unit, "__dict__", {**_UNIT_DEFAULTS, **values})
    return unit


# -- the fast PO reader ------------------------------------------------------------
#
# polib builds a full object model (entries, occurrences, wrapping) and costs about
# 16 us per entry; QA reads every entry once and needs a few fields of each. This
# reader follows polib's grammar line by line (the same states and transitions, the
# same unescaping, the same header parsing) and gives up on anything polib would
# reject or treat as an oddity: the file is then read by polib, which is the
# reference (tests compare both readers entry by entry on every PO file we have).


class _PoSyntax(Exception):
    """The fast reader met something it leaves to polib (an error or an oddity)."""


class _PoEntry:
    """The fields of a PO entry that QA reads, named as in :class:`polib.POEntry`."""

    __slots__ = ("linenum", "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags", "tcomment", "comment", "obsolete")

    def __init__(self, linenum: int) -> None:
        self.linenum = linenum
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural = ""
        self.msgstr = ""
        self.msgstr_plural: dict[int, str] = {}
        self.flags: list[str] = []
        self.tcomment = ""
        self.comment = ""
        self.obsolete = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def translated(self) -> bool:
        """As :meth:`polib.POEntry.translated`."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgstr != "":
            return True
        return bool(self.msgstr_plural) and all(form != "" for form in self.msgstr_plural.values())


#: polib's states: which may precede each kind of line (a line in any other state is an error)
_ANY_STATE = frozenset({"st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"})
_ALLOWED_BEFORE = {
    "tc": frozenset({"gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi"}),
    "ct": frozenset({"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mi": frozenset({"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}),
    "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}),
    "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
    "gc": _ANY_STATE,
    "oc": _ANY_STATE,
    "fl": _ANY_STATE,
    "pc": _ANY_STATE,
    "pm": _ANY_STATE,
    "pp": _ANY_STATE,
}
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS_KEYWORDS = {"msgid_plural": "pp", "msgid": "pm", "msgctxt": "pc"}
_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')
_CHARSET = re.compile(rb'"?Content-Type:.+? charset=([\w_\-:\.]+)')


def _po_encoding(data: bytes) -> str:
    """The charset of the Content-Type header, found as polib finds it (else UTF-8)."""
    position = 0
    while (found := _CHARSET.search(data, position)) is not None:
        name = found.group(1).strip().decode("utf-8")
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            end = data.find(b"\n", found.start())
            if end < 0:
                break
            position = end + 1
    return polib.default_encoding


def _string(token: str) -> str:
    """A quoted PO string without its quotes, unescaped (polib's rules)."""
    inner = token[1:-1]
    if '"' in inner and _UNESCAPED_QUOTE.search(inner):
        raise _PoSyntax("unescaped double quote")
    return polib.unescape(inner) if "\\" in inner else inner


class _PoScanner:
    """polib's state machine over lines, keeping only what QA reads."""

    def __init__(self) -> None:
        self.entries: list[_PoEntry] = []
        self.entry = _PoEntry(0)
        self.state = "st"
        self.plural_index = 0
        #: line numbers of the lines starting with ``msgstr`` (as written, not stripped)
        self.msgstr_lines: list[int] = []

    def scan(self, text: str) -> None:
        last_is_comment = True
        for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
            if raw.startswith("msgstr"):
                self.msgstr_lines.append(number)
            if number == 1 and raw.startswith("\ufeff"):
                raw = raw[1:]
            line = raw.strip()
            if not line:
                continue
            obsolete = False
            if line.startswith("#~"):
                head = line.split(None, 1)[0]
                if head == "#~|":
                    last_is_comment = True
                    continue
                if head != "#~" or line == "#~":
                    raise _PoSyntax(line)
                line = line[3:].strip()
                if line.startswith("#"):
                    raise _PoSyntax(line)
                obsolete = True
            first = line[0]
            last_is_comment = first == "#"
            if first == "m":
                self.keyword(line, number, obsolete)
            elif first == "#":
                self.comment(line, number)
            elif first == '"':
                self.continuation(_string(line))
            else:
                raise _PoSyntax(line)
        if not last_is_comment:
            self.entries.append(self.entry)

    def move(self, symbol: str, number: int) -> None:
        """Enter the state of ``symbol``; a new entry starts after a ``msgstr``."""
        if self.state not in _ALLOWED_BEFORE[symbol]:
            raise _PoSyntax(symbol)
        if self.state in ("ms", "mx") and symbol not in ("mp", "ms", "mx"):
            self.entries.append(self.entry)
            self.entry = _PoEntry(number)
        self.state = symbol

    def keyword(self, line: str, number: int, obsolete: bool) -> None:
        parts = line.split(None, 1)
        symbol = _KEYWORDS.get(parts[0])
        if symbol is not None and len(parts) > 1:
            value = _string(parts[1])
            self.move(symbol, number)
            entry = self.entry
            if symbol == "mi":
                entry.obsolete = obsolete
                entry.msgid = value
            elif symbol == "ms":
                entry.msgstr = value
            elif symbol == "ct":
                entry.msgctxt = value
            else:
                entry.msgid_plural = value
        elif line.startswith("msgstr[") and line[8:9] == "]" and line[7].isdigit() and '"' in line:
            self.move("mx", number)
            self.plural_index = int(line[7])
            value = line[line.find('"') + 1 : -1]
            self.entry.msgstr_plural[self.plural_index] = polib.unescape(value) if "\\" in value else value
        else:
            raise _PoSyntax(line)

    def continuation(self, value: str) -> None:
        state = self.state
        if state not in _ALLOWED_BEFORE["mc"]:
            raise _PoSyntax(state)
        entry = self.entry
        if state == "ms":
            entry.msgstr += value
        elif state == "mi":
            entry.msgid += value
        elif state == "mx":
            entry.msgstr_plural[self.plural_index] += value
        elif state == "ct":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif state == "mp":
            entry.msgid_plural += value
        # continuations of previous strings (#| ...) are not kept

    def comment(self, line: str, number: int) -> None:
        if line.startswith("#: "):  # the most common comment: references, which QA does not keep
            self.move("oc", number)
            return
        tokens = line.split(None, 2)
        head = tokens[0]
        if head in ("#:", "#,", "#.") and len(tokens) <= 1:
            return
        if head == "#:":
            self.move("oc", number)
        elif head == "#,":
            self.move("fl", number)
            self.entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif head == "#" or head.startswith("##"):
            self.translator_comment(line, number)
        elif head == "#.":
            self.move("gc", number)
            entry = self.entry
            entry.comment = entry.comment + "\n" + line[3:] if entry.comment != "" else line[3:]
        elif head == "#|":
            self.previous(line, tokens, number)
        else:
            raise _PoSyntax(line)

    def translator_comment(self, line: str, number: int) -> None:
        if self.state in ("st", "he"):  # comments before the first entry: the file's header
            self.state = "he"
            return
        self.move("tc", number)
        text = (line if line != "#" else "# ").lstrip("#")
        text = text[1:] if text.startswith(" ") else text
        entry = self.entry
        entry.tcomment = entry.tcomment + "\n" + text if entry.tcomment != "" else text

    def previous(self, line: str, tokens: list[str], number: int) -> None:
        if len(tokens) <= 1:
            raise _PoSyntax(line)
        rest = line[2:].lstrip()
        if tokens[1].startswith('"'):
            # polib appends a "#|" string to whatever string is open, even msgid
            self.continuation(polib.unescape(rest[1:-1]))
            return
        symbol = _PREVIOUS_KEYWORDS.get(tokens[1]) if len(tokens) > 2 else None
        if symbol is None:
            raise _PoSyntax(line)
        self.move(symbol, number)


def _header_entry(entries: list[_PoEntry]) -> _PoEntry | None:
    """The entry polib takes for the header: of several ``msgid ""``, the last without context."""
    matches = [e for e in entries if not e.obsolete and e.msgid == ""]
    if len(matches) <= 1:
        return matches[0] if matches else None
    return next((e for e in reversed(matches) if not e.msgctxt), matches[0])


def _scan_po(data: bytes) -> tuple[list[_PoEntry], dict[str, str], list[int]]:
    """Entries (header removed), metadata and ``msgstr`` line numbers, as polib reads them."""
    scanner = _PoScanner()
    scanner.scan(data.decode(_po_encoding(data)))
    entries = scanner.entries
    metadata: dict[str, str] = {}
    header = _header_entry(entries)
    if header is not None:
        entries.remove(header)
        key = None
        for line in header.msgstr.splitlines():
            if ":" in line:
                key, value = line.split(":", 1)
                metadata[key] = value.strip()
            elif key is not None:
                metadata[key] += "\n" + line.strip()
    return entries, metadata, scanner.msgstr_lines


def read_exchange_units(
    path: str | Path,
    *,
    source_locale: Locale | None = None,
    target_locale: Locale | None = None,
) -> list[CheckedUnit]:
    """The segments of an XLIFF file, read by the exchange readers, as units."""
    try:
        from locflow.exchange import read_exchange_file  # type: ignore[attr-defined]
    except ImportError:
        raise UsageError(f"{path}: XLIFF files need the exchange readers (locflow.exchange.read_exchange_file)") from None
    path = Path(path)
    exchange = read_exchange_file(path)
    source = source_locale or exchange.source_locale
    target = target_locale or exchange.target_locale
    if source is None or target is None:
        missing = "source" if source is None else "target"
        raise UsageError(f"{path}: the file does not say its {missing} language; give --{missing}-locale")
    units = []
    for seg in exchange.segments:
        units.append(
            CheckedUnit(
                key=seg.id,
                source=seg.source,
                target=seg.target if seg.target is not None else Segment(),
                source_locale=source,
                target_locale=target,
                file=str(path),
                line=seg.line,
                note="\n".join(seg.notes),
                state=seg.state.value if seg.state is not None else "",
                flags=seg.flags,
                source_plural=seg.source_plural,
                plurals=_other_forms(seg.target, seg.target_plurals),
            )
        )
    return units


def _other_forms(target: Segment | None, forms: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Plural forms after the first, whether or not the reader repeated ``target`` as form 0."""
    if forms and target is not None and forms[0] == target:
        return forms[1:]
    return forms


# -- configuration and baselines ------------------------------------------------------


def load_qa_config(project_dir: str | Path | None = None, config: str | Path | None = None) -> Mapping[str, Any]:
    """The ``[qa]`` table of ``locflow.toml`` (``config``, else the project's), or ``{}``."""
    path = Path(config) if config is not None else Path(project_dir or ".") / "locflow.toml"
    if not path.is_file():
        if config is not None:
            raise UsageError(f"no such configuration file: {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {message}", path=path, line=int(found.group(1)) if found else None) from exc
    table = data.get("qa", {})
    if not isinstance(table, Mapping):
        raise ConfigError("[qa] must be a table", path=path)
    return table


def load_baseline(path: str | Path) -> Baseline:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no such baseline file: {path}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    return Baseline.from_json(data, source=str(path))


def write_baseline(report: QAReport, path: str | Path) -> Baseline:
    """Record the report's issues as accepted; written atomically."""
    baseline = Baseline.from_report(report)
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(baseline.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)
    return baseline
