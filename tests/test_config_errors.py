"""Honest errors: every mistake in the configuration or a file's locale names file, line and key,
says what was meant where it can tell, and exits 2 when the project is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import copy_example, locflow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def _edit(root: Path, old: str, new: str) -> None:
    config = root / "locflow.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, needle: str, occurrence: int = 1) -> int:
    lines = (root / "locflow.toml").read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if needle in line][occurrence - 1]


def test_a_country_code_for_a_language_gets_a_suggestion(project: Path):
    _edit(project, 'target_locales = ["de", "ja", "fr"]', 'target_locales = ["de", "jp", "fr"]')
    out = locflow("status", "-C", str(project), expect=2)
    assert f"locflow.toml:{_line_of(project, 'target_locales')}: [project] target_locales: unknown locale 'jp'; did you mean 'ja'?" in out


def test_an_unknown_locale_is_named_once(project: Path):
    _edit(project, 'target_locales = ["de", "ja", "fr"]', 'target_locales = ["de", "xx-Klingon"]')
    out = locflow("status", "-C", str(project), expect=2)
    assert "unknown locale 'xx-Klingon'" in out and out.count("Klingon") == 1 and "KLINGON" not in out


def test_a_target_locale_listed_twice_is_an_error(project: Path):
    _edit(project, 'target_locales = ["de", "ja", "fr"]', 'target_locales = ["de", "ja", "de"]')
    out = locflow("status", "-C", str(project), expect=2)
    assert "[project] target_locales: de listed more than once" in out


def test_an_unknown_format_or_filter_option_names_its_content_entry(project: Path):
    _edit(project, 'path = "content/faq/*.yaml"\nformat = "faq"', 'path = "content/faq/*.yaml"\nformat = "faqs"')
    out = locflow("extract", "-C", str(project), expect=2)
    line = _line_of(project, "faqs")
    assert f"locflow.toml:{line}: [content] format: unknown format 'faqs'" in out
    _edit(project, 'format = "faqs"', 'format = "faq"\noptions = { segmnet = true }')
    out = locflow("status", "-C", str(project), expect=2)
    assert f"locflow.toml:{_line_of(project, 'segmnet')}: [content] options: unknown option(s) segmnet for format 'faq'" in out


def test_an_unknown_key_in_the_third_content_entry_points_at_it(project: Path):
    _edit(project, 'path = "content/manuals/*.dita"', 'path = "content/manuals/*.dita"\nformt = "dita"')
    out = locflow("status", "-C", str(project), expect=2)
    assert f"locflow.toml:{_line_of(project, 'formt')}: [content] formt: unknown key 'formt'" in out


def test_a_file_in_an_unknown_language_says_so(project: Path, tmp_path: Path):
    locflow("extract", "-C", str(project))
    xlf = tmp_path / "klingon.xlf"
    xlf.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="content/articles/faq.md" source-language="en" target-language="klingon" datatype="plaintext"><body>\n'
        '<trans-unit id="md:h1"><source>Frequently asked questions</source><target>Qu\'</target></trans-unit>\n'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    out = locflow("import", "-C", str(project), str(xlf), expect=2)
    assert f"{xlf}:4: the file's target language 'klingon' is not a locale; give one with -l" in out
    xlf.write_text(xlf.read_text(encoding="utf-8").replace('"klingon"', '"jp"'), encoding="utf-8")
    assert "(did you mean 'ja'?)" in locflow("import", "-C", str(project), str(xlf), expect=2)


def test_a_content_glob_that_matches_nothing_is_not_silent(project: Path):
    _edit(project, 'path = "content/wiki/*.wiki"', 'path = "content/wikis/*.wiki"')
    out = locflow("extract", "-C", str(project))
    assert "warning: [[content]] path 'content/wikis/*.wiki' matches no file" in out
    line = _line_of(project, "content/wikis")
    assert f"locflow.toml:{line}: [[content]] path matches no file: content/wikis/*.wiki" in locflow("extract", "-C", str(project), "--strict", expect=2)


def test_a_tm_import_glob_that_matches_nothing_is_not_silent(project: Path):
    _edit(project, "fuzzy_threshold = 75", 'fuzzy_threshold = 75\nimport = ["memories/*.tmx"]')
    locflow("extract", "-C", str(project))
    out = locflow("pretranslate", "-C", str(project), "-l", "de")
    line = _line_of(project, "memories/*.tmx")
    assert f"warning: locflow.toml:{line}: [tm] import 'memories/*.tmx' matches no file" in out
    (project / "memories").mkdir()
    (project / "memories" / "old.tmx").write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"'
        ' o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    assert "matches no file" not in locflow("pretranslate", "-C", str(project), "-l", "de")


def test_run_refuses_a_project_whose_globs_match_nothing(tmp_path: Path):
    root = tmp_path / "new"
    locflow("init", str(root), "--target-locales", "de")
    out = locflow("run", "-C", str(root), expect=2)
    assert "no [[content]] path matches any file: content/**/*.md" in out
    assert "0 new" in locflow("extract", "-C", str(root))  # extract alone warns and carries on


def test_an_inline_api_key_points_to_api_key_env_and_an_unknown_provider_fails_at_load(project: Path):
    _edit(project, 'provider = "pseudo"', 'provider = "libretranslate"\nurl = "http://127.0.0.1:9"\napi_key = "s3cret"')
    out = locflow("status", "-C", str(project), expect=2)
    assert f"locflow.toml:{_line_of(project, 'api_key')}:" in out and "api_key_env" in out and "s3cret" not in out
    _edit(project, 'provider = "libretranslate"\nurl = "http://127.0.0.1:9"\napi_key = "s3cret"', 'provider = "deepll"')
    out = locflow("status", "-C", str(project), expect=2)  # at load time, not when pretranslate needs it
    assert f"locflow.toml:{_line_of(project, 'deepll')}:" in out and "deepll" in out and "deepl" in out.replace("deepll", "")
