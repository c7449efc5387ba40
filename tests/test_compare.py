"""Policy versions bound to the order, and what-if comparison of two policies."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_HISTORY,
    AULSO_POLICY,
    DEMO_CASES,
    HKT,
    Case,
    Order,
    PolicyHistory,
    ReturnRequest,
    ValidationError,
    change_of_mind_window_rule,
    compare,
    evaluate,
)
from aulso_returns._cli import load_policy
from strategies import cases

FORTY_EIGHT = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)).renamed(
    "aulso-48h", "2027.1"
)
SCRIPT = Path(sys.executable).with_name("aulso-returns")


@given(st.lists(cases(max_items=3), max_size=5))
def test_an_identical_candidate_changes_nothing(pairs: list[tuple[Order, ReturnRequest]]) -> None:
    same = AULSO_POLICY.renamed("copy", "1")
    result = compare((Case(order=o, request=r) for o, r in pairs), AULSO_POLICY, same)
    assert result.cases == len(pairs)
    assert result.lines == sum(len(r.lines) for _, r in pairs)
    assert (result.changed_cases, result.changed_lines, result.transitions, result.examples) == (
        0,
        0,
        (),
        (),
    )
    assert all(a == b for a, b in result.refunds.values())


@given(cases(max_items=3))
def test_a_shorter_change_of_mind_window_moves_only_customer_side_lines_between_the_windows(
    pair: tuple[Order, ReturnRequest],
) -> None:
    order, request = pair
    before = evaluate(order, request)
    after = evaluate(order, request, policy=FORTY_EIGHT)
    for line, a, b in zip(request.lines, before.lines, after.lines, strict=True):
        delivered_at = order.item(line.sku).delivered_at
        between = delivered_at is not None and timedelta(
            hours=48
        ) < request.requested_at - delivered_at <= timedelta(hours=72)
        if (a.outcome, a.ground, a.rejections) != (b.outcome, b.ground, b.rejections):
            assert not line.reason.is_merchant_error
            assert between
            assert "change_of_mind_window_closed" in b.rejections
            assert "change_of_mind_window_closed" not in a.rejections
        elif between and not line.reason.is_merchant_error:
            assert "change_of_mind_window_closed" in b.rejections


def test_the_comparison_reports_moves_refunds_and_examples() -> None:
    case = Case.from_dict(DEMO_CASES["change of mind in time"])  # exactly 72 hours
    result = compare([case, case], AULSO_POLICY, FORTY_EIGHT)
    assert (result.cases, result.lines, result.changed_cases, result.changed_lines) == (2, 2, 2, 2)
    assert result.approved_to_rejected == 2
    assert result.transitions == (
        ("approved: change_of_mind", "rejected: change_of_mind_window_closed", 2),
    )
    data = result.to_dict()
    assert data["refunds"] == {
        "HKD": {"baseline": "2560.00", "candidate": "0.00", "change": "-2560.00"}
    }
    assert data["shop_paid_return_shipping"] == {"baseline": 2, "candidate": 0, "change": -2}
    assert data["examples"][0]["order_id"] == "A-1001"
    assert "within 48 hours" in " ".join(data["examples"][0]["candidate"])
    assert "Changed: 2 cases, 2 lines" in result.summary()


def test_the_version_in_force_when_the_order_was_placed_decides() -> None:
    effective = datetime(2027, 1, 1, tzinfo=HKT)
    history = AULSO_HISTORY.with_version(effective, FORTY_EIGHT)
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    assert evaluate(case.order, case.request, policy=history).policy.version == "2026.1"
    for placed, version in (
        (effective, "2027.1"),
        (effective - timedelta(microseconds=1), "2026.1"),
    ):
        delivered = placed + timedelta(days=1)
        data = case.to_dict()
        data["order"]["placed_at"] = placed.isoformat()
        data["order"]["items"][0]["delivered_at"] = delivered.isoformat()
        data["request"]["requested_at"] = (delivered + timedelta(hours=60)).isoformat()
        moved = Case.from_dict(data)
        decision = evaluate(moved.order, moved.request, policy=history)
        assert decision.policy.version == version
        assert decision.outcome.value == ("rejected" if version == "2027.1" else "approved")


def test_an_order_before_the_first_version_is_invalid_input() -> None:
    history = PolicyHistory.starting(datetime(2027, 1, 1, tzinfo=HKT), AULSO_POLICY)
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    with pytest.raises(
        ValidationError, match=r"^order\.placed_at: .* is before the first policy version"
    ):
        evaluate(case.order, case.request, policy=history)
    with pytest.raises(ValueError, match="strictly increasing"):
        history.with_version(datetime(2026, 1, 1, tzinfo=HKT), AULSO_POLICY)


@pytest.mark.not_for_mutants
@pytest.mark.parametrize("workers", ["1", "2"])
def test_compare_command(tmp_path: Path, workers: str) -> None:
    (tmp_path / "my_policies.py").write_text(
        "from aulso_returns import AULSO_POLICY, change_of_mind_window_rule\n"
        "FORTY_EIGHT = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)).renamed('aulso-48h', '2027.1')\n"
        "NOT_A_POLICY = 3\n"
    )
    lines = [json.dumps(c) for c in DEMO_CASES.values()] + ["{}"]
    (tmp_path / "cases.jsonl").write_text("\n".join(lines) + "\n")

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), "compare", "cases.jsonl", *a],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )

    result = run("--candidate", "my_policies:FORTY_EIGHT", "--json", "--workers", workers)
    assert result.returncode == 1  # one invalid line
    assert "line 7: case.order: required field is missing" in result.stderr
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("cases", "lines", "changed_cases", "changed_lines", "invalid")} == {
        "cases": 6, "lines": 8, "changed_cases": 1, "changed_lines": 1, "invalid": 1,
    }  # fmt: skip
    text = run("--candidate", "my_policies:FORTY_EIGHT").stdout
    assert text.startswith(
        "Compared 6 cases (8 lines): baseline aulso 2026.1, candidate aulso-48h 2027.1."
    )
    bad = run("--candidate", "my_policies:NOT_A_POLICY")
    assert bad.returncode == 2
    assert "expected a Policy or a PolicyHistory, got int" in bad.stderr
    missing = run("--candidate", "nowhere:X")
    assert missing.returncode == 2
    assert "cannot load the policy" in missing.stderr


def test_a_policy_module_that_fails_is_named_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module whose own code raises (here a policy the library refuses) is a usage error, not a crash.

    So is a policy a decision cannot read: its terms are checked where it is loaded.
    """
    (tmp_path / "failing_policies.py").write_text(
        "from aulso_returns import AULSO_POLICY, ground\n"
        "WHEN = AULSO_POLICY.rule('change_of_mind').when\n"
        "def bought():\n"
        "    return AULSO_POLICY.with_rule(ground('g', WHEN, 'Bought on {bought_on}.'))\n"
        "FEE = AULSO_POLICY.with_rule(ground('g', WHEN, 'm', restocking_fee='15%'))\n"
        "BOUGHT = bought()\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "failing_policies", raising=False)
    with pytest.raises(ValidationError) as caught:
        load_policy("failing_policies:BOUGHT")
    assert str(caught.value).startswith(
        "failing_policies:BOUGHT: cannot load the policy: failing_policies raised ValueError: "
        "rule g (en): {bought_on} is not a placeholder it can use (it can use: {amount}, "
    )
    monkeypatch.delitem(sys.modules, "failing_policies", raising=False)
    (tmp_path / "failing_policies.py").write_text(
        "from aulso_returns import AULSO_POLICY, ground\n"
        "WHEN = AULSO_POLICY.rule('change_of_mind').when\n"
        "FEE = AULSO_POLICY.with_rule(ground('g', WHEN, 'm', restocking_fee='15%'))\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_policy("failing_policies:FEE")
    assert str(caught.value) == (
        "failing_policies:FEE: cannot decide with the policy: rule g: "
        "the term restocking_fee is a fraction from 0 to 1 in digits, such as \"0.15\", got '15%'"
    )
