"""The command line, run as the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aulso_returns._demo import DEMO_CASES

SCRIPT = Path(sys.executable).with_name("aulso-returns")


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(DEMO_CASES["partial approval"]))
    return path


def test_evaluate_prints_the_decision_json(case_file: Path) -> None:
    result = cli("evaluate", str(case_file))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "partially_approved"
    assert decision["refund"]["total"] == "2620.00"
    assert result.stderr == ""


def test_stdin_and_explain(case_file: Path) -> None:
    result = cli("evaluate", "--explain", "-", stdin=case_file.read_text())
    assert result.returncode == 0
    assert result.stdout.startswith("Order A-1001: your return request is partly approved.")
    assert "worn earrings cannot be returned" in result.stdout


def test_invalid_input_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = dict(DEMO_CASES["worn earrings"])
    bad["request"] = {**bad["request"], "requested_at": "2026-11-03T20:00:00"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    result = cli("evaluate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "aulso-returns: invalid input: request.requested_at: timestamp must include a UTC offset\n"
    )
    for text in ("not json", "[]"):
        result = cli("evaluate", "-", stdin=text)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("aulso-returns: invalid input: case: ")


def test_missing_file_and_bad_options_exit_2(tmp_path: Path) -> None:
    result = cli("evaluate", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli("evaluate", "x.json", "--closure", "tomorrow").returncode == 2
    assert cli("evaluate", "x.json", "--jsonl", "--workers", "0").returncode == 2
    assert cli("frobnicate").returncode == 2


def test_closures_move_deadlines(case_file: Path) -> None:
    plain = json.loads(cli("evaluate", str(case_file)).stdout)
    typhoon = json.loads(
        cli("evaluate", str(case_file), "--closure", "2026-11-05", "--closure", "2026-11-06").stdout
    )
    assert plain["deadlines"]["authorization_due"] == "2026-11-06"
    assert typhoon["deadlines"]["authorization_due"] == "2026-11-10"


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_jsonl_streams_in_order_and_reports_bad_lines(tmp_path: Path, workers: str) -> None:
    good = [json.dumps(case) for case in DEMO_CASES.values()]
    lines = [good[0], "{not json", good[1], "", json.dumps({"order": {}, "request": {}}), good[2]]
    result = cli("evaluate", "--jsonl", str(_jsonl(tmp_path, lines)), "--workers", workers)
    assert result.returncode == 1
    # no progress line when stderr is not a terminal; the summary of invalid lines always
    assert result.stderr == "aulso-returns: 3 of 6 lines invalid (lines 2, 4, 5)\n"
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["outcome"] == "approved"
    assert out[1]["line"] == 2
    assert out[1]["error"].startswith("case: not valid JSON")
    assert out[2]["outcome"] == "rejected"
    assert out[3] == {
        "line": 4, "error": out[3]["error"], "kind": "invalid_input", "path": "case",
        "problem": out[3]["problem"], "order_id": None,
    }  # fmt: skip
    assert out[3]["error"] == "case: " + out[3]["problem"]
    assert out[4]["error"].startswith("order.order_id: required field is missing")
    assert out[5]["lines"][0]["ground"] == "merchant_error"


def test_jsonl_all_good_exits_0_from_stdin() -> None:
    text = "".join(json.dumps(case) + "\n" for case in DEMO_CASES.values())
    result = cli("evaluate", "--jsonl", "-", stdin=text)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == len(DEMO_CASES)


def test_settle(tmp_path: Path) -> None:
    case: dict[str, Any] = {
        **DEMO_CASES["damaged on arrival"],
        "authorization": {"authorized_at": "2026-11-21T10:00:00+08:00"},
        "shipment": {"shipped_at": "2026-11-22T10:00:00+08:00", "carrier": "SF", "tracking_number": "SF1",
                     "tracking_sent_at": "2026-11-22T11:00:00+08:00"},
        "receipt": {"received_at": "2026-11-24T10:00:00+08:00"},
        "inspection": {"inspected_at": "2026-11-24T15:00:00+08:00", "items": [{"sku": "NECK-PEARL", "condition": ["damaged"]}]},
    }  # fmt: skip
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = cli("settle", str(path))
    assert result.returncode == 0, result.stderr
    settlement = json.loads(result.stdout)
    assert settlement["status"] == "settled"
    assert settlement["exchange_ship_by"] == "2026-12-03"
    explained = cli("settle", "--explain", str(path)).stdout
    assert explained.startswith(
        "Order A-1001: your return is settled (due by Thursday 03 December 2026)."
    )
    # the evaluate command reads only the request-time case, and says so
    refused = cli("evaluate", str(path))
    assert refused.returncode == 2
    assert "case.authorization: unknown field" in refused.stderr


def test_demo_and_policy() -> None:
    result = cli("demo")
    assert result.returncode == 0
    for title in DEMO_CASES:
        assert f"== {title} ==" in result.stdout
    as_json = [json.loads(line) for line in cli("demo", "--json").stdout.splitlines()]
    assert [row["case"] for row in as_json] == list(DEMO_CASES)
    listing = json.loads(cli("policy", "--json").stdout)
    assert listing[0]["code"] == "merchant_error"


@pytest.mark.parametrize("command", ["evaluate", "settle", "demo", "policy", "table"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "example:" in result.stdout
    assert f"aulso-returns {command}" in result.stdout


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aulso_returns", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("aulso-returns ")


def test_table_prints_the_committed_decision_table() -> None:
    result = cli("table")
    assert result.returncode == 0
    assert result.stdout == (Path(__file__).parent.parent / "docs" / "decision-table.md").read_text(
        encoding="utf-8"
    )


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    import os  # noqa: PLC0415
    import pty  # noqa: PLC0415

    lines = [json.dumps(case) for case in DEMO_CASES.values()] + ["oops"]
    path = _jsonl(tmp_path, lines)
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [str(SCRIPT), "evaluate", "--jsonl", str(path)],
        stdout=subprocess.PIPE,
        stderr=follower,
        check=False,
        timeout=120,
    )
    os.close(follower)
    progress = os.read(leader, 4096).decode()
    os.close(leader)
    assert proc.returncode == 1
    assert progress.replace("\r\n", "\n") == (
        f"\r{len(lines)} cases, 1 invalid\naulso-returns: 1 of {len(lines)} lines invalid (line 7)\n"
    )
    assert len(proc.stdout.decode().splitlines()) == len(lines)
