"""The bundled example's report, as a localization manager would see it a few steps in, and its
screenshot in headless Chromium (the picture in README and docs/manager.md).

    python scripts/report_example.py docs/report-example.png [--html report.html]

In a copy of examples/helpdesk: ``run`` (the offline pseudo engine drafts everything), translators
send German, French and Japanese PO files back (German partly approved), an article changes, QA runs
and ``run`` runs again; then ``locflow report`` and a full-page screenshot.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.headless_chromium import HeadlessChromium, find_chromium  # noqa: E402


def locflow(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "locflow.cli.main", *args], check=True, stdout=subprocess.DEVNULL)


def send_back(project: Path, locale: str, share: float, *extra: str, start: float = 0.0) -> None:
    """Export ``locale`` as one PO file, 'translate' a share of its messages, import it."""
    out = project / "exchange" / f"{locale}-{start}"
    locflow("export", "-C", str(project), "-l", locale, "--format", "po", "--bundle", "-o", str(out))
    path = next(out.rglob("*.po"))
    catalog = polib.pofile(str(path))
    entries = [entry for entry in catalog if entry.msgid]
    first, last = int(len(entries) * start), int(len(entries) * (start + share))
    for entry in entries[first:last]:
        entry.msgstr = f"{entry.msgid} ({locale})"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(path))
    subprocess.run([sys.executable, "-m", "locflow.cli.main", "import", "-C", str(project), str(path), *extra], stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("screenshot", type=Path)
    parser.add_argument("--html", type=Path, help="keep the report here too")
    args = parser.parse_args(argv)
    executable = find_chromium()
    if executable is None:
        print("chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "helpdesk"
        shutil.copytree(REPO / "examples" / "helpdesk", project, ignore=shutil.ignore_patterns(".locflow", "build", "exchange"))
        locflow("run", "-C", str(project))
        send_back(project, "de", 0.3, "--as", "approved")
        send_back(project, "de", 0.3, start=0.3)
        send_back(project, "fr", 0.4)
        send_back(project, "ja", 0.15)
        faq = project / "content" / "articles" / "faq.md"
        faq.write_text(faq.read_text(encoding="utf-8").replace("Yes.", "Yes, on every plan."), encoding="utf-8")
        locflow("qa", "-C", str(project), "--fail-on", "never")
        subprocess.run([sys.executable, "-m", "locflow.cli.main", "run", "-C", str(project)], stdout=subprocess.DEVNULL)
        report = Path(scratch) / "report.html"
        locflow("report", "-C", str(project), "-o", str(report))
        if args.html:
            shutil.copy(report, args.html)
        with HeadlessChromium(executable) as browser:
            look = browser.look(report.as_uri(), "svg.chart", width=1280, height=1640, full_page=False)
    args.screenshot.write_bytes(look.screenshot)
    print(f"{args.screenshot}: {len(look.sizes)} charts, console errors: {look.errors or 'none'}")
    return 1 if look.errors else 0


if __name__ == "__main__":
    sys.exit(main())
