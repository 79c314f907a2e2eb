"""Writes of the blood programme: rules, drives, donors, registrations with their eligibility,
outcomes (one screen or a whole drive at once), honours. Each is atomic, writes one audit event,
checks the period is open (org.locks) and marks the units for the figures (core.marks).

Modules: drives (drives, registrations, outcomes) and donors (rules, donors, their dates and
honours); this package only re-exports."""

from .donors import (
    NotEligible,
    award_honours,
    check,
    clean_weight,
    refresh_donor_dates,
    refresh_donors,
    save_rule,
    update_donor,
)
from .drives import cancel_drive, create_drive, record_outcomes, register, update_drive

__all__ = [
    "NotEligible",
    "award_honours",
    "cancel_drive",
    "check",
    "clean_weight",
    "create_drive",
    "record_outcomes",
    "refresh_donor_dates",
    "refresh_donors",
    "register",
    "save_rule",
    "update_donor",
    "update_drive",
]
