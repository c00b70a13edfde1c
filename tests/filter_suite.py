"""The shared test suite every format filter passes.

Subclass :class:`FilterSuite` in a ``test_*.py`` module as ``TestXxxFilter``, set
``make_filter`` and ``samples`` (name -> bytes of realistic files), and the
contract is checked on every sample:

* source-as-target merge gives back the same bytes;
* segment keys are unique, and every segment renders back to its characters;
* a translated merge writes the translation and keeps every code's data
  (units written inside codes left untranslated);
* the document survives re-extraction of the translated output
  (``translated_reparse``: keys stay the same, codes stay the same);
* with ``structure_format`` set (a filter name), a build with every segment
  pseudo-translated (what ``locflow build --pseudo`` writes) parses, with
  the format's own parser, to the same structure (:mod:`tests.structure`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

from locflow.model import Code, Document, Locale, Segment
from locflow.mt.pseudo import pseudo_segment
from tests.structure import structure_problems

SOURCE = Locale("en")
TARGET = Locale("de")


def pseudo_translate(segment: Segment) -> Segment:
    """A visible, reversible 'translation' that keeps codes in place: text is wrapped in «».

    Text parts get letters swapped for accented look-alikes; whitespace and
    punctuation-only parts stay, so structure stays recognisable.
    """
    table = str.maketrans("aeiouAEIOU", "àéîöüÀÉÎÖÜ")
    return segment.map_text(lambda text: text.translate(table) if text.strip() else text)


def extract(filter_, data: bytes, name: str) -> Document:
    return filter_.extract(data, path=PurePosixPath(name), locale=SOURCE)


def translations_for(document: Document, translate: Callable[[Segment], Segment]) -> dict[str, Segment]:
    return {key: translate(segment) for _, key, segment in document.segments()}


class FilterSuite:
    """Mixin of contract tests; see the module docstring."""

    make_filter: Callable[[], object]
    samples: Mapping[str, bytes] = {}
    #: Set False for formats whose translated output cannot be re-extracted with the same keys.
    translated_reparse: bool = True
    #: The format whose structure a pseudo build must keep (see tests.structure), or None.
    structure_format: str | None = None

    def _each(self):
        assert self.samples, "a FilterSuite needs samples"
        for name, data in self.samples.items():
            yield name, data, self.make_filter()

    def test_round_trip_is_byte_identical(self):
        failures = []
        for name, data, filter_ in self._each():
            document = extract(filter_, data, name)
            same = {key: seg for _, key, seg in document.segments()}
            if filter_.merge(document, same, TARGET) != data:
                failures.append(name)
            if filter_.merge(document, {}, TARGET) != data:
                failures.append(name + " (no translations)")
        assert not failures, f"round trip changed: {failures}"

    def test_keys_are_unique_and_segments_have_text(self):
        for name, data, filter_ in self._each():
            document = extract(filter_, data, name)
            keys = [key for _, key, _ in document.segments()]
            assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
            assert keys, f"{name}: nothing extracted"
            for _, key, segment in document.segments():
                assert not segment.is_empty(), f"{name}: empty segment {key}"

    def test_translated_merge_keeps_codes(self):
        """Every code's markup is written as it was. Units written inside codes (a Markdown link's
        title, an HTML ``alt`` after its ``<img``) have no slot of their own and are left
        untranslated here: translated, they change the code they are in, as they should.
        (A filter whose skeleton has no slots, such as PO, writes every unit on its own.)"""
        for name, data, filter_ in self._each():
            document = extract(filter_, data, name)
            slotted = {piece.unit_key for piece in document.skeleton if not isinstance(piece, str)}
            translations = {
                key: pseudo_translate(segment)
                for unit, key, segment in document.segments()
                if unit.key in slotted or not slotted
            }
            output = filter_.merge(document, translations, TARGET)
            assert output != data or not any(s.has_text() for _, _, s in document.segments()), name
            text = output.decode(document.encoding)
            for _, _, segment in document.segments():
                for code in segment.codes:
                    assert isinstance(code, Code)
                    assert code.data in text, f"{name}: code {code.data!r} lost"

    def test_translated_output_reextracts(self):
        if not self.translated_reparse:
            return
        for name, data, filter_ in self._each():
            document = extract(filter_, data, name)
            translations = translations_for(document, pseudo_translate)
            output = filter_.merge(document, translations, TARGET)
            again = extract(self.make_filter(), output, name)
            before = [(key, seg.code_signature()) for _, key, seg in document.segments()]
            after = [(key, seg.code_signature()) for _, key, seg in again.segments()]
            assert [k for k, _ in before] == [k for k, _ in after], f"{name}: keys changed"
            assert before == after, f"{name}: codes changed"

    def test_pseudo_build_keeps_the_structure(self):
        if self.structure_format is None:
            return
        failures = {}
        for name, data, filter_ in self._each():
            document = extract(filter_, data, name)
            built = filter_.merge(document, translations_for(document, pseudo_segment), SOURCE)
            problems = structure_problems(self.structure_format, PurePosixPath(name), data, built)
            if problems:
                failures[name] = problems
        assert not failures, failures
