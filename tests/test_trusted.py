"""The fast paths against the checking paths they stand for.

``from_dict`` reads a valid object in one pass and builds it without validating
again (``_trusted.trusted``); on any doubt it falls back to the checking path.
The decision is built the same way from what the policy computed. These tests
run each fast path next to the path it replaces: same acceptance, same errors,
same objects, byte for byte.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aulso_returns import (
    Case,
    Decision,
    Effect,
    Item,
    LineContext,
    Order,
    Policy,
    ReturnLine,
    ReturnRequest,
    ValidationError,
    _model,
    _policy,
    bar,
    evaluate,
    ground,
)
from aulso_returns._demo import DEMO_CASES
from aulso_returns._parse import MAX_QUANTITY, json_value
from aulso_returns._trusted import trusted
from strategies import atom, case_dicts, cases, changed, mutated, policies

_ONE_PASS = ("_item_at_once", "_line_at_once", "_order_at_once", "_request_at_once")


@contextmanager
def checking_path_only() -> Iterator[None]:
    """Every ``from_dict`` of the models through its checking path alone."""
    with patch.multiple(_model, **dict.fromkeys(_ONE_PASS, lambda _: None)):
        yield


def answer(data: object) -> tuple[str, str]:
    """What ``Case.from_dict`` makes of *data*: the case's repr, or the error's message."""
    try:
        return "case", repr(Case.from_dict(data))
    except ValidationError as err:
        return "error", str(err)


def both_paths(data: object) -> tuple[tuple[str, str], tuple[str, str]]:
    fast = answer(data)
    with checking_path_only():
        return fast, answer(data)


@given(case_dicts().flatmap(mutated))
def test_mutated_cases_get_the_same_answer_from_both_paths(text: str) -> None:
    try:
        data = json_value(text)
    except ValidationError:
        assume(False)  # not JSON the models see
    fast, checked = both_paths(data)
    assert fast == checked


def readers_that_built(data: object) -> list[str]:
    """The one-pass readers that built their object while ``Case.from_dict`` read *data*."""
    built: list[str] = []

    def counted(name: str) -> Any:
        real = getattr(_model, name)

        def read(d: Any) -> Any:
            made = real(d)
            if made is not None:
                built.append(name)
            return made

        return read

    with patch.multiple(_model, **{name: counted(name) for name in _ONE_PASS}):
        answer(data)
    return built


@given(case_dicts())
def test_valid_cases_take_the_fast_path_and_read_the_same(data: dict[str, Any]) -> None:
    built = set(readers_that_built(data))
    # text beyond ASCII is left to the checking path (it looks for lone surrogates)
    assert built == set(_ONE_PASS) or not json.dumps(data, ensure_ascii=False).isascii()
    fast, checked = both_paths(data)
    assert fast == checked
    assert fast[0] == "case"


CASE: dict[str, Any] = DEMO_CASES["partial approval"]
ITEM = ("order", "items", 0)
LINE = ("request", "lines", 0)
EDGE_INSTANTS = [
    "1990-01-01T00:00:00+08:00",  # the first supported instant
    "1990-01-01T00:00:00+09:00",  # 1989 in Hong Kong
    "1990-06-01T00:00:00+08:00",
    "2099-12-31T23:59:59.999999+08:00",  # the last
    "2099-12-31T23:59:59-01:00",  # 2100 in Hong Kong
    "2099-06-01T00:00:00+08:00",
    "2026-11-10T10:00:00Z",
    "2026-11-10T10:00:00",  # no offset
    "2026-11-10",
    " 2026-11-10T10:00:00+08:00",
]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        *[((*ITEM, "unit_price"), v) for v in (" 1.50 ", "1_000", "-0", "-0.00", "-1", "0", "NaN", "1e3", "0.001", "١٢٣", 12, Decimal("1.5"), 1.5)],
        *[((*ITEM, "sku"), v) for v in (" X", "X ", "", " ", "é", "\ud800", 1)],
        *[((*ITEM, "category"), v) for v in ("ring", "Ring", "rings", 1, ["ring"])],
        *[((*ITEM, "quantity"), v) for v in (0, 1, MAX_QUANTITY, MAX_QUANTITY + 1, True, "1", 1.0)],
        *[((*ITEM, "returned_quantity"), v) for v in (-1, 0, 1, 2, 3, False)],
        *[((*ITEM, "delivered_at"), v) for v in (*EDGE_INSTANTS, None, KeyError, 0)],
        *[(("order", "placed_at"), v) for v in EDGE_INSTANTS],
        *[(("order", k), v) for k in ("order_id", "payment_method") for v in (" A", "", "é", 7)],
        *[(("order", "currency"), v) for v in ("HKD", "JPY", "hkd", "HK", 1, KeyError)],
        *[(("order", "shipping_fee"), v) for v in ("0", "30", "30.001", "-0", 30, KeyError)],
        *[(("order", "shipping_fee_refunded"), v) for v in ("0", "30", "31")],
        *[(("order", "items"), v) for v in ([], "x", [None], [{"sku": "X"}])],
        *[(("request", "requested_at"), v) for v in EDGE_INSTANTS],
        *[(("request", k), v) for k in ("order_id", "lines") for v in ("", " ", [], None)],
        *[((*LINE, "sku"), v) for v in (" X", "", "é", "NOPE", 1)],
        *[((*LINE, "reason"), v) for v in ("defective", "Defective", 1)],
        *[((*LINE, "resolution"), v) for v in ("refund", "exchange", "swap", KeyError)],
        *[((*LINE, "quantity"), v) for v in (0, 1, 5, MAX_QUANTITY + 1, True)],
        *[((*LINE, "condition"), v) for v in ([], ["worn"], ["worn", "worn"], ["worn", "used"], ("worn",), ["nope"], [1], "worn", KeyError)],
    ],
)  # fmt: skip
def test_each_edge_of_the_fast_path_gets_the_checking_paths_answer(
    path: tuple[Any, ...], value: object
) -> None:
    fast, checked = both_paths(changed(CASE, path, value))
    assert fast == checked


def _bare(case: dict[str, Any]) -> dict[str, Any]:
    """*case* with every optional key of its objects left out: each takes its default."""
    optional = {"currency", "shipping_fee", "shipping_fee_refunded", "quantity",
                "returned_quantity", "delivered_at", "resolution", "condition"}  # fmt: skip
    order = {k: v for k, v in case["order"].items() if k not in optional}
    order["items"] = [{k: v for k, v in i.items() if k not in optional} for i in order["items"]]
    lines = [{k: v for k, v in x.items() if k not in optional} for x in case["request"]["lines"]]
    return {"order": order, "request": {**case["request"], "lines": lines}}


COMMON_FORMS = [
    *DEMO_CASES.values(),
    *map(_bare, DEMO_CASES.values()),
    *[changed(CASE, path, value) for path, value in [
        ((*ITEM, "quantity"), MAX_QUANTITY),
        ((*ITEM, "returned_quantity"), 1),
        ((*ITEM, "unit_price"), "0"),
        ((*ITEM, "unit_price"), "1e2"),
        ((*ITEM, "delivered_at"), None),
        ((*LINE, "quantity"), 2),
        ((*LINE, "quantity"), MAX_QUANTITY),
        ((*ITEM, "unit_price"), 1280),
        ((*LINE, "resolution"), "exchange"),
        ((*LINE, "condition"), ["worn", "used"]),
        (("order", "placed_at"), "1991-01-01T00:00:00+08:00"),  # years inside FIRST_YEAR-LAST_CASE_YEAR
        (("request", "requested_at"), "2098-12-31T23:59:59+08:00"),
        (("order", "currency"), "JPY"),
        (("order", "shipping_fee"), 0),
        (("order", "shipping_fee_refunded"), "0"),
    ]],
]  # fmt: skip


@pytest.mark.parametrize("data", COMMON_FORMS)
def test_valid_cases_in_their_common_forms_take_the_fast_path(data: dict[str, Any]) -> None:
    fast, checked = both_paths(data)
    assert fast == checked
    if fast[0] == "case":  # a JPY order of HKD cents, a sku not requested ...: refused alike
        assert sorted(readers_that_built(data)) == sorted(
            _ONE_PASS * 0
            + ("_item_at_once",) * len(data["order"]["items"])
            + ("_line_at_once",) * len(data["request"]["lines"])
            + ("_order_at_once", "_request_at_once")
        )


@pytest.mark.parametrize(
    ("model", "data", "reader"),
    [(Item, CASE["order"]["items"][0], "_item_at_once"),
     (ReturnLine, CASE["request"]["lines"][0], "_line_at_once"),
     (Order, CASE["order"], "_order_at_once"),
     (ReturnRequest, CASE["request"], "_request_at_once")],
)  # fmt: skip
def test_each_model_read_alone_takes_the_fast_path(
    model: type[Any], data: dict[str, Any], reader: str
) -> None:
    with patch.object(_model, reader, lambda _: "built at once"):
        assert model.from_dict(data) == "built at once"


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        (("order", "currency"), 1, "order.currency: expected a string, got the number 1"),
        (("order", "currency"), "hkd", "order.currency: expected a three-letter ISO 4217 code such as 'HKD'"),
        (("order", "shipping_fee"), "x", "order.shipping_fee: not a decimal number: 'x'"),
        (("order", "shipping_fee"), "-1", "order.shipping_fee: must not be negative"),
        (("order", "shipping_fee_refunded"), 1.5, "order.shipping_fee_refunded: a float is not exact; give a Decimal or a string such as '12.50'"),
        (("order", "shipping_fee_refunded"), "61", "order.shipping_fee_refunded: 61 exceeds the shipping fee 60.00"),
    ],
)  # fmt: skip
def test_the_checking_path_names_each_optional_field_of_an_order(
    path: tuple[str, ...], value: object, error: str
) -> None:
    assert both_paths(changed(CASE, path, value)) == (("error", error),) * 2


def test_a_second_line_for_the_same_sku_is_refused_by_both_paths() -> None:
    data = changed(CASE, ("request", "lines"), [CASE["request"]["lines"][0]] * 2)
    fast, checked = both_paths(data)
    assert fast == checked
    assert fast[0] == "error"


def test_money_is_read_exactly_whatever_the_callers_decimal_context() -> None:
    data = changed(CASE, (*ITEM, "unit_price"), "123456789.25")
    with decimal.localcontext(decimal.Context(prec=3, traps=[])):
        inside = both_paths(data)
    assert inside == both_paths(data)
    assert inside[0] == inside[1]
    assert "Decimal('123456789.25')" in inside[0][1]


@pytest.mark.parametrize(
    ("model", "data"),
    [(Item, CASE["order"]["items"][0]), (ReturnLine, CASE["request"]["lines"][0]),
     (Order, CASE["order"]), (ReturnRequest, CASE["request"])],
)  # fmt: skip
def test_subclasses_are_read_by_the_checking_path(model: type[Any], data: object) -> None:
    @attrs.frozen(kw_only=True)
    class Sub(model):  # type: ignore[misc,valid-type]
        pass

    read = Sub.from_dict(data)
    assert type(read) is Sub
    assert attrs.astuple(read, recurse=False) == attrs.astuple(model.from_dict(data), recurse=False)


def test_a_lines_context_is_built_through_the_trusted_path_and_a_subclass_by_its_own() -> None:
    case = Case.from_dict(CASE)

    @attrs.frozen
    class Noted(LineContext):
        pass

    with patch.object(_policy, "_new_context", lambda **_: "built at once"):
        assert LineContext.each(case.order, case.request) == ("built at once",) * 3
        assert LineContext.of(case.order, case.request, case.request.lines[0]) == "built at once"
        noted = Noted.each(case.order, case.request)
    assert [type(c) for c in noted] == [Noted] * 3
    plain = LineContext.each(case.order, case.request)
    assert [attrs.astuple(c, recurse=False) for c in noted] == [
        attrs.astuple(c, recurse=False) for c in plain
    ]


# --- objects built without validating: indistinguishable from validated ones ----------------------


@given(cases())
def test_a_decision_built_from_the_ruling_equals_one_built_by_its_constructors(
    case: tuple[Order, ReturnRequest],
) -> None:
    decision = evaluate(*case)
    rebuilt = attrs.evolve(
        decision,
        lines=tuple(attrs.evolve(line) for line in decision.lines),
        refund=attrs.evolve(decision.refund),
    )
    assert rebuilt == decision
    assert hash(rebuilt) == hash(decision)
    assert repr(rebuilt) == repr(decision)
    assert Decision.from_dict(decision.to_dict()) == decision


@given(cases())
def test_models_read_in_one_pass_equal_those_built_by_their_constructors(
    case: tuple[Order, ReturnRequest],
) -> None:
    order, request = case
    read = Case.from_dict({"order": order.to_dict(), "request": request.to_dict()})
    built = Case(
        order=attrs.evolve(read.order, items=[attrs.evolve(i) for i in read.order.items]),
        request=attrs.evolve(read.request, lines=[attrs.evolve(x) for x in read.request.lines]),
    )
    assert (read, repr(read), hash(read)) == (built, repr(built), hash(built))


def test_trusted_refuses_a_class_it_cannot_build() -> None:
    @attrs.frozen
    class Derived:
        value: int
        twice: int = attrs.field(init=False)

        @twice.default
        def _twice(self) -> int:
            return 2 * self.value

    @attrs.define(slots=False)
    class Unslotted:
        value: int

    for cls in (Derived, Unslotted):
        with pytest.raises(TypeError, match="not a slotted attrs class"):
            trusted(cls)


def test_trusted_sets_every_field_and_runs_no_check() -> None:
    make = trusted(ReturnLine)
    line = make(sku="", reason="x", quantity=-1, resolution=None, condition=[])
    assert attrs.astuple(line, recurse=False) == ("", "x", -1, None, [])
    with pytest.raises(ValidationError):
        attrs.evolve(line)  # the constructor would have refused it


# --- the policy's rulings, one per set of rules that hold -----------------------------------------


def test_rulings_are_kept_per_set_of_rules_and_bounded() -> None:
    atoms = [atom(i) for i in range(13)]
    rules = [(ground if i % 3 else bar)(f"r{i}", a, "m") for i, a in enumerate(atoms)]
    policy = Policy(name="bits", version="1", rules=rules)
    for mask in (*range(2**13), *range(0, 2**13, 7)):  # every set, then some again
        bits = tuple(bool(mask >> i & 1) for i in range(13))
        ruling = policy.ruling(bits)
        assert ruling.grounds == tuple(
            r for r, b in zip(rules, bits, strict=True) if b and r.effect == "ground"
        )
        assert ruling.bars == tuple(
            r for r, b in zip(rules, bits, strict=True) if b and r.effect == "bar"
        )
        assert ruling.allowed == (bool(ruling.grounds) and not ruling.bars)
    assert len(policy._rulings) == 4096  # the bound is the point


@given(policies(), cases())
def test_a_policys_rulings_agree_with_its_rules_tested_plainly(
    policy: Policy[LineContext], case: tuple[Order, ReturnRequest]
) -> None:
    # the compiled checks and the rulings kept per mask, against each rule's predicate called
    for context in LineContext.each(*case):
        held = [rule for rule in policy.rules if rule.when(context)]
        ruling = policy.ruling(context)
        assert ruling.grounds == tuple(r for r in held if r.effect is Effect.GROUND)
        assert ruling.bars == tuple(r for r in held if r.effect is Effect.BAR)
        assert ruling.allowed == (bool(ruling.grounds) and not ruling.bars)
        assert policy.ruling(context) is ruling  # kept, for the same rules held


@given(st.sampled_from(list(DEMO_CASES.values())), st.integers(-12, 14))
def test_a_case_in_any_offset_reads_the_same_instants(data: dict[str, Any], hours: int) -> None:
    # the one-pass reader keeps the offset as written, like the checking path
    case = Case.from_dict(data)
    zone = timezone(timedelta(hours=hours))
    instant = case.request.requested_at.astimezone(zone).isoformat()
    moved = changed(data, ("request", "requested_at"), instant)
    fast, checked = both_paths(moved)
    assert fast == checked
    if fast[0] == "case":
        assert Case.from_dict(moved).request.requested_at == case.request.requested_at
        assert isinstance(Case.from_dict(moved).request.requested_at, datetime)
