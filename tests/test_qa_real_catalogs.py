"""What real shipped catalogs taught: planted defects found, correct translations left alone.

Each test writes a small PO or XLIFF file the way real tools write them (GNOME-style
application catalogs, Poedit, Trados, memoQ, WorldServer and TYPO3 XLIFF 1.2) and runs
``locflow qa``'s library call on it: the file is read by the real readers and checked by
every default check. The examples are our own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from locflow.cli.main import cli
from locflow.pipeline.qa import QAOptions, check_files
from qa_checks import Profile, QAReport
from qa_checks.base import Issue, Severity
from qa_checks.dedupe import one_per_defect

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: kiosk 3.2\\n"
"Language: {language}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
{extra}
"""


def _po(tmp_path: Path, language: str, body: str, extra: str = "") -> Path:
    path = tmp_path / f"{language}.po"
    path.write_text(HEADER.format(language=language, extra=extra) + "\n" + body, encoding="utf-8")
    return path


def _qa(path: Path, profile: Profile | None = None) -> QAReport:
    return check_files([path], QAOptions(profile=profile or Profile.default()))


def _found(report: QAReport) -> list[tuple[str, str]]:
    return [(issue.check, issue.unit) for issue in report.issues]


def _entry(msgid: str, msgstr: str, flags: str = "", context: str | None = None) -> str:
    lines = [f"#, {flags}"] if flags else []
    lines += [f'msgctxt "{context}"'] if context is not None else []
    return "\n".join(lines + [f'msgid "{msgid}"', f'msgstr "{msgstr}"', "", ""])


# -- recall: planted defects, and their correct neighbours ------------------------------------


def test_a_dropped_number_is_found_and_one_written_in_words_is_not(tmp_path: Path) -> None:
    body = (
        _entry("Keep the last 5 backups", "Die letzten Sicherungen behalten")
        + _entry("Keep the last 7 reports", "Die letzten sieben Berichte behalten")
        + _entry("Retry after 2 minutes, then every 10 minutes", "Nach zwei Minuten erneut versuchen, dann alle 10 Minuten")
        + _entry("Retry after 3 minutes, then every 10 minutes", "Erneut versuchen, dann alle 10 Minuten")
    )
    assert _found(_qa(_po(tmp_path, "de", body))) == [
        ("numbers", "Keep the last 5 backups"),
        ("numbers", "Retry after 3 minutes, then every 10 minutes"),
    ]
    japanese = _entry("Keep the last 5 backups", "最新のバックアップを保持します") + _entry("Keep the last 7 reports", "最新の七つのレポートを保持します")
    issues = _qa(_po(tmp_path, "ja", japanese)).issues
    assert [(i.check, i.unit, i.severity) for i in issues] == [("numbers", "Keep the last 5 backups", Severity.ERROR)]


def test_a_one_word_label_translated_as_a_sentence_is_found(tmp_path: Path) -> None:
    body = (
        _entry("Apply", "Klicken Sie hier, um alle Änderungen sofort zu übernehmen.")
        + _entry("Bookmarks", "Lesezeichenverwaltungsübersicht")  # a long compound is one word
        + _entry("Discard", "Verwerfen")
    )
    issues = _qa(_po(tmp_path, "de", body)).issues
    assert [(i.check, i.unit, i.severity) for i in issues] == [("label-sentence", "Apply", Severity.WARNING)]
    spanish = _entry("OK", "Aceptar") + _entry("Undo", "Deshacer la última acción")
    assert _found(_qa(_po(tmp_path, "es", spanish))) == []


def test_a_trailing_space_in_a_japanese_target_is_found_a_full_width_one_is_not(tmp_path: Path) -> None:
    body = (
        _entry("Connected", "接続しました ")
        + _entry("Device name: ", "デバイス名：\u3000")
        + _entry("Status: ", "状態：")
        + _entry("Sync   now", "今すぐ\u3000\u3000同期")
    )
    issues = _qa(_po(tmp_path, "ja", body)).issues
    assert [(i.check, i.unit) for i in issues] == [("whitespace-trailing", "Connected")]


# -- precision: what shipped catalogs hold, and must not be reported ----------------------------


def test_untranslated_entries_get_one_empty_target_finding_or_none(tmp_path: Path) -> None:
    body = _entry("Copied %d files to %s", "", "c-format") + _entry("Open {name} at https://x.example/{id}", "")
    path = _po(tmp_path, "de", body)
    assert _found(_qa(path)) == [("empty-target", "Copied %d files to %s"), ("empty-target", "Open {name} at https://x.example/{id}")]
    assert _found(_qa(path, Profile.from_config({"disable": ["empty-target"]}))) == []


def test_a_percent_directive_is_reported_once(tmp_path: Path) -> None:
    body = _entry("Deleted %d of %(total)d items", "%(total)d Elemente gelöscht", "python-format")
    issues = _qa(_po(tmp_path, "de", body)).issues
    assert [(i.check, i.message) for i in issues] == [("placeholder-python", "placeholder %d is missing")]


def test_a_word_in_angle_brackets_is_no_tag(tmp_path: Path) -> None:
    body = _entry("Rename <untitled> playlist", "Playlist <ohne Titel> umbenennen") + _entry("Artist: <none>", "Interpret: <keiner>")
    assert _found(_qa(_po(tmp_path, "de", body))) == []


def test_sources_differing_by_an_article_case_or_mnemonic_may_share_a_translation(tmp_path: Path) -> None:
    body = (
        _entry("Jump to the previous change", "Zur vorherigen Änderung springen")
        + _entry("Jump to previous change", "Zur vorherigen Änderung springen")
        + _entry("Jump To Previous Change", "Zur vorherigen Änderung springen")
        + _entry("Jump to the previous change!", "Zur vorherigen Änderung springen!")
        + _entry("_Jump to previous change", "Zur vorherigen Änderung _springen")
        + _entry("Jump to _previous change", "Zur vorherigen Änderung _springen")
        + _entry("Export the playlist as a file", "Wiedergabeliste exportieren")
        + _entry("Import the playlist from a file", "Wiedergabeliste exportieren")
    )
    # one finding for the copy-paste slip, on the second unit only
    assert _found(_qa(_po(tmp_path, "de", body))) == [("inconsistent-source", "Import the playlist from a file")]


def test_copyright_and_credit_lines_are_not_untranslated(tmp_path: Path) -> None:
    body = (
        _entry("© 2011–%d The Kiosk developers", "© 2011–%d The Kiosk developers", "c-format")
        + _entry("Copyright (C) 2020 Kiosk Project Contributors", "Copyright (C) 2020 Kiosk Project Contributors")
        + _entry("Ana Lima, Jonas Berg, Mei Chen", "Ana Lima, Jonas Berg, Mei Chen")
        + _entry("Show the playlist window", "Show the playlist window")
    )
    assert _found(_qa(_po(tmp_path, "fr", body))) == [("untranslated", "Show the playlist window")]


@pytest.mark.parametrize(
    "language, source, target",
    [
        ("gl", "If it is enabled, the list is sorted", "Se se activa, a lista ordénase"),
        ("pt", "If it is enabled, the list is sorted", "Se se ativar, a lista é ordenada"),
        ("de", "When you open it", "Wenn Sie sie öffnen"),
        ("tr", "Scroll slowly", "Yavaş yavaş kaydırın"),
    ],
)
def test_grammatical_repetitions_are_no_repeated_words(tmp_path: Path, language: str, source: str, target: str) -> None:
    assert _found(_qa(_po(tmp_path, language, _entry(source, target)))) == []


def test_a_tibetan_shad_ends_a_sentence(tmp_path: Path) -> None:
    body = _entry("The playlist is empty.", "གསལ་ཐོ་སྟོང་པ་རེད།") + _entry("The file was saved.", "ཡིག་ཆ་ཉར་ཚགས་བྱས་ཟིན")
    assert _found(_qa(_po(tmp_path, "bo", body))) == [("end-punctuation", "The file was saved.")]


def test_an_accelerator_inside_a_word_counts_and_an_underscore_in_a_url_does_not(tmp_path: Path) -> None:
    body = (
        _entry("&Help", "A&yuda")
        + _entry("&Tools", "Herramientas")
        + _entry("_Visit https://kiosk.example/user_guide", "_Visite https://kiosk.example/user_guide")
    )
    assert _found(_qa(_po(tmp_path, "es", body))) == [("accelerator", "&Tools")]


def test_url_escapes_and_css_are_no_placeholders(tmp_path: Path) -> None:
    body = (
        _entry("Search https://kiosk.example/find?q=%3Eall", "Suchen Sie auf https://kiosk.example/find?q=%3Eall")
        + _entry("Hide with .banner {display:none}", "Ausblenden mit .banner {display: none}")
    )
    assert _found(_qa(_po(tmp_path, "de", body))) == []


def test_a_stop_after_an_abbreviation_ends_no_sentence(tmp_path: Path) -> None:
    body = _entry("Tgt. Lang.", "Idioma de destino") + _entry("The list is sorted.", "La lista está ordenada")
    assert _found(_qa(_po(tmp_path, "es", body))) == [("end-punctuation", "The list is sorted.")]


def test_a_catalog_whose_source_language_is_c_is_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    path = _po(tmp_path, "de", _entry("Open the playlist", "Wiedergabeliste öffnen"), extra='"X-Source-Language: C\\n"')
    result = CliRunner().invoke(cli, ["qa", str(path)])
    assert result.exit_code == 0, result.output
    assert _qa(path).issues == []


def test_one_finding_per_defect_from_the_most_specific_check() -> None:
    def issue(check: str, subject: str = "", span: tuple[int, int] | None = None) -> Issue:
        return Issue(check, Severity.ERROR, "markup", f"{check} {subject}", "u", "de", span=span, subject=subject)

    tag, code = issue("tag-missing", "<b>"), issue("code-missing", "<b>")
    assert one_per_defect([tag, code]) == [code]
    printf, python = issue("placeholder-printf", "%d"), issue("placeholder-python", "%d")
    assert one_per_defect([printf, python]) == [python]
    other = issue("placeholder-printf", "%s")
    assert one_per_defect([printf, python, other]) == [python, other]
    number, url = issue("numbers", "4", (20, 21)), issue("url", "https://x/4", (10, 22))
    assert one_per_defect([number, url]) == [url]
    wellformed = issue("markup-wellformed")
    assert one_per_defect([tag, wellformed]) == [tag]


def test_a_missing_closing_tag_is_reported_once(tmp_path: Path) -> None:
    body = _entry("Press <gui>Sync</gui> to start", "Drücken Sie <gui>Synchronisieren, um zu beginnen")
    assert [(i.check, i.message) for i in _qa(_po(tmp_path, "de", body)).issues] == [("tag-missing", "tag </gui> is missing")]


# -- XLIFF 1.2 as CAT tools write it -------------------------------------------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
<file original="kiosk/ui.resx" source-language="en-US" target-language="de-DE" datatype="x-resx">
<header><tool tool-id="t" tool-name="{tool}"/></header>
<body>
{units}
</body>
</file>
</xliff>
"""


def _xliff(tmp_path: Path, units: str, tool: str = "SDL Trados Studio") -> Path:
    path = tmp_path / "ui.de.xlf"
    path.write_text(XLIFF.format(tool=tool, units=units), encoding="utf-8")
    return path


def _unit(uid: str, source: str, target: str | None, attributes: str = "", state: str = "translated") -> str:
    target_element = f'<target state="{state}">{target}</target>' if target is not None else ""
    return f'<trans-unit id="{uid}"{attributes}><source>{source}</source>{target_element}</trans-unit>'


def test_units_marked_translate_no_are_not_checked(tmp_path: Path) -> None:
    units = "\n".join(
        _unit(f"code-{n}", f"KIOSK_MODE_{n} = %d", "KIOSK_MODE", ' translate="no"') for n in range(5)
    ) + _unit("title", "Deleted %d items", "%d Elemente gelöscht")
    assert _found(_qa(_xliff(tmp_path, units))) == []


def test_an_empty_target_gets_one_finding_and_nothing_else(tmp_path: Path) -> None:
    units = (
        _unit("1", 'See <ph id="1">&lt;a href="https://kiosk.example/help"&gt;</ph>the guide<ph id="2">&lt;/a&gt;</ph> for 3 options. ', "", state="needs-translation")
        + _unit("2", "Restart in %d seconds", None)
        + _unit("3", "Restart in %d seconds", "Restart in %d seconds", state="needs-translation")
    )
    assert _found(_qa(_xliff(tmp_path, units))) == [("empty-target", "1"), ("empty-target", "2"), ("empty-target", "3")]


def test_memoq_special_characters_are_the_characters_they_name(tmp_path: Path) -> None:
    units = (
        _unit("1", '10<mq:ch val="nbsp"/>GB free', '10<mq:ch val="nbsp"/>GB frei')
        + _unit("2", '<ph id="1">&lt;mq:ch val="nbsp" /&gt;</ph>', '<ph id="1">&lt;mq:ch val="nbsp" /&gt;</ph>')
    )
    path = _xliff(tmp_path, units, tool="memoQ")
    assert _found(_qa(path)) == []
    from locflow.exchange import read_exchange_file

    assert read_exchange_file(path).segments[0].target.render() == "10\u00a0GB frei"


def test_a_target_of_placeholders_only_is_untranslated(tmp_path: Path) -> None:
    units = _unit("1", "Visit https://kiosk.example/help for the 2 guides about {product}", "{product}", state="translated")
    issues = _qa(_xliff(tmp_path, units, tool="WorldServer")).issues
    assert [(i.check, i.unit) for i in issues] == [("empty-target", "1")]
    assert "only placeholders" in issues[0].message


def test_trans_units_inside_a_bin_unit_are_checked(tmp_path: Path) -> None:
    units = (
        '<bin-unit id="logo" mime-type="image/png"><bin-source><external-file href="logo.png"/></bin-source>'
        + _unit("logo-alt", "Kiosk logo, 2 colours", "Kiosk-Logo, drei Farben")
        + "</bin-unit>"
    )
    assert _found(_qa(_xliff(tmp_path, units, tool="OnTram"))) == [("numbers", "logo-alt")]
