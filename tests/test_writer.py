"""A batch's JSON lines: orjson (the ``fast`` extra) writes exactly what the standard library does."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import Order, ReturnCase, ReturnRequest, evaluate, settle
from aulso_returns._cli import _COMPACT, line_writer, run_line
from strategies import case_dicts, cases, mutated, return_cases

# It judges the command's writer, which mutation runs do not mutate.
pytestmark = pytest.mark.not_for_mutants

write = line_writer()


def test_the_writer_is_orjson_when_it_is_installed() -> None:
    assert write is not _COMPACT.encode
    assert write({"a": [1, None, True, "é"]}) == '{"a":[1,null,true,"é"]}'


@given(cases())
def test_decisions_are_written_alike(case: tuple[Order, ReturnRequest]) -> None:
    document = evaluate(*case).to_dict()
    assert write(document) == _COMPACT.encode(document)


@given(return_cases())
def test_settlements_are_written_alike(case: ReturnCase) -> None:
    document = settle(case).to_dict()
    assert write(document) == _COMPACT.encode(document)


@given(
    st.sampled_from(["evaluate", "settle"]),
    case_dicts().flatmap(mutated)
    | return_cases().map(lambda rc: rc.to_dict()).flatmap(mutated)
    | st.text(),
)
def test_every_output_line_of_a_batch_is_written_alike(job: str, text: str) -> None:
    # error records too: they quote what they were given, control characters and all
    line, _, _ = run_line(job, (), 1, text.encode("utf-8", "surrogatepass"))
    assert line == _COMPACT.encode(json.loads(line))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
)


@given(JSON)
def test_any_json_is_written_alike(value: Any) -> None:
    assert write(value) == _COMPACT.encode(value)


@pytest.mark.parametrize("number", [2**64, -(2**63) - 1, 10**30])
def test_what_orjson_refuses_is_written_by_the_standard_library(number: int) -> None:
    assert write({"n": number}) == f'{{"n":{number}}}'


def test_without_orjson_the_standard_library_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now raises ImportError
    assert line_writer.__wrapped__() == _COMPACT.encode
