"""Writes of the aid app (modules: beneficiaries, addresses, assistance, campaigns, recipients;
this package only re-exports). Every write is atomic, leaves one audit event, refuses a date in a
locked period (org.locks.ensure_open) and marks the figures it changes (core.marks)."""

from .addresses import (
    add_file,
    add_sponsorship,
    advance_address,
    close_address,
    end_sponsorship,
    propose_address,
    remove_file,
    review_address,
)
from .assistance import record_assistance, withdraw_assistance
from .beneficiaries import (
    add_category,
    end_beneficiary,
    register_beneficiary,
    update_beneficiary,
)
from .campaigns import add_parcel_type, create_campaign, set_participant
from .recipients import (
    LinesRefused,
    RecipientLine,
    add_recipients,
    approve_list,
    create_list,
    record_deliveries,
    remove_recipient,
    withdraw_list,
)

__all__ = [
    "LinesRefused",
    "RecipientLine",
    "add_category",
    "add_file",
    "add_parcel_type",
    "add_recipients",
    "add_sponsorship",
    "advance_address",
    "approve_list",
    "close_address",
    "create_campaign",
    "create_list",
    "end_beneficiary",
    "end_sponsorship",
    "propose_address",
    "record_assistance",
    "record_deliveries",
    "register_beneficiary",
    "remove_file",
    "remove_recipient",
    "review_address",
    "set_participant",
    "update_beneficiary",
    "withdraw_assistance",
    "withdraw_list",
]
