"""locflow.toml: valid files load; every mistake names the file, the line and the key (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from locflow.config import load_config, write_default_config
from locflow.errors import ConfigError
from locflow.model import Locale

VALID = """\
[project]
source_locale = "en"
target_locales = ["de", "ja", "fr-CA"]

[[content]]
path = "content/**/*.md"

[[content]]
path = ["faq/*.yaml", "faq/*.json"]
format = "faq"
options = { answer_field = "a" }

[build]
fallback = "omit"

[tm]
fuzzy_threshold = 80
import = ["memories/*.tmx"]

[mt]
provider = "libretranslate"
url = "http://127.0.0.1:5000"

[qa]
fail_on = "warning"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "locflow.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_valid_config_loads_with_defaults(tmp_path: Path):
    config = load_config(write(tmp_path, VALID))
    assert config.source_locale == Locale("en")
    assert [str(l) for l in config.target_locales] == ["de", "ja", "fr-CA"]
    assert config.content[1].paths == ("faq/*.yaml", "faq/*.json")
    assert config.content[1].format == "faq" and config.content[1].options == {"answer_field": "a"}
    assert config.fallback == "omit" and config.fuzzy_threshold == 80
    assert config.mt_provider == "libretranslate" and config.mt_options == {"url": "http://127.0.0.1:5000"}
    assert config.qa == {"fail_on": "warning"}
    assert config.resolve_url(config.store_url) == f"sqlite:///{tmp_path.resolve()}/.locflow/locflow.db"


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('target_locales = ["de", "ja", "fr-CA"]', 'target_locales = ["de", "xx-YY"]'), 3, ["[project] target_locales", "xx-YY"]),
        (('fallback = "omit"', 'fallbak = "omit"'), 14, ["[build] fallbak", "unknown key"]),
        (('fallback = "omit"', 'fallback = "maybe"'), 14, ["[build] fallback", "source, omit, fail"]),
        (("fuzzy_threshold = 80", 'fuzzy_threshold = "high"'), 17, ["[tm] fuzzy_threshold", "expected"]),
        (('path = "content/**/*.md"', 'path = "../elsewhere/*.md"'), 6, ["[content] path", "inside the project"]),
        (("[qa]", "[qaa]"), 24, ["unknown table [qaa]"]),
        (('source_locale = "en"', 'source_locale = "de"'), 3, ["cannot also be a target"]),
    ],
)
def test_mistakes_name_file_line_and_key(tmp_path: Path, change: tuple[str, str], line: int, words: list[str]):
    write(tmp_path, VALID.replace(*change))
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert info.value.exit_code == 2
    assert message.startswith(f"{tmp_path.resolve() / 'locflow.toml'}:{line}:"), message
    for word in words:
        assert word in message


def test_missing_config_and_bad_toml(tmp_path: Path):
    with pytest.raises(ConfigError, match="locflow init"):
        load_config(tmp_path)
    write(tmp_path, "[project\nsource_locale = 'en'\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_default_config_written_by_init_is_valid(tmp_path: Path):
    write_default_config(tmp_path, Locale("en"), [Locale("de"), Locale("ja")], ["docs/**/*.md"])
    config = load_config(tmp_path)
    assert config.content[0].paths == ("docs/**/*.md",)
    with pytest.raises(ConfigError, match="already exists"):
        write_default_config(tmp_path, Locale("en"), [Locale("de")], [])


def test_locales_subset_must_be_target_locales(tmp_path: Path):
    config = load_config(write(tmp_path, VALID))
    assert config.locales(["ja"]) == (Locale("ja"),)
    with pytest.raises(ConfigError, match="not a target locale"):
        config.locales(["es"])
