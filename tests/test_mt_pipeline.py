"""MT in a project: [mt] configuration, pretranslate with several engines on loopback (routes,
masking reported, characters per engine and locale, the cache across runs, a failing engine
exiting 4 with the work kept, refused answers recorded), and the mt / privacy / tm scrub commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from locflow.config import load_config
from locflow.errors import ConfigError
from locflow.model import Locale, Segment
from locflow.project import Project
from locflow.store.schema import mt_rejections, translations
from tests.cli_support import locflow
from tests.mt_server import LoopbackMT

KEY = "s3cret-deepl-key"
PAGE = """\
# Contact support

Call +1 555 0100 if your router does not restart.

Write to jane.doe@example.com and quote ticket TCK-123456.

Dear Jane Doe, your refund was sent to DE89 3704 0044 0532 0130 00.

Open the settings page and choose **Backup** to start.

Open the settings page and choose **Backup** to start.
"""


def make_project(tmp_path: Path, mt: str) -> Path:
    root = tmp_path / "help"
    (root / "content").mkdir(parents=True)
    (root / "content" / "contact.md").write_text(PAGE, encoding="utf-8")
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en-US"\ntarget_locales = ["de", "ja"]\n\n'
        '[[content]]\npath = "content/*.md"\n\n' + mt,
        encoding="utf-8",
    )
    return root


def engines_config(deepl: str, llm: str, extra: str = "") -> str:
    return f"""[mt]
use = ["deepl"]
{extra}
[mt.engines.deepl]
engine = "deepl"
url = "{deepl}"
api_key_env = "LOCFLOW_TEST_DEEPL"
retries = 0

[mt.engines.llm]
engine = "openai"
url = "{llm}/v1"
model = "support-7b"

[mt.routes]
ja = "llm"

[mt.privacy]
patterns = {{ ticket = 'TCK-\\d{{6}}' }}
names = ["Jane Doe"]
"""


PERSONAL = ("555 0100", "jane.doe@example.com", "TCK-123456", "Jane Doe", "DE89 3704")


@pytest.fixture(autouse=True)
def _deepl_key(monkeypatch):
    monkeypatch.setenv("LOCFLOW_TEST_DEEPL", KEY)


def test_several_engines_routes_masking_and_the_cache(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    with LoopbackMT() as deepl, LoopbackMT() as llm:
        root = make_project(tmp_path, engines_config(deepl.url, llm.url))
        locflow("extract", "-C", str(root))
        report = json.loads(locflow("-v", "pretranslate", "-C", str(root), "--format", "json"))
        text = locflow("mt", "cache", "stats", "-C", str(root))
        with Project.open(root) as project, project.store.transaction() as conn:
            conn.execute(delete(translations))
        again = json.loads(locflow("pretranslate", "-C", str(root), "--format", "json"))
    de, ja = report["de"], report["ja"]
    assert de["mt"] == 6 and ja["mt"] == 6 and de["left"] == 0
    assert de["mt_run"]["masked"] == {"iban": 1, "name": 1, "phone": 1, "email": 1, "ticket": 1}
    assert set(de["mt_run"]["engines"]) == {"deepl"} and set(ja["mt_run"]["engines"]) == {"llm"}
    sent = [t for r in deepl.calls("/v2/translate") for t in r.payload["text"]]
    assert len(sent) == 5, "the repeated paragraph is sent once"
    assert de["mt_run"]["engines"]["deepl"]["characters"] == sum(map(len, sent))
    assert all(r.headers["Authorization"] == f"DeepL-Auth-Key {KEY}" for r in deepl.calls("/v2/translate"))
    for server in (deepl, llm):
        for request in server.requests:
            body = json.dumps(request.payload)
            assert not any(p in body for p in PERSONAL), body
    assert "deepl" in text and "en-US -> de" in text
    assert again["de"]["mt"] == 6 and again["de"]["mt_run"]["engines"]["deepl"] == {
        "requests": 0, "characters": 0, "translated": 6, "cached": 6
    }
    assert len(deepl.calls("/v2/translate")) == 1 and len(llm.calls("/chat/completions")) == 1, "the second run sent nothing"
    with Project.open(root) as project:
        stored = {t.target.render() for t in project.store.translations("de").values()}
    assert "CALL +1 555 0100 IF YOUR ROUTER DOES NOT RESTART. (de)" in stored
    store_bytes = b"".join(p.read_bytes() for p in (root / ".locflow").glob("*"))
    assert KEY.encode() not in store_bytes and KEY not in caplog.text


def test_a_failing_engine_keeps_what_it_translated_and_exits_4(tmp_path: Path):
    with LoopbackMT(fail_after=1) as deepl:
        root = make_project(tmp_path, engines_config(deepl.url, "http://127.0.0.1:9", 'concurrency = 1\n').replace(
            'retries = 0', 'retries = 0\nbatch_size = 2'))
        locflow("extract", "-C", str(root))
        output = locflow("pretranslate", "-C", str(root), "-l", "de", expect=4)
    assert "503" in output and "4 segments left untranslated: content/contact.md#" in output
    assert "what was translated before the failure is saved" in output
    with Project.open(root) as project:
        assert sum(t.state == "mt" for t in project.store.translations("de").values()) == 2


def _findings(root: Path, check: str) -> list[dict]:
    report = json.loads(locflow("qa", "-C", str(root), "-l", "de", "--format", "json", expect=(0, 1)))
    return [issue for issue in report["issues"] if issue["check"] == check]


def test_refused_answers_are_recorded_listed_reported_by_qa_and_cleared(tmp_path: Path):
    with LoopbackMT(mangle=lambda text: text.replace("</g>", "")) as deepl:
        root = make_project(tmp_path, engines_config(deepl.url, "http://127.0.0.1:9"))
        locflow("extract", "-C", str(root))
        report = json.loads(locflow("pretranslate", "-C", str(root), "-l", "de", "--format", "json"))
        listed = json.loads(locflow("mt", "rejected", "-C", str(root), "--format", "json"))["rejected"]
        refused = _findings(root, "mt-refused")
        deepl.mangle = None
        locflow("mt", "cache", "clear", "-C", str(root))
        locflow("pretranslate", "-C", str(root), "-l", "de")
        assert _findings(root, "mt-refused") == [], "a translated segment has nothing refused to report"
    assert [(f["file"], f["locale"], f["severity"]) for f in refused] == [("content/contact.md", "de", "warning")] * 2
    assert all("refused" in f["message"] and "deepl: token-moved" in f["message"] for f in refused)
    assert report["de"]["mt_rejected"] == 2 and report["de"]["mt"] == 4 and report["de"]["left"] == 2
    assert report["de"]["mt_run"]["rejected"] == {"token-moved": 2}, "the repeated paragraph counts twice"
    assert [(r["document"], r["locale"], r["engine"], r["reason"]) for r in listed] == [
        ("content/contact.md", "de", "deepl", "token-moved")
    ] * 2
    with Project.open(root) as project, project.store.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(mt_rejections)).scalar_one() == 0
        assert len(project.store.translations("de")) == 6


def test_mt_engines_translate_and_cache_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with LoopbackMT() as deepl:
        root = make_project(tmp_path, engines_config(deepl.url, "http://127.0.0.1:9"))
        listed = json.loads(locflow("mt", "engines", "-C", str(root), "--format", "json"))["engines"]
        trial = json.loads(locflow("mt", "translate", "Ring +1 555 0100, Jane Doe.", "-l", "de", "-C", str(root), "--format", "json"))
        cached = json.loads(locflow("mt", "translate", "Ring +1 555 0199, Jane Doe.", "-l", "de", "-C", str(root), "--format", "json"))
        monkeypatch.delenv("LOCFLOW_TEST_DEEPL")
        missing = locflow("mt", "engines", "-C", str(root))
        stats = json.loads(locflow("mt", "cache", "stats", "-C", str(root), "--format", "json"))["cache"]
        cleared = locflow("mt", "cache", "clear", "-C", str(root), "--engine", "deepl")
    assert [(e["name"], e["engine"], e["locales"], e["configured"]) for e in listed] == [
        ("deepl", "deepl", ["de"], True), ("llm", "openai", ["ja"], True)
    ]
    assert trial["sent"] == 'Ring <x id="p1"/>, <x id="p2"/>.' and trial["masked"] == {"phone": 1, "name": 1}
    assert trial["target"] == "RING +1 555 0100, Jane Doe. (de)" and trial["engine"] == "deepl" and not trial["cached"]
    assert cached["target"] == "RING +1 555 0199, Jane Doe. (de)" and cached["cached"]
    assert "$LOCFLOW_TEST_DEEPL is not set" in missing and KEY not in missing
    assert stats == [{"engine": "deepl", "source_locale": "en-US", "target_locale": "de", "entries": 1,
                      "characters": len(trial["sent"]), "hits": 1}]
    assert "1 cached answers deleted" in cleared


def test_the_one_engine_form_still_works_and_fails_with_4(tmp_path: Path):
    with LoopbackMT() as server:
        root = make_project(tmp_path, f'[mt]\nprovider = "libretranslate"\nurl = "{server.url}"\n')
        locflow("extract", "-C", str(root))
        report = json.loads(locflow("pretranslate", "-C", str(root), "--format", "json"))
    assert report["de"]["mt"] == 6 and set(report["de"]["mt_run"]["engines"]) == {"libretranslate"}
    assert load_config(root).mt_provider == "libretranslate"


def test_the_budget_leaves_segments_and_says_so(tmp_path: Path):
    with LoopbackMT() as deepl, LoopbackMT() as llm:
        root = make_project(tmp_path, engines_config(deepl.url, llm.url, "max_chars = 100"))
        locflow("extract", "-C", str(root))
        output = locflow("pretranslate", "-C", str(root))
    assert "left untranslated (budget)" in output
    sent = [t for r in deepl.calls("/v2/translate") for t in r.payload["text"]]
    assert sum(map(len, sent)) <= 100


# -- configuration mistakes name file, line and key ----------------------------------------------
@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('engine = "deepl"', 'engine = "babelfish"'), 12, ["[mt.engines.deepl] engine", "unknown MT provider 'babelfish'"]),
        (("retries = 0", "retries = 0\ncolour = 1"), 11, ["[mt.engines.deepl]", "unknown option(s) colour"]),
        (('use = ["deepl"]', 'use = ["deepl", "lt"]'), 9, ["[mt] use", "no engine 'lt'"]),
        (('ja = "llm"', 'ko = "llm"'), 23, ["[mt.routes] ko", "not a target locale"]),
        (("TCK-\\d{6}", "TCK-(\\d{6}"), 26, ["[mt.privacy] patterns", "not a valid regular expression"]),
        (('use = ["deepl"]', 'use = ["deepl"]\nprovider = "pseudo"'), 10, ["[mt] provider", "not both"]),
        (('use = ["deepl"]', 'use = ["deepl"]\nmax_chars = -5'), 10, ["[mt] max_chars"]),
        (('use = ["deepl"]', 'use = ["deepl"]\nspeed = 9'), 10, ["[mt] speed", "unknown key"]),
        (('names = ["Jane Doe"]', 'names = ["Jane Doe"]\ndetectors = ["presidio"]'), 28, ["[mt.privacy] detectors", "'presidio'"]),
        (("retries = 0", 'retries = 0\napi_key = "k-123"'), 16, ["[mt.engines.deepl]", "api_key_env"]),
    ],
)
def test_mt_config_mistakes(tmp_path: Path, change: tuple[str, str], line: int, words: list[str]):
    root = make_project(tmp_path, engines_config("http://127.0.0.1:1", "http://127.0.0.1:2").replace(*change))
    with pytest.raises(ConfigError) as info:
        load_config(root)
    message = str(info.value)
    assert message.startswith(f"{root.resolve() / 'locflow.toml'}:{line}:"), message
    for word in words:
        assert word in message, message
    assert "k-123" not in message


def test_mt_config_values(tmp_path: Path):
    config = load_config(make_project(tmp_path, engines_config("http://127.0.0.1:1", "http://127.0.0.1:2", "max_chars = 5000")))
    mt = config.mt
    assert list(mt.engines) == ["deepl", "llm"] and mt.use == ("deepl",) and mt.max_chars == 5000
    assert mt.chain(Locale("ja")) == ("llm",) and mt.chain(Locale("de")) == ("deepl",)
    assert mt.privacy.patterns == {"ticket": r"TCK-\d{6}"} and mt.privacy.names == ("Jane Doe",)
    assert config.mt_provider == "" and mt.engines["deepl"].options["api_key_env"] == "LOCFLOW_TEST_DEEPL"


# -- privacy scan and tm scrub --------------------------------------------------------------------
def _remember(root: Path) -> None:
    from tm import TMEntry

    with Project.open(root) as project:
        project.tm.add(
            [
                TMEntry(Segment.text_only("Call +1 555 0100 today."), Segment.text_only("Rufen Sie +1 555 0100 heute an."),
                        Locale("en-US"), Locale("de"), meta={"notes": ["asked by jane.doe@example.com"]}),
                TMEntry(Segment.text_only("Restart the router."), Segment.text_only("Starten Sie den Router neu."),
                        Locale("en-US"), Locale("de")),
            ],
            origin="test",
        )


def test_privacy_scan_lists_sources_and_tm_without_the_data(tmp_path: Path):
    root = make_project(tmp_path, engines_config("http://127.0.0.1:1", "http://127.0.0.1:2"))
    locflow("extract", "-C", str(root))
    _remember(root)
    report = json.loads(locflow("privacy", "scan", "-C", str(root), "--format", "json"))
    text = locflow("privacy", "scan", "-C", str(root))
    sources = {(f["document"], f["kind"]) for f in report["findings"] if f["where"] == "source"}
    assert sources == {("content/contact.md", k) for k in ("phone", "email", "ticket", "name", "iban")}
    tm_found = sorted((f["key"], f["locale"], f["kind"]) for f in report["findings"] if f["where"] == "tm")
    assert tm_found == [("source", "en-US", "phone"), ("target", "de", "phone")]
    assert report["summary"]["tm_units_scanned"] == 2 and report["summary"]["segments_scanned"] == 6
    assert not any(p in text for p in PERSONAL) and "content/contact.md" in text


def test_tm_scrub_masks_or_deletes_units_with_personal_data(tmp_path: Path):
    root = make_project(tmp_path, engines_config("http://127.0.0.1:1", "http://127.0.0.1:2"))
    _remember(root)
    dry = json.loads(locflow("tm", "scrub", "--dry-run", "-C", str(root), "--format", "json"))
    assert dry == {"mode": "mask", "dry_run": True, "scanned": 2, "rewritten": 1, "deleted": 0, "by_kind": {"email": 1, "phone": 2}}
    masked = json.loads(locflow("tm", "scrub", "-C", str(root), "--format", "json"))
    assert masked["rewritten"] == 1
    found = locflow("tm", "lookup", "Call [phone] today.", "-l", "de", "--source-locale", "en-US", "-C", str(root))
    assert "Rufen Sie [phone] heute an." in found and "555" not in found
    exported = tmp_path / "out.tmx"
    locflow("tm", "export", "-o", str(exported), "-C", str(root))
    assert "555 0100" not in exported.read_text(encoding="utf-8") and "jane.doe" not in exported.read_text(encoding="utf-8")
    assert json.loads(locflow("privacy", "scan", "-C", str(root), "--format", "json"))["summary"]["tm"] == 0
    _remember(root)
    deleted = json.loads(locflow("tm", "scrub", "--delete", "-C", str(root), "--format", "json"))
    assert deleted["deleted"] == 1 and deleted["rewritten"] == 0
    stats = json.loads(locflow("tm", "stats", "-C", str(root), "--format", "json"))
    assert stats["units"] == 2  # the masked unit and the clean one; the new unit with a phone is gone
    missing = locflow("tm", "lookup", "Call +1 555 0100 today.", "-l", "de", "--source-locale", "en-US", "-C", str(root))
    assert "555 0100" not in missing.split("\n", 1)[-1]
