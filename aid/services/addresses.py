"""Humanitarian addresses: the lifecycle proposed → surveyed → approved → supported → closed,
yearly reviews, case files, sponsors (the fund's donors and pledges)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import nfc
from funds import services as fund_services
from funds.models import Donor, Frequency
from org.locks import ensure_open

from ..models import (
    NEXT_STATUS,
    Address,
    AddressFile,
    AddressReview,
    AddressStatus,
    AddressStep,
    Beneficiary,
    CloseReason,
    ReviewOutcome,
    Sponsorship,
)

MAX_FILE_BYTES = 10 * 1024 * 1024


def next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _step(actor, address: Address, status: str, on: datetime.date, reason: str) -> None:
    AddressStep.objects.create(
        address=address, status=status, on=on, reason=reason, by=user_or_none(actor)
    )


@transaction.atomic
def propose_address(*, actor, beneficiary: Beneficiary, on: datetime.date, reason: str = "") -> Address:  # fmt: skip
    if beneficiary.ended_on is not None:
        raise ValidationError(_("Người này không còn trong danh sách đối tượng trợ giúp."))
    if beneficiary.head_id is not None:
        raise ValidationError(_("Địa chỉ nhân đạo đứng tên chủ hộ."))
    ensure_open(unit=beneficiary.unit, on=on)
    reason = nfc(reason).strip()
    try:
        with transaction.atomic():
            address = Address.objects.create(
                unit=beneficiary.unit, beneficiary=beneficiary, proposed_on=on, status_on=on,
                created_by=user_or_none(actor),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("Người này đã là một địa chỉ nhân đạo đang mở.")) from None
    _step(actor, address, AddressStatus.PROPOSED, on, reason)
    audit.record(
        actor=actor, action="aid.address.propose", unit=address.unit, obj=address,
        data={"on": on.isoformat(), "beneficiary": beneficiary.pk},
    )  # fmt: skip
    note_changed(unit_ids=[address.unit_id], since=on)
    return address


def _locked(address: Address) -> Address:
    return Address.objects.select_for_update().select_related("unit").get(pk=address.pk)


@transaction.atomic
def advance_address(
    *, actor, address: Address, to: str, on: datetime.date, reason: str = "", survey: str = ""
) -> Address:
    """One step forward: surveyed (with the survey form), approved (the first review falls due
    a year later), supported."""
    a = _locked(address)
    if NEXT_STATUS.get(AddressStatus(a.status)) != to:
        raise ValidationError(
            _("Địa chỉ đang ở bước “%(status)s”, không chuyển sang “%(to)s” được.")
            % {"status": a.get_status_display(), "to": AddressStatus(to).label if to in AddressStatus.values else to}
        )  # fmt: skip
    if on < a.status_on:
        raise ValidationError({"on": [_("Ngày này trước ngày của bước trước.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày không được sau hôm nay.")]})
    survey = nfc(survey).strip()
    if to == AddressStatus.SURVEYED and not survey:
        raise ValidationError({"survey": [_("Hãy ghi kết quả khảo sát.")]})
    ensure_open(unit=a.unit, on=on)
    a.status, a.status_on = to, on
    fields = ["status", "status_on"]
    if survey:
        a.survey = survey
        fields.append("survey")
    if to == AddressStatus.APPROVED:
        a.review_due = next_year(on)
        fields.append("review_due")
    a.save(update_fields=fields)
    _step(actor, a, to, on, nfc(reason).strip())
    audit.record(
        actor=actor, action="aid.address.advance", unit=a.unit, obj=a,
        data={"to": to, "on": on.isoformat()},
    )  # fmt: skip
    note_changed(unit_ids=[a.unit_id], since=on)
    return a


def _close(actor, a: Address, on: datetime.date, reason: str, note: str) -> None:
    if reason not in CloseReason.values:
        raise ValidationError({"reason": [_("Hãy chọn lý do đóng.")]})
    if on < a.status_on:
        raise ValidationError({"on": [_("Ngày này trước ngày của bước trước.")]})
    ensure_open(unit=a.unit, on=on)
    a.status, a.status_on, a.close_reason, a.review_due = AddressStatus.CLOSED, on, reason, None
    a.save(update_fields=["status", "status_on", "close_reason", "review_due"])
    _step(actor, a, AddressStatus.CLOSED, on, nfc(note).strip())
    for s in a.sponsorships.filter(ended_on__isnull=True):
        _end_sponsorship(actor, s, on)


@transaction.atomic
def close_address(*, actor, address: Address, on: datetime.date, reason: str, note: str = "") -> Address:  # fmt: skip
    a = _locked(address)
    if not a.is_open:
        raise ValidationError(_("Địa chỉ này đã đóng."))
    _close(actor, a, on, reason, note)
    audit.record(
        actor=actor, action="aid.address.close", unit=a.unit, obj=a,
        data={"reason": reason, "on": on.isoformat()},
    )  # fmt: skip
    note_changed(unit_ids=[a.unit_id], since=on)
    return a


@transaction.atomic
def review_address(
    *,
    actor,
    address: Address,
    reviewed_on: datetime.date,
    outcome: str,
    note: str = "",
    categories=None,
    close_reason: str = CloseReason.INELIGIBLE,
) -> AddressReview:
    """The yearly review: the due date it answers, the outcome (still eligible, categories
    changed, closed); the next review falls due a year after the one answered (a year after
    the review when that is already past)."""
    a = _locked(address)
    if a.review_due is None or not a.is_open:
        raise ValidationError(_("Địa chỉ này chưa đến kỳ rà soát (chưa duyệt hoặc đã đóng)."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": [_("Hãy chọn kết quả rà soát.")]})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": [_("Ngày không được sau hôm nay.")]})
    ensure_open(unit=a.unit, on=reviewed_on)
    review = AddressReview.objects.create(
        address=a, due=a.review_due, reviewed_on=reviewed_on, outcome=outcome,
        note=nfc(note).strip(), by=user_or_none(actor),
    )  # fmt: skip
    if outcome == ReviewOutcome.CLOSE:
        _close(actor, a, reviewed_on, close_reason, note)
    else:
        if outcome == ReviewOutcome.CHANGE and categories is not None:
            from .beneficiaries import _check_categories

            a.beneficiary.categories.set(_check_categories(a.unit, categories))
        following = next_year(a.review_due)
        a.review_due = following if following > reviewed_on else next_year(reviewed_on)
        a.save(update_fields=["review_due"])
    audit.record(
        actor=actor, action="aid.address.review", unit=a.unit, obj=a,
        data={"due": review.due.isoformat(), "on": reviewed_on.isoformat(), "outcome": outcome},
    )  # fmt: skip
    note_changed(unit_ids=[a.unit_id], since=min(review.due, reviewed_on))
    return review


@transaction.atomic
def add_file(*, actor, address: Address, title: str, file) -> AddressFile:
    title = nfc(title).strip() or nfc(getattr(file, "name", "")).strip()
    if not title:
        raise ValidationError({"title": [_("Hãy ghi tên tài liệu.")]})
    if getattr(file, "size", 0) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("Tệp lớn hơn 10 MB.")]})
    f = AddressFile.objects.create(
        address=address, title=title[:255], file=file, uploaded_by=user_or_none(actor)
    )
    audit.record(
        actor=actor, action="aid.file.add", unit=address.unit, obj=address,
        data={"file": f.pk, "title": f.title},
    )  # fmt: skip
    return f


@transaction.atomic
def remove_file(*, actor, file: AddressFile) -> AddressFile:
    f = AddressFile.objects.select_for_update().get(pk=file.pk)
    if f.removed_at is None:
        f.removed_at = timezone.now()
        f.save(update_fields=["removed_at"])
        audit.record(
            actor=actor, action="aid.file.remove", unit=f.address.unit, obj=f.address,
            data={"file": f.pk},
        )  # fmt: skip
    return f


@transaction.atomic
def add_sponsorship(
    *,
    actor,
    address: Address,
    donor: Donor,
    start: datetime.date,
    monthly: int = 0,
    in_kind: str = "",
    end: datetime.date | None = None,
) -> Sponsorship:
    """A donor adopts an address: money per month becomes the fund's pledge (what was given is
    counted against it there), things in kind are noted."""
    if not address.is_open:
        raise ValidationError(_("Địa chỉ này đã đóng."))
    in_kind = nfc(in_kind).strip()
    if monthly < 0 or (monthly == 0 and not in_kind):
        raise ValidationError({"monthly": [_("Hãy ghi số tiền mỗi tháng hoặc hiện vật cam kết.")]})
    ensure_open(unit=address.unit, on=start)
    pledge = None
    if monthly:
        pledge = fund_services.create_pledge(
            actor=actor, donor=donor, unit=address.unit, amount=monthly,
            frequency=Frequency.MONTHLY, start=start, end=end,
            campaign=_("Địa chỉ nhân đạo: %(name)s") % {"name": address.beneficiary.person.full_name},
        )  # fmt: skip
    elif not (
        address.unit.path.startswith(donor.unit.path)
        or donor.unit.path.startswith(address.unit.path)
    ):
        raise ValidationError({"donor": [_("Nhà hảo tâm thuộc đơn vị khác.")]})
    s = Sponsorship.objects.create(
        address=address, donor=donor, pledge=pledge, monthly=monthly, in_kind=in_kind,
        start=start, end=end, created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(
        actor=actor, action="aid.sponsorship.add", unit=address.unit, obj=address,
        data={"sponsorship": s.pk, "donor": donor.pk, "monthly": monthly},
    )  # fmt: skip
    return s


def _end_sponsorship(actor, s: Sponsorship, on: datetime.date) -> None:
    s.ended_on = on
    s.save(update_fields=["ended_on"])
    if s.pledge is not None and (s.pledge.end is None or s.pledge.end > on):
        fund_services.end_pledge(actor=actor, pledge=s.pledge, end=max(on, s.pledge.start))


@transaction.atomic
def end_sponsorship(*, actor, sponsorship: Sponsorship, on: datetime.date) -> Sponsorship:
    s = (
        Sponsorship.objects.select_for_update(of=("self",))
        .select_related("pledge", "address__unit")
        .get(pk=sponsorship.pk)
    )
    if s.ended_on is not None:
        raise ValidationError(_("Cam kết này đã dừng."))
    if on < s.start:
        raise ValidationError({"on": [_("Ngày dừng không được trước ngày bắt đầu.")]})
    _end_sponsorship(actor, s, on)
    audit.record(
        actor=actor, action="aid.sponsorship.end", unit=s.address.unit, obj=s.address,
        data={"sponsorship": s.pk, "on": on.isoformat()},
    )  # fmt: skip
    return s
