"""The package's layers, as the imports make them: docs/rules.md's table, no cycle, a core of its own."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "aulso_returns"


def _imports(path: Path) -> set[str]:
    """The package modules *path* imports, wherever the import is (type checking included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aulso_returns"):
            found.add(
                (node.module or "").split(".")[1] if "." in (node.module or "") else "__init__"
            )
    return found


IMPORTS = {path.stem: _imports(path) for path in PACKAGE.glob("*.py")}


def _table() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w]+)` \| [^|]+ \| ([^|]+) \|$", text, flags=re.MULTILINE)
    return {module: set(re.findall(r"`(\w+)`", imports)) for module, imports in rows}


def test_the_layers_table_is_the_imports() -> None:
    table = _table()
    assert table == IMPORTS


def test_each_module_imports_only_modules_listed_before_it() -> None:
    # the table's order is a layering: no module imports one after it, so there is no cycle
    order = list(_table())
    for n, module in enumerate(order):
        assert IMPORTS[module] <= set(order[:n]), module


def test_the_rule_core_imports_nothing_of_the_shop() -> None:
    assert IMPORTS["_rules"] == {"_template"}
    assert IMPORTS["_template"] == set()
    assert _loaded("aulso_returns._rules") == _loaded("aulso_returns") | {"_rules", "_template"}


def _loaded(module: str) -> set[str]:
    """The package's modules a fresh interpreter has loaded once it imported *module*."""
    code = (
        f"import sys, {module}; print(*(m for m in sys.modules if m.startswith('aulso_returns.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[1] for name in out.stdout.split()}


def test_no_module_builds_code_from_strings_but_the_trusted_constructors() -> None:
    def builds(path: Path) -> bool:
        return any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"eval", "exec", "compile"}
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )

    assert {path.stem for path in PACKAGE.glob("*.py") if builds(path)} == {"_trusted"}
