"""A batch stopped by a signal: whole lines in input order, no worker left, the documented status."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("aulso-returns")
EXAMPLES = Path(__file__).parent.parent / "src" / "aulso_returns" / "examples"
#: Far more lines than a batch decides in the seconds before it is stopped.
LINES = 200_000

pytestmark = [
    pytest.mark.not_for_mutants,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc"),
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A large batch of the example lines over and over, and the output each line must get."""
    cases = (EXAMPLES / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    expected = (EXAMPLES / "expected" / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("batch") / "big.jsonl"
    path.write_text("".join(cases[n % len(cases)] + "\n" for n in range(LINES)), encoding="utf-8")
    return path, expected


def children(pid: int) -> set[int]:
    """The processes whose parent is *pid*."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie has ended: only its parent has not read its status)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], Path, set[int]]:
    """Start a command with its stdout in a file; return once it has written output and has workers."""
    out = tmp_path / "out.jsonl"
    with out.open("wb") as stdout:
        proc = subprocess.Popen([str(SCRIPT), *args], stdout=stdout, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= children(proc.pid)
        if out.stat().st_size > 0 or (args[0] == "compare" and len(workers) >= 2):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be stopped"
    workers |= children(proc.pid)
    return proc, out, workers


def assert_workers_end(workers: set[int]) -> None:
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]


def assert_whole_lines_in_order(out: Path, expected: list[str]) -> int:
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n") or not text
    lines = text.splitlines()
    assert lines == [expected[n % len(expected)] for n in range(len(lines))]
    return len(lines)


@pytest.mark.parametrize(
    ("sig", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_stopped_batch_writes_whole_lines_in_order_ends_its_workers_and_says_how_many(
    tmp_path: Path,
    batch: tuple[Path, list[str]],
    sig: signal.Signals,
    status: int,
    workers: str,
) -> None:
    path, expected = batch
    proc, out, pids = start(tmp_path, "evaluate", "--jsonl", str(path), "--workers", workers)
    assert len(pids) >= (2 if workers == "2" else 0)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status
    written = assert_whole_lines_in_order(out, expected)
    assert 0 < written < LINES
    assert stderr.decode().endswith(
        f"aulso-returns: stopped by {sig.name} after {written:,} lines: the output answers "
        f"input lines 1 to {written:,}, in order; the rest were not written "
        f"(resume from line {written + 1:,})\n"
    )
    assert_workers_end(pids)


def test_a_killed_batch_leaves_whole_lines_and_its_workers_exit_by_themselves(
    tmp_path: Path, batch: tuple[Path, list[str]]
) -> None:
    path, expected = batch
    proc, out, pids = start(tmp_path, "evaluate", "--jsonl", str(path), "--workers", "2")
    assert len(pids) >= 2
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert_workers_end(pids)
    assert assert_whole_lines_in_order(out, expected) > 0


def test_a_stopped_comparison_writes_nothing_and_ends_its_workers(
    tmp_path: Path, batch: tuple[Path, list[str]]
) -> None:
    path, _ = batch
    proc, out, pids = start(tmp_path, "compare", str(path), "--candidate", "aulso_returns:AULSO_POLICY",
                            "--workers", "2")  # fmt: skip
    assert len(pids) >= 2
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert out.read_bytes() == b""
    assert "stopped by SIGTERM after" in stderr.decode()
    assert stderr.decode().endswith("cases: no comparison is written\n")
    assert_workers_end(pids)
