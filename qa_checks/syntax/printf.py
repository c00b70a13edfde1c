"""printf-style format strings: C (``c-format``) and Python (``python-format``).

:func:`parse_c` and :func:`parse_python` turn a string into the arguments it
consumes, as gettext's ``msgfmt --check-format`` sees them: positions (or names)
mapped to a type class, so that ``%s %d`` and ``%2$d %1$s`` compare equal while
``%d`` against ``%s`` (or ``%i`` against ``%o``: signed against unsigned) do not.
Width and precision values, flags and the ``I`` flag do not matter; ``*``
consumes an ``int`` argument of its own.

In *strict* mode (the entry is flagged ``c-format``/``python-format``) a ``%``
that starts no valid directive is an error; otherwise only directives that
look unmistakably like placeholders are read (``50% of`` is text).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import ne

__all__ = [
    "FormatSpec", "parse_c", "parse_python", "same_directives", "differing_directives", "compare", "compare_written",
    "Mismatch", "without_urls",
]  # fmt: skip

# a URL as far as the next space: its "%3E" and "%20" are escapes, not directives
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")


def without_urls(text: str) -> str:
    """``text`` with each URL blanked (as many spaces), for reading it leniently: in a string
    no flag declares a format string, a URL's escapes are no directives."""
    if "://" not in text and "www." not in text:
        return text
    return _URL.sub(lambda match: " " * len(match.group()), text)

# C: %[n$][flags][width][.prec][size]conv, with <PRIxNN> macros (gettext's syntax).
_C_DIRECTIVE = re.compile(
    r"%(?:(?P<num>[1-9]\d*)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\d+|\*(?:[1-9]\d*\$)?)?(?:\.(?P<prec>\d*|\*(?:[1-9]\d*\$)?))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t|w\d+|wf\d+)?"
    r"(?:(?P<conv>[diouxXbBeEfFgGaAcspnCSm%])|<PRI(?P<macro>[diouxXb])(?P<macro_size>\w+)>)"
)
# Lenient C: no space or apostrophe flag, so "100% complete" and "50% off" stay text.
_C_LENIENT = re.compile(
    r"%(?:(?P<num>[1-9]\d*)\$)?(?P<flags>[-+#0]*)"
    r"(?P<width>\d+|\*)?(?:\.(?P<prec>\d+|\*))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|t)?"
    r"(?P<conv>[diouxXeEfFgGcsp@%])(?![A-Za-z])"
)
_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\d+|\*)?(?:\.(?P<prec>\d+|\*))?"
    r"(?P<size>[hlL])?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_PY_LENIENT = re.compile(
    r"%(?:\((?P<name>\w+)\))?(?P<flags>[-+#0]*)(?P<width>\d+|\*)?(?:\.(?P<prec>\d+|\*))?"
    r"(?P<size>[hlL])?(?P<conv>[diouxXeEfFgGcrsa%])(?![A-Za-z])"
)

_C_TYPES = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxXbB", "unsigned int"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wide char",
    "s": "string",
    "S": "wide string",
    "p": "pointer",
    "n": "count pointer",
    "@": "object",
}
_C_SIZES = {"ll": "long long", "L": "long long", "q": "long long", "l": "long", "h": "short", "hh": "char-sized",
            "j": "intmax_t", "z": "size_t", "Z": "size_t", "t": "ptrdiff_t"}
_PY_TYPES = {
    **dict.fromkeys("sra", "string"),
    **dict.fromkeys("diuoxX", "integer"),
    **dict.fromkeys("eEfFgG", "float"),
    "c": "char",
}


@dataclass(slots=True)
class FormatSpec:
    """The arguments a format string consumes.

    ``args`` maps a position (1-based int) or a name (str) to its type;
    ``spans`` maps the same keys to where the directive sits in the text.
    ``error`` explains why the string is not a valid format string, if it is not.
    """

    args: dict[int | str, str] = field(default_factory=dict)
    spans: dict[int | str, tuple[int, int]] = field(default_factory=dict)
    error: str | None = None
    error_span: tuple[int, int] | None = None
    named: bool = False
    #: every directive as written, in order (``%1$s``, ``%d``), for lenient comparison
    directives: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.args) or self.error is not None


def _c_type(match: re.Match[str]) -> str:
    groups = match.groupdict()
    conv, size = groups["conv"], groups["size"] or ""
    if groups.get("macro"):
        conv, size = groups["macro"], "PRI" + groups["macro_size"]
    base = _C_TYPES[conv]
    if conv in "cs" and size == "l":
        return "wide " + base
    if base in ("int", "unsigned int") and size:
        return f"{_C_SIZES.get(size, size)} {base}"
    if base == "double" and size == "L":
        return "long double"
    return base


def _add(spec: FormatSpec, key: int | str, type_: str, span: tuple[int, int]) -> None:
    known = spec.args.get(key)
    if known is not None and known != type_ and spec.error is None:
        spec.error = f"argument {key} is used both as {known} and as {type_}"
        spec.error_span = span
    spec.args[key] = type_
    spec.spans.setdefault(key, span)


def _directives(
    text: str, pattern: re.Pattern[str], spec: FormatSpec, *, strict: bool, literal: tuple[str, ...]
) -> Iterator[re.Match[str]]:
    """Each directive of ``text`` that takes an argument, in order, recorded in ``spec.directives``.

    A ``%`` that starts no directive is the spec's first error in strict mode
    and text otherwise; directives converting to one of ``literal`` (``%%``)
    take no argument and are passed over.
    """
    pos = text.find("%")
    while pos >= 0:
        match = pattern.match(text, pos)
        if match is None:
            if strict and spec.error is None:
                spec.error = f"'{text[pos:pos + 2]}' is not a valid directive"
                spec.error_span = (pos, pos + 1)
            pos = text.find("%", pos + 1)
            continue
        end = match.end()
        if match.group("conv") not in literal:
            spec.directives.append(text[pos:end])
            yield match
        pos = text.find("%", end)


def parse_c(text: str, *, strict: bool = True) -> FormatSpec:
    """The arguments of a C format string (see the module docstring)."""
    spec = FormatSpec()
    text = text if strict else without_urls(text)
    pattern = _C_DIRECTIVE if strict else _C_LENIENT
    numbered = unnumbered = False
    next_pos = 1
    for match in _directives(text, pattern, spec, strict=strict, literal=("%", "m")):
        span = match.span()
        star_args = [g for g in (match.group("width"), match.group("prec")) if g and g.startswith("*")]
        if match.group("num"):
            numbered = True
            for star in star_args:
                if len(star) > 1:
                    _add(spec, int(star[1:-1]), "int", span)
                elif strict and spec.error is None:
                    spec.error, spec.error_span = "'*' without a position in a numbered directive", span
            _add(spec, int(match.group("num")), _c_type(match), span)
        else:
            unnumbered = True
            for _ in star_args:
                _add(spec, next_pos, "int", span)
                next_pos += 1
            _add(spec, next_pos, _c_type(match), span)
            next_pos += 1
    if numbered and unnumbered and spec.error is None:
        spec.error = "numbered and unnumbered directives are mixed"
    if numbered and spec.error is None and spec.args:
        missing = set(range(1, max(k for k in spec.args if isinstance(k, int)) + 1)) - set(spec.args)
        if missing and strict:
            spec.error = f"argument {min(missing)} is skipped"
    return spec


def same_directives(source: str, target: str, *, python: bool, strict: bool) -> bool:
    """Whether both strings hold the same directives, as written and in order, with
    (in strict mode) no ``%`` outside them: then they parse to the same arguments, so
    nothing in them can differ, whatever the directives mean.

    The parsers match the directive pattern at each ``%`` and go on after a match,
    which is what ``findall`` does; this skips their work per directive.
    """
    return not differing_directives([source], [target], python=python, strict=strict)[0]


def differing_directives(sources: Sequence[str], targets: Sequence[str], *, python: bool, strict: bool) -> list[bool]:
    """For each pair of texts, whether :func:`same_directives` says no: worked out for
    all of them at once, every step a ``map`` in C (a run's gate asks about thousands)."""
    pattern = _WRITTEN[python, strict]
    if not strict:
        return list(map(ne, map(pattern.findall, map(without_urls, sources)), map(pattern.findall, map(without_urls, targets))))
    written = list(map(pattern.findall, sources))
    differ = map(ne, written, map(pattern.findall, targets))
    inside = list(map(str.count, map("".join, written), repeat("%")))  # the same in both, where they agree
    stray = map(ne, map(str.count, sources, repeat("%")), inside)
    stray_target = map(ne, map(str.count, targets, repeat("%")), inside)
    return list(map(any, zip(differ, stray, stray_target)))


def _as_written(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its groups, so that ``findall`` gives each directive as written."""
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern))


# (python, strict) -> the directive pattern those parse with, without groups
_WRITTEN = {
    (False, True): _as_written(_C_DIRECTIVE),
    (False, False): _as_written(_C_LENIENT),
    (True, True): _as_written(_PY_DIRECTIVE),
    (True, False): _as_written(_PY_LENIENT),
}


def parse_python(text: str, *, strict: bool = True) -> FormatSpec:
    """The arguments of a Python %-format string: by name (``%(x)s``) or by position."""
    spec = FormatSpec()
    text = text if strict else without_urls(text)
    pattern = _PY_DIRECTIVE if strict else _PY_LENIENT
    named = unnamed = False
    next_pos = 1
    for match in _directives(text, pattern, spec, strict=strict, literal=("%",)):
        span = match.span()
        type_ = _PY_TYPES[match.group("conv")]
        stars = [g for g in (match.group("width"), match.group("prec")) if g == "*"]
        if match.group("name") is not None:
            named = True
            if stars and strict and spec.error is None:
                spec.error, spec.error_span = "'*' cannot be used with a named argument", span
            _add(spec, match.group("name"), type_, span)
        else:
            unnamed = True
            for _ in stars:
                _add(spec, next_pos, "integer", span)
                next_pos += 1
            _add(spec, next_pos, type_, span)
            next_pos += 1
    spec.named = named
    if named and unnamed and spec.error is None:
        spec.error = "named and unnamed directives are mixed"
    return spec


@dataclass(frozen=True, slots=True)
class Mismatch:
    """How a target's directive differs: ``span`` in the target, ``subject`` the directive as written."""

    message: str
    span: tuple[int, int] | None = None
    subject: str = ""


def _show(key: int | str, spec: FormatSpec, text: str) -> str:
    start, end = spec.spans.get(key, (0, 0))
    return text[start:end] or str(key)


def compare_written(source: FormatSpec, target: FormatSpec, *, may_omit: bool = False) -> list[Mismatch]:
    """Directives compared as written, for text that is not a valid format string."""
    missing = Counter(source.directives) - Counter(target.directives)
    added = Counter(target.directives) - Counter(source.directives)
    problems = [] if may_omit else [Mismatch(f"placeholder {d} is missing", None, d) for d in sorted(missing.elements())]
    return problems + [Mismatch(f"placeholder {d} is not in the source", None, d) for d in sorted(added.elements())]


def compare(source: FormatSpec, target: FormatSpec, source_text: str, target_text: str, *, may_omit: bool = False) -> list[Mismatch]:
    """How ``target``'s arguments differ from ``source``'s (empty when compatible).

    ``may_omit`` allows missing arguments: a plural form used for one number only.
    """
    problems: list[Mismatch] = []
    if source.error:
        return problems  # the source is not a valid format string either: nothing to compare
    if target.error:
        problems.append(Mismatch(f"invalid format string: {target.error}", target.error_span))
        return problems
    if source.named != target.named and source.args and target.args:
        problems.append(Mismatch("named and positional arguments do not match the source"))
        return problems
    for key, type_ in source.args.items():
        if key not in target.args:
            if not may_omit:
                written = _show(key, source, source_text)
                problems.append(Mismatch(f"placeholder {written} is missing", None, written))
        elif target.args[key] != type_:
            written = _show(key, target, target_text)
            problems.append(
                Mismatch(
                    f"{written} takes {target.args[key]} but the source's {_show(key, source, source_text)} takes {type_}",
                    target.spans.get(key),
                    written,
                )
            )
    for key in target.args.keys() - source.args.keys():
        written = _show(key, target, target_text)
        problems.append(Mismatch(f"placeholder {written} is not in the source", target.spans.get(key), written))
    return problems
