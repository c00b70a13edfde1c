"""A small Markdown project on disk, for tests that need real files, a config and a store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

#: The configuration every such project starts from: English into German and French.
MARKDOWN_CONFIG = (
    '[project]\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n[[content]]\npath = "content/*.md"\n\n'
    '[build]\noutput = "build/{locale}/{path}"\nfallback = "source"\n'
)


def write_markdown_project(root: Path, pages: Mapping[str, str], *, extra_config: str = "") -> Path:
    """Write ``pages`` (name to Markdown text) under ``root/content`` and a ``locflow.toml``
    of :data:`MARKDOWN_CONFIG` followed by ``extra_config``; return ``root``."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    (root / "locflow.toml").write_text(MARKDOWN_CONFIG + extra_config, encoding="utf-8")
    return root
