"""The audit trail. Every write service calls :func:`record` inside its transaction."""

from typing import Any

from django.db import models, transaction

from .models import AuditEvent


def user_or_none(actor):
    """The user to store as who did a write: none for a command-line or system actor (no pk)."""
    return actor if getattr(actor, "pk", None) else None


def record(
    *,
    actor,
    action: str,
    unit=None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    return AuditEvent.objects.create(
        actor=user_or_none(actor),
        action=action,
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
