"""LibreTranslate (self-hosted or hosted) as an MT provider.

Configuration::

    [mt]
    provider = "libretranslate"
    url = "http://localhost:5000"          # the service's base URL
    api_key_env = "LIBRETRANSLATE_API_KEY"  # name of the variable holding the key, if any

Texts are sent with ``format = "html"`` so the masking tags stay in place.
The key is read from the environment at call time and never logged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary
from locflow.mt.http import get_json, post_json

__all__ = ["LibreTranslateProvider"]


class LibreTranslateProvider:
    name: ClassVar[str] = "libretranslate"

    def __init__(
        self,
        url: str = "http://localhost:5000",
        api_key_env: str = "LIBRETRANSLATE_API_KEY",
        timeout: float = 30,
        **options: Any,
    ) -> None:
        if options:
            raise ConfigError(f"[mt] unknown option(s) for provider 'libretranslate': {', '.join(sorted(options))}")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"[mt] url must be an http(s) URL, not {url!r}")
        self.url = url.rstrip("/")
        self.api_key_env = api_key_env
        self.timeout = float(timeout)
        self._languages: set[str] | None = None

    def _key(self) -> dict[str, str]:
        key = os.environ.get(self.api_key_env)
        return {"api_key": key} if key else {}

    def supports(self, source: Locale, target: Locale) -> bool:
        if self._languages is None:
            answer = get_json(f"{self.url}/languages", timeout=self.timeout)
            self._languages = {entry["code"] for entry in answer if isinstance(entry, dict) and "code" in entry}
        return source.language in self._languages and target.language in self._languages

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        if not texts:
            return []
        payload = {"q": list(texts), "source": source.language, "target": target.language, "format": "html", **self._key()}
        answer = post_json(f"{self.url}/translate", payload, timeout=self.timeout)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            error = answer.get("error") if isinstance(answer, dict) else None
            raise ProviderError(f"LibreTranslate gave no translations{': ' + str(error) if error else ''}")
        return translated
