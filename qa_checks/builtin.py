"""The built-in checks, in report order. Registered as the ``builtin`` entry of ``locflow.checks``."""

from __future__ import annotations

from qa_checks.checks.codes import CodeExtra, CodeMissing, CodeOrder, MarkupWellFormed, TagExtra, TagMissing
from qa_checks.checks.completeness import EmptyTarget, MTRefused, Untranslated
from qa_checks.checks.consistency import InconsistentSource, InconsistentTarget
from qa_checks.checks.fluency import Accelerator, RepeatedWord
from qa_checks.checks.icu import ICUPlaceholders, ICUPlurals, ICUSyntax
from qa_checks.checks.length import LabelSentence, LengthRatio, MaxLength
from qa_checks.checks.links import Emails, URLs
from qa_checks.checks.numbers import Numbers
from qa_checks.checks.placeholders import (
    BracePlaceholders,
    PrintfPlaceholders,
    PythonPlaceholders,
    RasaPlaceholders,
    TemplatePlaceholders,
)
from qa_checks.checks.plurals import PluralFormCount
from qa_checks.checks.punctuation import Brackets, EndPunctuation, Quotes
from qa_checks.checks.security import BidiControls, ControlCharacters
from qa_checks.checks.terminology import TermDNT, TermForbidden, TermMissing
from qa_checks.checks.whitespace import DoubleSpace, LeadingWhitespace, NewlineCount, TrailingWhitespace

__all__ = ["CHECKS"]

CHECKS = (
    # completeness
    EmptyTarget,
    MTRefused,
    Untranslated,
    # placeholders and message syntax
    PrintfPlaceholders,
    PythonPlaceholders,
    BracePlaceholders,
    TemplatePlaceholders,
    ICUPlaceholders,
    RasaPlaceholders,
    ICUSyntax,
    ICUPlurals,
    PluralFormCount,
    # inline codes and markup
    CodeMissing,
    CodeExtra,
    CodeOrder,
    TagMissing,
    TagExtra,
    MarkupWellFormed,
    # things that must survive verbatim
    Numbers,
    URLs,
    Emails,
    # terminology and consistency
    TermMissing,
    TermForbidden,
    TermDNT,
    InconsistentTarget,
    InconsistentSource,
    # whitespace, punctuation, fluency
    LeadingWhitespace,
    TrailingWhitespace,
    DoubleSpace,
    NewlineCount,
    EndPunctuation,
    Brackets,
    Quotes,
    RepeatedWord,
    Accelerator,
    # length and layout
    LengthRatio,
    LabelSentence,
    MaxLength,
    # invisible characters
    ControlCharacters,
    BidiControls,
)
