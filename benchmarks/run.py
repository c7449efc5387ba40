"""Run every benchmark, each in a fresh process, and print their figures.

    pip install -e '.[test,bench]' && python benchmarks/run.py [N]

N is the number of cases of the batch benchmark (default 100000; its memory
run also streams 10 x N). Benchmarks measure; they assert nothing about time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_calendar.py",
    "bench_rules.py",
    "bench_decision.py",
    "bench_instructions.py",
    "bench_peer.py",
    "bench_batch.py",
    "bench_analysis.py",
    "bench_options.py",
]


def main() -> int:
    extra = sys.argv[1:]
    for script in SCRIPTS:
        print(f"\n===== {script}", flush=True)
        args = extra if script == "bench_batch.py" else []
        code = subprocess.run(
            [sys.executable, str(HERE / script), *args], cwd=HERE, check=False
        ).returncode
        if code:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
