"""The parsers behind the checks, and agreement with gettext's labelled format-string cases."""

from __future__ import annotations

import pytest

from locflow.model import Locale
from qa_checks import Example, Profile, run_checks
from qa_checks.syntax import icu, printf
from qa_checks.syntax.numbers import extract_numbers
from qa_checks.syntax.plural_expr import PluralExprError, compile_plural, form_values

from tests.gettext_cases import read_cases
from tests.qa_support import GETTEXT_TESTS

RU_RULE = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"


def test_plural_expression_matches_gettext_semantics() -> None:
    ru = compile_plural("plural=" + RU_RULE + ";")
    assert [ru(n) for n in (1, 2, 5, 11, 21, 22, 25, 111)] == [0, 1, 2, 2, 0, 1, 2, 2]
    ar = compile_plural("n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5")
    assert [ar(n) for n in (0, 1, 2, 3, 11, 100)] == [0, 1, 2, 3, 4, 5]
    with pytest.raises(PluralExprError):
        compile_plural("n ==")


def test_single_value_forms_come_from_the_rule() -> None:
    de = form_values("(n != 1)", 2, Locale("de"))
    assert de[0] == (1,) and len(de[1]) == 1000
    ru = form_values(RU_RULE, 3, Locale("ru"))
    assert 21 in ru[0] and len(ru[0]) > 1


def test_c_format_reads_positions_and_types() -> None:
    spec = printf.parse_c("%2$d of %1$s, %%")
    assert spec.args == {1: "string", 2: "int"} and spec.error is None
    assert printf.parse_c("%*d").args == {1: "int", 2: "int"}
    assert printf.parse_c("%lu").args == {1: "long unsigned int"}
    assert printf.parse_c("100%").error is not None
    assert not printf.parse_c("100% of", strict=False)


def test_icu_parser_reads_nested_arguments_and_apostrophes() -> None:
    args = icu.flatten(icu.parse("{n, plural, =0 {none} one {l'un de {who}} other {# of '{'them'}'}}"))
    assert [(a.name, a.type) for a in args] == [("n", "plural"), ("who", "")]
    with pytest.raises(icu.ICUSyntaxError):
        icu.parse("{n, plural, one {x}}")
    assert icu.required_categories(Locale("pl")) == ("one", "few", "many")  # "other" is for fractions
    assert icu.required_categories(Locale("ja")) == ("other",)


@pytest.mark.parametrize(
    "text, locale, value",
    [("1,234.5", "en", "1234.5"), ("1.234,5", "de", "1234.5"), ("1\u202f234,5", "fr", "1234.5"), ("١٢", "ar", "12"), ("１２", "ja", "12")],
)
def test_numbers_are_read_in_their_locale(text: str, locale: str, value: str) -> None:
    (number,) = extract_numbers(f"Total {text} units", Locale(locale))
    assert value in number.readings


def test_digits_in_names_are_not_numbers() -> None:
    assert extract_numbers("Play MP3 files on IPv6 with x86 CPUs", Locale("en")) == []
    assert [n.text for n in extract_numbers("第3章", Locale("ja"))] == ["3"]


SUITES = [
    ("format-c-2", "c-format", "placeholder-printf"),
    ("format-python-2", "python-format", "placeholder-python"),
    ("format-python-brace-2", "python-brace-format", "placeholder-brace"),
    ("format-java-2", "java-format", "placeholder-icu"),
]


@pytest.mark.corpus
@pytest.mark.parametrize("name, flag, check", SUITES)
def test_agreement_with_gettext_format_cases(name: str, flag: str, check: str) -> None:
    path = GETTEXT_TESTS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    cases = read_cases(path)
    assert len(cases) > 5
    profile = Profile.from_config({"enable": [check, "icu-syntax"]})
    disagreements = []
    for case in cases:
        report = run_checks(Example(case.msgid, case.msgstr, flags=(flag,)).units(), profile)
        if bool(report.issues) == case.valid:
            disagreements.append((case.comment, case.msgid, case.msgstr, [i.message for i in report.issues]))
    print(f"{name}: {len(cases) - len(disagreements)}/{len(cases)} cases agree with msgfmt --check-format")
    assert disagreements == []


def test_the_brace_hint_finds_a_field_where_a_look_behind_first_would() -> None:
    import random
    import re

    from qa_checks.syntax.brace import FORMAT_SPEC
    from qa_checks.syntax.formats import _BRACE_HINT

    # the pattern as first written: a look-behind, then an optional "$", then the brace
    reference = re.compile(r"(?<!\{)\$?\{\s*(?:[A-Za-z_][\w.\-]*|\d+)\s*(?:![rsa])?" + FORMAT_SPEC + r"\}(?!\})", re.X)
    rng = random.Random(4)
    texts = ["".join(rng.choice("{}$ab1_:!r. %") for _ in range(rng.randint(0, 10))) for _ in range(50_000)]
    texts += ["${var}", "{{x}}", "{x}", "a{{b}", "{0!r:>10}", "{ name }", "{{{x}}}", "$${x}"]
    assert [bool(_BRACE_HINT.search(t)) for t in texts] == [bool(reference.search(t)) for t in texts]
    assert sum(bool(_BRACE_HINT.search(t)) for t in texts) > 500  # (both ways are taken)


def test_syntaxes_worked_out_together_are_those_of_each_unit_alone() -> None:
    import random

    from qa_checks.syntax import formats
    from qa_checks.syntax.icu import looks_like_icu

    def recognised(text: str) -> frozenset[str]:  # the rules as first written, text by text
        found: set[str] = set()
        if "%" in text:
            if formats._PYTHON_NAMED.search(text):
                found.add(formats.PYTHON)
            elif formats._PRINTF_HINT.search(text):
                found.add(formats.PRINTF)
        if "{" in text:
            if looks_like_icu(text):
                found.add(formats.ICU)
            else:
                if "{{" in text or "{%" in text:
                    found.add(formats.TEMPLATE)
                if formats._BRACE_HINT.search(text):
                    found.add(formats.BRACE)
        return frozenset(found)

    rng = random.Random(8)
    pieces = ["%s", "%d", "%(n)s", "%1$s", "50%", "{x}", "{0}", "{{ y }}", "{% if %}", "{n, plural, one {#} other {#}}", "${v}", "{", "}", "text "]
    flag_sets = [frozenset(flags) for flags in ((), ("c-format",), ("python-format",), ("python-brace-format",), ("no-c-format",), ("icu-format",))]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(3000)]
    flags = [rng.choice(flag_sets) for _ in texts]
    kinds = [rng.choice(["", "", "rasa-nlu"]) for _ in texts]
    expected = [formats._combined(f, k.startswith("rasa"), recognised(t)) for t, f, k in zip(texts, flags, kinds)]
    assert formats.syntaxes(texts, flags, kinds) == expected
    assert len(set(expected)) > 20
