"""Locales as BCP 47 tags, validated and described by Babel.

``Locale("de-DE")`` keeps the tag as the user wrote it (normalized to BCP 47
casing) and exposes what locflow needs from Babel: plural rules, number
symbols, quotation marks and the fallback chain ``de-DE -> de``.
"""

from __future__ import annotations

from dataclasses import dataclass

import babel
from babel.core import UnknownLocaleError

__all__ = ["Locale", "LocaleError", "suggest_locale"]


class LocaleError(ValueError):
    """A tag that is not a valid BCP 47 locale known to Babel."""


def _normalize(tag: str) -> str:
    """BCP 47 casing: language lower, script title, region upper (``zh-hans-cn`` -> ``zh-Hans-CN``)."""
    pieces = tag.replace("_", "-").split("-")
    out = [pieces[0].lower()]
    for piece in pieces[1:]:
        if len(piece) == 4 and piece.isalpha():
            out.append(piece.title())
        elif len(piece) in (2, 3) and (piece.isalpha() or piece.isdigit()):
            out.append(piece.upper())
        else:
            out.append(piece)
    return "-".join(out)


def suggest_locale(tag: str) -> str | None:
    """A known locale a mistyped ``tag`` probably meant, from CLDR data: a country code used
    as a language (``jp`` -> ``ja``, ``cn`` -> ``zh``), or a language's English name
    (``german`` -> ``de``)."""
    first, _, rest = tag.replace("_", "-").partition("-")
    guess = None
    if len(first) == 2 and first.isalpha():
        from babel.languages import get_official_languages

        official = get_official_languages(first.upper())
        if official and official[0] != first.lower():
            guess = official[0] + (f"-{first.upper()}" if rest.upper() == first.upper() else "")
    if guess is None:
        by_name = {name.lower(): code for code, name in babel.Locale("en").languages.items()}
        guess = by_name.get(tag.replace("_", " ").replace("-", " ").lower())
    return guess if guess is not None and _known(guess) else None


def _known(tag: str) -> bool:
    try:
        babel.Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class Locale:
    """A validated locale. Compare and hash by tag."""

    tag: str

    def __post_init__(self) -> None:
        if not isinstance(self.tag, str) or not self.tag.strip():
            raise LocaleError(f"invalid locale tag {self.tag!r}")
        object.__setattr__(self, "tag", _normalize(self.tag.strip()))
        try:
            babel.Locale.parse(self.tag, sep="-")
        except (UnknownLocaleError, ValueError, TypeError) as exc:
            hint = suggest_locale(self.tag)
            raise LocaleError(f"unknown locale {self.tag!r}" + (f"; did you mean {hint!r}?" if hint else "")) from exc

    @classmethod
    def parse(cls, tag: "str | Locale") -> "Locale":
        return tag if isinstance(tag, Locale) else cls(tag)

    @property
    def babel(self) -> babel.Locale:
        return _babel_locale(self.tag)

    @property
    def language(self) -> str:
        return self.tag.split("-")[0]

    @property
    def posix(self) -> str:
        """``de_DE``: the form gettext and PO headers use."""
        return self.tag.replace("-", "_")

    def fallbacks(self) -> list["Locale"]:
        """This locale then its less specific parents: ``de-CH`` -> [de-CH, de]."""
        pieces = self.tag.split("-")
        chain: list[Locale] = []
        for n in range(len(pieces), 0, -1):
            try:
                chain.append(Locale("-".join(pieces[:n])))
            except LocaleError:
                continue
        return chain

    def matches(self, other: "Locale") -> bool:
        """True when ``other`` is this locale or one of its fallbacks."""
        return other in self.fallbacks()

    @property
    def display_name(self) -> str:
        return self.babel.get_display_name("en") or self.tag

    @property
    def plural_count(self) -> int:
        """The number of gettext plural forms (``nplurals``), from Babel's table."""
        from babel.messages.plurals import get_plural

        return get_plural(self.posix).num_plurals

    @property
    def plural_forms_header(self) -> str:
        """The PO ``Plural-Forms`` header value for this locale."""
        from babel.messages.plurals import get_plural

        return get_plural(self.posix).plural_forms

    @property
    def plural_categories(self) -> tuple[str, ...]:
        """CLDR plural categories in CLDR order (``one``, ``few``, ``other``...)."""
        order = ("zero", "one", "two", "few", "many", "other")
        tags = set(self.babel.plural_form.tags) | {"other"}
        return tuple(c for c in order if c in tags)

    @property
    def is_rtl(self) -> bool:
        return self.babel.character_order == "right-to-left"

    @property
    def spaces_sentences(self) -> bool:
        """False for Japanese and Chinese, whose sentences follow a full stop without a space."""
        return self.language not in _UNSPACED_LANGUAGES

    def __str__(self) -> str:
        return self.tag


#: Languages written without a space after a sentence's full stop (Chinese in all its scripts).
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "yue", "lzh", "wuu"})

_CACHE: dict[str, babel.Locale] = {}


def _babel_locale(tag: str) -> babel.Locale:
    if tag not in _CACHE:
        _CACHE[tag] = babel.Locale.parse(tag, sep="-")
    return _CACHE[tag]
