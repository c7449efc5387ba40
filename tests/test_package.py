"""The package surface: lazy public names, version, what importing costs."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import aulso_returns

INIT = Path(aulso_returns.__file__)


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in aulso_returns.__all__:
        value = getattr(aulso_returns, name)
        if callable(value) and not name.isupper():
            assert value.__doc__, name
    assert sorted(dir(aulso_returns)) == sorted(aulso_returns.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        aulso_returns.nope  # noqa: B018


def test_lazy_names_match_the_type_checking_imports() -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    typed = {
        (node.module, alias.name)
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    lazy = {(module, name) for module, names in aulso_returns._LAZY.items() for name in names}
    assert typed == lazy
    assert {name for _, name in lazy} | {"ValidationError", "__version__"} == set(
        aulso_returns.__all__
    )


@pytest.mark.not_for_mutants
def test_import_is_cheap_and_loads_no_calendar_data() -> None:
    code = "import sys, aulso_returns; print(sorted(m for m in ('holidays', 'dateutil', 'attrs', 'aulso_returns._rules') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    code = "import sys; from aulso_returns import evaluate; print('holidays' in sys.modules)"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )


def test_version() -> None:
    assert aulso_returns.__version__.count(".") == 2


def test_the_lowest_constraints_are_the_lower_bounds() -> None:
    # .ci/lowest tests these versions; they must be the bounds pyproject.toml declares.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    root = INIT.parents[2]
    if not (root / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    bounds: dict[str, str] = {}
    for requirement in declared["project"]["dependencies"]:
        name, _, rest = requirement.partition(">=")
        bounds[name.strip()] = rest.split(",")[0].strip()
    pinned = dict(
        line.split("==")
        for line in (root / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert pinned == bounds


@pytest.mark.not_for_mutants
def test_the_wheel_holds_the_package_its_types_and_license_and_nothing_else(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(root)],
        capture_output=True,
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("aulso_returns-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    package = {n for n in names if n.startswith("aulso_returns/")}
    src = root / "src" / "aulso_returns"
    sources = {f"aulso_returns/{p.name}" for p in src.glob("*.py")}
    examples = {
        f"aulso_returns/{p.relative_to(src).as_posix()}"
        for p in (src / "examples").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert len(examples) == 37  # 19 inputs, 18 expected outputs (an events file has none)
    assert package == {
        *sources,
        "aulso_returns/py.typed",
        "aulso_returns/shopify-order.graphql",
        *examples,
    }
    info = {n.split("/", 1)[1] for n in names if ".dist-info/" in n}
    assert info == {"METADATA", "WHEEL", "entry_points.txt", "licenses/LICENSE", "RECORD"}
    metadata = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    )
    assert "License-Expression: MIT" in metadata


PUBLIC_FUNCTIONS = [
    name for name in aulso_returns.__all__ if inspect.isfunction(getattr(aulso_returns, name))
]
#: Functions that raise nothing of their own (their parts may).
RAISE_NOTHING = {"all_of", "any_of"}


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_every_public_function_documents_its_parameters_result_errors_and_an_example(
    name: str,
) -> None:
    function = getattr(aulso_returns, name)
    doc = inspect.getdoc(function) or ""
    for parameter in inspect.signature(function).parameters.values():
        assert f":param {parameter.name}:" in doc, f"{name}: {parameter.name}"
    assert ":returns:" in doc, name
    assert (":raises" in doc) or (name in RAISE_NOTHING and "raises nothing" in doc), name
    assert ">>> " in doc, name
