"""The generic rule core: predicates, their algebra and explanations, policies."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import (
    Effect,
    Policy,
    PolicyHistory,
    Predicate,
    Rule,
    all_of,
    any_of,
    bar,
    ground,
    named_predicate,
    predicate,
)
from aulso_returns._rules import AllOf, AnyOf, Named, Not
from strategies import ATOMS, CLASSED, bits, expressions, reading


def truth(e: Predicate[tuple[bool, ...]], b: tuple[bool, ...]) -> bool:
    value = e.evaluate(b).value
    assert value == e(b)  # the explaining and the plain paths agree
    return value


@given(expressions(), expressions(), bits)
def test_de_morgan(
    a: Predicate[tuple[bool, ...]], b: Predicate[tuple[bool, ...]], x: tuple[bool, ...]
) -> None:
    assert truth(~(a & b), x) == truth(~a | ~b, x)
    assert truth(~(a | b), x) == truth(~a & ~b, x)


@given(expressions(), bits)
def test_double_negation(a: Predicate[tuple[bool, ...]], x: tuple[bool, ...]) -> None:
    assert truth(~~a, x) == truth(a, x)
    assert truth(~(~a).named("n", "n"), x) == truth(a, x)


@given(expressions(), expressions(), expressions(), bits)
def test_commutative_and_associative(
    a: Predicate[tuple[bool, ...]],
    b: Predicate[tuple[bool, ...]],
    c: Predicate[tuple[bool, ...]],
    x: tuple[bool, ...],
) -> None:
    assert truth(a & b, x) == truth(b & a, x)
    assert truth(a | b, x) == truth(b | a, x)
    assert truth((a & b) & c, x) == truth(a & (b & c), x)
    assert truth((a | b) | c, x) == truth(a | (b | c), x)


def test_empty_combinations() -> None:
    assert all_of()(()) is True
    assert any_of()(()) is False
    assert all_of().evaluate(()).because == ()


@given(expressions(), bits)
def test_false_and_names_only_false_parts(
    a: Predicate[tuple[bool, ...]], x: tuple[bool, ...]
) -> None:
    conj = all_of(a, *ATOMS)
    r = conj.evaluate(x)
    if not r.value:
        assert r.because
        assert all(not part.value for part in r.because)
    else:
        assert all(part.value for part in r.because)


@given(expressions(), bits)
def test_true_or_names_a_true_part(a: Predicate[tuple[bool, ...]], x: tuple[bool, ...]) -> None:
    r = any_of(a, *ATOMS).evaluate(x)
    if r.value:
        assert len(r.because) == 1
        assert r.because[0].value
    else:
        assert all(not part.value for part in r.because)


@given(st.lists(st.tuples(expressions(), st.booleans()), min_size=1, max_size=5), bits)
def test_a_policy_agrees_with_its_predicates(
    rules: list[tuple[Predicate[tuple[bool, ...]], bool]], x: tuple[bool, ...]
) -> None:
    # Policy.ruling runs each rule's predicate compiled once per policy; the plain call
    # and the explanation of every rule must give the same truth values.
    policy = Policy(
        name="p",
        version="1",
        rules=[
            (ground if is_ground else bar)(f"r{i}", e, "m")
            for i, (e, is_ground) in enumerate(rules)
        ],
    )
    verdict = policy.evaluate(x)
    held = {rr.rule.code for rr in verdict.grounds + verdict.bars}
    assert held == {f"r{i}" for i, (e, _) in enumerate(rules) if truth(e, x)}
    for rr in verdict.grounds + verdict.bars + verdict.unmet:
        assert rr.result.value is rr.holds
    assert verdict.allowed == (bool(verdict.grounds) and not verdict.bars)
    # The ruling is the same answer without the explanation.
    ruling = policy.ruling(x)
    assert ruling.allowed == verdict.allowed
    assert ruling.grounds == tuple(rr.rule for rr in verdict.grounds)
    assert ruling.bars == tuple(rr.rule for rr in verdict.bars)
    assert {rr.rule for rr in verdict.unmet} == {
        r for r in policy.rules if r.effect is Effect.GROUND and r not in ruling.grounds
    }


def test_explaining_a_verdict_tests_each_predicate_once() -> None:
    calls: list[str] = []

    def counted(code: str, value: bool) -> Predicate[int]:
        def test(_: int) -> bool:
            calls.append(code)
            return value

        return predicate(test, code=code, description=code)

    shared = counted("shared", True)
    other = counted("other", False)
    policy = Policy(
        name="p",
        version="1",
        rules=[
            ground("g", shared & other, "g"),
            ground("h", shared, "h"),
            bar("b", ~shared | other, "b"),
        ],
    )
    verdict = policy.evaluate(0)
    calls.clear()  # the ruling's tests; the explanations below share one memo
    for rr in verdict.grounds + verdict.bars + verdict.unmet:
        rr.result.explain()
    assert sorted(calls) == ["other", "shared"]


def test_short_circuit_still_explains() -> None:
    calls: list[int] = []

    def t(v: bool) -> bool:
        calls.append(1)
        return v

    a = predicate(lambda _: t(False), code="a", description="first")
    b = predicate(lambda _: t(True), code="b", description="second")
    r = (a & b).evaluate(None)
    assert len(calls) == 1
    assert [part.code for part in r.because] == ["a"]
    assert r.explain() == "[no] first and second\n  [no] first"
    assert r.to_dict() == {
        "code": "all_of",
        "value": False,
        "because": [{"code": "a", "value": False}],
    }


def test_named_predicates_and_repr() -> None:
    @named_predicate(code="big", description="n is big", clause="§1")
    def big(n: int) -> bool:
        return n > 100

    small_even = (
        ~big & predicate(lambda n: n % 2 == 0, code="even", description="n is even")
    ).named("small_even", "a small even number", clause="§2")
    assert repr(big) == "<predicate big>"
    assert repr(~big) == "~<predicate big>"
    assert small_even.code == "small_even"
    r = small_even.evaluate(4)
    assert r.value
    assert (
        r.explain()
        == "[yes] a small even number (§2)\n  [yes] not: n is big\n    [no] n is big (§1)\n  [yes] n is even"
    )
    with pytest.raises(ValueError, match="snake_case"):
        predicate(bool, code="Not Snake", description="x")


def test_policy_precedence_and_listing() -> None:
    positive = predicate(lambda n: n > 0, code="positive", description="n is positive")
    huge = predicate(lambda n: n > 1000, code="huge", description="n is huge")
    odd = predicate(lambda n: n % 2 == 1, code="odd", description="n is odd")
    policy = Policy(
        name="numbers",
        version="1",
        rules=[
            ground("accept_positive", positive, "positive numbers are fine"),
            bar("too_big", huge, "too big"),
            bar("odd", odd, "odd"),
        ],
    )
    assert policy.evaluate(4).allowed
    v = policy.evaluate(1001)
    assert not v.allowed
    assert [r.rule.code for r in v.bars] == ["too_big", "odd"]
    assert [r.rule.code for r in v.grounds] == ["accept_positive"]
    assert not policy.evaluate(-2).allowed  # deny by default
    assert policy.evaluate(-2).bars == ()
    assert [row["code"] for row in policy.listing()] == ["accept_positive", "too_big", "odd"]
    assert policy.listing()[1]["kind"] == "bar"
    assert "refused" in v.explain()
    assert v.to_dict()["bars"][0]["code"] == "too_big"


def test_policies_are_immutable_values() -> None:
    p = predicate(bool, code="p", description="p")
    policy = Policy(name="x", version="1", rules=[ground("g", p, "g")])
    added = policy.with_rule(bar("b", ~p, "b"))
    assert [r.code for r in policy.rules] == ["g"]
    assert [r.code for r in added.rules] == ["g", "b"]
    assert [r.code for r in added.without("g").rules] == ["b"]
    replaced = added.with_rule(bar("b", p, "now p"))
    assert replaced.rule("b").message == "now p"
    with pytest.raises(ValueError, match="appears twice"):
        Policy(name="x", version="1", rules=[ground("g", p, "g"), bar("g", p, "g")])
    with pytest.raises(KeyError):
        policy.without("nope")
    q = predicate(lambda _: False, code="p", description="never")
    assert not policy.with_predicate(q).evaluate(1).allowed
    assert Rule(code="r", effect=Effect.GROUND, when=p, message="m").effect is Effect.GROUND


@given(
    st.lists(st.booleans(), min_size=1, max_size=5), st.lists(st.booleans(), min_size=1, max_size=5)
)
def test_a_bar_always_overrides_grounds(grounds: list[bool], bars: list[bool]) -> None:
    rules = [
        ground(f"g{i}", predicate(lambda _, v=v: v, code=f"pg{i}", description="g"), "g")
        for i, v in enumerate(grounds)
    ]
    rules += [
        bar(f"b{i}", predicate(lambda _, v=v: v, code=f"pb{i}", description="b"), "b")
        for i, v in enumerate(bars)
    ]
    verdict = Policy(name="x", version="1", rules=rules).evaluate(None)
    assert verdict.allowed == (any(grounds) and not any(bars))
    assert len(verdict.bars) == sum(bars)
    assert len(verdict.grounds) == sum(grounds)


# --- every way of evaluating agrees; replacing a part is substitution --------------------------

Bits = tuple[bool, ...]


def reference(e: Predicate[Bits], x: Bits, code: str, value: bool) -> bool:
    """The value of *e* on *x* with every part named *code* taken as *value*."""
    if isinstance(e, Not):
        return not reference(e.operand, x, code, value)
    if e.code == code:
        return value
    if isinstance(e, Named):
        return reference(e.inner, x, code, value)
    if isinstance(e, AllOf):
        return all(reference(p, x, code, value) for p in e.operands)
    if isinstance(e, AnyOf):
        return any(reference(p, x, code, value) for p in e.operands)
    return e(x)


@given(expressions(), bits)
def test_every_way_of_evaluating_agrees(e: Predicate[Bits], x: Bits) -> None:
    memo: dict[int, bool] = {}
    value = e(x)
    assert e.holds(x, memo) is value
    assert e.holds(x, memo) is value  # again, from the memo
    assert e.evaluate(x, memo).value is value
    assert e.evaluate(x).value is value
    assert bool(e._compile()(x)) is value
    for part in e.walk():  # the memo holds each part's own value
        if id(part) in memo:
            assert memo[id(part)] is part(x)


@given(expressions(), bits, st.sampled_from(["p0", "p1", "p2", "p3", "renamed"]), st.booleans())
def test_replacing_a_part_is_substitution(
    e: Predicate[Bits], x: Bits, code: str, value: bool
) -> None:
    constant = predicate(lambda _: value, code="constant", description="a constant")
    replaced = e.replace(code, constant)
    assert replaced(x) is reference(e, x, code, value)
    assert code not in {p.code for p in replaced.walk()}
    if code != "renamed":  # every atom with a code is the same atom: putting it back is no change
        assert e.replace(code, ATOMS[int(code[1])]) == e


def test_reprs_of_junctions() -> None:
    a, b = ATOMS[:2]
    assert repr(a & b) == "(<predicate p0> & <predicate p1>)"
    assert repr(a | ~b) == "(<predicate p0> | ~<predicate p1>)"
    assert repr(all_of()) == "all_of()"
    assert repr(any_of()) == "any_of()"
    assert (a | b).description == "bit 0 is set or bit 1 is set"
    assert any_of().description == "never"
    assert all_of().description == "always"


def _numbers_policy() -> Policy[int]:
    positive = predicate(lambda n: n > 0, code="positive", description="n is positive")
    even = predicate(lambda n: n % 2 == 0, code="even", description="n is even")
    huge = predicate(lambda n: n > 1000, code="huge", description="n is huge", clause="§9")
    return Policy(
        name="numbers",
        version="1",
        rules=[
            ground(
                "accept_positive", positive & even, "positive even numbers", clause="§1", who="us"
            ),
            ground(
                "accept_two", predicate(lambda n: n == 2, code="two", description="n is 2"), "two"
            ),
            bar("too_big", huge, "too big"),
        ],
    )


def test_verdicts_explain_themselves_exactly() -> None:
    policy = _numbers_policy()
    assert policy.evaluate(1002).explain() == (
        "refused\n"
        "  bar too_big: too big\n"
        "    [yes] n is huge (§9)\n"
        "  ground accept_positive: positive even numbers\n"
        "    [yes] n is positive and n is even\n"
        "      [yes] n is positive\n"
        "      [yes] n is even"
    )
    assert policy.evaluate(3).explain() == (
        "refused\n"
        "  no ground holds\n"
        "    [no] n is positive and n is even\n"
        "      [no] n is even\n"
        "    [no] n is 2"
    )
    assert policy.evaluate(1002).to_dict() == {
        "allowed": False,
        "grounds": [
            {
                "code": "accept_positive",
                "because": {
                    "code": "all_of",
                    "value": True,
                    "because": [
                        {"code": "positive", "value": True},
                        {"code": "even", "value": True},
                    ],
                },
            }
        ],
        "bars": [{"code": "too_big", "because": {"code": "huge", "value": True}}],
    }


def test_rules_list_themselves_exactly() -> None:
    policy = _numbers_policy()
    assert policy.rule("accept_positive").to_dict() == {
        "code": "accept_positive",
        "kind": "ground",
        "description": "n is positive and n is even",
        "clause": "§1",
        "message": "positive even numbers",
        "terms": {"who": "us"},
    }
    assert policy.rule("too_big").to_dict()["kind"] == "bar"
    assert policy.describe() == (
        "numbers 1\n"
        "- ground accept_positive [§1]: n is positive and n is even\n"
        "- ground accept_two: n is 2\n"
        "- bar too_big: n is huge"
    )
    with pytest.raises(KeyError, match="nope"):
        policy.rule("nope")
    with pytest.raises(KeyError, match="nope"):
        policy.with_predicate(predicate(bool, code="nope", description="x"))
    assert policy.predicate("even") is not None
    assert policy.predicate("nope") is None


UTC = timezone.utc


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ((), "a policy history needs at least one version"),
        (((datetime(2026, 1, 1), _numbers_policy()),),  # noqa: DTZ001 - naive on purpose
         "version 0: the effective instant must be a timezone-aware datetime"),
        ((("2026-01-01", _numbers_policy()),), "version 0: the effective instant must be a timezone-aware datetime"),
        (((datetime(2026, 1, 1, tzinfo=UTC), "policy"),), "version 0: expected a Policy, got str"),
        (((datetime(2026, 1, 1, tzinfo=UTC), _numbers_policy()), (datetime(2026, 1, 1, tzinfo=UTC), _numbers_policy())),
         "version 1: effective instants must be strictly increasing"),
        (((datetime(2026, 1, 2, tzinfo=UTC), _numbers_policy()), (datetime(2026, 1, 1, tzinfo=UTC), _numbers_policy())),
         "version 1: effective instants must be strictly increasing"),
    ],
)  # fmt: skip
def test_a_policy_history_refuses_versions_out_of_order(
    versions: tuple[tuple[object, object], ...], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        PolicyHistory(versions)  # type: ignore[arg-type]


_ALWAYS = predicate(lambda _: True, code="always", description="always")


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        ({"effect": "maybe"}, ValueError, "a rule's effect is Effect.GROUND or Effect.BAR, got 'maybe'"),
        ({"effect": 1}, ValueError, "a rule's effect is Effect.GROUND or Effect.BAR, got 1"),
        ({"effect": "GROUND"}, ValueError, "a rule's effect is Effect.GROUND or Effect.BAR, got 'GROUND'"),
        ({"when": lambda _: True}, TypeError,
         "when must be a Predicate (made by predicate() or named_predicate()), got function"),
        ({"clause": 3}, TypeError, "a clause is a string or None, got int"),
        ({"terms": [("fee", "1")]}, TypeError, "a rule's terms map names to texts, got list"),
        ({"terms": {"restocking_fee": 0.15}}, TypeError,
         "a rule's terms map names to texts, got 'restocking_fee': 0.15"),
        ({"terms": {1: "x"}}, TypeError, "a rule's terms map names to texts, got 1: 'x'"),
    ],
)  # fmt: skip
def test_a_rule_refuses_what_a_decision_could_not_read(
    given: dict[str, object], error: type[Exception], message: str
) -> None:
    """An effect, a predicate or terms that are not one are refused when built.

    Each used to be accepted: the string ``"ground"`` aside, an effect other than
    ``Effect.GROUND`` made a bar; a float term an inexact refund. (The terms a
    decision reads are checked by the decision: tests/test_policy.py.)
    """
    fields: dict[str, object] = {
        "code": "r",
        "effect": Effect.GROUND,
        "when": _ALWAYS,
        "message": "m",
    }
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        Rule(**{**fields, **given})  # type: ignore[arg-type]


_NOT_A_PREDICATE = "must be a Predicate (made by predicate() or named_predicate()), got"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: predicate(3, code="x", description="d"), TypeError, "test must be a function, got int"),  # type: ignore[arg-type]
        (lambda: predicate(bool, code="x", description=None), TypeError, "description must be a string, got NoneType"),  # type: ignore[arg-type]
        (lambda: predicate(bool, code="x", description="d", clause=3), TypeError, "a clause is a string or None, got int"),  # type: ignore[arg-type]
        (lambda: predicate(bool, code="x", description="d", boundaries=3), TypeError, "bounds must be a function, got int"),  # type: ignore[arg-type]
        (lambda: all_of(_ALWAYS, 3), TypeError, f"operands[1] {_NOT_A_PREDICATE} int"),  # type: ignore[arg-type]
        (lambda: any_of(bool), TypeError, f"operands[0] {_NOT_A_PREDICATE} type"),  # type: ignore[arg-type]
        (lambda: Not(operand="p"), TypeError, f"operand {_NOT_A_PREDICATE} str"),  # type: ignore[arg-type]
        (lambda: Named(inner=None, code="x", description="d"), TypeError, f"inner {_NOT_A_PREDICATE} NoneType"),  # type: ignore[arg-type]
        (lambda: _ALWAYS.named("x", 3), TypeError, "description must be a string, got int"),  # type: ignore[arg-type]
        (lambda: Policy(name="n", version="1", rules=[ground("g", _ALWAYS, "m"), 3]), TypeError,
         "rules[1] must be a Rule (made by ground() or bar()), got int"),  # type: ignore[list-item]
        (lambda: Policy(name="n", version="1", rules=[]).with_rule(_ALWAYS), TypeError,
         "rules[0] must be a Rule (made by ground() or bar()), got Atom"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_a_predicate_refuses_parts_a_decision_could_not_test(
    build: Any, error: type[Exception], message: str
) -> None:
    """Each used to be accepted, and then failed every decision (or a listing) that reached it."""
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        build()


def test_a_predicate_keeps_its_boundaries_or_none() -> None:
    def bounds(_: object) -> tuple[()]:
        return ()

    assert predicate(bool, code="x", description="d", boundaries=bounds).bounds is bounds
    assert predicate(bool, code="x", description="d").bounds is None


@pytest.mark.parametrize(
    "terms",
    [{"restocking_fee": fee} for fee in ("0", "1", "0.15", "1.00", "0.125", "0.00")]
    + [{"return_shipping": "merchant"}, {"return_shipping": "customer"}, {"original_shipping": "refunded"},
       {"colour": "any text: the caller reads terms the decision does not"}],
)  # fmt: skip
def test_a_rule_keeps_the_terms_a_decision_can_read(terms: dict[str, str]) -> None:
    assert dict(ground("g", _ALWAYS, "m", **terms).terms) == terms


def test_an_effect_written_as_its_json_value_is_that_effect() -> None:
    """``effect="ground"`` is a ground: it used to decide as a bar (only ``Effect.GROUND`` was one)."""
    for written, effect in (("ground", Effect.GROUND), ("bar", Effect.BAR)):
        rule = Rule(code="r", effect=written, when=_ALWAYS, message="m")
        assert rule.effect is effect
        assert rule == Rule(code="r", effect=effect, when=_ALWAYS, message="m")
    policy = Policy(
        name="n", version="1", rules=[Rule(code="r", effect="ground", when=_ALWAYS, message="m")]
    )
    assert policy.ruling(0).allowed
    assert [r.code for r in policy.ruling(0).grounds] == ["r"]


@pytest.mark.parametrize(
    ("value", "error", "problem"),
    [
        (None, TypeError, "is a string, got NoneType"),
        (1, TypeError, "is a string, got int"),
        ("", ValueError, "is printable text, not blank, got ''"),
        ("  ", ValueError, "is printable text, not blank, got '  '"),
        ("a\nb", ValueError, r"is printable text, not blank, got 'a\nb'"),
        ("\ud800", ValueError, r"is printable text, not blank, got '\ud800'"),
    ],
)  # fmt: skip
def test_a_policy_is_named_by_printable_text(
    value: object, error: type[Exception], problem: str
) -> None:
    """A decision names its policy (JSON ``policy.name`` and ``policy.version``): both must be text."""
    for field in ("name", "version"):
        given: dict[str, object] = {"name": "n", "version": "1", field: value}
        expected = re.escape(f"a policy's {field} {problem}")
        with pytest.raises(error, match=f"^{expected}$"):
            Policy(rules=(), **given)  # type: ignore[arg-type]
    assert (
        Policy(name="Aulso 退貨 policy", version="2026-11 b", rules=()).name == "Aulso 退貨 policy"
    )


def test_a_policy_history_applies_each_version_from_its_instant() -> None:
    v1, v2 = _numbers_policy(), _numbers_policy().renamed("numbers", "2")
    history = PolicyHistory.starting(datetime(2026, 1, 1, tzinfo=UTC), v1).with_version(
        datetime(2026, 6, 1, tzinfo=UTC), v2
    )
    micro = timedelta(microseconds=1)
    assert history.in_force(datetime(2026, 6, 1, tzinfo=UTC) - micro) is v1
    assert history.in_force(datetime(2026, 6, 1, tzinfo=UTC)) is v2
    assert history.in_force(datetime(2026, 1, 1, tzinfo=UTC)) is v1
    with pytest.raises(
        LookupError,
        match=r"^2025-12-31T23:59:59\.999999\+00:00 is before the first policy version "
        r"\(in force from 2026-01-01T00:00:00\+00:00\)$",
    ):
        history.in_force(datetime(2026, 1, 1, tzinfo=UTC) - micro)


def test_holds_tests_each_predicate_once_per_memo() -> None:
    calls: list[int] = []

    def counted(n: int) -> bool:
        calls.append(n)
        return n > 0

    p = predicate(counted, code="positive", description="n > 0")
    composite = (p & ~p).named("never", "never")
    memo: dict[int, bool] = {}
    assert composite.holds(3, memo) is False
    assert p.holds(3, memo) is True
    assert calls == [3]  # the atom, tested once for the memo
    assert composite.holds(3, {}) is False
    assert calls == [3, 3]


def test_an_allowed_verdict_and_the_terms_of_bars() -> None:
    policy = _numbers_policy()
    assert policy.evaluate(2).explain() == (
        "allowed\n"
        "  ground accept_positive: positive even numbers\n"
        "    [yes] n is positive and n is even\n"
        "      [yes] n is positive\n"
        "      [yes] n is even\n"
        "  ground accept_two: two\n"
        "    [yes] n is 2"
    )
    b = bar("b", ATOMS[0], "m", clause="§3", fee="0.1")
    assert (b.effect, b.clause, dict(b.terms)) == (Effect.BAR, "§3", {"fee": "0.1"})
    negated = Not(operand=ATOMS[0], clause="§4")
    assert negated.replace("p0", ATOMS[1]) == Not(operand=ATOMS[1], clause="§4")


class Counting(Predicate[int]):
    """A predicate of its own class (as the shop's windows are), counting its tests and compiles."""

    code = "counting"
    description = "n > 0, counted"
    clause = None

    def __init__(self) -> None:
        self.tests = 0
        self.compiles = 0

    def _test(self, context: int) -> bool:
        self.tests += 1
        return context > 0

    def _compile(self) -> Any:
        self.compiles += 1
        return self._test


def test_a_predicate_of_its_own_class_is_tested_once_per_memo() -> None:
    counting = Counting()
    memo: dict[int, bool] = {}
    assert counting.holds(3, memo) is True
    assert counting.holds(3, memo) is True
    assert counting.tests == 1
    assert counting.holds(3, {}) is True
    assert counting.tests == 2


def test_a_verdict_tests_a_predicate_shared_by_a_ground_and_a_bar_once() -> None:
    counting = Counting()
    positive = predicate(lambda n: n > 0, code="positive", description="n > 0")
    policy = Policy(
        name="n", version="1",
        rules=[ground("g", counting, "g"), bar("b", positive & counting, "b")],
    )  # fmt: skip
    verdict = policy.evaluate(3)
    counting.tests = 0
    for result in (*verdict.grounds, *verdict.bars):
        result.result.explain()
    assert counting.tests == 1


def test_a_policy_compiles_its_rules_once() -> None:
    counting = Counting()
    policy = Policy(name="n", version="1", rules=[ground("g", counting, "g")])
    assert [policy.ruling(n).allowed for n in (1, -1, 2)] == [True, False, True]
    assert counting.compiles == 1


def test_only_plain_junctions_are_flattened() -> None:
    a, b, c = ATOMS[:3]
    assert all_of(a, all_of(b, c)).parts() == (a, b, c)
    assert any_of(a, any_of(b, c)).parts() == (a, b, c)
    for kind, combine in ((AllOf, all_of), (AnyOf, any_of)):
        named = kind(operands=(b, c), code="both")
        cited = kind(operands=(b, c), clause="§5")
        assert combine(a, named).parts() == (a, named)
        assert combine(a, cited).parts() == (a, cited)
    assert any_of(a, all_of(b, c)).parts() == (a, all_of(b, c))
    assert all_of(a, any_of(b, c)).parts() == (a, any_of(b, c))


def test_a_predicate_declares_the_boundaries_it_is_given_and_only_its_own() -> None:
    from datetime import datetime, timedelta, timezone  # noqa: PLC0415

    from aulso_returns import Boundary  # noqa: PLC0415

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    edge = Boundary(last=start + timedelta(days=2), before="young", after="old")
    young = predicate(lambda t: t <= start + timedelta(days=2), code="young", description="young",
                      boundaries=lambda t: [edge] if t else [])  # fmt: skip
    plain = predicate(bool, code="plain", description="plain")
    assert young.boundaries(start) == (edge,)  # an iterable becomes a tuple
    assert plain.boundaries(start) == ()
    assert (young & plain).boundaries(start) == ()  # a composite declares none; its parts do
    assert [p.boundaries(start) for p in (young & plain).walk()] == [(), (edge,), ()]


def test_a_policy_never_shows_its_index_of_predicates_half_built() -> None:
    # A read of the index while another thread is building it (here: from inside the walk
    # that builds it) must find every predicate, not only those indexed so far.
    seen: list[object] = []

    class Peeking(Not[int]):
        def walk(self) -> Iterator[Predicate[int]]:
            if not seen:  # once: the read builds the index too, and walks here again
                seen.append(None)
                seen[0] = policy.predicate("last")
            yield from super().walk()

    first = predicate(lambda n: n > 0, code="first", description="positive")
    last = predicate(lambda n: n > 9, code="last", description="large")
    policy = Policy(
        name="p",
        version="1",
        rules=[ground("a", first, "m"), bar("b", Peeking(operand=first), "m"), bar("c", last, "m")],
    )
    assert policy.predicate("last") is last
    assert seen[0] is last


# --- the policy's rules compiled into functions ------------------------------------------------


@given(bits)
def test_a_predicate_of_its_own_class_is_its_test_everywhere(x: tuple[bool, ...]) -> None:
    for plain, classed in zip(ATOMS, CLASSED, strict=True):
        assert classed(x) is plain(x)
        assert classed.evaluate(x).value is plain(x)
        assert bool(classed._compile()(x)) is plain(x)


@pytest.mark.parametrize("parts", [0, 1, 2, 3, 4])
def test_a_junction_of_any_size_compiles_to_its_value(parts: int) -> None:
    for x in itertools.product((False, True), repeat=4):
        for junction in (all_of(*ATOMS[:parts]), any_of(*CLASSED[:parts])):
            assert bool(junction._compile()(x)) is junction(x), (parts, x)


# past the parser's 200 nested parentheses that code built from strings would reach: composed
# functions have no such limit (a mutation run's trampolines triple the frames of each level)
@pytest.mark.parametrize("depth", [1, 33, 34, 210])
def test_a_deeply_nested_predicate_compiles(depth: int) -> None:
    deep: Predicate[tuple[bool, ...]] = CLASSED[0]
    for level in range(depth):
        deep = Not(operand=deep) if level % 2 else AnyOf(operands=(deep, ATOMS[3]))
    policy = Policy(name="n", version="1", rules=[bar("b", deep, "b"), ground("g", ATOMS[1], "g")])
    for x in itertools.product((False, True), repeat=4):
        assert bool(policy.ruling(x).bars) is deep(x)
        assert bool(deep._compile()(x)) is deep(x)


def test_a_policy_compiles_each_rule_once_with_its_bit() -> None:
    policy = Policy(
        name="n",
        version="1",
        rules=[ground("g", ATOMS[0] | CLASSED[1], "g"), bar("b", ~ATOMS[2], "b")],
    )
    assert policy.ruling((True, True, True, True)).allowed
    plan = list(policy._plan)
    alone, groups = plan[0]
    assert ([bit for _, bit in alone], groups) == ([1, 2], ())
    policy.ruling((False, False, False, False))
    assert policy._plan == plan  # compiled once
    assert [bool(test((False, True, False, True))) for test, _ in alone] == [True, True]


def test_rules_that_begin_with_the_same_predicate_test_it_once() -> None:
    counting = Counting()
    small = predicate(lambda n: n < 10, code="small", description="n < 10")
    policy = Policy(
        name="n",
        version="1",
        rules=[
            ground("g", counting, "g"),
            bar("b", all_of(counting, small).named("small_positive", "0 < n < 10"), "b"),
            bar("c", counting & ~small, "c"),
        ],
    )
    assert [r.code for r in policy.ruling(3).bars] == ["b"]
    assert [r.code for r in policy.ruling(30).bars] == ["c"]
    assert policy.ruling(-3).grounds == ()
    assert counting.tests == 3  # once a ruling, not once a rule


@given(
    expressions(),
    st.lists(st.tuples(st.none() | expressions(), st.booleans(), st.booleans()), max_size=5),
    bits,
)
def test_rules_that_begin_alike_hold_as_each_alone(
    start: Predicate[Bits], rules: list[tuple[Predicate[Bits] | None, bool, bool]], x: Bits
) -> None:
    # the rules share their first predicate, so the plan tests it once for all of them
    whens: list[Predicate[Bits]] = []
    for rest, _, renamed in rules:
        when = start if rest is None else start & rest
        whens.append(when.named("renamed", "a renamed rule") if renamed else when)
    policy = Policy(
        name="p",
        version="1",
        rules=[
            (ground if is_ground else bar)(f"r{i}", when, "m")
            for i, (when, (_, is_ground, _)) in enumerate(zip(whens, rules, strict=True))
        ],
    )
    ruling = policy.ruling(x)
    held = {rule.code for rule in ruling.grounds + ruling.bars}
    assert held == {f"r{i}" for i, when in enumerate(whens) if truth(when, x)}
    assert ruling.allowed == (bool(ruling.grounds) and not ruling.bars)


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        ({"facts": [("sku", len)]}, TypeError, "a policy's facts map names to functions, got list"),
        ({"facts": {"not a name": len}}, ValueError, "a fact's name is a plain name such as sku, got 'not a name'"),
        ({"facts": {"sku": "c.line.sku"}}, TypeError, "the fact sku is read by a function, got str"),
        ({"settings": [("days", 1)]}, TypeError, "a policy's settings map names to numbers, got list"),
        ({"settings": {"Days": 1}}, ValueError, "a setting's name is snake_case, got 'Days'"),
        ({"settings": {"days": -1}}, ValueError, "the setting days is a whole number from 0, got -1"),
        ({"settings": {"days": True}}, ValueError, "the setting days is a whole number from 0, got True"),
        ({"settings": {"days": 1.5}}, ValueError, "the setting days is a whole number from 0, got 1.5"),
        ({"rules": [ground("g", _ALWAYS, "{n} left")]}, ValueError,
         "rule g (en): {n} is not a placeholder it can use (it can use: none)"),
        ({"rules": [ground("g", _ALWAYS, "{n} left", translations={"zh": "{m}"})], "facts": {"n": len}},
         ValueError, "rule g (zh): {m} is not a placeholder it can use (it can use: {n})"),
    ],
)  # fmt: skip
def test_a_policy_refuses_facts_settings_and_sentences_it_could_not_use(
    given: dict[str, object], error: type[Exception], message: str
) -> None:
    fields: dict[str, object] = {"name": "n", "version": "1", "rules": []}
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        Policy(**{**fields, **given})  # type: ignore[arg-type]


def test_a_rule_says_its_sentences_in_their_languages() -> None:
    rule = ground("g", _ALWAYS, "已接受。", language="zh-Hant-HK", translations={"en": "Accepted."})
    assert rule.sentences() == {"zh-Hant-HK": "已接受。", "en": "Accepted."}
    assert (rule.text("zh-Hant-HK"), rule.text("en"), rule.text("fr")) == (
        "已接受。",
        "Accepted.",
        None,
    )
    with pytest.raises(ValueError, match="a rule's language is a language tag"):
        ground("g", _ALWAYS, "x", language="english")
    policy = Policy(name="n", version="1", rules=[], facts={"n": len}, settings={"b": 2, "a": 1})
    assert list(policy.settings) == ["a", "b"]  # listed by name
    assert policy.with_facts(m=len).facts.keys() == {"n", "m"}
    assert policy.with_settings(a=3).settings == {"a": 3, "b": 2}
    assert policy.describe().splitlines() == ["n 1", "- setting a: 1", "- setting b: 2"]


# --- what a predicate reads, and ruling again what changed -------------------------------------


def changed_in(x: Bits, varied: frozenset[int], y: Bits) -> Bits:
    """*x* with the bits in *varied* taken from *y*."""
    return tuple(y[i] if i in varied else x[i] for i in range(len(x)))


@given(expressions(), bits, bits)
def test_a_predicate_reads_no_more_than_it_declares(e: Predicate[Bits], x: Bits, y: Bits) -> None:
    reads = e.dependencies()
    if reads is None:  # an atom that does not say what it reads makes the whole say nothing
        assert any(part in ATOMS for part in e.walk())
        return
    assert reads == {i for part in e.walk() for i in (part.dependencies() or ())}
    assert e(changed_in(y, frozenset(reads), x)) is e(x)  # the bits it does not read changed


@given(
    st.lists(st.tuples(expressions(), st.booleans()), min_size=1, max_size=5),
    bits,
    bits,
    st.frozensets(st.integers(0, 3)),
)
def test_ruling_again_what_changed_is_ruling_anew(
    rules: list[tuple[Predicate[Bits], bool]], x: Bits, y: Bits, varied: frozenset[int]
) -> None:
    policy = Policy(
        name="p",
        version="1",
        rules=[(ground if g else bar)(f"r{i}", e, "m") for i, (e, g) in enumerate(rules)],
    )
    base = policy.ruling(x)
    other = changed_in(x, varied, y)
    anew = policy.ruling(other)
    assert policy.reruling(other, base, varied) is anew  # one kept ruling per set of rules
    if policy.stays_refused(base, varied):
        assert not anew.allowed
    reads = policy.dependencies(varied)
    rereading = [  # a rule that does not say what it reads is read again whatever changed
        r for r in policy.rules if r.when.dependencies() is None or r.when.dependencies() & varied
    ]
    if any(r.when.dependencies() is None for r in rereading):
        assert reads is None
    else:
        assert reads == {i for r in rereading for i in r.when.dependencies() or ()}


def test_stays_refused_says_so_only_for_a_bar_or_a_missing_ground_that_reads_none_of_it() -> None:
    a, b = (reading(i) for i in range(2))
    policy = Policy(name="p", version="1", rules=[ground("g", a, "m"), bar("no", b, "m")])
    barred = policy.ruling((True, True, False, False))
    assert policy.stays_refused(barred, frozenset({0}))  # the bar reads bit 1 alone
    assert not policy.stays_refused(barred, frozenset({1}))
    ungrounded = policy.ruling((False, False, False, False))
    assert policy.stays_refused(ungrounded, frozenset({1}))  # no ground can come to hold
    assert not policy.stays_refused(ungrounded, frozenset({0}))
    unsaid = Policy(name="p", version="1", rules=[ground("g", ATOMS[0], "m")])
    assert not unsaid.stays_refused(unsaid.ruling((False,) * 4), frozenset({3}))


def test_a_predicate_says_what_it_reads_as_a_collection_of_labels() -> None:
    assert predicate(bool, code="a", description="a", depends_on=["x", "y"]).dependencies() == {
        "x",
        "y",
    }
    assert predicate(bool, code="a", description="a").dependencies() is None
    with pytest.raises(TypeError, match="not one string"):
        predicate(bool, code="a", description="a", depends_on="xy")
    held = named_predicate(code="b", description="b", depends_on={"z"})(bool)
    assert (~held).named("c", "c").dependencies() == {"z"}
