"""Shared by the QA tests: a termbase of the ``Termbase`` protocol, corpus paths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from locflow.model import Locale
from qa_checks import TermHit
from tests.shared_corpus import SHARED

DATA = Path(__file__).resolve().parent / "data" / "qa"
_REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree one level deeper finds it one level up)
CORPUS = SHARED / "corpus"
GNOME_CALCULATOR = CORPUS / "po" / "gnome-calculator" / "po"
GETTEXT_TESTS = CORPUS / "qa-peer-tests" / "gnu-gettext-format-tests" / "gettext-tools" / "tests"


class ListTermbase:
    """The smallest termbase: terms found by case-insensitive substring in the source."""

    def __init__(self, hits: Sequence[TermHit]) -> None:
        self.hits = list(hits)
        self.calls = 0

    def find_terms(self, source_text: str, source_locale: Locale, target_locale: Locale) -> list[TermHit]:
        self.calls += 1
        lowered = source_text.lower()
        return [hit for hit in self.hits if hit.source_term.lower() in lowered]
