"""A LibreTranslate-compatible HTTP server on loopback, for MT provider tests.

It "translates" by uppercasing text outside tags (so tags must survive the
round trip), records every request, and can be told to fail the next N
requests with a status code.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_TAG = re.compile(r"(<[^>]+>)")


def fake_translate(text: str, target: str) -> str:
    return "".join(p if _TAG.fullmatch(p) else p.upper() for p in _TAG.split(text)) + f" ({target})"


class LoopbackMT:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next: list[int] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackMT:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                outer.requests.append({"path": self.path})
                if self.path == "/languages":
                    self._send(200, [{"code": c, "name": c} for c in ("en", "de", "fr", "ja")])
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length))
                outer.requests.append({"path": self.path, "payload": payload})
                if outer.fail_next:
                    self._send(outer.fail_next.pop(0), {"error": "try later"})
                    return
                texts = payload["q"] if isinstance(payload["q"], list) else [payload["q"]]
                self._send(200, {"translatedText": [fake_translate(t, payload["target"]) for t in texts]})

        return Handler
