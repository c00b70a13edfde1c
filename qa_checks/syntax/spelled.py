"""Numbers written in words, the way each language writes them (num2words).

A translation may write ``3`` as ``drei``, ``三`` or ``трёх``, and a number that is
neither in digits nor in words is gone. num2words knows how some sixty languages
write numbers, in their genders and, for Russian, their cases; a word of the target
counts as the number when it is one of those spellings or, in languages that inflect
them, starts like one (``ein`` for ``eins``, ``eine``, ``einem``). For a language
num2words does not know, :func:`spellings` is empty and the caller decides.
"""

from __future__ import annotations

import inspect
import re
from functools import lru_cache
from itertools import product

from typing import Any

from locflow.model import Locale

__all__ = ["spellings", "spelled_out"]

#: languages num2words names otherwise
_ALIASES = {"nb": "no", "nn": "no", "kk": "kz"}
#: languages written without spaces between words: a spelling is looked for anywhere
_UNSPACED = frozenset({"ja", "zh", "ko", "th", "lo", "km", "my"})
#: the forms a converter may give, by keyword: every gender, and Russian's cases
_VARIANTS = {"gender": ("m", "f", "n"), "case": ("n", "g", "d", "a", "i", "p"), "plural": (False, True)}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _num2words() -> Any:
    """The num2words module, imported when a run first needs it (most runs never do)."""
    import num2words

    return num2words


def _converter(locale: Locale) -> str | None:
    """The num2words name of the locale's language (with its region where num2words has one)."""
    for name in (locale.posix, locale.language):
        name = _ALIASES.get(name, name)
        if name in _num2words().CONVERTER_CLASSES:
            return name
    return None


@lru_cache(maxsize=64)
def _keywords(converter: str, method: str) -> list[dict[str, object]]:
    """Each combination of the variant keywords the converter's method takes."""
    converter_class = _num2words().CONVERTER_CLASSES[converter]
    accepted = [name for name in _VARIANTS if name in inspect.signature(getattr(converter_class, method)).parameters]
    return [dict(zip(accepted, values)) for values in product(*(_VARIANTS[name] for name in accepted))]


@lru_cache(maxsize=4096)
def spellings(number: int, locale: Locale) -> frozenset[str]:
    """The ways the locale's language writes ``number`` in words (cardinal and ordinal, in
    each gender and case num2words knows), lower-cased; empty for a language it does not know."""
    converter = _converter(locale)
    if converter is None:
        return frozenset()
    found: set[str] = set()
    for method, to in (("to_cardinal", "cardinal"), ("to_ordinal", "ordinal")):
        for keywords in _keywords(converter, method):
            try:
                found.add(_num2words().num2words(number, lang=converter, to=to, **keywords).lower())
            except (NotImplementedError, TypeError, ValueError, KeyError, IndexError, OverflowError):
                continue
    return frozenset(found)


def spelled_out(number: int, text: str, locale: Locale) -> bool | None:
    """Whether ``text`` writes ``number`` in words of the locale's language; None when
    num2words does not know the language."""
    forms = spellings(number, locale)
    if not forms:
        return None
    lowered = text.lower()
    if locale.language in _UNSPACED:
        return any(form in lowered for form in forms)
    words = _WORD.findall(lowered)
    return any(_written(form, lowered, words) for form in forms)


def _written(form: str, lowered: str, words: list[str]) -> bool:
    """Whether a spelling is in the text: a phrase as it is, a word as it is, inflected or
    derived (the same start, an ending of its own: "eins" in "einen", "uno" in "una")."""
    if not form.isalpha():
        return form in lowered  # "vingt et un", "twenty-one"
    if len(form) >= 4:
        stem = form[:-1]
        return any(word.startswith(stem) for word in words)
    if len(form) == 3:
        return any(word.startswith(form[:2]) for word in words)  # "dwa" in "dwie", "dwójkowa"
    return form in words
