"""Writes of the training app (re-exported; the logic is in the modules)."""

from .certificates import issue_certificates, renew_certificate, revoke_certificate
from .classes import (
    cancel_class,
    create_class,
    create_course,
    enrol_people,
    enrol_typed,
    record_attendance,
    record_results,
)
from .volunteers import cancel_activity, record_activity, set_volunteer_rule

__all__ = [
    "cancel_activity",
    "cancel_class",
    "create_class",
    "create_course",
    "enrol_people",
    "enrol_typed",
    "issue_certificates",
    "record_activity",
    "set_volunteer_rule",
    "record_attendance",
    "record_results",
    "renew_certificate",
    "revoke_certificate",
]
