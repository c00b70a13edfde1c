"""The DITA, DocBook and Mallard filters on manuals written for these tests (tests/data/xmlmanual)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from content.xmlmanual import DitaFilter, DocBookFilter, MallardFilter
from locflow.model import Document, Locale, Segment
from locflow.model.errors import MalformedFileError, UnsafeXMLError
from locflow.model.xmlsafe import SAFE_XML_OPTIONS
from tests.filter_suite import FilterSuite, pseudo_translate, translations_for

DATA = Path(__file__).parent / "data" / "xmlmanual"
EN, DE = Locale("en"), Locale("de")


def _samples(*suffixes: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(DATA.iterdir()) if path.suffix in suffixes}


DITA_SAMPLES = _samples(".dita", ".ditamap")
DOCBOOK_SAMPLES = _samples(".dbk", ".xml")
MALLARD_SAMPLES = _samples(".page")


# The suites merge with a target locale and expect the source bytes back, so the
# build's xml:lang rewriting is off there; test_build_sets_the_language covers it.
class TestDitaFilter(FilterSuite):
    make_filter = staticmethod(lambda: DitaFilter(set_lang=False))
    samples = DITA_SAMPLES


class TestDocBookFilter(FilterSuite):
    make_filter = staticmethod(lambda: DocBookFilter(set_lang=False))
    samples = DOCBOOK_SAMPLES


class TestMallardFilter(FilterSuite):
    make_filter = staticmethod(lambda: MallardFilter(set_lang=False))
    samples = MALLARD_SAMPLES


def extract(filter_class, data: bytes | str, name: str, **options) -> Document:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return filter_class(**options).extract(data, path=PurePosixPath(name), locale=EN)


def segments(document: Document) -> dict[str, str]:
    return {key: segment.tagged() for _, key, segment in document.segments()}


def xml_structure(data: bytes) -> list[str]:
    root = etree.fromstring(data, etree.XMLParser(**SAFE_XML_OPTIONS))
    return [str(element.tag) for element in root.iter()]


# -- DITA -------------------------------------------------------------------------------


def test_dita_task_units_and_codes():
    document = extract(DitaFilter, DITA_SAMPLES["install-agent.dita"], "install-agent.dita")
    found = segments(document)
    steps = "#install_agent/taskbody/steps"
    assert found["#install_agent/title"] == "Installing the {1}Acme Sync{/1} agent"
    assert found[f"{steps}/step[2]/cmd"] == "Double-click {1}AcmeSyncSetup.exe{/1} and click {2}Next{/2}."
    assert found[f"{steps}/step[2]/info/note"] == "If Windows asks whether to allow changes, click {1}Yes{/1}."
    assert found[f"{steps}/step[3]/cmd"] == "Select {1}{2}Options{/2}{3}Advanced{/3}{/1} and enter the server address."
    # <ph translate="no"> is one code; the footnote and the image's alt are units of their own
    assert found["#install_agent/taskbody/prereq/p"] == "You need administrator rights and {1/} 4.2 or later."
    assert found["#install_agent/taskbody/context/p"] == (
        "The agent runs in the background and uploads changed files every 15 minutes{1/}."
    )
    assert found["#install_agent/taskbody/context/p/fn"] == "You can change the interval in the {1}Schedule{/1} settings."
    assert found[f"{steps}/step[4]/cmd"] == "Click the {1/} icon to open the settings."
    assert found[f"{steps}/step[4]/cmd/image/alt"] == "gear"
    assert found[f"{steps}/step[4]/stepresult/image/@alt"] == "Acme Sync agent"
    text = " ".join(found.values())
    for untranslated in ("server = https", "Documentation team", "2023-11-02", "Reviewed by legal", "oxygen"):
        assert untranslated not in text


def test_dita_concept_and_map():
    concept = segments(extract(DitaFilter, DITA_SAMPLES["sync-concept.dita"], "sync-concept.dita"))
    assert concept["#conflict_fig/image/alt"] == "File list showing report.docx and report (conflict).docx"
    assert concept["#how_sync_works/conbody/section[2]/note"] == (
        "Files larger than 50\xa0GB are {1}not{/1} synchronized & stay local."
    )
    ditamap = segments(extract(DitaFilter, DITA_SAMPLES["user-guide.ditamap"], "user-guide.ditamap"))
    assert ditamap == {
        "map/title": "Acme Sync User Guide",
        "map/topicref/@navtitle": "How synchronization works",
        "map/topicref/topicref/topicmeta/navtitle": "Installing the agent",
        "map/topicref/topicref[2]/@navtitle": "Agent settings",
    }


def test_hosted_footnote_and_alt_are_merged_inside_their_codes():
    document = extract(DitaFilter, DITA_SAMPLES["install-agent.dita"], "install-agent.dita")
    steps = "#install_agent/taskbody/steps"
    image = document.unit(f"{steps}/step[4]/cmd").segments[0].codes[0]
    translations = {
        f"{steps}/step[4]/cmd": Segment.of("Klicken Sie auf das ", image, " Symbol."),
        f"{steps}/step[4]/cmd/image/alt": Segment.text_only("Zahnrad & Co"),
    }
    merged = DitaFilter(set_lang=False).merge(document, translations, DE).decode()
    assert (
        '<cmd>Klicken Sie auf das <image href="images/gear.png"><alt>Zahnrad &amp; Co</alt></image> Symbol.</cmd>'
        in merged
    )


# -- DocBook -----------------------------------------------------------------------------


def test_docbook_article_units_and_what_stays_untranslated():
    document = extract(DocBookFilter, DOCBOOK_SAMPLES["backup-admin-guide.dbk"], "backup-admin-guide.dbk")
    found = segments(document)
    assert found["#install/para[2]"] == "The configuration lives in {1}/etc/acme/backup.toml{/1}."
    assert found["#install/para[2]#2"] == "Restart the service after every change{2/}."
    assert found["#install/para[2]/footnote/para"] == (
        "A reload ({1}SIGHUP{/1}) is enough for the {2}retention{/2} setting."
    )
    assert found["#configure/para"] == "Open the web console and go to {1}Settings{/1} > {2}Storage{/2}."
    assert found["#configure/para#2"] == "See {3/} for the dashboard, or the {4}online documentation{/4}."
    assert found["#monitor/para/inlinemediaobject/textobject"] == "green check mark"
    assert found["#monitor/para/indexterm/primary"] == "dashboard"
    text = " ".join(found.values())
    for untranslated in ("apt install", "clients: 12", "ACME-BACKUP", "Kowalski", "2024-02-14", "TODO", "keep-together"):
        assert untranslated not in text
    assert {unit.kind for unit in document.units} >= {"title", "paragraph", "table-cell", "term"}


def test_docbook4_with_external_dtd_keeps_unknown_entities_as_codes():
    data = DOCBOOK_SAMPLES["restore-guide.xml"]
    document = extract(DocBookFilter, data, "restore-guide.xml")
    assert document.encoding == "iso8859-1"
    (segment,) = document.unit("#restore/para").segments
    assert segment.tagged() == "You can restore a single file or a whole folder {1/} even one that was deleted."
    assert segment.codes[0].data == "&mdash;" and segment.codes[0].type == "entity"
    assert "Jürgen in the Zürich office" in segments(document)["#restore-single/para[2]"]
    assert segments(document)["#restore-single/para[3]"] == "Prices are shown in euros (€) for customers in Europe."
    merged = DocBookFilter(set_lang=False).merge(
        document, {"#restore-single/para[3]": Segment.text_only("Preise in Euro (€) für Łódź.")}, DE
    )
    assert "<para>Preise in Euro (&#8364;) für &#321;ód&#378;.</para>".encode("latin-1") in merged


def test_cdata_in_text_is_a_code_and_processing_instructions_survive():
    source = (
        '<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<!-- top -->\n'
        '<article xmlns="http://docbook.org/ns/docbook"><para>Type <![CDATA[a < b]]> to compare'
        "<?hard-break?> values.</para></article>\n"
    )
    document = extract(DocBookFilter, source, "a.dbk")
    assert segments(document) == {"article/para": "Type {1/} to compare{2/} values."}
    merged = DocBookFilter(set_lang=False).merge(document, translations_for(document, pseudo_translate), DE)
    assert merged.decode() == source.replace("Type ", "Typé ").replace("to compare", "tö cömpàré").replace(
        " values.", " vàlüés."
    )


# -- Mallard ------------------------------------------------------------------------------


def test_mallard_page_units():
    document = extract(MallardFilter, MALLARD_SAMPLES["getting-started.page"], "getting-started.page")
    assert segments(document) == {
        "#getting-started/info/desc": "Set up {1}Acme Notes{/1} and write your first note.",
        "#getting-started/info/credit/name": "Sam Lee",
        "#getting-started/title": "Getting started",
        "#getting-started/p": "To create a note, press {1}{2}Ctrl{/2}{3}N{/3}{/1} or click {4}New Note{/4}.",
        "#getting-started/steps/item/p": "Type a title on the first line.",
        "#getting-started/steps/item[2]/p": "Write the note.",
        "#getting-started/steps/item[2]/p#2": "It is saved as you type.",
        "#getting-started/note/p": "Notes are stored in {1}~/.local/share/acme-notes{/1}.",
    }


# -- every sample ----------------------------------------------------------------------------

ALL_SAMPLES = [
    (DitaFilter, name) for name in DITA_SAMPLES
] + [(DocBookFilter, name) for name in DOCBOOK_SAMPLES] + [(MallardFilter, name) for name in MALLARD_SAMPLES]


@pytest.mark.parametrize(("filter_class", "name"), ALL_SAMPLES, ids=[name for _, name in ALL_SAMPLES])
def test_translated_output_parses_into_the_same_elements(filter_class, name):
    data = (DATA / name).read_bytes()
    document = extract(filter_class, data, name)
    merged = filter_class(set_lang=False).merge(document, translations_for(document, pseudo_translate), DE)
    assert merged != data
    assert xml_structure(merged) == xml_structure(data)


@pytest.mark.parametrize(
    ("filter_class", "name", "expected"),
    [
        (DitaFilter, "install-agent.dita", b'<task id="install_agent" xml:lang="de">'),
        (DocBookFilter, "restore-guide.xml", b'<chapter id="restore" lang="de">'),
        (MallardFilter, "getting-started.page", b'<page xml:lang="de" xmlns="http://projectmallard.org/1.0/"'),
    ],
)
def test_build_sets_the_language(filter_class, name, expected):
    data = (DATA / name).read_bytes()
    document = extract(filter_class, data, name)
    translations = translations_for(document, pseudo_translate)
    assert expected in filter_class().merge(document, translations, DE)
    assert filter_class().merge(document, {}, EN) == data
    # nothing translated: the manual is still in its source language, xml:lang stays as it was
    assert filter_class().merge(document, {}, DE) == data


# -- bad and hostile input ------------------------------------------------------------------


def test_not_well_formed_topic_is_rejected_with_its_line():
    data = b'<?xml version="1.0"?>\n<topic id="t">\n  <title>Broken</title>\n  <body><p>Open</body>\n</topic>\n'
    with pytest.raises(MalformedFileError) as raised:
        extract(DitaFilter, data, "broken.dita")
    assert (raised.value.path, raised.value.line, raised.value.exit_code) == ("broken.dita", 4, 3)


def test_undecodable_bytes_are_rejected():
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<topic id="t">\n<title>Caf\xe9</title></topic>'
    with pytest.raises(MalformedFileError) as raised:
        extract(DitaFilter, data, "latin.dita")
    assert raised.value.line == 3


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE topic [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<topic id="t"><title>&c;</title></topic>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE topic PUBLIC "-//OASIS//DTD DITA Topic//EN" "topic.dtd" [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<topic id="t"><title>&secret;</title></topic>
"""


@pytest.mark.parametrize("filter_class", [DitaFilter, DocBookFilter, MallardFilter])
@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_hostile_xml_is_refused(filter_class, data):
    with pytest.raises(UnsafeXMLError) as raised:
        extract(filter_class, data, "hostile.dita")
    assert raised.value.exit_code == 3 and raised.value.path == "hostile.dita"


# -- sniffing ----------------------------------------------------------------------------------


def test_sniffing_xml_files_by_their_root():
    xml = PurePosixPath("doc.xml")
    assert DocBookFilter.sniff(DOCBOOK_SAMPLES["restore-guide.xml"], xml)
    assert DocBookFilter.sniff(DOCBOOK_SAMPLES["backup-admin-guide.dbk"], xml)
    assert DitaFilter.sniff(DITA_SAMPLES["install-agent.dita"], xml)
    assert DitaFilter.sniff(DITA_SAMPLES["user-guide.ditamap"], xml)
    assert MallardFilter.sniff(MALLARD_SAMPLES["getting-started.page"], xml)
    assert not DitaFilter.sniff(DOCBOOK_SAMPLES["restore-guide.xml"], xml)
    assert not DocBookFilter.sniff(DITA_SAMPLES["install-agent.dita"], xml)
    assert not DitaFilter.sniff(b'<?xml version="1.0"?><topic><title>t</title></topic>', xml)
    assert not MallardFilter.sniff(b"<page><title>t</title></page>", xml)


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_utf16_topics_keep_their_byte_order(codec):
    text = '\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<topic id="t"><title>Caf\u00e9 hours</title></topic>\n'
    data = text.encode(codec)
    document = extract(DitaFilter, data, "t.dita")
    assert segments(document) == {"#t/title": "Café hours"}
    assert DitaFilter(set_lang=False).merge(document, {}, DE) == data
    merged = DitaFilter(set_lang=False).merge(document, {"#t/title": Segment.text_only("Öffnungszeiten")}, DE)
    assert merged == data.replace("Caf\u00e9 hours".encode(codec), "Öffnungszeiten".encode(codec))
