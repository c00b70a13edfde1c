"""A lookup above 99 (pretranslate's default fill threshold) returns exactly what a lookup down to 75
returns at 100 and above: the exact probe finds every such match, so no fuzzy search is needed."""

from __future__ import annotations

from pathlib import Path

from locflow.model import CodeIds, Locale, Segment, protect
from tm import MatchType, SearchSettings, TMEntry, TranslationMemory

EN, DE = Locale("en"), Locale("de")
STORED = {
    "To reset your password, open Settings.": "Um Ihr Passwort zurückzusetzen, öffnen Sie die Einstellungen.",
    "to reset your password open settings": "kleingeschrieben",
    "To reset your account, open Settings.": "Um Ihr Konto zurückzusetzen, öffnen Sie die Einstellungen.",
    "You can export up to 10 items at once.": "Sie können bis zu 10 Elemente exportieren.",
}


def seg(text: str) -> Segment:
    return Segment(tuple(protect(text, CodeIds())))


def test_exact_lookups_match_the_top_of_a_fuzzy_lookup(tmp_path: Path):
    queries = [seg(text) for text in (
        "To reset your password, open Settings.",  # exact
        "To reset your PASSWORD, open Settings!",  # near-exact only (97)
        "To reset your invoice, open Settings.",  # fuzzy only
        "You can export up to 24 items at once.",  # another number: at most 99
        "Nothing like it is stored.",
    )]
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'tm.db'}", settings=SearchSettings(processes=1)) as memory:
        memory.add([TMEntry(seg(s), seg(t), EN, DE) for s, t in STORED.items()], origin="human", project="p")
        wide = memory.lookup_many(queries, EN, DE, threshold=75, limit=1)
        exact = memory.lookup_many(queries, EN, DE, threshold=100, limit=1)
        near = memory.lookup_many(queries, EN, DE, threshold=97, limit=1)
    assert [[m.score for m in found] for found in exact] == [[100.0], [], [], [], []]
    assert exact[0][0].match_type is MatchType.EXACT and exact[0][0].target.text == STORED[queries[0].text]
    assert [[m.score for m in found if m.score >= 100] for found in wide] == [[m.score for m in found] for found in exact]
    assert [[m.score for m in found] for found in near] == [[100.0], [97.0], [], [99.0], []]  # below 100 it still searches
    assert 75 <= wide[2][0].score < 97 and wide[4] == []
