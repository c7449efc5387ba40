"""Every input gets exactly one answer: a decision, or a ValidationError naming the field.

The only exception that leaves the library's entry points for JSON-like input
is ValidationError; every value accepted can be decided, written as UTF-8 JSON
and read back. One test per class of unusual input, then a fuzz test over
mutated valid cases and return cases.
"""

from __future__ import annotations

import copy
import gzip
import json
import time
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

from aulso_returns import (
    Case,
    Decision,
    PaidCashOnDelivery,
    ReturnCase,
    ValidationError,
    evaluate,
    is_cash_on_delivery,
    settle,
)
from aulso_returns._demo import DEMO_CASES
from aulso_returns._parse import MAX_QUANTITY, json_value
from strategies import SEPARATORS, case_dicts, cod_spellings, mutated, return_cases, surrounding

CASE: dict[str, Any] = DEMO_CASES["partial approval"]

RETURN_CASE: dict[str, Any] = {
    **DEMO_CASES["damaged on arrival"],
    "authorization": {"authorized_at": "2026-11-21T10:00:00+08:00"},
    "shipment": {"shipped_at": "2026-11-22T10:00:00+08:00", "carrier": "SF", "tracking_number": "SF1",
                 "tracking_sent_at": "2026-11-22T11:00:00+08:00", "cost": "30"},
    "receipt": {"received_at": "2026-11-24T10:00:00+08:00"},
    "inspection": {"inspected_at": "2026-11-24T15:00:00+08:00", "items": [{"sku": "NECK-PEARL", "condition": ["damaged"]}]},
}  # fmt: skip


def case_with(*changes: tuple[tuple[Any, ...], object], base: dict[str, Any] = CASE) -> str:
    """*base* as JSON text, with the value at each path replaced."""
    doc = copy.deepcopy(base)
    for path, value in changes:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return json.dumps(doc)


def decide(text: str | bytes) -> Decision:
    case = Case.from_dict(json_value(text))
    return evaluate(case.order, case.request)


def settle_text(text: str | bytes) -> object:
    return settle(ReturnCase.from_dict(json_value(text)))


def refused(text: str | bytes, *, settling: bool = False) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        (settle_text if settling else decide)(text)
    message = str(info.value)
    message.encode("utf-8")  # every message can be written as text
    assert "\n" not in message
    return info.value


# --- 1. timestamps the model accepts must be decidable ---------------------------------------------

REQUESTED = ("request", "requested_at")
PLACED = ("order", "placed_at")
DELIVERED = ("order", "items", 0, "delivered_at")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2150-01-01T00:00:00+08:00", "2150-01-01"),
        ("2100-01-01T00:00:00+08:00", "2100-01-01"),
        ("2099-12-31T16:00:00Z", "2100-01-01"),  # midnight of 2100 in Hong Kong
        ("1990-01-01T00:00:00+14:00", "1989-12-31"),  # Hong Kong date in 1989
        ("9999-12-31T23:59:59-12:00", "9999-12-31"),  # no Hong Kong time at all
        ("0001-01-01T00:00:00+14:00", "0001-01-01"),
    ],
)
@pytest.mark.parametrize("path", [REQUESTED, PLACED, DELIVERED])
def test_timestamps_outside_the_supported_years_are_refused_at_parsing(
    path: tuple[Any, ...], value: str, shown: str
) -> None:
    err = refused(case_with((path, value)))
    field = ".".join(str(k) for k in path).replace(".0.", "[0].")
    assert (
        str(err) == f"{field}: {shown} is outside the supported years 1990-2099 (Hong Kong dates)"
    )


def test_the_last_instant_of_2099_is_decided_with_deadlines_in_2100() -> None:
    last = "2099-12-31T23:59:59.999999+08:00"
    text = case_with(
        (PLACED, "2099-12-01T00:00:00+08:00"),
        (DELIVERED, "2099-12-31T00:00:00+08:00"),
        (("order", "items", 1, "delivered_at"), last),
        (("order", "items", 2, "delivered_at"), last),
        (REQUESTED, last),
    )
    decision = decide(text)
    assert decision.deadlines.authorization_due == date(2100, 1, 5)
    assert decision.lines[0].last_day_to_request == date(2100, 1, 30)
    again = Decision.from_dict(json_value(json.dumps(decision.to_dict())))
    assert again == decision


def test_the_first_instant_of_1990_is_decided() -> None:
    first = "1990-01-01T00:00:00+08:00"
    text = case_with(
        (PLACED, first), *(((("order", "items", i, "delivered_at")), first) for i in range(3))
    )
    decision = decide(case_with((REQUESTED, first), base=json.loads(text)))
    assert decision.outcome.value == "partially_approved"  # as on any date: worn earrings
    assert decision.deadlines.authorization_due == date(1990, 1, 3)  # 1 January is a holiday


@pytest.mark.parametrize(
    "path",
    [
        ("authorization", "authorized_at"),
        ("shipment", "shipped_at"),
        ("shipment", "tracking_sent_at"),
        ("receipt", "received_at"),
        ("inspection", "inspected_at"),
    ],
)
def test_every_fact_of_settle_is_in_the_supported_years(path: tuple[str, str]) -> None:
    err = refused(case_with((path, "2150-01-01T00:00:00+08:00"), base=RETURN_CASE), settling=True)
    assert err.path == ".".join(path)
    assert "outside the supported years" in err.problem


def test_a_settlement_inspected_on_the_last_day_is_due_in_2100() -> None:
    last = "2099-12-31T23:00:00+08:00"
    facts = [(("order", "placed_at"), "2099-12-01T00:00:00+08:00")]
    facts += [(("order", "items", 0, "delivered_at"), "2099-12-02T00:00:00+08:00")]
    facts += [(("request", "requested_at"), "2099-12-03T00:00:00+08:00")]
    facts += [(("authorization", "authorized_at"), "2099-12-04T00:00:00+08:00")]
    facts += [
        (("shipment", k), "2099-12-05T00:00:00+08:00") for k in ("shipped_at", "tracking_sent_at")
    ]
    facts += [(("receipt", "received_at"), last), (("inspection", "inspected_at"), last)]
    s = settle(ReturnCase.from_dict(json_value(case_with(*facts, base=RETURN_CASE))))
    assert s.status.value == "settled"
    assert s.due == date(2100, 1, 12)


# --- 2. numbers the JSON decoder cannot read, and bounds -------------------------------------------


@pytest.mark.parametrize(
    ("token", "field", "problem"),
    [
        ("9" * 5000, "order.items[0].quantity", "the number 999"),
        ("9" * 5000, "order.items[0].unit_price", "the number 999"),
        ("1e999999999999999999999", "order.items[0].unit_price", "the number 1e999"),
        ("1e999999999999999999999", "order.items[0].quantity", "the number 1e999"),
        ("-1e999999999999999999999", "order.shipping_fee", "the number -1e999"),
    ],
)
def test_numbers_too_large_to_read_are_refused_naming_the_field(
    token: str, field: str, problem: str
) -> None:
    key = field.rsplit(".", 1)[1]
    path = ("order", "items", 0, key) if "items" in field else ("order", key)
    text = case_with((path, "@@")).replace('"@@"', token)
    err = refused(text)
    assert err.path == field
    assert err.problem.startswith(problem)
    assert err.problem.endswith("is out of range")
    assert len(str(err)) < 200


def test_quantities_are_bounded_like_money() -> None:
    quantity = ("order", "items", 0, "quantity")
    price = ("order", "items", 0, "unit_price")
    assert decide(case_with((quantity, MAX_QUANTITY), (price, "1.00"))).outcome.value
    err = refused(case_with((quantity, MAX_QUANTITY + 1)))
    assert str(err) == "order.items[0].quantity: must be at most 1,000,000"
    err = refused(case_with((("request", "lines", 0, "quantity"), 10**30)))
    assert str(err) == "request.lines[0].quantity: must be at most 1,000,000"
    # every price is below the money limit, but the order's items are worth more together
    err = refused(case_with((quantity, MAX_QUANTITY), (price, "999999999999.99")))
    assert err.path == "order.items"
    assert err.problem.endswith("must be below 1,000,000,000,000,000")


@pytest.mark.parametrize(
    ("price", "accepted"), [("499999999999284.99", True), ("499999999999285", False)]
)
def test_an_order_worth_the_money_limit_together_is_refused(price: str, accepted: bool) -> None:
    # two of the first item and 1,430.00 of the others: worth exactly the limit, or a bit less
    text = case_with((("order", "items", 0, "unit_price"), price))
    if accepted:
        assert decide(text).order_id == CASE["order"]["order_id"]
    else:
        assert str(refused(text)) == (
            "order.items: worth 1000000000000000.00 together; must be below 1,000,000,000,000,000"
        )


# --- 3. bytes and text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (gzip.compress(b"{}", mtime=0), "not UTF-8 text: byte 0x8b at offset 1"),
        ('{"order_id": "café"}'.encode("latin-1"), "not UTF-8 text: byte 0xe9 at offset 17"),
    ],
)
def test_bytes_that_are_not_utf8_are_refused(raw: bytes, problem: str) -> None:
    assert str(refused(raw)) == f"case: {problem}"


def test_a_leading_byte_order_mark_is_allowed() -> None:
    text = json.dumps(CASE)
    plain = decide(text)
    assert decide("\ufeff" + text) == plain
    assert decide(b"\xef\xbb\xbf" + text.encode()) == plain


def test_lone_surrogates_are_refused_and_every_message_can_be_written() -> None:
    err = refused(case_with((("order", "order_id"), "A\ud800")))
    assert str(err) == "order.order_id: contains a lone surrogate '\\ud800', which is not text"
    err = refused(case_with((("request", "lines", 0, "sku"), "\udfff")))
    assert err.path == "request.lines[0].sku"
    # an unknown key that is not text is named by its escape
    err = refused(json.dumps({**CASE, "\ud800": 1}))
    assert str(err) == ("case['\\ud800']: unknown field (expected one of order, request)")


def test_keys_that_would_not_read_as_a_name_are_quoted_and_cut() -> None:
    err = refused(json.dumps({**CASE, "x" * 10_000: 1}))
    assert err.path.startswith("case['xxxx")
    assert err.path.endswith("... (10,002 characters)]")


# --- 5. duplicate keys ------------------------------------------------------------------------------


def test_a_key_named_twice_is_refused_naming_it() -> None:
    text = json.dumps(CASE).replace(
        '"reason": "changed_mind"', '"reason": "changed_mind", "reason": "defective"', 1
    )
    assert str(refused(text)) == "request.lines[1].reason: is named twice in the same object"
    text = json.dumps(CASE)
    assert (
        str(refused(text[:-1] + ', "order": {}}'))
        == "case.order: is named twice in the same object"
    )


# --- 6. money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("zero", ["-0", "-0.00", "-0E+3"])
def test_negative_zero_money_is_zero(zero: str) -> None:
    case = Case.from_dict(json_value(case_with((("order", "shipping_fee"), zero))))
    assert case.to_dict()["order"]["shipping_fee"] == "0.00"
    decision = evaluate(case.order, case.request)
    assert decision.refund.to_dict()["original_shipping"] == "0.00"


# --- 9. Decision.from_dict refuses what to_dict could not have written -----------------------------


def _decision_dict() -> dict[str, Any]:
    return decide(json.dumps(CASE)).to_dict()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ((("refund", "total"), "2620.001"), "decision.refund.total"),
        ((("refund", "total"), "-1.00"), "decision.refund.total"),
        ((("refund", "total"), "2621.00"), "decision.refund.total"),
        ((("refund", "items"), "-0.01"), "decision.refund.items"),
        ((("refund", "return_shipping"), "1e15"), "decision.refund.return_shipping"),
        ((("refund", "currency"), "hkd"), "decision.refund.currency"),
        ((("lines", 0, "change_of_mind_until"), "9999-12-31T23:59:59-12:00"),
         "decision.lines[0].change_of_mind_until"),
        ((("lines", 0, "quantity"), 0), "decision.lines[0].quantity"),
        ((("lines", 0, "outcome"), "pending"), "decision.lines[0].outcome"),
        ((("lines", 0, "rejections"), ["no_ground"]), "decision.lines[0].rejections"),
        ((("lines", 1, "ground"), "merchant_error"), "decision.lines[1].ground"),
        ((("lines", 1, "rejections"), []), "decision.lines[1].rejections"),
        ((("lines", 1, "rejections"), ["Not A Code"]), "decision.lines[1].rejections[0]"),
        ((("lines", 1, "sku"), "RING-ROSE-7"), "decision.lines[1].sku"),
        ((("lines",), []), "decision.lines"),
        ((("outcome",), "approved"), "decision.outcome"),
        ((("return_shipping_paid_by",), None), "decision.return_shipping_paid_by"),
        ((("explanation",), []), "decision.explanation"),
    ],
)  # fmt: skip
def test_decision_from_dict_refuses_what_to_dict_could_not_have_written(
    change: tuple[tuple[Any, ...], object], path: str
) -> None:
    doc = json.loads(case_with(change, base=_decision_dict()))
    with pytest.raises(ValidationError) as info:
        Decision.from_dict(json_value(json.dumps(doc)))
    assert info.value.path == path


def test_a_rejected_decision_refunds_nothing() -> None:
    doc = decide(case_with((("order", "payment_method"), "COD"))).to_dict()
    assert doc["outcome"] == "rejected"
    assert Decision.from_dict(doc).to_dict() == doc
    doc["refund"]["items"] = doc["refund"]["total"] = "1.00"
    with pytest.raises(ValidationError, match=r"^decision\.refund\.total: nothing is refunded"):
        Decision.from_dict(doc)


# --- 10. wrong Python types, long values -----------------------------------------------------------


def test_wrong_python_types_raise_type_error_naming_the_expected_type() -> None:
    case = Case.from_dict(json_value(json.dumps(CASE)))
    with pytest.raises(
        TypeError,
        match=r"^order must be an Order, got dict \(read JSON data with Order.from_dict\)$",
    ):
        evaluate({}, {})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^request must be a ReturnRequest, got Case"):
        evaluate(case.order, case)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^calendar must be a BusinessCalendar, got str"):
        evaluate(case.order, case.request, calendar="HK")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^case must be a ReturnCase, got Case"):
        settle(case)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^case must be a ReturnCase, got dict"):
        settle(RETURN_CASE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path",
    [
        ("request", "lines", 0, "reason"),
        ("order", "placed_at"),
        ("order", "items", 0, "unit_price"),
        ("order", "items", 0, "category"),
    ],
)
def test_long_values_are_cut_in_messages(path: tuple[Any, ...]) -> None:
    err = refused(case_with((path, "x" * 10_000_000)))
    assert len(str(err)) < 300  # the value is cut; the allowed values are listed whole
    assert "(10,000,002 characters)" in str(err)


# --- silently wrong: cash on delivery --------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "cod"),
    [
        ("cash_on_delivery", True), ("COD", True), ("cod", True), ("C.O.D.", True),
        ("Cash on Delivery", True), ("cash-on-delivery", True), ("CASH ON DELIVERY", True),
        (" cash  on\tdelivery ", True), ("貨到付款", True),
        # Shopify's own name for the manual method, and how shops write it beside other words
        ("Cash on Delivery (COD)", True), ("COD (Cash on Delivery)", True),
        ("Cash on delivery - COD", True), ("貨到付款 (COD)", True), ("COD/貨到付款", True),
        ("货到付款", True), ("順豐貨到付款", True), ("\uff23\uff2f\uff24", True), ("CashOnDelivery", True),
        ("Pay by COD", True), ("COD貨到付款", True),
        # the letters inside a longer word, or other words, are not cash on delivery
        ("visa", False), ("cash", False), ("card on delivery", False), ("codes", False),
        ("Barcode Pay", False), ("Alipay (HK) code", False), ("Codex", False), ("encode", False),
        ("cash on deliveryman", False), ("FPS 轉數快", False), ("到付", False),
    ],
)  # fmt: skip
def test_every_spelling_of_cash_on_delivery_is_cod(method: str, cod: bool) -> None:
    decision = decide(case_with((("order", "payment_method"), method)))
    assert all(("cash_on_delivery" in line.rejections) is cod for line in decision.lines)
    assert decision.refund.method == method  # the method is reported as the order has it
    assert is_cash_on_delivery(method) is cod


@given(cod_spellings(), surrounding(), surrounding(), st.text(SEPARATORS, min_size=1, max_size=2),
       st.text(SEPARATORS, min_size=1, max_size=2))  # fmt: skip
def test_a_cod_spelling_as_words_of_a_method_is_cod_whatever_surrounds_it(
    spelling: str, before: str, after: str, left: str, right: str
) -> None:
    assert is_cash_on_delivery(spelling)
    assert is_cash_on_delivery(before + left + spelling + right + after)
    assert is_cash_on_delivery(f"{before}({spelling}){after}")
    assert PaidCashOnDelivery().reads(before + left + spelling + right + after)


@given(st.sampled_from(["cod", "COD", "Cod", "cashondelivery", "CashOnDelivery"]),
       st.text("abcdefxyzXYZ019", max_size=4), st.text("abcdefxyzXYZ019", max_size=4))  # fmt: skip
def test_a_cod_spelling_inside_a_longer_word_is_not_cod(word: str, before: str, after: str) -> None:
    assume(before or after)
    assert not is_cash_on_delivery(before + word + after)


# --- 8. settle is linear in the number of lines ----------------------------------------------------


def _big_return_case(lines: int) -> ReturnCase:
    doc = copy.deepcopy(RETURN_CASE)
    item = doc["order"]["items"][0]
    doc["order"]["items"] = [{**item, "sku": f"S{n}"} for n in range(lines)]
    doc["request"]["lines"] = [{"sku": f"S{n}", "reason": "defective"} for n in range(lines)]
    doc["inspection"]["items"] = [{"sku": f"S{n}"} for n in range(lines)]
    return ReturnCase.from_dict(doc)


def _best_of(runs: int, work: Any) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.not_for_mutants
def test_settle_on_many_lines_stays_within_a_small_multiple_of_evaluate() -> None:
    # A ratio measured in one run, not a time. Settling judges each line twice (at request time
    # and as inspected), so a linear settle takes 2x-3x evaluate at any size; the quadratic one
    # took 14x at 16,000 lines and 22x at 32,000.
    rc = _big_return_case(20_000)
    order, request = rc.case.order, rc.case.request
    s = settle(rc)
    assert s.status.value == "settled"
    assert len(s.lines) == 20_000
    ratio = _best_of(3, lambda: settle(rc)) / _best_of(3, lambda: evaluate(order, request))
    assert ratio < 8, f"settle took {ratio:.1f}x evaluate on 20,000 lines"


# --- the fuzz: mutated valid cases and return cases ------------------------------------------------

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _decides_or_refuses(text: str) -> None:
    try:
        case = Case.from_dict(json_value(text))
        decision = evaluate(case.order, case.request)
    except ValidationError as err:
        str(err).encode("utf-8")
        return
    assert Case.from_dict(json_value(json.dumps(case.to_dict()))) == case
    written = json.dumps(decision.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Decision.from_dict(json_value(written)) == decision


@FUZZ
@given(st.one_of(st.just(CASE), case_dicts()).flatmap(mutated))
def test_mutated_cases_are_decided_or_refused_with_a_validation_error(text: str) -> None:
    _decides_or_refuses(text)


@FUZZ
@given(st.one_of(st.just(RETURN_CASE), return_cases().map(ReturnCase.to_dict)).flatmap(mutated))
def test_mutated_return_cases_are_settled_or_refused_with_a_validation_error(text: str) -> None:
    try:
        rc = ReturnCase.from_dict(json_value(text))
        settlement = settle(rc)
    except ValidationError as err:
        str(err).encode("utf-8")
        return
    assert ReturnCase.from_dict(json_value(json.dumps(rc.to_dict()))) == rc
    json.dumps(settlement.to_dict(), ensure_ascii=False).encode("utf-8")
    settlement.explain().encode("utf-8")


@pytest.mark.parametrize(
    "reached",
    [
        lambda t: '"2150-01-01T00:00:00+08:00"' in t,
        lambda t: '"9999-12-31T23:59:59-12:00"' in t,
        lambda t: "9" * 5000 in t,
        lambda t: "1e999999999999999999999" in t,
        lambda t: "\\ud800" in t,
        lambda t: _problem(t) == "is named twice in the same object",
        lambda t: _problem(t) == "required field is missing",
        lambda t: (_problem(t) or "").startswith("unknown field"),
        lambda t: _problem(t) is None,  # still valid
    ],
)
@pytest.mark.not_for_mutants  # it tests the strategy, not the library
# a mutated case can be huge by design (a number of 5,000 digits); hypothesis warns when it
# writes the repr of one for its own report, which this search never prints
@pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
def test_the_fuzz_reaches_every_class_of_edge(reached: Any) -> None:
    # The mutations must keep reaching each class, or the fuzz tests would pass for nothing.
    find(
        st.one_of(st.just(CASE), case_dicts()).flatmap(mutated),
        reached,
        settings=settings(
            max_examples=3000, database=None, derandomize=True, phases=[Phase.generate]
        ),
    )


def _problem(text: str) -> str | None:
    try:
        Case.from_dict(json_value(text))
    except ValidationError as err:
        return err.problem
    return None
