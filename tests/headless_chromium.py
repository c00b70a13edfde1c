"""Open a page in headless Chromium and look at it: a screenshot, element sizes, console errors.

Chromium is driven over the DevTools protocol through a pipe
(``--remote-debugging-pipe``: JSON messages ended by a NUL byte on file
descriptors 3 and 4), which needs no port, no websocket library and no
browser download: Debian's ``chromium`` package is enough. The flags keep a
closed network from stalling it.

    python -m tests.headless_chromium report.html shot.png   # a full-page screenshot
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["find_chromium", "HeadlessChromium", "PageLook"]

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """The Chromium executable: ``$LOCFLOW_CHROMIUM``, else ``chromium`` (Debian) on the PATH."""
    for candidate in (os.environ.get("LOCFLOW_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@dataclass(slots=True)
class PageLook:
    """What a page showed: the size of each element asked about, the console errors, a screenshot."""

    sizes: list[dict[str, Any]]
    errors: list[str]
    screenshot: bytes = b""
    messages: list[str] = field(default_factory=list)


class HeadlessChromium:
    """One headless Chromium with a fresh profile; use as a context manager."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="locflow-chromium-")
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def wire_pipes() -> None:  # in the child: the protocol's descriptors 3 (read) and 4 (write)
            read_end, write_end = os.dup(to_browser), os.dup(from_browser)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self._process = subprocess.Popen(
            [executable, *_FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            preexec_fn=wire_pipes,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> HeadlessChromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._call("Browser.close")
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- the protocol ------------------------------------------------------------------------
    def _send(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first message ``wanted`` accepts; the others are kept as events."""
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message
                self._events.append(message)
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the protocol pipe")
            self._buffer += chunk

    def _call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        number = self._send(method, params, session)
        answer = self._receive(lambda message: message.get("id") == number)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    # -- looking at a page --------------------------------------------------------------------
    def look(self, url: str, selector: str, *, width: int = 1400, height: int = 900, full_page: bool = True) -> PageLook:
        """Load ``url``, measure every element matching ``selector``, and take a screenshot of
        the whole page (``full_page``) or of the first ``width`` x ``height`` pixels."""
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self._call(domain, session=session)
        self._call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        self._call("Page.navigate", {"url": url}, session)
        self._receive(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session)
        measure = (
            f"JSON.stringify([...document.querySelectorAll({json.dumps(selector)})].map(e => {{"
            "const r = e.getBoundingClientRect(); return {id: e.id, width: r.width, height: r.height, "
            "shapes: e.querySelectorAll('rect, circle, polyline').length}; }))"
        )
        sizes = json.loads(self._call("Runtime.evaluate", {"expression": measure, "returnByValue": True}, session)["result"]["value"])
        shot = self._call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page}, session)
        image = base64.b64decode(shot["data"])
        errors, messages = _console(self._events, session)
        self._call("Target.closeTarget", {"targetId": target})
        return PageLook(sizes, errors, image, messages)


def _console(events: list[dict[str, Any]], session: str) -> tuple[list[str], list[str]]:
    """Errors (console.error, uncaught exceptions, failed loads, blocked content) and all messages."""
    errors, messages = [], []
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            messages.append(f"{params.get('type')}: {text}")
            if params.get("type") in ("error", "assert"):
                errors.append(text)
        elif method == "Log.entryAdded":
            entry = params["entry"]
            messages.append(f"{entry.get('level')}: {entry.get('text')}")
            if entry.get("level") == "error":
                errors.append(entry.get("text", ""))
    return errors, messages


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.headless_chromium PAGE.html SHOT.png", file=sys.stderr)
        return 2
    executable = find_chromium()
    if executable is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    with HeadlessChromium(executable) as browser:
        look = browser.look(Path(argv[0]).resolve().as_uri(), "svg.chart")
    Path(argv[1]).write_bytes(look.screenshot)
    print(f"{len(look.sizes)} charts, {len(look.errors)} console errors; screenshot in {argv[1]}")
    return 0 if not look.errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
