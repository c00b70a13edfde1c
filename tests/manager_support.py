"""A small help center whose every count is known, for analyze, status, history and report tests.

Three Markdown articles (33 words in 9 segments), target locales de and fr, a TMX
memory for de. :func:`known_project` brings it to this state in de, through the
real commands (extract, tm import, import, reset) and, for the drafts of engines
this project does not run here, the store's own writes:

| segment (document)                        | words | de state, origin        | best de TM match |
|-------------------------------------------|------:|-------------------------|------------------|
| Sync files (a)                            |     2 | new (reset after import)| 101 (context)    |
| Sync your files every day. (a)            |     5 | new                     | 100              |
| Open the app first. (a)                   |     4 | mt, mt:pseudo           | none             |
| Share a folder (b)                        |     3 | tm, termbase            | none             |
| Open the app first. (b)                   |     4 | new (a repetition)      | none             |
| Choose a folder to share. (b)             |     5 | new                     | 80               |
| Keep folders (c)                          |     2 | new                     | none             |
| Choose the folders to keep. (c)           |     5 | new                     | 71.43            |
| Delete the rest. (c)                      |     3 | translated, human       | none             |

fr has no translation.
"""

from __future__ import annotations

from pathlib import Path

import polib

from locflow.model import Segment, State
from locflow.project import Project
from locflow.store import TranslationWrite
from tests.cli_support import locflow

ARTICLES = {
    "content/a.md": "# Sync files\n\nSync your files every day. Open the app first.\n",
    "content/b.md": "# Share a folder\n\nOpen the app first. Choose a folder to share.\n",
    "content/c.md": "# Keep folders\n\nChoose the folders to keep. Delete the rest.\n",
}
WORDS = {"content/a.md": 11, "content/b.md": 12, "content/c.md": 10}

MEMORY = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="tests" creationtoolversion="1" segtype="sentence" o-tmf="none"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Sync your files every day.</seg></tuv><tuv xml:lang="de"><seg>Synchronisieren Sie Ihre Dateien täglich.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Choose a folder to sync.</seg></tuv><tuv xml:lang="de"><seg>Wählen Sie einen Ordner zum Synchronisieren.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Choose the folders you want to keep.</seg></tuv><tuv xml:lang="de"><seg>Wählen Sie die Ordner, die Sie behalten möchten.</seg></tuv></tu>
</body></tmx>
"""


def write_project(root: Path, *, extra: str = "", store_url: str | None = None) -> Path:
    """The articles and a locflow.toml (no MT engine; ``extra`` is appended to the file)."""
    for path, text in ARTICLES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    store = f'\n[store]\nurl = "{store_url}"\n\n[tm]\nurl = "sqlite:///.locflow/tm.db"\n' if store_url else ""
    (root / "locflow.toml").write_text(
        '[project]\nname = "Known counts"\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n'
        '[[content]]\npath = "content/*.md"\n\n[mt]\nprovider = "none"\n' + store + extra,
        encoding="utf-8",
    )
    (root / "memory.tmx").write_text(MEMORY, encoding="utf-8")
    return root


def translate_po(tmp_path: Path, project: Path, locale: str, targets: dict[str, str]) -> Path:
    """Export ``locale`` as PO, fill the given msgids, and import it back; returns the PO file."""
    out = tmp_path / f"exchange-{locale}"
    locflow("export", "-C", str(project), "-l", locale, "--format", "po", "--bundle", "-o", str(out))
    path = next(out.rglob("*.po"))
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgid in targets:
            entry.msgstr = targets[entry.msgid]
    catalog.save(str(path))
    locflow("import", "-C", str(project), str(path))
    return path


def write_drafts(project_dir: Path, locale: str, drafts: dict[tuple[str, str], tuple[State, str]]) -> None:
    """Store drafts as engines write them: (document, source text) -> (state, origin)."""
    with Project.open(project_dir) as project:
        segments = {(s.document, s.source.text): s for s in project.store.segments()}
        writes = [
            TranslationWrite(segments[key].id, locale, Segment.text_only(f"[{origin}] {key[1]}"), state, origin)
            for key, (state, origin) in drafts.items()
        ]
        project.store.write_translations(writes)


def known_project(tmp_path: Path, *, extra: str = "", store_url: str | None = None) -> Path:
    """The project in the state the module docstring describes."""
    root = write_project(tmp_path / "known", extra=extra, store_url=store_url)
    locflow("extract", "-C", str(root))
    locflow("tm", "import", "-C", str(root), str(root / "memory.tmx"))
    translate_po(tmp_path, root, "de", {"Sync files": "Dateien synchronisieren", "Delete the rest.": "Löschen Sie den Rest."})
    locflow("reset", "-C", str(root), "-l", "de", "--state", "translated", "--document", "content/a.md")
    write_drafts(root, "de", {
        ("content/a.md", "Open the app first."): (State.MT, "mt:pseudo"),
        ("content/b.md", "Share a folder"): (State.TM, "termbase"),
    })
    return root
