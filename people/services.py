"""Writes on people: create and edit with validation and dedupe, consent, anonymisation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.text import nfc, search_key, vn_sort_key
from core.vn import ETHNIC_NAMES, RELIGIONS, clean_cccd, clean_phone
from org.models import Unit

from .models import BirthPrecision, Consent, Person, Sex
from .selectors import find_duplicates, sensitive_data

EDITABLE = (
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "cccd",
    "phone",
    "address_code",
    "address_detail",
    "ethnicity",
    "religion",
    "occupation",
)
SENSITIVE = ("cccd", "ethnicity", "religion")
# A CCCD held by someone outside the user's scope: the same words whatever that person's state
# (a member somewhere or not), so that nothing about them can be learnt from the refusal.
CCCD_ELSEWHERE = gettext_lazy(
    "Số CCCD đã được đăng ký ở đơn vị khác; liên hệ cấp trên để chuyển sinh hoạt"
)


class DuplicateWarning(ValidationError):
    """Same name, birth year and base as existing people: the caller may confirm and go on."""

    def __init__(self, people: list[Person]):
        self.people = people
        super().__init__(
            _(
                "Đã có %(n)d người cùng họ tên và năm sinh trong cơ sở Hội này. Hãy kiểm tra "
                "trước khi tạo thêm; nếu đúng là người khác, đánh dấu “Vẫn lưu”."
            )
            % {"n": len(people)},
            code="duplicate",
        )


def _members_services():
    from members import services

    return services


def clean_person_data(data: dict, *, today: datetime.date | None = None) -> dict:
    """Normalise and check person fields; raise one ValidationError naming every bad field."""
    today = today or timezone.localdate()
    out = dict(data)
    errors: dict[str, list[str]] = {}
    if "full_name" in out:
        out["full_name"] = nfc(out["full_name"])
        if not out["full_name"]:
            errors.setdefault("full_name", []).append(_("Họ và tên không được để trống."))
        elif len(out["full_name"].split()) < 2:
            errors.setdefault("full_name", []).append(_("Cần ghi đủ họ và tên."))
    if "sex" in out and out["sex"] not in Sex.values:
        errors.setdefault("sex", []).append(_("Giới tính phải là Nam hoặc Nữ."))
    birth_date = out.get("birth_date")
    birth_year = out.get("birth_year")
    if birth_date:
        if birth_date > today:
            errors.setdefault("birth_date", []).append(_("Ngày sinh không được sau hôm nay."))
        if birth_year and birth_year != birth_date.year:
            errors.setdefault("birth_year", []).append(_("Năm sinh không khớp với ngày sinh."))
        out["birth_year"] = birth_date.year
        out["birth_precision"] = BirthPrecision.DAY
    elif "birth_date" in out or "birth_year" in out:
        out["birth_date"] = None
        out["birth_precision"] = BirthPrecision.YEAR
    year = out.get("birth_year")
    if year is not None and not (1900 <= year <= today.year):
        errors.setdefault("birth_year", []).append(
            _("Năm sinh phải từ 1900 đến %(year)d.") % {"year": today.year}
        )
    for field, cleaner in (("cccd", clean_cccd), ("phone", clean_phone)):
        if field not in out:
            continue
        try:
            if field == "cccd":
                out[field] = clean_cccd(out[field], birth_year=year, sex=out.get("sex")) or None
            else:
                out[field] = cleaner(out[field])
        except ValidationError as e:
            errors.setdefault(field, []).extend(e.messages)
    if out.get("ethnicity") and out["ethnicity"] not in ETHNIC_NAMES:
        errors.setdefault("ethnicity", []).append(_("Dân tộc không có trong danh mục."))
    if out.get("religion") and out["religion"] not in dict(RELIGIONS):
        errors.setdefault("religion", []).append(_("Tôn giáo không có trong danh mục."))
    for field in ("address_detail", "occupation", "address_code"):
        if field in out:
            out[field] = nfc(out[field])
    if errors:
        raise ValidationError(errors)
    if "full_name" in out:
        out["search_key"] = search_key(out["full_name"])
        out["sort_key"] = vn_sort_key(out["full_name"])
    return out


def _check_cccd_free(cccd: str | None, *, actor, exclude_pk: int | None = None) -> None:
    if not cccd:
        return
    holder = (
        Person.objects.filter(cccd=cccd)
        .exclude(pk__in=[exclude_pk] if exclude_pk else [])
        .values_list("pk", flat=True)
        .first()
    )
    if holder is None:
        return
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=holder).exists():
        # Held by someone outside the user's scope: nothing about them, not even whether they
        # are a member somewhere; the way is a transfer by someone who sees both units.
        raise ValidationError({"cccd": [str(CCCD_ELSEWHERE)]}, code="cccd_elsewhere")
    raise ValidationError(
        {"cccd": [_("Số CCCD %(cccd)s đã được đăng ký cho một người khác.") % {"cccd": cccd}]},
        code="cccd_taken",
    )


@transaction.atomic
def create_person(*, actor, unit: Unit, confirm_duplicate: bool = False, **fields) -> Person:
    """Register a person with ``unit`` (who may then see them). Keyword fields: see EDITABLE."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    fields.setdefault("full_name", "")
    fields.setdefault("sex", "")
    data = clean_person_data(fields)
    _check_cccd_free(data.get("cccd"), actor=actor)
    if not confirm_duplicate:
        dupes = find_duplicates(
            search=data["search_key"], birth_year=data.get("birth_year"), unit=unit
        )
        if dupes:
            raise DuplicateWarning(dupes)
    person = Person.objects.create(unit=unit, **data)
    audit.record(
        actor=actor,
        action="people.person.create",
        unit=unit,
        obj=person,
        data={"full_name": person.full_name, "duplicate_confirmed": confirm_duplicate},
    )
    return person


@transaction.atomic
def update_person(*, actor, person: Person, confirm_duplicate: bool = False, **fields) -> Person:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_on:
        raise ValidationError(_("Hồ sơ này đã được ẩn danh, không thể sửa."))
    merged = {f: getattr(person, f) for f in EDITABLE}
    merged.update(fields)
    data = clean_person_data(merged)
    _check_cccd_free(data.get("cccd"), actor=actor, exclude_pk=person.pk)
    if not confirm_duplicate and (
        data["search_key"] != person.search_key or data.get("birth_year") != person.birth_year
    ):
        dupes = find_duplicates(
            search=data["search_key"],
            birth_year=data.get("birth_year"),
            unit=person.unit,
            exclude_pk=person.pk,
        )
        if dupes:
            raise DuplicateWarning(dupes)
    changed = {}
    for field, value in data.items():
        if getattr(person, field) != value:
            old = getattr(person, field)
            setattr(person, field, value)
            if field in EDITABLE:
                # Sensitive values are not copied into the audit trail, only the fact they changed.
                changed[field] = "…" if field in SENSITIVE else [str(old or ""), str(value or "")]
    if changed:
        person.save()
        if "full_name" in changed:
            _members_services().refresh_name_keys(person)
        audit.record(
            actor=actor,
            action="people.person.update",
            unit=person.unit,
            obj=person,
            data={"changed": changed},
        )
    return person


@transaction.atomic
def record_consent(
    *, actor, person: Person, purpose: str, given_on: datetime.date, method: str
) -> Consent:
    purpose = nfc(purpose)
    if not purpose:
        raise ValidationError({"purpose": [_("Cần ghi mục đích xử lý dữ liệu.")]})
    if method not in Consent.Method.values:
        raise ValidationError({"method": [_("Hình thức đồng ý không hợp lệ.")]})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": [_("Ngày đồng ý không được sau hôm nay.")]})
    consent = Consent.objects.create(
        person=person, purpose=purpose, given_on=given_on, method=method, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="people.consent.record",
        unit=person.unit,
        obj=person,
        data={"purpose": purpose, "given_on": str(given_on), "method": method},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor, consent: Consent, on: datetime.date) -> Consent:
    if consent.withdrawn_on:
        raise ValidationError(_("Sự đồng ý này đã được rút lại trước đó."))
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    audit.record(
        actor=actor,
        action="people.consent.withdraw",
        unit=consent.person.unit,
        obj=consent.person,
        data={"purpose": consent.purpose, "on": str(on)},
    )
    return consent


@transaction.atomic
def anonymise_person(*, actor, person: Person) -> Person:
    """Erase a person's identifying data at their request; counts (sex, birth year, memberships)
    stay so that aggregate figures do not change."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_on:
        return person
    person.full_name = _("Người đã ẩn danh #%(id)d") % {"id": person.pk}
    person.search_key = search_key(person.full_name)
    person.sort_key = vn_sort_key(person.full_name)
    person.birth_date = None
    person.birth_precision = BirthPrecision.YEAR
    person.cccd = None
    person.phone = person.address_detail = person.occupation = ""
    person.ethnicity = person.religion = ""
    person.anonymised_on = timezone.localdate()
    person.save()
    _members_services().refresh_name_keys(person)
    audit.record(actor=actor, action="people.person.anonymise", unit=person.unit, obj=person)
    return person


def log_sensitive_view(*, actor, person: Person, fields: tuple[str, ...] = SENSITIVE) -> None:
    """Law 91/2025: record who viewed a person's sensitive data."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="people.person.view_sensitive",
            unit=person.unit,
            obj=person,
            data={"fields": list(fields)},
        )


def reveal_sensitive(*, actor, person: Person) -> dict[str, str]:
    """The sensitive data of ``person`` as shown to ``actor`` (an editor), and the view of what
    is recorded logged (Law 91/2025)."""
    data = sensitive_data(person)
    shown = tuple(f for f, v in data.items() if v)
    if shown:
        log_sensitive_view(actor=actor, person=person, fields=shown)
    return data
