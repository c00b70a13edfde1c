"""Markdown dialects of real help centers: what is a code, what is text, what stays in the skeleton.

Wikilinks and embeds, footnotes, GitHub alerts and Obsidian callouts, MkDocs
admonitions and content tabs, Docusaurus and MyST directives, definition
lists, task lists, math, highlights, comments, block ids and Liquid tags.
Every page here is also built with every segment pseudo-translated and must
parse to the same markdown-it tokens with the same constructs
(:mod:`tests.structure`), as must every sample page of the filter's own tests.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from content.markdown import MarkdownFilter
from locflow.model import Locale, Segment
from locflow.model.errors import ConfigError
from locflow.mt.pseudo import pseudo_segment
from tests.structure import markdown_check

DATA = Path(__file__).parent / "data" / "markdown"
EN, DE = Locale("en"), Locale("de")


def extract(text: str, **options):
    return MarkdownFilter(**options).extract(text.encode("utf-8"), path=PurePosixPath("page.md"), locale=EN)


def segments(text: str, **options) -> list[str]:
    """Each segment in tagged form (codes as ``{1}…{/1}`` and ``{2/}``)."""
    return [segment.tagged() for _, _, segment in extract(text, **options).segments()]


def units(text: str, **options) -> list[tuple[str, str]]:
    """Each unit's kind and its segments in tagged form."""
    return [(unit.kind, " ".join(s.tagged() for s in unit.segments)) for unit in extract(text, **options).units]


def codes(text: str, **options) -> list[tuple[str, str]]:
    return [(code.type, code.data) for _, _, segment in extract(text, **options).segments() for code in segment.codes]


def pseudo_build(text: str, locale: Locale = DE, **options) -> str:
    filter_ = MarkdownFilter(**options)
    document = filter_.extract(text.encode("utf-8"), path=PurePosixPath("page.md"), locale=EN)
    translations = {key: pseudo_segment(segment) for _, key, segment in document.segments()}
    return filter_.merge(document, translations, locale).decode("utf-8")


def translate(text: str, mapping: dict[str, str | Segment], locale: Locale = DE, **options) -> str:
    """Merge translations given in tagged form (or as segments), keyed by segment key."""
    filter_ = MarkdownFilter(**options)
    document = filter_.extract(text.encode("utf-8"), path=PurePosixPath("page.md"), locale=EN)
    sources = {key: segment for _, key, segment in document.segments()}
    translations = {
        key: value if isinstance(value, Segment) else Segment.from_tagged(value, sources[key].codes)
        for key, value in mapping.items()
    }
    return filter_.merge(document, translations, locale).decode("utf-8")


def assert_structure_kept(text: str, built: str) -> None:
    problems = markdown_check(text, built).problems
    assert not problems, problems


# -- the cases of the issue ---------------------------------------------------------------------


def test_wikilink_target_is_a_code_and_survives_a_pseudo_build():
    text = "A variety of [[Functions]] are built-in.\n"
    assert segments(text) == ['A variety of {1/} are built-in.']
    built = pseudo_build(text)
    assert "[[Functions]]" in built and "\\[" not in built
    assert_structure_kept(text, built)


def test_footnote_reference_is_a_code_and_its_definition_is_text():
    text = "It is the best release ever[^1].\n\n[^1]: Until the next one.\n"
    assert units(text) == [
        ("paragraph", 'It is the best release ever{1/}.'),
        ("footnote", "Until the next one."),
    ]
    built = pseudo_build(text)
    assert "[^1]" in built and "\\[^1\\]" not in built and "\n[^1]: ⟦" in built
    assert_structure_kept(text, built)


def test_alert_marker_stays_on_its_own_line_out_of_the_text():
    text = "> [!NOTE]\n> Useful information. Read it first.\n"
    assert segments(text) == ["Useful information.", "Read it first."]
    built = pseudo_build(text)
    assert built.startswith("> [!NOTE]\n> ⟦")
    assert_structure_kept(text, built)


def test_a_heading_that_starts_with_a_number_is_one_segment():
    assert segments("## 1. Read the documentation\n") == ["1. Read the documentation"]
    assert segments("Read it. Then ask.\n") == ["Read it.", "Then ask."]  # paragraphs are still split


# -- wikilinks ---------------------------------------------------------------------------------


def test_wikilink_label_is_text_between_codes_and_embeds_are_codes():
    text = "See [[Sync settings#Conflicts|conflict handling]] and ![[diagram.png|300]] and [[FAQ#^block]].\n"
    assert segments(text) == ['See {1}conflict handling{/1} and {2/} and {3/}.']
    assert codes(text)[:2] == [("wikilink", "[[Sync settings#Conflicts|"), ("wikilink", "]]")]
    built = translate(text, {"md:1": 'Siehe {1}Konfliktbehandlung{/1}, {2/} und {3/}.'})
    assert built == "Siehe [[Sync settings#Conflicts|Konfliktbehandlung]], ![[diagram.png|300]] und [[FAQ#^block]].\n"


def test_page_names_of_a_localized_vault_are_rewritten_everywhere():
    text = "Use [[Functions]] and [[Functions#Math|math]].\n\n- [[Functions]]\n\nAnd [[Other]]. Not [[Functions]] here.\n"
    pages = {"de": {"Functions": "Funktionen"}}
    filter_ = MarkdownFilter(wikilink_pages=pages)
    document = filter_.extract(text.encode(), path=PurePosixPath("page.md"), locale=EN)
    translations = {"md:1": Segment.from_tagged('Nutze {1/} und {2}Mathe{/2}.', document.units[0].segments[0].codes)}
    built = filter_.merge(document, translations, DE).decode()
    assert built == (
        "Nutze [[Funktionen]] und [[Funktionen#Math|Mathe]].\n\n- [[Funktionen]]\n\n"
        "And [[Other]]. Not [[Funktionen]] here.\n"
    )
    assert filter_.merge(document, {}, Locale("fr")).decode() == text  # no map for French: unchanged
    with pytest.raises(ConfigError):
        MarkdownFilter(wikilink_pages={"de": ["Functions"]})


# -- callouts and alerts ------------------------------------------------------------------------


def test_obsidian_callout_title_and_body_are_separate_units():
    text = "> [!warning]- Before you delete a device\n> Unsynced notes are lost.\n"
    assert units(text) == [
        ("callout-title", "Before you delete a device"),
        ("callout", "Unsynced notes are lost."),
    ]
    built = translate(text, {"md:1": "Bevor Sie ein Gerät löschen", "md:2": "Nicht synchronisierte Notizen gehen verloren."})
    assert built == "> [!warning]- Bevor Sie ein Gerät löschen\n> Nicht synchronisierte Notizen gehen verloren.\n"


def test_alerts_in_lists_and_a_second_marker_in_the_same_quote():
    text = (
        "1. Step one.\n\n    > [!NOTE]\n    > Indented alert.\n\n"
        "> First alert text.\n>\n> [!IMPORTANT]\n> Second alert text.\n"
    )
    assert segments(text) == ["Step one.", "Indented alert.", "First alert text.", "Second alert text."]
    assert_structure_kept(text, pseudo_build(text))


# -- admonitions, tabs, directives, definitions -------------------------------------------------


def test_mkdocs_admonition_quoted_title_and_content_are_text_markers_are_not():
    text = (
        '!!! note "Nice title"\n\n    Admonition body.\n\n'
        "??? tip\n\n    No title written.\n\n"
        '???+ info inline end ""\n\n    Open by default.\n'
    )
    assert units(text) == [
        ("admonition-title", "Nice title"),
        ("admonition", "Admonition body."),
        ("admonition", "No title written."),
        ("admonition", "Open by default."),
    ]
    built = pseudo_build(text)
    assert "??? tip\n" in built and '???+ info inline end ""\n' in built
    assert_structure_kept(text, built)


def test_content_tabs_titles_and_content():
    text = '=== "Desktop"\n\n    Open **Settings**.\n\n=== "Mobile"\n\n    Tap the icon.\n'
    assert units(text) == [
        ("tab-title", "Desktop"),
        ("tab", 'Open {1}Settings{/1}.'),
        ("tab-title", "Mobile"),
        ("tab", "Tap the icon."),
    ]
    assert translate(text, {"md:1": "Schreibtisch"}).startswith('=== "Schreibtisch"\n')


def test_docusaurus_title_may_hold_a_link():
    text = ":::tip[If you use the [built-in OAuth](/oauth) support]\n:::\n"
    assert segments(text) == ['If you use the {1}built-in OAuth{/1} support']
    assert_structure_kept(text, pseudo_build(text))


def test_myst_directives_options_and_roles():
    text = (DATA / "myst-directives.md").read_text()
    assert units(text) == [
        ("heading", "Configure the client"),
        ("myst-directive-title", "Configuration files are read at start-up"),
        ("directive", "Edit the file, then restart the client with {1/}."),
        ("directive", "Do not share your access token."),
        ("heading", "Options"),
        ("paragraph", "See {1/} for every setting."),
    ]
    assert ("role", "{kbd}`Ctrl+R`") in codes(text)
    built = pseudo_build(text)
    for kept in (":class: tip\n", 'token: "keep-this-secret"', "(client-options)=\n", "% This comment is for"):
        assert kept in built
    assert_structure_kept(text, built)


def test_myst_line_syntax_only_where_myst_is_used():
    text = "% of the users agreed.\n"
    assert segments(text) == ["% of the users agreed."]  # no MyST here: an ordinary sentence


def test_definition_lists_and_mkdocs_comment_terms():
    text = "Storage\n:   Up to 10 GB.\n\n<!-- md:option quota -->\n\n:   The quota of a vault.\n\n    More about it.\n"
    assert units(text) == [
        ("term", "Storage"),
        ("definition", "Up to 10 GB."),
        ("definition", "The quota of a vault."),
        ("definition", "More about it."),
    ]
    assert_structure_kept(text, pseudo_build(text))


# -- inline constructs ---------------------------------------------------------------------------


def test_highlights_comments_math_and_block_ids():
    text = "Keep ==your key== safe %%internal%% and use $x^2$ or $$y$$ here. ^key-1\n\n%%\nHidden.\n%%\n"
    assert segments(text) == ['Keep {1}your key{/1} safe {2/} and use {3/} or {4/} here.']
    assert codes(text) == [
        ("highlight", "=="), ("highlight", "=="), ("comment", "%%internal%%"), ("math", "$x^2$"), ("math", "$$y$$"),
    ]
    built = pseudo_build(text)
    assert built.endswith("⟧. ^key-1\n\n%%\nHidden.\n%%\n")
    assert_structure_kept(text, built)


def test_prices_are_not_math():
    assert segments("Plans cost $4 per month or $40 per year.\n") == ["Plans cost $4 per month or $40 per year."]


def test_task_boxes_and_liquid_tags_stay_out_of_the_text():
    text = "- [ ] Enable sync\n- [x] Check {% data variables.quota %} first\n\n{% ifversion ghes %}\nAdmins only.\n{% endif %}\n"
    assert segments(text) == ["Enable sync", 'Check {1/} first', "Admins only."]
    built = pseudo_build(text)
    assert built.startswith("- [ ] ⟦") and "\n{% ifversion ghes %}\n⟦" in built
    assert_structure_kept(text, built)


@pytest.mark.parametrize(
    "translation",
    [
        "Gleich == ungleich",
        "Rabatt %%zehn%% Prozent",
        "Kostet $5$ heute",
        "Ende ^abc",
        "Rolle {ref}`x`",
        "!!! note wie ein Hinweis",
        ": wie eine Definition",
        "=== \"wie ein Reiter\"",
        "[[wie ein Link]] und [^1]",
    ],
)
def test_translated_text_that_looks_like_a_construct_stays_text(translation):
    text = "Plain sentence here.\n\nSee {ref}`x` and [^1].\n\n[^1]: A note.\n"
    built = translate(text, {"md:1": Segment((translation,))})
    assert_structure_kept(text, built)
    assert extract(built).units[0].render() == translation


# -- options ---------------------------------------------------------------------------------------


def test_dialects_option_turns_constructs_off_and_is_checked():
    text = "A [[Page]] and ==mark==.\n"
    assert segments(text, dialects=[]) == ["A [[Page]] and ==mark==."]
    assert segments(text, dialects=["wikilinks"]) == ['A {1/} and ==mark==.']
    with pytest.raises(ConfigError, match="unknown dialect"):
        MarkdownFilter(dialects=["wikilink"])
    for wrong in ("all", 5, [1]):
        with pytest.raises(ConfigError):
            MarkdownFilter(dialects=wrong)


# -- every sample page of the filter's own tests -------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.md") if p.name != "README.md"))
def test_pseudo_build_of_every_sample_page_keeps_its_structure(name):
    text = (DATA / name).read_bytes().decode("utf-8-sig")
    document = MarkdownFilter().extract((DATA / name).read_bytes(), path=PurePosixPath(name), locale=EN)
    translations = {key: pseudo_segment(segment) for _, key, segment in document.segments()}
    built = MarkdownFilter().merge(document, translations, DE).decode(document.encoding.replace("-sig", ""))
    check = markdown_check(text, built.removeprefix("\ufeff"))
    assert not check.problems, check.problems
    assert check.kept == check.constructs
