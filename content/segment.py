"""Sentence segmentation with SRX 2.0 rules.

An SRX file holds *language rules*, each an ordered list of break and no-break
rules, and *map rules* that say which language rules apply to a language code.
A rule matches at a position between two characters when its ``beforebreak``
regex matches text ending there and its ``afterbreak`` regex matches text
starting there; at each position the first matching rule decides. With
``cascade="yes"`` the rules of every matching map apply, in map order;
otherwise only those of the first matching map.

This module reads standard SRX 2.0 (and the compatible 1.0 layout) with lxml,
translates the Java regular expressions real SRX files are written in to the
``regex`` package's dialect (see :func:`java_to_python`), and compiles the
rules once per set of language rules. Each rule becomes
``(?<=beforebreak)(?=afterbreak)``: the ``regex`` package supports
variable-length look-behind, so a rule is evaluated exactly as the standard
defines it. Break rules are searched over the text; no-break rules are only
tried at the positions a break rule found.

Codes stand in the text as U+FFFC. The ``formathandle`` elements of the header
say whether starting, ending and isolated codes next to a break go with the
sentence before it; :meth:`Segmenter.breaks` applies them when it is told which
code is which.

Patterns are compiled in the ``regex`` package's version 1 mode, which has
Java's nested classes and ``&&`` intersection. Unsupported, and reported in
:attr:`Segmenter.errors` (the rule is skipped): ``\\G``, negated Java
properties like ``\\P{Punct}`` inside a class, and anything the ``regex``
package cannot compile. ``segmentsubflows`` is read but
has no effect on plain text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path

import regex
from lxml import etree

from locflow.model import CodeKind, Locale
from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import SAFE_XML_OPTIONS, check_xml_safety

__all__ = [
    "Rule",
    "RuleError",
    "Segmenter",
    "SrxHeader",
    "UnsupportedRegex",
    "get_segmenter",
    "java_to_python",
    "sentence_breaks",
]

log = logging.getLogger(__name__)

#: Stands for an inline code in text handed to the segmenter.
CODE_MARK = "\ufffc"


# -- the rules as read -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One SRX rule: break (or not) where ``before`` ends and ``after`` starts."""

    is_break: bool
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RuleError:
    """A rule that could not be used, and why."""

    language_rule: str
    index: int
    rule: Rule
    message: str

    def __str__(self) -> str:
        return f"{self.language_rule} rule {self.index + 1}: {self.message}"


@dataclass(frozen=True, slots=True)
class SrxHeader:
    """The header options that matter for plain text with codes.

    ``include_start``, ``include_end``, ``include_isolated``: whether a code of
    that kind next to a break stays with the sentence before the break (SRX
    ``formathandle``; the standard's defaults are no, yes, no). ``java_regex``:
    the rules use Java's ASCII meaning of ``\\s``, ``\\w`` and ``\\d`` (Okapi's
    ``useJavaRegex`` option); otherwise they are Unicode-aware, as in ICU.
    """

    cascade: bool = False
    segment_subflows: bool = True
    include_start: bool = False
    include_end: bool = True
    include_isolated: bool = False
    java_regex: bool = False


# -- Java regular expressions -> the regex package ---------------------------------------


class UnsupportedRegex(ValueError):
    """A construct of Java regular expressions this module does not translate."""


_JAVA_ASCII = {"s": " \\t\\n\\x0B\\f\\r", "d": "0-9", "w": "a-zA-Z_0-9"}
_JAVA_EXTRA = {
    "h": "[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
    "H": "[^ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
    "v": "[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
    "V": "[^\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
    "R": "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])",
    "z": "\\Z",
    "Z": "(?=\\n?\\Z)",
    "e": "\\x1B",
}
_JAVA_PROPERTIES = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1F\\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0B\\f\\r",
    "javaLowerCase": "\\p{Ll}",
    "javaUpperCase": "\\p{Lu}",
    "javaWhitespace": "\\s",
    "javaMirrored": "\\p{Bidi_Mirrored}",
    "javaLetter": "\\p{L}",
    "javaDigit": "\\p{Nd}",
    "javaLetterOrDigit": "\\p{L}\\p{Nd}",
    "javaAlphabetic": "\\p{Alphabetic}",
}
_GENERAL_CATEGORY = re.compile(r"Is(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)")
_PYTHON_FLAGS = {"i": "i", "m": "m", "s": "s", "x": "x"}


def java_to_python(pattern: str, *, java_classes: bool = False) -> str:
    """Translate a Java regular expression (as found in SRX files) for the ``regex`` package.

    Handles ``\\Q...\\E``, inline flags in the middle of a pattern (Java
    applies them to the rest of the group: they become scoped groups),
    nested character classes (unions), Java's POSIX-like properties
    (``\\p{Punct}``...), ``\\h \\v \\R \\z \\Z \\e \\x{...}``, octal ``\\0nn``, and
    with ``java_classes`` the ASCII meaning of ``\\s \\d \\w``. Possessive
    quantifiers, atomic groups, look-around and ``\\p{...}`` categories,
    scripts and blocks are the same in both. Raises :class:`UnsupportedRegex`.
    """
    return _JavaTranslator(pattern, java_classes).translate()


class _JavaTranslator:
    def __init__(self, pattern: str, java_classes: bool) -> None:
        self.p = pattern
        self.i = 0
        self.java_classes = java_classes
        self.out: list[str] = []
        self.scopes: list[list[str]] = [[]]  # per open group: flags set inside it, as scoped groups

    def translate(self) -> str:
        while self.i < len(self.p):
            ch = self.p[self.i]
            if ch == "\\":
                self.out.append(self._escape(in_class=False))
            elif ch == "[":
                self.out.append(self._char_class())
            elif ch == "(":
                self._group()
            elif ch == ")":
                self.out.append(")" * len(self.scopes.pop()) + ")")
                if not self.scopes:
                    raise UnsupportedRegex("unbalanced ')'")
                self.i += 1
            elif ch == "|" and self.scopes[-1]:  # flags set mid-group hold for each alternative
                specs = self.scopes[-1]
                self.out.append(")" * len(specs) + "|" + "".join(f"(?{spec}:" for spec in specs))
                self.i += 1
            else:
                self.out.append(ch)
                self.i += 1
        self.out.append(")" * len(self.scopes.pop()))
        if self.scopes:
            raise UnsupportedRegex("unbalanced '('")
        return "".join(self.out)

    def _group(self) -> None:
        flags = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?(\)|:)").match(self.p, self.i)
        if flags is None:
            self.out.append("(")
            self.scopes.append([])
            self.i += 1
            return
        on = "".join(_PYTHON_FLAGS.get(f, "") for f in flags[1])
        off = "".join(_PYTHON_FLAGS.get(f, "") for f in flags[2] or "")
        spec = on + ("-" + off if off else "")
        self.i = flags.end()
        if flags[3] == ":":
            self.out.append(f"(?{spec}:" if spec else "(?:")
            self.scopes.append([])
        elif spec:  # (?i) alone: applies to the rest of the enclosing group
            self.out.append(f"(?{spec}:")
            self.scopes[-1].append(spec)

    def _escape(self, in_class: bool) -> str:
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise UnsupportedRegex("trailing backslash")
        ch = p[i + 1]
        self.i = i + 2
        if ch == "Q":
            end = p.find("\\E", self.i)
            literal = p[self.i :] if end < 0 else p[self.i : end]
            self.i = len(p) if end < 0 else end + 2
            return "".join("\\" + c if not c.isalnum() else c for c in literal)
        if ch in "sdw" and self.java_classes:
            return _JAVA_ASCII[ch] if in_class else f"[{_JAVA_ASCII[ch]}]"
        if ch in "SDW" and self.java_classes and not in_class:
            return f"[^{_JAVA_ASCII[ch.lower()]}]"
        if ch in _JAVA_EXTRA and not (in_class and ch in "RzZ"):
            text = _JAVA_EXTRA[ch]
            return text[1:-1] if in_class and text.startswith("[") and not text.startswith("[^") else text
        if ch == "G":
            raise UnsupportedRegex("\\G is not supported")
        if ch == "x" and p.startswith("{", self.i):
            end = p.index("}", self.i)
            value = int(p[self.i + 1 : end], 16)
            self.i = end + 1
            return f"\\U{value:08x}"
        if ch == "0":
            digits = re.match(r"[0-3]?[0-7]{1,2}|[0-7]", p[self.i :])
            if digits is None:
                raise UnsupportedRegex("\\0 needs octal digits")
            self.i += digits.end()
            return f"\\x{int(digits.group(), 8):02x}"
        if ch == "c" and self.i < len(p):
            self.i += 1
            return f"\\x{ord(p[self.i - 1]) ^ 64:02x}"
        if ch in "pP" and p.startswith("{", self.i):
            end = p.index("}", self.i)
            name = p[self.i + 1 : end]
            self.i = end + 1
            return self._property(ch == "P", name, in_class)
        return "\\" + ch

    def _property(self, negated: bool, name: str, in_class: bool) -> str:
        if name in _JAVA_PROPERTIES:
            members = _JAVA_PROPERTIES[name]
            if in_class:
                if negated:
                    raise UnsupportedRegex(f"\\P{{{name}}} inside a class")
                return members
            return f"[{'^' if negated else ''}{members}]"
        category = _GENERAL_CATEGORY.fullmatch(name)
        if category:
            name = category[1]
        return f"\\{'P' if negated else 'p'}{{{name}}}"

    def _char_class(self) -> str:
        """A character class; Java's nested classes (unions) are flattened."""
        p = self.p
        self.i += 1
        out = ["["]
        if p.startswith("^", self.i):
            out.append("^")
            self.i += 1
        if p.startswith("]", self.i):  # a leading ']' is literal
            out.append("\\]")
            self.i += 1
        depth = 1
        while self.i < len(p):
            ch = p[self.i]
            if ch == "\\":
                out.append(self._escape(in_class=True))
                continue
            if p.startswith("&&", self.i):  # intersection: the same syntax in the regex package's V1
                out.append("&&")
                self.i += 2
                continue
            if ch == "[":
                if out[-1] == "-":
                    out[-1] = "\\-"
                nested = p.startswith("[^", self.i) or "&&" in out[-1:]
                out.append(self._char_class() if nested else "")
                if not nested:  # a union: Java's [a[bc]] is [abc]
                    depth += 1
                    self.i += 1
                continue
            if ch == "]":
                depth -= 1
                self.i += 1
                if depth == 0:
                    out.append("]")
                    return "".join(out)
                continue
            if ch in "|~" or (ch == "-" and out[-1] == "-"):
                out.append("\\" + ch)  # set operators in V1, literals in Java
            else:
                out.append(ch)
            self.i += 1
        raise UnsupportedRegex("unclosed character class")


# -- compiled rules ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive rules of the same kind, as one alternation of zero-width patterns."""

    is_break: bool
    pattern: regex.Pattern[str]


def _rule_pattern(rule: Rule, java_classes: bool) -> str:
    before = java_to_python(rule.before, java_classes=java_classes) if rule.before else ""
    after = java_to_python(rule.after, java_classes=java_classes) if rule.after else ""
    return (f"(?<={before})" if before else "") + (f"(?={after})" if after else "")


def _compile_runs(
    named_rules: Sequence[tuple[str, int, Rule]], java_classes: bool
) -> tuple[list[_Run], list[RuleError]]:
    """Compile rules in order, merging neighbours of the same kind into one pattern.

    Only the first matching rule decides at a position, and within a run of
    rules of one kind which of them matches does not matter, so a run is one
    alternation. A rule that does not compile is reported and left out.
    """
    runs: list[_Run] = []
    errors: list[RuleError] = []
    pending: list[str] = []
    pending_kind: bool | None = None

    def close_run() -> None:
        if pending:
            runs.append(_Run(bool(pending_kind), regex.compile("|".join(pending), regex.V1)))
            pending.clear()

    for name, index, rule in named_rules:
        try:
            pattern = _rule_pattern(rule, java_classes)
            regex.compile(pattern, regex.V1)
        except (UnsupportedRegex, regex.error, ValueError) as exc:
            errors.append(RuleError(name, index, rule, str(exc)))
            continue
        if rule.is_break != pending_kind:
            close_run()
            pending_kind = rule.is_break
        pending.append(pattern or "(?:)")
    close_run()
    return runs, errors


def _break_positions(runs: Sequence[_Run], text: str) -> list[int]:
    """Positions where the first matching rule is a break rule."""
    first_break: dict[int, int] = {}
    for index, run in enumerate(runs):
        if run.is_break:
            for match in run.pattern.finditer(text):
                pos = match.start()
                if 0 < pos < len(text) and pos not in first_break:
                    first_break[pos] = index
    breaks = [
        pos
        for pos, index in first_break.items()
        if not any(not run.is_break and run.pattern.match(text, pos) for run in runs[:index])
    ]
    return _greedy(sorted(breaks), text)


def _greedy(breaks: Sequence[int], text: str) -> list[int]:
    """Of breaks separated only by whitespace, keep the last (as a greedy regex match would)."""
    kept: list[int] = []
    for pos in breaks:
        if kept and not text[kept[-1] : pos].strip():
            kept[-1] = pos
        else:
            kept.append(pos)
    return kept


# -- the segmenter -------------------------------------------------------------------------------


@dataclass
class Segmenter:
    """SRX rules, ready to split text; build one with :meth:`from_path` or :meth:`from_bytes`."""

    language_rules: Mapping[str, tuple[Rule, ...]]
    language_maps: Sequence[tuple[str, str]]  # (languagepattern, languagerulename), in order
    header: SrxHeader = field(default_factory=SrxHeader)
    source: str = ""
    _patterns: dict[str, regex.Pattern[str]] = field(default_factory=dict, init=False, repr=False)
    _compiled: dict[tuple[str, ...], tuple[list[_Run], list[RuleError]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _names: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False)

    # -- reading -----------------------------------------------------------------------------
    @classmethod
    def from_path(cls, path: str | PathLike[str]) -> Segmenter:
        return cls.from_bytes(Path(path).read_bytes(), path=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str = "<srx>") -> Segmenter:
        """Parse an SRX document; hostile or malformed XML raises an input error naming the line."""
        check_xml_safety(data, path)
        parser = etree.XMLParser(remove_comments=True, remove_pis=True, **SAFE_XML_OPTIONS)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise MalformedFileError(f"not well-formed SRX: {exc.msg}", path=path, line=exc.lineno) from exc
        if etree.QName(root).localname != "srx":
            raise MalformedFileError(f"not an SRX file (root element {root.tag!r})", path=path, line=root.sourceline)
        rules: dict[str, tuple[Rule, ...]] = {}
        for element in _children(root, "languagerule"):
            name = element.get("languagerulename", "")
            rules[name] = tuple(_read_rule(rule) for rule in _children(element, "rule"))
        maps = []
        patterns: dict[str, regex.Pattern[str]] = {}
        for element in _children(root, "languagemap"):
            pattern, name = element.get("languagepattern"), element.get("languagerulename")
            line = element.sourceline
            if pattern is None or name is None:
                raise MalformedFileError("languagemap needs languagepattern and languagerulename", path=path, line=line)
            if name not in rules:
                raise MalformedFileError(f"languagemap names unknown languagerule {name!r}", path=path, line=line)
            patterns[pattern] = _language_pattern(pattern, name, path, line)
            maps.append((pattern, name))
        segmenter = cls(rules, maps, _read_header(root), source=path)
        segmenter._patterns.update(patterns)
        return segmenter

    # -- rules for a language ----------------------------------------------------------------
    def rule_names(self, language: str | Locale) -> tuple[str, ...]:
        """The language rules that apply to ``language``, in order (all matching maps if cascading)."""
        code = str(language)
        if code not in self._names:
            names: list[str] = []
            for pattern, name in self.language_maps:
                if self._language_pattern(pattern, name).fullmatch(code):
                    names.append(name)
                    if not self.header.cascade:
                        break
            self._names[code] = tuple(names)
        return self._names[code]

    def _language_pattern(self, pattern: str, name: str) -> regex.Pattern[str]:
        """The compiled ``languagepattern`` (compiled here for a segmenter not read from a file)."""
        if pattern not in self._patterns:
            self._patterns[pattern] = _language_pattern(pattern, name, self.source, None)
        return self._patterns[pattern]

    def _runs(self, language: str | Locale) -> list[_Run]:
        names = self.rule_names(language)
        if names not in self._compiled:
            named = [(name, i, rule) for name in names for i, rule in enumerate(self.language_rules[name])]
            runs, errors = _compile_runs(named, self.header.java_regex)
            for error in errors:
                log.warning("%s: %s", self.source, error)
            self._compiled[names] = (runs, errors)
        return self._compiled[names][0]

    @cached_property
    def errors(self) -> list[RuleError]:
        """Rules skipped because they could not be compiled, over every language rule."""
        named = [(name, i, rule) for name, rules in self.language_rules.items() for i, rule in enumerate(rules)]
        return _compile_runs(named, self.header.java_regex)[1]

    # -- splitting ----------------------------------------------------------------------------
    def breaks(
        self, text: str, language: str | Locale, *, codes: Sequence[CodeKind | str] | None = None
    ) -> list[int]:
        """Offsets where a new sentence starts (never 0 or ``len(text)``).

        ``codes`` gives the kind of each U+FFFC in ``text`` in order (open,
        close, standalone); unknown codes count as isolated. A break next to
        codes moves so that the codes the header includes stay with the
        sentence before it and the others go with the sentence after it.
        """
        found = _break_positions(self._runs(language), text)
        if CODE_MARK not in text:
            return found
        kinds = _code_kinds(text, codes)
        moved = [self._place_around_codes(text, pos, kinds) for pos in found]
        return sorted({pos for pos in moved if 0 < pos < len(text)})

    def split(self, text: str, language: str | Locale) -> list[str]:
        """The sentences of ``text``, whitespace kept with the sentence it follows."""
        cuts = [0, *self.breaks(text, language), len(text)]
        return [text[a:b] for a, b in zip(cuts, cuts[1:]) if a < b]

    def _place_around_codes(self, text: str, pos: int, kinds: Mapping[int, str]) -> int:
        """Move a break across the codes touching it: included kinds go before it, the rest after."""
        start = pos
        while start > 0 and text[start - 1] == CODE_MARK:
            start -= 1
        end = pos
        while end < len(text) and text[end] == CODE_MARK:
            end += 1
        include = {
            CodeKind.OPEN.value: self.header.include_start,
            CodeKind.CLOSE.value: self.header.include_end,
            CodeKind.STANDALONE.value: self.header.include_isolated,
        }
        while start < end and include[kinds.get(start, CodeKind.STANDALONE.value)]:
            start += 1
        return start


def _code_kinds(text: str, codes: Sequence[CodeKind | str] | None) -> dict[int, str]:
    if not codes:
        return {}
    offsets = [i for i, ch in enumerate(text) if ch == CODE_MARK]
    return {offset: str(CodeKind(kind).value) for offset, kind in zip(offsets, codes)}


def _language_pattern(pattern: str, name: str, path: str, line: int | None) -> regex.Pattern[str]:
    """A ``languagepattern`` compiled, or :class:`MalformedFileError` naming its map.

    A map that cannot match any language would silently route every language to the
    next map (or to none), so unlike a language rule's regex it is refused outright,
    when the file is read.
    """
    try:
        return regex.compile(java_to_python(pattern), regex.IGNORECASE)
    except (UnsupportedRegex, regex.error) as exc:
        message = f"languagemap for languagerule {name!r}: invalid languagepattern '{pattern}' ({exc})"
        raise MalformedFileError(message, path=path, line=line) from exc


def _children(root: etree._Element, localname: str) -> Iterable[etree._Element]:
    return (el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == localname)


def _read_rule(element: etree._Element) -> Rule:
    before = next(iter(_children(element, "beforebreak")), None)
    after = next(iter(_children(element, "afterbreak")), None)
    return Rule(
        is_break=element.get("break", "yes").strip().lower() != "no",
        before=(before.text or "") if before is not None else "",
        after=(after.text or "") if after is not None else "",
    )


def _yes(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() == "yes"


def _read_header(root: etree._Element) -> SrxHeader:
    header = next(iter(_children(root, "header")), None)
    if header is None:
        return SrxHeader()
    include = {"start": False, "end": True, "isolated": False}
    for handle in _children(header, "formathandle"):
        kind = handle.get("type", "")
        if kind in include:
            include[kind] = _yes(handle.get("include"), include[kind])
    options = next(iter(_children(header, "options")), None)
    return SrxHeader(
        cascade=_yes(header.get("cascade"), False),
        segment_subflows=_yes(header.get("segmentsubflows"), True),
        include_start=include["start"],
        include_end=include["end"],
        include_isolated=include["isolated"],
        java_regex=_yes(options.get("useJavaRegex") if options is not None else None, False),
    )


# -- the default rules ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _load(path: str | None) -> Segmenter:
    if path is None:
        data = resources.files("content").joinpath("srx/default.srx").read_bytes()
        return Segmenter.from_bytes(data, path="content/srx/default.srx")
    return Segmenter.from_path(path)


def get_segmenter(srx_path: Path | None = None) -> Segmenter:
    """The segmenter for an SRX file, or for locflow's default rules; cached per file."""
    return _load(None if srx_path is None else str(Path(srx_path).resolve()))


def sentence_breaks(text: str, locale: Locale | str, codes: Sequence[CodeKind | str] | None = None) -> list[int]:
    """Offsets where sentences start in ``text``, by the default rules for ``locale``.

    U+FFFC stands for a code: breaks never fall inside one, and ``codes`` (the
    kind of each U+FFFC, in order) lets closing codes stay with their sentence.
    """
    return get_segmenter().breaks(text, str(locale), codes=codes)
