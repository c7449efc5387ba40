"""aulso-returns: Aulso's return and exchange policy as typed, explainable decisions.

Public names are loaded on first use (PEP 562), so ``import aulso_returns``
stays cheap; ``from aulso_returns import evaluate`` loads what a decision needs.

>>> import aulso_returns
>>> aulso_returns.AULSO_POLICY.version
'2026.1'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import ValidationError
from ._version import __version__

if TYPE_CHECKING:
    from ._analysis import (
        DecisionTable,
        DiffRow,
        FullRow,
        PolicyDiff,
        SettingChange,
        TableRow,
        decision_table,
        diff_policies,
    )
    from ._calendar import HKT, BusinessCalendar, general_holidays, hong_kong_date
    from ._compare import CaseDiff, Comparison, compare
    from ._decision import (
        LINE_TERMS,
        POLICY_SETTINGS,
        Deadlines,
        Decision,
        LineDecision,
        LineOutcome,
        Outcome,
        Payer,
        PolicyId,
        Refund,
        check_policy,
        evaluate,
    )
    from ._demo import DEMO_CASES
    from ._lifecycle import (
        Authorization,
        Finding,
        Inspection,
        Receipt,
        ReturnCase,
        Settlement,
        SettlementLine,
        Shipment,
        Status,
        settle,
    )
    from ._messages import LANGUAGES, MESSAGES, Catalogue, catalogue, payment_key
    from ._model import (
        COD_METHODS,
        Case,
        Category,
        Condition,
        Item,
        Order,
        Reason,
        Resolution,
        ReturnLine,
        ReturnRequest,
        is_cash_on_delivery,
    )
    from ._options import ClosedOption, ItemOptions, OpenOption, Options, options
    from ._policy import (
        AULSO_HISTORY,
        AULSO_POLICY,
        LINE_FACTS,
        ChangeOfMindWindow,
        LineAspect,
        LineContext,
        LineFacts,
        PaidCashOnDelivery,
        ReturnWindow,
        change_of_mind_window_rule,
        return_window_rule,
    )
    from ._rules import (
        Boundary,
        Effect,
        Policy,
        PolicyHistory,
        Predicate,
        Result,
        Rule,
        RuleResult,
        Ruling,
        Verdict,
        all_of,
        any_of,
        bar,
        ground,
        named_predicate,
        predicate,
    )
    from ._schema import json_schema

#: Where each public name lives; loaded on first access.
_LAZY: dict[str, tuple[str, ...]] = {
    "_analysis": (
        "DecisionTable",
        "DiffRow",
        "FullRow",
        "PolicyDiff",
        "SettingChange",
        "TableRow",
        "decision_table",
        "diff_policies",
    ),
    "_calendar": (
        "HKT",
        "BusinessCalendar",
        "general_holidays",
        "hong_kong_date",
    ),
    "_decision": (
        "LINE_TERMS",
        "POLICY_SETTINGS",
        "Deadlines",
        "Decision",
        "LineDecision",
        "LineOutcome",
        "Outcome",
        "Payer",
        "PolicyId",
        "Refund",
        "check_policy",
        "evaluate",
    ),
    "_demo": ("DEMO_CASES",),
    "_messages": ("LANGUAGES", "MESSAGES", "Catalogue", "catalogue", "payment_key"),
    "_lifecycle": (
        "Authorization",
        "Finding",
        "Inspection",
        "Receipt",
        "ReturnCase",
        "Settlement",
        "SettlementLine",
        "Shipment",
        "Status",
        "settle",
    ),
    "_model": (
        "COD_METHODS",
        "Case",
        "Category",
        "Condition",
        "Item",
        "Order",
        "Reason",
        "Resolution",
        "ReturnLine",
        "ReturnRequest",
        "is_cash_on_delivery",
    ),
    "_compare": ("CaseDiff", "Comparison", "compare"),
    "_options": ("ClosedOption", "ItemOptions", "OpenOption", "Options", "options"),
    "_policy": (
        "AULSO_HISTORY",
        "AULSO_POLICY",
        "LINE_FACTS",
        "ChangeOfMindWindow",
        "LineAspect",
        "LineContext",
        "LineFacts",
        "PaidCashOnDelivery",
        "ReturnWindow",
        "change_of_mind_window_rule",
        "return_window_rule",
    ),
    "_schema": ("json_schema",),
    "_rules": (
        "Boundary",
        "Effect",
        "Policy",
        "PolicyHistory",
        "Predicate",
        "Result",
        "Rule",
        "RuleResult",
        "Ruling",
        "Verdict",
        "all_of",
        "any_of",
        "bar",
        "ground",
        "named_predicate",
        "predicate",
    ),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'aulso_returns' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AULSO_HISTORY",
    "AULSO_POLICY",
    "COD_METHODS",
    "DEMO_CASES",
    "HKT",
    "LANGUAGES",
    "LINE_FACTS",
    "LINE_TERMS",
    "MESSAGES",
    "POLICY_SETTINGS",
    "Authorization",
    "Boundary",
    "BusinessCalendar",
    "Case",
    "CaseDiff",
    "Catalogue",
    "Category",
    "ChangeOfMindWindow",
    "ClosedOption",
    "Comparison",
    "Condition",
    "Deadlines",
    "Decision",
    "DecisionTable",
    "DiffRow",
    "Effect",
    "Finding",
    "FullRow",
    "Inspection",
    "Item",
    "ItemOptions",
    "LineAspect",
    "LineContext",
    "LineDecision",
    "LineFacts",
    "LineOutcome",
    "OpenOption",
    "Options",
    "Order",
    "Outcome",
    "PaidCashOnDelivery",
    "Payer",
    "Policy",
    "PolicyDiff",
    "PolicyHistory",
    "PolicyId",
    "Predicate",
    "Reason",
    "Receipt",
    "Refund",
    "Resolution",
    "Result",
    "ReturnCase",
    "ReturnLine",
    "ReturnRequest",
    "ReturnWindow",
    "Rule",
    "RuleResult",
    "Ruling",
    "SettingChange",
    "Settlement",
    "SettlementLine",
    "Shipment",
    "Status",
    "TableRow",
    "ValidationError",
    "Verdict",
    "__version__",
    "all_of",
    "any_of",
    "bar",
    "catalogue",
    "change_of_mind_window_rule",
    "check_policy",
    "compare",
    "decision_table",
    "diff_policies",
    "evaluate",
    "general_holidays",
    "ground",
    "hong_kong_date",
    "is_cash_on_delivery",
    "json_schema",
    "named_predicate",
    "options",
    "payment_key",
    "predicate",
    "return_window_rule",
    "settle",
]
