"""Argos Translate: offline MT, nothing leaves the machine.

Configuration::

    [mt.engines.offline]
    engine = "argos"

It needs the optional extra (``pip install 'locflow[argos]'``) and the
language packages of the pairs to translate (``argospm install
translate-en_de``). Without them the engine is listed as not configured and
supports no pair, so the next engine in ``use`` takes over. Argos
translates plain text, so codes and masked personal data travel as tokens
(``{1}``, ``{/1}``, ``{p1/}``) and the answer is verified like any other.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.model import Locale
from locflow.mt.base import Glossary, Markup, reject_unknown, take_batch_limits

__all__ = ["ArgosProvider", "argos_installed"]

log = logging.getLogger(__name__)


def argos_installed() -> bool:
    return importlib.util.find_spec("argostranslate") is not None


class ArgosProvider:
    name: ClassVar[str] = "argos"
    markup: ClassVar[Markup] = Markup.TOKENS
    cacheable: ClassVar[bool] = False  # offline and free: nothing to save

    def __init__(self, **options: Any) -> None:
        self.max_items, self.max_chars = take_batch_limits(options, "argos", 64, 20_000)
        reject_unknown(options, "argos")

    def configured(self) -> tuple[bool, str]:
        if not argos_installed():
            return False, "argostranslate is not installed (pip install 'locflow[argos]')"
        return True, ""

    def _translation(self, source: Locale, target: Locale) -> Any:
        if not argos_installed():
            return None
        from argostranslate import translate

        return translate.get_translation_from_codes(source.language, target.language)

    def supports(self, source: Locale, target: Locale) -> bool:
        try:
            return self._translation(source, target) is not None
        except Exception as exc:  # a missing language package raises differently across versions
            log.info("argos has no %s -> %s package: %s", source, target, exc)
            return False

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        translation = self._translation(source, target)
        return [translation.translate(text) for text in texts]
