"""``extract`` says what the filters left untranslated, per filter, in one line (and in JSON).

A MediaWiki template whose parameters are not configured as translatable is
kept whole; so are code blocks. Nothing of that may pass silently: the
report counts it for the files read this run (unchanged files are not parsed
again, so a second extract reports nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import locflow

GUIDE = """\
# Install

Run the installer:

```bash
./install.sh
```

    indented code too

<div class="note">Restart the computer afterwards.</div>

<!-- a comment is no text to translate -->
"""

WIKI = """\
== Setup ==
{{Note|Back up your files first.}}
Press {{Key|Enter}} to go on. Version {{Version|2.1}} or later.
<syntaxhighlight lang="bash">setup --all</syntaxhighlight>
"""

PAGE = "<html><body><p>Type this:</p><pre>setup --all</pre></body></html>\n"


def make_project(root: Path, wiki_options: str = "") -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "install.md").write_text(GUIDE, encoding="utf-8")
    (root / "docs" / "setup.wiki").write_text(WIKI, encoding="utf-8")
    (root / "docs" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en"\ntarget_locales = ["de"]\n\n'
        '[[content]]\npath = ["docs/*.md", "docs/*.html"]\n\n'
        f'[[content]]\npath = "docs/*.wiki"\n{wiki_options}\n',
        encoding="utf-8",
    )
    return root


def test_extract_reports_what_each_filter_left_untranslated(tmp_path: Path):
    root = make_project(tmp_path / "help")
    out = locflow("extract", "-C", str(root))
    assert (
        "left untranslated (files read this run): "
        "html 1 code block; markdown 2 code blocks, 1 HTML block with text; mediawiki 2 templates, 1 code block"
    ) in out.splitlines()


def test_the_json_report_has_the_same_counts_for_the_files_read_this_run(tmp_path: Path):
    root = make_project(tmp_path / "help")
    first = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert first["untranslated"] == {
        "html": {"code blocks": 1},
        "markdown": {"HTML blocks with text": 1, "code blocks": 2},
        "mediawiki": {"code blocks": 1, "templates": 2},
    }
    again = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert again["untranslated"] == {}  # nothing was read again
    assert "left untranslated" not in locflow("extract", "-C", str(root))
    wiki = root / "docs" / "setup.wiki"
    wiki.write_text(wiki.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    changed = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert changed["untranslated"] == {"mediawiki": {"code blocks": 1, "templates": 2}}


def test_templates_with_translated_parameters_are_not_counted(tmp_path: Path):
    options = "[content.options]\ntranslatable_template_params = { Note = [\"1\"] }\n"
    root = make_project(tmp_path / "help", options)
    report = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert report["untranslated"]["mediawiki"] == {"code blocks": 1, "templates": 1}  # {{Key|Enter}} is left
