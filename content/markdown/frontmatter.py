"""Front matter: the translatable values of a YAML (``---``) or TOML (``+++``) header.

Only values of configured fields are read (keys never), each with the exact
characters of its scalar so that an untranslated value is written back as it
was. A translated value replaces the whole scalar, quoted again when needed
(:func:`encode_value`).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from content.markdown.source import Lines
from locflow.model.errors import MalformedFileError

__all__ = ["FrontMatterValue", "TOML", "YAML_PREFIX", "encode_value", "read_front_matter"]

YAML_PREFIX = "yaml-"  # yaml-plain, yaml-single, yaml-double, yaml-block: how the scalar was written
TOML = "toml"  # a single-line TOML string


@dataclass(frozen=True, slots=True)
class FrontMatterValue:
    """One translatable value: where it is, what it says, and how it was written."""

    path: tuple[str | int, ...]  # keys and list indexes from the top
    field: str  # the configured field it belongs to
    value: str  # the decoded string
    start: int  # offset of the scalar in the file's text
    raw: str  # the scalar as written (quotes included)
    style: str  # YAML_PREFIX + style, or TOML
    line: int  # 1-based line of the scalar

    @property
    def label(self) -> str:
        """``.title``, ``.seo.title``, ``.keywords[1]``."""
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)


def read_front_matter(
    lines: Lines, fields: Iterable[str], path: PurePosixPath
) -> tuple[list[FrontMatterValue], int]:
    """The values of ``fields`` in the file's front matter, and the first line after it (0 if none)."""
    bodies = lines.bodies
    fence = bodies[0].rstrip(" \t") if bodies else ""
    if fence not in ("---", "+++"):
        return [], 0
    closers = ("---", "...") if fence == "---" else ("+++",)
    close = next((i for i in range(1, len(bodies)) if bodies[i].rstrip(" \t") in closers), None)
    if close is None:
        return [], 0
    wanted = {fields} if isinstance(fields, str) else set(fields)
    read = _yaml_values if fence == "---" else _toml_values
    values = list(read(lines, close, wanted, path))
    _refuse_duplicates(values, path)
    return values, close + 1


def _refuse_duplicates(values: list[FrontMatterValue], path: PurePosixPath) -> None:
    """A key given twice (``title:`` on two lines) is an error: which value would be translated?"""
    seen: set[tuple[str | int, ...]] = set()
    for value in values:
        if value.path in seen:
            raise MalformedFileError(f"front matter key {value.label[1:]} is given twice", path=path, line=value.line)
        seen.add(value.path)


def encode_value(value: str, style: str) -> str:
    """A scalar for a translated value, in the original style where that style can hold it."""
    if style == TOML:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if style == YAML_PREFIX + "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == YAML_PREFIX + "plain" and _is_plain_safe(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _field_name(path: Sequence[str | int], fields: set[str]) -> str | None:
    """The configured field a value belongs to, by its dotted path or its last key, else None.

    A value in a list belongs to the key above it (``keywords[2]`` to ``keywords``).
    """
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return None
    dotted = ".".join(keys)
    return dotted if dotted in fields else keys[-1] if keys[-1] in fields else None


# -- YAML ------------------------------------------------------------------------------------------

_YAML_NON_STRING = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)?\Z"
)
_YAML_STYLES = {None: "plain", "'": "single", '"': "double", "|": "block", ">": "block"}


def _yaml_values(lines: Lines, close: int, fields: set[str], path: PurePosixPath) -> Iterator[FrontMatterValue]:
    start = lines.starts[1]
    source = lines.text[start : lines.starts[close]]
    try:
        for keys, event in _yaml_scalars(source):
            name = _field_name(keys, fields)
            if name is None or _is_non_string(event):
                continue
            begin = start + event.start_mark.index
            raw = lines.text[begin : start + event.end_mark.index].rstrip()
            style = YAML_PREFIX + _YAML_STYLES.get(event.style, "double")
            yield FrontMatterValue(tuple(keys), name, event.value, begin, raw, style, event.start_mark.line + 2)
    except MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct starts
        line = 2 + (mark.line if mark is not None else 0)
        raise MalformedFileError(f"invalid YAML front matter: {exc.problem or exc}", path=path, line=line) from exc
    except YAMLError as exc:
        raise MalformedFileError(f"invalid YAML front matter: {exc}", path=path, line=2) from exc


@dataclass
class _YamlFrame:
    """An open YAML collection: its path, and the key or index of the value that comes next."""

    path: list[str | int]
    index: int | None = None  # sequences only
    key: str | None = None  # mappings: None until the key has been read

    def expects_key(self) -> bool:
        return self.index is None and self.key is None

    def next_path(self) -> list[str | int]:
        if self.index is not None:
            self.index += 1
            return self.path + [self.index - 1]
        key, self.key = self.key, None
        return self.path + [key or "?"]


def _yaml_scalars(source: str) -> Iterator[tuple[list[str | int], ScalarEvent]]:
    """Every scalar value of a YAML document with its path of keys and sequence indexes.

    Parser events (not a loaded document) because they carry the exact start
    and end of each scalar in the text.
    """
    frames: list[_YamlFrame] = []
    for event in YAML(typ="safe", pure=True).parse(source):
        expects_key = bool(frames) and frames[-1].expects_key()
        if isinstance(event, ScalarEvent):
            if expects_key:
                frames[-1].key = str(event.value)
            else:
                yield (frames[-1].next_path() if frames else []), event
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if expects_key:  # a complex key: nothing in it is a value
                frames[-1].key = "?"
                path: list[str | int] = frames[-1].path + ["?key"]
            else:
                path = frames[-1].next_path() if frames else []
            frames.append(_YamlFrame(path, index=0 if isinstance(event, SequenceStartEvent) else None))
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            frames.pop()


def _is_non_string(event: ScalarEvent) -> bool:
    """Numbers, booleans, dates and nulls are not text, unless quoted or tagged ``!!str``."""
    if event.tag is not None and not str(event.tag).endswith(":str"):
        return True
    return event.style is None and bool(_YAML_NON_STRING.match(event.value))


def _is_plain_safe(value: str) -> bool:
    """True when ``value`` reads back as the same string written as a plain YAML scalar."""
    return (
        bool(value)
        and value == value.strip()
        and not any(ch in value for ch in "\n\t")
        and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and not _YAML_NON_STRING.match(value)
    )


# -- TOML ------------------------------------------------------------------------------------------

_TOML_TABLE = re.compile(r"[ \t]*\[\[?([^\[\]]+)\]\]?[ \t]*(?:#.*)?")
_TOML_STRING_PAIR = re.compile(
    r"[ \t]*(?P<key>[A-Za-z0-9_.\- \t\"]+?)[ \t]*=[ \t]*"
    r"(?P<value>\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')[ \t]*(?:#.*)?"
)


def _toml_values(lines: Lines, close: int, fields: set[str], path: PurePosixPath) -> Iterator[FrontMatterValue]:
    """Single-line string values (Hugo's TOML front matter); the file is validated with tomllib first."""
    try:
        tomllib.loads(lines.text[lines.starts[1] : lines.starts[close]])
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        line = 1 + int(where[1]) if where else 2
        raise MalformedFileError(f"invalid TOML front matter: {exc}", path=path, line=line) from exc
    table: list[str | int] = []
    for number in range(1, close):
        body = lines.text[lines.starts[number] : lines.starts[number] + len(lines.bodies[number])]
        header = _TOML_TABLE.fullmatch(body)
        if header:
            table = [part.strip().strip('"') for part in header[1].split(".")]
            continue
        pair = _TOML_STRING_PAIR.fullmatch(body)
        if pair is None:
            continue
        keys = table + [part.strip().strip('"') for part in pair["key"].split(".")]
        name = _field_name(keys, fields)
        if name is not None:
            value = tomllib.loads("v = " + pair["value"])["v"]
            begin = lines.starts[number] + pair.start("value")
            yield FrontMatterValue(tuple(keys), name, value, begin, pair["value"], TOML, number + 1)
