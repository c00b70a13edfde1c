"""A small JSON-over-HTTP client for MT providers: timeouts, bounded retries, no secrets in errors."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any

from locflow.errors import ProviderError

__all__ = ["post_json", "get_json"]

log = logging.getLogger(__name__)
_RETRY_STATUS = {429, 500, 502, 503, 504}


def _request(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float, retries: int) -> Any:
    body = json.dumps(payload).encode("utf-8") if payload is not None else None
    request_headers = {"Accept": "application/json", **headers}
    if body is not None:
        request_headers["Content-Type"] = "application/json"
    delay = 0.5
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, method=method, headers=request_headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code in _RETRY_STATUS and attempt < retries:
                log.info("MT service answered %s; retrying in %.1fs", exc.code, delay)
                time.sleep(delay)
                delay *= 2
                continue
            raise ProviderError(f"MT service at {url} answered HTTP {exc.code}: {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt < retries:
                time.sleep(delay)
                delay *= 2
                continue
            reason = getattr(exc, "reason", exc)
            raise ProviderError(f"cannot reach MT service at {url}: {reason}") from None
        except json.JSONDecodeError as exc:
            raise ProviderError(f"MT service at {url} did not answer JSON: {exc}") from None
    raise ProviderError(f"MT service at {url} did not answer")  # pragma: no cover - loop always returns or raises


def post_json(url: str, payload: Any, *, headers: dict[str, str] | None = None, timeout: float = 30, retries: int = 2) -> Any:
    return _request("POST", url, payload, headers or {}, timeout, retries)


def get_json(url: str, *, headers: dict[str, str] | None = None, timeout: float = 30, retries: int = 2) -> Any:
    return _request("GET", url, None, headers or {}, timeout, retries)
