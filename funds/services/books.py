"""Closing a unit's books and opening its public transparency page."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from org.models import Unit

from ..models import (
    FundSettings,
)


def _settings_for_update(unit: Unit) -> FundSettings:
    FundSettings.objects.get_or_create(unit=unit)
    return FundSettings.objects.select_for_update().get(unit=unit)


@transaction.atomic
def close_period(*, actor, unit: Unit, through: datetime.date) -> FundSettings:
    """Close ``unit``'s books through ``through`` (inclusive). Closing only moves forward."""
    if through >= timezone.localdate():
        raise ValidationError({"through": [_("Chỉ khoá sổ được đến một ngày trước hôm nay.")]})
    fs = _settings_for_update(unit)
    if fs.closed_through is not None and through <= fs.closed_through:
        raise ValidationError(
            {"through": [_("Sổ đã khoá đến ngày %(date)s; ngày khoá mới phải sau ngày đó.")
                         % {"date": format_date(fs.closed_through)}]}
        )  # fmt: skip
    previous = fs.closed_through
    fs.closed_through = through
    fs.closed_by = user_or_none(actor)
    fs.closed_at = timezone.now()
    fs.save(update_fields=["closed_through", "closed_by", "closed_at"])
    audit.record(
        actor=actor,
        action="funds.period.close",
        unit=unit,
        obj=fs,
        data={
            "through": through.isoformat(),
            "previous": previous.isoformat() if previous else None,
        },
    )
    return fs


@transaction.atomic
def set_public(*, actor, unit: Unit, public: bool) -> FundSettings:
    """Open or withdraw the unit's public transparency page."""
    fs = _settings_for_update(unit)
    if fs.public != public:
        fs.public = public
        fs.save(update_fields=["public"])
        audit.record(
            actor=actor, action="funds.public.set", unit=unit, obj=fs, data={"public": public}
        )
    return fs
