"""The metric formula language: parsing, errors, Decimal evaluation, metric ordering."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.metrics import (
    MAX_DEPTH,
    FormulaError,
    Unavailable,
    Value,
    evaluate_metrics,
    evaluation_order,
    figure,
    parse_formula,
)

FIGURES: dict[str, object] = {
    "budget.executed": Decimal("760"),
    "budget.adjusted": Decimal("1000"),
    "budget.balance": None,
    "zero": Decimal("0"),
    "a": Decimal("3"),
    "b": Decimal("5"),
    "x": Decimal("2"),
    "huge": Decimal("9e999990"),
    "data.three_public.actual": Decimal("90"),
    "data.three_public.last_year": Decimal("100"),
}


def lookup(path: str) -> Value:
    return figure(FIGURES.get(path), path)


def calc(source: str, figures: Mapping[str, object] | None = None) -> Value:
    table = FIGURES if figures is None else figures
    return parse_formula(source).evaluate(lambda path: figure(table.get(path), path))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 - 2 - 3", "-4"),
        ("2 + 3 * 4", "14"),
        ("8 / 4 / 2", "1"),
        ("(2 + 3) * 4", "20"),
        ("2 * (3 + 4) - 1", "13"),
        ("-x + 2.5", "0.5"),
        ("--x", "2"),
        ("-(a - b)", "2"),
        ("a - -b", "8"),
        ("-a * b", "-15"),
        ("0.1 + 0.2", "0.3"),
        ("5%", "0.05"),
        ("a * 12.5%", "0.375"),
        ("1 / 3", "0.3333333333333333333333333333"),
        ("budget.executed / budget.adjusted", "0.76"),
        (
            "(data.three_public.actual - data.three_public.last_year)"
            " / data.three_public.last_year",
            "-0.1",
        ),
        ("min(a, b)", "3"),
        ("min(b, a, x)", "2"),
        ("max(a, b, x)", "5"),
        ("min(7)", "7"),
        ("abs(a - b) * 100", "200"),
        ("abs(-0.5)", "0.5"),
        ("coalesce(budget.balance, 0) / budget.adjusted", "0"),
        ("coalesce(nothing, budget.balance, a, b)", "3"),
        ("coalesce(zero / zero, 1)", "1"),
        ("min(budget.executed / budget.adjusted, 1)", "0.76"),
        # conditions: a comparison is 1 or 0; and/or/not on conditions; if(cond, a, b)
        ("a < b", "1"),
        ("a > b", "0"),
        ("a <= 3", "1"),
        ("a >= 3.01", "0"),
        ("a == 3", "1"),
        ("a != 3", "0"),
        ("a < b and b < 6", "1"),
        ("a > b or x == 2", "1"),
        ("not a > b", "1"),
        ("not zero", "1"),
        ("1 + (a < b) * 2", "3"),
        ("if(a < b, 10, 20)", "10"),
        ("if(zero, 10, 20)", "20"),
        (
            "if(budget.executed >= 80% * budget.adjusted, 1, budget.executed / budget.adjusted)",
            "0.76",
        ),
        ("a + 1 > b and not (x == 0 or zero != 0)", "0"),
    ],
)
def test_evaluates_exactly(source: str, expected: str) -> None:
    result = calc(source)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


BALANCE = "if(data.balance == 0, 3, if(data.balance <= data.carried_over, 2, 0))"
"""资金结余 (docs/rubrics.md): 无结余得 3 分；有结余但不超过上年结转得 2 分；超过上年结转不得分."""


@pytest.mark.parametrize(
    ("balance", "carried_over", "points"),
    [
        ("0", "0", "3"),
        ("0", "50", "3"),
        ("30", "50", "2"),
        ("50", "50", "2"),
        ("51", "50", "0"),
        ("1", "0", "0"),
    ],
)
def test_the_balance_rule_written_with_conditions(
    balance: str, carried_over: str, points: str
) -> None:
    figures = {"data.balance": Decimal(balance), "data.carried_over": Decimal(carried_over)}
    assert calc(BALANCE, figures) == Decimal(points)


def test_only_the_branch_taken_is_read() -> None:
    """`if` and `and`/`or` read no more than they need: no division by zero behind them."""
    assert calc("if(zero == 0, 1, a / zero)") == Decimal(1)
    assert calc("zero != 0 and a / zero > 1") == Decimal(0)
    assert calc("zero == 0 or a / zero > 1") == Decimal(1)
    assert calc("if(zero / zero > 1, 1, 2)") == Unavailable(
        "division_by_zero", "if(zero / zero > 1, 1, 2)"
    )
    refused = calc("if(a > 1, a / zero, 2)")  # the branch taken divides 3 by 0
    assert isinstance(refused, Unavailable) and (refused.code, refused.path) == ("PE334", "zero")
    assert calc("if(nothing > 1, 1, 2)") == Unavailable("missing", "nothing")


@pytest.mark.parametrize(
    ("source", "position"),
    [
        ("a < b < 3", 6),
        ("a == == b", 5),
        ("a and", 5),
        ("not", 3),
        ("if(a, b)", 0),
        ("a => b", 2),
        ("a = b", 2),
    ],
)
def test_condition_syntax_errors_are_located(source: str, position: int) -> None:
    with pytest.raises(FormulaError) as raised:
        parse_formula(source)
    assert raised.value.position == position


def test_conditions_compare_like_with_like() -> None:
    """A comparison's two figures, and an `if`'s two branches, are a like-with-like group;
    the condition of an `if` and the sides of `and` are not."""
    groups = parse_formula("if(a > b, x, y) + (p and q)").like_groups()
    assert sorted(groups) == [("a", "b"), ("x", "y")]


def test_exact_decimal_result_is_decimal_not_float() -> None:
    result = calc("0.1 + 0.2")
    assert type(result) is Decimal
    assert str(result) == "0.3"


def test_missing_figure_is_unavailable_with_path() -> None:
    assert calc("budget.balance / budget.adjusted") == Unavailable("missing", "budget.balance")
    assert calc("1 + nope.at_all") == Unavailable("missing", "nope.at_all")


def test_first_unavailable_wins_left_to_right() -> None:
    assert calc("missing_one + missing_two") == Unavailable("missing", "missing_one")
    assert calc("min(1, zero / zero, missing_two)") == Unavailable(
        "division_by_zero", "min(1, zero / zero, missing_two)"
    )
    assert calc("abs(gone)") == Unavailable("missing", "gone")


def test_coalesce_returns_last_unavailable_when_none_available() -> None:
    assert calc("coalesce(one, two)") == Unavailable("missing", "two")


def test_a_figure_that_is_not_a_number_is_unreadable_not_absent() -> None:
    unreadable = calc("a + flag", {"a": Decimal(1), "flag": True})
    assert isinstance(unreadable, Unavailable)
    assert (unreadable.reason, unreadable.path, unreadable.code) == ("unreadable", "flag", "PE116")
    nan = parse_formula("a + 1").evaluate(lambda _: Decimal("Infinity"))
    assert isinstance(nan, Unavailable) and (nan.reason, nan.code) == ("unreadable", "PE009")


def test_coalesce_never_falls_back_over_an_unreadable_figure() -> None:
    """`coalesce(balance, 0)` with `balance: 5985.6万元` is an error, not 0."""
    found = calc("coalesce(b, 0)", {"b": "5985.6万元"})
    assert isinstance(found, Unavailable) and found.code == "PE111"
    assert calc("coalesce(b, 0)", {}) == Decimal(0)


@pytest.mark.parametrize("source", ["zero / zero", "(a - 3) / (a - 3)", "0 / 0", "0 / (zero * 5)"])
def test_nothing_over_nothing_is_unavailable(source: str) -> None:
    """0 ÷ 0: nothing of that kind at all (no budget, nothing spent) — not applicable."""
    assert calc(source) == Unavailable("division_by_zero", source)


@pytest.mark.parametrize(
    ("source", "path", "numerator"),
    [
        ("a / zero", "zero", "3"),
        ("a / (zero * 5)", "zero", "3"),  # the divisor reads one figure: located there
        ("1 / (a - 3)", "a", "1"),
        ("(a - b) / zero", "zero", "-2"),  # a negative amount over nothing: no ratio either
        ("a / (b - b)", "b", "3"),
        ("a / (zero + zero * a)", "", "3"),  # two figures: located at the indicator
    ],
)
def test_something_over_zero_is_an_error_at_the_divisor(
    source: str, path: str, numerator: str
) -> None:
    """x ÷ 0 with x ≠ 0 (spending over a budget of 0) is an error (PE334), never N/A."""
    found = calc(source)
    assert isinstance(found, Unavailable) and found.is_error
    assert (found.code, found.path) == ("PE334", path)
    assert dict(found.params) == {"formula": source, "numerator": numerator}


@pytest.mark.parametrize(
    ("source", "path", "shown"),
    [
        ("a / -b", "b", "-5"),
        ("a / neg", "neg", "-15.0"),
        ("zero / neg", "neg", "-15.0"),  # 0 over a negative budget: the figure is still wrong
        ("(a - b) / (a - b)", "", "-2"),  # a computed divisor too: −2 ÷ −2 is no 100%
        ("coalesce(a / neg, 1)", "neg", "-15.0"),  # an error, never a fallback
    ],
)
def test_a_negative_divisor_is_an_error_at_it(source: str, path: str, shown: str) -> None:
    """A ratio over a negative figure flips every comparison (−84% ≤ 100% is full marks):
    an error (PE335) at the figure divided by."""
    found = calc(source, {**FIGURES, "neg": Decimal("-15.0")})
    assert isinstance(found, Unavailable) and found.is_error
    assert (found.code, found.path, dict(found.params)["divisor"]) == ("PE335", path, shown)


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("neg / a", "neg"),
        ("coalesce(neg / a, 1)", "neg"),  # an error, never a fallback
        ("if(a > 1, neg / b, 1)", "neg"),
    ],
)
def test_a_negative_figure_divided_as_written_is_an_error_at_it(source: str, path: str) -> None:
    """`actual / budget` with `actual: -20` would be −133%, "≤ 100%" and full marks: an
    error (PE338) at the numerator's figure, quoting it."""
    found = calc(source, {**FIGURES, "neg": Decimal("-20")})
    assert isinstance(found, Unavailable) and found.is_error
    assert (found.code, found.path, dict(found.params)["numerator"]) == ("PE338", path, "-20")


@pytest.mark.parametrize(("source", "expected"), [("(a - b) / b", "-0.4"), ("-a / b", "-0.6")])
def test_a_negative_numerator_computed_is_a_number(source: str, expected: str) -> None:
    """Only a figure divided as written is held to its sign: a change (`(a - b) / b` with a
    below b) or a negated figure is a number like any other."""
    assert calc(source) == Decimal(expected)


@pytest.mark.parametrize(("source", "expected"), [("a / -1", "-3"), ("a / -2%", "-150")])
def test_a_divisor_of_the_rubrics_own_numbers_is_arithmetic(source: str, expected: str) -> None:
    """The rule is about submitted figures: the rubric's own constants divide as written,
    and a constant 0 is unavailable (`a / 0%`), as before."""
    assert calc(source) == Decimal(expected)
    assert calc("a / 0%") == Unavailable("division_by_zero", "a / 0%")


@settings(max_examples=200, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3))
def test_the_divisor_rule_holds_for_any_two_figures(a: int, b: int) -> None:
    """`a / b` of two figures: the ratio when b > 0 and a ≥ 0; N/A for 0 ÷ 0; PE334 for
    a ÷ 0 with a ≠ 0; PE335 for b < 0 — located at b; else PE338 for a < 0, at a."""
    found = calc("p / q", {"p": Decimal(a), "q": Decimal(b)})
    if b > 0 and a >= 0:
        assert found == Decimal(a) / Decimal(b)
    elif a == b == 0:
        assert found == Unavailable("division_by_zero", "p / q")
    elif b > 0:
        assert isinstance(found, Unavailable) and (found.code, found.path) == ("PE338", "p")
    else:
        assert isinstance(found, Unavailable) and found.path == "q"
        assert found.code == ("PE334" if b == 0 else "PE335")


def test_coalesce_never_falls_back_over_a_zero_divisor() -> None:
    """`coalesce(a / b, 0)` with `b: 0` and `a` not 0 is the error, not 0; 0 ÷ 0 falls back."""
    found = calc("coalesce(a / zero, 0)")
    assert isinstance(found, Unavailable) and found.code == "PE334"
    assert calc("coalesce(zero / zero, 0)") == Decimal(0)


@pytest.mark.parametrize(
    "source",
    ["huge * huge", "huge * 10000000000", "-huge * 100000000000", "abs(huge) * 10000000000"],
)
def test_overflow_is_unavailable(source: str) -> None:
    assert calc(source) == Unavailable("overflow", source)


def test_underflow_is_unavailable_not_zero() -> None:
    assert calc("tiny * tiny", {"tiny": Decimal("1e-999990")}) == Unavailable(
        "overflow", "tiny * tiny"
    )


def test_evaluation_does_not_touch_the_global_context() -> None:
    import decimal

    before = decimal.getcontext().copy()
    calc("huge * huge")
    calc("1 / 3")
    after = decimal.getcontext()
    assert after.prec == before.prec
    assert after.flags == before.flags
    assert after.traps == before.traps


def test_results_are_not_rounded() -> None:
    assert calc("1.23456789 * 1") == Decimal("1.23456789")


def test_references() -> None:
    formula = parse_formula("coalesce(budget.balance, 0) / budget.adjusted + min(rate, 1) - -x")
    assert formula.references() == frozenset({"budget.balance", "budget.adjusted", "rate", "x"})
    assert parse_formula("1 + 2").references() == frozenset()
    assert parse_formula("a.__class__").references() == frozenset({"a.__class__"})


def test_dunder_path_is_only_a_path() -> None:
    assert calc("a.__class__") == Unavailable("missing", "a.__class__")


@pytest.mark.parametrize(
    ("source", "position"),
    [
        ("a +", 3),
        ("(a", 2),
        ("a b", 2),
        ("__import__('os')", 11),
        ("a.b()", 3),
        ("a.b(1)", 3),
        ("2 ** 3", 3),
        ('"x"', 0),
        ("'x'", 0),
        ("a[0]", 1),
        ("a.", 1),
        ("1.", 1),
        (".5", 0),
        ("1e5", 1),
        ("a % 2", 2),
        ("lambda: 1", 6),
        ("min(1)(2)", 6),
        ("(a)(b)", 3),
        ("min(1,)", 6),
        ("min(,1)", 4),
        (")", 0),
        ("a +* b", 3),
        ("+a", 0),
        ("", 0),
        ("   ", 0),
        ("a；b", 1),
        ("a\u3000+ b", 1),
        ("١ + 1", 0),
    ],
)
def test_syntax_errors_have_positions(source: str, position: int) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    error = caught.value
    assert error.code == "PE205"
    assert error.position == position
    assert error.params["column"] == str(position + 1)
    assert error.params["formula"] == source
    assert error.params["problem"]


def test_syntax_error_texts() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("(a")
    assert "never closed" in caught.value.params["problem"]
    with pytest.raises(FormulaError) as caught:
        parse_formula("a b")
    assert caught.value.params["problem"] == "unexpected name 'b'"
    with pytest.raises(FormulaError) as caught:
        parse_formula("a +")
    assert caught.value.params["problem"] == "unexpected end of formula"


@pytest.mark.parametrize(
    ("source", "position", "name"),
    [
        ("exec(1)", 0, "exec"),
        ("__import__(1)", 0, "__import__"),
        ("1 + eval(a)", 4, "eval"),
        ("abs(1, 2)", 0, "abs"),
        ("abs()", 0, "abs"),
        ("min()", 0, "min"),
        ("max()", 0, "max"),
        ("coalesce()", 0, "coalesce"),
    ],
)
def test_unknown_function_or_arity(source: str, position: int, name: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert caught.value.code == "PE206"
    assert caught.value.position == position
    assert name in caught.value.params["problem"]


def test_too_long() -> None:
    parse_formula("1" + " + 1" * 120)  # 481 characters: fine
    with pytest.raises(FormulaError) as caught:
        parse_formula("1" + " + 1" * 125)
    assert caught.value.code == "PE209"
    assert caught.value.params["limit"] == "500"


@pytest.mark.parametrize(
    "source",
    [
        "(" * 1000 + "1" + ")" * 1000,
        "(" * 100 + "1" + ")" * 100,
        "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
        "-" * 200 + "1",
        "abs(" * 40 + "1" + ")" * 40,
        "(" * 1000,
    ],
)
def test_too_deep_is_formula_error_not_recursion(source: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert caught.value.code == "PE209"


def test_max_depth_is_allowed() -> None:
    source = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert parse_formula(source).evaluate(lookup) == Decimal(1)


def test_long_flat_chain_evaluates() -> None:
    source = "1" + " - 1" * 124
    assert parse_formula(source).evaluate(lookup) == Decimal(-123)


def test_evaluation_order_and_metric_references() -> None:
    formulas = {
        "score": parse_formula("min(rate, 1) * 100"),
        "rate": parse_formula("budget.executed / budget.adjusted"),
        "gap": parse_formula("1 - rate"),
    }
    order = evaluation_order(formulas)
    assert order.index("rate") < order.index("score")
    assert order.index("rate") < order.index("gap")
    values = evaluate_metrics(formulas, lookup)
    assert list(values) == ["score", "rate", "gap"]
    assert values == {"score": Decimal(76), "rate": Decimal("0.76"), "gap": Decimal("0.24")}


def test_unavailable_propagates_through_metrics() -> None:
    formulas = {
        "balance_share": parse_formula("budget.balance / budget.adjusted"),
        "scaled": parse_formula("balance_share * 100"),
        "safe": parse_formula("coalesce(balance_share, 0)"),
    }
    values = evaluate_metrics(formulas, lookup)
    assert values["scaled"] == Unavailable("missing", "budget.balance")
    assert values["safe"] == Decimal(0)


def test_metric_names_shadow_lookup() -> None:
    calls: list[str] = []

    def spy(path: str) -> Value:
        calls.append(path)
        return Decimal(1)

    evaluate_metrics({"a": parse_formula("2"), "b": parse_formula("a + c")}, spy)
    assert calls == ["c"]


@pytest.mark.parametrize(
    ("formulas", "cycle"),
    [
        ({"a": "b + 1", "b": "a * 2"}, "a → b → a"),
        ({"a": "a + 1"}, "a → a"),
        ({"x": "1", "a": "x + b", "b": "c", "c": "a"}, "a → b → c → a"),
    ],
)
def test_cycle_detection(formulas: dict[str, str], cycle: str) -> None:
    parsed = {name: parse_formula(source) for name, source in formulas.items()}
    with pytest.raises(FormulaError) as caught:
        evaluation_order(parsed)
    assert caught.value.code == "PE210"
    assert caught.value.params["cycle"] == cycle
    with pytest.raises(FormulaError):
        evaluate_metrics(parsed, lookup)


def test_long_metric_chain_has_no_recursion_limit() -> None:
    formulas = {f"m{i}": parse_formula(f"m{i + 1} + 1") for i in range(3000)}
    formulas["m3000"] = parse_formula("0")
    assert evaluate_metrics(formulas, lookup)["m0"] == Decimal(3000)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("12.50"), Decimal("12.50")),
        (7, Decimal(7)),
        (-3, Decimal(-3)),
        ("92.5%", Decimal("0.925")),
        ("92.5", Decimal("92.5")),
        (" 100 % ", Decimal(1)),
        ("-4.5%", Decimal("-0.045")),
        ("0.925", Decimal("0.925")),
        ("3％", Decimal("0.03")),
    ],
)
def test_figure_numbers(raw: object, expected: Decimal) -> None:
    value = figure(raw, "p")
    assert type(value) is Decimal
    assert value == expected


def test_figure_percent_is_built_from_text() -> None:
    assert str(figure("92.5%", "p")) == "0.925"
    assert figure("0.1%", "p") == Decimal("0.001")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "missing"),
        ("", "PE115"),
        ("  ", "PE115"),
        (True, "PE116"),
        (False, "PE116"),
        (1.5, Decimal("1.5")),
        ("1e5", Decimal("1e5")),
        ("５０％", Decimal("0.50")),
        ("abc", "PE116"),
        ("NaN", "PE116"),
        ("Infinity", "PE116"),
        ("1_000", "PE114"),
        ("1,000", "PE114"),
        ("%", "PE116"),
        ("٣", "PE116"),
        ("约95%", "PE112"),
        ("≥96%", "PE113"),
        ("/", "PE115"),
        ("5985.6万元", "PE111"),
        ("1e999999999", "PE009"),
        (Decimal("NaN"), "PE009"),
        (Decimal("-Infinity"), "PE009"),
        ({"a": 1}, "PE407"),
        ([1], "PE407"),
    ],
)
def test_figure_is_read_by_the_one_reader(raw: object, expected: object) -> None:
    found = figure(raw, "data.x")
    if isinstance(expected, Decimal):
        assert found == expected
    elif expected == "missing":
        assert found == Unavailable("missing", "data.x")
    else:
        assert isinstance(found, Unavailable)
        assert (found.reason, found.path, found.code) == ("unreadable", "data.x", expected)


def test_figure_passes_unavailable_through() -> None:
    gone = Unavailable("missing", "q")
    assert figure(gone, "other") is gone


# --- property: random small integer trees agree with exact Fraction arithmetic --------------

Tree = tuple[str, Fraction | None]  # source text, exact value (None: division by zero)


def _leaf(n: int) -> Tree:
    return (str(n), Fraction(n))


def _combine(op: str, left: Tree, right: Tree) -> Tree:
    (ls, lv), (rs, rv) = left, right
    text = f"({ls} {op} {rs})"
    if lv is None or rv is None or (op == "/" and rv == 0):
        return (text, None)
    result = {"+": lv + rv, "-": lv - rv, "*": lv * rv}.get(op)
    return (text, lv / rv if result is None else result)


def _apply(name: str, args: list[Tree]) -> Tree:
    text = f"{name}({', '.join(s for s, _ in args)})"
    values = [v for _, v in args]
    if any(v is None for v in values):
        return (text, None)
    exact = [v for v in values if v is not None]
    result = {"min": min, "max": max}[name](exact) if name != "abs" else abs(exact[0])
    return (text, result)


def _negate(tree: Tree) -> Tree:
    return (f"-{tree[0]}", None if tree[1] is None else -tree[1])


def _extend(
    children: st.SearchStrategy[Tree], divisors: st.SearchStrategy[Tree] | None
) -> st.SearchStrategy[Tree]:
    options = [
        st.builds(_combine, st.sampled_from("+-*"), children, children),
        st.builds(_negate, children),
        st.builds(_apply, st.just("abs"), st.lists(children, min_size=1, max_size=1)),
        st.builds(
            _apply, st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)
        ),
    ]
    if divisors is not None:
        options.append(st.builds(_combine, st.just("/"), children, divisors))
    return st.one_of(options)


_LEAVES = st.integers(-9, 9).map(_leaf)
# Divisors contain no division, so they are exact integers in Decimal too: a zero divisor
# is zero in both computations and no rounding can hide or invent one.
_INTEGER_TREES = st.recursive(_LEAVES, lambda c: _extend(c, None), max_leaves=5)
_TREES = st.recursive(_LEAVES, lambda c: _extend(c, _INTEGER_TREES), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_matches_fraction_reference(tree: Tree) -> None:
    source, exact = tree
    result = parse_formula(source).evaluate(lookup)
    if exact is None:
        assert result == Unavailable("division_by_zero", source)
        return
    assert isinstance(result, Decimal)
    if "/" not in source:
        assert result == exact  # integers only: Decimal is exact
    else:
        assert abs(Fraction(result) - exact) <= Fraction(1, 10**15)


_NONZERO = st.integers(-9, 9).filter(bool)


@settings(max_examples=300, deadline=None)
@given(st.integers(-9, 9), st.lists(st.tuples(st.sampled_from("+-*/"), _NONZERO), max_size=8))
def test_flat_expressions_follow_precedence_and_left_associativity(
    first: int, rest: list[tuple[str, int]]
) -> None:
    source = str(first) + "".join(f" {op} {n}" for op, n in rest)
    terms: list[Fraction] = [Fraction(first)]  # additive terms, each a left-to-right product
    for op, n in rest:
        if op == "*":
            terms[-1] *= n
        elif op == "/":
            terms[-1] /= n
        else:
            terms.append(Fraction(n if op == "+" else -n))
    result = parse_formula(source).evaluate(lookup)
    assert isinstance(result, Decimal)
    assert abs(Fraction(result) - sum(terms)) <= Fraction(1, 10**20)
