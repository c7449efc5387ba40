"""Composition is typed: mypy refuses predicates over different context types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SNIPPET = """
from aulso_returns import predicate, Predicate

ints: Predicate[int] = predicate(lambda n: n > 0, code="positive", description="positive")
strs: Predicate[str] = predicate(lambda s: s == "", code="empty", description="empty")
ok: Predicate[int] = ints & ~ints
bad = ints & strs
"""


@pytest.mark.not_for_mutants
def test_mixing_context_types_is_a_mypy_error(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPET)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert "snippet.py:7:" in errors[0]
    assert (
        'Unsupported operand types for & ("Predicate[int]" and "Predicate[str]")' in errors[0]
        or "Predicate[str]" in errors[0]
    )
