"""TMX 1.4b import and export on real files: our own, the LISA compliance kit, OmegaT, Okapi, Weblate."""

from __future__ import annotations

from pathlib import Path

import pytest

from locflow.errors import MalformedFileError, UnsafeXMLError
from locflow.model import Code, CodeKind, Locale, Segment
from tm import TMContext, TMEntry, TranslationMemory
from tm.tmx import TMXReader

DATA = Path(__file__).parent / "data" / "tm"


def _shared_corpus() -> Path | None:
    """``../shared/corpus`` beside the repository (or beside a parent of it, for nested checkouts)."""
    here = Path(__file__).resolve()
    for parent in here.parents[1:]:
        candidate = parent.parent / "shared" / "corpus"
        if candidate.is_dir():
            return candidate
    return None


CORPUS = _shared_corpus()
TMX_CORPUS = CORPUS / "tmx" if CORPUS else None
OMEGAT = TMX_CORPUS / "omegat" / "src" / "test" / "resources" / "data" / "tmx" if TMX_CORPUS else None
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not available")


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'tm.db'}") as tm:
        yield tm


def units(memory: TranslationMemory) -> list[tuple]:
    """Everything that identifies a stored unit, sorted: what "the same units" means."""
    return sorted(
        (r.source_locale, r.target_locale, r.source, r.target, r.context, r.origin, r.project, r.meta, r.usage_count)
        for r in memory.store.iter_units()
    )


# -- our own file --------------------------------------------------------------------------


def test_import_reads_levels_1_and_2_multilingual_units_props_and_notes(memory: TranslationMemory) -> None:
    stats = memory.import_tmx(DATA / "support-en-de.tmx")
    assert stats.read == 8
    # 6 en->de units (the repeated one once), en->fr and en->ja from the multilingual tu
    assert stats.added == 8
    assert stats.updated == 1
    assert stats.skipped_reasons == {"no variant in the source language": 1}
    pairs = {(p.source_locale, p.target_locale): p.units for p in memory.stats().pairs}
    assert pairs == {("en-US", "de-DE"): 6, ("en-US", "fr-FR"): 1, ("en-US", "ja-JP"): 1}

    rows = {r.meta_dict().get("tuid"): r for r in memory.store.iter_units() if r.target_locale == "de-DE"}
    faq = rows["faq-1"]
    assert faq.usage_count == 12
    assert faq.created.isoformat() == "2024-01-10T08:30:00"
    assert faq.changed.isoformat() == "2024-01-15T09:00:00"
    assert faq.meta_dict()["props"] == [{"type": "x-domain", "value": "account"}]
    assert faq.meta_dict()["notes"] == ["Answer to the most asked question."]

    bold = rows["faq-2"].source_segment()
    assert bold.codes == (
        Code("1", CodeKind.OPEN, "<b>", "bold"),
        Code("1", CodeKind.CLOSE, "</b>", "bold"),
    )
    assert bold.render() == "Click <b>Save</b> to keep your changes."
    assert rows["faq-2"].target_segment().codes == bold.codes

    # level 1 text: the placeholder becomes a code, as a filter would make it
    greeting = rows["bot-1"].source_segment()
    assert [(c.kind, c.data, c.type) for c in greeting.codes] == [(CodeKind.STANDALONE, "{name}", "placeholder")]

    manual = rows["manual-7"].source_segment()
    assert [(c.kind, c.data, c.type) for c in manual.codes] == [
        (CodeKind.OPEN, "<i>", "italic"),
        (CodeKind.OPEN, "", "hi:x-emphasis"),
        (CodeKind.CLOSE, "", "hi:x-emphasis"),
    ]
    assert manual.text == "Note: restart the router before you continue."

    french = next(r for r in memory.store.iter_units() if r.target_locale == "fr-FR")
    assert french.meta_dict()["source_props"] == [{"type": "x-reviewer", "value": "mk"}]
    assert french.meta_dict()["target_notes"] == ["Relu par l'équipe de Lyon."]
    assert french.target_segment().render().startswith('Votre facture est disponible dans le <a href="/billing">')


def test_reimport_adds_no_duplicates(memory: TranslationMemory) -> None:
    memory.import_tmx(DATA / "support-en-de.tmx")
    before = units(memory)
    again = memory.import_tmx(DATA / "support-en-de.tmx")
    assert again.added == 0
    assert again.updated == 9
    assert units(memory) == before


def test_export_reimports_to_the_same_units(memory: TranslationMemory, tmp_path: Path) -> None:
    memory.import_tmx(DATA / "support-en-de.tmx")
    en, de = Locale("en"), Locale("de")
    memory.add(
        [
            TMEntry(
                Segment.of("Open ", Code("7", CodeKind.OPEN, "**", "bold"), "Settings", Code("7", CodeKind.CLOSE, "**", "bold")),
                Segment.of(Code("7", CodeKind.OPEN, "**", "bold"), "Einstellungen", Code("7", CodeKind.CLOSE, "**", "bold"), " öffnen"),
                en,
                de,
                context=TMContext("faq[open-settings].answer", "prev-hash", ""),
            )
        ],
        origin="human:faq-de.po",
        project="help-center",
    )
    exported = tmp_path / "out.tmx"
    assert memory.export_tmx(exported) == 9
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'again.db'}") as again:
        stats = again.import_tmx(exported)
        assert stats.added == 9
        assert units(again) == units(memory)


def test_export_of_one_locale_pair(memory: TranslationMemory, tmp_path: Path) -> None:
    memory.import_tmx(DATA / "support-en-de.tmx")
    out = tmp_path / "fr.tmx"
    assert memory.export_tmx(out, source="en-US", target="fr-FR") == 1
    text = out.read_text(encoding="utf-8")
    assert 'srclang="en-US"' in text and 'xml:lang="fr-FR"' in text and "de-DE" not in text
    assert '<ph x="1" type="link">&lt;a href="/billing"&gt;</ph>' in text


# -- rejected files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "line", "message"),
    [
        ("malformed-syntax.tmx", MalformedFileError, 12, "not well-formed"),
        ("malformed-inline.tmx", MalformedFileError, 11, "closes no open <bpt>"),
        ("hostile.tmx", UnsafeXMLError, 3, "entities"),
        ("not-tmx.xml", MalformedFileError, 2, "not a TMX document"),
    ],
)
def test_rejected_file_names_file_and_line_and_imports_nothing(
    memory: TranslationMemory, name: str, error: type, line: int, message: str
) -> None:
    memory.import_tmx(DATA / "support-en-de.tmx")
    before = units(memory)
    with pytest.raises(error) as raised:
        memory.import_tmx(DATA / name)
    assert raised.value.exit_code == 3
    assert raised.value.path == str(DATA / name)
    assert raised.value.line == line
    assert message in str(raised.value)
    assert units(memory) == before


def test_a_rejected_file_leaves_an_empty_memory_empty(memory: TranslationMemory) -> None:
    with pytest.raises(MalformedFileError):
        memory.import_tmx(DATA / "malformed-inline.tmx")
    assert memory.stats().units == 0
    assert memory.stats().index_rows == 0


# -- the shared corpus ---------------------------------------------------------------------------


def _corpus_files() -> list[Path]:
    if TMX_CORPUS is None:
        return []
    return sorted(TMX_CORPUS.rglob("*.tmx"))


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: str(p.relative_to(TMX_CORPUS)))
def test_corpus_file_imports_and_round_trips(path: Path, tmp_path: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'a.db'}") as memory:
        if path.name == "invalid.tmx":
            with pytest.raises(MalformedFileError) as raised:
                memory.import_tmx(path)
            assert raised.value.line == 12
            assert memory.stats().units == 0
            return
        stats = memory.import_tmx(path)
        assert stats.added + stats.updated + stats.skipped >= stats.read or stats.read == 0
        exported = tmp_path / "out.tmx"
        written = memory.export_tmx(exported)
        assert written == memory.stats().units
        with TranslationMemory.open(f"sqlite:///{tmp_path / 'b.db'}") as again:
            again.import_tmx(exported)
            assert units(again) == units(memory)
        assert memory.import_tmx(path).added == 0


@needs_corpus
@pytest.mark.corpus
def test_utf16_compliance_kit_files() -> None:
    kit = OMEGAT / "TMXComplianceKit"
    for name, encoding in (("ImportTest1A.tmx", "utf-16"), ("ImportTest1F.tmx", "utf-16"), ("ImportTest1G.tmx", "utf-16-be")):
        assert (kit / name).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff"), name
        entries = list(TMXReader(kit / name).entries())
        assert entries, name
        assert all(e.source.has_text() for e in entries)


@needs_corpus
@pytest.mark.corpus
def test_compliance_kit_level_2_codes(memory: TranslationMemory) -> None:
    memory.import_tmx(OMEGAT / "TMXComplianceKit" / "ImportTest2A.tmx")
    rows = {r.meta_dict().get("tuid"): r for r in memory.store.iter_units()}
    cat = rows["1"]
    assert cat.source_segment().render() == "The big <b>black</b> <u>cat</u> sleeps."
    # x links pair codes across languages: the French target keeps bold on "noir"
    target = cat.target_segment()
    assert target.render() == "Le gros <u>chat</u> <b>noir</b> dors."
    source_ids = {c.data: c.id for c in cat.source_segment().codes}
    assert {c.data: c.id for c in target.codes} == source_ids
    first = rows["4"].source_segment()
    assert [(c.kind, c.data) for c in first.codes] == [(CodeKind.OPEN, "<b>")]


@needs_corpus
@pytest.mark.corpus
def test_omegat_memories(memory: TranslationMemory) -> None:
    stats = memory.import_tmx(OMEGAT / "test-match-stat-en-ca.tmx")
    assert stats.read == 259
    # 50 units repeat another exactly; 2 have only placeholders and no text
    assert (stats.added, stats.updated, stats.skipped) == (208, 49, 2)
    multi = memory.import_tmx(OMEGAT / "test-multiple-tuv.tmx")
    pairs = {(p.source_locale, p.target_locale): p.units for p in memory.stats().pairs}
    assert multi.added == 11
    assert pairs[("en-US", "fr-CA")] == 2
    assert {t for s, t in pairs if s == "en-US"} == {"es", "es-AR", "es-BO", "fr-CA", "fr", "de", "fr-FR"}


@needs_corpus
@pytest.mark.corpus
def test_weblate_memory_with_uppercase_language_codes(memory: TranslationMemory) -> None:
    stats = memory.import_tmx(CORPUS / "tmx" / "weblate" / "memory.tmx")
    assert stats.added == 2
    assert {(p.source_locale, p.target_locale) for p in memory.stats().pairs} == {("de-DE", "en-US"), ("de-DE", "cs-CZ")}
    matches = memory.lookup(Segment.text_only("Wenn die Logfunktion installiert ist"), Locale("de"), Locale("cs"))
    assert matches[0].score == 100
    assert matches[0].target.render() == "Pokud je nainstalované logování"
    assert matches[0].fallback and matches[0].memory_locale == Locale("cs-CZ")
