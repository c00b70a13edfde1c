"""Gates and the scans behind them never change a report, only how fast it comes.

Every check runs with its gate and without it (``gated=False`` calls it on every
unit) over the same units, and the two reports must be the same, issue for
issue: over the checks' own good and bad cases, over the QA test files, over
GNOME Calculator's translations when ../shared is there, and over those units
with defects planted at random (seeded): placeholders, digits, punctuation,
spaces, markup, URLs, control and bidi characters, copied or emptied targets.
The C-level scans the gates use are compared with the plain per-text
computation they stand for.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from locflow.model import Segment, count_words
from locflow.pipeline.qa import read_po_units
from qa_checks import CheckContext, CheckedUnit, Profile, TermHit, run_checks
from qa_checks.base import _replace
from qa_checks.batch import _Joined
from qa_checks.builtin import CHECKS
from qa_checks.checks.fluency import _bare_repeat, _bare_repeats
from qa_checks.report import render
from qa_checks.syntax.numbers import UNSURE, digit_runs
from qa_checks.words import count_source_words

from tests.qa_support import DATA, GNOME_CALCULATOR, ListTermbase

# what a translator's slip or a broken tool may put anywhere in a text
PLANTED = [
    "  ", "\u00a0", "%", "%s", "%d", "%1$s", "%(name)s", "{", "}", "{x}", "{{ y }}", "{% if a %}", "(", ")", "[", "]",
    '"', "„", "“", "«", "»", "「", "<b>", "</b>", "<br/>", "&", "&amp;", "_", "\n", "\t", " ", "\x07", "\x00",
    "\u202e", "\u2066", "\u2069", "1", "2", "10", "1,000", "3.5", "١", "２", "https://example.com/x", "http://a.b/c.",
    "mailto:z@q.de", "a@b.com", ".", "!", "?", ";", ":", "…", "...", "。", "？", "'", "’", "-", "the the",
    "Datei Datei", "die die", "://", "\r", "\u0301", "İ", "ß", "MP3", "X2", "\u2028", "{n, plural, one {#} other {#}}",
]


def _mutated(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        roll = rng.random()
        if roll < 0.5:
            text = text[:at] + rng.choice(PLANTED) + text[at:]
        elif roll < 0.75:
            text = text[:at] + text[at + rng.randint(1, 4) :]
        elif roll < 0.85:
            text = text.strip()
        else:
            text = text + rng.choice(PLANTED) if roll < 0.93 else rng.choice(PLANTED) + text
    return text


def _with_defects(units: list[CheckedUnit], seed: int) -> list[CheckedUnit]:
    """The units, most of them with a defect planted in the target or the source."""
    rng = random.Random(seed)
    out = []
    for unit in units:
        if unit.is_plural:
            out.append(unit)
            continue
        source, target = unit.source_text, unit.target_text
        roll = rng.random()
        if roll < 0.55:
            target = _mutated(target, rng)
        elif roll < 0.75:
            source = _mutated(source, rng)
        elif roll < 0.85:
            target = source
        elif roll < 0.9:
            target = ""
        out.append(_replace(unit, source=Segment.text_only(source), target=Segment.text_only(target)))
    return out


def _test_units() -> list[CheckedUnit]:
    units = [unit for path in sorted(DATA.glob("*.po")) for unit in read_po_units(path, include_fuzzy=True)]
    if GNOME_CALCULATOR.is_dir():
        units += [unit for path in sorted(GNOME_CALCULATOR.glob("*.po"))[:4] for unit in read_po_units(path)]
    return units


def _report(units: list[CheckedUnit], *, gated: bool, termbase: bool = False, **options: object) -> str:
    terms = [TermHit("file", approved_targets=("Datei",), forbidden_targets=("File",)), TermHit("the", approved_targets=("die",))]
    ctx = CheckContext(termbase=ListTermbase(terms) if termbase else None)
    return render(run_checks(units, Profile.default(), ctx, gated=gated, processes=1, **options), "json")


def test_every_check_reports_the_same_on_every_example_with_or_without_its_gate() -> None:
    units = []
    for cls in CHECKS:
        for example in cls.good + cls.bad:
            units += [_replace(unit, key=f"{cls.id}:{len(units)}:{unit.key}") for unit in example.units()]
    gated = json.loads(_report(units, gated=True))
    assert gated["issues"], "the bad cases must give issues"
    assert gated == json.loads(_report(units, gated=False))


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_gates_hide_no_issue_on_real_and_broken_translations(seed: int | None) -> None:
    units = _test_units()
    if seed is not None:
        units = _with_defects(units, seed)
    report = _report(units, gated=True, termbase=seed == 3)
    assert report == _report(units, gated=False, termbase=seed == 3)
    if seed is not None:
        issues = json.loads(report)["issues"]
        checks = {issue["check"] for issue in issues}
        assert len(checks) >= 25, f"the planted defects should wake most checks, not only {sorted(checks)}"


def test_the_joined_texts_find_what_each_text_holds() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        texts = ["".join(rng.choice("ab  \x00%{") for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 8))]
        joined = _Joined(texts)
        for needles in [("a",), ("  ",), ("ab", "%"), ("\x00",), ("b a", "{", "%"), ("   ",)]:
            assert joined.containing(joined.present(needles)) == [i for i, t in enumerate(texts) if any(n in t for n in needles)]


def test_digit_runs_are_the_digit_strings_of_each_text() -> None:
    texts = ["", "no digits", "12 ab 5", "3.5 GB", "x٣", "１２", "ö1ö2", "a\x00b", "1\u202f000", "MP3 à 10 €"]
    runs = digit_runs(texts)
    for text, found in zip(texts, runs):
        if UNSURE not in found:  # sure: exactly the \d+ runs, in order
            assert found.split() == [run.encode() for run in re.findall(r"\d+", text)], text
        else:
            assert any(ch.isdigit() and not ch.isascii() for ch in text) or "\x00" in "".join(texts)


def test_repeated_words_are_looked_for_in_all_texts_as_in_each() -> None:
    rng = random.Random(2)
    words = ["die", "Die", "the", "The.", "(the", "Über", "über", "ÜBER", "a", "", " ", "\xa0", "\x1c", "\n", ",", "…", "İ", "\x01", "«x»", "ß"]
    for _ in range(3000):
        texts = ["".join(rng.choice(words) + rng.choice([" ", "", "  "]) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 6))]
        assert _bare_repeats(texts) == [i for i, t in enumerate(texts) if _bare_repeat(t.lower())], texts


def test_source_words_are_counted_together_as_one_by_one() -> None:
    rng = random.Random(1)
    alphabet = "ab1 -'’.,é\u00a0\n_x-Z9.3,"
    for _ in range(5000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 5))]
        assert count_source_words(texts) == sum(map(count_words, texts)), texts
    assert count_source_words(["Version 3.5 of 1,000.25 files", "v1.2.3", "3.5-inch", "3.5a", "a3.5"]) == 5 + 2 + 2 + 2 + 2
    units = _test_units()
    texts = [unit.source_plain for unit in units]
    assert count_source_words(texts) == sum(map(count_words, texts)) > 1000


def test_units_given_by_their_texts_make_their_segments_when_read() -> None:
    from locflow.model import Locale
    from qa_checks.base import segment_if_made, text_only_unit
    from qa_checks.batch import Batch

    fields = {"key": "k", "source_locale": Locale("en"), "target_locale": Locale("de"), "source_text": "Save", "target_text": ""}
    unit = text_only_unit(dict(fields))
    assert segment_if_made(unit, "source") is None and Batch([unit]).with_codes("source") == []
    assert (unit.source_plain, unit.target_plain) == ("Save", "")
    assert unit.source == Segment.text_only("Save") and unit.target == Segment()
    assert segment_if_made(unit, "source") is unit.source  # made once, then kept
    built = CheckedUnit(key="k", source=Segment.text_only("Save"), target=Segment(), source_locale=Locale("en"), target_locale=Locale("de"))
    assert text_only_unit(dict(fields)) == built and hash(text_only_unit(dict(fields))) == hash(built)


def test_no_protected_span_without_one_of_its_marks() -> None:
    from locflow.model import find_protected_spans
    from qa_checks.checks.completeness import _SPAN_MARKS

    # every other printable character, in the shapes the patterns look for
    unmarked = "".join(ch for ch in map(chr, range(32, 127)) if ch not in _SPAN_MARKS)
    blanked = {ord(mark): " " for mark in _SPAN_MARKS}
    samples = [unmarked, "https//example.com/a mailto z.q.de $x} }} #x# x;", *(text.translate(blanked) for text in PLANTED)]
    for unit in _test_units():
        samples.append(unit.source_text.translate({ord(m): None for m in _SPAN_MARKS}))
    assert not [text for text in samples if find_protected_spans(text)]


def test_a_run_counts_the_words_of_the_plain_source_texts() -> None:
    # the checks' examples hold segments with inline codes, whose markup has no words
    units = [unit for cls in CHECKS for example in cls.good + cls.bad for unit in example.units()]
    units += _test_units()
    assert any(unit.source_plain != unit.source_text for unit in units)
    expected = sum(count_words(unit.source_plain) for unit in units)
    assert run_checks(units, Profile.default(), processes=1).words == expected


def test_the_accelerator_gate_lets_through_every_source_with_a_marker_left() -> None:
    from qa_checks.checks.fluency import _ACCEL, _may_mark, _without_placeholders

    rng = random.Random(9)
    pieces = ["{order_id}", "{a_b}", "{{a_b}}", "{% a_b %}", "{# a_b #}", "%(a_b)s", "{a b_c}", "{a_b", "a_b", "_File", "&File",
              "&amp;", "https://x.io/{a_b}", "mailto:a_b@x.io", "a_b@x.io", "${a_b}", "{0}", "{x.y_z}", "{a_b!r:>3}", " ", "x"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(20_000)]
    marked = [text for text in texts if _ACCEL.search(_without_placeholders(text))]
    assert marked and all(map(_may_mark, marked))
    assert sum(map(_may_mark, texts)) < len(texts)  # it does hold some back
