"""Byte-exact round trip on seeded, deliberately messy Markdown, and its structure once translated.

Documents are assembled from container prefixes, block starters and inline
fragments (unbalanced emphasis, stray brackets and backticks, escapes,
entities, template tags, tabs, no-break spaces, NUL, all three line endings,
and the dialects' syntax: wikilinks, footnotes, callouts, admonitions, tabs,
highlights, comments, math, block ids, MyST). Whatever markdown-it makes of
them, extracting and merging with source as target must give back the same
bytes, no block may be left out because the filter lost its place, and a
build with every segment pseudo-translated must parse to the same tokens.
"""

from __future__ import annotations

import logging
import random
from pathlib import PurePosixPath

import pytest

from content.markdown import MarkdownFilter
from locflow.model import Locale
from locflow.mt.pseudo import pseudo_segment
from tests.structure import markdown_check

PREFIXES = [
    "", "", "", "> ", "- ", "1. ", "  ", "    ", "\t", "* ", ">> ", "> - ", "- > ", "# ", "## ", "+ ", "- [ ] ",
    "> [!NOTE] ", "> [!tip]- ", ":   ", "[^1]: ", "!!! note ", "=== ", "%% ", "$$ ",
]
BLOCKS = [
    "===", "---", "```", "~~~", "| a | b |", "|---|---|", "<div>", "</div>", "[x]: /u 'T'",
    ":::tip[T]", ":::", "{% if x %}", "***", "<!-- c -->", "| `x\\|y` | z \\| w |",
    "> [!WARNING]", '!!! tip "Title"', '??? note', '=== "Tab"', "%%", "$$", "```{note} Arg", ":class: x",
    ":::{warning}", "```", "Term", ":   Definition", "<!-- md:option x -->", "^block-1", "[^n]: Note",
]
INLINE = [
    "word", "Word", "text", "*", "**", "_", "`", "``", "[", "](/u)", '](/u "t")', ")", "![", "<b>", "</b>",
    "<br>", "&amp;", "&#x20;", "\\*", "\\", "{name}", "https://x.com/a_b", "  ", "\u00a0", "é", "。", ". ",
    "? ", "\\|", "|", "<https://a.b>", "{{< x >}}", "{{ y }}", "[x]", "~~", " ", "A.", "e.g.", "\t", "#",
    "<", ">", "%s", "日本語", "**Bold.**", "[link](http://a.b)", "`code`", "\x00",
    "[[Page]]", "[[Page|label]]", "![[img.png|300]]", "[[", "]]", "|", "[^1]", "[^n]", "==", "==mark==",
    "%%c%%", "%%", "$x$", "$", "$$y$$", " ^abc", "^", "{ref}`x`", "{", "}`", "[!NOTE]", "\\[",
]


def _document(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 14)):
        if rng.random() < 0.2:
            lines.append("")
        elif rng.random() < 0.12:
            lines.append(rng.choice(["", "> ", "  "]) + rng.choice(BLOCKS))
        else:
            lines.append(rng.choice(PREFIXES) + "".join(rng.choice(INLINE) for _ in range(rng.randint(0, 8))))
    if lines[0].rstrip() in ("---", "+++"):
        lines[0] = "Intro"  # front matter is tested elsewhere; here it would only be invalid YAML
    eol = rng.choice(["\n", "\r\n", "\r"])
    return eol.join(lines) + (eol if rng.random() < 0.7 else "")


@pytest.mark.parametrize("seed", range(4))
def test_messy_documents_round_trip(seed, caplog):
    rng = random.Random(seed)
    with caplog.at_level(logging.WARNING, logger="content.markdown"):
        for _ in range(150):
            data = _document(rng).encode("utf-8")
            document = MarkdownFilter().extract(data, path=PurePosixPath("messy.md"), locale=Locale("en"))
            same = {key: segment for _, key, segment in document.segments()}
            assert MarkdownFilter().merge(document, same, Locale("de")) == data, data
    assert not caplog.records, [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize("seed", range(4))
def test_messy_documents_keep_their_tokens_when_translated(seed):
    rng = random.Random(seed)
    failures = []
    for _ in range(150):
        source = _document(rng)
        document = MarkdownFilter().extract(source.encode("utf-8"), path=PurePosixPath("messy.md"), locale=Locale("en"))
        translations = {key: pseudo_segment(segment) for _, key, segment in document.segments()}
        built = MarkdownFilter().merge(document, translations, Locale("de")).decode("utf-8")
        problems = markdown_check(source, built, constructs=False).problems
        if problems:
            failures.append((source, problems))
    assert not failures, failures[:3]
