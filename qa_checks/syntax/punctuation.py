"""Punctuation the way each language writes it.

End punctuation is compared by *class* (full stop, question, exclamation,
colon, ellipsis...), so ``.`` matches ``。`` and ``।``, and ``?`` matches ``？``,
``؟`` and the Greek ``;``. Quotation marks are matched in pairs from the target
language's conventions (CLDR delimiters; Babel does not ship them, so the common
ones are tabled here) plus the universal double quotes, so „Hallo“, « salut »,
「こんにちは」 and “hello” all balance.
"""

from __future__ import annotations

import re

from functools import lru_cache

from locflow.model import Locale

__all__ = [
    "end_class",
    "STOPS",
    "END_MARKS",
    "has_quotes",
    "quote_pairs",
    "unbalanced_quote",
    "unbalanced_bracket",
    "strip_end",
    "TRAILERS",
    "QUOTE_CHARS",
    "BRACKET_CHARS",
]

_END_CLASSES = {
    # Latin, CJK (full and half width), Devanagari (danda, double danda), Urdu, Ethiopic,
    # Myanmar, Armenian, Tibetan (shad, nyis shad), Khmer
    "stop": ".。．｡।۔።။॥։།༎។៕",
    "question": "?？؟;;՞",
    "exclamation": "!！¡՜",
    "colon": ":：",
    "semicolon": "；؛",
    "ellipsis": "…⋯",
    "comma": ",，、،",
}
_CLASS_OF = {ch: name for name, chars in _END_CLASSES.items() for ch in chars}
#: what a mark means in a language that uses it otherwise: Armenian writes its full stop
#: "։" with the colon it looks like
_CLASS_IN = {"hy": {":": "stop"}}
#: closing marks that may follow the sentence punctuation: quotes, closing brackets (a
#: remark in brackets after the sentence), spaces
TRAILERS = "\"'”’»›“‘」』)）] \u00a0\u202f\u2009\u3000\t\r\n*_\u200e\u200f\u061c"


def strip_end(text: str) -> str:
    return text.rstrip(TRAILERS)


def end_class(text: str, language: str) -> str:
    """The class of the punctuation ending ``text``: ``stop``, ``question``... or ``""``.

    A full stop that ends an abbreviation (``Src. Lang.``) ends no sentence: ``""``.
    """
    text = strip_end(text)
    if not text:
        return ""
    if text.endswith("...") or text.endswith("。。。"):
        return "ellipsis"
    last = text[-1]
    if last == ";" and language != "el":
        return "semicolon"
    if last == "." and ends_with_abbreviation(text):
        return ""
    own = _CLASS_IN.get(language)
    if own is not None and last in own:
        return own[last]
    return _CLASS_OF.get(last, "")


#: the full stops of every script
STOPS = frozenset(_END_CLASSES["stop"])
#: every mark of end punctuation
END_MARKS = frozenset(_CLASS_OF)


# a word of letters, then a stop, within the last four words: "Src. Lang.", "Max. Temp."
_ABBREVIATED_LABEL = re.compile(r"^\W*(?:[^\W\d_]+\.?\s+){0,2}[^\W\d_]{1,5}\.\s+[^\W\d_]{1,5}\.$")
_BRACKETED_ABBREVIATION = re.compile(r"[(\[（][^\W\d_]{1,5}\.$")
# abbreviations that end labels of one or two words ("Approx.", "Max.", "etc.")
_FINAL_ABBREVIATIONS = frozenset(
    "approx avg est etc excl incl max min misc no nr num qty ref rev std temp vol vs".split()
)


def ends_with_abbreviation(text: str) -> bool:
    """Whether the stop ending ``text`` belongs to an abbreviation: a short label made of
    abbreviated words (``Src. Lang.``), or one of the common final ones (``etc.``)."""
    if _BRACKETED_ABBREVIATION.search(text):
        return True  # "Keyboard Mode (alt.)"
    if len(text) > 40:
        return False
    if _ABBREVIATED_LABEL.match(text):
        return True
    words = text[:-1].split()
    return 0 < len(words) <= 2 and words[-1].lower() in _FINAL_ABBREVIATIONS


# CLDR quotation delimiters: (start, end, alternate start, alternate end) per language
_QUOTES = {
    "en": "“”‘’", "de": "„“‚‘", "fr": "«»“”", "es": "«»“”", "it": "«»“”", "pt": "“”‘’",
    "ru": "«»„“", "uk": "«»„“", "be": "«»„“", "pl": "„”«»", "cs": "„“‚‘", "sk": "„“‚‘",
    "sl": "„“‚‘", "hr": "„“‚’", "sr": "„“‘‘", "bg": "„“„“", "ro": "„”«»", "hu": "„”»«",
    "nl": "‘’“”", "da": "“”‘’", "sv": "””’’", "fi": "””’’", "nb": "«»‘’", "no": "«»‘’",
    "et": "„“‚‘", "lt": "„“„“", "lv": "«»„“", "el": "«»“”", "tr": "“”‘’", "he": "””’’",
    "ar": "”“’‘", "fa": "«»‹›", "ja": "「」『』", "zh": "“”‘’", "ko": "“”‘’", "th": "“”‘’",
    "vi": "“”‘’", "id": "“”‘’", "hi": "“”‘’", "ca": "«»“”", "eu": "«»‹›", "gl": "“”‘’",
}
# double quotes every language's text may contain (quoted English UI labels, etc.)
_UNIVERSAL = ("“”", "„“", "„”", "«»", "»«", "「」", "『』", "〝〟", "‹›")


@lru_cache(maxsize=128)
def quote_pairs(locale: Locale) -> tuple[tuple[str, str], ...]:
    """(opening, closing) pairs: the locale's own first, then the universal ones.

    Single curly quotes are left out: ``’`` is also the apostrophe.
    """
    marks = _QUOTES.get(locale.language, "“”‘’")
    if locale.tag in ("de-CH", "fr-CH", "it-CH"):
        marks = "«»‹›"
    own = [(marks[0], marks[1])]
    if marks[2] not in "‘’‚":
        own.append((marks[2], marks[3]))
    pairs = own + [(p[0], p[1]) for p in _UNIVERSAL if (p[0], p[1]) not in own]
    return tuple(pairs)


def _unbalanced(text: str, pairs: tuple[tuple[str, str], ...], toggles: str = "") -> int | None:
    """Offset of the first mark that has no partner, or None when all pair up."""
    openers: dict[str, set[str]] = {}
    closers: dict[str, set[str]] = {}
    for start, end in pairs:
        openers.setdefault(start, set()).add(end)
        closers.setdefault(end, set()).add(start)
    stack: list[tuple[str, int]] = []
    toggled: dict[str, int] = {}
    for i, ch in enumerate(text):
        if ch in toggles:
            if ch in toggled:
                del toggled[ch]
            else:
                toggled[ch] = i
            continue
        if ch in closers and stack and stack[-1][0] in closers[ch]:
            stack.pop()
        elif ch in openers:
            stack.append((ch, i))
        elif ch in closers:
            return i
    if stack:
        return stack[0][1]
    if toggled:
        return min(toggled.values())
    return None


def has_quotes(text: str) -> bool:
    return _ANY_QUOTE.search(text) is not None


def unbalanced_quote(text: str, locale: Locale) -> int | None:
    """Offset of an unpaired quotation mark (``"`` must come in twos)."""
    if _ANY_QUOTE.search(text) is None:
        return None
    return _unbalanced(text, quote_pairs(locale), toggles='"')


#: every quotation mark the checks pair up
QUOTE_CHARS = '"“”„«»‹›「」『』〝〟'
_BRACKETS = (("(", ")"), ("[", "]"), ("（", "）"), ("【", "】"), ("〔", "〕"), ("《", "》"), ("〈", "〉"), ("［", "］"),
             ("(", "）"), ("（", ")"))
#: every bracket the checks pair up (braces are placeholder syntax, checked elsewhere)
BRACKET_CHARS = "()[]（）【】〔〕《》〈〉［］"
# "is any of these characters in the text?" is faster as a regex scan than as a set test
_ANY_QUOTE = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + "]")
_ANY_BRACKET = re.compile("[" + re.escape("".join(sorted(BRACKET_CHARS))) + "]")


def unbalanced_bracket(text: str) -> int | None:
    """Offset of an unpaired bracket (braces are placeholder syntax, checked elsewhere)."""
    if _ANY_BRACKET.search(text) is None:
        return None
    return _unbalanced(text, _BRACKETS)
