"""DeepL (API v2) as an MT engine.

Configuration::

    [mt.engines.deepl]
    engine = "deepl"
    url = "https://api-free.deepl.com"   # default https://api.deepl.com (Pro)
    api_key_env = "DEEPL_AUTH_KEY"       # the variable holding the key
    formality = "prefer_more"            # default | more | less | prefer_more | prefer_less
    glossary_ids = { de = "def3a26b-..." }  # glossaries made beforehand, per target language

Requests follow DeepL's ``POST /v2/translate``: a JSON body with up to 50
``text`` entries (the body stays under 128 KiB), ``tag_handling = "xml"``
so the masking tags stay in place, the key in an ``Authorization:
DeepL-Auth-Key`` header. Glossary terms passed per segment (the termbase's)
become a DeepL glossary (``POST /v2/glossaries``, TSV entries), made once
per set of terms and reused by its id.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary, Markup
from locflow.mt.http import HttpEngine

__all__ = ["DeepLProvider"]

log = logging.getLogger(__name__)

FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")


class DeepLProvider(HttpEngine):
    name: ClassVar[str] = "deepl"
    markup: ClassVar[Markup] = Markup.XML

    def __init__(self, **options: Any) -> None:
        self._take_common(options, url="https://api.deepl.com", key_env="DEEPL_AUTH_KEY", limits=(50, 30_000))
        self.formality = options.pop("formality", "default")
        if self.formality not in FORMALITIES:
            raise ConfigError(f"engine 'deepl': formality must be one of {', '.join(FORMALITIES)}, not {self.formality!r}")
        self.glossary_ids = dict(options.pop("glossary_ids", {}))
        if not all(isinstance(v, str) for v in self.glossary_ids.values()):
            raise ConfigError("engine 'deepl': glossary_ids maps target languages to glossary ids (strings)")
        self._start(options)
        self._targets: set[str] | None = None
        self._made_glossaries: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()
        self._glossary_lock = threading.Lock()  # two requests with the same terms make one glossary

    def _auth(self) -> dict[str, str]:
        key = self.secret()
        return {"Authorization": f"DeepL-Auth-Key {key}"} if key else {}

    def profile(self) -> str:
        return f"formality={self.formality}"

    # -- languages -------------------------------------------------------------------
    def _target_codes(self) -> set[str]:
        with self._lock:
            if self._targets is None:
                answer = self.http.get("/v2/languages", params={"type": "target"})
                self._targets = {str(e.get("language", "")).upper() for e in answer if isinstance(e, dict)}
            return self._targets

    def target_code(self, locale: Locale) -> str | None:
        """DeepL's code for ``locale``: ``EN-GB``, ``PT-BR``, ``ZH-HANT`` where it has a variant, else ``DE``."""
        codes = self._target_codes()
        for candidate in _variants(locale):
            if candidate in codes:
                return candidate
        return None

    def supports(self, source: Locale, target: Locale) -> bool:
        return self.target_code(target) is not None

    # -- translation -----------------------------------------------------------------
    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        if not texts:
            return []
        payload: dict[str, Any] = {
            "text": list(texts),
            "source_lang": source.language.upper(),
            "target_lang": self.target_code(target) or target.language.upper(),
            "tag_handling": "xml",
        }
        if self.formality != "default":
            payload["formality"] = self.formality
        glossary_id = self._glossary_id(source, target, glossary)
        if glossary_id:
            payload["glossary_id"] = glossary_id
        answer = self.http.post("/v2/translate", payload)
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise ProviderError(f"DeepL answered {len(translations or [])} translations for {len(texts)} texts")
        return [t.get("text", "") if isinstance(t, dict) and isinstance(t.get("text"), str) else "" for t in translations]

    def _glossary_id(self, source: Locale, target: Locale, glossary: Glossary | None) -> str | None:
        configured = self.glossary_ids.get(target.tag) or self.glossary_ids.get(target.language)
        if configured or not glossary:
            return configured
        entries = _tsv(glossary)
        if not entries:
            return None
        digest = hashlib.sha256(entries.encode("utf-8")).hexdigest()[:16]
        key = (source.language, target.language, digest)
        with self._glossary_lock:
            if key not in self._made_glossaries:
                self._made_glossaries[key] = self._make_glossary(source, target, entries, digest)
            return self._made_glossaries[key]

    def _make_glossary(self, source: Locale, target: Locale, entries: str, digest: str) -> str:
        payload = {
            "name": f"locflow-{source.language}-{target.language}-{digest}",
            "source_lang": source.language,
            "target_lang": target.language,
            "entries": entries,
            "entries_format": "tsv",
        }
        answer = self.http.post("/v2/glossaries", payload)
        glossary_id = answer.get("glossary_id") if isinstance(answer, dict) else None
        if not isinstance(glossary_id, str):
            raise ProviderError("DeepL did not return a glossary id")
        return glossary_id


def _variants(locale: Locale) -> list[str]:
    pieces = locale.tag.upper().split("-")
    language = pieces[0]
    out = ["-".join(pieces[: n + 1]) for n in range(len(pieces) - 1, 0, -1)]
    defaults = {"EN": "EN-US", "PT": "PT-PT", "ZH": "ZH-HANS"}
    return [*out, language, defaults.get(language, language)]


def _tsv(glossary: Mapping[str, str]) -> str:
    """Glossary entries as DeepL's TSV; terms with tabs or line breaks cannot be entries."""
    rows = [
        f"{source.strip()}\t{target.strip()}"
        for source, target in sorted(glossary.items())
        if source.strip() and target.strip() and not any(c in source + target for c in "\t\r\n")
    ]
    return "\n".join(rows)
