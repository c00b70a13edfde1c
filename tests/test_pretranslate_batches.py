"""Pretranslate in batches of documents fills exactly what one pass over the whole project fills.

The same project, with confirmed translations and a TMX, is pretranslated twice against a
loopback LibreTranslate: once in one batch, once in batches of two documents. The stored
translations and the report's totals must be the same; a confirmed translation propagates to a
document of another batch (later and earlier); a source repeated in several batches is sent to
the engine once and answered from the MT cache afterwards.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from locflow.errors import ProviderError
from locflow.model import Locale, Segment, State
from locflow.mt.driver import LeftReason
from locflow.pipeline.extract import extract
from locflow.pipeline.batches import document_batches
from locflow.pipeline.pretranslate import BATCH_DOCUMENTS, PretranslateReport, pretranslate
from locflow.project import Project
from locflow.store import TranslationWrite
from tests.mt_server import LoopbackMT

REPEATED = "Contact support if the link expires."
CONFIRMED = {  # source -> (document holding the confirmed translation, its German target)
    "Reset your password from the sign-in page.": ("a.md", "Setzen Sie Ihr Passwort auf der Anmeldeseite zurück."),
    "Turn on two-step verification for your account.": ("f.md", "Aktivieren Sie die Bestätigung in zwei Schritten."),
}
PAGES = {
    "a.md": ["# Account settings", "Reset your password from the sign-in page.", REPEATED],
    "b.md": ["# Billing", "Invoices are sent on the first day of the month.", "Turn on two-step verification for your account."],
    "c.md": ["# Devices", REPEATED, "Sync runs every hour on mobile devices."],
    "d.md": ["# Security", "Reset your password from the sign-in page.", "Export your data as a CSV file."],
    "e.md": ["# Exports", "Export your data as a CSV file.", REPEATED],
    "f.md": ["# Teams", "Turn on two-step verification for your account.", "Invoices are sent on the first day of the month."],
}
TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
    'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n'
    '<tu><tuv xml:lang="en"><seg>Export your data as a CSV file.</seg></tuv>'
    '<tuv xml:lang="de"><seg>Exportieren Sie Ihre Daten als CSV-Datei.</seg></tuv>'
    '<tuv xml:lang="fr"><seg>Exportez vos données au format CSV.</seg></tuv></tu>\n</body></tmx>\n'
)
#: Segments per batch: two pages of three segments each.
SMALL = 6
WHOLE = 10**9


def make_project(root: Path, mt_url: str) -> Path:
    """The pages above, extracted, with the confirmed German translations stored."""
    (root / "content").mkdir(parents=True)
    (root / "memories").mkdir()
    for name, paragraphs in PAGES.items():
        (root / "content" / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "memories" / "tm.tmx").write_text(TMX, encoding="utf-8")
    (root / "locflow.toml").write_text(
        '[project]\nname = "batches"\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n'
        '[[content]]\npath = "content/*.md"\n\n[build]\noutput = "build/{locale}/{path}"\n\n'
        '[tm]\nimport = ["memories/*.tmx"]\n\n'
        f'[mt]\nprovider = "libretranslate"\nurl = "{mt_url}"\nbatch_size = 2\n',
        encoding="utf-8",
    )
    with Project.open(root) as project:
        extract(project)
        segments = project.store.segments()
        writes = [
            TranslationWrite(s.id, "de", Segment.text_only(CONFIRMED[s.source.text][1]), State.TRANSLATED, "human:review.xlf")
            for s in segments
            if s.source.text in CONFIRMED and s.document == f"content/{CONFIRMED[s.source.text][0]}"
        ]
        assert len(writes) == len(CONFIRMED)
        project.store.write_translations(writes)
    return root


def stored(root: Path) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """(document, key, locale) -> (target, state, origin) of every stored translation."""
    with Project.open(root) as project:
        out = {}
        for locale in ("de", "fr"):
            found = project.store.translations(locale)
            for segment in project.store.segments():
                if segment.id in found:
                    t = found[segment.id]
                    out[(segment.document, segment.key, locale)] = (t.target.dumps(), t.state.value, t.origin)
        return out


def sent(server: LoopbackMT) -> Counter[tuple[str, str]]:
    """How many times each (text, target language) was sent to the engine."""
    texts: Counter[tuple[str, str]] = Counter()
    for request in server.calls("/translate"):
        q = request.payload["q"]
        texts.update((text, request.payload["target"]) for text in (q if isinstance(q, list) else [q]))
    return texts


def run(root: Path, batch_segments: int) -> tuple[PretranslateReport, Counter[tuple[str, str]]]:
    """Pretranslate ``root`` against a fresh engine; the report and what the engine was sent."""
    with LoopbackMT() as server:
        config = root / "locflow.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("http://0", server.url), encoding="utf-8")
        with Project.open(root) as project:
            report = pretranslate(project, batch_segments=batch_segments)
        return report, sent(server)


@pytest.fixture
def projects(tmp_path: Path) -> tuple[Path, Path]:
    """Two identical copies of the project; the engine's URL is set when each runs."""
    whole = make_project(tmp_path / "whole", "http://0")
    batched = tmp_path / "batched"
    shutil.copytree(whole, batched)
    return whole, batched


def totals(report: PretranslateReport) -> dict[str, tuple[int, ...]]:
    return {
        tag: (f.propagated, f.tm, f.fuzzy, f.term, f.mt, f.left, f.mt_rejected,
              f.machine.outcome.usage["libretranslate"].characters, f.machine.outcome.usage["libretranslate"].translated)
        for tag, f in report.locales.items()
    }


def test_batches_fill_what_one_pass_fills_and_send_each_text_once(projects: tuple[Path, Path]):
    whole, batched = projects
    with Project.open(batched) as project:
        assert len(document_batches(project.store.segment_counts(), SMALL)) == 3

    whole_report, whole_sent = run(whole, WHOLE)
    batched_report, batched_sent = run(batched, SMALL)

    assert stored(batched) == stored(whole)
    assert totals(batched_report) == totals(whole_report)
    assert batched_sent == whole_sent
    assert set(batched_sent.values()) == {1}, "a text was sent twice"
    assert batched_sent[(REPEATED, "de")] == 1 and batched_sent[(REPEATED, "fr")] == 1
    # the repetitions in pages c and e (batches 2 and 3) came from the cache page a's answer went
    # into, and page f's "Invoices..." (batch 3) from page b's (batch 1)
    assert batched_report.locales["de"].machine.outcome.usage["libretranslate"].cached == 3
    assert whole_report.locales["de"].machine.outcome.usage["libretranslate"].cached == 0


def test_a_confirmed_translation_propagates_to_pages_of_other_batches(projects: tuple[Path, Path]):
    _, batched = projects
    report, _ = run(batched, SMALL)
    translations = stored(batched)
    by_source = {}
    with Project.open(batched) as project:
        by_source = {(s.document, s.source.text): s.key for s in project.store.segments()}
    forward = translations[("content/d.md", by_source[("content/d.md", "Reset your password from the sign-in page.")], "de")]
    backward = translations[("content/b.md", by_source[("content/b.md", "Turn on two-step verification for your account.")], "de")]
    assert forward == (Segment.text_only(CONFIRMED["Reset your password from the sign-in page."][1]).dumps(), "tm", "propagated")
    assert backward == (Segment.text_only(CONFIRMED["Turn on two-step verification for your account."][1]).dumps(), "tm", "propagated")
    assert report.locales["de"].propagated == 2 and report.locales["fr"].propagated == 0
    assert report.locales["de"].tm == 2 and report.locales["fr"].tm == 2  # the TMX unit, in pages d and e


def test_a_second_run_in_batches_sends_nothing(projects: tuple[Path, Path]):
    _, batched = projects
    run(batched, SMALL)
    report, again = run(batched, SMALL)
    assert again == Counter()
    assert all(fill.mt == 0 and fill.left == 0 for fill in report.locales.values())


def test_progress_counts_every_segment_of_every_locale_once(projects: tuple[Path, Path]):
    _, batched = projects
    calls: list[tuple[str, int, int]] = []
    with LoopbackMT() as server:
        config = batched / "locflow.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("http://0", server.url), encoding="utf-8")
        with Project.open(batched) as project:
            pretranslate(project, [Locale("de"), Locale("fr")], progress=lambda *call: calls.append(call), batch_segments=SMALL)
    total = sum(len(paragraphs) for paragraphs in PAGES.values())
    for stage in ("pretranslate de", "pretranslate fr"):
        counts = [done for name, done, _ in calls if name == stage]
        assert {size for name, _, size in calls if name == stage} == {total}
        assert counts == sorted(counts) and counts[-1] == total, counts


@pytest.mark.parametrize(
    ("counts", "size", "expected"),
    [
        ([("a", 3), ("b", 3), ("c", 3)], 6, [["a", "b"], ["c"]]),
        ([("a", 3), ("b", 20), ("c", 1), ("d", 1)], 6, [["a"], ["b"], ["c", "d"]]),  # a big page is a batch of its own
        ([("a", 0), ("b", 5), ("c", 1)], 6, [["a", "b", "c"]]),
        ([], 6, []),
    ],
)
def test_document_batches_keep_path_order_and_never_split_a_document(counts, size, expected):
    assert document_batches(counts, size) == expected


def test_document_batches_hold_a_bounded_number_of_documents():
    empty = [(f"page-{n:04d}.md", 0) for n in range(2 * BATCH_DOCUMENTS + 200)]
    assert [len(batch) for batch in document_batches(empty, 10_000, documents=BATCH_DOCUMENTS)] == [BATCH_DOCUMENTS, BATCH_DOCUMENTS, 200]
    assert [len(batch) for batch in document_batches(empty, 10_000)] == [2 * BATCH_DOCUMENTS + 200]
    assert [len(batch) for batch in document_batches(empty, 10_000, documents=700)] == [700, 700, 700, 100]


def test_an_engine_that_failed_in_one_batch_leaves_the_later_batches_unfinished(projects: tuple[Path, Path]):
    """The engine fails for good in the first batch; the segments of later batches it was not asked
    about are listed as left by the failure (exit 4), not as unsupported."""
    _, batched = projects
    config = batched / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("batch_size = 2\n", "batch_size = 2\nretries = 0\nconcurrency = 1\n"))
    with LoopbackMT(fail_after=1) as server:
        config.write_text(config.read_text(encoding="utf-8").replace("http://0", server.url), encoding="utf-8")
        with Project.open(batched) as project:
            report = pretranslate(project, batch_segments=SMALL)
    for tag, fill in report.locales.items():
        assert fill.left == len(fill.machine.outcome.left) == len(report.unfinished[tag]) > 0, (tag, fill.left, report.unfinished)
    assert report.locales["de"].mt + report.locales["fr"].mt == 2  # the one answered request (batch_size 2)
    with pytest.raises(ProviderError, match=r"de: \d+ segments left untranslated"):
        report.raise_for_service()


def test_the_character_budget_is_one_for_the_run_across_batches_and_locales(projects: tuple[Path, Path]):
    """``max_chars`` caps what the whole run sends, not each batch: in batches it sends no more than
    in one pass, and what it could not send is left (reason budget) in the report."""
    whole, batched = projects
    reports = {}
    for root, size in ((whole, WHOLE), (batched, SMALL)):
        config = root / "locflow.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("[mt]\n", "[mt]\nmax_chars = 150\n"), encoding="utf-8")
        reports[size], _ = run(root, size)
    for size, report in reports.items():
        sent_chars = sum(f.machine.outcome.usage["libretranslate"].characters for f in report.locales.values())
        assert 0 < sent_chars <= 150, (size, sent_chars)
        for tag, fill in report.locales.items():
            budget = sum(1 for why in fill.machine.outcome.left.values() if why == LeftReason.BUDGET)
            assert fill.mt + fill.left == reports[WHOLE].locales[tag].mt + reports[WHOLE].locales[tag].left
            assert budget == fill.left, (size, tag, fill.machine.outcome.to_json())
        assert sum(f.left for f in report.locales.values()) > 0, "the budget left nothing out: the test proves nothing"
