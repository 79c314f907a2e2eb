"""The dues policy of a province or of the central level for a year."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import nfc
from org.models import Unit, UnitKind

from ..models import DuesPolicy, ReceivingLevel

POLICY_UNIT_KINDS = {UnitKind.CENTRAL, UnitKind.PROVINCE}
MAX_AMOUNT = 100_000_000  # a year's dues of one member: anything above is a typing error


@transaction.atomic
def set_policy(
    *,
    actor,
    unit: Unit,
    year: int,
    amount: int,
    categories: Sequence[str],
    exemption_cap_pct: int,
    share_branch: int,
    share_base: int,
    share_above: int,
    receiving_level: str = ReceivingLevel.PROVINCE,
    note: str = "",
) -> DuesPolicy:
    """Create or replace ``unit``'s policy for ``year`` (a province or the central level)."""
    from members.selectors import category_names

    errors: dict[str, list[str]] = {}
    if unit.kind not in POLICY_UNIT_KINDS:
        errors.setdefault("unit", []).append(
            _("Chỉ Tỉnh/Thành Hội hoặc Trung ương Hội mới đặt quy định hội phí.")
        )
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("Năm không hợp lệ."))
    if not 0 <= amount <= MAX_AMOUNT:
        errors.setdefault("amount", []).append(_("Mức hội phí không hợp lệ."))
    known = category_names()
    cats = list(dict.fromkeys(categories))
    if not cats or any(c not in known for c in cats):
        errors.setdefault("categories", []).append(
            _("Chọn ít nhất một loại hội viên có trong danh mục của Hội.")
        )
    if not 0 <= exemption_cap_pct <= 100:
        errors.setdefault("exemption_cap_pct", []).append(_("Tỷ lệ phải từ 0 đến 100."))
    shares = (share_branch, share_base, share_above)
    if any(s < 0 for s in shares) or sum(shares) != 100:
        errors.setdefault("share_above", []).append(
            _("Tỷ lệ chi hội, Hội cơ sở và cấp trên phải cộng lại đúng 100%.")
        )
    if receiving_level not in ReceivingLevel.values:
        errors.setdefault("receiving_level", []).append(_("Cấp nhận không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    values = {
        "amount": amount,
        "categories": cats,
        "exemption_cap_pct": exemption_cap_pct,
        "share_branch": share_branch,
        "share_base": share_base,
        "share_above": share_above,
        "receiving_level": receiving_level,
        "note": nfc(note).strip(),
        "updated_by": user_or_none(actor),
    }
    policy, created = DuesPolicy.objects.update_or_create(unit=unit, year=year, defaults=values)
    audit.record(
        actor=actor,
        action="dues.policy.set",
        unit=unit,
        obj=policy,
        data={
            "year": year,
            "created": created,
            **{k: v for k, v in values.items() if k != "updated_by"},
        },
    )
    note_changed(
        unit_ids=Unit.objects.subtree_of(unit).values_list("pk", flat=True),
        since=datetime.date(year, 1, 1),
    )  # who pays, below
    return policy


# --- receipts ----------------------------------------------------------------------------------
