"""Exemptions: a base's decisions, capped at a share of its paying members."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from members.models import Membership
from org.locks import ensure_open

from .. import selectors
from ..models import DuesExemption, DuesPayment
from .receipts import _check_collecting_unit, _lock_counter, _withdraw


@transaction.atomic
def grant_exemption(
    *,
    actor,
    membership: Membership,
    year: int,
    decision_ref: str,
    decided_on: datetime.date,
    reason: str = "",
) -> DuesExemption:
    unit = membership.unit
    base = _check_collecting_unit(unit, decided_on)
    ensure_open(unit=unit, on=decided_on)  # a period the reporting cycle locked
    decision_ref = nfc(decision_ref).strip()
    if not decision_ref:
        raise ValidationError({"decision_ref": [_("Hãy ghi số quyết định miễn hội phí.")]})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": [_("Ngày quyết định không được sau hôm nay.")]})
    if not 2000 <= year <= decided_on.year + 1:
        raise ValidationError({"year": [_("Năm hội phí không hợp lệ.")]})
    if not selectors.must_pay(unit, year, decided_on).filter(pk=membership.pk).exists():
        raise ValidationError(
            _("Người này không phải hội viên phải đóng hội phí vào ngày %(date)s.")
            % {"date": format_date(decided_on)}
        )
    _lock_counter(base, year)  # one decision at a time per base and year: the cap holds
    live = DuesExemption.objects.live().filter(year=year)
    if live.filter(person_id=membership.person_id).exists():
        raise ValidationError(_("Người này đã được miễn hội phí năm %(year)d.") % {"year": year})
    if DuesPayment.objects.live().filter(person_id=membership.person_id, year=year).exists():
        raise ValidationError(_("Người này đã đóng hội phí năm %(year)d.") % {"year": year})
    cap, members = selectors.exemption_cap(base, year, decided_on)
    used = live.filter(base=base).count()
    if used + 1 > cap:
        raise ValidationError(
            _("Hội cơ sở chỉ được miễn tối đa %(cap)d người năm %(year)d (%(pct)d%% của %(n)d "
              "hội viên phải đóng, làm tròn xuống); đã miễn %(used)d.")
            % {"cap": cap, "year": year, "n": members, "used": used,
               "pct": selectors.effective_policy(base, year).exemption_cap_pct}
        )  # fmt: skip
    try:
        with transaction.atomic():
            exemption = DuesExemption.objects.create(
                membership=membership,
                person_id=membership.person_id,
                unit=unit,
                unit_path=unit.path,
                base=base,
                year=year,
                decision_ref=decision_ref[:64],
                decided_on=decided_on,
                reason=nfc(reason).strip()[:255],
                decided_by=user_or_none(actor),
            )
    except IntegrityError:
        raise ValidationError(
            _("Người này đã được miễn hội phí năm %(year)d.") % {"year": year}
        ) from None
    audit.record(
        actor=actor,
        action="dues.exemption.grant",
        unit=unit,
        obj=exemption,
        data={
            "person": exemption.person_id,
            "year": year,
            "decision": decision_ref,
            "decided_on": decided_on.isoformat(),
            "cap": cap,
            "used": used + 1,
        },
    )
    note_changed(
        unit_ids=[unit.pk], person_ids=[membership.person_id], since=datetime.date(year, 1, 1)
    )  # dues figures
    return exemption


@transaction.atomic
def revoke_exemption(*, actor, exemption: DuesExemption, reason: str) -> DuesExemption:
    return _withdraw(
        exemption,
        actor=actor,
        reason=reason,
        field="revoke",
        no_reason=_("Hãy ghi lý do thu hồi quyết định miễn."),
        already=_("Quyết định miễn này đã được thu hồi."),
        action="dues.exemption.revoke",
        data=lambda e: {"person": e.person_id, "year": e.year},
    )


# --- remittance --------------------------------------------------------------------------------
