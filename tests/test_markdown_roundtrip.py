"""Byte-exact round trip on seeded, deliberately messy Markdown.

Documents are assembled from container prefixes, block starters and inline
fragments (unbalanced emphasis, stray brackets and backticks, escapes,
entities, template tags, tabs, no-break spaces, NUL, all three line endings).
Whatever markdown-it makes of them, extracting and merging with source as
target must give back the same bytes, and no block may be left out because
the filter lost its place.
"""

from __future__ import annotations

import logging
import random
from pathlib import PurePosixPath

import pytest

from content.markdown import MarkdownFilter
from locflow.model import Locale

PREFIXES = ["", "", "", "> ", "- ", "1. ", "  ", "    ", "\t", "* ", ">> ", "> - ", "- > ", "# ", "## ", "+ ", "- [ ] "]
BLOCKS = [
    "===", "---", "```", "~~~", "| a | b |", "|---|---|", "<div>", "</div>", "[x]: /u 'T'",
    ":::tip[T]", ":::", "{% if x %}", "***", "<!-- c -->", "| `x\\|y` | z \\| w |",
]
INLINE = [
    "word", "Word", "text", "*", "**", "_", "`", "``", "[", "](/u)", '](/u "t")', ")", "![", "<b>", "</b>",
    "<br>", "&amp;", "&#x20;", "\\*", "\\", "{name}", "https://x.com/a_b", "  ", "\u00a0", "é", "。", ". ",
    "? ", "\\|", "|", "<https://a.b>", "{{< x >}}", "{{ y }}", "[x]", "~~", " ", "A.", "e.g.", "\t", "#",
    "<", ">", "%s", "日本語", "**Bold.**", "[link](http://a.b)", "`code`", "\x00",
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
