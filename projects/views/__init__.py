"""Pages of the projects app (re-exports only). Access: the unit or record must be in the
user's scope (else 404); writing needs edit rights there (else 403)."""

from .cows import (  # fmt: skip
    animal,
    animal_action,
    chain,
    cows,
    handover,
    household,
    rule_set,
    steps_export,
    waiting_add,
    waiting_cancel,
)
from .groups import event, event_action, events, group, group_action, groups, loan_repay
from .home import home
from .houses import house, house_action, house_file, house_record, houses, tranche_cancel

__all__ = [
    "animal", "animal_action", "chain", "cows", "event", "event_action", "events", "group",
    "group_action", "groups", "handover", "home", "house", "house_action", "house_file", "house_record", "household",
    "houses", "loan_repay", "rule_set", "steps_export", "tranche_cancel", "waiting_add", "waiting_cancel",
]  # fmt: skip
