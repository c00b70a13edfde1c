"""Every Markdown file of the shared corpus: byte-identical round trip, stable re-extraction.

The corpus (mostly the Slack Bolt for JavaScript docs in English and Japanese,
Docusaurus flavoured) lives outside the repository; the test is skipped when it
is absent.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

import pytest

from content.markdown import MarkdownFilter
from locflow.model import Locale
from tests.filter_suite import pseudo_translate, translations_for
from tests.shared_corpus import find_shared

pytestmark = pytest.mark.corpus



SHARED = find_shared()


def _locale(path: Path) -> Locale:
    return Locale("ja") if "japanese" in path.parts else Locale("en")


def test_every_corpus_markdown_file_round_trips_and_reextracts(caplog):
    if SHARED is None:
        pytest.skip("shared corpus not available")
    files = sorted((SHARED / "corpus").rglob("*.md"))
    assert len(files) >= 90
    failures: list[str] = []
    segments = 0
    with caplog.at_level(logging.WARNING, logger="content.markdown"):
        for path in files:
            data = path.read_bytes()
            name = PurePosixPath(path.name)
            document = MarkdownFilter().extract(data, path=name, locale=_locale(path))
            segments += document.segment_count()
            same = {key: segment for _, key, segment in document.segments()}
            if MarkdownFilter().merge(document, same, Locale("de")) != data:
                failures.append(f"{path}: round trip")
                continue
            output = MarkdownFilter().merge(document, translations_for(document, pseudo_translate), Locale("de"))
            again = MarkdownFilter().extract(output, path=name, locale=_locale(path))
            before = [(key, segment.code_signature()) for _, key, segment in document.segments()]
            after = [(key, segment.code_signature()) for _, key, segment in again.segments()]
            if before != after:
                failures.append(f"{path}: keys or codes changed after translation")
    print(f"\n{len(files) - len(failures)} of {len(files)} corpus Markdown files round-trip, {segments} segments")
    assert not failures, failures
    assert not caplog.records, [record.getMessage() for record in caplog.records]  # no block left out
