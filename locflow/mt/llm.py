"""Any OpenAI-compatible chat-completions server as an MT engine (OpenAI, a local LLM server).

Configuration::

    [mt.engines.llm]
    engine = "openai"
    url = "http://127.0.0.1:8080/v1"    # base URL; default https://api.openai.com/v1
    model = "gpt-4o-mini"
    api_key_env = "OPENAI_API_KEY"      # optional for a local server
    response_format = "json_schema"     # or "json_object" for servers without schemas

The request is structured: ``POST {url}/chat/completions`` with a system
message (the language pair, that this is support content, to keep every tag
exactly once and to use the glossary terms) and a user message holding JSON:
one item per text with its id, masked text, content kind, glossary terms
and what each tag stands for (``link``, ``masked phone number``; never the
data). The answer must be JSON ``{"translations": [{"id", "text"}]}``
(``response_format`` asks the server for exactly that schema); it is parsed
and checked, never trusted: an item missing, an unknown id or a refusal
leaves that text untranslated (an empty answer, rejected by the driver).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale
from locflow.mt.base import Glossary, Markup, MTItem
from locflow.mt.http import HttpEngine

__all__ = ["OpenAICompatibleProvider", "SYSTEM_PROMPT", "ANSWER_SCHEMA"]

log = logging.getLogger(__name__)

SYSTEM_PROMPT = """\
You translate customer-support content from {source} to {target}.
The user message is JSON with a list of items. Translate the "text" of every item.
Rules:
- Keep every tag exactly as written, once each: <g id="N">...</g> wraps words that carry formatting or a link \
(translate the words inside, keep the pair around them); <x id="N"/> stands for something that must not be \
translated or changed (a placeholder, a link, masked personal data): put it where it belongs in the translation.
- Do not add, remove, rename or reorder tags inside a pair; do not add any other markup.
- Where an item has "glossary" terms, translate those source terms with the given target terms.
- "kind" tells what the text is (a FAQ answer, a heading, a button label): keep the register it needs.
- Answer with JSON only: {{"translations": [{{"id": "<item id>", "text": "<translation>"}}]}}, one entry per item, \
same ids."""

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


class OpenAICompatibleProvider(HttpEngine):
    name: ClassVar[str] = "openai"
    markup: ClassVar[Markup] = Markup.STRUCTURED

    def __init__(self, **options: Any) -> None:
        self._take_common(options, url="https://api.openai.com/v1", key_env="OPENAI_API_KEY", limits=(50, 12_000))
        self.model = options.pop("model", "gpt-4o-mini")
        self.temperature = options.pop("temperature", 0)
        self.response_format = options.pop("response_format", "json_schema")
        if not isinstance(self.model, str) or not self.model:
            raise ConfigError("engine 'openai': model must name the model to use")
        if self.response_format not in ("json_schema", "json_object"):
            raise ConfigError("engine 'openai': response_format must be json_schema or json_object")
        if isinstance(self.temperature, bool) or not isinstance(self.temperature, (int, float)) or not 0 <= self.temperature <= 2:
            raise ConfigError("engine 'openai': temperature must be a number between 0 and 2")
        self._start(options)

    @property
    def key_required(self) -> bool:  # type: ignore[override]
        """A local server takes no key; OpenAI's own endpoint does."""
        return "api.openai.com" in self.http_options.url

    def _auth(self) -> dict[str, str]:
        key = self.secret()
        return {"Authorization": f"Bearer {key}"} if key else {}

    def profile(self) -> str:
        return f"model={self.model};temperature={self.temperature}"

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        """The plain interface, for callers without per-text details: one glossary for all texts."""
        return self.translate_items([MTItem(text, dict(glossary or {})) for text in texts], source, target)

    def translate_items(self, items: Sequence[MTItem], source: Locale, target: Locale) -> list[str]:
        if not items:
            return []
        answer = self.http.post("/chat/completions", self.request_body(items, source, target))
        return _parse_answer(answer, len(items))

    def request_body(self, items: Sequence[MTItem], source: Locale, target: Locale) -> dict[str, Any]:
        system = SYSTEM_PROMPT.format(source=_language(source), target=_language(target))
        user = {"items": [_item_json(str(n), item) for n, item in enumerate(items, start=1)]}
        if self.response_format == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
            }
        else:
            response_format = {"type": "json_object"}
        return {
            "model": self.model,
            "temperature": self.temperature,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": json.dumps(user, ensure_ascii=False)},
            ],
            "response_format": response_format,
        }


def _language(locale: Locale) -> str:
    return f"{locale.display_name} ({locale.tag})"


def _item_json(item_id: str, item: MTItem) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item_id, "text": item.text}
    if item.kind:
        out["kind"] = item.kind
    if item.glossary:
        out["glossary"] = [{"source": s, "target": t} for s, t in sorted(item.glossary.items())]
    if item.placeholders:
        out["tags"] = dict(item.placeholders)
    return out


def _parse_answer(answer: Any, count: int) -> list[str]:
    """Texts by item id; what is missing or malformed comes back empty (and is rejected)."""
    try:
        choice = answer["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise ProviderError("the chat-completions server answered without choices[0].message") from None
    if message.get("refusal") or choice.get("finish_reason") == "length":
        log.warning("the model refused or was cut off (finish_reason=%s)", choice.get("finish_reason"))
        return [""] * count
    try:
        data = json.loads(_FENCE.sub("", message.get("content") or ""))
    except json.JSONDecodeError:
        log.warning("the model's answer is not JSON")
        return [""] * count
    entries = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        log.warning("the model's answer has no translations list")
        return [""] * count
    by_id = {str(e.get("id")): e.get("text") for e in entries if isinstance(e, dict)}
    return [text if isinstance(text := by_id.get(str(n)), str) else "" for n in range(1, count + 1)]
