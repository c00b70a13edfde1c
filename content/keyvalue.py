"""Key-value i18n files in JSON or YAML (i18next, vue-i18n, Rails, Symfony, app strings).

Every string value is a unit keyed by its path: nested keys join with dots,
list items take an index (``nav.menu[2].label``); numbers, booleans and nulls
are left alone. Placeholders a translator must keep become codes:
i18next ``{{count}}`` and nesting ``$t(key)``, ICU ``{name}`` and
``plural``/``select`` messages (the scaffolding is coded, each variant's
text is translated), ``%{count}``, printf ``%s``, and markup tags
(``<b>``, react-i18next's ``<1>``).

i18next plural keys (``item_one``, ``item_other``, ``_zero``...,
``_ordinal_one``..., and the older ``_plural``) stay separate units; the
note tells the translator which form each is. A target language that needs
more forms than the source has needs those keys added in the source.

The file merges byte for byte: comments, key order, quoting and escapes of
untouched values stay as they were (see :mod:`content.splice`).

Options: ``segment`` (default off: UI strings are translated whole),
``icu`` (default on), ``exclude`` (glob patterns of keys to leave alone,
e.g. ``["*.id", "meta.*"]``) and ``root_locale`` (default off: for Rails-style
files whose single top-level key is the source locale, ``en:``; keys then
start below it, and merge writes the target locale in its place).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any, ClassVar

from locflow.model import CodeIds, Document, Locale

from content.base import decode_text
from content.jsontext import parse_json
from content.shapes import DetectedByShape
from content.splice import SkeletonWriter, SpliceFilter, format_path, make_unit, option_names
from content.textcodes import I18NEXT_NESTING, RUBY_INTERPOLATION, TAG, code_text, icu_parts
from content.tree import Path, Tree
from content.yamltext import parse_yaml

__all__ = ["KeyValueFilter"]

_PATTERNS = (I18NEXT_NESTING, RUBY_INTERPOLATION, TAG)
_PLURAL_KEY = re.compile(r"^(?P<base>.+?)_(?P<form>(?:ordinal_)?(?:zero|one|two|few|many|other)|plural)$")


class KeyValueFilter(DetectedByShape, SpliceFilter):
    """JSON and YAML i18n files: one unit per string value, keyed by its path."""

    sniff_only = False  # the general filter for .json and .yml: whatever no other shape claims

    name: ClassVar[str] = "keyvalue"
    extensions: ClassVar[tuple[str, ...]] = (".json", ".yml", ".yaml")
    options: ClassVar[Mapping[str, Any]] = {
        "segment": False,
        "icu": True,
        "exclude": (),
        "root_locale": False,
    }

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        path = PurePosixPath(path)
        text, encoding = decode_text(data, path)
        tree = parse_json(text, path) if path.suffix.lower() == ".json" else parse_yaml(text, path)
        writer = SkeletonWriter(text)
        root = self._root_locale_key(tree, locale)
        if root is not None:
            self._mark_root_key(text, root, writer)
        exclude = option_names(self.config["exclude"])
        for scalar in sorted(tree.scalars.values(), key=lambda s: s.start):
            where = scalar.path[1:] if root is not None else scalar.path
            key = format_path(where) if where else "value"
            if any(fnmatchcase(key, pattern) for pattern in exclude):
                continue
            parts = (icu_parts if self.config["icu"] else code_text)(scalar.value, CodeIds(), _PATTERNS)
            kind, note = _plural_form(where)
            unit = make_unit(key, parts, locale, segment=bool(self.config["segment"]), kind=kind, note=note)
            writer.add(unit, scalar.start, scalar.end, scalar.escape)
        return writer.document(path, self.name, encoding)

    def locale_tag(self, original: str, locale: Locale) -> str:
        """The target locale as the root key: ``de-DE``, or ``de_DE`` when the source used ``_``."""
        return locale.posix if "_" in original else locale.tag

    # -- Rails-style root key ------------------------------------------------------------
    def _root_locale_key(self, tree: Tree, locale: Locale) -> str | None:
        data = tree.data
        if not self.config["root_locale"] or not isinstance(data, Mapping) or len(data) != 1:
            return None
        (key,) = data
        language = str(key).replace("_", "-").split("-")[0].lower()
        return str(key) if language == locale.language.lower() else None

    @staticmethod
    def _mark_root_key(text: str, key: str, writer: SkeletonWriter) -> None:
        match = re.search(r"""(?m)^["']?(%s)["']?\s*:""" % re.escape(key), text) or re.search(
            r'"(%s)"\s*:' % re.escape(key), text
        )
        if match:
            writer.add_locale_tag(match.start(1), match.end(1))


def _plural_form(where: Path) -> tuple[str, str]:
    """(kind, note) for an i18next plural key such as ``cart.item_other``."""
    last = where[-1] if where else None
    match = _PLURAL_KEY.match(last) if isinstance(last, str) else None
    if not match:
        return "", ""
    return "plural", f"plural form {match.group('form')!r} of {match.group('base')!r}"
