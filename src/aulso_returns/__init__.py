"""aulso-returns: Aulso's return and exchange policy as typed, explainable decisions.

>>> import aulso_returns
>>> aulso_returns.AULSO_POLICY.version
'2026.1'
"""

from ._calendar import HKT, BusinessCalendar, general_holidays, hong_kong_date
from ._decision import (
    Deadlines,
    Decision,
    LineDecision,
    LineOutcome,
    Outcome,
    Payer,
    PolicyId,
    Refund,
    evaluate,
)
from ._errors import ValidationError
from ._model import (
    Case,
    Category,
    Condition,
    Item,
    Order,
    Reason,
    Resolution,
    ReturnLine,
    ReturnRequest,
)
from ._policy import (
    AULSO_POLICY,
    ChangeOfMindWindow,
    LineContext,
    ReturnWindow,
    change_of_mind_window_rule,
    return_window_rule,
)
from ._rules import (
    Effect,
    Policy,
    PolicyHistory,
    Predicate,
    Result,
    Rule,
    RuleResult,
    Verdict,
    all_of,
    any_of,
    bar,
    ground,
    named_predicate,
    predicate,
)
from ._version import __version__

__all__ = [
    "AULSO_POLICY",
    "HKT",
    "BusinessCalendar",
    "Case",
    "Category",
    "ChangeOfMindWindow",
    "Condition",
    "Deadlines",
    "Decision",
    "Effect",
    "Item",
    "LineContext",
    "LineDecision",
    "LineOutcome",
    "Order",
    "Outcome",
    "Payer",
    "Policy",
    "PolicyHistory",
    "PolicyId",
    "Predicate",
    "Reason",
    "Refund",
    "Resolution",
    "Result",
    "ReturnLine",
    "ReturnRequest",
    "ReturnWindow",
    "Rule",
    "RuleResult",
    "ValidationError",
    "Verdict",
    "__version__",
    "all_of",
    "any_of",
    "bar",
    "change_of_mind_window_rule",
    "evaluate",
    "general_holidays",
    "ground",
    "hong_kong_date",
    "named_predicate",
    "predicate",
    "return_window_rule",
]
