"""The project writes (re-exports only)."""

from .cows import (
    acquire_cow,
    add_waiting,
    cancel_waiting,
    end_animal,
    give_cow,
    next_waiting,
    open_placement,
    owed_calf,
    pass_on,
    record_birth,
    rule_for,
    sell_male_for_heifer,
    set_rule,
)  # fmt: skip
from .events import Served, add_served, cancel_event, record_event
from .groups import (
    add_member,
    cancel_contribution,
    cancel_entry,
    cancel_loan,
    cancel_repayment,
    cash_in_hand,
    contribute,
    create_group,
    leave_group,
    lend,
    owed_on,
    repay,
)
from .houses import (
    add_house_file,
    add_support,
    advance_house,
    cancel_house,
    cancel_tranche,
    pay_tranche,
    propose_house,
)  # fmt: skip

__all__ = [
    "Served", "acquire_cow", "add_house_file", "add_member", "add_served", "add_support",
    "add_waiting", "advance_house", "cancel_contribution", "cancel_entry", "cancel_event", "cancel_house",
    "cancel_loan", "cancel_repayment", "cancel_tranche", "leave_group",
    "cancel_waiting", "cash_in_hand", "contribute", "create_group", "end_animal", "give_cow",
    "lend", "next_waiting", "open_placement", "owed_calf", "owed_on", "pass_on", "pay_tranche",
    "propose_house", "record_birth", "record_event", "repay", "rule_for", "sell_male_for_heifer",
    "set_rule",
]  # fmt: skip
