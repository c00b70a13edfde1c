"""The markdown-it-py parser the filter uses, and the few rules it adds.

CommonMark with GFM tables and strikethrough, plus:

* template tags (Hugo shortcodes, Jinja/Liquid) masked before parsing, so the
  structure is the one Hugo or Jinja users get (:func:`mask_templates`);
* lines holding only template statements, and admonition fences
  (``:::tip[Title]``), as blocks of their own;
* link and image tokens that remember where their ``](url "title")`` ends;
* ``text_join`` off, so escapes and entities keep their original markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.rules_inline.state_inline import StateInline

__all__ = ["MASKS", "markdown_parser", "mask_templates"]

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


_DIRECTIVE = re.compile(
    r":{3,}[ \t]*(?P<name>[A-Za-z][\w-]*)?"
    r"(?:\[(?P<label>(?:[^\]\\\n]|\\.)*)\]|[ \t]+(?P<title>[^{\n]*?))?"
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


@lru_cache(maxsize=2)
def markdown_parser(directives: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and entities as their own tokens, with their markup
    md.inline.ruler.at("link", _record_tail_end(link_rule))
    md.inline.ruler.at("image", _record_tail_end(image_rule))
    terminates = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "template_line", _template_line_rule, terminates)
    if directives:
        md.block.ruler.before("fence", "directive", _directive_rule, terminates)
    return md


