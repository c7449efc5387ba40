"""aulso-returns: Aulso's return and exchange policy as typed, explainable decisions."""

from ._calendar import HKT, BusinessCalendar, general_holidays, hong_kong_date
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
    "HKT",
    "BusinessCalendar",
    "Case",
    "Category",
    "Condition",
    "Effect",
    "Item",
    "Order",
    "Policy",
    "PolicyHistory",
    "Predicate",
    "Reason",
    "Resolution",
    "Result",
    "ReturnLine",
    "ReturnRequest",
    "Rule",
    "RuleResult",
    "ValidationError",
    "Verdict",
    "__version__",
    "all_of",
    "any_of",
    "bar",
    "general_holidays",
    "ground",
    "hong_kong_date",
    "named_predicate",
    "predicate",
]
