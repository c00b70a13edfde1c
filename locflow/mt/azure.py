"""Azure AI Translator (Text Translation v3) as an MT engine.

Configuration::

    [mt.engines.azure]
    engine = "azure"
    url = "https://api.cognitive.microsofttranslator.com"   # the default; or a custom endpoint
    api_key_env = "AZURE_TRANSLATOR_KEY"
    region = "westeurope"        # the resource's region (Ocp-Apim-Subscription-Region)
    category = ""                # optional Custom Translator category

Requests follow ``POST /translate?api-version=3.0&from=en&to=de&textType=html``
with a JSON array of ``{"Text": ...}`` objects (at most 1,000 elements and
50,000 characters a request), the key in ``Ocp-Apim-Subscription-Key`` and
the region in ``Ocp-Apim-Subscription-Region``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary, Markup
from locflow.mt.http import HttpEngine

__all__ = ["AzureProvider"]


class AzureProvider(HttpEngine):
    name: ClassVar[str] = "azure"
    markup: ClassVar[Markup] = Markup.XML

    def __init__(self, **options: Any) -> None:
        self._take_common(
            options, url="https://api.cognitive.microsofttranslator.com", key_env="AZURE_TRANSLATOR_KEY", limits=(1000, 50_000)
        )
        self.region = options.pop("region", None)
        self.category = options.pop("category", None)
        for key, value in (("region", self.region), ("category", self.category)):
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"engine 'azure': {key} must be a string")
        self._start(options)

    def _auth(self) -> dict[str, str]:
        key = self.secret()
        headers = {"Ocp-Apim-Subscription-Key": key} if key else {}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        return headers

    def profile(self) -> str:
        return f"category={self.category or ''}"

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        if not texts:
            return []
        params = {"api-version": "3.0", "from": _code(source), "to": _code(target), "textType": "html"}
        if self.category:
            params["category"] = self.category
        answer = self.http.post("/translate", [{"Text": text} for text in texts], params=params)
        if not isinstance(answer, list) or len(answer) != len(texts):
            raise ProviderError(f"Azure Translator answered {len(answer) if isinstance(answer, list) else 0} results for {len(texts)} texts")
        return [_first_text(entry) for entry in answer]


def _code(locale: Locale) -> str:
    """Azure's codes: ``de``, ``fr-ca``, ``pt-pt``, ``zh-Hans``."""
    pieces = locale.tag.split("-")
    if pieces[0] == "zh":
        return "zh-Hant" if any(p in ("Hant", "TW", "HK", "MO") for p in pieces[1:]) else "zh-Hans"
    if locale.tag in ("fr-CA", "pt-PT"):
        return locale.tag.lower()
    return pieces[0]


def _first_text(entry: Any) -> str:
    translations = entry.get("translations") if isinstance(entry, dict) else None
    if isinstance(translations, list) and translations and isinstance(translations[0], dict):
        text = translations[0].get("text")
        return text if isinstance(text, str) else ""
    return ""
