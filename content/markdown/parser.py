"""The markdown-it-py parser the filter uses, and the few rules it adds.

CommonMark with GFM tables and strikethrough, plus:

* template tags (Hugo shortcodes, Jinja/Liquid) masked before parsing, so the
  structure is the one Hugo or Jinja users get (:func:`mask_templates`);
* lines holding only template statements, and admonition fences
  (``:::tip[Title]``), as blocks of their own;
* link and image tokens that remember where their ``](url "title")`` ends,
  and the lines of each link reference definition (``env[DEFINITIONS]``);
* ``text_join`` off, so escapes and entities keep their original markup;
* the dialects of :data:`DIALECTS`: mdit-py-plugins' footnotes, admonitions
  (``!!!``/``???``), definition lists, dollar math and MyST roles and blocks,
  markdown-it-py's own task lists, and the hand-written rules of
  :mod:`content.markdown.dialect_rules` for what no plugin parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block.reference import reference as reference_rule
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.rules_inline.state_inline import StateInline
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from content.markdown import dialect_rules as rules

__all__ = ["DEFINITIONS", "DIALECTS", "MASKS", "detect_dialects", "markdown_parser", "mask_templates"]

#: Template tags are masked before parsing, character for character (see :func:`mask_templates`).
MASK_STATEMENT = "\ue000"  # first character of {% ... %}, {{< ... >}}, {{% ... %}}, {# ... #}
MASK_VARIABLE = "\ue002"  # first character of {{ ... }}
MASK_REST = "\ue001"
MASKS = frozenset((MASK_STATEMENT, MASK_VARIABLE, MASK_REST))
_TEMPLATE_TAG = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%-?.*?-?%\}|\{#.*?#\}|\{\{-?[^{}]*?-?\}\}")


def mask_templates(body: str) -> str:
    """Replace each template tag on a line by private-use characters of the same length.

    Hugo and Jinja expand tags before Markdown is rendered, so
    ``[Guide]({{< ref "guide" >}})`` is a link there although its destination
    has spaces. Masked, markdown-it sees the same structure; every character
    keeps its column, and codes take their data from the original text.
    """

    def mask(match: re.Match[str]) -> str:
        first = MASK_VARIABLE if match[0].startswith("{{") and match[0][2] not in "<%" else MASK_STATEMENT
        return first + MASK_REST * (len(match[0]) - 1)

    return _TEMPLATE_TAG.sub(mask, body)




def _record_tail_end(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap markdown-it's link/image rule to remember where ``](url "title")`` ends.

    Tokens carry no source positions; the filter needs the end of a link's
    destination to make it one code, and re-parsing destinations by hand would
    be a second, diverging implementation of CommonMark.
    """

    def recording(state: StateInline, silent: bool) -> bool:
        matched = rule(state, silent)
        if matched and not silent:
            state.tokens[-1].meta["tail_end"] = state.pos
        return matched

    return recording


#: Key of the parse environment listing each new link reference definition as
#: ``(spans, title)``: the ``(start, end)`` in the parsed text of each of its lines
#: as markdown-it's reference rule joins them, and the title it read.
DEFINITIONS = "locflow_definitions"
BlockRule = Callable[[StateBlock, int, int, bool], bool]


def _record_definitions(rule: BlockRule) -> BlockRule:
    """Wrap markdown-it's reference rule to remember where each definition's lines are.

    A definition leaves no token behind; its title is translatable, so the
    filter needs to find it. Only the first definition of a label counts (it
    is the one links use).
    """

    def recording(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        known = len(state.env.get("references", ()))
        matched = rule(state, start, end, silent)
        if matched and not silent and len(state.env["references"]) > known:
            label = next(reversed(state.env["references"]))  # the one just added
            spans = [(state.bMarks[line] + state.tShift[line], state.eMarks[line] + 1) for line in range(start, state.line)]
            state.env.setdefault(DEFINITIONS, []).append((spans, state.env["references"][label]["title"]))
        return matched

    return recording


_DIRECTIVE = re.compile(
    r":{3,}[ \t]*(?P<name>[A-Za-z][\w-]*)?"
    r"(?:\[(?P<label>(?:[^\[\]\\\n]|\\.|\[(?:[^\[\]\\\n]|\\.)*\])*)\]|[ \t]+(?P<title>[^{\n]*?))?"
    r"[ \t]*(?:\{[^}\n]*\})?[ \t]*$"
)


def _directive_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Admonition fences (``:::note``, ``:::info[Title]``, ``:::``) as blocks of their own.

    Docusaurus and VuePress write them without blank lines around, so plain
    CommonMark would fold them into the neighbouring paragraph; joined onto
    one line in a translation they would stop working.
    """
    if state.is_code_block(start):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    line = state.src[pos : state.eMarks[start]]
    match = _DIRECTIVE.match(line)
    if match is None:
        return False
    if silent:
        return True
    token = state.push("directive", "", 0)
    token.map = [start, start + 1]
    token.info = match["name"] or ""
    group = "label" if match["label"] is not None else "title"
    title = match[group] if match["name"] else None
    if title and title.strip(MD_TRIM_CHARS):
        leading = len(title) - len(title.lstrip(MD_TRIM_CHARS))
        inline = state.push("inline", "", 0)
        inline.map = [start, start + 1]
        inline.content = title.strip(MD_TRIM_CHARS)
        inline.children = []
        inline.meta["src_pos"] = pos + match.start(group) + leading
    state.line = start + 1
    return True


_TEMPLATE_LINE = re.compile(f"[ \\t]*(?:{MASK_STATEMENT}{MASK_REST}*[ \\t]*)+$")


def _template_line_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line holding only template statements (``{% if %}``, ``{{< note >}}``) is a block of its own.

    Such lines wrap Markdown rather than belong to a sentence; keeping them
    out of paragraphs keeps them on their own lines in translations.
    """
    if state.is_code_block(start):
        return False
    if not _TEMPLATE_LINE.match(state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start]):
        return False
    if not silent:
        state.push("template_line", "", 0).map = [start, start + 1]
        state.line = start + 1
    return True


#: The dialects the filter knows (option ``dialects``); see docs/markdown.md.
DIALECTS = (
    "wikilinks", "footnotes", "callouts", "admonitions", "tabs", "deflists", "tasklists",
    "math", "highlights", "comments", "block-ids", "myst",
)
_MYST_SYNTAX = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{[\w:-]+\}|\{[\w:+-]+\}`", re.MULTILINE)


def detect_dialects(text: str, wanted: Iterable[str] | str) -> frozenset[str]:
    """The dialects to parse a file with: ``auto`` is all of them, MyST's line syntax only where MyST is used.

    MyST's ``% comment`` lines and ``(target)=`` labels would change the
    meaning of ordinary text, so ``auto`` turns them on only for a file with
    a MyST directive or role; every other construct is recognized by syntax
    that plain prose does not use.
    """
    if isinstance(wanted, str):
        if wanted != "auto":
            raise ValueError(f"dialects must be 'auto' or a list of {', '.join(DIALECTS)}, not {wanted!r}")
        on = set(DIALECTS)
        if not _MYST_SYNTAX.search(text):
            on.discard("myst")
        return frozenset(on)
    if not isinstance(wanted, (list, tuple, set, frozenset)) or not all(isinstance(name, str) for name in wanted):
        raise ValueError(f"dialects must be 'auto' or a list of {', '.join(DIALECTS)}, not {wanted!r}")
    unknown = sorted(set(wanted) - set(DIALECTS))
    if unknown:
        raise ValueError(f"unknown dialect(s) {', '.join(unknown)} (known: {', '.join(DIALECTS)})")
    return frozenset(wanted)


@lru_cache(maxsize=16)
def markdown_parser(directives: bool, dialects: frozenset[str] = frozenset()) -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough, template lines, and the given dialects."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and entities as their own tokens, with their markup
    md.inline.ruler.at("link", _record_tail_end(link_rule))
    md.inline.ruler.at("image", _record_tail_end(image_rule))
    md.block.ruler.at("reference", _record_definitions(reference_rule))
    terminates = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "template_line", _template_line_rule, terminates)
    if "myst" in dialects:
        md.block.ruler.before("fence", "myst_directive", rules.myst_directive, terminates)
        md.use(myst_role_plugin).use(myst_block_plugin)
    if directives:
        md.block.ruler.before("fence", "directive", _directive_rule, terminates)
    for name in sorted(dialects):
        _ENABLE[name](md)
    return md


def _footnotes(md: MarkdownIt) -> None:
    # definitions stay where they are written (keys and notes follow the document's order)
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)


def _deflists(md: MarkdownIt) -> None:
    md.use(deflist_plugin)
    deflist = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "deflist")
    md.block.ruler.before("html_block", "comment_term", rules.comment_term_definition(deflist))


def _math(md: MarkdownIt) -> None:
    # no space inside the dollars and no digit after the closing one: prices stay text
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_blank_lines=False, double_inline=True)


def _tasklists(md: MarkdownIt) -> None:
    md.options["tasklists"] = True  # markdown-it-py's own: the box is taken out of the item's content


def _wikilinks(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", rules.wikilink)


def _highlights(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "highlight", rules.highlight_delimiters)
    md.inline.ruler2.before("emphasis", "highlight", rules.highlight_pairs)


def _comments(md: MarkdownIt) -> None:
    md.inline.ruler.before("text", "comment", rules.comment)
    md.block.ruler.before("paragraph", "block_comment", rules.block_comment)


_ENABLE: dict[str, Callable[[MarkdownIt], None]] = {
    "wikilinks": _wikilinks,
    "footnotes": _footnotes,
    "callouts": lambda md: md.core.ruler.after("block", "callouts", rules.callouts),
    "admonitions": lambda md: md.use(admon_plugin),
    "tabs": lambda md: md.block.ruler.before("fence", "content_tab", rules.content_tab),
    "deflists": _deflists,
    "tasklists": _tasklists,
    "math": _math,
    "highlights": _highlights,
    "comments": _comments,
    "block-ids": lambda md: md.inline.ruler.before("text", "block_id", rules.block_id),
    "myst": lambda md: None,  # set up with the directive rules above
}
