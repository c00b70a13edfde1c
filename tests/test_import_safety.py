"""A translator's work is never lost: import rules, per-segment states, review, reset, the gate.

Each test works on a copy of the bundled example, pre-translated by the pseudo
provider (so there are MT drafts to protect and to be replaced), and edits the
exported files the way a CAT tool or PO editor would: with lxml and polib.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from locflow.model import State
from locflow.project import Project
from tests.cli_support import copy_example, locflow

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
FORMATS = ("xliff12", "xliff2", "po")
MARK = " (geprüft)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_example(tmp_path)
    locflow("extract", "-C", str(root))
    locflow("pretranslate", "-C", str(root), "-l", "de")
    return root


def snapshot(root: Path, locale: str = "de") -> dict[int, tuple[str, str, str]]:
    """Every stored translation of ``locale``: (target, state, origin) by segment id."""
    with Project.open(root) as project:
        return {i: (t.target.dumps(), t.state.value, t.origin) for i, t in project.store.translations(locale).items()}


def tm_units(root: Path) -> int:
    with Project.open(root) as project:
        return project.tm.stats().units


def export(root: Path, fmt: str, out: Path, *extra: str, command: str = "export") -> list[Path]:
    locflow(command, "-C", str(root), "-l", "de", "--format", fmt, "-o", str(out), *extra)
    return sorted(p for p in out.rglob("*") if p.is_file())


def import_json(root: Path, *files: Path | str, expect: int | tuple[int, ...] = 0) -> dict:
    return json.loads(locflow("import", "-C", str(root), *map(str, files), "--format", "json", expect=expect))


# -- editing files as a translator's tool would -----------------------------------------------


def _append(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def edit_segments(path: Path, fmt: str, count: int = 1, *, state: str = "done", text: str = MARK) -> list[str]:
    """Change the target of the first ``count`` segments that have one and mark them done
    (``state="draft"`` leaves them marked as drafts); returns their ids."""
    if fmt == "po":
        catalog = polib.pofile(str(path))
        chosen = [entry for entry in catalog if entry.msgstr][:count]
        for entry in chosen:
            entry.msgstr += text
            if state == "done" and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))
        return [entry.msgctxt for entry in chosen]
    tree = etree.parse(str(path))
    if fmt == "xliff12":
        units = [u for u in tree.iter(f"{{{X12}}}trans-unit") if u.find(f"{{{X12}}}target") is not None][:count]
        for unit in units:
            target = unit.find(f"{{{X12}}}target")
            _append(target, text)
            if state == "done":
                target.set("state", "translated")
                target.attrib.pop("state-qualifier", None)
        ids = [u.get("id") for u in units]
    else:
        segments = [s for s in tree.iter(f"{{{X2}}}segment") if s.find(f"{{{X2}}}target") is not None][:count]
        for segment in segments:
            _append(segment.find(f"{{{X2}}}target"), text)
            if state == "done":
                segment.set("state", "translated")
                segment.attrib.pop("subState", None)
        ids = [s.getparent().get("name") + ("" if s.get("id") == "s1" else "#" + s.get("id")[1:]) for s in segments]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return ids


def set_states(path: Path, fmt: str, value: str, count: int = 1) -> None:
    """A reviewer raises the state of the first ``count`` segments without editing them."""
    if fmt == "po":
        catalog = polib.pofile(str(path))
        for entry in [e for e in catalog if "fuzzy" in e.flags][:count]:
            entry.flags.remove("fuzzy")
        catalog.save(str(path))
        return
    tree = etree.parse(str(path))
    if fmt == "xliff12":
        for target in list(tree.iter(f"{{{X12}}}target"))[:count]:
            target.set("state", value)
    else:
        for segment in [s for s in tree.iter(f"{{{X2}}}segment") if s.find(f"{{{X2}}}target") is not None][:count]:
            segment.set("state", value)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


# -- states only move forward -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_untouched_package_never_undoes_a_translation(project: Path, tmp_path: Path, fmt: str):
    (original,) = export(project, fmt, tmp_path / "out", "--bundle")
    edited = tmp_path / f"edited{original.suffix}"
    shutil.copy(original, edited)
    (changed_id,) = edit_segments(edited, fmt)
    report = import_json(project, edited)
    assert report["summary"]["applied"] == 1, report["summary"]
    after_edit, tm_after_edit = snapshot(project), tm_units(project)
    assert [state for _, state, _ in after_edit.values()].count("translated") == 1

    again = import_json(project, original)  # the package as it left, untouched
    assert again["summary"]["applied"] == 0 and again["summary"]["conflicts"] == 0, again["summary"]
    assert again["reasons"]["unchanged"] == {"as-exported": 1, "same-as-stored": len(again["unchanged"]) - 1}
    assert snapshot(project) == after_edit and tm_units(project) == tm_after_edit
    assert import_json(project, edited)["summary"]["applied"] == 0  # re-importing the edit changes nothing either
    assert snapshot(project) == after_edit


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_untouched_changes_nothing_and_one_edit_changes_one(project: Path, tmp_path: Path, fmt: str):
    files = export(project, fmt, tmp_path / "out")
    before, tm_before = snapshot(project), tm_units(project)
    report = import_json(project, *files)
    assert report["summary"]["applied"] == 0 and report["summary"]["unchanged"] > 50
    assert snapshot(project) == before and tm_units(project) == tm_before

    edit_segments(files[0], fmt)
    assert import_json(project, *files)["summary"]["applied"] == 1
    after = snapshot(project)
    changed = [i for i in after if after[i] != before.get(i)]
    assert len(changed) == 1 and after[changed[0]][1] == "translated" and after[changed[0]][2].startswith("human:")
    assert tm_units(project) == tm_before + 1


def test_xliff12_keeps_one_state_per_segment(project: Path, tmp_path: Path):
    (bundle,) = export(project, "xliff12", tmp_path / "out", "--bundle")
    tree = etree.parse(str(bundle))
    group = next(g for g in tree.iter(f"{{{X12}}}group") if g.get("restype") == "x-locflow-unit")
    first, second = group.findall(f"{{{X12}}}trans-unit")[:2]
    _append(second.find(f"{{{X12}}}target"), MARK)
    second.find(f"{{{X12}}}target").set("state", "translated")
    tree.write(str(bundle), xml_declaration=True, encoding="UTF-8")
    report = import_json(project, bundle)
    assert [(e["id"], e["state"]) for e in report["applied"]] == [(second.get("id"), "translated")]
    with Project.open(project) as opened:
        keys = {s.id: s.key for s in opened.store.segments(group.getparent().getparent().get("original"))}
        states = {keys[i]: t.state for i, t in opened.store.translations("de").items() if i in keys}
    assert states[first.get("id")] is State.MT and states[second.get("id")] is State.TRANSLATED


def test_one_state_for_several_segments_confirms_only_the_edited_one(project: Path, tmp_path: Path):
    """Files of other tools (and older exports) segment a unit with <mrk mtype="seg"> under one
    state: marking the unit translated after editing one segment must not confirm the others."""
    (bundle,) = export(project, "xliff12", tmp_path / "out", "--bundle")
    tree = etree.parse(str(bundle))
    group = next(g for g in tree.iter(f"{{{X12}}}group") if g.get("restype") == "x-locflow-unit")
    parts = group.findall(f"{{{X12}}}trans-unit")
    unit = etree.Element(f"{{{X12}}}trans-unit", id=group.get("resname"))
    source, seg_source, target = (etree.SubElement(unit, f"{{{X12}}}{name}") for name in ("source", "seg-source", "target"))
    target.set("state", "translated")  # one state for the whole unit, as the tool saved it
    for number, part in enumerate(parts, start=1):
        for side, element in ((seg_source, part.find(f"{{{X12}}}source")), (target, part.find(f"{{{X12}}}target"))):
            mark = etree.SubElement(side, f"{{{X12}}}mrk", mtype="seg", mid=str(number))
            mark.text, mark[:] = element.text, list(element)
        source.text = (source.text or "") + "".join(part.find(f"{{{X12}}}source").itertext()) + " "
    _append(target.findall(f"{{{X12}}}mrk")[-1], MARK)
    group.getparent().replace(group, unit)
    tree.write(str(bundle), xml_declaration=True, encoding="UTF-8")
    before = snapshot(project)
    report = import_json(project, bundle)
    assert report["summary"]["applied"] == 1
    assert report["reasons"]["unchanged"].get("state-only") == len(parts) - 1
    assert sum(before[i] != t for i, t in snapshot(project).items()) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_changed_after_the_store_moved_on_is_a_conflict(project: Path, tmp_path: Path, fmt: str):
    (original,) = export(project, fmt, tmp_path / "out", "--bundle")
    first, second = tmp_path / f"a{original.suffix}", tmp_path / f"b{original.suffix}"
    shutil.copy(original, first)
    shutil.copy(original, second)
    edit_segments(first, fmt, text=" (Übersetzerin A)")
    edit_segments(second, fmt, text=" (Übersetzer B)")
    assert import_json(project, first)["summary"]["applied"] == 1
    kept = snapshot(project)
    report = import_json(project, second, expect=1)  # applied what it could, held one back
    assert report["summary"]["conflicts"] == 1 and report["conflicts"][0]["reason"] == "target-changed"
    assert snapshot(project) == kept
    forced = json.loads(locflow("import", "-C", str(project), str(second), "--force", "--format", "json"))
    assert forced["summary"]["applied"] == 1
    assert any("Übersetzer B" in target for target, _, _ in snapshot(project).values())


def test_a_translator_may_edit_their_own_imported_file_again(project: Path, tmp_path: Path):
    (original,) = export(project, "po", tmp_path / "out", "--bundle")
    edit_segments(original, "po", count=2)
    assert import_json(project, original)["summary"]["applied"] == 2
    edit_segments(original, "po", count=1, text=" (zweite Runde)")  # the file still carries its other edit
    assert import_json(project, original)["summary"]["applied"] == 1


def test_a_second_edit_that_proves_no_lineage_is_held_back(project: Path, tmp_path: Path):
    """Edited once, imported, edited again: nothing in the file shows it is the imported copy and
    not a colleague's copy of the same package, so the second edit waits for --force."""
    (original,) = export(project, "po", tmp_path / "out", "--bundle")
    edit_segments(original, "po")
    import_json(project, original)
    edit_segments(original, "po", text=" (zweite Runde)")
    report = import_json(project, original, expect=1)
    assert report["conflicts"][0]["reason"] == "target-changed" and "--force" in locflow("import", "-C", str(project), str(original), expect=1)


def test_a_lower_state_or_a_draft_never_replaces_a_reviewed_translation(project: Path, tmp_path: Path):
    (original,) = export(project, "xliff2", tmp_path / "out", "--bundle")
    edit_segments(original, "xliff2", count=2)
    assert import_json(project, original)["summary"]["applied"] == 2
    raised = json.loads(locflow("import", "-C", str(project), str(original), "--as", "approved", "--format", "json"))
    assert [e["state"] for e in raised["applied"]] == ["approved", "approved"]  # same text: only the state rises
    edit_segments(original, "xliff2", text=" (noch einmal)")  # edited again, still marked translated
    report = import_json(project, original, expect=1)
    assert report["conflicts"][0]["reason"] == "lower-state"
    edit_segments(original, "xliff2", text=" (Entwurf)", state="draft")
    tree = etree.parse(str(original))
    next(tree.iter(f"{{{X2}}}segment")).set("state", "initial")
    tree.write(str(original), xml_declaration=True, encoding="UTF-8")
    assert import_json(project, original, expect=1)["conflicts"][0]["reason"] == "would-replace-human"
    assert "approved" in [state for _, state, _ in snapshot(project).values()]


def test_confirming_a_draft_without_editing_it_needs_as_translated(project: Path, tmp_path: Path):
    (po,) = export(project, "po", tmp_path / "out", "--bundle")
    set_states(po, "po", "translated", count=3)  # un-fuzzied in a PO editor, text untouched
    report = import_json(project, po)
    assert report["summary"]["applied"] == 0 and report["reasons"]["unchanged"]["state-only"] == 3
    text = locflow("import", "-C", str(project), str(po))
    assert "3 state-only" in text
    confirmed = json.loads(locflow("import", "-C", str(project), str(po), "--as", "translated", "--format", "json"))
    assert confirmed["summary"]["applied"] == 3


# -- review ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,accept", [("xliff12", "signed-off"), ("xliff2", "reviewed"), ("po", "")])
def test_a_reviewer_package_raises_states(project: Path, tmp_path: Path, fmt: str, accept: str):
    (package,) = export(project, fmt, tmp_path / "out", "--bundle")
    edit_segments(package, fmt, count=3)
    import_json(project, package)
    (review,) = export(project, fmt, tmp_path / "review", "--bundle", command="review")
    set_states(review, fmt, accept, count=2)
    report = import_json(project, review)
    assert [e["state"] for e in report["applied"]] == ["reviewed", "reviewed"]
    states = [state for _, state, _ in snapshot(project).values()]
    assert states.count("reviewed") == 2 and states.count("translated") == 1
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    de = next(loc for loc in status["locales"] if loc["locale"] == "de")
    assert de["states"]["reviewed"]["segments"] == 2
    assert "reviewed" in locflow("status", "-C", str(project))


@pytest.mark.parametrize("fmt", ["xliff12", "xliff2"])
def test_an_approver_package_marked_final_approves(project: Path, tmp_path: Path, fmt: str):
    (package,) = export(project, fmt, tmp_path / "out", "--bundle")
    edit_segments(package, fmt, count=2)
    import_json(project, package)
    (approval,) = export(project, fmt, tmp_path / "approve", "--bundle", "--approve", command="review")
    set_states(approval, fmt, "final", count=2)
    report = import_json(project, approval)
    assert [e["state"] for e in report["applied"]] == ["approved", "approved"]
    states = [state for _, state, _ in snapshot(project).values()]
    assert states.count("approved") == 2 and "translated" not in states
    again = import_json(project, approval)
    assert again["summary"]["applied"] == 0, "an untouched approval package changes nothing the second time"


# -- paths and ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("original", ["../../etc/passwd", "/etc/passwd", "content/articles/not-here.md", "C:/Windows/x.md"])
def test_an_xliff_file_naming_a_path_outside_the_project_applies_nothing(project: Path, tmp_path: Path, original: str):
    (bundle,) = export(project, "xliff12", tmp_path / "out", "--bundle")
    edit_segments(bundle, "xliff12", count=5)
    tree = etree.parse(str(bundle))
    tree.find(f"{{{X12}}}file").set("original", original)
    tree.write(str(bundle), xml_declaration=True, encoding="UTF-8")
    before = snapshot(project)
    output = locflow("import", "-C", str(project), str(bundle), expect=3)
    assert f"{bundle}:" in output and original in output
    assert snapshot(project) == before


def test_an_id_of_several_documents_is_ambiguous_not_missing(project: Path, tmp_path: Path):
    po = tmp_path / "other-tool.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "md:h1"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "no-such-key"\nmsgid "x"\nmsgstr "y"\n',
        encoding="utf-8",
    )
    report = import_json(project, po, expect=1)
    assert sorted(e["reason"] for e in report["rejected"]) == ["ambiguous-id", "unknown-id"]


def resave_like_an_editor(path: Path) -> None:
    """Re-order the entries and re-wrap comments (polib, as Poedit and Lokalize do), then
    strings and references at 30 columns (gettext's msgcat, when it is installed)."""
    catalog = polib.pofile(str(path))
    catalog[:] = list(catalog)[::-1]
    catalog.save(str(path))
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", "--width=30", "-o", str(path), str(path)], check=True)


def test_a_po_file_reflowed_and_reordered_by_an_editor_keeps_every_identity(project: Path, tmp_path: Path):
    page = project / "content" / "articles" / "getting started with sharing.md"
    long_link = "https://acme.example.com/help/sharing/" + "very-long-path-segment/" * 4
    page.write_text(
        "# Sharing with a team\n\n"
        f"Open the [sharing settings page in your account]({long_link} \"Sharing settings\") and choose who "
        "may see the folder, then press **Share** to send the invitation to {{team_name}} right away.\n",
        encoding="utf-8",
    )
    locflow("extract", "-C", str(project))
    locflow("pretranslate", "-C", str(project), "-l", "de")
    for bundle in ((), ("--bundle",)):
        out = tmp_path / ("bundle" if bundle else "single")
        files = export(project, "po", out, "--select", "all", *bundle)
        for path in files:
            resave_like_an_editor(path)
        if shutil.which("msgcat"):
            assert any("\n#: \u2068content/articles/getting\n" in p.read_text(encoding="utf-8") for p in files)
        report = import_json(project, *files)
        assert report["summary"]["rejected"] == 0 and report["summary"]["conflicts"] == 0, report["rejected"][:3]
        assert report["summary"]["applied"] == 0
        target = next(p for p in files if "sharing" in p.name or bundle)
        edit_segments(target, "po", count=2)
        report = import_json(project, *files)
        assert report["summary"]["applied"] == 2 and not report["rejected"] and not report["conflicts"]


# -- reset and the gate -------------------------------------------------------------------------


def test_reset_removes_drafts_and_keeps_human_work(project: Path, tmp_path: Path):
    (po,) = export(project, "po", tmp_path / "out", "--bundle")
    edit_segments(po, "po", count=2)
    import_json(project, po)
    removed = json.loads(locflow("reset", "-C", str(project), "-l", "de", "--state", "mt", "--format", "json"))
    states = [state for _, state, _ in snapshot(project).values()]
    assert removed["de"] > 50 and "mt" not in states and states.count("translated") == 2
    assert json.loads(locflow("reset", "-C", str(project), "-l", "de", "--state", "mt", "--format", "json")) == {"de": 0}
    locflow("pretranslate", "-C", str(project), "-l", "de")
    one = "content/articles/faq.md"
    with Project.open(project) as opened:
        drafts = sum(t.state is State.MT for t in opened.store.translations("de", document=one).values())
    result = json.loads(locflow("reset", "-C", str(project), "-l", "de", "--state", "mt", "--document", one, "--format", "json"))
    assert result["de"] == drafts > 0  # every draft of that document, nothing else
    assert sum(state == "mt" for _, state, _ in snapshot(project).values()) > 50
    locflow("reset", "-C", str(project), "-l", "de", "--state", "mt", "--document", "nope.md", expect=2)


def test_reset_of_fuzzy_drafts_keeps_the_translations_beside_them(project: Path, tmp_path: Path):
    (po,) = export(project, "po", tmp_path / "out", "--bundle")
    edit_segments(po, "po", count=1)
    catalog = polib.pofile(str(po))
    drafts = [entry for entry in catalog if entry.msgstr and "fuzzy" in entry.flags][:2]
    for entry in drafts:
        entry.msgstr += " (Entwurf)"  # edited, still marked fuzzy: a fuzzy draft
    catalog.save(str(po))
    import_json(project, po)
    before = [state for _, state, _ in snapshot(project).values()]
    assert before.count("fuzzy") == 2 and before.count("translated") == 1
    removed = json.loads(locflow("reset", "-C", str(project), "-l", "de", "--state", "fuzzy", "--format", "json"))
    after = [state for _, state, _ in snapshot(project).values()]
    assert removed == {"de": 2} and "fuzzy" not in after and after.count("translated") == 1
    assert after.count("mt") == before.count("mt"), "only the state named is reset"


def test_strict_import_of_a_file_with_one_bad_segment_changes_nothing(project: Path, tmp_path: Path):
    (bundle,) = export(project, "xliff12", tmp_path / "out", "--bundle")
    tree = etree.parse(str(bundle))
    units = [u for u in tree.iter(f"{{{X12}}}trans-unit") if u.find(f"{{{X12}}}target") is not None]
    coded = next(u for u in units if u.find(f"{{{X12}}}source/{{{X12}}}bpt") is not None)
    plain = next(u for u in units if len(u.find(f"{{{X12}}}source")) == 0 and u is not coded)
    coded_target = coded.find(f"{{{X12}}}target")
    for child in list(coded_target):
        coded_target.remove(child)
    coded_target.text = "Code vergessen"
    _append(plain.find(f"{{{X12}}}target"), MARK)
    for unit in (coded, plain):
        unit.find(f"{{{X12}}}target").set("state", "translated")
    tree.write(str(bundle), xml_declaration=True, encoding="UTF-8")
    before = snapshot(project)
    locflow("import", "-C", str(project), str(bundle), "--strict", expect=3)
    assert snapshot(project) == before, "--strict applies nothing when anything is rejected"
    report = import_json(project, bundle, expect=1)
    assert report["summary"]["applied"] == 1 and [r["reason"] for r in report["rejected"]] in (["missing-code"], ["broken-code"])


def _plant_a_number_error(project: Path, tmp_path: Path, locale: str = "de") -> None:
    """A translation that passes import (codes intact) but fails QA: a number changed."""
    locflow("export", "-C", str(project), "-l", locale, "--format", "po", "-o", str(tmp_path / "gate"), "--bundle")
    (po,) = (tmp_path / "gate").rglob("*.po")
    catalog = polib.pofile(str(po))
    entry = next(e for e in catalog if "5 GB" in e.msgid)
    entry.msgstr = entry.msgid.replace("5 GB", "50 GB")
    entry.flags = []
    catalog.save(str(po))
    locflow("import", "-C", str(project), str(po))


def test_the_qa_gate_holds_the_failing_locale_back(project: Path, tmp_path: Path):
    _plant_a_number_error(project, tmp_path)
    output = locflow("run", "-C", str(project), expect=1)
    assert "de: not published, the QA gate failed" in output
    assert not (project / "build" / "de").exists()
    assert (project / "build" / "fr" / "content" / "articles" / "faq.md").is_file()
    assert locflow("build", "-C", str(project), "-l", "de", expect=1)
    assert not (project / "build" / "de").exists()
    locflow("build", "-C", str(project), "-l", "de", "--no-qa")
    assert "50 GB" in (project / "build/de/content/articles/faq.md").read_text(encoding="utf-8")


def test_a_gate_that_cannot_fail_is_not_checked_by_build(project: Path, tmp_path: Path):
    """With ``fail_on = "never"`` and no ``max_penalty`` nothing can be held back, so ``build``
    publishes without running QA (``-v`` says so); the project's ``fail_on = "error"`` checks it."""
    _plant_a_number_error(project, tmp_path)
    output = locflow("-v", "build", "-C", str(project), "-l", "de", "--fail-on", "never")
    assert "QA gate skipped" in output
    assert "50 GB" in (project / "build/de/content/articles/faq.md").read_text(encoding="utf-8")
    shutil.rmtree(project / "build")
    output = locflow("-v", "build", "-C", str(project), "-l", "de", expect=1)
    assert "QA gate skipped" not in output and "de: not published, the QA gate failed" in output
    assert not (project / "build" / "de").exists()


def test_the_qa_gate_can_drop_only_the_failing_translations(project: Path, tmp_path: Path):
    config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "source"', 'fallback = "source"\non_qa_error = "drop"'), encoding="utf-8")
    _plant_a_number_error(project, tmp_path)
    report = json.loads(locflow("run", "-C", str(project), "-l", "de", "--format", "json", expect=1))
    assert report["build"]["dropped"]["de"] == [next(d for d in report["build"]["dropped"]["de"] if d.startswith("content/articles/faq.md#"))]
    built = (project / "build/de/content/articles/faq.md").read_text(encoding="utf-8")
    assert "50 GB" not in built and "includes 5 GB" in built  # the source text stands in for it
    assert "⟦" in built  # the other translations are published


def test_min_state_publishes_only_confirmed_work(project: Path, tmp_path: Path):
    config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "source"', 'fallback = "source"\nmin_state = "translated"'), encoding="utf-8")
    (po,) = export(project, "po", tmp_path / "out", "--bundle")
    edit_segments(po, "po", count=1)
    import_json(project, po)
    locflow("build", "-C", str(project), "-l", "de")
    built = "".join(p.read_text(encoding="utf-8") for p in (project / "build" / "de").rglob("*") if p.is_file())
    assert built.count(MARK) == 1 and built.count("⟦") == 1  # the confirmed translation, and no MT draft


# -- what a translator sees ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_note_appears_once_and_every_code_shows_a_whole_label(project: Path, tmp_path: Path, fmt: str):
    files = export(project, fmt, tmp_path / "out", "--select", "all")
    codes = 0
    for path in files:
        if fmt == "po":
            for entry in polib.pofile(str(path)):
                lines = [line for line in entry.comment.splitlines() if not line.startswith(("TM ", "MT "))]
                assert len(lines) == len(set(lines)), (path.name, entry.msgctxt, lines)
            continue
        tree = etree.parse(str(path))
        holders = tree.iter(f"{{{X12}}}trans-unit") if fmt == "xliff12" else tree.iter(f"{{{X2}}}notes")
        for holder in holders:
            notes = [n.text for n in holder if etree.QName(n).localname == "note"]
            assert len(notes) == len(set(notes)), (path.name, notes)
        for element in tree.iter():
            label = element.get("equiv-text") or element.get("disp") or element.get("dispStart")
            if etree.QName(element).localname in ("bpt", "ept", "ph", "it", "pc", "sc", "ec"):
                codes += 1
                assert label and not label.endswith(('="', "='", "=")), (path.name, etree.tostring(element))
    assert fmt == "po" or codes > 50


def test_a_po_package_shows_placeholders_and_annotations_as_written(tmp_path: Path):
    """Brace, printf and ICU placeholders and Rasa entity annotations appear in a PO editor as
    they are in the source; the import finds them again, and rejects a target that broke one."""
    root = tmp_path / "bot"
    (root / "data").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en"\ntarget_locales = ["de"]\n\n[[content]]\npath = "data/nlu.yml"\n\n'
        '[[content]]\npath = "locales/en.json"\nformat = "keyvalue"\n\n[mt]\nprovider = "none"\n',
        encoding="utf-8",
    )
    (root / "data" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: sync_problem\n  examples: |\n    - the folder [Documents](folder) is not syncing\n',
        encoding="utf-8",
    )
    (root / "locales" / "en.json").write_text(
        '{"owner": "Ask {account_owner} for access.", "count": "%d files synced", '
        '"items": "{count, plural, one {# item} other {# items}} left"}\n',
        encoding="utf-8",
    )
    locflow("extract", "-C", str(root))
    (po,) = export(root, "po", tmp_path / "out", "--bundle")
    shown = {entry.msgid for entry in polib.pofile(str(po))}
    assert "the folder [Documents](folder) is not syncing" in shown
    assert "Ask {account_owner} for access." in shown and "%d files synced" in shown
    assert "{count, plural, one {# item} other {# items}} left" in shown
    assert not any("<1" in msgid or "<2" in msgid for msgid in shown)  # no markers to decode
    catalog = polib.pofile(str(po))
    for entry in catalog:
        entry.msgstr = {
            "the folder [Documents](folder) is not syncing": "der Ordner [Dokumente](folder) synchronisiert nicht",
            "Ask {account_owner} for access.": "Bitten Sie {account_owner} um Zugriff.",
            "%d files synced": "%d Dateien synchronisiert",
        }.get(entry.msgid, "")
        if entry.msgid.startswith("Ask"):
            entry.msgstr = "Bitten Sie {owner} um Zugriff."  # a placeholder renamed: rejected
    catalog.save(str(po))
    report = import_json(root, po, expect=1)
    assert report["summary"]["applied"] == 2
    assert [(e["reason"], e["id"]) for e in report["rejected"]] == [("missing-code", "owner")]
