"""Word counts, the unit of localization cost.

:func:`word_count` is the count the project store keeps per segment and that
``status``, ``analyze`` and ``report`` add up. It is the count vendors and
translate-toolkit's ``pocount`` agree on for text written with spaces: words
are Unicode default word boundaries (UAX #29: ``don't`` and ``3.5`` are one
word, ``e-mail`` two), only pieces holding a letter or a digit count, and
markup left in the text (``<gui>Save</gui>`` in a GNOME help catalog) is not
counted, as ``pocount`` does not count it. Scripts written without spaces
between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese, and Korean, which
vendors also price per character) have no such boundaries: a source in one of
those languages is counted in characters (every character but white space),
and :func:`count_unit` says so for every report to label.

:func:`count_words` is the older count (runs of letters, digits and joiners;
CJK characters one by one), which the QA stage still normalizes its MQM
penalty with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from locflow.model.locale import Locale

__all__ = ["count_words", "word_count", "count_unit", "counts_characters", "CHARACTER_LANGUAGES"]

_WORD = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
    r"|\p{N}+(?:[.,]\p{N}+)+"  # 3.5, 1,000.25: one word
    r"|[\p{L}\p{N}\p{M}]+(?:['’\-][\p{L}\p{N}\p{M}]+)*"
)

#: Languages whose sources are counted in characters (written without spaces between words).
CHARACTER_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})

# UAX #29 word boundaries (the ``regex`` module's WORD flag), as ``pocount`` finds them.
_BOUNDARY = regex.compile(r"\b", flags=regex.WORD | regex.V1)
_COUNTED = regex.compile(r"[\p{Alphabetic}\p{N}]")
# Markup left in text: a line break separates words, other tags are dropped (as pocount does).
_LINE_BREAK_TAG = regex.compile(r"<br\s*/?>")
_TAG = regex.compile(r"""<[\w.:]+(?:\s+[\w.:]+=(?:"[^"]*"|'[^']*'))*\s*/?>|</[\w.:]+\s*>""")
_SPACE = regex.compile(r"\s")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def counts_characters(locale: Locale | None) -> bool:
    """True when sources in ``locale`` are counted in characters rather than words."""
    return locale is not None and locale.language in CHARACTER_LANGUAGES


def count_unit(locale: Locale | None) -> str:
    """``"characters"`` or ``"words"``: what :func:`word_count` counts for sources in ``locale``."""
    return "characters" if counts_characters(locale) else "words"


def word_count(text: str, locale: Locale | None = None) -> int:
    """Words of ``text`` written in ``locale`` (characters for CJK and Thai; see the module)."""
    if counts_characters(locale):
        return len(text) - len(_SPACE.findall(text))
    if "<" in text:
        text = _TAG.sub("", _LINE_BREAK_TAG.sub("\n", text))
    return sum(1 for piece in _BOUNDARY.split(text) if _COUNTED.search(piece))
