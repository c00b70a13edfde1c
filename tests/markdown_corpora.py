"""The Markdown help centers of the shared corpus, and the structure check of their pseudo builds.

Used by ``tests/test_markdown_corpus.py`` (which asserts) and ``bench/markdown_dialects.py``
(which prints the counts per corpus and per construct).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from content.markdown import MarkdownFilter
from locflow.model import Locale
from locflow.mt.pseudo import pseudo_segment
from tests.shared_corpus import find_shared
from tests.structure import markdown_check

SHARED = find_shared()
SUPPORT = SHARED / "corpus" / "support-content" if SHARED else None

#: Name -> folder (under support-content) of each real Markdown help center.
CORPORA = {
    "slack-bolt (Docusaurus, en/ja)": "markdown-kb/slack-bolt-js-docs-en-ja/docs",
    "github-alerts (GitHub docs, WSL docs)": "markdown-dialects/github-alerts",
    "wikilinks (Foam)": "markdown-dialects/wikilinks/foam",
    "footnotes (Rust blog)": "markdown-dialects/footnotes/rust-blog",
    "admonitions (MkDocs Material)": "markdown-dialects/admonitions/mkdocs-material",
}


def corpus_files(folder: str) -> list[Path]:
    """The Markdown pages of one help center (the corpus' own READMEs left out)."""
    if SUPPORT is None:
        return []
    corpus_readme = SUPPORT / "markdown-dialects" / "*" / "README.md"
    return sorted(p for p in (SUPPORT / folder).rglob("*.md") if not p.match(str(corpus_readme)))


def locale_of(path: Path) -> Locale:
    return Locale("ja") if "japanese" in path.parts else Locale("en")


def pseudo_build(path: Path, data: bytes) -> bytes:
    """What ``locflow build --pseudo`` writes for one file: every segment pseudo-translated."""
    filter_ = MarkdownFilter()
    document = filter_.extract(data, path=PurePosixPath(path.name), locale=locale_of(path))
    translations = {key: pseudo_segment(segment) for _, key, segment in document.segments()}
    return filter_.merge(document, translations, locale_of(path))


@dataclass
class CorpusResult:
    """Files whose structure and constructs all survived, and the constructs kept per kind."""

    files: int = 0
    files_kept: int = 0
    constructs: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    problems: dict[str, list[str]] = field(default_factory=dict)


def check_corpus(folder: str, build: Callable[[Path, bytes], bytes] = pseudo_build) -> CorpusResult:
    """Build every page of a help center and compare each build with its source."""
    result = CorpusResult()
    for path in corpus_files(folder):
        data = path.read_bytes()
        check = markdown_check(data.decode("utf-8-sig"), build(path, data).decode("utf-8-sig"))
        result.files += 1
        result.files_kept += not check.problems
        result.constructs += check.constructs
        result.kept += check.kept
        if check.problems:
            result.problems[str(path.relative_to(SUPPORT))] = check.problems
    return result
