"""FAQ lists in YAML, JSON or CSV: questions, answers (with Markdown) and extra fields.

A FAQ file is a list of records, each with a question and an answer::

    - id: refund-window
      question: How long do I have to return an item?
      answer: |
        You can return most items within **30 days**.
        See [our policy](https://example.com/returns) for exceptions.

The same list may be a JSON array, sit under a key (``list_key``, found
automatically when there is one such list), or be the rows of a CSV file
whose header names the fields. Field names are options: ``question_field``
(default ``question``; a list of questions, as QnA Maker's ``questions``, is
accepted too), ``answer_field`` (``answer``), ``id_field`` (``id``) and
``fields`` (more translatable fields, such as ``title`` or ``category``).

Keys are ``faq[<id>].question`` and ``faq[<id>].answer``: ``<id>`` is the
record's id field when it has one, else its position in the list (a slug of
the question would change whenever the question is edited or translated,
and a key must not); a repeated id gets ``@2``.

Answers are Markdown by default (option ``markdown``): emphasis, code spans
and links become codes (a link's text is translated, its target is not),
code blocks and list markers stay out of the text, and answers are split
into sentences (option ``segment``). Questions are one segment each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, ClassVar

from locflow.model import CodeIds, Document, Locale, Unit
from locflow.model.errors import MalformedFileError

from content.base import decode_text
from content.csvtext import parse_csv, sniff_delimiter
from content.jsontext import parse_json
from content.mdtext import markdown_unit
from content.shapes import DetectedByShape, faq_list_path
from content.splice import KeyNamer, SkeletonWriter, SpliceFilter, make_unit, option_names
from content.textcodes import TAG, code_text
from content.tree import Path, Scalar, Tree
from content.yamltext import parse_yaml

__all__ = ["FaqFilter"]



@dataclass(frozen=True, slots=True)
class Record:
    """One FAQ entry: each string field located in the text, and the id it gives itself."""

    fields: dict[str, Scalar | list[Scalar]]
    given_id: str = ""


class FaqFilter(DetectedByShape, SpliceFilter):
    """Structured FAQ lists in YAML, JSON and CSV; see the module docstring."""

    name: ClassVar[str] = "faq"
    extensions: ClassVar[tuple[str, ...]] = (".yml", ".yaml", ".json", ".csv")
    options: ClassVar[Mapping[str, Any]] = {
        "question_field": "question",
        "answer_field": "answer",
        "id_field": "id",
        "list_key": None,
        "fields": (),
        "markdown": True,
        "segment": True,
        "delimiter": None,
    }

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        path = PurePosixPath(path)
        text, encoding = decode_text(data, path)
        writer = SkeletonWriter(text)
        namer = KeyNamer()
        for index, record in enumerate(self._records(text, path)):
            unit_id = namer(record.given_id or str(index))
            for unit, scalar in self._units(record, unit_id, locale):
                writer.add(unit, scalar.start, scalar.end, scalar.escape)
        return writer.document(path, self.name, encoding)

    # -- reading records ---------------------------------------------------------------
    def _records(self, text: str, path: PurePosixPath) -> Iterator[Record]:
        if path.suffix.lower() == ".csv":
            yield from self._csv_records(text, path)
            return
        tree = parse_json(text, path) if path.suffix.lower() == ".json" else parse_yaml(text, path)
        where = self._list_path(tree, path)
        items = _at(tree.data, where)
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                yield self._tree_record(tree, (*where, index), item)

    def _list_path(self, tree: Tree, path: PurePosixPath) -> Path:
        list_key = self.config["list_key"]
        if list_key:
            where: Path = tuple(int(step) if step.isdigit() else step for step in str(list_key).split("."))
            if not isinstance(_at(tree.data, where), list):
                raise MalformedFileError(f"no FAQ list at {list_key!r}", path=path)
            return where
        found = faq_list_path(tree.data, self.config["question_field"], self.config["answer_field"])
        if found is None:
            fields = f"{self.config['question_field']!r} and {self.config['answer_field']!r}"
            raise MalformedFileError(f"no list of records with {fields} found (set list_key?)", path=path)
        return found

    def _tree_record(self, tree: Tree, where: Path, item: Mapping[str, Any]) -> Record:
        fields: dict[str, Scalar | list[Scalar]] = {}
        for field, value in item.items():
            if isinstance(value, list):
                fields[field] = [s for i in range(len(value)) if (s := tree.scalars.get((*where, field, i)))]
            elif (*where, field) in tree.scalars:
                fields[field] = tree.scalars[(*where, field)]
        given = item.get(self.config["id_field"])
        return Record(fields, str(given).strip() if isinstance(given, (str, int)) and not isinstance(given, bool) else "")

    def _csv_records(self, text: str, path: PurePosixPath) -> Iterator[Record]:
        delimiter = self.config["delimiter"] or sniff_delimiter(text)
        rows = parse_csv(text, path, delimiter)
        if not rows:
            return
        header = [cell.value.strip() for cell in rows[0]]
        for field in (self.config["question_field"], self.config["answer_field"]):
            if field not in header:
                raise MalformedFileError(f"CSV header has no {field!r} column", path=path, line=1)
        for number, row in enumerate(rows[1:], start=1):
            fields: dict[str, Scalar | list[Scalar]] = {
                name: Scalar((number, column), cell.value, cell.start, cell.end, cell.escape(delimiter), cell.line)
                for column, (name, cell) in enumerate(zip(header, row))
            }
            given = fields.get(self.config["id_field"])
            yield Record(fields, given.value.strip() if isinstance(given, Scalar) else "")

    # -- making units ----------------------------------------------------------------
    def _questions(self, record: Record) -> list[tuple[str, Scalar]]:
        """(key suffix, scalar) of the record's question or questions."""
        field = self.config["question_field"]
        for name in (field, field + "s"):
            value = record.fields.get(name)
            if isinstance(value, Scalar):
                return [(name, value)]
            if isinstance(value, list):
                return [(f"{name}[{i}]", scalar) for i, scalar in enumerate(value)]
        return []

    def _units(self, record: Record, unit_id: str, locale: Locale) -> Iterator[tuple[Unit, Scalar]]:
        prefix = f"faq[{unit_id}]"
        for suffix, scalar in self._questions(record):
            yield self._plain_unit(f"{prefix}.{suffix}", scalar.value, locale, "question"), scalar
        answer = record.fields.get(self.config["answer_field"])
        if isinstance(answer, Scalar):
            yield self._answer_unit(f"{prefix}.{self.config['answer_field']}", answer.value, locale), answer
        for field in option_names(self.config["fields"]):
            value = record.fields.get(field)
            scalars = value if isinstance(value, list) else [value] if value is not None else []
            for i, scalar in enumerate(scalars):
                suffix = field if isinstance(value, Scalar) else f"{field}[{i}]"
                yield self._plain_unit(f"{prefix}.{suffix}", scalar.value, locale, field), scalar

    def _answer_unit(self, key: str, value: str, locale: Locale) -> Unit:
        if self.config["markdown"]:
            return markdown_unit(key, value, locale, segment=bool(self.config["segment"]), kind="answer")
        parts = code_text(value, CodeIds(), [TAG])
        return make_unit(key, parts, locale, segment=bool(self.config["segment"]), kind="answer")

    def _plain_unit(self, key: str, value: str, locale: Locale, kind: str) -> Unit:
        return make_unit(key, code_text(value, CodeIds()), locale, segment=False, kind=kind)


def _at(data: Any, where: Path) -> Any:
    for step in where:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
