"""TBX v2/v3 and CSV/TSV glossaries: what is read, what is refused, what an export gives back."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from locflow.errors import InputError, MalformedFileError, UnsafeXMLError
from termbase import Concept, Glossary, Term, TermStatus
from termbase.csvfile import read_csv, write_csv
from termbase.files import open_glossary
from termbase.tbx.writer import write_tbx
from tests.termbase_support import (
    BILLION_LAUGHS,
    TBX_V2_BASIC,
    TBX_V2_DEFAULT,
    TBX_V3_BASIC_DCA,
    TBX_V3_BASIC_DCT,
    TBX_V3_CORE,
    TBX_V3_MIN,
    V3,
    XXE,
    tbx_v3,
    write,
)


def read(path: Path) -> tuple[list[Concept], str]:
    glossary = open_glossary(path)
    concepts = list(glossary.concepts())
    return concepts, glossary.kind


def terms_of(concept: Concept) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for term in concept.terms:
        out.setdefault(term.locale, []).append((term.text, term.status.value))
    return out


# -- TBX v2 ------------------------------------------------------------------------------------


def test_tbx_v2_default_statuses_definition_subject_and_dnt(tmp_path: Path):
    concepts, kind = read(write(tmp_path / "g.tbx", TBX_V2_DEFAULT))
    assert kind == "TBX v2 TBX-Default (DCA)"
    account, product = concepts
    assert (account.id, account.subject, account.definition) == ("account", "Account", "The customer's login and data.")
    assert terms_of(account) == {
        "en": [("account", "admitted")],
        "de": [("Konto", "preferred"), ("Account", "forbidden"), ("Benutzerkonto", "deprecated")],
    }
    assert account.terms[0].part_of_speech == "noun"
    assert [t.dnt for t in product.terms] == [True]  # "Translation needed: No", as Weblate writes it


def test_tbx_v2_basic_ntig_groups_and_empty_terms(tmp_path: Path):
    glossary = open_glossary(write(tmp_path / "g.tbx", TBX_V2_BASIC))
    (concept,) = list(glossary.concepts())
    assert glossary.kind == "TBX v2 TBX-Basic (DCA)"
    assert terms_of(concept) == {"en-US": [("backup", "admitted")], "fr-FR": [("sauvegarde", "admitted")]}
    assert concept.definition == "A copy kept to restore data."
    assert any("1 empty <term>" in warning for warning in glossary.warnings)


# -- TBX v3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (TBX_V3_CORE, "TBX v3 TBX-Core (DCA)", {"en": [("folder", "admitted")], "de": [("Ordner", "admitted")]}),
        (
            TBX_V3_MIN,
            "TBX v3 TBX-Min (DCA)",
            {"en": [("invoice", "preferred")], "fr": [("facture", "preferred"), ("note de frais", "deprecated")]},
        ),
        (TBX_V3_BASIC_DCA, "TBX v3 TBX-Basic (DCA)", {"en": [("sync", "preferred")], "ja": [("同期", "preferred")]}),
        (
            TBX_V3_BASIC_DCT,
            "TBX v3 TBX-Basic (DCT)",
            {"en": [("password", "preferred")], "de": [("Passwort", "preferred"), ("Kennwort", "deprecated")]},
        ),
    ],
)
def test_tbx_v3_dialects_and_styles(tmp_path: Path, text: str, kind: str, expected: dict):
    (concept,), found_kind = read(write(tmp_path / "g.tbx", text))
    assert found_kind == kind
    assert terms_of(concept) == expected


def test_tbx_v3_dca_and_dct_read_the_same_data_categories(tmp_path: Path):
    (dct,), _ = read(write(tmp_path / "dct.tbx", TBX_V3_BASIC_DCT))
    assert (dct.subject, dct.definition) == ("Security", "A secret word to sign in.")
    assert dct.terms[0].part_of_speech == "noun"
    (dca,), _ = read(write(tmp_path / "dca.tbx", TBX_V3_BASIC_DCA))
    assert (dca.subject, dca.definition, dca.terms[0].part_of_speech) == ("Files", "Making two copies of a folder the same.", "verb")


# -- refused files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('<martif type="TBX-Linguist" xml:lang="en"><text><body/></text></martif>', "unknown TBX v2 dialect type='TBX-Linguist'", 1),
        (tbx_v3("TBX-DNB", ""), "unknown TBX v3 dialect type='TBX-DNB'", 2),
        (tbx_v3("TBX-Basic", "", style="xyz"), "style='xyz' is neither 'dca' nor 'dct'", 2),
        ('<tbx type="TBX-Basic" style="dca" xmlns="urn:example:tbx4"><text/></tbx>', "unknown TBX version", 1),
        ('<tmx version="1.4"><body/></tmx>', "not a TBX file: the root element is <tmx>", 1),
    ],
)
def test_unknown_dialect_or_version_is_a_clear_error(tmp_path: Path, text: str, message: str, line: int):
    with pytest.raises(InputError, match=message) as raised:
        read(write(tmp_path / "odd.tbx", text))
    assert raised.value.exit_code == 3 and raised.value.line == line


@pytest.mark.parametrize(("text", "line"), [(BILLION_LAUGHS, 3), (XXE, 2)])
def test_hostile_xml_is_refused_with_file_and_line(tmp_path: Path, text: str, line: int):
    path = write(tmp_path / "hostile.tbx", text)
    with pytest.raises(UnsafeXMLError) as raised:
        read(path)
    assert (raised.value.exit_code, raised.value.path, raised.value.line) == (3, str(path), line)


def test_malformed_xml_and_broken_structure_name_the_line(tmp_path: Path):
    broken = TBX_V3_CORE.replace("<term>Ordner</term>", "<term>Ordner</termX>")
    with pytest.raises(MalformedFileError, match="not well-formed") as raised:
        read(write(tmp_path / "broken.tbx", broken))
    assert raised.value.line == 9
    no_lang = TBX_V3_CORE.replace('<langSec xml:lang="de">', "<langSec>")
    with pytest.raises(MalformedFileError, match="without xml:lang") as raised:
        read(write(tmp_path / "nolang.tbx", no_lang))
    assert raised.value.line == 9
    no_term = TBX_V3_CORE.replace("<termSec><term>folder</term></termSec>", "<termSec><note>x</note></termSec>")
    with pytest.raises(MalformedFileError, match="without a <term>"):
        read(write(tmp_path / "noterm.tbx", no_term))


# -- TBX export ----------------------------------------------------------------------------------


def test_tbx_export_is_v3_basic_dca_and_reads_back_the_same(tmp_path: Path):
    concepts = [
        Concept("c1", (Term("en", "account"), Term("de", "Konto", TermStatus.PREFERRED, "noun"),
                       Term("de", "Account", TermStatus.FORBIDDEN), Term("de", "Benutzerkonto", TermStatus.DEPRECATED)),
                subject="Account", definition="The login.", note="Checked."),
        Concept("2", (Term("en", "Acme Drive", dnt=True, case_sensitive=True),)),
        Concept("", (Term("en", "sync", note="verb"), Term("ja", "同期"))),
    ]
    path = tmp_path / "out.tbx"
    assert write_tbx(path, concepts, source_locale="en") == 3
    root = etree.parse(str(path)).getroot()
    assert (root.tag, root.get("type"), root.get("style")) == (f"{{{V3}}}tbx", "TBX-Basic", "dca")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    statuses = root.xpath("//t:termNote[@type='administrativeStatus']/text()", namespaces={"t": V3})
    assert set(statuses) <= {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
    again, kind = read(path)
    assert kind == "TBX v3 TBX-Basic (DCA)"
    assert [c.id for c in again] == ["c1", "c2", "c3"]  # "2" is no XML ID; a concept without one gets one
    for before, after in zip(concepts, again):
        assert sorted(before.terms, key=repr) == sorted(after.terms, key=repr)
        assert (before.subject, before.definition, before.note) == (after.subject, after.definition, after.note)


# -- CSV and TSV -----------------------------------------------------------------------------------


def test_csv_columns_rows_merged_by_source_term_statuses_and_flags(tmp_path: Path):
    path = write(
        tmp_path / "g.csv",
        "en,de,fr,status,definition,dnt,case_sensitive,de:note\n"
        "account,Konto,compte,preferred,The login,,,\n"
        "account,Account,,forbidden,,,,never\n"
        '"Acme Drive",,,,,yes,yes,\n'
        "# a comment row\n"
        "\n",
    )
    account, product = read_csv(path)
    assert terms_of(account) == {"en": [("account", "admitted")], "de": [("Konto", "preferred"), ("Account", "forbidden")],
                                 "fr": [("compte", "preferred")]}
    assert account.definition == "The login"
    assert [t.note for t in account.terms if t.text == "Account"] == ["never"]
    assert product.terms == (Term("en", "Acme Drive", case_sensitive=True, dnt=True),)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("en,de,status\naccount,Konto,maybe\n", "unknown status 'maybe'", 2),
        ("en,de,dnt\naccount,Konto,perhaps\n", "dnt: expected yes or no", 2),
        ("source,target\naccount,Konto\n", "the first row must name the columns", 1),
        ("en,de:colour\naccount,Konto\n", "unknown column 'de:colour'", 1),
    ],
)
def test_bad_csv_names_file_and_line(tmp_path: Path, text: str, message: str, line: int):
    with pytest.raises(MalformedFileError, match=message) as raised:
        read_csv(write(tmp_path / "bad.csv", text))
    assert raised.value.line == line and raised.value.exit_code == 3


def test_tsv_without_header_utf16_and_given_columns(tmp_path: Path):
    path = tmp_path / "legacy.tab"
    path.write_bytes("account\tKonto\tuser login\nfolder\tOrdner\t\n".encode("utf-16"))
    concepts = read_csv(path, columns=["en", "de", "note"])
    assert [[t.text for t in c.terms] for c in concepts] == [["account", "Konto"], ["folder", "Ordner"]]
    assert concepts[0].note == "user login"


@pytest.mark.parametrize("name", ["out.csv", "out.tsv"])
def test_csv_export_reads_back_the_same_concepts(tmp_path: Path, name: str):
    concepts = [
        Concept("a", (Term("en", "account"), Term("de", "Konto", TermStatus.PREFERRED, "noun", note="a, b"),
                      Term("de", "Account", TermStatus.FORBIDDEN)), definition='The "login", with comma'),
        Concept("b", (Term("en", "Acme Drive", dnt=True, case_sensitive=True),)),
    ]
    path = tmp_path / name
    write_csv(path, concepts, locales=["en", "de"])
    again = read_csv(path)
    assert [(c.id, c.definition) for c in again] == [("a", 'The "login", with comma'), ("b", "")]
    for before, after in zip(concepts, again):
        assert sorted(before.terms, key=repr) == sorted(after.terms, key=repr)


def test_glossary_of_files_recognises_terms(tmp_path: Path):
    glossary = Glossary.from_files([write(tmp_path / "a.tbx", TBX_V2_DEFAULT), write(tmp_path / "b.csv", "en,de\nfolder,Ordner\n")])
    found = glossary.recognizer("en", "de").find("Move the folders into your account")
    assert [(h.source_term.text, h.target) for h in found] == [("folder", "Ordner"), ("account", "Konto")]


# -- real-world files ------------------------------------------------------------------------------


@pytest.mark.corpus
def test_vendor_tbx_exports_read(shared_corpus: Path):
    okapi = shared_corpus / "tbx/okapi/okapi/libraries/lib-terminology/src/test/resources"
    counts = {}
    for name in ("ibm_tbx.tbx", "maryland.tbx", "medtronic_TBX.tbx", "oracle_TBX.tbx", "sdl_tbx.tbx", "test01.tbx", "test02_win1254.tbx"):
        concepts, kind = read(okapi / name)
        assert kind == "TBX v2 TBX-Default (DCA)"
        counts[name] = (len(concepts), sum(len(c.terms) for c in concepts))
    assert counts["sdl_tbx.tbx"] == (223, 472)  # 44 empty <term/> placeholders skipped
    assert counts["maryland.tbx"] == (1, 13)
    (turkish,), _ = read(okapi / "test02_win1254.tbx")
    assert [t.text for t in turkish.terms] == ["term with: éá and İı", "tr term with: éá and İı"]
    (oracle, _), _ = read(okapi / "oracle_TBX.tbx")
    assert ("Entidade de Supervisão de Província", "preferred") in terms_of(oracle)["pt"]  # standardizedTerm-admn-sts


@pytest.mark.corpus
def test_weblate_and_omegat_glossaries(shared_corpus: Path):
    (obsolete, code), _ = read(shared_corpus / "tbx/weblate/fr-extended-metadata.tbx")
    assert terms_of(obsolete) == {"en": [("data bus", "deprecated")], "fr": [("bus de données", "deprecated")]}
    assert all(t.dnt for t in code.terms) and code.definition == "An internal code identifier not to be localized."
    (sample,), _ = read(shared_corpus / "tbx/omegat/src/test/resources/data/glossaries/sampleTBXfile.tbx")
    assert terms_of(sample)["hu"] == [("hu translation", "admitted")]
    omegat = shared_corpus / "tbx/omegat/src/test/resources/data/glossaries"
    tab = read_csv(omegat / "test.tab", columns=["en", "fr", "note"])
    assert [t.text for t in tab[2].terms] == ["地球システム", "System Terre"] and tab[2].note.startswith("https://")
    quoted = read_csv(omegat / "test.csv", columns=["en", "fr"])
    assert [c.terms[0].text for c in quoted] == ["kde", "question", "kde; question", "kde, qu", '"kde","q"', '""k', 'zz"zz']
    okapi = shared_corpus / "tbx/okapi/okapi/libraries/lib-terminology/src/test/resources"
    assert [[t.text for t in c.terms] for c in read_csv(okapi / "test02_utf16be.tsv", columns=["en", "tr"])] == [
        ["entry 1", "trans 1"], ["source 2", "éßÑ￦ target 2"]]
    with pytest.raises(MalformedFileError, match="the first row must name the columns"):
        read_csv(okapi / "test01.csv")
