"""A loopback HTTP server that speaks the documented shapes of the MT services locflow supports.

* LibreTranslate: ``GET /languages``, ``POST /translate`` (``q``, ``source``, ``target``, ``format``);
* DeepL API v2: ``GET /v2/languages?type=target``, ``POST /v2/translate`` (``text`` list,
  ``target_lang``, ``tag_handling``...; ``Authorization: DeepL-Auth-Key``), ``POST /v2/glossaries``;
* Google Cloud Translation: v2 ``POST /language/translate/v2`` (``q``, ``target``, ``format``;
  ``data.translations[].translatedText``), v3 ``POST /v3/projects/P/locations/L:translateText``
  (``contents``, ``mimeType``, ``targetLanguageCode``; ``translations[].translatedText``);
* Azure Translator v3: ``POST /translate?api-version=3.0&to=..&textType=html`` with a
  ``[{"Text"}]`` body, answered ``[{"translations": [{"text", "to"}]}]``;
* OpenAI-compatible chat completions: ``POST /v1/chat/completions``, the user message's JSON
  items answered as ``{"translations": [{"id", "text"}]}`` in ``choices[0].message.content``.

It "translates" by uppercasing text outside tags, tokens and entities and appending the
target language, so tags must survive the round trip. It records every request (path, query,
headers, JSON body), can be told to fail the next requests (``fail_next``: a status or
``(status, headers)``), to wait before answering (``delay``), or to alter answers (``mangle``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_KEEP = re.compile(r"(<[^>]+>|&[#\w]+;|\{[^{}]*\})")


def fake_translate(text: str, target: str) -> str:
    return "".join(p if _KEEP.fullmatch(p) else p.upper() for p in _KEEP.split(text)) + f" ({target})"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    payload: Any = None


@dataclass
class LoopbackMT:
    delay: float = 0.0
    mangle: Callable[[str], str] | None = None
    requests: list[Recorded] = field(default_factory=list)
    fail_next: list[Any] = field(default_factory=list)
    fail_after: int | None = None  # answer 503 to every translation request after this many
    echo_headers: bool = False  # failures echo the request headers back (a careless service)
    in_flight: int = 0
    max_in_flight: int = 0
    glossaries: dict[str, str] = field(default_factory=dict)  # DeepL glossary id -> its TSV entries

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackMT:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, path_part: str) -> list[Recorded]:
        return [r for r in self.requests if path_part in r.path]

    # -- answers --------------------------------------------------------------------------
    def translated(self, text: str, target: str) -> str:
        answer = fake_translate(text, target)
        return self.mangle(answer) if self.mangle else answer

    def route(self, method: str, path: str, query: dict[str, list[str]], payload: Any) -> tuple[int, Any]:
        if method == "GET" and path == "/languages":
            return 200, [{"code": c, "name": c, "targets": ["en", "de", "fr", "ja", "es", "it"]} for c in ("en", "de", "fr", "ja", "es", "it")]
        if method == "GET" and path == "/v2/languages":
            return 200, [{"language": c, "name": c, "supports_formality": True} for c in ("DE", "EN-US", "EN-GB", "FR", "JA")]
        if path == "/translate" and "api-version" in query:
            target = query["to"][0]
            return 200, [{"translations": [{"text": self.translated(item["Text"], target), "to": target}]} for item in payload]
        if path == "/translate":
            texts = payload["q"] if isinstance(payload["q"], list) else [payload["q"]]
            return 200, {"translatedText": [self.translated(t, payload["target"]) for t in texts]}
        if path == "/v2/translate":
            target = payload["target_lang"].lower()
            return 200, {"translations": [{"detected_source_language": "EN", "text": self.translated(t, target)} for t in payload["text"]]}
        if path == "/v2/glossaries":
            with self._lock:
                glossary_id = f"gl-{len(self.glossaries) + 1}"
                self.glossaries[glossary_id] = payload["entries"]
            return 201, {"glossary_id": glossary_id, "ready": True, "name": payload["name"],
                         "source_lang": payload["source_lang"], "target_lang": payload["target_lang"],
                         "entry_count": len(payload["entries"].splitlines())}
        if path == "/language/translate/v2":
            return 200, {"data": {"translations": [{"translatedText": self.translated(t, payload["target"])} for t in payload["q"]]}}
        if path.endswith(":translateText"):
            answers = [{"translatedText": self.translated(t, payload["targetLanguageCode"])} for t in payload["contents"]]
            body = {"translations": answers}
            if "glossaryConfig" in payload:
                body["glossaryTranslations"] = answers
            return 200, body
        if path.endswith("/chat/completions"):
            return 200, self._chat(payload)
        return 404, {"error": f"no route {method} {path}"}

    def _chat(self, payload: dict[str, Any]) -> dict[str, Any]:
        items = json.loads(payload["messages"][-1]["content"])["items"]
        target = re.search(r"to .*\(([\w-]+)\)", payload["messages"][0]["content"]).group(1)  # type: ignore[union-attr]
        content = {"translations": [{"id": item["id"], "text": self.translated(item["text"], target)} for item in items]}
        message = {"role": "assistant", "content": json.dumps(content, ensure_ascii=False)}
        return {"id": "chatcmpl-1", "object": "chat.completion", "model": payload["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length)) if length else None
                record = Recorded(method, parts.path, parse_qs(parts.query), dict(self.headers.items()), payload)
                with outer._lock:
                    outer.requests.append(record)
                    failure = outer.fail_next.pop(0) if outer.fail_next else None
                    translating = method == "POST" and "glossaries" not in parts.path
                    done = sum(1 for r in outer.requests if r.method == "POST" and "glossaries" not in r.path)
                    if failure is None and translating and outer.fail_after is not None and done > outer.fail_after:
                        failure = 503
                    outer.in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer.in_flight)
                try:
                    if outer.delay:
                        time.sleep(outer.delay)
                    if failure is not None:
                        status, headers = failure if isinstance(failure, tuple) else (failure, {})
                        body = {"message": "try later", **({"headers": record.headers} if outer.echo_headers else {})}
                        response = (status, body, headers)
                    else:
                        response = outer.route(method, parts.path, record.query, payload)
                finally:
                    # no longer in flight before the client can read the answer and send its next request
                    with outer._lock:
                        outer.in_flight -= 1
                self._send(*response)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        return Handler
