"""The shared data model: the only part of locflow the other packages import.

It is pure: no SQLAlchemy, click or lxml here, only values and the rules
that make them (code protection, segment keys, locale facts).
"""

from locflow.model.document import UNTRANSLATED, Document, Slot, Unit, message_key, segment_key, split_segment_key
from locflow.model.locale import Locale, LocaleError
from locflow.model.protect import CodeIds, SpanKind, find_protected_spans, protect
from locflow.model.segment import Code, CodeKind, Part, Segment
from locflow.model.state import DONE_STATES, USABLE_STATES, Origin, State
from locflow.model.words import count_unit, count_words, counts_characters, word_count

__all__ = [
    "Code",
    "CodeIds",
    "CodeKind",
    "DONE_STATES",
    "Document",
    "Locale",
    "LocaleError",
    "Origin",
    "Part",
    "Segment",
    "Slot",
    "SpanKind",
    "State",
    "UNTRANSLATED",
    "USABLE_STATES",
    "Unit",
    "count_unit",
    "count_words",
    "counts_characters",
    "find_protected_spans",
    "protect",
    "segment_key",
    "message_key",
    "split_segment_key",
    "word_count",
]
