"""Google Cloud Translation as an MT engine: Basic (v2, an API key) or Advanced (v3).

Configuration::

    [mt.engines.google]
    engine = "google"
    api = "v2"                             # v2 (default) or v3
    api_key_env = "GOOGLE_TRANSLATE_KEY"   # v2: an API key; v3: an OAuth access token
    # v3 only:
    project = "my-project"
    location = "global"                    # or the region of a glossary or custom model
    glossary = "projects/my-project/locations/us-central1/glossaries/support"
    model = ""                             # optional model resource name

v2 is ``POST /language/translate/v2`` with up to 128 ``q`` texts and
``format = "html"``, the key in the ``X-goog-api-key`` header (never in the
URL). v3 is ``POST /v3/projects/{project}/locations/{location}:translateText``
with ``mimeType = "text/html"``, up to 1024 ``contents`` and about 30,000
code points a request, the token as ``Authorization: Bearer``. Answers in
HTML mode escape characters as entities; unmasking reads them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary, Markup
from locflow.mt.http import HttpEngine

__all__ = ["GoogleProvider"]

_LIMITS = {"v2": (128, 30_000), "v3": (1024, 30_000)}
_DEFAULT_KEY_ENV = {"v2": "GOOGLE_TRANSLATE_KEY", "v3": "GOOGLE_ACCESS_TOKEN"}


class GoogleProvider(HttpEngine):
    name: ClassVar[str] = "google"
    markup: ClassVar[Markup] = Markup.XML

    def __init__(self, **options: Any) -> None:
        self.api = options.pop("api", "v2")
        if self.api not in _LIMITS:
            raise ConfigError(f"engine 'google': api must be v2 or v3, not {self.api!r}")
        self._take_common(options, url="https://translation.googleapis.com", key_env=_DEFAULT_KEY_ENV[self.api], limits=_LIMITS[self.api])
        self.project = options.pop("project", None)
        self.location = options.pop("location", "global")
        self.glossary = options.pop("glossary", None)
        self.model = options.pop("model", None)
        if self.api == "v3" and not isinstance(self.project, str):
            raise ConfigError("engine 'google': api v3 needs project = \"your-project-id\"")
        if self.api == "v2" and (self.project or self.glossary or self.model):
            raise ConfigError("engine 'google': project, glossary and model are options of api = \"v3\"")
        self._start(options)

    def _auth(self) -> dict[str, str]:
        secret = self.secret()
        if secret is None:
            return {}
        if self.api == "v2":
            return {"X-goog-api-key": secret}
        return {"Authorization": f"Bearer {secret}", "x-goog-user-project": str(self.project)}

    def profile(self) -> str:
        return f"api={self.api};model={self.model or ''};glossary={self.glossary or ''}"

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        if not texts:
            return []
        if self.api == "v2":
            return self._v2(texts, source, target)
        return self._v3(texts, source, target)

    def _v2(self, texts: Sequence[str], source: Locale, target: Locale) -> list[str]:
        payload = {"q": list(texts), "source": _code(source), "target": _code(target), "format": "html"}
        answer = self.http.post("/language/translate/v2", payload)
        data = answer.get("data") if isinstance(answer, dict) else None
        return _texts(data.get("translations") if isinstance(data, dict) else None, len(texts))

    def _v3(self, texts: Sequence[str], source: Locale, target: Locale) -> list[str]:
        payload: dict[str, Any] = {
            "contents": list(texts),
            "mimeType": "text/html",
            "sourceLanguageCode": source.tag,
            "targetLanguageCode": target.tag,
        }
        if self.model:
            payload["model"] = self.model
        if self.glossary:
            payload["glossaryConfig"] = {"glossary": self.glossary}
        answer = self.http.post(f"/v3/projects/{self.project}/locations/{self.location}:translateText", payload)
        if not isinstance(answer, dict):
            raise ProviderError("Google Translation answered no JSON object")
        key = "glossaryTranslations" if self.glossary and answer.get("glossaryTranslations") else "translations"
        return _texts(answer.get(key), len(texts))


def _code(locale: Locale) -> str:
    """v2 takes ISO 639 codes, plus a region for Chinese and Portuguese variants."""
    return locale.tag if locale.language in ("zh", "pt") and "-" in locale.tag else locale.language


def _texts(translations: Any, expected: int) -> list[str]:
    if not isinstance(translations, list) or len(translations) != expected:
        raise ProviderError(f"Google Translation answered {len(translations or [])} translations for {expected} texts")
    return [t.get("translatedText", "") if isinstance(t, dict) and isinstance(t.get("translatedText"), str) else "" for t in translations]
