"""The example files: listed, shipped with the package, and their expected outputs are what the command prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aulso_returns import Status
from aulso_returns._cli import COMPANIONS, EXAMPLES, OPTIONS_AT

pytestmark = pytest.mark.not_for_mutants  # they run the installed command

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "src" / "aulso_returns" / "examples"
SCRIPT = Path(sys.executable).with_name("aulso-returns")


def command(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, cwd=FOLDER, capture_output=True, text=True, check=False
    )


def test_the_catalogue_lists_every_file_and_every_input_has_its_output() -> None:
    inputs = {p.name for p in FOLDER.iterdir() if p.is_file()}
    assert inputs == set(EXAMPLES)
    outputs = {p.name for p in (FOLDER / "expected").iterdir()}
    assert outputs == {n.replace(".py", ".txt") for n in EXAMPLES if n not in COMPANIONS}
    assert (ROOT / "examples").resolve() == FOLDER  # the repository's examples/ is the package's


def _run(name: str) -> subprocess.CompletedProcess[str]:
    if name.endswith(".py"):
        return command("compare", "batch.jsonl", "--candidate", f"{name[:-3]}:FORTY_EIGHT_HOURS")
    if name.startswith("options-"):
        return command("options", name, "--at", OPTIONS_AT)
    if name == "shopify-order.json":
        return command("import", "shopify", name, "--events", "shopify-events.json")
    if name.startswith("shopify-"):
        return command("import", "shopify", name)
    if name.endswith(".jsonl"):
        return command("evaluate", "--jsonl", name)
    return command("settle" if name.startswith("settle-") else "evaluate", name)


@pytest.mark.parametrize("name", [n for n in EXAMPLES if n not in COMPANIONS])
def test_each_example_prints_its_expected_output(name: str) -> None:
    result = _run(name)
    assert (result.returncode, result.stderr) == (0, "")
    expected = (FOLDER / "expected" / name.replace(".py", ".txt")).read_text(encoding="utf-8")
    assert result.stdout == expected
    assert command("example", name, "--expected").stdout == expected


def test_the_cases_cover_every_outcome_and_every_settle_status() -> None:
    outcomes = {
        json.loads((FOLDER / "expected" / n).read_text())["outcome"]
        for n in EXAMPLES
        if n.endswith(".json") and not n.startswith(("settle-", "options-", "shopify-"))
    }
    assert outcomes == {"approved", "rejected", "partially_approved"}
    statuses = {
        json.loads((FOLDER / "expected" / n).read_text())["status"]
        for n in EXAMPLES
        if n.startswith("settle-")
    }
    assert statuses == {s.value for s in Status}


def test_the_example_command_prints_lists_and_refuses() -> None:
    listing = command("example").stdout.splitlines()
    assert [line.split()[0] for line in listing] == list(EXAMPLES)
    text = command("example", "worn-earrings.json").stdout
    assert text == (FOLDER / "worn-earrings.json").read_text(encoding="utf-8")
    piped = command("evaluate", "--explain", "-", stdin=text)
    assert piped.stdout.startswith("Order A-2002: your return request is not approved.")
    assert Path(command("example", "--path").stdout.strip()).resolve() == FOLDER
    bad = command("example", "worn-earing.json")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "did you mean 'worn-earrings.json'?" in bad.stderr


def test_the_readme_shows_an_example_and_its_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    case = re.search(r"```json\n(.*?)```", readme, re.DOTALL)
    assert case is not None
    assert case.group(1) == (FOLDER / "worn-earrings.json").read_text(encoding="utf-8")
    shown = re.search(
        r"examples/worn-earrings.json` prints:\n\n```text\n(.*?)```", readme, re.DOTALL
    )
    assert shown is not None
    assert shown.group(1) == command("evaluate", "--explain", "worn-earrings.json").stdout
