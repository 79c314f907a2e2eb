"""Writes on dues: the policy, receipts (one or a whole tick-list), cancellations, exemptions,
remittance transfers (one module each: policy, receipts, exemptions, remittance; this package
only re-exports). Each is atomic and writes one audit event (a tick-list: one with counts).

Who may do what (checked by the views and the API, not here):
  policy            manager (or admin) of a province or of the central level;
  receipts          editor or above on the collecting unit (a branch head's account);
  cancel a receipt  editor or above on the unit that collected it;
  exemptions        manager or above on the base (the base decides them);
  remittance        manager or above on the unit that pays.

Receipt numbers run per base and year (1, 2, 3…). Every collection locks the base's counter row
for the year (SELECT … FOR UPDATE), takes the next numbers and bumps it, so concurrent
collections in one base queue on that row and never share a number; the unique constraint
(base, year, number) is the last guard. Exemptions take the same lock, which keeps the cap true
under concurrent decisions.
"""

from .exemptions import grant_exemption, revoke_exemption
from .policy import MAX_AMOUNT, POLICY_UNIT_KINDS, set_policy
from .receipts import cancel_payment, record_payment, record_payments
from .remittance import remit_dues

__all__ = [
    "MAX_AMOUNT",
    "POLICY_UNIT_KINDS",
    "cancel_payment",
    "grant_exemption",
    "record_payment",
    "record_payments",
    "remit_dues",
    "revoke_exemption",
    "set_policy",
]
