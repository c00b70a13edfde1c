"""The SRX engine and locflow's default segmentation rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.base import build_unit
from content.segment import (
    Rule,
    Segmenter,
    get_segmenter,
    java_to_python,
    sentence_breaks,
)
from locflow.model import Code, CodeKind, Locale
from locflow.model.errors import MalformedFileError, UnsafeXMLError
from tests.shared_corpus import find_shared

CODE = "\ufffc"


def split(text: str, language: str) -> list[str]:
    return [s.strip() for s in get_segmenter().split(text, language) if s.strip()]


# -- default rules, language by language ------------------------------------------------------

CASES = [
    ("en", "Open Settings and tap Privacy. Turn on Location Services! Does it work? Contact support.",
     ["Open Settings and tap Privacy.", "Turn on Location Services!", "Does it work?", "Contact support."]),
    ("en", "Mr. Smith and Dr. J. Jones approved it, e.g. the refund of $3.50 on Jan. 5. See p. 12 for details.",
     ["Mr. Smith and Dr. J. Jones approved it, e.g. the refund of $3.50 on Jan. 5.", "See p. 12 for details."]),
    ("en", "Use version 2.5 or later, i.e. the current release. Visit www.example.com. Then sign in.",
     ["Use version 2.5 or later, i.e. the current release.", "Visit www.example.com.", "Then sign in."]),
    ("en", 'He said "Restart the app." Then it worked (mostly). Wait... it failed again. Call us at 5 p.m. Tomorrow works too.',
     ['He said "Restart the app."', "Then it worked (mostly).", "Wait... it failed again.", "Call us at 5 p.m.", "Tomorrow works too."]),
    ("en", "Write to jane.doe@example.com. We answer within 24 hours, vs. 48 hours before. No. 5 is next.",
     ["Write to jane.doe@example.com.", "We answer within 24 hours, vs. 48 hours before.", "No. 5 is next."]),
    ("de", "Klicken Sie z.B. auf Speichern. Das gilt bzw. gilt nicht. Am 1. Januar 2025 beginnt es. Der 3. Schritt ist wichtig.",
     ["Klicken Sie z.B. auf Speichern.", "Das gilt bzw. gilt nicht.", "Am 1. Januar 2025 beginnt es.", "Der 3. Schritt ist wichtig."]),
    ("de", "Öffnen Sie d. h. die Einstellungen, ggf. auch die App. Siehe S. 12 und Nr. 4. Fotos, Videos usw. sind erlaubt. Fertig!",
     ["Öffnen Sie d. h. die Einstellungen, ggf. auch die App.", "Siehe S. 12 und Nr. 4.", "Fotos, Videos usw. sind erlaubt.", "Fertig!"]),
    ("fr", "M. Dupont a validé la demande. Voir p. ex. la page 3. Cliquez sur « Enregistrer ». Attention\u00a0! Ça marche.",
     ["M. Dupont a validé la demande.", "Voir p. ex. la page 3.", "Cliquez sur « Enregistrer ».", "Attention\u00a0!", "Ça marche."]),
    ("es", "¿Dónde está el Sr. García? No lo sé. La Sra. López llegó a las 5. Véase pág. 4. ¡Gracias! Adiós.",
     ["¿Dónde está el Sr. García?", "No lo sé.", "La Sra. López llegó a las 5.", "Véase pág. 4.", "¡Gracias!", "Adiós."]),
    ("it", "Il Sig. Rossi è arrivato. Vedi pag. 5, ecc. per i dettagli. Gent. Cliente, grazie. Fine.",
     ["Il Sig. Rossi è arrivato.", "Vedi pag. 5, ecc. per i dettagli.", "Gent. Cliente, grazie.", "Fine."]),
    ("pt", "O Sr. Silva chegou. Veja p. ex. a pág. 3. Obrigado! Até logo.",
     ["O Sr. Silva chegou.", "Veja p. ex. a pág. 3.", "Obrigado!", "Até logo."]),
    ("nl", "Klik bijv. op Opslaan. Dat is d.w.z. klaar. Dhr. Jansen belt. Zie blz. 4. Klaar.",
     ["Klik bijv. op Opslaan.", "Dat is d.w.z. klaar.", "Dhr. Jansen belt.", "Zie blz. 4.", "Klaar."]),
    ("ja", "設定を開きます。次に保存をクリックします！完了ですか？「よし。」と言いました。",
     ["設定を開きます。", "次に保存をクリックします！", "完了ですか？", "「よし。」と言いました。"]),
    ("zh", "打开设置。然后点击保存！完成了吗？是的。", ["打开设置。", "然后点击保存！", "完成了吗？", "是的。"]),
    ("ko", "설정을 엽니다. 그런 다음 저장을 누릅니다! 완료되었습니까? 네.",
     ["설정을 엽니다.", "그런 다음 저장을 누릅니다!", "완료되었습니까?", "네."]),
]


@pytest.mark.parametrize("language, text, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_default_rules(language, text, expected):
    assert split(text, language) == expected


def test_regional_tags_use_the_language_rules():
    assert split("Klicken Sie z.B. hier. Danke.", "de-CH") == ["Klicken Sie z.B. hier.", "Danke."]
    assert split("Unknown language. Still splits.", "sw") == ["Unknown language.", "Still splits."]


def test_urls_and_numbers_are_never_split():
    text = "Go to https://example.com/a.b.c?x=1.2 now. Version 10.4.1 fixed it."
    assert split(text, "en") == ["Go to https://example.com/a.b.c?x=1.2 now.", "Version 10.4.1 fixed it."]


# -- codes (U+FFFC) -----------------------------------------------------------------------------


def test_codes_around_a_break():
    text = f"Click {CODE}Save{CODE}. {CODE}Then{CODE} close it."
    assert sentence_breaks(text, Locale("en")) == [len(f"Click {CODE}Save{CODE}. ")]


def test_closing_codes_stay_with_their_sentence_when_kinds_are_known():
    text = f"{CODE}保存します。{CODE}次に進みます。"
    assert sentence_breaks(text, Locale("ja")) == [len(f"{CODE}保存します。")]
    kinds = [CodeKind.OPEN, CodeKind.CLOSE]
    assert sentence_breaks(text, Locale("ja"), kinds) == [len(f"{CODE}保存します。{CODE}")]


def test_build_unit_splits_around_bold_in_japanese_and_english():
    bold_open, bold_close = Code("1", CodeKind.OPEN, "**", "bold"), Code("1", CodeKind.CLOSE, "**", "bold")
    unit = build_unit("k", [bold_open, "保存します。", bold_close, "次に進みます。"], Locale("ja"))
    assert [s.tagged() for s in unit.segments] == ["{1}保存します。{/1}", "次に進みます。"]
    unit = build_unit("k", ["First one. ", bold_open, "Second", bold_close, " one."], Locale("en"))
    assert [s.tagged() for s in unit.segments] == ["First one.", "{1}Second{/1} one."]


def test_a_code_alone_does_not_start_a_sentence():
    assert split(f"Run it. {CODE} does the rest.", "en") == [f"Run it. {CODE} does the rest."]


# -- reading SRX -------------------------------------------------------------------------------------

CUSTOM = Path(__file__).parent / "data" / "srx" / "custom.srx"


def test_custom_file_cascade_and_maps():
    segmenter = Segmenter.from_path(CUSTOM)
    assert segmenter.header.cascade is False
    assert segmenter.rule_names("en-GB") == ("English",)
    assert segmenter.rule_names("fr") == ("Fallback",)
    assert segmenter.split("Call Dr. Who now. Or later; fine.", "en") == ["Call Dr. Who now. ", "Or later; fine."]
    assert segmenter.split("Call Dr. Who now; or later.", "fr") == ["Call Dr. ", "Who now; ", "or later."]


def test_custom_file_format_handles():
    segmenter = Segmenter.from_path(CUSTOM)
    assert (segmenter.header.include_start, segmenter.header.include_end, segmenter.header.include_isolated) == (
        True,
        False,
        True,
    )
    text = f"One. {CODE}{CODE}Two."
    assert segmenter.breaks(text, "en") == [7]  # kinds unknown: isolated codes, included before the break
    assert segmenter.breaks(text, "en", codes=["close", "open"]) == [5]  # closing code excluded, stays after
    assert segmenter.breaks(text, "en", codes=["open", "close"]) == [6]  # opening code included before


def test_get_segmenter_reads_and_caches_a_project_file():
    assert get_segmenter(CUSTOM) is get_segmenter(CUSTOM)
    assert get_segmenter(CUSTOM) is not get_segmenter()
    assert get_segmenter(CUSTOM).rule_names("en") == ("English",)


def _srx(body: str, header: str = '<header cascade="yes"/>') -> bytes:
    return (
        '<?xml version="1.0"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0">'
        f"{header}<body><languagerules>{body}</languagerules><maprules>"
        '<languagemap languagepattern=".*" languagerulename="R"/></maprules></body></srx>'
    ).encode()


def _rules(*rules: tuple[str, str, str]) -> bytes:
    inner = "".join(
        f'<rule break="{b}"><beforebreak>{before}</beforebreak><afterbreak>{after}</afterbreak></rule>'
        for b, before, after in rules
    )
    return _srx(f'<languagerule languagerulename="R">{inner}</languagerule>')


def test_first_matching_rule_wins():
    data = _rules(("no", r"\bNo\.\s", ""), ("yes", r"\.\s", ""))
    assert Segmenter.from_bytes(data).split("Say No. Then go. Done.", "en") == ["Say No. Then go. ", "Done."]
    data = _rules(("yes", r"\.\s", ""), ("no", r"\bNo\.\s", ""))
    assert Segmenter.from_bytes(data).split("Say No. Then.", "en") == ["Say No. ", "Then."]


def test_java_regex_constructs():
    data = _rules(("no", r"\b(?i)mr\.\s", ""), ("yes", r"\Q.\E\s", r"\p{Lu}"))
    assert Segmenter.from_bytes(data).split("MR. Smith came. Bye.", "en") == ["MR. Smith came. ", "Bye."]
    assert java_to_python(r"a(?i)b|c") == r"a(?i:b)|(?i:c)"
    assert java_to_python(r"[\p{L}&&[^aeiou]]x*+") == r"[\p{L}&&[^aeiou]]x*+"
    assert java_to_python(r"[a[bc]]\p{Punct}\x{1F600}\0101") == r"[abc][!-/:-@\[-`{-~]\U0001f600\x41"
    assert java_to_python(r"\s\w", java_classes=True) == r"[ \t\n\x0B\f\r][a-zA-Z_0-9]"


def test_java_whitespace_is_ascii_only_when_the_file_says_so():
    java = _srx(
        '<languagerule languagerulename="R"><rule break="yes"><beforebreak>\\.\\s</beforebreak></rule></languagerule>',
        header='<header cascade="yes"><okpsrx:options xmlns:okpsrx="http://okapi.sf.net/srx-extensions" useJavaRegex="yes"/></header>',
    )
    assert Segmenter.from_bytes(java).split("One.\u00a0Two. Three", "en") == ["One.\u00a0Two. ", "Three"]
    icu = _rules(("yes", r"\.\s", ""))
    assert Segmenter.from_bytes(icu).split("One.\u00a0Two. Three", "en") == ["One.\u00a0", "Two. ", "Three"]


def test_unsupported_rules_are_reported_and_skipped():
    segmenter = Segmenter.from_bytes(_rules(("no", r"\Gx", ""), ("yes", r"\.\s", "")))
    assert [str(e) for e in segmenter.errors] == ["R rule 1: \\G is not supported"]
    assert segmenter.split("A. B.", "en") == ["A. ", "B."]


def test_hostile_and_malformed_srx_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE srx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><srx>&b;</srx>'
    with pytest.raises(UnsafeXMLError):
        Segmenter.from_bytes(bomb, path="bomb.srx")
    with pytest.raises(MalformedFileError, match=r"broken.srx:3: not well-formed"):
        Segmenter.from_bytes(b'<?xml version="1.0"?>\n<srx>\n<body></srx>', path="broken.srx")
    with pytest.raises(MalformedFileError, match="not an SRX file"):
        Segmenter.from_bytes(b"<tmx/>", path="other.xml")
    with pytest.raises(MalformedFileError, match="unknown languagerule"):
        Segmenter.from_bytes(_srx(""), path="nomap.srx")


def test_the_default_rules_compile_cleanly():
    segmenter = get_segmenter()
    assert segmenter.errors == []
    assert set(segmenter.language_rules) >= {"English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Japanese"}
    assert isinstance(segmenter.language_rules["English"][0], Rule)


# -- SRX files written by other tools ----------------------------------------------------------------------



SHARED = find_shared()
CORPUS_SRX = {
    "okapi": "srx/okapi/deployment/shared/config/defaultSegmentation.srx",
    "omegat": "srx/omegat/src/main/resources/org/omegat/core/segmentation/defaultRules.srx",
    "languagetool": "srx/languagetool-via-bminixhofer-srx/data/segment.srx",
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_SRX))
def test_corpus_srx_files_load_without_errors(name):
    if SHARED is None:
        pytest.skip("shared corpus not available")
    segmenter = Segmenter.from_path(SHARED / "corpus" / CORPUS_SRX[name])
    assert segmenter.errors == []
    sentences = segmenter.split("Mr. Holmes is from the U.K. Is Dr. Watson from there too? Yes. Done.", "en")
    assert sentences[0].startswith("Mr. Holmes") and sentences[-1].strip() == "Done."


@pytest.mark.corpus
def test_every_srx_file_in_the_corpus_reads():
    if SHARED is None:
        pytest.skip("shared corpus not available")
    paths = sorted((SHARED / "corpus" / "srx").rglob("*.srx"))
    assert len(paths) >= 10
    for path in paths:
        segmenter = Segmenter.from_path(path)
        assert segmenter.language_rules, path
        segmenter.split("One sentence. Another one.", "en")
