"""JSON Schemas (draft 2020-12) of the documents the library reads and writes.

Each object's keys, and which of them are required, come from the same
:class:`~aulso_returns._parse.Shape` that its ``from_dict`` reads with; enum
values come from the enums; bounds from the constants the readers check. What a
schema cannot say (the decimal places of a currency, a sku listed twice, a line
whose sku is not in the order, facts in an impossible order) the readers still
refuse, with the field's path.
"""

from __future__ import annotations

import enum
from typing import Any

from . import _decision as d
from . import _lifecycle as life
from . import _model as m
from . import _options as o
from . import _parse as p
from ._version import __version__

Schema = dict[str, Any]

#: A timestamp with a UTC offset, as the readers take it and the writers write it.
TIMESTAMP = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)$"
)
DATE = r"^\d{4}-\d{2}-\d{2}$"
#: A non-negative decimal written as a string (``"12.50"``).
DECIMAL = r"^\s*\+?(\d+(\.\d*)?|\.\d+)\s*$"
CODE = r"^[a-z][a-z0-9_]*$"


#: The language an explanation is written in (read as ``en`` when left out).
_LANGUAGE: Schema = {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"}


def _text() -> Schema:
    return {"type": "string", "pattern": r"\S"}


def _timestamp(*, nullable: bool = False) -> Schema:
    out: Schema = {"type": "string", "format": "date-time", "pattern": TIMESTAMP}
    return {"anyOf": [out, {"type": "null"}]} if nullable else out


def _date(*, nullable: bool = False) -> Schema:
    out: Schema = {"type": "string", "format": "date", "pattern": DATE}
    return {"anyOf": [out, {"type": "null"}]} if nullable else out


def _money() -> Schema:
    return {
        "description": "an exact amount, at most the currency's decimal places",
        "anyOf": [
            {"type": "string", "pattern": DECIMAL},
            {"type": "number", "minimum": 0, "exclusiveMaximum": int(p.MONEY_LIMIT)},
        ],
    }


def _count(minimum: int) -> Schema:
    return {"type": "integer", "minimum": minimum, "maximum": p.MAX_QUANTITY}


def _choice(kind: type[enum.Enum], *, nullable: bool = False) -> Schema:
    values: list[Any] = [member.value for member in kind]
    return {"enum": [*values, None] if nullable else values}


def _array(items: Schema, *, min_items: int = 0, unique: bool = False) -> Schema:
    out: Schema = {"type": "array", "items": items}
    if min_items:
        out["minItems"] = min_items
    if unique:
        out["uniqueItems"] = True
    return out


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _object(shape: p.Shape, properties: dict[str, Schema], description: str) -> Schema:
    if set(properties) != set(shape.required) | set(shape.optional):
        raise AssertionError(f"the schema's keys are not the reader's: {sorted(properties)}")
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(shape.required),
        "additionalProperties": False,
    }


def _written(keys: tuple[str, ...], properties: dict[str, Schema], description: str) -> Schema:
    """An object the library writes: every key is always there."""
    return _object(p.Shape(keys), properties, description)


def _definitions() -> dict[str, Schema]:
    """The objects the documents refer to (``$defs``), by name."""
    condition = _array(_choice(m.Condition), unique=True)
    return {
        "item": _object(
            m._ITEM,  # the reader's own shape, so the keys cannot drift
            {
                "sku": _text(),
                "category": _choice(m.Category),
                "unit_price": _money(),
                "quantity": _count(1),
                "returned_quantity": _count(0),
                "delivered_at": _timestamp(nullable=True),
            },
            "an item of the order; delivered_at null (or absent) while not delivered",
        ),
        "order": _object(
            m._ORDER,
            {
                "order_id": _text(),
                "placed_at": _timestamp(),
                "payment_method": _text(),
                "items": _array(_ref("item"), min_items=1),
                "currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
                "shipping_fee": _money(),
                "shipping_fee_refunded": _money(),
            },
            "the order; currency defaults to HKD, the shipping amounts to 0",
        ),
        "line": _object(
            m._LINE,
            {
                "sku": _text(),
                "reason": _choice(m.Reason),
                "quantity": _count(1),
                "resolution": _choice(m.Resolution),
                "condition": condition,
            },
            "a line of the request; quantity defaults to 1, resolution to refund",
        ),
        "request": _object(
            m._REQUEST,
            {
                "order_id": _text(),
                "requested_at": _timestamp(),
                "lines": _array(_ref("line"), min_items=1),
            },
            "the customer's request",
        ),
        "authorization": _object(
            life._AUTHORIZATION,
            {"authorized_at": _timestamp(), "skus": {"anyOf": [_array(_text()), {"type": "null"}]}},
            "the shop's authorization; skus null (or absent): the lines approved at request time",
        ),
        "shipment": _object(
            life._SHIPMENT,
            {
                "shipped_at": _timestamp(),
                "carrier": _text(),
                "tracking_number": {"anyOf": [_text(), {"type": "null"}]},
                "trackable": {"type": "boolean"},
                "tracking_sent_at": _timestamp(nullable=True),
                "cost": {"anyOf": [_money(), {"type": "null"}]},
            },
            "the customer's return parcel",
        ),
        "receipt": _object(
            life._RECEIPT,
            {"received_at": _timestamp()},
            "the parcel's arrival",
        ),
        "finding": _object(
            life._FINDING,
            {"sku": _text(), "condition": condition, "reason_confirmed": {"type": "boolean"}},
            "what the inspection found of one line",
        ),
        "inspection": _object(
            life._INSPECTION,
            {"inspected_at": _timestamp(), "items": _array(_ref("finding"))},
            "the warehouse inspection",
        ),
        "refund": _object(
            d._REFUND,
            {
                "currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
                "items": _money(),
                "restocking_fee": _money(),
                "original_shipping": _money(),
                "return_shipping": _money(),
                "total": _money(),
                "method": _text(),
            },
            "money back: total = items - restocking_fee + original_shipping + return_shipping",
        ),
        "policy_id": _object(
            d._POLICY_ID,
            {"name": _text(), "version": _text()},
            "the policy version that decided",
        ),
    }


def _documents() -> dict[str, Schema]:
    """The documents, by name.

    Built when asked for, not at import: nothing to pay when no schema is
    wanted, and mutation testing can change what builds them.
    """
    case_keys = {"order": _ref("order"), "request": _ref("request")}
    facts = {
        name: {"anyOf": [_ref(name), {"type": "null"}]}
        for name in ("authorization", "shipment", "receipt", "inspection")
    }

    code: Schema = {"type": "string", "pattern": CODE}
    line_decision = _object(
        d._LINE_DECISION,
        {
            "sku": _text(),
            "quantity": _count(1),
            "resolution": _choice(m.Resolution),
            "outcome": {"enum": [d.LineOutcome.APPROVED.value, d.LineOutcome.REJECTED.value]},
            "ground": {"anyOf": [{"type": "string", "pattern": CODE}, {"type": "null"}]},
            "rejections": _array({"type": "string", "pattern": CODE}),
            "last_day_to_request": _date(nullable=True),
            "change_of_mind_until": _timestamp(nullable=True),
        },
        "one line's decision: a ground when approved, every rejection when rejected",
    )

    settlement_line = _object(
        life._SETTLEMENT_LINE,
        {
            "sku": _text(),
            "outcome": _choice(d.LineOutcome),
            "ground": {"anyOf": [{"type": "string", "pattern": CODE}, {"type": "null"}]},
            "rejections": _array({"type": "string", "pattern": CODE}),
        },
        "one line after the facts",
    )

    counts: Schema = {"type": "integer", "minimum": 0}
    before_after: dict[str, Schema] = {
        "baseline": counts,
        "candidate": counts,
        "change": {"type": "integer"},
    }

    return {
        "case": _object(m._CASE, case_keys, "a return request about an order"),
        "return-case": _object(
            life._RETURN_CASE,
            {**case_keys, **facts},
            "a case with the facts that followed the answer, each optional",
        ),
        "decision": _object(
            d._DECISION,
            {
                "order_id": _text(),
                "outcome": _choice(d.Outcome),
                "lines": _array(line_decision, min_items=1),
                "return_shipping_paid_by": _choice(d.Payer, nullable=True),
                "refund": _ref("refund"),
                "deadlines": _object(
                    d._DEADLINES,
                    {
                        "authorization_due": _date(),
                        "settlement_business_days": {"type": "integer", "minimum": 0},
                    },
                    "dates the shop must meet",
                ),
                "policy": _ref("policy_id"),
                "explanation": _array({"type": "string"}, min_items=1),
                "language": _LANGUAGE,
            },
            "the answer to a return request, as evaluate writes it",
        ),
        "settlement": _object(
            life._SETTLEMENT,
            {
                "order_id": _text(),
                "status": _choice(life.Status),
                "due": _date(nullable=True),
                "lines": _array(settlement_line, min_items=1),
                "refund": {"anyOf": [_ref("refund"), {"type": "null"}]},
                "refund_due": _date(nullable=True),
                "exchange_ship_by": _date(nullable=True),
                "policy": _ref("policy_id"),
                "explanation": _array({"type": "string"}),
                "language": _LANGUAGE,
            },
            "where a return case stands, as settle writes it",
        ),
        "comparison": _written(
            (
                "baseline", "candidate", "cases", "lines", "changed_cases", "changed_lines",
                "approved_to_rejected", "rejected_to_approved", "invalid", "transitions", "refunds",
                "shop_paid_return_shipping", "examples",
            ),
            {
                "baseline": _text(),
                "candidate": _text(),
                **dict.fromkeys(
                    ("cases", "lines", "changed_cases", "changed_lines", "approved_to_rejected",
                     "rejected_to_approved", "invalid"),
                    counts,
                ),
                "transitions": _array(
                    _written(
                        ("baseline", "candidate", "lines"),
                        {"baseline": _text(), "candidate": _text(), "lines": counts},
                        "changed lines by their codes",
                    )
                ),
                "refunds": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[A-Z]{3}$"},
                    "additionalProperties": _written(
                        ("baseline", "candidate", "change"),
                        {
                            "baseline": {"type": "string"},
                            "candidate": {"type": "string"},
                            "change": {"type": "string"},
                        },
                        "refund totals in one currency",
                    ),
                },
                "shop_paid_return_shipping": _written(
                    ("baseline", "candidate", "change"), before_after, "cases where the shop pays"
                ),
                "examples": _array(
                    _written(
                        ("order_id", "baseline", "candidate"),
                        {
                            "order_id": _text(),
                            "baseline": _array({"type": "string"}),
                            "candidate": _array({"type": "string"}),
                        },
                        "a changed case with both explanations",
                    )
                ),
            },
            "what a candidate policy changes over past cases, as compare writes it",
        ),
        "options": _object(
            o._OPTIONS,
            {
                "order_id": _text(),
                "at": _timestamp(),
                "currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
                "items": _array(_object(o._ITEM, {
                    "sku": _text(),
                    "returnable_quantity": _count(0),
                    "delivered_at": _timestamp(nullable=True),
                    "open": _array(_object(o._OPEN, {
                        "ground": code,
                        "reasons": _array(_choice(m.Reason), min_items=1, unique=True),
                        "resolutions": _array(_choice(m.Resolution), min_items=1, unique=True),
                        "until": _timestamp(nullable=True),
                        "return_shipping_paid_by": _choice(d.Payer),
                        "original_shipping_refunded": {"type": "boolean"},
                        "refund_per_unit": {"anyOf": [_money(), {"type": "null"}]},
                        "conditions_accepted": _array(_choice(m.Condition), unique=True),
                    }, "a way the item can still be returned: approved on ground up to until (inclusive)")),
                    "closed": _array(_object(o._CLOSED, {
                        "reasons": _array(_choice(m.Reason), min_items=1, unique=True),
                        "rejections": _array(code, min_items=1),
                        "closed_at": _timestamp(nullable=True),
                        "opens_at": _timestamp(nullable=True),
                    }, "reasons nothing is open for now, the rules that refuse them, when they closed or open")),
                }, "one item's options"), min_items=1),
                "policy": _ref("policy_id"),
                "explanation": _array({"type": "string"}, min_items=1),
                "language": _LANGUAGE,
            },
            "what each item of an order can still be returned for, as options writes it",
        ),
    }  # fmt: skip


#: The documents with a schema, by name.
DOCUMENTS = ("case", "return-case", "decision", "settlement", "comparison", "options")


def _used(schema: object, defs: dict[str, Schema], found: set[str]) -> set[str]:
    """The names of the definitions *schema* refers to, directly or through another."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                _used(defs[name], defs, found)
        for value in schema.values():
            _used(value, defs, found)
    elif isinstance(schema, list):
        for value in schema:
            _used(value, defs, found)
    return found


def json_schema(document: str) -> Schema:
    """The JSON Schema (draft 2020-12) of *document*.

    :param document: ``case``, ``return-case``, ``decision``, ``settlement``, ``comparison``
        or ``options``.
    :returns: the schema, as JSON data.
    :raises KeyError: for any other name.

    >>> sorted(json_schema("case")["properties"])
    ['order', 'request']
    >>> json_schema("line")
    Traceback (most recent call last):
    KeyError: "no schema 'line' (one of: case, return-case, decision, settlement, comparison, options)"
    """
    body = _documents().get(document)
    if body is None:
        raise KeyError(f"no schema {document!r} (one of: {', '.join(DOCUMENTS)})")
    defs = _definitions()
    used = sorted(_used(body, defs, set()))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:aulso-returns:{__version__}:{document}",
        "title": f"aulso-returns {document}",
        **body,
        **({"$defs": {name: defs[name] for name in used}} if used else {}),
    }
