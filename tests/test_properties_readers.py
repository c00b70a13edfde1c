"""The XLIFF 1.2 / 2 and PO readers, the TMX and TBX readers and the SRX rules reader on
generated (mutated real) files: they read the file or refuse it with a LocflowError naming it,
never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from locflow.errors import LocflowError, MalformedFileError
from locflow.exchange.reader import read_exchange_bytes
from tests.property_support import exchange_samples, mutated, srx_samples, tbx_samples, tmx_samples

CI = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


def srx_with_language_pattern(pattern: bytes) -> tuple[str, bytes]:
    """The SRX sample with its English map's languagepattern replaced, as the fuzz runs mutated it."""
    name, data = srx_samples()[0]
    return name, data.replace(b'languagepattern="EN.*"', b'languagepattern="' + pattern + b'"')


#: languagepatterns that are not regular expressions (found by bench/fuzz.py): they raised
#: UnsupportedRegex or regex.error from split(), not a clean error when the file was read.
BROKEN_LANGUAGE_PATTERNS = [b"EN.*\\", b")EN.*", b"(EN.*", b"[EN.*", b"\\EN.*"]


def read_exchange(name: str, data: bytes) -> None:
    try:
        file = read_exchange_bytes(data, name)
    except LocflowError as error:
        assert error.path == name
        return
    for segment in file.segments:
        assert segment.id is not None


def read_tmx(name: str, data: bytes) -> None:
    from tm.tmx.reader import TMXReader

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            entries = list(TMXReader(path).entries())
        except LocflowError as error:
            assert error.path == str(path)
            return
        for entry in entries:
            assert entry.source_locale and entry.target_locale


def read_tbx(name: str, data: bytes) -> None:
    from termbase.tbx.reader import TBXReader

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            concepts = list(TBXReader(path).concepts())
        except LocflowError as error:
            assert error.path == str(path)
            return
        assert all(concept.terms for concept in concepts)


def read_srx(name: str, data: bytes) -> None:
    from content.segment import Segmenter

    try:
        segmenter = Segmenter.from_bytes(data, path=name)
    except LocflowError:
        return
    text = "Open the menu. Then click Save! Done? Yes."
    assert "".join(segmenter.split(text, "en")) == text


@CI
@given(mutated(exchange_samples()))
def test_exchange_reader_reads_or_refuses_cleanly(document: tuple[str, bytes]):
    read_exchange(*document)


@CI
@given(mutated(tmx_samples()))
def test_tmx_reader_reads_or_refuses_cleanly(document: tuple[str, bytes]):
    read_tmx(*document)


@CI
@given(mutated(tbx_samples()))
def test_tbx_reader_reads_or_refuses_cleanly(document: tuple[str, bytes]):
    read_tbx(*document)


@CI
@given(mutated(srx_samples()))
@example(srx_with_language_pattern(BROKEN_LANGUAGE_PATTERNS[0]))
@example(srx_with_language_pattern(BROKEN_LANGUAGE_PATTERNS[1]))
@example(srx_with_language_pattern(BROKEN_LANGUAGE_PATTERNS[2]))
@example(srx_with_language_pattern(BROKEN_LANGUAGE_PATTERNS[3]))
@example(srx_with_language_pattern(BROKEN_LANGUAGE_PATTERNS[4]))
def test_srx_reader_reads_or_refuses_cleanly(document: tuple[str, bytes]):
    read_srx(*document)


@pytest.mark.parametrize("pattern", BROKEN_LANGUAGE_PATTERNS)
def test_an_invalid_languagepattern_is_refused_when_the_file_is_read(pattern: bytes):
    from content.segment import Segmenter

    name, data = srx_with_language_pattern(pattern)
    with pytest.raises(MalformedFileError) as raised:
        Segmenter.from_bytes(data, path=name)
    error = raised.value
    assert (error.path, error.line) == ("custom.srx", 29)
    assert "languagerule 'English'" in error.message and pattern.decode() in error.message
