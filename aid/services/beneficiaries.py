"""Beneficiaries (a person or a household around its head) and the hardship categories."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import nfc, search_key
from org.locks import ensure_open
from org.models import Unit, UnitKind
from people.models import Person

from ..models import Beneficiary, HardshipCategory, Relation


def categories_for(unit: Unit):
    """The categories a unit may use: the association's and its province's (or any above it)."""
    from django.db.models import Q

    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return HardshipCategory.objects.filter(
        Q(unit__isnull=True) | Q(unit__path__in=paths), retired=False
    )


def _check_categories(unit: Unit, categories) -> list[HardshipCategory]:
    categories = list(categories)
    allowed = set(categories_for(unit).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in categories):
        raise ValidationError({"categories": [_("Diện khó khăn không dùng được ở đơn vị này.")]})
    return categories


@transaction.atomic
def add_category(*, actor, unit: Unit, name: str) -> HardshipCategory:
    """A province (or the central level) adds a category to the list its units use."""
    name = nfc(name).strip()
    if not name:
        raise ValidationError({"name": [_("Hãy nhập tên diện khó khăn.")]})
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.CENTRAL):
        raise ValidationError(_("Chỉ cấp tỉnh hoặc Trung ương bổ sung diện khó khăn."))
    owner = None if unit.kind == UnitKind.CENTRAL else unit
    if categories_for(unit).filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("Diện này đã có trong danh sách.")]})
    code = f"{unit.pk}-{slugify(search_key(name))}"[:40]
    try:
        with transaction.atomic():
            cat = HardshipCategory.objects.create(code=code, name=name, unit=owner)
    except IntegrityError:
        raise ValidationError({"name": [_("Diện này đã có trong danh sách.")]}) from None
    audit.record(actor=actor, action="aid.category.add", unit=unit, obj=cat, data={"name": name})
    return cat


@transaction.atomic
def register_beneficiary(
    *,
    actor,
    unit: Unit,
    person: Person,
    since: datetime.date,
    categories=(),
    health: str = "",
    income: str = "",
    head: Beneficiary | None = None,
    relation: str = Relation.HEAD,
) -> Beneficiary:
    """Put ``person`` in ``unit``'s list; with ``head``, as a member of that household."""
    ensure_open(unit=unit, on=since)
    cats = _check_categories(unit, categories)
    if relation not in Relation.values:
        raise ValidationError({"relation": [_("Quan hệ với chủ hộ không hợp lệ.")]})
    if head is not None:
        if head.unit_id != unit.pk or head.head_id is not None or head.ended_on is not None:
            raise ValidationError({"head": [_("Chủ hộ phải là một chủ hộ đang có trong danh sách của đơn vị.")]})  # fmt: skip
        if relation == Relation.HEAD:
            raise ValidationError({"relation": [_("Hãy chọn quan hệ với chủ hộ.")]})
    else:
        relation = Relation.HEAD
    if Beneficiary.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(
            {"person": [_("Người này đã có trong danh sách đối tượng trợ giúp.")]}
        )
    try:
        with transaction.atomic():
            b = Beneficiary.objects.create(
                unit=unit, person=person, head=head, relation=relation, since=since,
                health=nfc(health).strip(), income=nfc(income).strip(),
                created_by=user_or_none(actor),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError({"person": [_("Người này đã có trong danh sách đối tượng trợ giúp.")]}) from None  # fmt: skip
    b.categories.set(cats)
    # The categories themselves are sensitive: the trail says how many, not which.
    audit.record(
        actor=actor, action="aid.beneficiary.register", unit=unit, obj=b,
        data={"person": person.pk, "head": head.pk if head else None, "categories": len(cats)},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=since)
    return b


@transaction.atomic
def update_beneficiary(
    *, actor, beneficiary: Beneficiary, categories, health: str, income: str
) -> Beneficiary:
    b = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    cats = _check_categories(b.unit, categories)
    changed = []
    if {c.pk for c in cats} != set(b.categories.values_list("pk", flat=True)):
        b.categories.set(cats)
        changed.append("categories")
    for field, value in (("health", nfc(health).strip()), ("income", nfc(income).strip())):
        if getattr(b, field) != value:
            setattr(b, field, value)
            changed.append(field)
    if changed:
        b.save()
        audit.record(
            actor=actor, action="aid.beneficiary.update", unit=b.unit, obj=b,
            data={"fields": changed},
        )  # fmt: skip
        note_changed(unit_ids=[b.unit_id], since=b.since)
    return b


@transaction.atomic
def end_beneficiary(*, actor, beneficiary: Beneficiary, on: datetime.date, reason: str) -> Beneficiary:  # fmt: skip
    b = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if b.ended_on is not None:
        raise ValidationError(_("Người này đã ra khỏi danh sách."))
    if on < b.since:
        raise ValidationError({"on": [_("Ngày ra khỏi danh sách không được trước ngày đưa vào.")]})
    if not nfc(reason).strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do.")]})
    ensure_open(unit=b.unit, on=on)
    b.ended_on = on
    b.end_reason = nfc(reason).strip()
    b.save(update_fields=["ended_on", "end_reason"])
    audit.record(
        actor=actor, action="aid.beneficiary.end", unit=b.unit, obj=b,
        data={"on": on.isoformat()},
    )  # fmt: skip
    note_changed(unit_ids=[b.unit_id], since=on)
    return b
