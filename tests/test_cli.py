"""The command line, run as the real console script in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aulso_returns._demo import DEMO_CASES

SCRIPT = Path(sys.executable).with_name("aulso-returns")


def test_demo_validates_and_prints_every_example() -> None:
    result = subprocess.run([str(SCRIPT), "demo"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for title in DEMO_CASES:
        assert f"== {title} ==" in result.stdout


def test_help_has_an_example() -> None:
    result = subprocess.run(
        [str(SCRIPT), "demo", "--help"], capture_output=True, text=True, check=False
    )
    assert "example:" in result.stdout
