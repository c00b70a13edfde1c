"""The shared model: segments with codes, protection of placeholders, keys, locales."""

from __future__ import annotations

import pytest

from locflow.model import (
    Code,
    CodeIds,
    CodeKind,
    Locale,
    LocaleError,
    Segment,
    Unit,
    count_words,
    protect,
    segment_key,
    split_segment_key,
)
from locflow.model.errors import UnsafeXMLError
from locflow.model.xmlsafe import check_xml_safety

BOLD_OPEN = Code("1", CodeKind.OPEN, "**", "bold")
BOLD_CLOSE = Code("1", CodeKind.CLOSE, "**", "bold")


def protected(text: str) -> list[str]:
    return [p.data for p in protect(text, CodeIds()) if isinstance(p, Code)]


def test_segment_renders_original_characters_and_keeps_text_apart():
    segment = Segment.of("Click ", BOLD_OPEN, "Save", BOLD_CLOSE, " now.")
    assert segment.render() == "Click **Save** now."
    assert segment.text == "Click Save now."
    assert segment.codes == (BOLD_OPEN, BOLD_CLOSE)


def test_adjacent_text_parts_merge_so_equal_segments_compare_equal():
    assert Segment.of("a", "b", "", "c") == Segment.text_only("abc")
    assert Segment.of("a", "b").content_hash() == Segment.text_only("ab").content_hash()


@pytest.mark.parametrize(
    "segment",
    [
        Segment.of("Click ", BOLD_OPEN, "Save", BOLD_CLOSE, " now."),
        Segment.text_only("Literal {braces} and {{double}} and }"),
        Segment.of(Code("7", CodeKind.STANDALONE, "{name}", "placeholder"), " says hi"),
        Segment(),
    ],
)
def test_tagged_and_json_forms_round_trip(segment: Segment):
    assert Segment.from_tagged(segment.tagged(), segment.codes) == segment
    assert Segment.loads(segment.dumps()) == segment


def test_from_tagged_rejects_unknown_markers():
    with pytest.raises(ValueError, match="unknown code marker"):
        Segment.from_tagged("Hello {9/}", [])


def test_content_hash_sees_codes_not_only_text():
    plain = Segment.text_only("Save")
    bold = Segment.of(BOLD_OPEN, "Save", BOLD_CLOSE)
    assert plain.text == bold.text
    assert plain.content_hash() != bold.content_hash()


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Hello {name}, you have {count, number} messages", ["{name}", "{count, number}"]),
        ("Ship to {{ city }} via %s or %(method)s or %1$d", ["{{ city }}", "%s", "%(method)s", "%1$d"]),
        ("See https://help.example.com/a?b=1. Then mail me@example.org.", ["https://help.example.com/a?b=1", "me@example.org"]),
        ("Wiki (https://en.wikipedia.org/wiki/Foo_(bar)) here", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("{{< note >}}Hi{{< /note >}} and {% if x %}", ["{{< note >}}", "{{< /note >}}", "{% if x %}"]),
        ("Tom &amp; Jerry&nbsp;&#8212;", ["&amp;", "&nbsp;", "&#8212;"]),
        ("Save 50% of the time, 100 % sure", []),
        ("{count, plural, one {# file} other {# files}}", []),
    ],
)
def test_protect_finds_placeholders_urls_emails_and_templates(text: str, codes: list[str]):
    assert protected(text) == codes
    rebuilt = "".join(p if isinstance(p, str) else p.data for p in protect(text, CodeIds()))
    assert rebuilt == text


def test_unit_renders_gaps_and_translations():
    unit = Unit("md:1", (Segment.text_only("One."), Segment.text_only("Two.")), ("", " ", "\n"))
    assert unit.render() == "One. Two.\n"
    assert unit.render({"md:1#2": Segment.text_only("Zwei.")}) == "One. Zwei.\n"
    with pytest.raises(ValueError):
        Unit("k", (Segment.text_only("x"),), ("",))


def test_segment_keys_keep_the_first_segment_on_the_unit_key():
    assert segment_key("faq[a].answer", 0) == "faq[a].answer"
    assert segment_key("faq[a].answer", 2) == "faq[a].answer#3"
    assert split_segment_key("faq[a].answer#3") == ("faq[a].answer", 2)
    assert split_segment_key("c#sharp") == ("c#sharp", 0)


def test_locales_are_validated_and_normalized_by_babel():
    assert Locale("de_de").tag == "de-DE"
    assert Locale("zh-hans-cn").tag == "zh-Hans-CN"
    assert [l.tag for l in Locale("de-CH").fallbacks()] == ["de-CH", "de"]
    assert Locale("ar").is_rtl and not Locale("de").is_rtl
    assert Locale("ru").plural_categories == ("one", "few", "many", "other")
    assert Locale("ja").plural_count == 1
    with pytest.raises(LocaleError):
        Locale("xx-notalocale")


def test_word_counts_treat_cjk_characters_as_words():
    assert count_words("Don't sync 3.5 GB files") == 5
    assert count_words("ファイルを同期") == 7


def test_xml_guard_refuses_entity_declarations_but_allows_plain_doctypes():
    check_xml_safety(b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx/>')
    laughs = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>'
    with pytest.raises(UnsafeXMLError) as info:
        check_xml_safety(laughs, "bomb.xml")
    assert info.value.line == 3 and "bomb.xml:3" in str(info.value)
    xxe_utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'.encode("utf-16")
    with pytest.raises(UnsafeXMLError):
        check_xml_safety(xxe_utf16)
