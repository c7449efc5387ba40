"""The command line over many cases, end to end, and the cold start.

- throughput of ``aulso-returns evaluate --jsonl`` (parse, evaluate, write) over
  a file of generated cases, with 1 and 2 workers, next to the decision in a loop
  over the same cases in this process (in interleaved rounds); with 1 worker
  also as if orjson were not installed (``no_orjson/``);
- peak memory of the command for N and 10 x N cases streamed through a pipe
  (it must not grow with the number of cases);
- ``import aulso_returns`` and the first decision in a fresh process, next to
  ``import attrs`` alone;
- writing a batch line's JSON: the standard library's encoder, as the command
  uses it, next to orjson (an optional C codec, in the bench extra), after
  checking that both write the same bytes.

Run: python benchmarks/bench_batch.py [N]   (default 100000; the memory run also does 10 x N)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import machine, report
from aulso_returns import Case, evaluate
from aulso_returns._cli import _dumps
from cases import cases

SCRIPT = str(Path(sys.executable).with_name("aulso-returns"))


def library(data: dict[str, object]) -> dict[str, object]:
    case = Case.from_dict(data)
    return evaluate(case.order, case.request).to_dict()


def run_file(path: str, workers: int, *, standard_json: bool = False) -> float:
    """Seconds the command takes over *path*; *standard_json*: as if orjson were not installed."""
    env = dict(os.environ)
    if standard_json:  # a module named orjson that cannot be imported, first on the path
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent / "no_orjson")
    start = time.perf_counter()
    subprocess.run(
        [SCRIPT, "evaluate", "--jsonl", path, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        check=False,
        env=env,
    )
    return time.perf_counter() - start


def peak_memory_mb(count: int) -> float:
    """Stream *count* cases through a pipe into the command; its peak RSS in MiB."""
    proc = subprocess.Popen(
        [SCRIPT, "evaluate", "--jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None
    for data in cases(seed=21, count=count):
        proc.stdin.write(json.dumps(data) + "\n")
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_maxrss / 1024


def fresh(code: str, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


FIRST_DECISION = """
from aulso_returns import Case, evaluate
case = Case.from_dict({"order": {"order_id": "A", "placed_at": "2026-11-01T10:00:00+08:00", "payment_method": "visa",
  "items": [{"sku": "S", "category": "ring", "unit_price": "1", "delivered_at": "2026-11-02T10:00:00+08:00"}]},
  "request": {"order_id": "A", "requested_at": "2026-11-03T10:00:00+08:00", "lines": [{"sku": "S", "reason": "defective"}]}})
evaluate(case.order, case.request).to_dict()
"""


def loop_us(path: str) -> float:
    """The decision alone over the cases of *path*, in this process: mean µs a case.

    Each line is parsed outside the timed region, so this is what the command
    does minus reading, parsing and writing.
    """
    total, count = 0.0, 0
    with open(path, encoding="utf-8") as f:  # noqa: PTH123
        for line in f:
            data = json.loads(line)
            start = time.perf_counter()
            library(data)
            total += time.perf_counter() - start
            count += 1
    return total / count * 1e6


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"machine: {machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "cases.jsonl")
        with open(path, "w", encoding="utf-8") as f:  # noqa: PTH123
            f.writelines(json.dumps(data) + "\n" for data in cases(seed=20, count=n))
        # Interleaved rounds (the loop, then the command, on the same cases), so that a
        # machine that slows down during the run moves both sides alike.
        loops, ratios, standard = [], [], []
        for _ in range(3):
            loops.append(loop_us(path))
            ratios.append(run_file(path, 1) / n * 1e6 / loops[-1])
            standard.append(run_file(path, 1, standard_json=True) / n * 1e6 / loops[-1])
        loop = statistics.median(loops)
        print(f"\ndecision in a loop over the same cases, this process (mixed 1-5 lines): "
              f"{loop:.1f} us/case = {1e6 / loop:,.0f} cases/s")  # fmt: skip
        for label, rounds in (("", ratios), (", standard library JSON", standard)):
            ratio = statistics.median(rounds)
            print(f"aulso-returns evaluate --jsonl, {n:,} cases, --workers 1{label}: {1e6 / (loop * ratio):,.0f} cases/s "
                  f"({ratio:.2f}x the loop's time per case, median of 3 interleaved rounds)")  # fmt: skip
        seconds = run_file(path, 2)
        print(f"aulso-returns evaluate --jsonl, {n:,} cases, --workers 2: {seconds:.1f} s = {n / seconds:,.0f} cases/s "
              f"({seconds / n * 1e6 / loop:.2f}x the loop's time per case)")  # fmt: skip
    for count in (n, 10 * n):
        print(
            f"peak memory of evaluate --jsonl over {count:,} cases streamed: {peak_memory_mb(count):.1f} MiB"
        )
    base = fresh("pass")
    attrs_ms = fresh("import attrs")
    ours_ms = fresh("import aulso_returns")
    first_ms = fresh(FIRST_DECISION, runs=7)
    print(
        f"\ncold start (median wall time of a fresh process; the bare interpreter takes {base:.1f} ms):"
    )
    print(
        f"  import attrs                    {attrs_ms:7.1f} ms  ({attrs_ms - base:5.1f} ms over the interpreter)"
    )
    print(
        f"  import aulso_returns            {ours_ms:7.1f} ms  ({ours_ms - base:5.1f} ms over the interpreter)  {ours_ms / attrs_ms:.2f}x import attrs"
    )
    print(f"  import and first decision       {first_ms:7.1f} ms")
    json_writing()


def json_writing() -> None:
    """The standard library's encoder next to orjson, writing the same decisions."""
    try:
        import orjson  # noqa: PLC0415 - optional: the bench extra
    except ImportError:
        print("\nJSON writing: skipped, orjson is not installed (pip install -e '.[bench]')")
        return
    decisions = [library(data) for data in cases(seed=22, count=3000)]
    ours = [_dumps(d).encode() for d in decisions]
    if ours != [orjson.dumps(d) for d in decisions]:
        print("\nJSON writing: orjson writes other bytes than the command; not compared")
        return
    report(
        "writing a batch line's decision as JSON (mixed 1-5 lines), per line",
        [("decision in a loop (from_dict, evaluate, to_dict)", library, list(cases(seed=22, count=3000))),
         ("json.JSONEncoder, as the command writes, to UTF-8", lambda d: _dumps(d).encode(), decisions),
         ("orjson.dumps, the same bytes", orjson.dumps, decisions)],
        "decision in a loop (from_dict, evaluate, to_dict)",
    )  # fmt: skip


if __name__ == "__main__":
    main()
