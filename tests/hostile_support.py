"""Hostile documents per format and attack, and the two traps that prove nothing was fetched.

Every attack is built into a small, otherwise valid document of its format, so a refusal can
only come from the attack. The traps:

- :class:`FifoTrap`: a named pipe standing in for a local secret. Opening a FIFO for reading
  blocks until a writer comes, so a watcher that keeps trying a non-blocking open for writing
  (which fails with ENXIO while nobody reads) sees every attempt to read it, however brief.
- :class:`LoopbackServer`: an HTTP server on 127.0.0.1 that records every request it gets.
"""

from __future__ import annotations

import errno
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# -- the documents ---------------------------------------------------------------------------

XLIFF12 = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="{doc}" source-language="en" target-language="de" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>Hello</source><target>{payload}</target></trans-unit>'
    "</body></file></xliff>"
)
XLIFF2 = (
    '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de">'
    '<file id="f1" original="{doc}"><unit id="u1"><segment><source>Hello</source>'
    "<target>{payload}</target></segment></unit></file></xliff>"
)
TMX = (
    '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" '
    'o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>'
    '<tu><tuv xml:lang="en"><seg>Hello world</seg></tuv><tuv xml:lang="de"><seg>{payload}</seg></tuv></tu>'
    "</body></tmx>"
)
TBX = (
    '<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
    "<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader><text><body>"
    '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>account</term></termSec></langSec>'
    '<langSec xml:lang="de"><termSec><term>{payload}</term></termSec></langSec></conceptEntry>'
    "</body></text></tbx>"
)
HTML = "<html><head><title>Help</title></head><body><p>{payload}</p></body></html>"
DITA = '<topic id="t"><title>Help</title><body><p>{payload}</p></body></topic>'
DOCBOOK = '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><title>Help</title><para>{payload}</para></article>'
ANDROID = '<resources><string name="hello">{payload}</string></resources>'
RESX = (
    '<root><resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>'
    '<data name="Hello" xml:space="preserve"><value>{payload}</value></data></root>'
)

#: format -> (root element, body template, file name, how it enters locflow)
FORMATS: dict[str, tuple[str, str, str, str]] = {
    "xliff12": ("xliff", XLIFF12, "hostile.xlf", "import"),
    "xliff2": ("xliff", XLIFF2, "hostile.xlf", "import"),
    "tmx": ("tmx", TMX, "hostile.tmx", "tm import"),
    "tbx": ("tbx", TBX, "hostile.tbx", "term import"),
    "html": ("html", HTML, "content/hostile.html", "extract"),
    "dita": ("topic", DITA, "content/hostile.dita", "extract"),
    "docbook": ("article", DOCBOOK, "content/hostile.xml", "extract"),
    "android": ("resources", ANDROID, "content/res/values/strings.xml", "extract"),
    "resx": ("root", RESX, "content/Strings.resx", "extract"),
}


def attack(kind: str, root: str, secret: Path, url: str) -> tuple[str, str]:
    """``(internal subset or external id, payload)`` of one attack against a document rooted at ``root``."""
    if kind == "billion-laughs":
        levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
        return f"<!DOCTYPE {root} [{''.join(levels)}]>", "&l9;"
    if kind == "quadratic":
        return f'<!DOCTYPE {root} [<!ENTITY a "{"A" * 100_000}">]>', "&a;" * 20_000
    if kind == "external-file":
        return f'<!DOCTYPE {root} [<!ENTITY e SYSTEM "file://{secret}">]>', "&e;"
    if kind == "external-http":
        return f'<!DOCTYPE {root} [<!ENTITY e SYSTEM "{url}/entity">]>', "&e;"
    if kind == "parameter-entity":
        return f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "Hi"
    if kind == "external-dtd":
        return f'<!DOCTYPE {root} SYSTEM "{url}/doc.dtd">', "&e;"
    raise ValueError(kind)


ATTACKS = ["billion-laughs", "quadratic", "external-file", "external-http", "parameter-entity", "external-dtd"]


def hostile_document(fmt: str, kind: str, secret: Path, url: str) -> bytes:
    root, template, _, _ = FORMATS[fmt]
    doctype, payload = attack(kind, root, secret, url)
    body = template.format(payload=payload, doc="content/a.md")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n{body}\n'.encode()


# -- the traps -----------------------------------------------------------------------------------


class FifoTrap:
    """A named pipe that records whether anything opened it for reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno == errno.ENXIO:
                    continue
                raise
            self.opened = True
            os.write(fd, b"SECRET-MARKER")
            os.close(fd)

    def __enter__(self) -> FifoTrap:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class LoopbackServer:
    """An HTTP server on 127.0.0.1 that answers every GET with an entity and records the paths asked."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                owner.requests.append(self.path)
                body = b'<!ENTITY e "SECRET-MARKER">'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
