"""The project reads (re-exports only)."""

from .cows import (
    ChainNode,
    Step,
    animals_of,
    bank_counts,
    chain,
    get_animal_for_user,
    household_steps,
    open_steps,
    placements_of_household,
    steps_of,
    waiting_list,
)  # fmt: skip
from .other import (
    GROUP_ENTRIES,
    can_see_sensitive,
    events_of,
    get_event_for_user,
    get_group_for_user,
    get_house_for_user,
    get_loan_for_user,
    get_tranche_for_user,
    group_balances,
    group_entry,
    groups_of,
    house_supports,
    houses_of,
)  # fmt: skip

__all__ = [
    "GROUP_ENTRIES", "group_entry", "ChainNode", "Step", "animals_of", "bank_counts", "can_see_sensitive", "chain",
    "events_of", "get_animal_for_user", "get_event_for_user", "get_group_for_user",
    "get_house_for_user", "get_loan_for_user", "get_tranche_for_user", "group_balances",
    "groups_of", "house_supports", "household_steps", "houses_of", "open_steps",
    "placements_of_household", "steps_of",
    "waiting_list",
]  # fmt: skip
