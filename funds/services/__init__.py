"""Writes on a unit's funds: entries, reversals, transfers, the dues receipts booked into the dues
fund, closing, donors, pledges (modules: entries, dues_receipts, books, donors; this package
only re-exports).

Every write is atomic and leaves one audit event per row it creates (a batch of dues receipts:
one event with the count). Entries are immutable: the only correction is a reversing entry dated
after the closed period. Permission checks (who may call what) live in the views and API
handlers; these functions enforce the book-keeping rules:

- dues money (an entry carrying a dues year, or of a dues category) is booked only into a dues
  fund, never into the humanitarian fund; a transfer moves money between funds of one kind;
- a dues fund never goes below zero: money going out of it (a remittance, a reversed receipt)
  is refused when the fund would not hold it on that day and every day after.
"""

from .books import close_period, set_public
from .donors import create_donor, create_pledge, end_pledge, update_donor
from .dues_receipts import book_dues_receipts, unbook_dues_receipt
from .entries import (
    DUES_FUND_CATEGORIES,
    MAX_AMOUNT,
    fund_of,
    record_entry,
    reverse_entry,
    transfer_between_units,
)

__all__ = [
    "DUES_FUND_CATEGORIES",
    "MAX_AMOUNT",
    "book_dues_receipts",
    "close_period",
    "create_donor",
    "create_pledge",
    "end_pledge",
    "fund_of",
    "record_entry",
    "reverse_entry",
    "set_public",
    "transfer_between_units",
    "unbook_dues_receipt",
    "update_donor",
]
