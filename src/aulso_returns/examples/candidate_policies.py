"""A candidate policy for `aulso-returns compare` and `aulso-returns diff`: change of mind within 48 hours.

    aulso-returns compare batch.jsonl --candidate candidate_policies:FORTY_EIGHT_HOURS
    aulso-returns diff --candidate candidate_policies:FORTY_EIGHT_HOURS

Run from this folder (the module is imported from the current directory).
"""

from aulso_returns import AULSO_POLICY, change_of_mind_window_rule

FORTY_EIGHT_HOURS = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)).renamed(
    "aulso", "2027.1"
)
