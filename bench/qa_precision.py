"""QA on real shipped translations: how many translated units each language gets findings on.

    python bench/qa_precision.py [--sample 60] [--seed 16] [--corpus ../shared/corpus]

Reads the real catalogs of the shared corpus (GNOME Calculator's application PO files,
the Mallard help PO files of GNOME Calculator and Meld, the Afrikaans Nautilus catalog,
Symfony's XLIFF 1.2 validator messages in 57 languages and Angular's French example),
checks each with the default profile and prints,
per catalog and language: the units, the translated units (those holding a translation:
see ``qa_checks.untranslated``), the translated units with at least one finding, and
their share. With ``--sample N`` it then prints N findings on translated units drawn at
random (seeded), for a person to judge one by one (docs/qa.md holds such a judgement).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from locflow.model import Locale  # noqa: E402
from locflow.pipeline.qa import QAOptions, read_units  # noqa: E402
from qa_checks import Issue, Profile, run_checks  # noqa: E402
from qa_checks.batch import Batch  # noqa: E402

#: catalog name -> (files under the corpus, the target locale when a file does not say it)
CATALOGS = {
    "gnome-calculator (app)": ("po/gnome-calculator/po/*.po", None),
    "gnome-calculator (help)": ("support-content/mallard-help/gnome-calculator/help/*/*.po", None),
    "meld (help)": ("support-content/mallard-help/meld/help/*/*.po", None),
    "nautilus (af)": ("po/okapi/okapi/filters/po/src/test/resources/Test_nautilus.af.po", "af"),
    "symfony validators (XLIFF 1.2)": ("xliff12/symfony-validator/Resources/translations/validators.*.xlf", None),
    "angular example (XLIFF 1.2)": ("xliff12/angular-i18n-example/messages.fr.xlf", "fr"),
}


@dataclass
class Tally:
    units: int = 0
    translated: int = 0
    flagged: int = 0

    def add(self, other: Tally) -> None:
        self.units += other.units
        self.translated += other.translated
        self.flagged += other.flagged

    def row(self, name: str) -> str:
        share = 100 * self.flagged / self.translated if self.translated else 0.0
        return f"{name:<38} {self.units:>7} {self.translated:>10} {self.flagged:>8} {share:>6.2f}%"


def find_corpus() -> Path | None:
    for parent in REPO.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus"
    return None


def check_file(path: Path, fallback_locale: str | None) -> tuple[Tally, list[Issue], str]:
    """The tally of one file, the findings on its translated units, its target language."""
    options = QAOptions(profile=Profile.default())
    try:
        units = read_units([path], options)
    except Exception:  # noqa: BLE001 - a file that does not name its language
        if fallback_locale is None:
            raise
        units = read_units([path], QAOptions(profile=Profile.default(), target_locale=Locale(fallback_locale)))
    untranslated = set(Batch(units).untranslated())
    translated_keys = {(unit.key, unit.line) for index, unit in enumerate(units) if index not in untranslated}
    report = run_checks(units, options.profile)
    issues = [issue for issue in report.issues if (issue.unit, issue.line) in translated_keys]
    flagged = {(issue.unit, issue.line) for issue in issues}
    language = units[0].target_locale.tag if units else "?"
    return Tally(len(units), len(translated_keys), len(flagged)), issues, language


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=find_corpus())
    parser.add_argument("--sample", type=int, default=0, help="print this many findings drawn at random")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--per-language", action="store_true", help="one row per file, not only per catalog")
    args = parser.parse_args(argv)
    if args.corpus is None or not args.corpus.is_dir():
        raise SystemExit("the shared corpus is not here; give --corpus")
    print(f"{'catalog / language':<38} {'units':>7} {'translated':>10} {'flagged':>8} {'share':>7}")
    total = Tally()
    findings: list[tuple[str, Issue]] = []
    by_check: Counter[str] = Counter()
    for catalog, (pattern, fallback) in CATALOGS.items():
        files = sorted(args.corpus.glob(pattern))
        tallies: dict[str, Tally] = defaultdict(Tally)
        for path in files:
            tally, issues, language = check_file(path, fallback)
            tallies[language].add(tally)
            findings += [(catalog, issue) for issue in issues]
            by_check.update(issue.check for issue in issues)
        catalog_tally = Tally()
        for tally in tallies.values():
            catalog_tally.add(tally)
        print(catalog_tally.row(f"{catalog} ({len(tallies)} lang.)"))
        if args.per_language:
            for language, tally in sorted(tallies.items()):
                print(tally.row(f"  {language}"))
        total.add(catalog_tally)
    print(total.row("all"))
    print(f"findings on translated units: {len(findings)}; by check: {dict(by_check.most_common())}")
    if args.sample:
        print(f"\n{args.sample} findings drawn at random (seed {args.seed}):")
        for number, (catalog, issue) in enumerate(random.Random(args.seed).sample(findings, min(args.sample, len(findings))), 1):
            where = f"{Path(issue.file or '').name}:{issue.line}"
            print(f"\n{number}. [{issue.check}] {catalog}, {issue.locale}, {where}: {issue.message}")
            print(f"   source: {issue.source!r}")
            print(f"   target: {issue.target!r}")


if __name__ == "__main__":
    main()
