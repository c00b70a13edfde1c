"""JSON over HTTP for MT engines: one client per engine, retries with backoff, no secrets in errors.

Every HTTP engine talks to its service through an :class:`HttpService`:

* the base URL comes from the config (``url``), so a self-hosted server or
  a proxy works the same as the vendor's endpoint;
* credentials are read from the environment variable the config names, at
  call time, and go only into request headers; any error message is
  scrubbed of them before it is raised or logged;
* ``429``, ``5xx`` (and DeepL's ``529``) answers, timeouts and dropped
  connections are retried with exponential backoff, honouring a
  ``Retry-After`` header (seconds or an HTTP date), up to ``retries`` times;
  anything else fails at once with :class:`~locflow.errors.ProviderError`
  (exit 4).

The client (``httpx``) is thread-safe: the MT driver sends several batches
at once through it.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx

from locflow.errors import ConfigError, ProviderError
from locflow.model import Locale

__all__ = ["HttpService", "HttpOptions", "HttpEngine", "RETRY_STATUS", "read_secret"]

log = logging.getLogger(__name__)

#: Answers worth another try: rate limits and server-side trouble.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504, 529})
#: Longest single wait, whatever a ``Retry-After`` header asks for.
MAX_WAIT = 60.0


def read_secret(variable: str | None) -> str | None:
    """The value of the environment variable ``variable`` (``None`` when unset or empty)."""
    if not variable:
        return None
    return os.environ.get(variable) or None


@dataclass(frozen=True, slots=True)
class HttpOptions:
    """The options every HTTP engine takes, checked when the config is loaded."""

    url: str
    api_key_env: str | None = None
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5

    @classmethod
    def take(cls, options: dict[str, Any], *, engine: str, default_url: str, default_key_env: str | None) -> HttpOptions:
        """Pop the common options out of ``options`` (what is left is the engine's own)."""
        if "api_key" in options:  # the value is not repeated: it is a secret
            raise ConfigError(
                f"engine {engine!r}: api_key: keys are never read from locflow.toml; put the key in an "
                "environment variable and name the variable with api_key_env"
            )
        url = str(options.pop("url", default_url))
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"engine {engine!r}: url must be an http(s) URL, not {url!r}")
        values = cls(
            url=url.rstrip("/"),
            api_key_env=options.pop("api_key_env", default_key_env),
            timeout=_number(options.pop("timeout", 30.0), "timeout", engine, 0.1, 600),
            retries=int(_number(options.pop("retries", 3), "retries", engine, 0, 10)),
            backoff=_number(options.pop("backoff", 0.5), "backoff", engine, 0, 60),
        )
        if values.api_key_env is not None and not isinstance(values.api_key_env, str):
            raise ConfigError(f"engine {engine!r}: api_key_env must name an environment variable")
        return values


def _number(value: Any, key: str, engine: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"engine {engine!r}: {key} must be a number between {low:g} and {high:g}, not {value!r}")
    return float(value)


class HttpService:
    """One engine's endpoint. ``auth`` returns the headers that carry the credentials."""

    def __init__(self, name: str, options: HttpOptions, auth: Callable[[], Mapping[str, str]] = dict) -> None:
        self.name = name
        self.options = options
        self._auth = auth
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
                self._client = httpx.Client(base_url=self.options.url, timeout=self.options.timeout, limits=limits)
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def post(self, path: str, payload: Any, *, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> Any:
        return self._request("POST", path, payload, params, headers)

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self._request("GET", path, None, params, None)

    # -- the loop --------------------------------------------------------------------
    def _request(self, method: str, path: str, payload: Any, params: Any, headers: Mapping[str, str] | None) -> Any:
        auth = dict(self._auth())
        secrets = [value for value in auth.values() if value]
        all_headers = {"Accept": "application/json", **auth, **(headers or {})}
        where = _display(f"{self.options.url}{path}")
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            try:
                response = self.client.request(method, path, json=payload, params=params, headers=all_headers)
            except httpx.TimeoutException:
                if last:
                    raise ProviderError(f"MT engine {self.name!r} at {where} did not answer in {self.options.timeout:g}s") from None
                self._wait(attempt, None, "timed out")
                continue
            except httpx.TransportError as exc:
                if last:
                    reason = _scrub(str(exc) or type(exc).__name__, secrets)
                    raise ProviderError(f"cannot reach MT engine {self.name!r} at {where}: {reason}") from None
                self._wait(attempt, None, "connection failed")
                continue
            if response.status_code in RETRY_STATUS and not last:
                self._wait(attempt, response.headers.get("Retry-After"), f"HTTP {response.status_code}")
                continue
            if response.status_code >= 400:
                detail = _scrub(_short(response.text), secrets)
                raise ProviderError(f"MT engine {self.name!r} at {where} answered HTTP {response.status_code}: {detail}")
            try:
                return response.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ProviderError(f"MT engine {self.name!r} at {where} did not answer JSON") from None
        raise ProviderError(f"MT engine {self.name!r} at {where} did not answer")  # pragma: no cover

    def _wait(self, attempt: int, retry_after: str | None, why: str) -> None:
        delay = retry_after_seconds(retry_after)
        if delay is None:
            delay = self.options.backoff * (2**attempt) * (1 + random.random() / 4)
        delay = min(delay, MAX_WAIT)
        log.info("MT engine %s: %s; retrying in %.2fs", self.name, why, delay)
        time.sleep(delay)


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _display(url: str) -> str:
    """A URL fit for a message: no user name, password or query string (they may hold secrets)."""
    parts = httpx.URL(url)
    return str(parts.copy_with(username=None, password=None, query=None, fragment=None))


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def _scrub(text: str, secrets: list[str]) -> str:
    """Remove credentials from a message, also when a service echoes them back."""
    for secret in secrets:
        text = text.replace(secret, "***")
        token = secret.split()[-1] if " " in secret else ""
        if token:
            text = text.replace(token, "***")
    return text


class HttpEngine:
    """What every HTTP engine shares: the common options, its client, whether its credential is set.

    A subclass calls :meth:`_take_common` with its defaults, pops its own
    options, then :meth:`_start` (which refuses what is left), and adds the
    credential headers in :meth:`_auth`.
    """

    name: ClassVar[str] = ""
    #: Whether the service cannot be used without a credential.
    key_required: ClassVar[bool] = True

    def _take_common(self, options: dict[str, Any], *, url: str, key_env: str, limits: tuple[int, int]) -> None:
        from locflow.mt.base import take_batch_limits

        self.http_options = HttpOptions.take(options, engine=self.name, default_url=url, default_key_env=key_env)
        self.max_items, self.max_chars = take_batch_limits(options, self.name, *limits)

    def _start(self, options: dict[str, Any]) -> None:
        from locflow.mt.base import reject_unknown

        reject_unknown(options, self.name)
        self.http = HttpService(self.name, self.http_options, self._auth)

    def _auth(self) -> dict[str, str]:
        return {}

    def secret(self) -> str | None:
        return read_secret(self.http_options.api_key_env)

    def configured(self) -> tuple[bool, str]:
        if self.key_required and self.secret() is None:
            return False, f"${self.http_options.api_key_env} is not set"
        return True, ""

    def supports(self, source: Locale, target: Locale) -> bool:
        """True: a pair the service lacks is refused with HTTP 400, and the next engine takes over."""
        return True

    def close(self) -> None:
        self.http.close()
