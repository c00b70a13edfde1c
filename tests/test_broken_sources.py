"""Binary and wrongly encoded sources, one table over the source formats: ``locflow extract``
exits 3 naming the file, and the store is left as it was (the other files are not half-read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_hostile_input import run, store_dump

CONFIG = """\
[project]
name = "broken"
source_locale = "en"
target_locales = ["de"]

[[content]]
path = "content/*.md"

[[content]]
path = "broken/*"
{format}
[build]
output = "build/{{locale}}/{{path}}"
"""

#: file name, format (None: chosen by extension and content), a valid UTF-8 file with "Café" in it
SOURCES: dict[str, tuple[str, str | None, bytes]] = {
    "markdown": ("page.md", None, "# Café\n\nOpen the café menu.\n".encode()),
    "html": ("page.html", None, '<html><head><meta charset="utf-8"></head><body><p>Café</p></body></html>'.encode()),
    "xhtml": ("page.xhtml", None, '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Café</p></body></html>'.encode()),
    "dita": ("topic.dita", None, '<?xml version="1.0" encoding="UTF-8"?>\n<topic id="t"><title>Café</title><body><p>Café menu.</p></body></topic>'.encode()),
    "docbook": ("guide.xml", "docbook", '<?xml version="1.0" encoding="UTF-8"?>\n<article><title>Café</title><para>Café menu.</para></article>'.encode()),
    "mallard": ("intro.page", None, '<?xml version="1.0" encoding="UTF-8"?>\n<page xmlns="http://projectmallard.org/1.0/" id="i"><title>Café</title><p>Café.</p></page>'.encode()),
    "android": ("strings.xml", None, '<?xml version="1.0" encoding="utf-8"?>\n<resources><string name="a">Café</string></resources>'.encode()),
    "resx": ("Strings.resx", None, '<?xml version="1.0" encoding="utf-8"?>\n<root><data name="A"><value>Café</value></data></root>'.encode()),
    "po": ("messages.po", None, 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Café"\nmsgstr ""\n'.encode()),
    "faq": ("faq.yaml", "faq", "- id: q1\n  question: Where is the café?\n  answer: Downstairs.\n".encode()),
    "keyvalue": ("strings.json", "keyvalue", '{"title": "Café"}\n'.encode()),
    "mediawiki": ("page.wiki", None, "== Café ==\nThe café is open.\n".encode()),
    "botframework": ("dialog.lu", None, "# Greet\n- hello café\n".encode()),
    "rasa-nlu": ("nlu.yml", "rasa-nlu", 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello café\n'.encode()),
    "arb": ("app_en.arb", None, '{"@@locale": "en", "title": "Café"}\n'.encode()),
    "strings": ("Localizable.strings", None, '"title" = "Café";\n'.encode("utf-16")),
}
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4


def setup_project(tmp_path: Path, fmt: str | None) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "broken").mkdir()
    line = f'format = "{fmt}"\n' if fmt else ""
    (root / "locflow.toml").write_text(CONFIG.format(format=line), encoding="utf-8")
    (root / "content" / "a.md").write_text("# Hello\n\nHello world.\n", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    return root


def latin1(data: bytes) -> bytes:
    return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8").encode("latin-1")


@pytest.mark.parametrize("damage", ["binary", "latin-1"])
@pytest.mark.parametrize("kind", list(SOURCES))
def test_a_broken_source_is_refused_naming_the_file(tmp_path: Path, kind: str, damage: str):
    name, fmt, valid = SOURCES[kind]
    root = setup_project(tmp_path, fmt)
    target = root / "broken" / name
    target.write_bytes(valid)
    before = store_dump(root)
    target.write_bytes(BINARY if damage == "binary" else latin1(valid))
    code, output, _ = run(root, "extract")
    assert code == 3, output
    assert f"broken/{name}" in output
    assert "Traceback" not in output
    assert store_dump(root) == before


@pytest.mark.parametrize("kind", list(SOURCES))
def test_the_valid_file_of_each_row_is_read(tmp_path: Path, kind: str):
    """The table's files are valid as written, so a refusal above comes from the damage alone."""
    name, fmt, valid = SOURCES[kind]
    root = setup_project(tmp_path, fmt)
    (root / "broken" / name).write_bytes(valid)
    code, output, _ = run(root, "extract")
    assert code == 0, output
