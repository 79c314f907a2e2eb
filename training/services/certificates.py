"""Certificates: numbered per issuing unit and year without a gap or a duplicate (a counter row
locked while numbers are taken), expiry from the course's validity, renewal, revocation."""

import datetime
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from org.locks import ensure_open
from org.models import Unit

from ..models import Certificate, CertificateCounter, Course, Participant, Result, TrainingClass

# Letters and digits that are not mistaken for each other when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def shift_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months later (earlier when negative); the 31st of a shorter
    month becomes its last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The last day of ``months`` months from ``day``: valid "for 24 months" from 10/05/2025
    is until 09/05/2027."""
    return shift_months(day, months) - datetime.timedelta(days=1)


def valid_until(course: Course, issued_on: datetime.date) -> datetime.date | None:
    return add_months(issued_on, course.validity_months) if course.validity_months else None


def new_check_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def certificate_number(unit: Unit, year: int, seq: int) -> str:
    """ "0042/2026/48-CTĐ…": the sequence, the year and the issuing unit (its id keeps it unique
    across units of the same name)."""
    return f"{seq:04d}/{year}/CN-{unit.pk}"


def _take_numbers(unit: Unit, year: int, n: int) -> int:
    """Reserve ``n`` numbers of ``unit`` for ``year``; returns the first. The counter row is
    created if missing (a conflict-ignoring insert: two first issuers do not collide) and locked
    until the transaction ends, so concurrent issuers queue on it."""
    counters = CertificateCounter.objects.select_for_update()
    counter = counters.filter(unit=unit, year=year).first()
    if counter is None:
        # Only the year's first issuers insert: an INSERT … ON CONFLICT against a row other
        # issuers hold and update waits on them while queued for the row, a deadlock PostgreSQL
        # detected under eight concurrent issuers.
        CertificateCounter.objects.bulk_create(
            [CertificateCounter(unit=unit, year=year)], ignore_conflicts=True
        )
        counter = counters.get(unit=unit, year=year)
    first = counter.last + 1
    counter.last += n
    counter.save(update_fields=["last"])
    return first


def _create(
    *, actor, unit: Unit, course: Course, people_participants: Sequence[tuple[int, int | None]],
    issued_on: datetime.date, renews: Sequence[Certificate | None] | None = None,
) -> list[Certificate]:  # fmt: skip
    first = _take_numbers(unit, issued_on.year, len(people_participants))
    until = valid_until(course, issued_on)
    certs = [
        Certificate(
            unit=unit,
            year=issued_on.year,
            seq=first + i,
            number=certificate_number(unit, issued_on.year, first + i),
            check_code=new_check_code(),
            person_id=person_id,
            course=course,
            participant_id=participant_id,
            issued_on=issued_on,
            valid_until=until,
            renews=renews[i] if renews else None,
            created_by=user_or_none(actor),
        )  # fmt: skip
        for i, (person_id, participant_id) in enumerate(people_participants)
    ]
    return Certificate.objects.bulk_create(certs)


def _check_issue_date(unit: Unit, on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"issued_on": [_("Ngày cấp không được sau hôm nay.")]})
    ensure_open(unit=unit, on=on)


@transaction.atomic
def issue_certificates(
    *, actor, cls: TrainingClass, issued_on: datetime.date,
    participants: Sequence[Participant] | None = None,
) -> list[Certificate]:  # fmt: skip
    """Certificates for ``participants`` (default: every passed participant without one), issued
    by the class's unit. A participant who did not pass is refused by name."""
    cls = (
        TrainingClass.objects.select_for_update(of=("self",))
        .select_related("unit", "course")
        .get(pk=cls.pk)
    )
    if cls.cancelled_on is not None:
        raise ValidationError(_("Lớp này đã huỷ."))
    if issued_on < cls.ends_on:
        raise ValidationError(
            {"issued_on": [_("Ngày cấp không được trước ngày kết thúc lớp (%(date)s).")
                           % {"date": format_date(cls.ends_on)}]}
        )  # fmt: skip
    _check_issue_date(cls.unit, issued_on)
    qs = cls.participants.select_related("person").order_by("person__sort_key", "pk")
    if participants is None:
        chosen = list(qs.filter(result=Result.PASSED, certificate__isnull=True))
    else:
        chosen = list(qs.filter(pk__in=[p.pk for p in participants]))
        if len(chosen) != len({p.pk for p in participants}):
            raise ValidationError(_("Có người không có trong danh sách lớp."))
        failed = [p.person.full_name for p in chosen if p.result != Result.PASSED]
        if failed:
            raise ValidationError(
                _("Chỉ cấp giấy chứng nhận cho học viên có kết quả Đạt; chưa đạt: %(names)s.")
                % {"names": ", ".join(failed)}
            )
        had = Certificate.objects.filter(participant__in=chosen).select_related("person")
        if had:
            raise ValidationError(
                _("Đã được cấp giấy chứng nhận: %(names)s.")
                % {"names": ", ".join(c.person.full_name for c in had)}
            )
    if not chosen:
        raise ValidationError(_("Không còn học viên đạt nào chưa được cấp giấy chứng nhận."))
    certs = _create(
        actor=actor, unit=cls.unit, course=cls.course,
        people_participants=[(p.person_id, p.pk) for p in chosen], issued_on=issued_on,
    )  # fmt: skip
    audit.record(
        actor=actor, action="training.certificate.issue", unit=cls.unit, obj=cls,
        data={"count": len(certs), "first": certs[0].number, "last": certs[-1].number,
              "issued_on": str(issued_on)},
    )  # fmt: skip
    note_changed(unit_ids=[cls.unit_id], since=issued_on)
    return certs


@transaction.atomic
def renew_certificate(
    *, actor, certificate: Certificate, issued_on: datetime.date, unit: Unit | None = None
) -> Certificate:
    """A new certificate (new number, validity from ``issued_on``) replacing ``certificate``,
    issued by ``unit`` (default: the first issuer). Only an expiring course's certificate, not
    revoked, not renewed already, is renewed."""
    cert = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("course", "unit")
        .get(pk=certificate.pk)
    )
    unit = unit or cert.unit
    if cert.revoked_on is not None:
        raise ValidationError(_("Giấy chứng nhận này đã bị thu hồi: không gia hạn được."))
    if cert.course.validity_months is None:
        raise ValidationError(_("Giấy chứng nhận của khoá này không có thời hạn."))
    if Certificate.objects.filter(renews=cert).exists():
        raise ValidationError(_("Giấy chứng nhận này đã được gia hạn."))
    if issued_on < cert.issued_on:
        raise ValidationError(
            {"issued_on": [_("Ngày gia hạn không được trước ngày cấp (%(date)s).")
                           % {"date": format_date(cert.issued_on)}]}
        )  # fmt: skip
    _check_issue_date(unit, issued_on)
    new = _create(
        actor=actor, unit=unit, course=cert.course,
        people_participants=[(cert.person_id, None)], issued_on=issued_on, renews=[cert],
    )[0]  # fmt: skip
    audit.record(
        actor=actor, action="training.certificate.renew", unit=unit, obj=new,
        data={"renews": cert.number, "number": new.number, "valid_until": str(new.valid_until)},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk, cert.unit_id], since=issued_on)
    return new


@transaction.atomic
def revoke_certificate(
    *, actor, certificate: Certificate, on: datetime.date, reason: str
) -> Certificate:
    cert = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=certificate.pk)
    )
    reason = nfc(reason).strip()
    if cert.revoked_on is not None:
        raise ValidationError(_("Giấy chứng nhận này đã bị thu hồi."))
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do thu hồi.")]})
    if on < cert.issued_on or on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày thu hồi phải từ ngày cấp đến hôm nay.")]})
    ensure_open(unit=cert.unit, on=on)
    cert.revoked_on, cert.revoke_reason = on, reason
    cert.save(update_fields=["revoked_on", "revoke_reason"])
    audit.record(
        actor=actor, action="training.certificate.revoke", unit=cert.unit, obj=cert,
        data={"on": str(on), "reason": reason},
    )  # fmt: skip
    note_changed(unit_ids=[cert.unit_id], since=on)
    return cert
