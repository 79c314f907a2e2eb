"""Reads of dues: the policy in force, members' status as of a date, collection rates, amounts
collected and remitted, the remittance statement (modules: policy, rates, status, remittance;
this package only re-exports). Every count is one set-based query.

Status of a member for a year, as of a day D (never stored):
  paid    a receipt of that year, paid on or before D, not cancelled (a cancelled receipt never
          counts: cancelling says it was void from the start);
  exempt  otherwise, an exemption of that year decided on or before D, not revoked;
  unpaid  otherwise.
Receipts and exemptions belong to the person, so a member who paid and then moved to another
branch in the same year stays paid. Collection rate = paid ÷ (active members who must pay −
exempt); a member both exempt and paid counts as paid.
"""

from .policy import default_policy, effective_policy, exemption_cap, must_pay, paying_q
from .rates import (
    Rate,
    child_units,
    collection_rate,
    kept_rates,
    page_rates,
    rates_by_child,
    register_kept_rates,
    unit_rate,
)
from .remittance import (
    RemittanceLine,
    Statement,
    amount_collected,
    amount_remitted,
    has_base_above,
    owed_upward,
    recipient_of,
    remittance,
)
from .status import (
    EXEMPT,
    PAID,
    UNPAID,
    TickRow,
    exemptions,
    get_exemption_for_user,
    get_payment_for_user,
    payments,
    status_of,
    ticklist,
)

__all__ = [
    "EXEMPT",
    "PAID",
    "UNPAID",
    "Rate",
    "RemittanceLine",
    "Statement",
    "TickRow",
    "amount_collected",
    "amount_remitted",
    "child_units",
    "collection_rate",
    "default_policy",
    "effective_policy",
    "exemption_cap",
    "exemptions",
    "get_exemption_for_user",
    "get_payment_for_user",
    "has_base_above",
    "kept_rates",
    "must_pay",
    "owed_upward",
    "page_rates",
    "register_kept_rates",
    "paying_q",
    "payments",
    "rates_by_child",
    "recipient_of",
    "remittance",
    "status_of",
    "ticklist",
    "unit_rate",
]
