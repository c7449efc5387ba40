"""The command line, run as the real console script in a subprocess."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aulso_returns import ValidationError
from aulso_returns._demo import DEMO_CASES

SCRIPT = Path(sys.executable).with_name("aulso-returns")

pytestmark = pytest.mark.not_for_mutants


def cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
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
    assert result.stdout.startswith(
        "Order A-1001: your return and exchange request is partly approved."
    )
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
        "Order A-1001: we have inspected your return and will ship your exchange by Thursday 3 December 2026."
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
    assert listing["policy"] == {"name": "aulso", "version": "2026.1"}
    assert listing["settings"] == {"authorization_business_days": 2, "settlement_business_days": 7}
    assert listing["rules"][0]["code"] == "merchant_error"
    assert "- setting settlement_business_days: 7" in cli("policy").stdout.splitlines()


@pytest.mark.parametrize(
    "command",
    ["evaluate", "settle", "demo", "policy", "table", "diff", "compare", "example", "schema",
     "options", "import", "import shopify"],
)  # fmt: skip
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = cli(*command.split(), "--help")
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


# --- robustness: every line of a batch gets exactly one answer ---------------------------------------


def cli_bytes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, check=False, timeout=120
    )


GOOD_LINES = [json.dumps(case).encode() for case in DEMO_CASES.values()]


def _swap(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert old in raw, old
    return raw.replace(old, new, 1)


FIRST = GOOD_LINES[0]

#: One bad line of each class of unusual input (none holds a newline byte).
BAD_LINES = {
    "not json": b"{not json",
    "gzip": bytes(b for b in gzip.compress(b'{"order": {}}', mtime=0) if b != 0x0A),
    "latin-1": '{"order": {"order_id": "café"}}'.encode("latin-1"),
    "lone surrogate": _swap(FIRST, b'"A-1001"', b'"\\ud800"'),
    "surrogate key": b'{"\\ud800": 1}',
    "duplicate key": _swap(FIRST, b'"reason": "changed_mind"', b'"reason": "changed_mind", "reason": "defective"'),
    "huge integer": _swap(FIRST, b'"category": "ring"', b'"quantity": ' + b"9" * 5000 + b', "category": "ring"'),
    "huge exponent": _swap(FIRST, b'"1280.00"', b"1e999999999999999999999"),
    "year 2150": _swap(FIRST, b'"requested_at": "2026', b'"requested_at": "2150'),
    "end of datetime": _swap(FIRST, b'"delivered_at": "2026-11-02T14:30:00+08:00"', b'"delivered_at": "9999-12-31T23:59:59-12:00"'),
    "bare carriage return": FIRST + b"\r" + GOOD_LINES[1],
    "empty": b"",
    "array": b"[]",
    "long value": _swap(FIRST, b'"changed_mind"', b'"' + b"x" * 1_000_000 + b'"'),
}  # fmt: skip


def _decided_alone(raw: bytes) -> dict[str, Any]:
    from aulso_returns import Case, evaluate  # noqa: PLC0415
    from aulso_returns._parse import json_value  # noqa: PLC0415

    case = Case.from_dict(json_value(raw.removesuffix(b"\r")))
    return evaluate(case.order, case.request).to_dict()


def test_every_bad_line_class_is_refused_by_the_library() -> None:
    from aulso_returns import Case  # noqa: PLC0415
    from aulso_returns._parse import json_value  # noqa: PLC0415

    for name, raw in BAD_LINES.items():
        with pytest.raises(ValidationError):
            Case.from_dict(json_value(raw))
        assert b"\n" not in raw, name


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("source", ["file", "stdin"])
def test_bad_lines_anywhere_leave_every_other_line_as_decided_alone(
    tmp_path: Path, workers: str, source: str
) -> None:
    rng = random.Random(f"{workers}{source}")  # noqa: S311 - positions, not secrets
    good = [rng.choice(GOOD_LINES) + rng.choice([b"", b"\r"]) for _ in range(30)]  # \r\n accepted
    lines = good + list(BAD_LINES.values())
    rng.shuffle(lines)
    data = b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n"  # a byte order mark before the first line
    path = tmp_path / "cases.jsonl"
    path.write_bytes(data)
    if source == "file":
        result = cli_bytes("evaluate", "--jsonl", str(path), "--workers", workers)
    else:
        result = cli_bytes("evaluate", "--jsonl", "-", "--workers", workers, stdin=data)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8").splitlines()  # valid UTF-8 throughout
    assert len(out) == len(lines)
    bad = []
    for number, (raw, written) in enumerate(zip(lines, out, strict=True), start=1):
        record = json.loads(written)
        if raw in BAD_LINES.values():
            bad.append(number)
            assert record["line"] == number
            assert record["kind"] == "invalid_input"
            assert record["error"] == (
                f"{record['path']}: {record['problem']}" if record["path"] else record["problem"]
            )
            assert len(written) < 1000  # long values are cut
        else:
            assert record == _decided_alone(raw)
    named = ", ".join(map(str, bad[:5]))
    assert result.stderr.decode() == (
        f"aulso-returns: {len(bad)} of {len(lines)} lines invalid (lines {named}, ...)\n"
    )


def test_error_records_name_the_order_when_it_can_be_read() -> None:
    line = GOOD_LINES[0].replace(b'"requested_at": "2026', b'"requested_at": "2150', 1)
    out = cli_bytes("evaluate", "--jsonl", "-", stdin=line + b"\n").stdout
    assert json.loads(out) == {
        "line": 1,
        "error": "request.requested_at: 2150-11-05 is outside the supported years 1990-2099 (Hong Kong dates)",
        "kind": "invalid_input",
        "path": "request.requested_at",
        "problem": "2150-11-05 is outside the supported years 1990-2099 (Hong Kong dates)",
        "order_id": "A-1001",
    }


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_a_single_bad_input_exits_2_with_one_line_and_nothing_on_stdout(name: str) -> None:
    result = cli_bytes("evaluate", "-", stdin=BAD_LINES[name])
    assert result.returncode == 2
    assert result.stdout == b""
    message = result.stderr.decode("utf-8")
    assert message.startswith("aulso-returns: invalid input: ")
    assert message.count("\n") == 1
    assert len(message) < 1000


def test_a_single_input_may_start_with_a_byte_order_mark_and_end_with_crlf() -> None:
    result = cli_bytes("evaluate", "-", stdin=b"\xef\xbb\xbf" + GOOD_LINES[0] + b"\r\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == _decided_alone(GOOD_LINES[0])


def test_a_bug_in_one_line_is_an_internal_error_record_and_the_stream_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aulso_returns import _cli  # noqa: PLC0415

    real = _cli.JOBS["evaluate"]

    def buggy(data: object, closures: tuple[Any, ...]) -> Any:
        if isinstance(data, dict) and data["request"] == json.loads(FIRST)["request"]:
            raise ZeroDivisionError("division by zero")
        return real(data, closures)

    monkeypatch.setitem(_cli.JOBS, "evaluate", buggy)
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join([GOOD_LINES[1], GOOD_LINES[0], b"oops", GOOD_LINES[2]]) + b"\n")
    assert _cli.main(["evaluate", "--jsonl", str(path)]) == 3
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert out[0] == _decided_alone(GOOD_LINES[1])
    assert out[1] == {
        "line": 2,
        "error": "internal error (a bug in aulso-returns; the traceback is on stderr): "
        "ZeroDivisionError: division by zero",
        "kind": "internal_error",
        "path": None,
        "problem": "ZeroDivisionError: division by zero",
        "order_id": "A-1001",
    }
    assert out[2]["kind"] == "invalid_input"
    assert out[3] == _decided_alone(GOOD_LINES[2])
    assert "aulso-returns: internal error on line 2:\nTraceback" in captured.err
    assert "ZeroDivisionError: division by zero" in captured.err
    assert captured.err.endswith(
        "aulso-returns: 1 of 4 lines invalid (line 3)\n"
        "aulso-returns: 1 of 4 lines internal error (line 2)\n"
    )


def test_a_bug_in_a_single_input_exits_3_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from aulso_returns import _cli  # noqa: PLC0415

    def buggy(_data: object, _closures: tuple[Any, ...]) -> Any:
        raise KeyError("oops")

    monkeypatch.setitem(_cli.JOBS, "evaluate", buggy)
    path = tmp_path / "case.json"
    path.write_bytes(GOOD_LINES[0])
    assert _cli.main(["evaluate", str(path)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("aulso-returns: internal error (a bug, please report it):\n")
    assert "KeyError: 'oops'" in captured.err


def test_an_output_failure_is_not_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join(GOOD_LINES * 200) + b"\n")
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(
            [str(SCRIPT), "evaluate", "--jsonl", str(path)],
            stdout=full, stderr=subprocess.PIPE, check=False, timeout=120,
        )  # fmt: skip
    assert result.returncode == 4
    assert result.stderr.decode() == (
        "aulso-returns: cannot write the output: No space left on device\n"
    )


def test_workers_read_ahead_a_bounded_number_of_lines() -> None:
    from aulso_returns._cli import CHUNK, CHUNKS_PER_WORKER, _parallel_map  # noqa: PLC0415

    read = 0

    def numbers() -> Iterator[int]:
        nonlocal read
        for n in range(10**6):  # an unbounded reader would read them all at once
            read += 1
            yield n

    results = _parallel_map(abs, numbers(), 2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    assert read <= (2 * CHUNKS_PER_WORKER + 1) * CHUNK
    results.close()


@pytest.mark.parametrize("command", ["evaluate", "settle", "compare", None])
def test_help_documents_every_exit_status(command: str | None) -> None:
    result = cli(*([command] if command else []), "--help")
    for status in range(5):
        assert f"\n  {status}  " in result.stdout


POLICIES = """\
from datetime import datetime, timezone
from aulso_returns import AULSO_HISTORY, AULSO_POLICY, change_of_mind_window_rule
FORTY_EIGHT = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)).renamed("aulso", "2027.1")
HISTORY = AULSO_HISTORY.with_version(datetime(2027, 1, 1, tzinfo=timezone.utc), FORTY_EIGHT)
NOT_A_POLICY = 42
"""

SIXTY_HOURS = {
    "order": {"order_id": "P-1", "placed_at": "2026-10-30T10:00:00+08:00", "payment_method": "visa",
              "shipping_fee": "60", "items": [{"sku": "R", "category": "ring", "unit_price": "900",
                                               "delivered_at": "2026-11-02T10:00:00+08:00"}]},
    "request": {"order_id": "P-1", "requested_at": "2026-11-04T22:00:00+08:00",
                "lines": [{"sku": "R", "reason": "changed_mind"}]},
}  # fmt: skip


@pytest.mark.parametrize("workers", ["1", "2"])
def test_policy_chooses_the_policy_of_every_command(tmp_path: Path, workers: str) -> None:
    (tmp_path / "shop_policies.py").write_text(POLICIES, encoding="utf-8")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(SIXTY_HOURS), encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(SIXTY_HOURS) + "\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = cli(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result

    assert json.loads(run("evaluate", str(case)).stdout)["outcome"] == "approved"
    decided = json.loads(run("evaluate", "--policy", "shop_policies:FORTY_EIGHT", str(case)).stdout)
    assert (decided["outcome"], decided["policy"]["version"]) == ("rejected", "2027.1")
    batch = run(
        "evaluate",
        "--jsonl",
        "--workers",
        workers,
        "--policy",
        "shop_policies:FORTY_EIGHT",
        str(cases),
    )
    assert json.loads(batch.stdout)["lines"][0]["rejections"] == ["change_of_mind_window_closed"]
    settled = json.loads(run("settle", "--policy", "shop_policies:FORTY_EIGHT", str(case)).stdout)
    assert (settled["status"], settled["lines"][0]["outcome"]) == ("refused", "rejected")
    # a history: the version in force when the order was placed (2026) decides
    assert (
        json.loads(run("evaluate", "--policy", "shop_policies:HISTORY", str(case)).stdout)[
            "outcome"
        ]
        == "approved"
    )
    assert (
        "requested more than 48 hours after delivery"
        in run("policy", "--policy", "shop_policies:FORTY_EIGHT").stdout
    )
    versions = json.loads(run("policy", "--json", "--policy", "shop_policies:HISTORY").stdout)
    assert [(v["effective_from"], v["policy"]["version"]) for v in versions] == [
        ("1990-01-01T00:00:00+08:00", "2026.1"),
        ("2027-01-01T00:00:00+00:00", "2027.1"),
    ]
    assert (
        "more than 48 h after delivery"
        in run("table", "--policy", "shop_policies:FORTY_EIGHT").stdout
    )
    for command in ("evaluate", "settle"):
        bad = cli(command, "--policy", "shop_policies:NOT_A_POLICY", str(case), cwd=tmp_path)
        assert (bad.returncode, bad.stdout) == (2, "")
        assert bad.stderr == (
            "aulso-returns: invalid input: shop_policies:NOT_A_POLICY: expected a Policy or a "
            "PolicyHistory, got int\n"
        )


def test_a_jsonl_file_without_jsonl_says_to_add_it(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        json.dumps(SIXTY_HOURS) + "\n" + json.dumps(SIXTY_HOURS) + "\n", encoding="utf-8"
    )
    result = cli("evaluate", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "not valid JSON: Extra data: line 2 column 1 (char 360); for one case a line, add --jsonl\n"
    )


# --- options ---------------------------------------------------------------------------------------

ORDER_DOC = {"order": json.loads((Path(__file__).parent.parent / "examples" / "options-order.json")
                                 .read_text(encoding="utf-8"))["order"]}  # fmt: skip


def test_options_prints_json_text_and_reads_stdin_and_whole_cases(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(ORDER_DOC), encoding="utf-8")
    out = cli("options", str(path), "--at", "2026-11-04T09:00:00+08:00")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [i["sku"] for i in doc["items"]] == ["RING-ROSE-7", "NECK-PEARL", "EAR-HOOP-S"]
    text = cli("options", "-", "--at", "2026-11-04T09:00:00+08:00", "--explain",
               "--language", "zh-Hant-HK", stdin=json.dumps(ORDER_DOC))  # fmt: skip
    assert text.stdout.startswith("訂單A-3001截至2026年11月4日")
    case = {**ORDER_DOC, "request": {"order_id": "A-3001", "requested_at": "2026-11-04T09:00:00+08:00",
                                     "lines": [{"sku": "NECK-PEARL", "reason": "defective"}]}}  # fmt: skip
    assert json.loads(cli("options", "-", "--at", "2026-11-04T09:00:00+08:00",
                          stdin=json.dumps(case)).stdout) == doc  # fmt: skip
    assert cli("options", "-", "--at", "now", stdin=json.dumps(ORDER_DOC)).returncode == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--at", "2026-11-04T09:00:00"), ORDER_DOC, "--at: timestamp must include a UTC offset"),
        (("--at", "2026-10-01T09:00:00+08:00"), ORDER_DOC, "at: before the order was placed"),
        (("--at", "2026-11-04T09:00:00+08:00"), {"orders": []}, "case.order"),
        ((), ORDER_DOC, "the following arguments are required: --at"),
    ],
)
def test_options_refuses_what_it_cannot_answer(
    args: tuple[str, ...], stdin: dict[str, Any], message: str
) -> None:
    out = cli("options", "-", *args, stdin=json.dumps(stdin))
    assert (out.returncode, out.stdout) == (2, "")
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_options_streams_a_batch_with_an_error_record_for_a_bad_line() -> None:
    lines = json.dumps(ORDER_DOC) + "\n" + '{"order": 1}\n'
    out = cli("options", "--jsonl", "-", "--at", "2026-11-04T09:00:00+08:00", stdin=lines)
    assert out.returncode == 1
    first, second = map(json.loads, out.stdout.splitlines())
    assert first["order_id"] == "A-3001"
    assert (second["kind"], second["path"]) == ("invalid_input", "order")
