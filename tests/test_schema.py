"""The JSON Schemas: committed as the command prints them, valid, and in step with the readers and writers."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from aulso_returns import (
    AULSO_POLICY,
    Case,
    Order,
    ReturnCase,
    ReturnRequest,
    ValidationError,
    _parse,
    _schema,
    change_of_mind_window_rule,
    compare,
    evaluate,
    settle,
)
from aulso_returns._cli import COMPANIONS, EXAMPLES, _dumps
from aulso_returns._schema import DOCUMENTS, json_schema
from strategies import cases, changed, return_cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_FOLDER = ROOT / "src" / "aulso_returns" / "examples"


@functools.cache
def _validators(_process: int) -> dict[str, Draft202012Validator]:
    # Per process: mutation testing forks one per mutant, and each must check with the schemas
    # its own mutant builds, not with validators built before the fork.
    return {name: Draft202012Validator(json_schema(name)) for name in DOCUMENTS}


#: A request that makes the options example's order a case, for the order's schema.
REQUEST = {"order_id": "A-3001", "requested_at": "2026-11-04T09:00:00+08:00",
           "lines": [{"sku": "RING-ROSE-7", "reason": "changed_mind"}]}  # fmt: skip


def valid(document: str, value: object) -> bool:
    return _validators(os.getpid())[document].is_valid(value)


def test_every_document_named_has_a_schema_and_no_other() -> None:
    assert tuple(_schema._documents()) == DOCUMENTS


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_committed_schemas_are_what_the_command_prints(document: str) -> None:
    committed = (ROOT / "docs" / "schema" / f"{document}.json").read_text(encoding="utf-8")
    assert committed == _dumps(json_schema(document), pretty=True) + "\n", (
        f"run: aulso-returns schema {document} > docs/schema/{document}.json"
    )
    Draft202012Validator.check_schema(json_schema(document))


def test_every_example_and_its_output_validates() -> None:
    for name in EXAMPLES:
        if name.startswith("shopify-"):  # Shopify's shape in; the library's order out
            if name in COMPANIONS:
                continue
            output = json.loads((EXAMPLES_FOLDER / "expected" / name).read_text(encoding="utf-8"))
            assert valid("case", {**output, "request": REQUEST}), name
            continue
        if name.endswith(".json"):
            case = json.loads((EXAMPLES_FOLDER / name).read_text(encoding="utf-8"))
            output = json.loads((EXAMPLES_FOLDER / "expected" / name).read_text(encoding="utf-8"))
            if name.startswith("options-"):
                assert Case.from_dict({**case, "request": REQUEST}).order.order_id
                assert valid("options", output), name
                continue
            kind, written = (
                ("return-case", "settlement")
                if name.startswith("settle-")
                else ("case", "decision")
            )
            assert valid(kind, case), name
            assert valid(written, output), name
            if kind == "return-case":  # facts make it a return case, not a case
                assert valid("case", case) == (set(case) == {"order", "request"})
    batch = (EXAMPLES_FOLDER / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(valid("case", json.loads(line)) for line in batch)
    past = [Case.from_dict(json.loads(line)) for line in batch]
    candidate = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48))
    assert valid(
        "comparison", json.loads(json.dumps(compare(past, AULSO_POLICY, candidate).to_dict()))
    )


@pytest.mark.analysis  # thousands of decisions
@settings(max_examples=1000)
@given(cases())
def test_generated_cases_and_their_decisions_validate(case: tuple[Order, ReturnRequest]) -> None:
    order, request = case
    assert valid("case", json.loads(json.dumps(Case(order=order, request=request).to_dict())))
    assert valid("decision", json.loads(json.dumps(evaluate(order, request).to_dict())))


@pytest.mark.analysis  # same
@settings(max_examples=500)
@given(return_cases())
def test_generated_return_cases_and_their_settlements_validate(case: ReturnCase) -> None:
    assert valid("return-case", json.loads(json.dumps(case.to_dict())))
    assert valid("settlement", json.loads(json.dumps(settle(case).to_dict())))


def _case() -> dict[str, Any]:
    return json.loads((EXAMPLES_FOLDER / "mixed-request.json").read_text(encoding="utf-8"))


def _with(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    return changed(_case(), path, value)


INVALID = [
    (("request", "lines", 0, "reason"), "defectve"),  # enum values
    (("order", "items", 0, "category"), "rings"),
    (("request", "lines", 0, "resolution"), "swap"),
    (("request", "lines", 0, "condition"), ["worn", "worn"]),
    (("request", "lines", 0, "condition"), ["soiled"]),
    (("order", "items", 0, "unit_price"), "12,50"),  # decimals
    (("order", "items", 0, "unit_price"), "-1"),
    (("order", "items", 0, "unit_price"), "NaN"),
    (("order", "shipping_fee"), -5),
    (("order", "shipping_fee"), True),
    (("order", "placed_at"), "2026-10-28T09:15:00"),  # timestamps: no offset
    (("order", "placed_at"), "28/10/2026"),
    (("request", "requested_at"), 1730000000),
    (("order", "order_id"), KeyError),  # required keys
    (("request", "lines"), KeyError),
    (("request", "lines", 0, "sku"), KeyError),
    (("request", "lines", 0, "reson"), "defective"),  # unknown keys
    (("order", "coupon"), "X"),
    (("authorization",), {"authorized_at": "2026-11-04T09:30:00+08:00"}),
    (("request", "lines"), []),  # shapes
    (("order", "items", 0, "quantity"), 0),
    (("order", "items", 0, "quantity"), 1.5),
    (("request", "lines", 0, "quantity"), "2"),
    (("order", "currency"), "hkd"),
    (("order", "order_id"), ""),
]


@pytest.mark.parametrize(("path", "value"), INVALID)
def test_the_schema_refuses_what_the_reader_refuses(path: tuple[Any, ...], value: object) -> None:
    document = _with(path, value)
    with pytest.raises(ValidationError):
        Case.from_dict(document)
    assert not valid("case", document)


def test_the_reader_and_the_schema_accept_the_defaults_left_out() -> None:
    document = _with(("request", "lines", 2, "resolution"), KeyError)
    del document["order"]["currency"]
    assert valid("case", document)
    Case.from_dict(document)


def test_a_schema_whose_keys_are_not_the_readers_is_refused_when_built() -> None:
    # the schemas take their keys from the readers' shapes; a builder that drifts fails at once
    with pytest.raises(
        AssertionError, match=r"^the schema's keys are not the reader's: \['a', 'c'\]$"
    ):
        _schema._object(_parse.Shape(("a", "b")), {"c": {}, "a": {}}, "two keys, one of them wrong")
