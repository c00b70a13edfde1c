"""Chatbot projects with a file per language: only the source language is extracted, and a build
writes the target locale's files under their own names, so the built project holds every language.

Dialogflow ES agents are the two sample agents of Google's dialogflow-fulfillment-nodejs
library (``tests/data/chatbot/dialogflow-samples``, Apache-2.0, see its README): one in English
and French, one with entities. The Rasa bot (English and German folders) is read from the
shared corpus when present.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

import pytest

from content.chatbot import DialogflowFilter, RasaNluFilter
from content.language_files import LanguageFile
from locflow.model import Locale
from tests.cli_support import locflow
from tests.corpus_projects import CORPUS, fill_targets
from tests.structure import data_shape, structure_problems

AGENTS = Path(__file__).parent / "data" / "chatbot" / "dialogflow-samples"
WELCOME = "multi-lang-and-locale/intents/Default Welcome Intent"
EN, DE, FR = Locale("en"), Locale("de"), Locale("fr")


def test_language_of_a_file_from_its_name_or_folder():
    phrases = LanguageFile.dialogflow(PurePosixPath("intents/Order status_usersays_pt-br.json"))
    assert phrases.language == "pt-br" and phrases.is_other_language(EN)
    assert phrases.named_for(Locale("de-CH")) == PurePosixPath("intents/Order status_usersays_de-ch.json")
    assert not LanguageFile.dialogflow(PurePosixPath("intents/Order status.json")).language
    folder = LanguageFile.folder(PurePosixPath("bot/languages/en/data/nlu.md"))
    assert folder.language == "en" and not folder.is_other_language(EN)
    assert folder.named_for(Locale("pt-BR")) == PurePosixPath("bot/languages/pt-br/data/nlu.md")
    assert LanguageFile.folder(PurePosixPath("bot/locales/pt_BR/domain.yml")).named_for(DE) == PurePosixPath("bot/locales/de/domain.yml")
    assert not LanguageFile.folder(PurePosixPath("bot/data/nlu.md")).language  # "data", "bot": not languages


def test_phrases_of_another_language_are_not_source_text():
    french = (AGENTS / f"{WELCOME}_usersays_fr.json").read_bytes()
    path = PurePosixPath("intents/Default Welcome Intent_usersays_fr.json")
    assert DialogflowFilter().extract(french, path=path, locale=EN).units == ()
    assert [u.render() for u in DialogflowFilter().extract(french, path=path, locale=FR).units] == ["salut"]


# -- a Dialogflow agent, built through the pipeline --------------------------------------------------


@pytest.fixture(scope="module")
def agent_project(tmp_path_factory) -> Path:
    """Both sample agents, extracted in English, translated into German and French through XLIFF 2."""
    root = tmp_path_factory.mktemp("agents")
    shutil.copytree(AGENTS, root / "agents", ignore=shutil.ignore_patterns("README.md", "LICENSE"))
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n'
        '[[content]]\npath = "agents/**/*.json"\nformat = "dialogflow"\n\n[mt]\nprovider = "none"\n',
        encoding="utf-8",
    )
    report = json.loads(locflow("extract", "-C", str(root), "--format", "json"))
    assert report["segments"]["new"] == 1 + 2 + 3 + 6 + 7  # en phrases, en messages, prompts + message, entries, phrases
    locflow("export", "-C", str(root), "--format", "xliff2", "-o", str(root / "exchange"))
    files = sorted((root / "exchange").rglob("*.xlf"))
    assert sum(fill_targets(path) for path in files) == 2 * 19
    assert not any("_usersays_fr" in path.name for path in files)  # French phrases are not source text
    locflow("import", "-C", str(root), *map(str, files))
    locflow("build", "-C", str(root))
    return root


def _built(root: Path, locale: str, relative: str) -> str:
    return (root / "build" / locale / "agents" / relative).read_text(encoding="utf-8")


def test_build_writes_the_target_phrases_under_the_target_name_beside_the_source(agent_project: Path):
    source = (AGENTS / f"{WELCOME}_usersays_en.json").read_text(encoding="utf-8")
    assert _built(agent_project, "de", f"{WELCOME}_usersays_en.json") == source
    german = json.loads(_built(agent_project, "de", f"{WELCOME}_usersays_de.json"))
    assert german[0]["data"][0]["text"] == "⟦ĥî⟧"
    assert _built(agent_project, "de", f"{WELCOME}_usersays_fr.json") == (AGENTS / f"{WELCOME}_usersays_fr.json").read_text(
        encoding="utf-8"
    )  # another language's phrases stay
    french = json.loads(_built(agent_project, "fr", f"{WELCOME}_usersays_fr.json"))
    assert french[0]["data"][0]["text"] == "⟦ĥî⟧"  # the French build's own translation replaces them


def test_build_adds_responses_and_the_language_to_the_agent(agent_project: Path):
    intent = json.loads(_built(agent_project, "de", "multi-lang-and-locale/intents/Default Welcome Intent.json"))
    messages = [(m["lang"], m["speech"]) for m in intent["responses"][0]["messages"]]
    assert messages == [("fr", "webhook a échoué"), ("en", "Webhook Failed"), ("de", "⟦Ŵéƀĥööķ Fàîļéð⟧")]
    intent = json.loads(_built(agent_project, "fr", "multi-lang-and-locale/intents/Default Welcome Intent.json"))
    assert [m["lang"] for m in intent["responses"][0]["messages"]] == ["en", "fr"]
    prompts = json.loads(_built(agent_project, "de", "parameters-contexts-and-rich-responses/intents/Convert Fahrenheit and Celsius.json"))
    assert [p["lang"] for p in prompts["responses"][0]["parameters"][0]["prompts"]] == ["en", "de"]
    assert json.loads(_built(agent_project, "de", "multi-lang-and-locale/agent.json"))["supportedLanguages"] == ["fr", "de"]
    assert json.loads(_built(agent_project, "fr", "multi-lang-and-locale/agent.json"))["supportedLanguages"] == ["fr"]
    assert json.loads(_built(agent_project, "de", "parameters-contexts-and-rich-responses/agent.json"))["supportedLanguages"] == ["de"]


def test_built_agent_holds_every_source_file_and_keeps_their_structure(agent_project: Path):
    sources = {PurePosixPath(p.relative_to(AGENTS).as_posix()) for p in AGENTS.rglob("*.json")}
    for locale in ("de", "fr"):
        base = agent_project / "build" / locale / "agents"
        built = {PurePosixPath(p.relative_to(base).as_posix()) for p in base.rglob("*.json")}
        assert sources <= built
        added = {p.with_name(p.name.replace("_en.json", f"_{locale}.json")) for p in sources if p.name.endswith("_en.json")}
        assert built - sources == added - sources
        for path in built - {p for p in built if p.name == "agent.json"}:
            language_file = LanguageFile.dialogflow(path)
            origin = language_file.named_for(EN) if language_file.language == locale else path
            source, output = (AGENTS / str(origin)).read_bytes(), (base / path).read_bytes()
            if language_file.language or "responses" not in json.loads(source):
                assert structure_problems("dialogflow", path, source, output) == [], path
            else:  # an intent: the same, once the target's messages and prompts are set aside
                assert data_shape(_without(json.loads(output), locale)) == data_shape(_without(json.loads(source), locale))
        for agent in (p for p in built if p.name == "agent.json"):
            before, after = json.loads((AGENTS / str(agent)).read_bytes()), json.loads((base / agent).read_bytes())
            assert {k: v for k, v in after.items() if k != "supportedLanguages"} == {
                k: v for k, v in before.items() if k != "supportedLanguages"
            }


def _without(data: object, lang: str) -> object:
    """``data`` with every item tagged ``"lang": lang`` taken out of its list."""
    if isinstance(data, dict):
        return {key: _without(value, lang) for key, value in data.items()}
    if isinstance(data, list):
        return [_without(item, lang) for item in data if not (isinstance(item, dict) and item.get("lang") == lang)]
    return data


# -- a Rasa bot with a folder per language ---------------------------------------------------------


def test_rasa_bot_extracts_its_source_folder_and_builds_a_folder_per_locale(tmp_path: Path):
    bot = CORPUS / "support-content" / "chatbot" / "rasa-roboai-faq-en-de" / "bot" if CORPUS else None
    if bot is None or not bot.is_dir():
        pytest.skip("the shared corpus is not available")
    german = (bot / "languages" / "de" / "data" / "nlu.md").read_bytes()
    assert RasaNluFilter().extract(german, path=PurePosixPath("languages/de/data/nlu.md"), locale=EN).units == ()
    root = tmp_path / "bot"
    shutil.copytree(bot / "languages", root / "languages")
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en"\ntarget_locales = ["de", "fr"]\n\n'
        '[[content]]\npath = "languages/**/nlu.md"\nformat = "rasa-nlu"\n\n[mt]\nprovider = "pseudo"\n',
        encoding="utf-8",
    )
    locflow("run", "-C", str(root))
    english = (bot / "languages" / "en" / "data" / "nlu.md").read_bytes()
    for locale in ("de", "fr"):
        out = root / "build" / locale / "languages"
        assert (out / "en" / "data" / "nlu.md").read_bytes() == english
        built = (out / locale / "data" / "nlu.md").read_bytes()
        assert built != english and structure_problems("rasa-nlu", PurePosixPath("nlu.md"), english, built) == []
    assert (root / "build" / "fr" / "languages" / "de" / "data" / "nlu.md").read_bytes() == german
