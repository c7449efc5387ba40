"""Documentation that cannot drift: the policy page, the codes reference, the decision table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from aulso_returns import (
    AULSO_POLICY,
    Category,
    LineOutcome,
    Outcome,
    Payer,
    Reason,
    ReturnCase,
    Status,
    ValidationError,
    settle,
)
from aulso_returns._analysis import decision_table
from aulso_returns._cli import error_record, internal_error_record
from aulso_returns._decision import NO_GROUND
from aulso_returns._lifecycle import SETTLEMENT_CODES
from aulso_returns._parse import json_value

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
POLICY_TEXT = DOCS / "aulso-return-policy.txt"
SHARED_TEXT = ROOT.parent / "shared" / "policy" / "aulso-return-policy.txt"

RULE_CODES = {rule.code for rule in AULSO_POLICY.rules}
REJECTION_CODES = {r.code for r in AULSO_POLICY.rules if r.effect.value == "bar"} | {
    NO_GROUND,
    *SETTLEMENT_CODES,
}
VALUE_CODES = {m.value for enum in (Outcome, LineOutcome, Payer, Status) for m in enum}


def _settled_example() -> dict[str, Any]:
    case = {
        "order": {"order_id": "A", "placed_at": "2026-11-01T10:00:00+08:00", "payment_method": "visa",
                  "items": [{"sku": "S", "category": "ring", "unit_price": "1", "delivered_at": "2026-11-02T10:00:00+08:00"}]},
        "request": {"order_id": "A", "requested_at": "2026-11-03T10:00:00+08:00", "lines": [{"sku": "S", "reason": "defective"}]},
        "authorization": {"authorized_at": "2026-11-03T11:00:00+08:00"},
        "shipment": {"shipped_at": "2026-11-03T12:00:00+08:00", "carrier": "SF", "tracking_number": "1",
                     "tracking_sent_at": "2026-11-03T12:00:00+08:00"},
        "receipt": {"received_at": "2026-11-04T12:00:00+08:00"},
        "inspection": {"inspected_at": "2026-11-04T12:00:00+08:00", "items": [{"sku": "S"}]},
    }  # fmt: skip
    rc = ReturnCase.from_dict(json_value(json.dumps(case)))
    return {"decision": _decision_dict(rc), "settlement": settle(rc).to_dict()}


def _decision_dict(rc: ReturnCase) -> dict[str, Any]:
    from aulso_returns import evaluate  # noqa: PLC0415

    return evaluate(rc.case.order, rc.case.request).to_dict()


def _field_paths(data: object, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path, key} | _field_paths(value, path)
    elif isinstance(data, list) and data:
        paths |= _field_paths(data[0], prefix + "[]")
    return paths


FIELDS = _field_paths(_settled_example()["decision"]) | _field_paths(
    _settled_example()["settlement"]
)
TERMS = {x for rule in AULSO_POLICY.rules for kv in rule.terms.items() for x in kv}
_BAD = ValidationError("case", "not valid JSON")
ERROR_RECORDS = (error_record(1, _BAD, None), internal_error_record(1, KeyError("x"), None))
ERROR_CODES = {record["kind"] for record in ERROR_RECORDS}
KNOWN = (
    ERROR_CODES
    | {key for record in ERROR_RECORDS for key in record}
    | RULE_CODES
    | REJECTION_CODES
    | VALUE_CODES
    | FIELDS
    | TERMS
    | set(AULSO_POLICY.settings)
    | {r.value for r in Reason}
    | {c.value for c in Category}
)


def _policy_lines() -> list[str]:
    lines = []
    for raw in POLICY_TEXT.read_text(encoding="utf-8").splitlines():
        text = re.sub(r"^\s*(•|\d+\.)\s*", "", raw).strip()
        if text:
            lines.append(text)
    return lines


def test_policy_copy_is_verbatim() -> None:
    if not SHARED_TEXT.exists():
        pytest.skip("the shared policy text is not beside this checkout")
    assert POLICY_TEXT.read_bytes() == SHARED_TEXT.read_bytes()


def test_every_line_of_the_policy_is_on_the_policy_page() -> None:
    page = (DOCS / "policy.md").read_text(encoding="utf-8").splitlines()
    quoted = {line[2:] for line in page if line.startswith("> ")}
    headings = {line[3:] for line in page if line.startswith("## ")}
    missing = [line for line in _policy_lines() if line not in quoted and line not in headings]
    assert missing == []
    assert len(_policy_lines()) > 30


def _verdicts() -> list[tuple[str, str]]:
    """(quote, the verdict paragraph that follows it) pairs of the policy page."""
    text = (DOCS / "policy.md").read_text(encoding="utf-8")
    pairs = []
    for block in re.split(r"\n(?=> )", text)[1:]:
        quote, _, rest = block.partition("\n")
        verdict = next((p for p in rest.split("\n\n") if p.strip()), "")
        pairs.append((quote, verdict.strip()))
    return pairs


def test_every_quote_is_enforced_or_explained() -> None:
    for quote, verdict in _verdicts():
        assert verdict.startswith(("**Enforced by:**", "**Not machine-decided:**")), quote


def test_policy_page_codes_exist_and_cover_every_rule() -> None:
    text = (DOCS / "policy.md").read_text(encoding="utf-8")
    enforced = " ".join(p for p in re.split(r"\n\n", text) if p.startswith("**Enforced by:**"))
    named = set(re.findall(r"`([^`]+)`", enforced))
    assert named - KNOWN == set()
    assert RULE_CODES - named == set()
    assert set(SETTLEMENT_CODES) - named == set()
    assert set(AULSO_POLICY.settings) - named == set()


def test_codes_reference_both_ways() -> None:
    text = (DOCS / "decisions.md").read_text(encoding="utf-8")
    first_column = set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE))
    assert (RULE_CODES | REJECTION_CODES | VALUE_CODES) - first_column == set()
    top_level = set(_settled_example()["decision"]) | set(_settled_example()["settlement"])
    line_fields = set(_settled_example()["decision"]["lines"][0]) | set(
        _settled_example()["decision"]["refund"]
    )
    assert (top_level | line_fields) - first_column == set()
    assert (ERROR_CODES | set(ERROR_RECORDS[0])) - first_column == set()
    assert first_column - KNOWN == set()


def test_decision_table_is_generated() -> None:
    committed = (DOCS / "decision-table.md").read_text(encoding="utf-8")
    assert committed == decision_table().to_markdown(), (
        "run: aulso-returns table > docs/decision-table.md"
    )


def test_docs_are_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "index.md":
            assert f"({page.name})" in index, page.name
