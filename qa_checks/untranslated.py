"""Units that hold no translation yet: one finding for each, from ``empty-target``, and nothing else.

A unit is untranslated when its target has no text of its own:

* it is empty or only whitespace (every plural form of a plural entry);
* it holds only placeholders, inline codes or markup where the source has words
  (``{name}`` for ``Welcome, {name}!``);
* it is a copy of the source in a unit its file marks as not translated yet
  (XLIFF ``needs-translation`` or ``new``: tools fill such targets with the source).

Checking such a target for placeholders, numbers, URLs or punctuation would report
what is missing from a translation that is not there yet, several times over, so
the runner shows these units to ``empty-target`` alone (:attr:`Check.on_untranslated`).
Disabling ``empty-target`` leaves them out of the report altogether.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING

from locflow.model import find_protected_spans
from qa_checks.syntax.markup import ANY_TAG

if TYPE_CHECKING:
    from qa_checks.base import CheckedUnit
    from qa_checks.batch import Batch

__all__ = ["untranslated", "why_untranslated", "own_text"]

#: a target without one of these (or an inline code) has text of its own if it is not blank
_NOT_TEXT_MARKS = ("%", "{", "<", "$", "&")
_LETTER = re.compile(r"[^\W\d_]")
# a word of letters alone between spaces: text of the target's own
_PLAIN_WORD = re.compile(r"(?:^|\s)[^\W\d_]+(?=\s|$)")
#: the state readers give a unit whose file marks it as not translated yet
_NEW = "new"


def own_text(text: str) -> str:
    """``text`` without its placeholders, URLs, e-mail addresses, entities and tags, stripped."""
    if any(map(text.__contains__, _NOT_TEXT_MARKS)):
        for span in reversed(find_protected_spans(text)):
            text = text[: span.start] + " " + text[span.end :]
        text = ANY_TAG.sub(" ", text)
    return text.strip()


def why_untranslated(unit: CheckedUnit) -> str | None:
    """Why the unit holds no translation, or None when it holds one."""
    target = unit.target_text
    if not target.strip():
        if any(form.render().strip() for form in unit.plurals) or not unit.source.has_text():
            return None
        return "the target is empty"
    if unit.state == _NEW and target == unit.source_text:
        return "not translated yet: the target is a copy of the source, marked as still to translate"
    if not own_text(unit.target_plain) and _LETTER.search(own_text(unit.source_plain)):
        return "the target holds only placeholders or codes: its text is not translated"
    return None


def untranslated(batch: Batch) -> list[int]:
    """The indices of the units of ``batch`` that hold no translation (:func:`why_untranslated`),
    found among the few that may: blank targets, copies of the source, and targets with a
    placeholder, markup or code but no word of letters alone between spaces."""
    states, targets = batch.column("state"), batch.targets
    copies = batch.same_text()
    candidates = set(batch.blank_targets())
    candidates.update(compress(copies, (states[i] == _NEW for i in copies)))
    marked = batch.containing(_NOT_TEXT_MARKS, "target")
    candidates.update(compress(marked, map(not_, map(_PLAIN_WORD.search, map(targets.__getitem__, marked)))))
    candidates.update(batch.with_codes("target"))
    units: Sequence[CheckedUnit] = batch.units
    return sorted(index for index in candidates if why_untranslated(units[index]) is not None)
