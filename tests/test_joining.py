"""Translated sentences are joined as the target script writes them.

An English paragraph of two sentences, translated sentence by sentence, must
read ``…対応しています。メール…`` in Japanese (no space after ``。``), the same in
Chinese, and keep its space in Thai and German. Every filter that writes
segments back takes its gaps from :func:`locflow.model.joining.join_gaps`; the
builds below go through the real filters of Markdown, HTML, MediaWiki and FAQ
files (and PO, and a Flutter ARB catalog).
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from content.catalog import CatalogFilter
from content.faq import FaqFilter
from content.html import HtmlFilter
from content.markdown import MarkdownFilter
from content.mediawiki import MediaWikiFilter
from content.po import PoFilter
from locflow.model import Code, CodeKind, Locale, Segment, Unit
from locflow.model.joining import ends_closed_sentence, join_gaps

EN = Locale("en")
SENTENCES = ("We support e-mail.", "Write to us at any time.")
TRANSLATED = {
    "ja": ("メールに対応しています。", "いつでもメールでお問い合わせください。"),
    "zh": ("我们支持电子邮件。", "欢迎随时来信！"),
    "th": ("เรารองรับอีเมล", "เขียนถึงเราได้ตลอดเวลา"),
    "de": ("Wir unterstützen E-Mail.", "Schreiben Sie uns jederzeit."),
}
JOINED = {
    "ja": "メールに対応しています。いつでもメールでお問い合わせください。",
    "zh": "我们支持电子邮件。欢迎随时来信！",
    "th": "เรารองรับอีเมล เขียนถึงเราได้ตลอดเวลา",  # Thai separates sentences with a space: kept
    "de": "Wir unterstützen E-Mail. Schreiben Sie uns jederzeit.",
}
PARAGRAPH = " ".join(SENTENCES)
FILES = {
    "markdown": (MarkdownFilter, "page.md", f"# Contact\n\n{PARAGRAPH}\n", "{}\n"),
    "html": (HtmlFilter, "page.html", f"<html><body><p>{PARAGRAPH}</p></body></html>", "<p>{}</p>"),
    "mediawiki": (MediaWikiFilter, "page.wiki", f"== Contact ==\n{PARAGRAPH}\n", "\n{}\n"),
    "faq": (FaqFilter, "faq.yaml", f"- question: Can I write?\n  answer: {PARAGRAPH}\n", "answer: {}\n"),
    "po": (PoFilter, "messages.po", f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{PARAGRAPH}"\nmsgstr ""\n', 'msgstr "{}"'),
    "arb": (CatalogFilter, "app_en.arb", f'{{\n  "contactText": "{PARAGRAPH}"\n}}\n', '"contactText": "{}"'),
}


def build(name: str, tag: str, which: tuple[int, ...] = (0, 1)) -> str:
    """The file ``name`` built for ``tag`` with the sentences in ``which`` translated."""
    filter_class, path, text, _ = FILES[name]
    filter_ = filter_class()
    document = filter_.extract(text.encode(), path=PurePosixPath(path), locale=EN)
    (unit,) = [unit for unit in document.units if [s.render() for s in unit.segments] == list(SENTENCES)]
    translations = {key: Segment.text_only(TRANSLATED[tag][i]) for i, key in enumerate(unit.segment_keys()) if i in which}
    return filter_.merge(document, translations, Locale(tag)).decode()


@pytest.mark.parametrize("tag", sorted(TRANSLATED))
@pytest.mark.parametrize("name", sorted(FILES))
def test_a_translated_paragraph_is_joined_as_the_target_writes(name: str, tag: str):
    built = build(name, tag)
    assert FILES[name][3].format(JOINED[tag]) in built


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_sentence_left_in_the_source_keeps_the_sources_space(name: str):
    built = build(name, "ja", which=(0,))
    assert FILES[name][3].format("メールに対応しています。 Write to us at any time.") in built


def test_line_breaks_between_sentences_are_kept():
    text = "We support e-mail.\nWrite to us at any time.\n"
    document = MarkdownFilter().extract(text.encode(), path=PurePosixPath("p.md"), locale=EN)
    translations = {key: Segment.text_only(t) for key, t in zip(document.units[0].segment_keys(), TRANSLATED["ja"])}
    built = MarkdownFilter().merge(document, translations, Locale("ja")).decode()
    assert built == "メールに対応しています。\nいつでもメールでお問い合わせください。\n"


def _closing_bold(text: str) -> Segment:
    return Segment.of(Code("1", CodeKind.OPEN, "**", "bold"), text, Code("1", CodeKind.CLOSE, "**", "bold"))


@pytest.mark.parametrize(
    ("previous", "closed"),
    [
        (Segment.text_only("対応しています。"), True),
        (Segment.text_only("「完了」と表示されます。」"), True),  # a closing bracket after the stop
        (Segment.text_only("本当ですか？"), True),
        (Segment.text_only("やった！"), True),
        (_closing_bold("対応しています。"), True),  # closing formatting after the stop
        (Segment.text_only("Wi-Fi."), False),  # a Latin stop keeps its space
        (Segment.text_only("見出し"), False),  # no stop at all
        (Segment.of("見出し", Code("1", CodeKind.STANDALONE, "<br>", "linebreak")), False),
    ],
)
def test_which_sentence_ends_take_no_space(previous: Segment, closed: bool):
    assert ends_closed_sentence(previous) is closed


def test_join_gaps_changes_only_horizontal_space_between_two_translations():
    stop, other = Segment.text_only("完了です。"), Segment.text_only("次へ。")
    ja = Locale("ja")
    assert join_gaps(("", " ", " ", ""), (stop, other, stop), ja) == ["", "", "", ""]
    assert join_gaps(("", "\u3000", "\t "), (stop, other), ja) == ["", "", "\t "]
    assert join_gaps(("", " \n ", ""), (stop, other), ja) == ["", " \n ", ""]  # a line break stays
    assert join_gaps(("", " ", ""), (stop, None), ja) == ["", " ", ""]  # the source's sentence keeps its space
    assert join_gaps(("", " ", ""), (stop, other), Locale("zh-Hant-TW")) == ["", "", ""]
    assert join_gaps(("", " ", ""), (stop, other), Locale("ko")) == ["", " ", ""]
    assert join_gaps(("", " ", ""), (stop, other), None) == ["", " ", ""]


def test_unit_render_and_joined_parts_join_for_the_locale():
    unit = Unit("k", (Segment.text_only("Done."), Segment.text_only("Next.")), ("", " ", ""))
    translations = {"k": Segment.text_only("完了です。"), "k#2": Segment.text_only("次へ。")}
    assert unit.render(translations) == "完了です。 次へ。"  # no locale: the gaps as they are
    assert unit.render(translations, Locale("ja")) == "完了です。次へ。"
    assert unit.joined_parts(translations, Locale("ja")) == ["", "完了です。", "", "次へ。", ""]
    assert unit.render({"k": Segment.text_only("Done.")}, Locale("ja")) == "Done. Next."  # nothing translated
