"""markdown-it rules for the dialect constructs no maintained plugin parses.

mdit-py-plugins covers footnotes, MkDocs admonitions, definition lists, dollar
math and MyST roles (see :mod:`content.markdown.parser`); these are the rest,
each written in the plugins' style so tokens carry what the filter needs to
find the construct in the source again:

* wikilinks and embeds (``[[Page]]``, ``[[Page#Heading|label]]``, ``![[image.png]]``);
* highlights (``==text==``), Obsidian comments (``%%…%%``) and block ids (``^abc123``);
* callouts and alerts (``> [!NOTE]``, ``> [!info]- Title``), as a core rule over blockquotes;
* content tabs (``=== "Tab"``, pymdownx.tabbed) and MyST directives in fences
  (```` ```{note} ```` or ``:::{note}``) whose content is Markdown;
* definitions whose term is an HTML comment, as MkDocs writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token

__all__ = [
    "PROSE_DIRECTIVES",
    "block_comment",
    "block_id",
    "callouts",
    "comment",
    "comment_term_definition",
    "content_tab",
    "highlight_delimiters",
    "highlight_pairs",
    "line_match",
    "myst_directive",
    "wikilink",
]

BlockRule = Callable[[StateBlock, int, int, bool], bool]

# -- wikilinks ---------------------------------------------------------------------------

_WIKILINK = re.compile(r"(?P<embed>!?)\[\[(?P<target>[^\[\]|\n]+?)(?:\|(?P<label>[^\[\]\n]*))?\]\]")


def wikilink(state: StateInline, silent: bool) -> bool:
    """``[[Page]]``, ``[[Page|label]]`` and ``![[embed]]``.

    A link with a label becomes ``wikilink_open`` (markup: ``[[Page|``), the
    label's own inline tokens and ``wikilink_close``; anything else is one
    ``wikilink`` token whose content is the whole construct.
    """
    if state.src[state.pos] not in "![":
        return False
    match = _WIKILINK.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if silent:  # inline rules move past what they match even when only checking
        state.pos = match.end()
        return True
    label = match["label"]
    if match["embed"] or label is None or not label.strip():
        token = state.push("wikilink", "", 0)
        token.content = match[0]
        token.meta = {"target": match["target"], "embed": bool(match["embed"])}
        state.pos = match.end()
        return True
    opening = state.push("wikilink_open", "a", 1)
    opening.markup = state.src[match.start() : match.start("label")]
    opening.meta = {"target": match["target"]}
    end = state.posMax
    state.pos, state.posMax = match.start("label"), match.end("label")
    state.md.inline.tokenize(state)
    state.pos, state.posMax = match.end(), end
    state.push("wikilink_close", "a", -1).markup = "]]"
    return True


# -- highlights: ==text== -----------------------------------------------------------------

_EQUALS = ord("=")


def highlight_delimiters(state: StateInline, silent: bool) -> bool:
    """Each ``==`` run of exactly two becomes a delimiter, paired by :func:`highlight_pairs`."""
    if silent or state.src[state.pos] != "=":
        return False
    scanned = state.scanDelims(state.pos, True)
    if scanned.length != 2:
        return False
    token = state.push("text", "", 0)
    token.content = "=="
    state.delimiters.append(
        Delimiter(marker=_EQUALS, length=0, token=len(state.tokens) - 1, end=-1,
                  open=scanned.can_open, close=scanned.can_close)
    )
    state.pos += 2
    return True


def highlight_pairs(state: StateInline) -> None:
    """Turn matched ``==`` delimiters into ``mark_open`` / ``mark_close`` (as strikethrough does)."""
    lists = [state.delimiters] + [meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta]
    for delimiters in lists:
        for delimiter in delimiters:
            if delimiter.marker != _EQUALS or delimiter.end == -1:
                continue
            for index, (kind, nesting) in ((delimiter.token, ("mark_open", 1)), (delimiters[delimiter.end].token, ("mark_close", -1))):
                token = state.tokens[index]
                token.type, token.tag, token.nesting, token.markup, token.content = kind, "mark", nesting, "==", ""


# -- Obsidian comments and block ids ---------------------------------------------------------


def comment(state: StateInline, silent: bool) -> bool:
    """``%%hidden%%`` inside a block: one ``comment`` token."""
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2, state.posMax)
    if end < 0:
        return False
    if not silent:
        state.push("comment", "", 0).content = state.src[state.pos : end + 2]
    state.pos = end + 2
    return True


_COMMENT_OPENING = re.compile(r"%%(?:(?!%%).)*\Z")


def block_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A ``%%`` line opening a comment that closes on a later line: a block nobody reads."""
    if line_match(state, start, _COMMENT_OPENING) is None:
        return False
    last = next((n for n in range(start + 1, end) if "%%" in state.src[state.bMarks[n] : state.eMarks[n]]), None)
    if last is None:
        return False
    if not silent:
        token = state.push("comment_block", "", 0)
        token.map = [start, last + 1]
        token.content = state.getLines(start, last + 1, state.tShift[start], True)
    state.line = last + 1
    return True


_BLOCK_ID = re.compile(r"\^[A-Za-z0-9][A-Za-z0-9-]*(?=[ \t]*\Z)")


def block_id(state: StateInline, silent: bool) -> bool:
    """``^abc123`` after a blank at the very end of a block: an Obsidian block id."""
    if state.src[state.pos] != "^" or (state.pos and state.src[state.pos - 1] not in " \t"):
        return False
    match = _BLOCK_ID.match(state.src[: state.posMax], state.pos)
    if match is None:
        return False
    if not silent:
        state.push("block_id", "", 0).content = match[0]
    state.pos = match.end()
    return True


# -- callouts and alerts -------------------------------------------------------------------

_CALLOUT = re.compile(r"\[!(?P<kind>[A-Za-z][\w-]*)\](?P<fold>[+-]?)(?:[ \t]+(?P<title>.*?))?[ \t]*\Z")


def callouts(state: StateCore) -> None:
    """Blockquote paragraphs whose first line is ``[!TYPE]`` open callouts (GitHub alerts, Obsidian callouts).

    ``callout_open`` carries the type (``info``) and fold (``+``/``-``); the
    rest of the marker line, if any, is the title (``callout_title_open``, an
    inline, ``callout_title_close``); the lines after it stay a paragraph.
    When the marker starts the blockquote, the blockquote becomes the callout;
    a marker further down (two alerts written without a blank line between
    them) opens a callout that runs to the end of the blockquote. Runs before
    inline parsing, so the inline content it leaves is parsed as usual.
    """
    tokens = state.tokens
    open_blocks: list[int] = []  # indices of the containers around the current token
    index = 0
    while index + 2 < len(tokens):
        token = tokens[index]
        if token.type == "paragraph_open" and open_blocks and tokens[open_blocks[-1]].type in _QUOTES:
            match = _CALLOUT.match(tokens[index + 1].content.partition("\n")[0])
            if match is not None:
                resume, opened = _make_callout(tokens, open_blocks[-1], index, match)
                if opened:
                    open_blocks.append(index)
                index = resume
                continue
        if token.nesting == 1:
            open_blocks.append(index)
        elif token.nesting == -1 and open_blocks:
            open_blocks.pop()
        index += 1


_QUOTES = ("blockquote_open", "callout_open")


def _make_callout(tokens: list[Token], parent: int, index: int, match: re.Match[str]) -> tuple[int, bool]:
    """Turn the marker paragraph at ``index`` into a callout.

    Returns where the walk goes on (after the title and the paragraph), and
    whether a ``callout_open`` was inserted at ``index`` (a marker further down).
    """
    quote = tokens[parent]
    close = next(i for i in range(index, len(tokens)) if tokens[i].nesting == -1 and tokens[i].level == quote.level)
    if parent == index - 1 and quote.type == "blockquote_open":
        opening, tokens[close].type = quote, "callout_close"
        opening.type = "callout_open"
        inserted = False
    else:  # a marker further down: the callout runs to the end of the quote
        opening = Token("callout_open", "blockquote", 1, markup=">", level=tokens[index].level, map=tokens[index].map)
        tokens.insert(close, Token("callout_close", "blockquote", -1, markup=">", level=tokens[index].level))
        tokens.insert(index, opening)
        index, inserted = index + 1, True
    opening.info, opening.meta = match["kind"], {"kind": match["kind"], "fold": match["fold"]}
    paragraph, inline = tokens[index], tokens[index + 1]
    assert paragraph.map is not None
    line, end = paragraph.map
    title: list[Token] = []
    title_text = (match["title"] or "").strip(MD_TRIM_CHARS)  # trimmed as a paragraph's last line is
    if title_text:
        title = [
            Token("callout_title_open", "p", 1, map=[line, line + 1], level=paragraph.level),
            Token("inline", "", 0, content=title_text, map=[line, line + 1], children=[], level=inline.level),
            Token("callout_title_close", "p", -1, level=paragraph.level),
        ]
    rest = inline.content.partition("\n")[2]
    if rest:
        inline.content = rest
        inline.map = paragraph.map = [line + 1, end]
        tokens[index:index] = title
    else:
        tokens[index : index + 3] = title
    return index + len(title) + (3 if rest else 0), inserted


# -- containers: content tabs and MyST directives ----------------------------------------------

_TAB = re.compile(r'(?P<marker>===[+!]?)[ \t]+"(?P<title>[^"\n]*)"[ \t]*\Z')


def content_tab(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``=== "Tab"`` and its content indented by four spaces (pymdownx.tabbed)."""
    match = line_match(state, start, _TAB)
    if match is None or silent:
        return match is not None
    indent = state.blkIndent + 4
    last = _indented_block_end(state, start, end, indent)
    opening = state.push("tab_open", "div", 1)
    opening.markup, opening.info, opening.map = match["marker"], match["title"], [start, last]
    _title_inline(state, "tab", start, match.start("title"), match["title"])
    _tokenize_inside(state, "tab", start + 1, last, indent)
    state.push("tab_close", "div", -1).markup = match["marker"]
    state.line = last
    return True


def line_match(state: StateBlock, line: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` matched against a line's content (from its indentation on), unless it is code.

    Positions in the match are positions in ``state.src``.
    """
    if state.is_code_block(line):
        return None
    return pattern.match(state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line])


def _tokenize_inside(state: StateBlock, parent: str, first: int, last: int, indent: int | None = None) -> None:
    """Parse lines ``first`` to ``last`` as the blocks of a container (its content indented by ``indent``)."""
    saved = state.blkIndent, state.parentType, state.lineMax
    state.parentType, state.lineMax = parent, last
    if indent is not None:
        state.blkIndent = indent
    state.md.block.tokenize(state, first, last)
    state.blkIndent, state.parentType, state.lineMax = saved


def _indented_block_end(state: StateBlock, start: int, end: int, indent: int) -> int:
    """The line after a container whose content is indented by ``indent`` (blank lines inside allowed)."""
    line = start + 1
    last = line
    while line < end:
        if state.isEmpty(line):
            line += 1
            continue
        if state.sCount[line] < indent:
            break
        line += 1
        last = line
    return last


def _title_inline(state: StateBlock, name: str, line: int, src_pos: int, title: str) -> None:
    """``<name>_title_open``, an inline holding ``title`` (found at ``src_pos``), ``<name>_title_close``."""
    if not title.strip():
        return
    leading = len(title) - len(title.lstrip())
    state.push(f"{name}_title_open", "p", 1).map = [line, line + 1]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = title.strip(), [line, line + 1], []
    inline.meta["src_pos"] = src_pos + leading
    state.push(f"{name}_title_close", "p", -1)


#: MyST directives whose content is Markdown (admonitions and the common layout directives).
PROSE_DIRECTIVES = frozenset(
    "admonition attention caution danger error hint important note seealso tip warning "
    "topic sidebar margin epigraph pull-quote highlights dropdown card tab-item tab-set grid-item-card "
    "versionadded versionchanged deprecated div".split()
)
_MYST_FENCE = re.compile(r"(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>[^\n`]*?)[ \t]*\Z")
_MYST_OPTION = re.compile(r"[ \t]*:[\w-]+:(?:[ \t].*)?\Z")


def myst_directive(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A MyST directive fence (```` ```{note} ```` or ``:::{note}``).

    Directives whose content is Markdown are containers: ``myst_directive_open``
    (info: the name), the argument as a title inline, the option lines
    (``:class: tip``) as ``myst_options``, the content's blocks, then
    ``myst_directive_close``. Others (``{code-block}``, ``{math}``…) are one
    ``myst_directive_raw`` token, like a fence.
    """
    match = line_match(state, start, _MYST_FENCE)
    if match is None or silent:
        return match is not None
    fence = match["fence"]
    last = _closing_fence(state, start, end, fence)
    close_line = min(last, end)
    if match["name"] not in PROSE_DIRECTIVES:
        token = state.push("myst_directive_raw", "", 0)
        token.info, token.markup, token.map = match["name"], fence, [start, close_line + 1]
        token.content = state.getLines(start + 1, close_line, state.tShift[start], True)
        state.line = close_line + 1
        return True
    opening = state.push("myst_directive_open", "div", 1)
    opening.info, opening.markup, opening.map = match["name"], fence, [start, close_line + 1]
    _title_inline(state, "myst_directive", start, match.start("argument"), match["argument"])
    body = _skip_options(state, start + 1, close_line)
    _tokenize_inside(state, "myst_directive", body, close_line)
    state.push("myst_directive_close", "div", -1).markup = fence
    state.line = close_line + 1
    return True


def _closing_fence(state: StateBlock, start: int, end: int, fence: str) -> int:
    """The line of the fence closing a directive (as long as the opening one, or longer), or ``end``."""
    closing = re.compile(re.escape(fence[0]) + "{%d,}[ \\t]*" % len(fence))
    for line in range(start + 1, end):
        if closing.fullmatch(state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]):
            return line
    return end


def _skip_options(state: StateBlock, line: int, end: int) -> int:
    """Past the directive's options: ``:key: value`` lines or a ``---`` YAML block; one token for them."""
    first = line
    text = lambda n: state.src[state.bMarks[n] : state.eMarks[n]]  # noqa: E731
    if line < end and text(line).strip() == "---":
        close = next((n for n in range(line + 1, end) if text(n).strip() == "---"), None)
        if close is not None:
            line = close + 1
    else:
        while line < end and _MYST_OPTION.match(text(line)):
            line += 1
    if line > first:
        token = state.push("myst_options", "", 0)
        token.map, token.content = [first, line], state.getLines(first, line, 0, True)
    return line


# -- definitions under an HTML comment (MkDocs) --------------------------------------------


def comment_term_definition(deflist: BlockRule) -> BlockRule:
    """Let the deflist plugin take a one-line HTML comment as a definition's term.

    Python-Markdown's def_list takes whatever block precedes ``:   definition``
    as its term, and MkDocs sites write ``<!-- md:option x -->`` there; without
    this the ``:`` line would be a paragraph and its indented content code.
    """

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip()
        if state.is_code_block(start) or not (line.startswith("<!--") and line.endswith("-->")):
            return False
        return deflist(state, start, end, silent)

    return rule
