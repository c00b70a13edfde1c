"""A document's structure as its format's own parser sees it, to hold a translated build to its source.

A build that translates every segment must give a document that the format's
reader parses to the same structure as the source, with everything that is not
translatable unchanged:

* Markdown: markdown-it's token stream (every token that is not text, block
  and inline, with its markup, targets and code) read with the filter's
  dialects, and the dialect constructs counted in the raw text (wikilink
  targets, footnote labels, callout and admonition markers, math, Liquid tags,
  link targets, code spans, HTML...); front matter as YAML/TOML data shape;
* HTML and XML manuals: the lxml element tree, with every attribute that is
  not a translatable one;
* MediaWiki: mwparserfromhell's nodes (types, template and tag names, link
  targets, URLs) in document order;
* YAML and JSON (FAQ and chatbot files): the parsed data's shape, keys and
  non-string values.

Each ``*_problems`` function returns what differs (empty when nothing does).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import lxml.etree
import lxml.html
import mwparserfromhell
from markdown_it.token import Token
from ruamel.yaml import YAML

from content.markdown.parser import detect_dialects, markdown_parser
from content.markdown.source import Lines
from content.rasa import ENTITY_ANNOTATION
from locflow.model.xmlsafe import SAFE_XML_OPTIONS

# -- Markdown ---------------------------------------------------------------------------------

#: Tokens that are text (a translation may add, drop or split them).
_TEXT_TOKENS = frozenset({"text", "softbreak", "text_special"})
#: Tokens whose content is not translatable and must stay the same.
_KEPT_CONTENT = frozenset(
    {
        "code_inline", "code_block", "fence", "html_block", "html_inline", "math_inline", "math_inline_double",
        "math_block", "math_block_label", "myst_directive_raw", "myst_options", "myst_role", "comment",
        "comment_block", "wikilink", "block_id", "myst_line_comment", "myst_target",
    }
)
#: Link and image attributes that are translated: an image's alt text, a link's or image's title.
_TRANSLATED_ATTRS = frozenset({"alt", "title"})
#: Tokens whose ``info`` is a translatable title.
_TITLE_INFO = frozenset({"admonition_open", "tab_open"})

#: Dialect constructs counted in the raw text; each match's literal must survive translation.
_CONSTRUCTS: dict[str, re.Pattern[str]] = {
    "wikilink": re.compile(r"!\[\[[^\[\]\n]+\]\]|\[\[[^\[\]|\n]+(?=\|[^\[\]\n]*\]\]|\]\])"),
    "footnote": re.compile(r"(?<!\\)\[\^[^\]\s]+(?<!\\)\]"),
    "callout": re.compile(r"^[ \t>]*>[ \t]*\[![A-Za-z][\w-]*\][+-]?", re.MULTILINE),
    "admonition": re.compile(r'^[ \t>:]*(?:!!!|\?\?\?\+?)[ \t]+[^"\n]*', re.MULTILINE),
    "directive": re.compile(r"^[ \t>]*(?::{3,}[ \t]*[A-Za-z][\w-]*|:{3,}[ \t]*$|(?:`{3,}|:{3,})\{[\w:-]+\})", re.MULTILINE),
    "tab": re.compile(r'^[ \t>]*===[+!]?[ \t]+"', re.MULTILINE),
    "highlight": re.compile(r"==(?=[^\s=])(?:[^=\n]|=(?!=))*?(?<=[^\s=])=="),
    "comment": re.compile(r"%%.*?%%", re.DOTALL),
    "block-id": re.compile(r"(?<=[ \t])\^[A-Za-z0-9][A-Za-z0-9-]*(?=[ \t]*$)", re.MULTILINE),
    "math": re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?![\d$])", re.DOTALL),
    "task": re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\](?=[ \t])", re.MULTILINE),
    "definition": re.compile(r"^[ \t>]*:[ \t]+(?=\S)", re.MULTILINE),
    "template": re.compile(r"\{%-?.*?-?%\}|\{\{.*?\}\}"),
    "role": re.compile(r"\{[\w:+-]+\}`[^`\n]*`"),
}
#: Constructs whose text between delimiters is translatable: only the delimiters are compared.
_DELIMITED = {"highlight": lambda literal: "=="}


@dataclass
class MarkdownCheck:
    """The structure of one source and its build, and what differs."""

    problems: list[str] = field(default_factory=list)
    constructs: Counter[str] = field(default_factory=Counter)  # kind -> occurrences in the source
    kept: Counter[str] = field(default_factory=Counter)  # kind -> occurrences the build kept


def markdown_check(source: str, built: str, *, constructs: bool = True) -> MarkdownCheck:
    """Compare a Markdown source with its translated build: tokens, constructs, front matter.

    ``constructs=False`` compares tokens and front matter only: the construct
    patterns read raw text, so on made-up text (a paragraph continued by a line
    that looks like a callout) they count what no parser would.
    """
    check = MarkdownCheck()
    source_body, source_text, source_front = _front_matter(Lines(source))
    built_body, built_text, built_front = _front_matter(Lines(built))
    if data_shape(source_front) != data_shape(built_front):
        check.problems.append("front matter: keys or non-text values changed")
    dialects = detect_dialects(source_body, "auto")
    before = list(markdown_tokens(source_body, dialects))
    after = list(markdown_tokens(built_body, dialects))
    if before != after:
        check.problems.append("tokens: " + _first_difference(before, after))
    if not constructs:
        return check
    source_constructs = markdown_constructs(source_text, before)
    built_constructs = markdown_constructs(built_text, after)
    for kind in sorted({kind for kind, _ in source_constructs} | {kind for kind, _ in built_constructs}):
        have = Counter({lit: n for (k, lit), n in source_constructs.items() if k == kind})
        got = Counter({lit: n for (k, lit), n in built_constructs.items() if k == kind})
        check.constructs[kind] += sum(have.values())
        check.kept[kind] += sum((have & got).values())
        if have != got:
            lost, added = sorted(have - got), sorted(got - have)
            check.problems.append(f"{kind}: lost {lost[:3]}, added {added[:3]}")
    return check


def markdown_tokens(body: str, dialects: frozenset[str]) -> Iterator[tuple[Any, ...]]:
    """The signature of every token that is not text, inline children included, in order."""
    for token in markdown_parser(True, dialects).parse(body, {}):
        yield _signature(token)
        for child in token.children or ():
            if child.type not in _TEXT_TOKENS:
                yield ("  ",) + _signature(child)
                for grandchild in child.children or ():  # an image's alt text
                    if grandchild.type not in _TEXT_TOKENS:
                        yield ("    ",) + _signature(grandchild)


def _signature(token: Token) -> tuple[Any, ...]:
    attrs = tuple(sorted((k, str(v)) for k, v in token.attrs.items() if k not in _TRANSLATED_ATTRS))
    info = "" if token.type in _TITLE_INFO else token.info
    content = token.content if token.type in _KEPT_CONTENT else ""
    meta = tuple(sorted((k, str(v)) for k, v in token.meta.items() if k in ("label", "target", "checked", "fold", "kind", "tag")))
    return (token.type, token.tag, token.nesting, token.markup, attrs, info, content, meta, token.hidden)


def markdown_constructs(body: str, tokens: Iterable[tuple[Any, ...]] = ()) -> Counter[tuple[str, str]]:
    """(kind, literal) of every dialect construct in the text, and of links, code spans and HTML in tokens."""
    found: Counter[tuple[str, str]] = Counter()
    for kind, pattern in _CONSTRUCTS.items():
        for match in pattern.finditer(body):
            literal = _DELIMITED[kind](match[0]) if kind in _DELIMITED else match[0].strip(" \t>")
            found[(kind, literal)] += 1
    for signature in tokens:
        signature = signature[1:] if signature[0].strip() == "" else signature
        kind, attrs, content = signature[0], dict(signature[4]), signature[6]
        if kind in ("link_open", "image"):
            found[("link target", attrs.get("href") or attrs.get("src", ""))] += 1
        elif kind == "code_inline":
            found[("code span", content)] += 1
        elif kind in ("html_inline", "html_block"):
            found[("html", content)] += 1
    return found


def _front_matter(lines: Lines) -> tuple[str, str, Any]:
    """The body as the filter parses it (template tags masked), as written, and the front matter's data.

    Front matter lines are blanked in both, so neither sees them as Markdown.
    """
    bodies = lines.bodies
    fence = bodies[0].rstrip(" \t") if bodies else ""
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(fence)
    close = next((i for i in range(1, len(bodies)) if bodies[i].rstrip(" \t") in closers), None) if closers else None
    first = 0 if close is None else close + 1
    written = [lines.text[start : start + len(body)] for start, body in zip(lines.starts, bodies)]
    as_written = "\n".join([""] * first + written[first:])
    if close is None:
        return lines.parse_text(0), as_written, None
    text = lines.text[lines.starts[1] : lines.starts[close]]
    data = tomllib.loads(text) if fence == "+++" else YAML(typ="safe", pure=True).load(text)
    return lines.parse_text(first), as_written, data


def _first_difference(before: list[Any], after: list[Any]) -> str:
    for index, (a, b) in enumerate(zip(before, after)):
        if a != b:
            return f"token {index}: {a[:4]} became {b[:4]}"
    return f"{len(before)} tokens became {len(after)}"


# -- data: YAML and JSON ------------------------------------------------------------------------


def data_shape(value: Any) -> Any:
    """Parsed data with every string replaced by ``str``: keys, list lengths and other values stay."""
    if isinstance(value, dict):
        return {str(key): data_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [data_shape(item) for item in value]
    return str if isinstance(value, str) else value


def load_yaml(data: bytes) -> Any:
    return YAML(typ="safe", pure=True).load(data.decode("utf-8-sig"))


def load_json(data: bytes) -> Any:
    return json.loads(data.decode("utf-8-sig"))


def data_problems(source: bytes, built: bytes, load: Callable[[bytes], Any]) -> list[str]:
    """The parsed data's shape, keys and non-string values must be the same."""
    before, after = data_shape(load(source)), data_shape(load(built))
    return [] if before == after else ["data: keys, list lengths or non-string values changed"]


# -- HTML and XML -------------------------------------------------------------------------------

#: Attributes a filter translates (HTML's, and those the build sets on the root element).
_TRANSLATABLE_ATTRIBUTES = frozenset(
    "alt title placeholder aria-label aria-description label value content lang dir "
    "{http://www.w3.org/XML/1998/namespace}lang".split()
)


def markup_tree(data: bytes, *, xml: bool) -> list[tuple[Any, ...]]:
    """Every element's tag and attributes (translatable ones left out), in document order."""
    root = lxml.etree.fromstring(data, lxml.etree.XMLParser(**SAFE_XML_OPTIONS)) if xml else lxml.html.document_fromstring(data)
    return [
        (str(element.tag), tuple(sorted((k, v) for k, v in element.attrib.items() if k not in _TRANSLATABLE_ATTRIBUTES)))
        for element in root.iter()
        if isinstance(element.tag, str)
    ]


def markup_problems(source: bytes, built: bytes, *, xml: bool) -> list[str]:
    before, after = markup_tree(source, xml=xml), markup_tree(built, xml=xml)
    return [] if before == after else ["elements: " + _first_difference(before, after)]


# -- MediaWiki ----------------------------------------------------------------------------------


def wikitext_nodes(text: str) -> list[tuple[str, ...]]:
    """Every node's type, with what identifies it (template and tag names, link targets, URLs).

    Text and entities are left out: translated text may spell a ``<`` as ``&lt;``.
    """
    nodes = []
    for node in mwparserfromhell.parse(text).ifilter(recursive=True):
        kind = type(node).__name__
        if kind in ("Text", "HTMLEntity"):
            continue
        if kind == "Template":
            nodes.append((kind, str(node.name).strip(), *(str(p.name).strip() for p in node.params)))
        elif kind == "Wikilink":
            nodes.append((kind, str(node.title).strip()))
        elif kind == "ExternalLink":
            nodes.append((kind, str(node.url).strip()))
        elif kind == "Tag":
            nodes.append((kind, str(node.tag).strip()))
        elif kind == "Heading":
            nodes.append((kind, str(node.level)))
        elif kind == "Comment":
            nodes.append((kind, str(node)))
        else:
            nodes.append((kind,))
    return nodes


def wikitext_problems(source: str, built: str) -> list[str]:
    before, after = wikitext_nodes(source), wikitext_nodes(built)
    return [] if before == after else ["nodes: " + _first_difference(before, after)]


# -- Dialogflow training phrases -------------------------------------------------------------------


def dialogflow_problems(source: bytes, built: bytes) -> list[str]:
    """Like :func:`data_problems`, but a training phrase's ``data`` parts may be regrouped.

    A translation moves text around the entities, so plain parts may appear
    or merge; the entities (alias and type) must stay, in their order.
    """
    def phrases(data: Any) -> Any:
        if not (isinstance(data, list) and all(isinstance(p, dict) and isinstance(p.get("data"), list) for p in data)):
            return data_shape(data)
        return [
            ({k: data_shape(v) for k, v in p.items() if k != "data"}, [(d.get("alias"), d.get("meta")) for d in p["data"] if "alias" in d or "meta" in d])
            for p in data
        ]

    same = phrases(load_json(source)) == phrases(load_json(built))
    return [] if same else ["data: keys, list lengths, non-string values or entities changed"]


# -- Rasa 1.x training data and CSV ---------------------------------------------------------------


def rasa_markdown_problems(source: bytes, built: bytes) -> list[str]:
    """Rasa 1.x training data: the same lines, section headers and entity annotations."""
    before, after = source.decode("utf-8").splitlines(), built.decode("utf-8").splitlines()
    if len(before) != len(after):
        return [f"{len(before)} lines became {len(after)}"]
    for number, (a, b) in enumerate(zip(before, after), start=1):
        tails = [m["tail"] for m in ENTITY_ANNOTATION.finditer(a)], [m["tail"] for m in ENTITY_ANNOTATION.finditer(b)]
        if tails[0] != tails[1] or (a.startswith(("##", "<!--")) and a != b) or (not a.strip()) != (not b.strip()):
            return [f"line {number}: {a!r} became {b!r}"]
    return []


def csv_problems(source: bytes, built: bytes) -> list[str]:
    """A CSV file: the same header and the same number of rows and cells."""
    def table(data: bytes) -> list[list[str]]:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    before, after = table(source), table(built)
    same = before[:1] == after[:1] and [len(row) for row in before] == [len(row) for row in after]
    return [] if same else ["rows or columns changed"]


# -- Bot Framework .lu / .qna ---------------------------------------------------------------------

_LU_LABEL = re.compile(r"\{@?[\w.\-]+(?::[\w.\-]+)?[=}]")
_LU_KEPT = (">", "@", "$", "[", "<a ", "**")


def lu_outline(text: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The lines of a ``.lu``/``.qna`` file that are structure, and the Markdown of its answers.

    Comments, entity definitions, references, ids, ``**Filters:**`` and
    fences must stay as they are; intent headers keep their name; every
    list item keeps its entity labels and patterns; questions stay questions.
    """
    outline: list[tuple[str, ...]] = []
    answers: list[str] = []
    answer: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if answer is not None:
            if stripped.startswith("```"):
                answers.append("\n".join(answer) + "\n")
                answer = None
                outline.append(("fence", stripped))
            else:
                answer.append(line)
        elif stripped.startswith("```"):
            answer = []
            outline.append(("fence", stripped))
        elif stripped.startswith(_LU_KEPT):
            outline.append(("kept", stripped))
        elif stripped.startswith("#"):
            question = re.match(r"(#+)[ \t]*\?", stripped)
            outline.append(("question", question[1]) if question else ("intent", stripped))
        elif re.match(r"[-*+]", stripped):
            outline.append(("item", line[: len(line) - len(line.lstrip())], *_LU_LABEL.findall(stripped)))
        elif stripped:
            outline.append(("text",))
    return outline, answers


def lu_problems(source: bytes, built: bytes) -> list[str]:
    (before, source_answers), (after, built_answers) = lu_outline(source.decode("utf-8-sig")), lu_outline(built.decode("utf-8-sig"))
    if before != after:
        return ["lines: " + _first_difference(before, after)]
    problems = []
    for number, (a, b) in enumerate(zip(source_answers, built_answers), start=1):
        problems += [f"answer {number}: {p}" for p in markdown_check(a, b).problems]
    return problems


# -- by format ------------------------------------------------------------------------------------


def structure_problems(fmt: str, path: PurePosixPath, source: bytes, built: bytes) -> list[str]:
    """What differs between a file of format ``fmt`` (a filter's name) and its build."""
    suffix = PurePosixPath(path).suffix.lower()
    if fmt == "markdown":
        return markdown_check(source.decode("utf-8-sig"), built.decode("utf-8-sig")).problems
    if fmt == "html":
        return markup_problems(source, built, xml=suffix == ".xhtml")
    if fmt in ("mallard", "dita", "docbook"):
        return markup_problems(source, built, xml=True)
    if fmt == "mediawiki":
        return wikitext_problems(source.decode("utf-8-sig"), built.decode("utf-8-sig"))
    if fmt == "rasa-nlu" and suffix == ".md":
        return rasa_markdown_problems(source, built)
    if suffix == ".csv":
        return csv_problems(source, built)
    if fmt == "dialogflow":
        return dialogflow_problems(source, built)
    if fmt == "botframework":
        return lu_problems(source, built)
    return data_problems(source, built, load_json if suffix == ".json" else load_yaml)
