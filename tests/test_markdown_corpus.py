"""Every Markdown file of the shared corpus: byte-identical round trip, stable re-extraction,
and the structure of every real help center kept by a pseudo-translated build.

The corpus (the Slack Bolt docs in English and Japanese, Docusaurus flavoured;
GitHub and WSL docs with alerts and Liquid; Foam's wikilinks; the Rust blog's
footnotes; MkDocs Material's admonitions, tabs and definitions) lives outside
the repository; the tests are skipped when it is absent.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

import pytest

from content.markdown import MarkdownFilter
from locflow.model import Document, Locale
from tests.filter_suite import pseudo_translate, translations_for
from tests.markdown_corpora import CORPORA, check_corpus, corpus_files, locale_of
from tests.shared_corpus import find_shared

pytestmark = pytest.mark.corpus

SHARED = find_shared()


def _units(document: Document) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each unit's key and its codes in order (id and kind).

    Per unit, not per segment: the source language's segmenter may cut
    translated text elsewhere (``Feb.`` is an abbreviation, its
    pseudo-translation ``Féb.`` is not), which says nothing about the file.
    """
    return [
        (unit.key, [(code.id, code.kind.value) for segment in unit.segments for code in segment.codes])
        for unit in document.units
    ]


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
            document = MarkdownFilter().extract(data, path=name, locale=locale_of(path))
            segments += document.segment_count()
            same = {key: segment for _, key, segment in document.segments()}
            if MarkdownFilter().merge(document, same, Locale("de")) != data:
                failures.append(f"{path}: round trip")
                continue
            output = MarkdownFilter().merge(document, translations_for(document, pseudo_translate), Locale("de"))
            again = MarkdownFilter().extract(output, path=name, locale=locale_of(path))
            if _units(again) != _units(document):
                failures.append(f"{path}: keys or codes changed after translation")
    print(f"\n{len(files) - len(failures)} of {len(files)} corpus Markdown files round-trip, {segments} segments")
    assert not failures, failures
    assert not caplog.records, [record.getMessage() for record in caplog.records]  # no block left out


@pytest.mark.parametrize("name", list(CORPORA))
def test_pseudo_build_keeps_structure_and_constructs_of_every_page(name):
    files = corpus_files(CORPORA[name])
    if not files:
        pytest.skip("shared corpus not available")
    result = check_corpus(CORPORA[name])
    counts = ", ".join(f"{kind} {result.kept[kind]}/{total}" for kind, total in sorted(result.constructs.items()))
    print(f"\n{name}: {result.files_kept}/{result.files} files kept; {counts}")
    assert result.files == len(files) >= 17
    assert not result.problems, result.problems
    assert result.kept == result.constructs
