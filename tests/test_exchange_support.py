"""Shared material for the exchange tests: schemas, gettext's msgfmt, a tricky package.

The OASIS schemas are loaded from ``tests/data/schemas`` (copies, so the suite
is self-contained); ``xml.xsd``, which the XLIFF 1.2 strict schema imports
from the W3C web site, is resolved to the local copy so nothing touches the
network. The tests at the bottom check that the schemas really reject.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from locflow.exchange import (
    ExchangeFile,
    ExchangeSegment,
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    MatchOffer,
    TermHint,
)
from locflow.exchange.plaintext import with_codes_of
from locflow.model import Code, CodeKind, Locale, Segment, State
from tests.shared_corpus import SHARED

DATA = Path(__file__).resolve().parent / "data"
SCHEMAS = DATA / "schemas"
EXCHANGE_DATA = DATA / "exchange"
# ../shared beside the repository; LOCFLOW_SHARED points elsewhere (a git worktree lives deeper).
CORPUS = SHARED / "corpus"
MSGFMT = shutil.which("msgfmt")


def corpus_dir(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    return path


# -- schemas --------------------------------------------------------------------------------


class _LocalSchemas(etree.Resolver):
    """Serve the W3C xml.xsd from disk instead of the web."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
        return None


@lru_cache(maxsize=None)
def xliff12_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"), parser))


@lru_cache(maxsize=None)
def xliff2_schema() -> etree.XMLSchema:
    """XLIFF 2.0 core with the matches, glossary and metadata modules."""
    base = SCHEMAS / "xliff-2.0"
    imports = {
        "urn:oasis:names:tc:xliff:document:2.0": "xliff_core_2.0.xsd",
        "urn:oasis:names:tc:xliff:matches:2.0": "matches.xsd",
        "urn:oasis:names:tc:xliff:glossary:2.0": "glossary.xsd",
        "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
    }
    lines = "".join(f'<xs:import namespace="{ns}" schemaLocation="{base / name}"/>' for ns, name in imports.items())
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{lines}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver.encode()))


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]


def msgfmt_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if MSGFMT is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    po = tmp_path / "check.po"
    po.write_bytes(data)
    return subprocess.run(
        [MSGFMT, "--check", "-o", str(tmp_path / "check.mo"), str(po)], capture_output=True, text=True, timeout=60
    )


# -- a package that exercises every corner ------------------------------------------------------

EN, DE = Locale("en"), Locale("de")
B_OPEN = Code("1", CodeKind.OPEN, "**", "bold")
B_CLOSE = Code("1", CodeKind.CLOSE, "**", "bold")
LINK_OPEN = Code("2", CodeKind.OPEN, '<a href="https://help.example.com/refund?x=1&y=2" title=\'Refund\'>', "link")
LINK_CLOSE = Code("2", CodeKind.CLOSE, "</a>", "link")
NAME = Code("3", CodeKind.STANDALONE, "{name}", "placeholder", disp="customer name")
URL = Code("4", CodeKind.STANDALONE, "https://help.example.com/a?b=1&c=<2>", "url")
ODD_ID = Code("x y/é", CodeKind.STANDALONE, "%(count)d", "placeholder")
MULTILINE_DATA = Code("5", CodeKind.STANDALONE, "<br>\n  ", "tag")


def seg(*parts: str | Code) -> Segment:
    return Segment.of(*parts)


TRICKY_TEXTS = {
    "lt-amp": seg("If a < b && c > d, see ]]> and \"quotes\" or 'single' ones."),
    "unicode": seg("Grüße aus Köln – 日本語のテキスト 😀 and a\u00a0no-break space."),
    "newlines": seg("First line\nsecond line\r\nthird\tcolumn"),
    "marker-lookalikes": seg("Type <1> or </2> or <3/> literally, or <<, or <b>bold</b>."),
    "lt-before-code": seg("less than <", NAME, " and <", B_OPEN, "x", B_CLOSE, " end <"),
    "leading-space": seg("  indented and trailing  "),
    "percent": seg("50% of %-looking %d text"),
}


def sample_package(*, project: str = "helpcenter") -> ExportPackage:
    """Two documents with codes, tricky text, every state, matches, terms, a plural and a partial unit."""
    faq_units = [
        ExportUnit(
            "faq[refund-window].answer",
            (
                ExportSegment(
                    "faq[refund-window].answer",
                    seg("You can ask for a ", B_OPEN, "refund", B_CLOSE, " within 30 days, ", NAME, "."),
                    seg("Sie können innerhalb von 30 Tagen eine ", B_OPEN, "Rückerstattung", B_CLOSE, " beantragen, ", NAME, "."),
                    State.TRANSLATED,
                    matches=(
                        MatchOffer(
                            seg("You can ask for a ", B_OPEN, "refund", B_CLOSE, " within 14 days."),
                            seg("Sie können innerhalb von 14 Tagen eine ", B_OPEN, "Rückerstattung", B_CLOSE, " beantragen."),
                            87.5,
                            "tm",
                        ),
                        MatchOffer(seg("You can ask for a refund."), seg("Sie können eine Erstattung verlangen."), 0, "mt:deepl"),
                    ),
                    terms=(TermHint("refund", "Rückerstattung", "not 'Erstattung'"), TermHint("day", "", "", forbidden=True)),
                    note="Polite form.",
                ),
                ExportSegment(
                    "faq[refund-window].answer#2",
                    seg("Read the ", LINK_OPEN, "refund policy", LINK_CLOSE, " at ", URL, "."),
                    seg("Lesen Sie die ", LINK_OPEN, "Erstattungsrichtlinie", LINK_CLOSE, " unter ", URL, "."),
                    State.MT,
                ),
                ExportSegment("faq[refund-window].answer#3", seg("Thanks", MULTILINE_DATA, "for asking!"), None, State.NEW),
            ),
            note="Answer in the refund FAQ.\nShown on the help center home page.",
            kind="answer",
            max_length=300,
        ),
        ExportUnit(
            "md:12",
            (
                ExportSegment(
                    "md:12#2",
                    seg("Only the second sentence is stale: ", ODD_ID, " items."),
                    seg("Nur der zweite Satz ist veraltet: ", ODD_ID, " Elemente."),
                    State.STALE,
                    previous_source=seg("Only the second sentence was stale: ", ODD_ID, " items."),
                ),
            ),
            kind="heading",
        ),
        ExportUnit(
            "responses.utter_goodbye[0].text",
            (ExportSegment("responses.utter_goodbye[0].text", seg("Goodbye!"), seg("Auf Wiedersehen!"), State.APPROVED),),
        ),
        ExportUnit(
            "count.files",
            (
                ExportSegment(
                    "count.files",
                    seg(NAME, " has one file"),
                    None,
                    State.TRANSLATED,
                    source_plural=seg(NAME, " has many files"),
                    target_plurals=(seg(NAME, " hat eine Datei"), seg(NAME, " hat viele Dateien")),
                ),
            ),
        ),
    ]
    for index, state in enumerate([State.FUZZY, State.TM, State.REVIEWED]):
        key = f"status.{state.value}"
        faq_units.append(ExportUnit(key, (ExportSegment(key, seg(f"State {state.value}"), seg(f"Zustand {state.value}"), state),)))
    tricky_units = [
        ExportUnit(f"tricky.{name}", (ExportSegment(f"tricky.{name}", text, text.map_text(str.upper), State.TRANSLATED),))
        for name, text in TRICKY_TEXTS.items()
    ]
    tricky_units.append(
        ExportUnit("tricky.untranslated", (ExportSegment("tricky.untranslated", seg("Nothing yet for ", URL, ".")),))
    )
    return ExportPackage(
        EN,
        DE,
        (
            ExportDocument("help/faq refund.md", tuple(faq_units), format="markdown"),
            ExportDocument("chat/domain.yml", tuple(tricky_units), format="rasa-domain"),
        ),
        project=project,
        created=datetime(2024, 5, 17, 9, 30, tzinfo=timezone.utc),
        package_id="pkg-0001",
    )


def code_view(segment: Segment | None) -> list[object] | None:
    """Text and codes (id, kind, data): what every format must give back."""
    if segment is None:
        return None
    return [p if isinstance(p, str) else (p.id, p.kind.value, p.data) for p in segment.parts]


def expected_state(unit: ExportUnit, segment: ExportSegment, format: str) -> State:
    """The state a segment comes back with: its own, in every format (NEW without a target)."""
    if segment.target is None and not segment.target_plurals:
        return State.NEW
    return segment.state


def as_imported(read: ExchangeSegment, file_format: str, source: Segment, plural: Segment | None = None) -> ExchangeSegment:
    """What the import works with: PO shows codes as their text, and the import finds them again."""
    return with_codes_of(read, source, plural) if file_format == "po" else read


def assert_round_trip(package: ExportPackage, read: ExchangeFile, *, states: bool = True) -> None:
    """Every exported segment comes back with its source, target, codes, state and plurals."""
    by_key = {(s.document, s.id): s for s in read.segments}
    expected = [(d.path, u, s) for d in package.documents for u in d.units for s in u.segments]
    assert len(read.segments) == len(expected)
    for document, unit, segment in expected:
        got = as_imported(by_key[(document, segment.key)], read.format, segment.source, segment.source_plural)
        assert code_view(got.source) == code_view(segment.source), segment.key
        if segment.is_plural:
            assert code_view(got.source_plural) == code_view(segment.source_plural), segment.key
            assert [code_view(f) for f in got.target_plurals][: len(segment.target_plurals)] == [
                code_view(f) for f in segment.target_plurals
            ], segment.key
        elif segment.target is None:
            assert got.target is None or got.target.is_empty(), segment.key
        else:
            assert code_view(got.target) == code_view(segment.target), segment.key
        if states:
            assert got.state == expected_state(unit, segment, read.format), segment.key
        if segment.previous_source is not None and read.format != "xliff2":
            assert code_view(got.previous_source) == code_view(segment.previous_source), segment.key


# -- the schemas themselves ------------------------------------------------------------------------


def test_xliff12_schema_rejects_an_invalid_state():
    bad = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" source-language="en"'
        b' datatype="plaintext"><body><trans-unit id="1"><source>a</source><target state="done">b</target>'
        b"</trans-unit></body></file></xliff>"
    )
    assert any("state" in error for error in schema_errors(xliff12_schema(), bad))


def test_xliff2_schema_checks_the_modules_too():
    bad = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"'
        b' version="2.0" srcLang="en"><file id="f1"><unit id="u1"><mtc:matches><mtc:match ref="#s1"'
        b' matchQuality="101"><source>a</source><target>b</target></mtc:match></mtc:matches>'
        b"<segment><source>a</source></segment></unit></file></xliff>"
    )
    assert any("matchQuality" in error for error in schema_errors(xliff2_schema(), bad))


def test_the_schema_copies_match_the_shared_ones():
    shared = SHARED / "schemas"
    if not shared.exists():
        pytest.skip("../shared/schemas not available")
    for copy in SCHEMAS.rglob("*.xsd"):
        assert copy.read_bytes() == (shared / copy.relative_to(SCHEMAS)).read_bytes(), copy


# -- foreign files back out: an exchange file as a package ---------------------------------------


def package_from(read: ExchangeFile, target: Locale | None = None) -> ExportPackage:
    """What an export of the segments read from ``read`` would look like (one unit per unit key).

    Segments whose (document, id) was already seen are left out (foreign files
    may repeat ids); every segment keeps its state, plurals and previous source.
    """
    from locflow.model import split_segment_key

    documents: dict[str, dict[str, list[ExportSegment]]] = {}
    seen: set[tuple[str, str]] = set()
    for segment in read.segments:
        document = segment.document or "(none)"
        if (document, segment.id) in seen:
            continue
        seen.add((document, segment.id))
        unit_key = split_segment_key(segment.id)[0]
        documents.setdefault(document, {}).setdefault(unit_key, []).append(
            ExportSegment(
                segment.id,
                segment.source,
                segment.target,
                segment.state or State.NEW,
                previous_source=segment.previous_source,
                source_plural=segment.source_plural,
                target_plurals=segment.target_plurals,
            )
        )
    return ExportPackage(
        read.source_locale or EN,
        target or read.target_locale or DE,
        tuple(
            ExportDocument(path, tuple(ExportUnit(key, tuple(segments)) for key, segments in units.items()))
            for path, units in documents.items()
        ),
    )


def same_content(first: ExchangeFile, second: ExchangeFile, *, plural_forms: int | None = None) -> list[str]:
    """Differences in ids, sources, targets and codes between two reads (empty when the same).

    ``plural_forms`` limits the comparison of plural targets to that many forms
    (a PO export writes as many as the target locale has).
    """
    sources = {(s.document or "(none)", s.id): s for s in first.segments}

    def view(file: ExchangeFile) -> dict[tuple[str, str], tuple[object, ...]]:
        out = {}
        for s in file.segments:
            key = (s.document or "(none)", s.id)
            if key in sources:
                s = as_imported(s, file.format, sources[key].source, sources[key].source_plural)
            if key not in out:
                target = None if s.target is None or s.target.is_empty() else code_view(s.target)
                plurals = tuple(code_view(p) for p in s.target_plurals[:plural_forms] if not p.is_empty())
                out[key] = (code_view(s.source), target, code_view(s.source_plural), plurals)
        return out

    a, b = view(first), view(second)
    problems = [f"missing {key}" for key in a.keys() - b.keys()] + [f"extra {key}" for key in b.keys() - a.keys()]
    problems += [f"{key}: {a[key]} != {b[key]}" for key in a.keys() & b.keys() if a[key] != b[key]]
    return problems
