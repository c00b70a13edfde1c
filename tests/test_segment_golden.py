"""Golden sentence splits written by other projects, and how many of them pass.

* pySBD's English Golden Rules (in ``tests/data/srx``), run with locflow's default rules.
* LanguageTool's English tokenizer test, run with LanguageTool's own ``segment.srx``:
  it checks the SRX engine rather than our rules (read from the shared corpus; skipped
  when absent).

The floors are the rates measured when the tests were written, so a regression fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from content.segment import Segmenter, get_segmenter
from tests.shared_corpus import find_shared

DATA = Path(__file__).parent / "data" / "srx"

#: Passing cases measured with content/srx/default.srx (of 48).
PYSBD_FLOOR = 33
#: Passing cases measured with LanguageTool's segment.srx (of 58).
LANGUAGETOOL_FLOOR = 58


def test_pysbd_english_golden_rules():
    cases = json.loads((DATA / "pysbd-english-golden-rules.json").read_text(encoding="utf-8"))
    segmenter = get_segmenter()
    passed = []
    for case in cases:
        sentences = [s.strip() for s in segmenter.split(case["text"], "en") if s.strip()]
        passed.append(sentences == case["sentences"])
    print(f"\npySBD English golden rules: {sum(passed)} of {len(cases)} with the default rules")
    assert len(cases) == 48
    assert sum(passed) >= PYSBD_FLOOR


# -- LanguageTool ---------------------------------------------------------------------------------

_JAVA_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_JAVA_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "b": "\b", "0": "\0"}


def _java_string(literal: str) -> str:
    def unescape(match: re.Match[str]) -> str:
        escape = match[1]
        if escape[0] == "u":
            return chr(int(escape[1:], 16))
        return _JAVA_ESCAPES.get(escape, escape)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", unescape, literal)


def languagetool_cases(source: str) -> list[tuple[str, list[str]]]:
    """(language code, expected sentences) for every ``testSplit(...)`` call of the Java test.

    ``stokenizer`` treats one line break as a paragraph (LanguageTool asks its SRX
    for ``en_one``), ``stokenizer2`` only two (``en_two``).
    """
    cases = []
    for call in re.finditer(r"\btestSplit\(", source):
        pos, depth, strings, names = call.end(), 1, [], []
        while depth:
            ch = source[pos]
            if ch == '"':
                literal = _JAVA_STRING.match(source, pos)
                strings.append(_java_string(literal[1]))
                pos = literal.end()
                continue
            name = re.compile(r"[A-Za-z_]\w*").match(source, pos)
            if name:
                names.append(name[0])
                pos = name.end()
                continue
            depth += {"(": 1, ")": -1}.get(ch, 0)
            pos += 1
        if strings:
            cases.append(("en_two" if "stokenizer2" in names else "en_one", strings))
    return cases



@pytest.mark.corpus
def test_languagetool_english_golden_splits():
    shared = find_shared()
    srx = shared and shared / "corpus/srx/languagetool-via-bminixhofer-srx/data/segment.srx"
    tests = sorted((shared / "corpus/srx").rglob("EnglishSRXSentenceTokenizerTest.java")) if shared else []
    if not srx or not srx.exists() or not tests:
        pytest.skip("LanguageTool's segment.srx or EnglishSRXSentenceTokenizerTest.java not in the shared corpus")
    segmenter = Segmenter.from_path(srx)
    cases = languagetool_cases(tests[0].read_text(encoding="utf-8"))
    passed = sum(segmenter.split("".join(expected), language) == expected for language, expected in cases)
    print(f"\nLanguageTool English golden splits: {passed} of {len(cases)} with segment.srx")
    assert len(cases) == 58
    assert passed >= LANGUAGETOOL_FLOOR


def test_languagetool_case_parser():
    source = 'testSplit("A. ", "B \\"c\\".");\nTestTools.testSplit(new String[] { "x\\n", "y\\u00A0" }, stokenizer2);'
    assert languagetool_cases(source) == [("en_one", ["A. ", 'B "c".']), ("en_two", ["x\n", "y\u00a0"])]
