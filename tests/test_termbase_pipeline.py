"""The termbase in every stage: pretranslate's term pre-fill, MT glossaries and DNT terms,
hints in exports, terminology QA, ``[termbase] import`` and the ``locflow term`` commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from locflow.model import Locale, Segment, State
from locflow.pipeline.pretranslate import pretranslate
from locflow.project import Project
from locflow.store import TranslationWrite
from tests.cli_support import locflow
from tests.shared_corpus import SHARED
from tests.mt_server import LoopbackMT
from tests.termbase_support import BILLION_LAUGHS, PROJECT_GLOSSARY, make_project, write
from tests.test_exchange_support import schema_errors, xliff2_schema

GLS = "urn:oasis:names:tc:xliff:glossary:2.0"


def translations(root: Path, locale: str) -> dict[str, Any]:
    """Stored translations of ``locale`` by source text."""
    with Project.open(root) as project:
        by_id = {s.id: s for s in project.store.segments()}
        return {by_id[i].source.render(): t for i, t in project.store.translations(locale).items()}


# -- pretranslate --------------------------------------------------------------------------------


def test_a_segment_that_is_a_term_is_filled_with_it_and_dnt_terms_survive_mt(tmp_path: Path):
    root = make_project(tmp_path / "p")
    report = json.loads(locflow("pretranslate", "-C", str(root), "--format", "json"))
    assert report["de"]["term"] == 2  # the heading and the paragraph "Billing"
    assert report["ja"]["term"] == 0  # no Japanese term for Billing: MT does it
    de = translations(root, "de")
    assert (de["Billing"].target.render(), de["Billing"].state, de["Billing"].origin) == ("Abrechnung", State.TM, "termbase")
    mt = de["Open Acme Drive and delete your accounts."]
    assert mt.state == State.MT and "Acme Drive" in mt.target.render() and "àççöûñţš" in mt.target.render()
    assert translations(root, "ja")["Billing"].state == State.MT


def test_an_exact_tm_match_comes_before_the_term(tmp_path: Path):
    root = make_project(tmp_path / "p", extra='\n[tm]\nimport = ["memories/*.tmx"]\n')
    write(
        root / "memories" / "old.tmx",
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        '<tu><tuv xml:lang="en"><seg>Billing</seg></tuv><tuv xml:lang="de"><seg>Rechnungsstellung</seg></tuv></tu>'
        "</body></tmx>",
    )
    locflow("pretranslate", "-C", str(root), "-l", "de")
    billing = translations(root, "de")["Billing"]
    assert (billing.target.render(), billing.origin) == ("Rechnungsstellung", "tm")


def test_mt_gets_each_segments_terms_and_never_sees_a_dnt_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Against a DeepL-shaped engine on loopback: the request's glossary holds the segment's terms
    and its text holds a tag where the do-not-translate product name stood."""
    monkeypatch.setenv("LOCFLOW_TEST_DEEPL", "key")
    with LoopbackMT() as server:
        engine = f'\n[mt.engines.deepl]\nengine = "deepl"\nurl = "{server.url}"\napi_key_env = "LOCFLOW_TEST_DEEPL"\n'
        root = make_project(tmp_path / "p", provider="none", extra="")
        config = root / "locflow.toml"
        config.write_text(config.read_text(encoding="utf-8").replace('provider = "none"\n', 'use = ["deepl"]\n' + engine), encoding="utf-8")
        with Project.open(root) as project:
            pretranslate(project, [Locale("de")])
    sent = [(text, call.payload.get("glossary_id")) for call in server.calls("/v2/translate") for text in call.payload["text"]]
    (masked, glossary_id) = next(item for item in sent if "accounts" in item[0])
    assert "Acme Drive" not in masked and "<x" in masked
    assert glossary_id is not None and server.glossaries[glossary_id] == "account\tKonto"
    target = translations(root, "de")["Open Acme Drive and delete your accounts."].target
    assert "Acme Drive" in target.render() and "DELETE YOUR ACCOUNTS" in target.render() and target.codes == ()


# -- [termbase] import ------------------------------------------------------------------------------


def test_a_glob_that_matches_nothing_is_a_configuration_error(tmp_path: Path):
    root = make_project(tmp_path / "p")
    (root / "glossary" / "acme.tbx").unlink()
    out = locflow("pretranslate", "-C", str(root), expect=2)
    assert "locflow.toml:9: [termbase] import: 'glossary/*.tbx' matches no file" in out


def test_glossaries_are_imported_again_when_their_bytes_change(tmp_path: Path):
    root = make_project(tmp_path / "p")
    with Project.open(root) as project:
        assert pretranslate(project).glossaries_imported == ["glossary/acme.tbx"]
        assert pretranslate(project).glossaries_imported == []
    write(root / "glossary" / "acme.tbx", PROJECT_GLOSSARY.replace("Abrechnung", "Fakturierung"))
    with Project.open(root) as project:
        assert pretranslate(project).glossaries_imported == ["glossary/acme.tbx"]
        assert project.termbase.stats().concepts == 3  # updated, not duplicated
    out = json.loads(locflow("term", "lookup", "Billing", "-C", str(root), "-l", "de", "--format", "json"))
    assert out["results"][0]["terms"][0]["target"] == "Fakturierung"


def test_the_termbase_may_live_in_its_own_database(tmp_path: Path):
    root = make_project(tmp_path / "p")
    toml = (root / "locflow.toml").read_text(encoding="utf-8")
    write(root / "locflow.toml", toml.replace("[termbase]\n", '[termbase]\nurl = "sqlite:///.locflow/terms.db"\n'))
    locflow("pretranslate", "-C", str(root), "-l", "de")
    from sqlalchemy import create_engine, inspect

    assert "tb_concept" in inspect(create_engine(f"sqlite:///{root / '.locflow/terms.db'}")).get_table_names()
    assert "tb_concept" not in inspect(create_engine(f"sqlite:///{root / '.locflow/locflow.db'}")).get_table_names()


# -- exports -------------------------------------------------------------------------------------


def _shared_xliff2_schema() -> etree.XMLSchema:
    base = SHARED / "schemas" / "xliff-2.0"
    if not base.is_dir():
        pytest.skip("../shared/schemas is not present")
    imports = {"urn:oasis:names:tc:xliff:document:2.0": "xliff_core_2.0.xsd", "urn:oasis:names:tc:xliff:matches:2.0": "matches.xsd",
               GLS: "glossary.xsd", "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd"}
    lines = "".join(f'<xs:import namespace="{ns}" schemaLocation="{base / name}"/>' for ns, name in imports.items())
    return etree.XMLSchema(etree.fromstring(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{lines}</xs:schema>'.encode()))


def test_exports_give_one_hint_per_recognised_term(tmp_path: Path):
    root = make_project(tmp_path / "p", provider="none")
    for fmt in ("xliff2", "xliff12", "po"):
        locflow("export", "-C", str(root), "-l", "de", "--format", fmt, "-o", str(tmp_path / fmt))
    (xliff2,) = (tmp_path / "xliff2").rglob("*.xlf")
    data = xliff2.read_bytes()
    assert schema_errors(xliff2_schema(), data) == []
    assert schema_errors(_shared_xliff2_schema(), data) == []
    document = etree.fromstring(data)
    entries = document.findall(f".//{{{GLS}}}glossEntry")
    for entry in entries:  # the module's rule gls2: a translation or a definition
        assert entry.find(f"{{{GLS}}}translation") is not None or entry.find(f"{{{GLS}}}definition") is not None
    by_term = {e.findtext(f"{{{GLS}}}term"): e for e in entries}
    assert by_term["account"].findtext(f"{{{GLS}}}translation") == "Konto"
    assert by_term["account"].findtext(f"{{{GLS}}}definition") == (
        "Status: preferred. The customer's login. Do not use: Account (forbidden), Benutzerkonto (deprecated).")
    assert by_term["Acme Drive"].findtext(f"{{{GLS}}}translation") == "Acme Drive"
    sentence = next(u for u in document.iter("{*}unit") if "accounts" in "".join(u.itertext()))
    assert len(sentence.findall(f".//{{{GLS}}}glossEntry")) == 2  # Acme Drive and account, once each
    (xliff12,) = (tmp_path / "xliff12").rglob("*.xlf")
    assert "Term: account -&gt; Konto [preferred]" in xliff12.read_text(encoding="utf-8")
    (po,) = (tmp_path / "po").rglob("*.po")
    assert "#. Term: Acme Drive -> Acme Drive [do not translate]" in po.read_text(encoding="utf-8")


# -- QA --------------------------------------------------------------------------------------------


def _translate(root: Path, source: str, target: str) -> None:
    with Project.open(root) as project:
        segment = next(s for s in project.store.segments() if s.source.render() == source)
        project.store.write_translations([TranslationWrite(segment.id, "de", Segment.text_only(target), State.TRANSLATED, "human:test")])


def _issues(root: Path) -> list[tuple[str, str, str]]:
    out = json.loads(locflow("qa", "-C", str(root), "-l", "de", "--format", "json", "--fail-on", "never"))
    return sorted((i["check"], i["severity"], i["message"]) for i in out["issues"] if i["check"].startswith("term-"))


SENTENCE = "Open Acme Drive and delete your accounts."


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Öffnen Sie Acme Drive und löschen Sie Ihre Konten.", []),  # an inflected form of Konto
        ("Öffnen Sie Acme Drive und löschen Sie Ihren Account.",
         [("term-forbidden", "error", "forbidden term 'Account' for 'accounts'"),
          ("term-missing", "warning", "'accounts' should be translated as 'Konto'")]),
        ("Öffnen Sie Acme Drive und löschen Sie Ihre Benutzerkonten.",
         [("term-forbidden", "warning", "deprecated term 'Benutzerkonten' for 'accounts'"),
          ("term-missing", "warning", "'accounts' should be translated as 'Konto'")]),
        ("Öffnen Sie Acme-Laufwerk und löschen Sie Ihre Konten.",
         [("term-dnt", "error", "do-not-translate term 'Acme Drive' is missing or altered")]),
    ],
)
def test_terminology_qa_from_the_projects_termbase(tmp_path: Path, target: str, expected: list[tuple[str, str, str]]):
    root = make_project(tmp_path / "p", provider="none")
    locflow("pretranslate", "-C", str(root), "-l", "de")
    _translate(root, SENTENCE, target)
    assert _issues(root) == expected


@pytest.mark.parametrize("glossary", ["acme.tbx", "acme.csv"])
def test_standalone_qa_with_a_glossary_file(tmp_path: Path, glossary: str):
    if glossary.endswith(".tbx"):
        path = write(tmp_path / glossary, PROJECT_GLOSSARY)
    else:
        path = write(tmp_path / glossary, "en,de,de:status,dnt\naccount,Konto,preferred,\naccount,Account,forbidden,\nAcme Drive,,,yes\n")
    po = write(
        tmp_path / "de.po",
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
        'msgid "Delete your account"\nmsgstr "Löschen Sie Ihren Account"\n\n'
        'msgid "Open Acme Drive"\nmsgstr "Acme-Laufwerk öffnen"\n\n'
        'msgid "Your accounts"\nmsgstr "Ihre Konten"\n',
    )
    out = json.loads(locflow("qa", str(po), "--termbase", str(path), "--format", "json", expect=1))
    found = sorted((i["unit"], i["check"]) for i in out["issues"] if i["check"].startswith("term-"))
    assert found == [("Delete your account", "term-forbidden"), ("Delete your account", "term-missing"),
                     ("Open Acme Drive", "term-dnt")]
    without = json.loads(locflow("qa", str(po), "--format", "json", "--fail-on", "never"))
    assert not [i for i in without["issues"] if i["check"].startswith("term-")]


# -- locflow term ---------------------------------------------------------------------------------


def test_term_import_export_lookup_stats(tmp_path: Path):
    root = make_project(tmp_path / "p")
    out = locflow("term", "import", str(root / "glossary" / "acme.tbx"), "-C", str(root))
    assert "3 concepts read, 3 added, 0 updated, 0 unchanged, 0 removed" in out
    hostile = write(tmp_path / "bad.tbx", BILLION_LAUGHS)
    out = locflow("term", "import", str(hostile), "-C", str(root), expect=3)
    assert f"{hostile}:3: refused" in out
    stats = json.loads(locflow("term", "stats", "-C", str(root), "--format", "json"))
    assert (stats["concepts"], stats["dnt"], stats["sources"]) == (3, 1, {"acme.tbx": 3})
    for name in ("out.tbx", "out.csv"):
        assert "3 concepts written" in locflow("term", "export", "-C", str(root), "-o", str(tmp_path / name))
        other = f"sqlite:///{tmp_path / (name + '.db')}"
        locflow("term", "import", str(tmp_path / name), "--termbase-url", other)
        again = json.loads(locflow("term", "stats", "--termbase-url", other, "--format", "json"))
        assert {k: again[k] for k in ("concepts", "terms", "dnt", "statuses")} == {
            k: stats[k] for k in ("concepts", "terms", "dnt", "statuses")}
    lookup = json.loads(locflow("term", "lookup", "Delete the accounts in Acme Drive", "-C", str(root), "-l", "de", "--format", "json"))
    terms = lookup["results"][0]["terms"]
    assert [(t["found"], t["target"], t["dnt"]) for t in terms] == [("accounts", "Konto", False), ("Acme Drive", "Acme Drive", True)]
    assert [t["text"] for t in terms[0]["forbidden"]] == ["Account"]
    text = locflow("term", "lookup", "Delete the accounts", "-C", str(root), "-l", "de")
    assert "de  accounts -> Konto [preferred]; do not use Account (forbidden), Benutzerkonto (deprecated)" in text


def test_term_extract_writes_candidates_a_terminologist_can_import(tmp_path: Path):
    root = make_project(tmp_path / "p")
    pages = {
        "a.md": "# Sync settings\n\nOpen the sync settings to choose a backup folder.\n\nThe backup folder keeps old files.\n",
        "b.md": "Change the sync settings of the backup folder.\n\nA backup folder is needed for offline files.\n",
        "c.md": "Your sync settings decide what is saved.\n\nDelete your accounts in Billing.\n",
    }
    for name, text in pages.items():
        write(root / "content" / name, text)
    locflow("extract", "-C", str(root))
    out = json.loads(locflow("term", "extract", "-C", str(root), "-o", str(tmp_path / "cand.csv"), "--format", "json"))
    ranked = [c["term"] for c in out["candidates"]]
    assert ranked[:2] == ["backup folder", "sync settings"] or ranked[:2] == ["sync settings", "backup folder"]
    assert "account" not in ranked and "billing" not in ranked  # already in the termbase
    assert not any(word in ("the", "a", "of", "your") for term in ranked for word in term.split()[:1] + term.split()[-1:])
    rows = list(csv.reader((tmp_path / "cand.csv").open(encoding="utf-8")))
    assert rows[0] == ["en", "de", "ja", "note"]
    assert rows[1][1:3] == ["", ""] and rows[1][3].startswith("seen ")
    imported = locflow("term", "import", str(tmp_path / "cand.csv"), "--termbase-url", f"sqlite:///{tmp_path / 'c.db'}")
    assert f"{len(ranked)} concepts read" in imported


def test_termbase_table_of_the_configuration(tmp_path: Path):
    from locflow.config import load_config
    from locflow.errors import ConfigError

    root = make_project(tmp_path / "p")
    config = load_config(root)
    assert (config.termbase_import, config.termbase_url) == (("glossary/*.tbx",), None)
    toml = (root / "locflow.toml").read_text(encoding="utf-8")
    write(root / "locflow.toml", toml.replace("[termbase]\n", "[termbase]\nfile = 'x.tbx'\n"))
    with pytest.raises(ConfigError, match=r"locflow.toml:9: \[termbase\] file: unknown key 'file' \(known: import, url\)"):
        load_config(root)
    write(root / "locflow.toml", toml.replace('"glossary/*.tbx"', '"../glossary/*.tbx"'))
    with pytest.raises(ConfigError, match="must be a relative path inside the project"):
        load_config(root)
