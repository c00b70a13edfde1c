"""Generated documents for the property tests and for ``scripts/fuzz``.

Two kinds of generator per format:

- *mutations of real files*: a sample of the format (the test data, the bundled example) with
  random edits made of the characters its syntax cares about, so most inputs are nearly valid
  and reach deep into the parser;
- *structured documents* built from the format's own constructs with hostile text in them.

:func:`check_filter_round_trip` is the property every filter must hold on any input: extract
then merge with the source as target gives the same bytes, or extraction fails with a
:class:`~locflow.errors.LocflowError` (a clean, reported error), never another exception.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path, PurePosixPath

from hypothesis import strategies as st

from locflow import plugins
from locflow.errors import LocflowError
from locflow.model import Code, CodeKind, Locale, Part, Segment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

#: filter -> sample files (their names matter: some filters read the name)
SAMPLE_FILES: dict[str, list[str]] = {
    "markdown": ["markdown/getting-started.md", "markdown/tables-and-links.md", "markdown/hugo-shortcodes.md",
                 "markdown/docusaurus-admonitions.md", "markdown/myst-directives.md", "markdown/japanese-guide.md"],
    "html": ["html/reset-password.html", "html/faq-latin1.html", "../../examples/helpdesk/content/html/contact.html"],
    "mediawiki": ["mediawiki/Help_Getting_started.wiki", "mediawiki/Translatable_FAQ.wiki", "mediawiki/Contact_crlf.wiki"],
    "rasa-nlu": ["chatbot/nlu.yml", "chatbot/nlu.md"],
    "rasa-domain": ["chatbot/domain.yml"],
    "dialogflow": ["chatbot/dialogflow/intents/order.status.json", "chatbot/dialogflow/intents/order.status_usersays_en.json",
                   "chatbot/dialogflow/entities/delivery-option_entries_en.json"],
    "botframework": ["chatbot/botframework/orders.lu", "chatbot/botframework/faq.qna"],
    "faq": ["faq/help-center.yml", "faq/faq.csv", "faq/kb.json"],
    "keyvalue": ["keyvalue/translation.json", "keyvalue/en.yml"],
    "catalog": ["catalog/strings.xml", "catalog/HelpCenter.properties", "catalog/Resources.resx", "catalog/Localizable.strings",
                "catalog/Localizable-utf16.strings", "catalog/messages.php", "catalog/app_en.arb"],
    "po": ["qa/tricky.de.po", "po/legacy_latin1.po"],
    "dita": ["xmlmanual/install-agent.dita", "xmlmanual/sync-concept.dita"],
    "docbook": ["xmlmanual/restore-guide.xml", "xmlmanual/backup-admin-guide.dbk"],
    "mallard": ["xmlmanual/getting-started.page"],
}

#: Characters the formats' syntax turns on, and a few that break encodings and line handling.
SYNTAX = list("<>&;\"'=/\\#*_`[](){}|!:-+~%$@^,.?\t\n\r ") + [
    "\u00a0", "\u200b", "\ufeff", "\u2028", "é", "日本", "\U0001f600", "\x00", "\x1b", "&amp;", "&#x0;", "&#65;",
    "<!--", "-->", "<![CDATA[", "]]>", "```", "~~~", "{{", "}}", "[[", "]]", "\\u00e9", "%s", "{0}", "{{name}}",
    "\n\n", "\r\n", "---\n", "  ", "msgid ", "msgstr ", '"\n"', "- ", "1. ", "> ", "<b>", "</b>", "<br/>", "\\n",
]


def samples(filter_name: str) -> list[tuple[str, bytes]]:
    return _samples(filter_name)


@cache
def _samples(filter_name: str) -> list[tuple[str, bytes]]:
    return [(Path(name).name, (DATA / name).resolve().read_bytes()) for name in SAMPLE_FILES[filter_name]]


@st.composite
def mutated(draw: st.DrawFn, originals: list[tuple[str, bytes]], *, max_edits: int = 6) -> tuple[str, bytes]:
    """A sample with up to ``max_edits`` random insertions, deletions and replacements."""
    name, data = draw(st.sampled_from(originals))
    text = bytearray(data)
    for _ in range(draw(st.integers(0, max_edits))):
        position = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(SYNTAX) | st.text(max_size=4)).encode("utf-8")
        operation = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        end = min(len(text), position + draw(st.integers(1, 40)))
        if operation == "insert":
            text[position:position] = piece
        elif operation == "delete":
            del text[position:end]
        elif operation == "replace":
            text[position:end] = piece
        else:
            text[position:position] = text[position:end]
    return name, bytes(text)


#: Text with the characters formats treat specially, for structured documents.
hostile_text = st.lists(st.sampled_from(SYNTAX) | st.text(max_size=3), max_size=10).map("".join)


@st.composite
def markdown_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    block = st.one_of(
        st.builds(lambda t, n: "#" * n + " " + t, hostile_text, st.integers(1, 6)),
        hostile_text,
        st.builds(lambda items: "\n".join(f"- {i}" for i in items), st.lists(hostile_text, min_size=1, max_size=4)),
        st.builds(lambda t: f"```\n{t}\n```", hostile_text),
        st.builds(lambda a, b: f"[{a}]({b})", hostile_text, hostile_text),
        st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", hostile_text, hostile_text),
        st.builds(lambda t: f"> {t}", hostile_text),
        st.builds(lambda t: f"---\ntitle: {t}\n---", hostile_text),
    )
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    return "page.md", separator.join(draw(st.lists(block, min_size=1, max_size=8))).encode()


@st.composite
def xml_documents(draw: st.DrawFn, root: str, children: list[str], name: str, namespace: str = "") -> tuple[str, bytes]:
    """A tree of the format's elements with hostile (escaped or raw) text and attributes."""

    def element(depth: int) -> str:
        tag = draw(st.sampled_from(children))
        parts = []
        for _ in range(draw(st.integers(0, 3))):
            if depth < 3 and draw(st.booleans()):
                parts.append(element(depth + 1))
            else:
                text = draw(hostile_text)
                parts.append(text if draw(st.integers(0, 9)) == 0 else _xml_escape(text))
        attribute = f' id="{_xml_escape(draw(hostile_text))}"' if draw(st.booleans()) else ""
        return f"<{tag}{attribute}>{''.join(parts)}</{tag}>"

    body = "".join(element(0) for _ in range(draw(st.integers(1, 4))))
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>\n', "", '<?xml version="1.0"?>\r\n']))
    return name, f"{prolog}<{root}{xmlns}>{body}</{root}>\n".encode()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@st.composite
def json_documents(draw: st.DrawFn, name: str) -> tuple[str, bytes]:
    leaves = st.one_of(hostile_text, st.integers(), st.booleans(), st.none())
    tree = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3), max_leaves=12)
    value = draw(st.dictionaries(hostile_text, tree, min_size=1, max_size=4))
    return name, json.dumps(value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))).encode()


@st.composite
def po_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'

    entries = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    for number, text in enumerate(draw(st.lists(hostile_text.filter(bool), min_size=1, max_size=6, unique=True))):
        comment = f"#: page.md:{number}\n" if draw(st.booleans()) else ""
        context = f"msgctxt {quoted(draw(hostile_text))}\n" if draw(st.booleans()) else ""
        entries.append(f"{comment}{context}msgid {quoted(text)}\nmsgstr {quoted(draw(hostile_text))}\n")
    return "messages.po", "\n".join(entries).encode()


@st.composite
def html_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    _, body = draw(xml_documents("body", ["p", "h1", "li", "ul", "div", "b", "a", "code", "span", "td", "button", "pre"], "page.html"))
    lang = draw(st.sampled_from(['<html lang="en">', "<html>", "<HTML>", ""]))
    return "page.html", b"<!DOCTYPE html>\n" + lang.encode() + body


def structured(filter_name: str) -> st.SearchStrategy[tuple[str, bytes]] | None:
    """The structured generator of a filter, or None where mutations of samples do the job."""
    return {
        "markdown": markdown_documents(),
        "html": html_documents(),
        "dita": xml_documents("topic", ["title", "p", "b", "ph", "codeph", "note", "ul", "li", "shortdesc"], "t.dita"),
        "docbook": xml_documents("article", ["title", "para", "emphasis", "literal", "section", "itemizedlist", "listitem"], "a.xml",
                                 "http://docbook.org/ns/docbook"),
        "mallard": xml_documents("page", ["title", "p", "em", "code", "section", "list", "item"], "p.page", "http://projectmallard.org/1.0/"),
        "keyvalue": json_documents("strings.json"),
        "faq": json_documents("kb.json"),
        "po": po_documents(),
    }.get(filter_name)


def documents(filter_name: str) -> st.SearchStrategy[tuple[str, bytes]]:
    strategy = mutated(samples(filter_name))
    extra = structured(filter_name)
    return strategy if extra is None else strategy | extra


def check_filter_round_trip(filter_name: str, name: str, data: bytes) -> None:
    """Extract ``data``; the source as target (and no translation at all) must build ``data`` again."""
    filter_ = plugins.load("locflow.filters", filter_name)()
    path = PurePosixPath(name)
    try:
        document = filter_.extract(data, path=path, locale=Locale("en"))
    except LocflowError:
        return
    same = {key: segment for _, key, segment in document.segments()}
    assert filter_.merge(document, same, Locale("de")) == data, "source as target changed the file"
    assert filter_.merge(document, {}, Locale("de")) == data, "no translation changed the file"


def filter_names() -> list[str]:
    return sorted(plugins.available("locflow.filters"))


# -- segments with codes (masking, privacy) --------------------------------------------------------


@st.composite
def segments_with_codes(draw: st.DrawFn, text: st.SearchStrategy[str] = hostile_text) -> Segment:
    """A segment of text and properly nested codes with unit-unique ids, as filters make them."""
    counter = iter(range(1, 10_000))

    def parts(depth: int) -> list[Part]:
        out: list[Part] = []
        for _ in range(draw(st.integers(0, 4))):
            choice = draw(st.integers(0, 3 if depth < 3 else 1))
            if choice <= 1:
                out.append(draw(text))
            elif choice == 2:
                out.append(Code(str(next(counter)), CodeKind.STANDALONE, draw(st.sampled_from(["<br/>", "{name}", "%s", "<img/>"])), "tag"))
            else:
                code_id = str(next(counter))
                out.append(Code(code_id, CodeKind.OPEN, "<b>", "bold"))
                out.extend(parts(depth + 1))
                out.append(Code(code_id, CodeKind.CLOSE, "</b>", "bold"))
        return out

    return Segment(tuple(parts(0)))


# -- exchange, TM and termbase files -------------------------------------------------------------

XLIFF2_SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de">
 <file id="f1" original="content/faq.md">
  <unit id="u1" name="md:p">
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>
   <segment id="s1" state="translated"><source>Click <pc id="1" dataRefStart="d1" dataRefEnd="d2">Save</pc> now.<ph id="2" dataRef="d3"/></source>
   <target>Klicken Sie <pc id="1" dataRefStart="d1" dataRefEnd="d2">Speichern</pc>.<ph id="2" dataRef="d3"/></target></segment>
   <segment id="s2"><source>Then <sc id="3"/>wait<ec startRef="3"/> &amp; see.</source><target>Dann warten.</target></segment>
  </unit>
  <unit id="u2"><notes><note>Keep it short</note></notes><segment><source>Hello</source><target>Hallo</target></segment></unit>
 </file>
</xliff>
""".encode()


@cache
def exchange_samples() -> list[tuple[str, bytes]]:
    files = ["exchange/spanning-codes.xlf", "exchange/okapi-style-multifile.xlf", "exchange/legacy-latin2.po", "qa/tricky.de.po"]
    return [(Path(name).name, (DATA / name).read_bytes()) for name in files] + [("faq.xlf", XLIFF2_SAMPLE)]


@cache
def tmx_samples() -> list[tuple[str, bytes]]:
    return [("support-en-de.tmx", (DATA / "tm" / "support-en-de.tmx").read_bytes())]


@cache
def tbx_samples() -> list[tuple[str, bytes]]:
    return [("acme.tbx", (ROOT / "examples" / "helpdesk" / "glossary" / "acme.tbx").read_bytes())]


@cache
def srx_samples() -> list[tuple[str, bytes]]:
    return [("custom.srx", (DATA / "srx" / "custom.srx").read_bytes())]
