"""LibreTranslate (self-hosted or hosted) as an MT engine.

Configuration::

    [mt.engines.lt]
    engine = "libretranslate"
    url = "http://localhost:5000"          # the service's base URL
    api_key_env = "LIBRETRANSLATE_API_KEY"  # the variable holding the key, if the server wants one

(or the one-engine form: ``[mt] provider = "libretranslate"`` with the same
keys.) Texts are sent to ``POST /translate`` as a ``q`` list with
``format = "html"`` so the masking tags stay in place; the server's
``GET /languages`` says which pairs it has. The key goes in the JSON body
(``api_key``), as LibreTranslate expects, read from the environment at call
time and never logged.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary, Markup
from locflow.mt.http import HttpEngine

__all__ = ["LibreTranslateProvider"]


class LibreTranslateProvider(HttpEngine):
    name: ClassVar[str] = "libretranslate"
    markup: ClassVar[Markup] = Markup.XML
    key_required: ClassVar[bool] = False  # a self-hosted server usually wants none

    def __init__(self, **options: Any) -> None:
        self._take_common(options, url="http://localhost:5000", key_env="LIBRETRANSLATE_API_KEY", limits=(100, 20_000))
        self._start(options)
        self._languages: set[str] | None = None
        self._lock = threading.Lock()

    def _key(self) -> dict[str, str]:
        key = self.secret()
        return {"api_key": key} if key else {}

    def supports(self, source: Locale, target: Locale) -> bool:
        with self._lock:
            if self._languages is None:
                answer = self.http.get("/languages")
                self._languages = {entry["code"] for entry in answer if isinstance(entry, dict) and "code" in entry}
        return source.language in self._languages and target.language in self._languages

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        if not texts:
            return []
        payload = {"q": list(texts), "source": source.language, "target": target.language, "format": "html", **self._key()}
        try:
            answer = self.http.post("/translate", payload)
        except ProviderError as exc:
            key = self._key().get("api_key")
            raise ProviderError(str(exc).replace(key, "***") if key else str(exc)) from None
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            error = answer.get("error") if isinstance(answer, dict) else None
            raise ProviderError(f"LibreTranslate gave no translations{': ' + str(error) if error else ''}")
        if len(translated) != len(texts):
            raise ProviderError(f"LibreTranslate answered {len(translated)} translations for {len(texts)} texts")
        return translated
