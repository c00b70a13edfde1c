"""Fluency slips a machine can see: a word typed twice, a lost keyboard accelerator."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import compress, count, islice
from operator import eq

import regex

from locflow.model import find_protected_spans
from qa_checks.base import Category, Check, CheckContext, CheckedUnit, Example, Issue, Severity
from qa_checks.batch import Batch, in_slices

__all__ = ["RepeatedWord", "Accelerator"]

# matched on the lower-cased text: a case-insensitive back-reference is several times slower
_REPEAT = re.compile(r"(?<![\w\-])([^\W\d_]+)(\s+)(\1)(?![\w\-])")
# repetitions the grammar allows: relative pronouns after articles ("die die"), reflexive
# pronouns after subject ones ("nous nous", "Sie sie"), a conjunction before a pronoun
# ("se se", "që që"), a particle before a preposition ("të të")
_GRAMMATICAL = {
    "de": {"die", "der", "das", "den", "dem", "sie"},
    "fr": {"nous", "vous"},
    "en": {"had", "that", "is"},
    "nl": {"die", "dat"},
    "es": {"que", "se"},
    "gl": {"que", "se"},
    "pt": {"que", "se"},
    "ca": {"que", "es"},
    "it": {"che"},
    "sq": {"të", "e", "së", "që"},
    "ro": {"o"},
}
# languages whose words (or syllables, written apart) repeat by grammar: reduplication
# ("yavaş yavaş", "धीरे धीरे", "pelan pelan") or syllables of one word ("địa phương")
_REDUPLICATING = frozenset(
    "vi th lo km my bo dz zh yue ja ko hi mr bn gu pa ne ur fa ps tr az uz kk ky tk id ms tl fil jv su "
    "ta te kn ml si sw ha yo ig am hy ka".split()
)
_PUNCTUATION = ".,;:!?…()[]\"'«»„“”‘’¿¡"
_ANY_PUNCTUATION = re.compile("[" + re.escape(_PUNCTUATION) + "]")
# "_" before a letter or digit anywhere in a word ("A_nnuler"); "&" before a letter
# anywhere in a word ("&File", "A&yuda"), but not between capitals ("R&D", "AT&T"), not
# doubled ("&&" is a literal "&") and not in an entity ("&amp;")
_ACCEL = regex.compile(r"(?<![_&])_(?=[\p{L}\p{N}])|(?<![&\p{Lu}\p{N}])&(?=\p{L})(?!\w+;)|(?<=\p{Lu})&(?=\p{Ll})(?!\w+;)")


def _bare_repeat(lowered: str) -> bool:
    """Whether two neighbouring words are the same with all punctuation removed: without
    that, no word is repeated (words that differ so differ once stripped at their ends)."""
    bare = _ANY_PUNCTUATION.sub("", lowered).split()
    return any(map(eq, bare, islice(bare, 1, None)))


# Latin-1 bytes to their lower case (one Latin-1 character for each), the whitespace
# str.split splits at to a space; and the punctuation to delete
_LATIN1_WORDS = bytes(0x20 if chr(byte).isspace() else ord(chr(byte).lower()) for byte in range(256))
_LATIN1_PUNCTUATION = bytes(ord(ch) for ch in _PUNCTUATION if ord(ch) < 256)
_TEXT_BREAK = " \x01 "  # between texts: a word of its own, which no text holds


def _bare_repeats(targets: Sequence[str]) -> list[int]:
    """The indices where :func:`_bare_repeat` holds for the lower-cased target.

    For texts in Latin-1 (most European languages) it is worked out for all texts
    together: one ``bytes.translate`` lowers the case and removes the punctuation,
    one ``split`` gives every word, one ``map`` compares each with the next. Other
    texts are tested one by one.
    """
    joined = _TEXT_BREAK.join(targets)
    if joined.count("\x01") == len(targets) - 1:  # no text holds the break
        try:
            words = joined.encode("latin-1").translate(_LATIN1_WORDS, _LATIN1_PUNCTUATION).split()
        except UnicodeEncodeError:
            pass
        else:
            return _texts_of(words, compress(count(), map(eq, words, islice(words, 1, None))))
    return [index for index, text in enumerate(targets) if _bare_repeat(text.lower())]


def _texts_of(words: list[bytes], pairs: Iterable[int]) -> list[int]:
    """The texts the word pairs starting at ``pairs`` lie in (the breaks between texts counted)."""
    found: dict[int, None] = {}
    text, counted = 0, 0
    for at in pairs:
        if words[at] == b"\x01":
            continue  # two breaks in a row: an empty text
        text += words[counted:at].count(b"\x01")
        counted = at
        found[text] = None
    return list(found)


# a {field} that find_protected_spans always takes for a placeholder (or for part of a
# template): none of its characters is left to be a marker
_PLAIN_FIELD = re.compile(r"\{[A-Za-z0-9_][\w.\-]*\}")


def _may_mark(text: str) -> bool:
    """Whether ``text`` may hold a marker :func:`_without_placeholders` leaves: an ``&``,
    a ``_`` outside plain fields, or a link (whose span keeps its fields as they are)."""
    if "&" in text or "://" in text or "mailto:" in text:
        return True
    return "_" in _PLAIN_FIELD.sub(" ", text)


#: the protected spans whose "_" and "&" mark no accelerator
_NOT_MARKED = ("placeholder", "template", "url", "email", "entity")


def _without_placeholders(text: str) -> str:
    """``{order_id}``, ``%(user_name)s`` and ``https://example.com/a_b`` hold underscores
    that are no accelerators."""
    if not any(map(text.__contains__, ("{", "%", "://", "@", "&"))):
        return text
    for span in reversed(find_protected_spans(text, _NOT_MARKED)):
        text = text[: span.start] + " " + text[span.end :]
    return text


class RepeatedWord(Check):
    id = "repeated-word"
    cost = 18
    description = "No word is repeated by mistake (\"the the\"), unless the grammar allows it (de \"die die\", fr \"nous nous\")."
    severity = Severity.WARNING
    category = Category.FLUENCY
    good = (
        Example("Files that the app uses", "Dateien, die die App verwendet"),
        Example("We meet", "Nous nous rencontrons", target_locale="fr"),
        Example("Bye bye", "Tschüss tschüss"),
        Example("Save the file", "Datei speichern"),
        Example("If it is checked, the file is kept", "Se se marca, o ficheiro consérvase", target_locale="gl"),
        Example("If you save it, ...", "Wenn Sie sie speichern, ..."),
        Example("Walk slowly", "Yavaş yavaş yürüyün", target_locale="tr"),
        Example("Not a valid locale", "Không phải là bản địa địa phương hợp lệ", target_locale="vi"),
    )
    bad = (
        Example("Save the file", "Speichern Sie die Datei Datei"),
        Example("Save the file", "Enregistrer le le fichier", target_locale="fr"),
        Example("The file must be present", "Файл должен быть быть на месте", target_locale="ru"),
        Example("If the file is checked", "Se o o ficheiro se marca", target_locale="gl"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        return [offset + index for offset, targets in in_slices(batch.targets) for index in _bare_repeats(targets)]

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        if unit.target_locale.language in _REDUPLICATING:
            return []
        lowered = unit.target_text.lower()
        # compared with all punctuation removed first, in C (map/eq), then word by word
        if not _bare_repeat(lowered):
            return []
        words = [w.strip(_PUNCTUATION) for w in lowered.split()]
        if not any(a == b for a, b in zip(words, words[1:])):
            return []  # cheap pre-test; the pattern below finds the exact span
        if len(lowered) != len(unit.target_text) or _REPEAT.search(lowered) is None:
            return []
        allowed = _GRAMMATICAL.get(unit.target_locale.language, set())
        for match in _REPEAT.finditer(lowered):
            if match.group(1) in allowed or "\n" in match.group(2):
                continue
            if _REPEAT.search(unit.source_text.lower()):
                return []  # the source repeats too ("bye bye"): the translation may echo it
            start, end = match.span(3)
            return [self.issue(unit, f"repeated word {unit.target_text[start:end]!r}", (start, end))]
        return []


class Accelerator(Check):
    id = "accelerator"
    cost = 4
    description = "A keyboard accelerator marker (_File, &File) in the source is kept once in the target."
    severity = Severity.WARNING
    category = Category.STYLE
    params = {"markers": "_&"}
    good = (
        Example("_Undo", "_Rückgängig"),
        Example("_Undo", "元に戻す(_U)", target_locale="ja"),
        Example("snake_case", "snake_case"),
        Example("Close _All", "A_lle schließen"),
        Example("Tom & Jerry", "Tom & Jerry"),
        Example("T&T Dollar", "Trinidad-und-Tobago-Dollar"),
        Example("Order {order_id} shipped", "Bestellung {order_id} versandt"),
        Example("&File", "&Datei"),
        Example("&Help", "A&yuda", target_locale="es"),
        Example("R&D &Reports", "&Berichte der F&E"),
        Example("_Open https://example.com/my_page", "_Öffnen https://example.com/my_page"),
    )
    bad = (
        Example("_Undo", "Rückgängig"),
        Example("_Undo", "_Rückgängig (_U)"),
        Example("&Help", "Ayuda", target_locale="es"),
        Example("_Open https://example.com/my_page", "Öffnen https://example.com/my_page"),
    )

    def gate(self, batch: Batch, ctx: CheckContext) -> list[int]:
        """Sources with a marker (``_ACCEL`` finds no other), but for those whose every
        ``_`` is in a ``{field}``, which the check blanks as a placeholder (``{order_id}``)."""
        sources = batch.sources
        candidates = batch.containing(("_", "&"), "source")
        return list(compress(candidates, map(_may_mark, map(sources.__getitem__, candidates))))

    def check(self, unit: CheckedUnit, ctx: CheckContext) -> list[Issue]:
        source = _without_placeholders(unit.source_text)
        source_marks = [m.group() for m in _ACCEL.finditer(source) if m.group() in self.params["markers"]]
        if len(source_marks) != 1 or not unit.target_text:
            return []
        marker = source_marks[0]
        count = sum(1 for m in _ACCEL.finditer(_without_placeholders(unit.target_text)) if m.group() == marker)
        if count == 1:
            return []
        return [self.issue(unit, f"{count} accelerator markers {marker!r}, the source has 1")]
