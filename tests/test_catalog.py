"""The catalog filter: .properties, Android strings.xml, .strings, RESX, ARB and PHP files."""

from __future__ import annotations

import codecs
import json
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from translate.storage import properties as ttk_properties
from translate.storage.aresource import AndroidResourceFile
from translate.storage.jsonl10n import ARBJsonFile
from translate.storage.resx import RESXFile

from content.catalog import CatalogFilter
from content.catalog_formats.arb import icu_parts
from locflow.model import CodeIds, CodeKind, Locale, Segment
from locflow.model.errors import MalformedFileError, UnsafeXMLError
from tests.filter_suite import SOURCE, TARGET, FilterSuite, pseudo_translate, translations_for
from tests.shared_corpus import SHARED

DATA = Path(__file__).parent / "data" / "catalog"


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def samples(*names: str) -> dict[str, bytes]:
    return {name: sample(name) for name in names}


def extract(data: bytes, name: str):
    return CatalogFilter().extract(data, path=PurePosixPath(name), locale=SOURCE)


def texts(document) -> dict[str, list[str]]:
    return {unit.key: [segment.tagged() for segment in unit.segments] for unit in document.units}


def translate(data: bytes, name: str, translations: dict[str, str] | None = None, locale: str = "de") -> bytes:
    """Pseudo-translate everything, or set the given keys to the given texts."""
    document = extract(data, name)
    if translations is None:
        targets = translations_for(document, pseudo_translate)
    else:
        targets = {key: Segment.text_only(text) for key, text in translations.items()}
    return CatalogFilter().merge(document, targets, Locale(locale))


def pseudo(text: str) -> str:
    return text.translate(str.maketrans("aeiouAEIOU", "àéîöüÀÉÎÖÜ"))


# -- the shared contract, per format ------------------------------------------------------


class TestPropertiesFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("HelpCenter.properties", "Labels_utf8.properties")


class TestAndroidFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("strings.xml")


class TestAppleStringsFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("Localizable.strings", "Localizable-utf16.strings")


class TestResxFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("Resources.resx")


class TestArbFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("app_en.arb")


class TestPhpFilter(FilterSuite):
    make_filter = CatalogFilter
    samples = samples("messages.php", "legacy.php")


# -- Java .properties -----------------------------------------------------------------------


class TestProperties:
    def test_keys_values_and_notes(self):
        document = extract(sample("HelpCenter.properties"), "HelpCenter.properties")
        units = texts(document)
        assert units["home.welcome"] == ["Welcome back, {1/}!", "You have {2/} new replies."]
        assert units["home.search.hint"] == ["Search articles, e.g. “password reset”"]
        assert units["article.feedback"] == [
            "Was this article helpful?",
            "Tell us how we can improve it.",
            "Your feedback is anonymous.",
        ]
        assert units["contact.email"] == ["{1/} is the fastest way to reach us."]
        assert units["tab.separated"] == ["Value after a tab"]
        assert "empty.value" not in units
        assert document.unit("footer.cafe").note == "Caf\\u00e9 is the name of our office restaurant."

    def test_translated_file_reads_back_in_java_properties(self):
        output = translate(sample("HelpCenter.properties"), "HelpCenter.properties")
        store = ttk_properties.propfile.parsestring(output)
        values = {unit.name: unit.source for unit in store.units if unit.name}
        assert values["home.welcome"] == (
            pseudo("Welcome back, ") + "{0}! " + pseudo("You have ") + "{1,number}" + pseudo(" new replies.")
        )
        assert values["article.feedback"] == pseudo(
            "Was this article helpful? Tell us how we can improve it. Your feedback is anonymous."
        )
        assert values["error.notFound"] == pseudo("The page ") + "{0}" + pseudo(" does not exist.\nCheck the address.")
        assert values["empty.value"] == ""
        assert output.isascii(), "an ASCII file gets \\u escapes"

    def test_untranslated_values_keep_their_escapes_and_continuations(self):
        output = translate(sample("HelpCenter.properties"), "HelpCenter.properties", {"home.title": "Hilfe"})
        assert b"home.title = Hilfe\n" in output
        assert b"footer.cafe = Open the Caf\\u00e9 menu" in output
        assert b"article.feedback = Was this article helpful? \\\n    Tell us" in output

    def test_utf8_file_keeps_raw_characters_and_escapes_what_needs_it(self):
        output = translate(sample("Labels_utf8.properties"), "Labels_utf8.properties", {"greeting": "  Grüße\\€"})
        assert output.decode("utf-8").startswith("greeting=\\ \\ Grüße\\\\€\n")
        store = ttk_properties.propfile(personality="java-utf8")
        store.parse(output)
        assert store.units[0].source == "  Grüße\\€"

    def test_latin1_file_escapes_what_latin1_cannot_hold(self):
        data = "title=Caf\xe9\n".encode("latin-1")
        output = translate(data, "x.properties", {"title": "Café 5 €"})
        assert output == b"title=Caf\xe9 5 \\u20ac\n"


# -- Android strings.xml ----------------------------------------------------------------------

ANDROID = sample("strings.xml")


class TestAndroid:
    def test_strings_plurals_and_arrays_but_not_untranslatable_ones(self):
        units = texts(extract(ANDROID, "strings.xml"))
        assert list(units) == [
            "home_title",
            "welcome",
            "terms",
            "apostrophe",
            "quoted",
            "html_body",
            "multiline",
            "at_sign",
            "articles_found[one]",
            "articles_found[other]",
            "topics[0]",
            "topics[1]",
            "topics[2]",
            "ellipsis",
        ]
        assert units["apostrophe"] == ["Don't worry, we'll get back to you."]
        assert units["terms"] == ["By continuing you accept our {1}Terms & Conditions{/1}."]
        assert units["at_sign"] == ["@support is our handle"]

    def test_inline_markup_and_xliff_g_are_codes(self):
        document = extract(ANDROID, "strings.xml")
        (code,) = [c for c in document.unit("welcome").segments[0].codes]
        assert code.data == '<xliff:g id="user_name" example="Ada">%1$s</xliff:g>'
        html = document.unit("html_body").segments[0]
        assert html.code_by_id("1", CodeKind.OPEN).data == '<a href="https://help.example.com/faq">'
        assert document.unit("home_title").note == "Title of the main screen"

    def test_translated_file_reads_back_in_android_resources(self):
        output = translate(ANDROID, "strings.xml")
        store = AndroidResourceFile()
        store.parse(output)
        values = {unit.getid(): unit.source for unit in store.units}
        assert values["apostrophe"] == pseudo("Don't worry, we'll get back to you.")
        assert values["quoted"] == pseudo("  Leading spaces are kept  ")
        assert values["multiline"] == pseudo("First line\nSecond line")
        assert values["at_sign"] == pseudo("@support is our handle")
        assert values["app_name"] == "HelpDesk"
        assert list(values["articles_found"].strings) == [pseudo("%d article found"), pseudo("%d articles found")]
        assert "<![CDATA[" + pseudo("Read the ") + '<a href="https://help.example.com/faq">' in output.decode()
        root = etree.fromstring(output)
        assert [i.text for i in root.find("string-array[@name='topics']")] == [
            pseudo("Account & billing"),
            pseudo("Shipping"),
            pseudo("Returns and refunds"),
        ]
        assert [i.text for i in root.find("string-array[@name='log_levels']")] == ["DEBUG", "INFO"]

    def test_translations_are_escaped_for_android_and_xml(self):
        output = translate(ANDROID, "strings.xml", {"home_title": 'Tom\'s "Help" & <more>', "topics[1]": "?Versand"})
        assert b'<string name="home_title">Tom\\\'s \\"Help\\" &amp; &lt;more&gt;</string>' in output
        assert b"<item>\\?Versand</item>" in output
        store = AndroidResourceFile()
        store.parse(output)
        assert {u.getid(): u.source for u in store.units}["home_title"] == 'Tom\'s "Help" & <more>'

    def test_product_variants_get_their_own_keys(self):
        data = (
            b'<resources>\n<string name="hint">Tap here</string>\n'
            b'<string name="hint" product="tablet">Click here</string>\n</resources>\n'
        )
        assert texts(extract(data, "strings.xml")) == {"hint": ["Tap here"], "hint@tablet": ["Click here"]}

    def test_hostile_xml_is_refused(self):
        bomb = (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
            b'<resources><string name="x">&b;</string></resources>'
        )
        with pytest.raises(UnsafeXMLError) as caught:
            extract(bomb, "strings.xml")
        assert caught.value.exit_code == 3 and caught.value.line == 2

    def test_malformed_xml_names_the_line(self):
        with pytest.raises(MalformedFileError) as caught:
            broken = b'<resources>\n<string name="a">A</string>\n<string name="b">B</strin>\n</resources>'
            extract(broken, "strings.xml")
        assert caught.value.line == 3

    def test_other_xml_is_not_a_catalog(self):
        assert not CatalogFilter.sniff(b"<language><resources/></language>", PurePosixPath("language-de.xml"))
        assert CatalogFilter.sniff(ANDROID, PurePosixPath("strings.xml"))
        with pytest.raises(MalformedFileError, match="not a catalog"):
            extract(b"<language><resources/></language>", "language-de.xml")


# -- Apple .strings ---------------------------------------------------------------------------


class TestAppleStrings:
    def test_utf16_and_utf8_files_give_the_same_units(self):
        utf8 = extract(sample("Localizable.strings"), "Localizable.strings")
        utf16 = extract(sample("Localizable-utf16.strings"), "Localizable.strings")
        assert texts(utf8) == texts(utf16)
        assert (utf8.encoding, utf16.encoding) == ("utf-8", "utf-16-le")
        assert texts(utf8)["search.empty"] == ['No articles match "{1/}".', "Try another search term."]
        assert utf8.unit("contact.button").note == "inline comment"

    def test_translated_files_read_back_with_their_encoding(self):
        translations = {"help.title": 'Hilfe & "Support"\nJetzt', "NSCameraUsageDescription": "Kamera"}
        for name, personality in (("Localizable.strings", "strings-utf8"), ("Localizable-utf16.strings", "strings")):
            output = translate(sample(name), name, translations)
            assert output[:2] == sample(name)[:2]
            store = ttk_properties.propfile(personality=personality)
            store.parse(output)
            values = {u.name: u.source for u in store.units if u.name}
            assert values["help.title"] == 'Hilfe & "Support"\nJetzt'
            assert values["NSCameraUsageDescription"] == "Kamera"
            assert values["unicode.escape"] == "Café — tips"
        assert b'"help.title" = "Hilfe & \\"Support\\"\\nJetzt";' in translate(
            sample("Localizable.strings"), "Localizable.strings", translations
        )

    def test_syntax_error_names_the_line(self):
        with pytest.raises(MalformedFileError) as caught:
            extract(b'"a" = "A";\n"b" = "B"\n"c" = "C";\n', "x.strings")
        assert caught.value.line == 2


# -- RESX ---------------------------------------------------------------------------------------


class TestResx:
    def test_string_resources_with_comments_as_notes(self):
        document = extract(sample("Resources.resx"), "Resources.resx")
        assert list(texts(document)) == ["WindowTitle", "TicketCreated", "TermsLabel", "MultiLine", "$this.Text"]
        assert document.unit("TicketCreated").note == "{0} is the ticket number, {1} the date."
        assert [c.data for c in document.unit("TicketCreated").segments[0].codes] == ["{0}", "{1:d}"]
        assert texts(document)["TermsLabel"] == ["I accept the Terms & Conditions <required>"]

    def test_translated_file_reads_back_in_resx(self):
        output = translate(sample("Resources.resx"), "Resources.resx", {"TermsLabel": "AGB & <Pflicht>"})
        store = RESXFile()
        store.parse(output)
        values = {u.getid(): u.source for u in store.units}
        assert values["TermsLabel"] == "AGB & <Pflicht>"
        assert values["LogoImage"].startswith("..\\Resources\\logo.png")
        assert b"<value>AGB &amp; &lt;Pflicht&gt;</value>" in output


# -- ARB ------------------------------------------------------------------------------------------


class TestArb:
    def test_messages_with_descriptions_as_notes_and_no_metadata(self):
        document = extract(sample("app_en.arb"), "app_en.arb")
        assert list(texts(document)) == [
            "appTitle",
            "welcomeMessage",
            "unreadCount",
            "contactSupport",
            "genderReply",
            "escapedUnicode",
        ]
        assert document.unit("appTitle").note == "The title shown in the app bar."
        assert texts(document)["escapedUnicode"] == ["Café opening hours"]

    def test_icu_plural_structure_is_code_and_branch_text_is_translatable(self):
        unit = extract(sample("app_en.arb"), "app_en.arb").unit("unreadCount")
        assert [c.data for c in unit.segments[0].codes] == [
            "{count, plural, =0{",
            "} =1{",
            "} other{",
            "{count}",
            "}}",
        ]
        assert unit.segments[0].text == "No new messagesOne new message new messages"

    def test_hash_in_a_plural_branch_is_the_number(self):
        parts = icu_parts("{n, plural, one{# file} other{# files}}", CodeIds())
        assert [p if isinstance(p, str) else p.data for p in parts] == [
            "{n, plural, one{", "#", " file", "} other{", "#", " files", "}}",
        ]

    def test_translated_file_is_json_with_metadata_untouched_and_its_locale(self):
        output = translate(sample("app_en.arb"), "app_en.arb", locale="pt-BR")
        translated = json.loads(output)
        original = json.loads(sample("app_en.arb"))
        assert translated["@@locale"] == "pt_BR"
        assert translated["unreadCount"] == (
            "{count, plural, =0{" + pseudo("No new messages") + "} =1{" + pseudo("One new message")
            + "} other{{count}" + pseudo(" new messages") + "}}"
        )
        assert {k: v for k, v in translated.items() if k.startswith("@") and k != "@@locale"} == {
            k: v for k, v in original.items() if k.startswith("@") and k != "@@locale"
        }
        store = ARBJsonFile()
        store.parse(output)
        assert {u.getid() for u in store.units} == {u.getid() for u in _arb_units(sample("app_en.arb"))}

    def test_a_message_that_is_not_a_string_is_refused(self):
        with pytest.raises(MalformedFileError, match="does not contain string"):
            extract(b'{"title": "Help", "menu": {"open": "Open"}}', "app_en.arb")

    def test_invalid_json_names_the_line(self):
        with pytest.raises(MalformedFileError) as caught:
            extract(b'{\n  "a": "A",\n  "b": "B"\n  "c": "C"\n}\n', "app_en.arb")
        assert caught.value.line == 4


def _arb_units(data: bytes):
    store = ARBJsonFile()
    store.parse(data)
    return store.units


# -- PHP --------------------------------------------------------------------------------------------


class TestPhp:
    def test_laravel_return_array_keys_are_dotted(self):
        units = texts(extract(sample("messages.php"), "messages.php"))
        assert list(units) == [
            "title",
            "search.placeholder",
            "search.no_results",
            "search.count",
            "greeting",
            "contact",
            "price",
        ]
        assert units["search.count"] == ["{1/} articles found"]
        assert units["greeting"] == ["Hello, {1/}!", "It's good to see you."]

    def test_assignments_and_defines(self):
        document = extract(sample("legacy.php"), "legacy.php")
        assert list(texts(document)) == [
            "$lang['welcome']",
            "$lang['logout']",
            "$lang['error']['not_found']",
            "HELP_FOOTER",
            "$messages['save']",
            "$messages['cancel']",
        ]
        assert document.unit("$lang['welcome']").note == "Legacy language file"

    def test_translations_are_escaped_for_their_quotes(self):
        output = translate(
            sample("messages.php"),
            "messages.php",
            {"title": "L'aide \\ ici", "price": 'Ab $5 "pro" Monat'},
        ).decode()
        assert "'title' => 'L\\'aide \\\\ ici'," in output
        assert "'price' => 'Ab $5 \"pro\" Monat'," in output
        output = translate(sample("messages.php"), "messages.php", {"contact": 'Schreiben Sie "uns" $heute'}).decode()
        assert '"contact" => "Schreiben Sie \\"uns\\" \\$heute",' in output
        again = texts(extract(output.encode(), "messages.php"))
        assert again["contact"] == ['Schreiben Sie "uns" $heute']

    def test_concatenations_and_heredocs_are_left_alone(self):
        data = (
            b"<?php\n$lang['a'] = 'Hello ' . $name;\n"
            b"$lang['h'] = <<<EOT\nHeredoc text\nEOT;\n$lang['ok'] = 'Fine';\n"
        )
        document = extract(data, "x.php")
        assert texts(document) == {"$lang['ok']": ["Fine"]}
        assert CatalogFilter().merge(document, {}, TARGET) == data

    def test_strings_with_interpolated_variables_are_left_alone(self):
        # translate-toolkit does not report them: their text is built at run time
        output = translate(sample("messages.php"), "messages.php").decode()
        assert "'raw_dollar' => \"Costs \\$5 and {$unused} nothing\"," in output


# -- errors ---------------------------------------------------------------------------------------


class TestErrors:
    def test_duplicate_keys_are_refused_with_their_line(self):
        with pytest.raises(MalformedFileError, match="duplicate key") as caught:
            extract(b"a=A\nb=B\na=C\n", "x.properties")
        assert caught.value.line == 3

    def test_unknown_extension_is_refused(self):
        with pytest.raises(MalformedFileError):
            extract(b"a: b\n", "x.yaml")

    def test_utf16_strings_with_bom_round_trip_in_big_endian_too(self):
        data = codecs.BOM_UTF16_BE + '"a" = "Hello";\n'.encode("utf-16-be")
        document = extract(data, "x.strings")
        assert CatalogFilter().merge(document, {}, TARGET) == data
        output = CatalogFilter().merge(document, {"a": Segment.text_only("Hallo")}, TARGET)
        assert output == codecs.BOM_UTF16_BE + '"a" = "Hallo";\n'.encode("utf-16-be")


# -- files from other projects ----------------------------------------------------------------------

CORPUS = SHARED / "corpus"


def _corpus(pattern: str) -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    return sorted(CORPUS.rglob(pattern))


@pytest.mark.corpus
class TestCorpus:
    def test_every_properties_file_round_trips(self):
        files = _corpus("*.properties")
        assert len(files) >= 5
        for path in files:
            data = path.read_bytes()
            document = extract(data, path.name)
            same = {key: segment for _, key, segment in document.segments()}
            assert CatalogFilter().merge(document, same, TARGET) == data, path
            output = translate(data, path.name)
            store = ttk_properties.propfile.parsestring(output)
            assert [u.name for u in store.units if u.name] == [
                u.name for u in ttk_properties.propfile.parsestring(data).units if u.name
            ]

    def test_greenshot_language_files_are_not_a_catalog_format(self):
        files = _corpus("language-*.xml")
        assert files
        assert not any(CatalogFilter.sniff(p.read_bytes(), PurePosixPath(p.name)) for p in files)
