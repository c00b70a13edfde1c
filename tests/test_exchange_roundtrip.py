"""Export -> validate -> read back: every format, every state, codes, plurals, tricky text."""

from __future__ import annotations

import itertools

import polib
import pytest
from lxml import etree

from locflow.exchange import (
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    export_files,
    read_exchange_bytes,
    write_exchange,
    write_po,
    write_xliff12,
    write_xliff2,
)
from locflow.exchange.markers import from_marked, to_marked
from locflow.exchange.xmlwrite import from_nmtoken, to_nmtoken
from locflow.model import Code, CodeKind, Locale, Segment, State
from tests.test_exchange_support import (
    as_imported,
    DE,
    EN,
    NAME,
    assert_round_trip,
    code_view,
    msgfmt_check,
    sample_package,
    schema_errors,
    seg,
    xliff2_schema,
    xliff12_schema,
)

WRITERS = {
    "xliff12": write_xliff12,
    "xliff2": write_xliff2,
    "xliff21": lambda package: write_xliff2(package, version="2.1"),
    "po": write_po,
}


def one_unit_package(*segments: ExportSegment, target: Locale = DE, key: str = "k") -> ExportPackage:
    return ExportPackage(EN, target, (ExportDocument("doc.md", (ExportUnit(key, segments),)),))


# -- validity ---------------------------------------------------------------------------------


def test_xliff12_export_is_valid_against_the_strict_schema():
    assert schema_errors(xliff12_schema(), write_xliff12(sample_package())) == []


@pytest.mark.parametrize("version", ["2.0", "2.1"])
def test_xliff2_export_is_valid_against_core_and_modules(version):
    data = write_xliff2(sample_package(), version=version)
    assert schema_errors(xliff2_schema(), data) == []
    root = etree.fromstring(data)
    assert root.get("version") == version
    used = {etree.QName(el).namespace for el in root.iter() if isinstance(el.tag, str)}
    assert {"urn:oasis:names:tc:xliff:matches:2.0", "urn:oasis:names:tc:xliff:glossary:2.0", "urn:oasis:names:tc:xliff:metadata:2.0"} <= used


def test_po_export_passes_msgfmt_check_and_reads_with_polib(tmp_path):
    data = write_po(sample_package())
    result = msgfmt_check(data, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    catalog = polib.pofile(data.decode("utf-8"))
    assert catalog.metadata["Language"] == "de"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["X-Generator"].startswith("locflow")
    entries = {entry.msgctxt: entry for entry in catalog}
    assert catalog.metadata["X-Locflow-Package"] == "pkg-0001"
    answer = entries["help/faq refund.md::faq[refund-window].answer"]
    assert answer.msgid == "You can ask for a **refund** within 30 days, {name}."  # as a PO editor shows it
    assert "{name}" not in answer.comment  # nothing to decode: no marker declarations
    assert "Term: refund -> Rückerstattung (not 'Erstattung')" in answer.comment
    assert entries["help/faq refund.md::faq[refund-window].answer#2"].fuzzy  # MT draft
    stale = entries["help/faq refund.md::md:12#2"]
    assert stale.fuzzy and stale.previous_msgid.startswith("Only the second sentence was stale")
    plural = entries["help/faq refund.md::count.files"]
    assert plural.msgid_plural == "{name} has many files"
    assert plural.msgstr_plural == {0: "{name} hat eine Datei", 1: "{name} hat viele Dateien"}
    assert len(catalog) == sample_package().segment_count()


def test_text_without_codes_is_not_escaped_in_po():
    data = write_po(sample_package()).decode("utf-8")
    assert 'msgid "Type <1> or </2> or <3/> literally, or <<, or <b>bold</b>."' in data
    # text that reads like one of its codes keeps declared markers, so nothing is ambiguous
    assert 'msgid "less than <<<3/> and <<<1>x</1> end <"' not in data
    assert 'msgid "less than <{name} and <**x** end <"' in data


# -- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_sample_package_round_trips(name):
    package = sample_package()
    read = read_exchange_bytes(WRITERS[name](package), f"out.{name}")
    assert read.source_locale == EN and read.target_locale == DE
    assert_round_trip(package, read)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writing_is_deterministic(name):
    assert WRITERS[name](sample_package()) == WRITERS[name](sample_package())


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_state_comes_back(name, state):
    target = None if state is State.NEW else seg("Hallo")
    package = one_unit_package(ExportSegment("k", seg("Hello"), target, state))
    (read,) = read_exchange_bytes(WRITERS[name](package), "x").segments
    assert read.state is state


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_control_characters_survive(name):
    package = one_unit_package(ExportSegment("k", seg("bell\x07 and\x18 cancel"), seg("Glocke\x07\x18"), State.TRANSLATED))
    (read,) = read_exchange_bytes(WRITERS[name](package), "x").segments
    assert read.source.text == "bell\x07 and\x18 cancel"
    assert read.target.text == "Glocke\x07\x18"
    if name.startswith("xliff"):
        schema = xliff12_schema() if name == "xliff12" else xliff2_schema()
        assert schema_errors(schema, WRITERS[name](package)) == []


@pytest.mark.parametrize("locale,forms", [("ja", 1), ("ru", 3), ("ar", 6)])
def test_plural_forms_follow_the_target_locale(tmp_path, locale, forms):
    given = tuple(seg(NAME, f" form {n}") for n in range(forms))
    segment = ExportSegment("n", seg(NAME, " file"), None, State.TRANSLATED, source_plural=seg(NAME, " files"), target_plurals=given)
    package = one_unit_package(segment, target=Locale(locale), key="n")
    po = write_po(package)
    assert msgfmt_check(po, tmp_path).returncode == 0
    assert polib.pofile(po.decode()).metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    for name in ("po", "xliff12", "xliff2"):
        (read,) = read_exchange_bytes(WRITERS[name](package), "x").segments
        read = as_imported(read, name, segment.source, segment.source_plural)
        assert [code_view(p) for p in read.target_plurals][:forms] == [code_view(p) for p in given], name
        assert code_view(read.source_plural) == code_view(seg(NAME, " files"))


def test_xliff12_pairs_and_isolated_codes():
    open_only = Code("7", CodeKind.OPEN, "<span>")
    package = one_unit_package(
        ExportSegment("k", seg("a ", open_only, "b"), None),
        ExportSegment("k#2", seg("c", Code("7", CodeKind.CLOSE, "</span>"), " d ", Code("8", CodeKind.CLOSE, "</i>")), None),
    )
    data = write_xliff12(package)
    assert schema_errors(xliff12_schema(), data) == []
    text = data.decode()
    # one trans-unit per segment: a span that opens in one segment and closes in the next is
    # isolated in each (<it>), like </i>, which has no start at all
    assert '<it id="7" pos="open" equiv-text="&lt;span&gt;">&lt;span&gt;</it>' in text
    assert '<it id="7" pos="close" equiv-text="&lt;/span&gt;">&lt;/span&gt;</it>' in text
    assert '<it id="8" pos="close" equiv-text="&lt;/i&gt;">&lt;/i&gt;</it>' in text
    read = read_exchange_bytes(data, "x")
    assert [code_view(s.source) for s in read.segments] == [code_view(s.source) for s in package.documents[0].units[0].segments]


def test_xliff2_spanning_overlapping_and_isolated_codes():
    b1, b2 = Code("1", CodeKind.OPEN, "<b>"), Code("1", CodeKind.CLOSE, "</b>")
    i1, i2 = Code("2", CodeKind.OPEN, "<i>"), Code("2", CodeKind.CLOSE, "</i>")
    u1, u2 = Code("4", CodeKind.OPEN, "<u>"), Code("4", CodeKind.CLOSE, "</u>")
    lone = Code("3", CodeKind.CLOSE, "</span>")
    package = one_unit_package(
        ExportSegment("k", seg("x ", b1, "bold ", i1, "both", b2, " italic", i2), None),
        ExportSegment("k#2", seg("y ", u1, "opens here"), None),
        ExportSegment("k#3", seg("and closes", u2, " here", lone), None),
    )
    data = write_xliff2(package)
    assert schema_errors(xliff2_schema(), data) == []
    text = data.decode()
    # <b> and <i> overlap: <i> nests as a pc, <b> becomes sc/ec
    assert (
        '<sc id="1" dataRef="d1" disp="&lt;b&gt;"/>bold <pc id="2" dataRefStart="d2" dataRefEnd="d3" dispStart="&lt;i&gt;"'
        ' dispEnd="&lt;/i&gt;">both<ec startRef="1" dataRef="d4" disp="&lt;/b&gt;"/>'
    ) in text
    # <u> spans two segments: sc in one, ec with startRef in the next, not isolated
    assert '<sc id="4" dataRef="d5" disp="&lt;u&gt;"/>opens here' in text
    assert 'and closes<ec startRef="4" dataRef="d6" disp="&lt;/u&gt;"/>' in text
    assert '<ec id="3" isolated="yes" dataRef="d7" disp="&lt;/span&gt;"/>' in text
    read = read_exchange_bytes(data, "x")
    assert [code_view(s.source) for s in read.segments] == [code_view(s.source) for s in package.documents[0].units[0].segments]
    assert all(not s.problem for s in read.segments)


def test_partial_unit_keeps_segment_keys():
    """Only the 2nd and 4th segments of a unit are exported; their keys survive every format."""
    package = one_unit_package(ExportSegment("k#2", seg("two"), seg("zwei"), State.TRANSLATED), ExportSegment("k#4", seg("four")))
    for name, write in WRITERS.items():
        assert [s.id for s in read_exchange_bytes(write(package), "x").segments] == ["k#2", "k#4"], name


def test_xliff2_ids_are_nmtokens_and_names_keep_the_key():
    keys = ["faq[refund].answer", "md:12", "a b/ü", "literal _x0041_ escape", "utter_goodbye"]
    for key in keys:
        token = to_nmtoken(key)
        assert from_nmtoken(token) == key
        assert all(ch.isalnum() or ch in "._-:" for ch in token) and token.isascii()
    package = ExportPackage(EN, DE, (ExportDocument("d", tuple(ExportUnit(k, (ExportSegment(k, seg(k)),)) for k in keys)),))
    data = write_xliff2(package)
    assert schema_errors(xliff2_schema(), data) == []
    assert [s.id for s in read_exchange_bytes(data, "x").segments] == keys


def test_export_files_one_per_document_or_a_bundle():
    package = sample_package()
    per_document = export_files(package, "xliff12")
    assert [str(f.path) for f in per_document] == ["de/help/faq refund.md.xlf", "de/chat/domain.yml.xlf"]
    assert [f.segments for f in per_document] == [d.segment_count() for d in package.documents]
    for file in per_document:
        read = read_exchange_bytes(file.data, str(file.path))
        assert {s.document for s in read.segments} == set(file.documents)
    (bundle,) = export_files(package, "po", bundle=True)
    assert str(bundle.path) == "helpcenter.de.po"
    assert_round_trip(package, read_exchange_bytes(bundle.data, "b.po"))
    (single,) = export_files(package, "po")[:1]
    assert b'msgctxt "faq[refund-window].answer"' in single.data  # no document prefix in a one-document PO
    empty = ExportPackage(EN, DE, (ExportDocument("nothing.md", ()),))
    assert export_files(empty, "xliff2") == []
    assert write_exchange(package, "xliff2", version="2.1") == write_xliff2(package, version="2.1")


# -- PO markers ---------------------------------------------------------------------------------------

_ALPHABET = ["<", ">", "/", "1", "a", " ", "<<"]
_CODES = [Code("1", CodeKind.OPEN, "<b>"), Code("1", CodeKind.CLOSE, "</b>"), Code("1", CodeKind.STANDALONE, "{x}")]


def test_markers_round_trip_every_short_mix_of_text_and_codes():
    table = {(c.id, c.kind): c for c in _CODES}
    pieces = _ALPHABET + _CODES
    checked = 0
    for length in range(1, 5):
        for combo in itertools.product(pieces, repeat=length):
            segment = Segment(tuple(combo))
            if not segment.codes:
                continue
            assert from_marked(to_marked(segment), table) == segment, combo
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_plural_entry_does_not_collide_with_a_key_that_looks_like_its_forms(name):
    plural = ExportSegment("n", seg("one"), None, State.TRANSLATED, source_plural=seg("many"), target_plurals=(seg("eins"), seg("viele")))
    lookalike = ExportSegment("n[0]", seg("zero"), seg("null"), State.TRANSLATED)
    package = ExportPackage(EN, DE, (ExportDocument("d.md", (ExportUnit("n", (plural,)), ExportUnit("n[0]", (lookalike,)))),))
    data = WRITERS[name](package)
    if name != "po":
        assert schema_errors(xliff12_schema() if name == "xliff12" else xliff2_schema(), data) == []
    assert_round_trip(package, read_exchange_bytes(data, "x"))


def test_declared_markers_survive_an_editor_rewrapping_comments(tmp_path):
    """Text that reads like one of its codes keeps declared markers; PO editors re-wrap the
    declarations at spaces, so declared data holds none and a declaration broken after its
    ``=`` is joined again."""
    link = Code("5", CodeKind.OPEN, '<a href="https://help.example.com/a/rather/long/path/to/the/page" title="Open the page">')
    source = seg("Type {name} literally, then ", link, "open the page", Code("5", CodeKind.CLOSE, "</a>"), " for ", NAME, ".")
    target = seg("Tippen Sie {name} wörtlich, dann ", link, "öffnen Sie die Seite", Code("5", CodeKind.CLOSE, "</a>"), " für ", NAME, ".")
    path = tmp_path / "doc.po"
    path.write_bytes(write_po(one_unit_package(ExportSegment("k", source, target, State.TRANSLATED))))
    assert "<5>" in path.read_text(encoding="utf-8")  # markers: the text itself holds "{name}"
    catalog = polib.pofile(str(path), wrapwidth=20)
    catalog.save(str(path))  # polib re-wraps long comment lines at spaces
    broken = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        marker, separator, data = line.partition(" = ")
        if not (line.startswith("#. <") and separator):
            broken.append(line)
        elif number % 2:  # an editor may break on either side of the "="
            broken += [marker + " =", "#. " + data]
        else:
            broken += [marker, "#. = " + data]
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    (read,) = read_exchange_bytes(path.read_bytes(), "doc.po").segments
    assert code_view(read.source) == code_view(source) and code_view(read.target) == code_view(target)


@pytest.mark.parametrize(
    "data,disp,shown",
    [
        ('<abbr title="', "", "<abbr>"),  # the tag a translated attribute cuts in two
        ('">', "title attribute", "title attribute"),
        ("</a>", "", "</a>"),
        ("<br/>", "", "<br/>"),
        ("{account_owner}", "", "{account_owner}"),
        ("](https://help.example.com/a/very/long/path/to/a/page)", "", "](https://help.example.com/a/ve…"),
    ],
)
def test_a_code_shows_a_whole_label(data, disp, shown):
    from locflow.exchange.display import display_text

    assert display_text(Code("1", CodeKind.OPEN, data, disp=disp)) == shown
