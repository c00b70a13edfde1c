"""Inline codes across two segments (tm/codes.py): alignment, rewriting a stored target, penalties."""

from __future__ import annotations

import itertools
import random

import pytest

from locflow.model import Code, CodeKind, Segment
from tm import codes
from tm.codes import align_codes, canonical_pair, remap_target


def bold(code_id: str, text: str, markup: tuple[str, str] = ("<b>", "</b>")) -> list[str | Code]:
    return [Code(code_id, CodeKind.OPEN, markup[0], "bold"), text, Code(code_id, CodeKind.CLOSE, markup[1], "bold")]


def placeholder(code_id: str, data: str) -> Code:
    return Code(code_id, CodeKind.STANDALONE, data, "placeholder")


def test_same_codes_in_the_same_order_align_by_position_and_cost_nothing() -> None:
    new = Segment(("Hello ", placeholder("1", "{name}"), ", see ", *bold("2", "Settings")))
    stored = Segment(("Hi ", placeholder("7", "{name}"), ", open ", *bold("8", "Settings")))
    alignment = align_codes(new, stored)
    assert alignment.mapping == {"7": "1", "8": "2"}
    assert alignment.penalty == 0 and not alignment.changed


def test_a_placeholder_of_another_value_is_adapted_and_costs_one() -> None:
    new = Segment(("Hello ", placeholder("1", "{user}")))
    stored_source = Segment(("Hello ", placeholder("1", "{name}")))
    stored_target = Segment(("Hallo ", placeholder("1", "{name}")))
    offered, alignment = remap_target(new, stored_source, stored_target)
    assert offered == Segment(("Hallo ", placeholder("1", "{user}")))
    assert alignment.changed == frozenset({"1"}) and alignment.penalty == 1


def test_a_stored_code_the_new_source_lacks_is_left_out_and_costs_two() -> None:
    new = Segment(("Open Settings",))
    stored_source = Segment(("Open ", *bold("1", "Settings")))
    stored_target = Segment(("Öffne ", *bold("1", "Einstellungen")))
    offered, alignment = remap_target(new, stored_source, stored_target)
    assert offered == Segment(("Öffne Einstellungen",))
    assert alignment.unmatched_other == ("1",) and alignment.penalty == 2


def test_a_target_without_codes_is_offered_as_it_is() -> None:
    target = Segment(("Speichern",))
    offered, alignment = remap_target(Segment(("Save",)), Segment(("Save",)), target)
    assert offered is target and alignment.penalty == 0


def test_penalties_stop_at_ten() -> None:
    new = Segment(tuple(placeholder(str(i), f"{{n{i}}}") for i in range(1, 9)))
    assert align_codes(new, Segment(("no codes",))).penalty == codes.MAX_CODE_PENALTY


def test_canonical_pair_numbers_codes_in_source_order_and_the_target_follows() -> None:
    source = Segment(("Click ", *bold("b7", "Save"), " or ", placeholder("p3", "{x}")))
    target = Segment((placeholder("p3", "{x}"), " oder ", *bold("b7", "Speichern"), " klicken"))
    renumbered_source, renumbered_target = canonical_pair(source, target)
    assert [c.id for c in renumbered_source.codes] == ["1", "1", "2"]
    assert [c.id for c in renumbered_target.codes] == ["2", "1", "1"]


def _random_segment(rng: random.Random, ids: itertools.count) -> Segment:
    parts: list[str | Code] = ["Text "]
    for _ in range(rng.randint(0, 4)):
        code_id = str(next(ids))
        if rng.random() < 0.5:
            parts += [placeholder(code_id, rng.choice(["{a}", "{b}", "%s"])), " and "]
        else:
            parts += [*bold(code_id, "word", rng.choice([("<b>", "</b>"), ("<i>", "</i>")])), " then "]
    return Segment(tuple(parts))


def test_the_shortcut_for_alike_codes_gives_what_the_passes_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same codes in the same order skip the alignment passes: the answer must not change."""
    rng = random.Random(7)
    ids = itertools.count(1)
    pairs = []
    for _ in range(300):
        new = _random_segment(rng, ids)
        # Half the pairs have the very same codes under other ids, so the shortcut is taken.
        if rng.random() < 0.5:
            other = new.with_codes_renumbered({c.id: f"s{c.id}" for c in new.codes})
        else:
            other = _random_segment(rng, ids)
        pairs.append((new, other, _random_segment(rng, ids)))
    fast = [(align_codes(a, b), remap_target(a, b, b)) for a, b, _ in pairs]
    assert sum(1 for a, b, _ in pairs if codes._alike(codes._groups(a), codes._groups(b))) > 100
    monkeypatch.setattr(codes, "_alike", lambda reference, other: False)
    slow = [(align_codes(a, b), remap_target(a, b, b)) for a, b, _ in pairs]
    assert fast == slow
