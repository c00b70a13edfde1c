"""Every real help center of the shared corpus as a locflow project, and the structure check of its builds.

A :class:`HelpCenter` names the files of one help center and the filter that
reads them. :func:`make_project` copies them into a fresh project;
:func:`translate_through_xliff2` plays the translator (every segment of the
exported XLIFF 2 files pseudo-translated, then imported) and builds;
:func:`built_problems` compares each built file with the source it was built
from, with the format's own parser (:mod:`tests.structure`).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from content.botframework import language_file
from content.language_files import LanguageFile
from locflow.model import Locale
from locflow.model.xmlsafe import SAFE_XML_OPTIONS
from locflow.mt.pseudo import CLOSE, OPEN, pseudo_text
from locflow.pipeline.build import PSEUDO_LOCALE
from tests.cli_support import locflow
from tests.shared_corpus import find_shared
from tests.structure import structure_problems

SHARED = find_shared()
CORPUS = SHARED / "corpus" if SHARED else None
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"


@dataclass(frozen=True)
class HelpCenter:
    """One help center: a folder of the corpus, the globs of its pages, their format and options."""

    folder: str  # under the corpus
    paths: tuple[str, ...]  # globs relative to the folder
    format: str
    source_locale: str = "en"
    options: Mapping[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        assert CORPUS is not None
        return CORPUS / self.folder

    def files(self) -> list[PurePosixPath]:
        """The pages, relative to the folder."""
        if CORPUS is None or not self.root.is_dir():
            return []
        found = {PurePosixPath(p.relative_to(self.root).as_posix()) for glob in self.paths for p in self.root.glob(glob) if p.is_file()}
        return sorted(p for p in found if not any(p.match(pattern) for pattern in self.exclude))


_MD = "support-content/markdown-"
HELP_CENTERS: dict[str, HelpCenter] = {
    "slack-bolt-en": HelpCenter(_MD + "kb/slack-bolt-js-docs-en-ja/docs/english", ("**/*.md",), "markdown"),
    "slack-bolt-ja": HelpCenter(_MD + "kb/slack-bolt-js-docs-en-ja/docs/japanese", ("**/*.md",), "markdown", "ja"),
    "github-alerts": HelpCenter(_MD + "dialects/github-alerts", ("*/**/*.md",), "markdown"),
    "wikilinks": HelpCenter(_MD + "dialects/wikilinks/foam", ("**/*.md",), "markdown"),
    "footnotes": HelpCenter(_MD + "dialects/footnotes/rust-blog", ("**/*.md",), "markdown"),
    "admonitions": HelpCenter(_MD + "dialects/admonitions/mkdocs-material", ("**/*.md",), "markdown"),
    "greenshot-html": HelpCenter("html-help/greenshot-help", ("**/*.html",), "html", options={"set_lang": False}),
    "omegat-html": HelpCenter("html-help/omegat-filter-tests", ("**/*.html", "**/*.htm", "**/*.xhtml"), "html", options={"set_lang": False}),
    "mediawiki": HelpCenter(
        "support-content/mediawiki-wikitext/translate-extension-pagetranslation",
        ("tests/phpunit/tag/pagetranslation/*.ptfile", "tests/phpunit/tag/pagetranslation/*.ptsource",
         "tests/phpunit/tag/pagetranslation/*.pttarget"),
        "mediawiki", options={"translate_tags": "ignore"},
    ),
    "mallard": HelpCenter("support-content/mallard-help", ("*/help/C/*.page",), "mallard", options={"set_lang": False}),
    "rasa-faq-bot": HelpCenter(
        "support-content/chatbot/rasa-roboai-faq-en-de/bot", ("languages/*/domain.yml",), "rasa-domain",
        options={"custom_keys": ["text", "ssml", "label"]},
    ),
    "rasa-faq-bot-nlu": HelpCenter("support-content/chatbot/rasa-roboai-faq-en-de/bot", ("languages/*/data/nlu.md",), "rasa-nlu"),
    "alexa-skill": HelpCenter("support-content/chatbot/alexa-fact-skill-multilocale", ("models/en-US.json",), "keyvalue"),
    "qna-maker": HelpCenter("support-content/chatbot/botframework-lu-qna-lg", ("packages/lu/test/fixtures/translation/en/qna.json",), "faq"),
    "bot-framework-lu-qna": HelpCenter("support-content/chatbot/botframework-lu-qna-lg", ("packages/**/*.lu", "packages/**/*.qna"), "botframework"),
}


def make_project(center: HelpCenter, root: Path, targets: tuple[str, ...] = ("de",)) -> Path:
    """A project in ``root`` holding a copy of the help center's pages; MT off, so only imports translate."""
    for relative in center.files():
        target = root / "pages" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(center.root / relative, target)
    options = ", ".join(f"{key} = {_toml(value)}" for key, value in center.options.items())
    (root / "locflow.toml").write_text(
        f'[project]\nsource_locale = "{center.source_locale}"\ntarget_locales = {_toml(list(targets))}\n\n'
        f'[[content]]\npath = "pages/**/*"\nformat = "{center.format}"\noptions = {{ {options} }}\n\n'
        '[mt]\nprovider = "none"\n',
        encoding="utf-8",
    )
    return root


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return "[" + ", ".join(_toml(item) for item in value) + "]"


def translate_through_xliff2(root: Path, locale: str) -> list[Path]:
    """Export XLIFF 2, pseudo-translate every segment as a translator would, import, build. Returns the files."""
    exchange = root / "exchange"
    locflow("export", "-C", str(root), "-l", locale, "--format", "xliff2", "-o", str(exchange))
    files = sorted(exchange.rglob("*.xlf"))
    for path in files:
        fill_targets(path)
    if files:
        locflow("import", "-C", str(root), *map(str, files))
    locflow("build", "-C", str(root), "-l", locale, "--no-qa")  # the structure, not QA, is under test
    return files


def fill_targets(path: Path) -> int:
    """Give every segment of an XLIFF 2 file a pseudo-translated target (codes kept); returns how many."""
    tree = etree.parse(str(path), etree.XMLParser(**SAFE_XML_OPTIONS))
    count = 0
    for segment in tree.iter(f"{{{XLIFF2}}}segment"):
        source = segment.find(f"{{{XLIFF2}}}source")
        assert source is not None
        target = copy.deepcopy(source)
        target.tag = f"{{{XLIFF2}}}target"
        target.tail = None
        for element in target.iter():
            if element.text:
                element.text = pseudo_text(element.text)
            if element is not target and element.tail:
                element.tail = pseudo_text(element.tail)
        target.text = OPEN + (target.text or "")
        last = target[-1] if len(target) else None
        if last is None:
            target.text += CLOSE
        else:
            last.tail = (last.tail or "") + CLOSE
        source.addnext(target)
        segment.set("state", "translated")
        count += 1
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return count


# -- comparing builds with their sources ----------------------------------------------------------


#: How each format's files name their language (see content.language_files), for formats that do.
_LANGUAGE_FILES = {
    "dialogflow": lambda path, source: LanguageFile.dialogflow(path),
    "rasa-nlu": lambda path, source: LanguageFile.folder(path),
    "rasa-domain": lambda path, source: LanguageFile.folder(path),
    "botframework": language_file,
}


def built_from(center: HelpCenter, locale: str) -> dict[PurePosixPath, PurePosixPath]:
    """Built file -> the page it was made from, for the files a per-language layout adds."""
    name_of = _LANGUAGE_FILES.get(center.format)
    if name_of is None or locale == PSEUDO_LOCALE:
        return {}  # a pseudo build translates in place
    source, target = Locale(center.source_locale), Locale(locale)
    origins = {}
    for page in center.files():
        language = name_of(page, source)
        if language.language and not language.is_other_language(source):
            origins[language.named_for(target)] = page
    return origins


def built_problems(center: HelpCenter, root: Path, locale: str) -> dict[str, list[str]]:
    """For every file built for ``locale``, what differs in structure from its source page."""
    problems: dict[str, list[str]] = {}
    origins = built_from(center, locale)
    base = root / "build" / locale / "pages"
    built_files = sorted(p for p in base.rglob("*") if p.is_file())
    assert built_files, f"nothing built under {base}"
    for built in built_files:
        relative = PurePosixPath(built.relative_to(base).as_posix())
        source = (root / "pages" / origins.get(relative, relative)).read_bytes()
        found = structure_problems(center.format, relative, source, built.read_bytes())
        if found:
            problems[str(relative)] = found
    return problems
