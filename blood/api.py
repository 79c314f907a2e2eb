"""Blood donation over the API: drives, registrations, outcomes (one or a whole drive), donors
with their eligibility, the living blood bank, honours, rules, the blood centre's result list.

Reads need "view" where the record's unit is (404 outside the user's scope); writes need "edit"
there (403 inside the scope without it); the blood group, weight, health answers, deferral reasons
and the roster need "edit" too (who needs them), and their view is logged. Refusals are 422.
"""

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Code, Day, Id, Line, Year
from org.models import UnitKind
from people.models import Person
from people.services import log_sensitive_view

from . import eligibility, results, selectors, services
from .models import Abo, Campaign, Donor, Honour, Registration, Rh

router = Router(tags=["Hiến máu"])

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
_NEED_MANAGE = gettext_lazy("Bạn cần quyền quản lý ở đơn vị này.")
HEALTH_FIELDS = ("blood_group", "weight", "health_answers")


class DriveOut(Schema):
    id: int
    unit_id: int
    date: datetime.date
    site: str
    centre: str
    campaign: str
    target_units: int
    cancelled: bool
    registered: int
    donated: int
    ml: int


class DriveIn(Schema):
    date: Day
    site: Line = Field(min_length=1, max_length=255)
    centre: Line = Field(min_length=1, max_length=255)
    campaign: Campaign
    target_units: int = Field(0, ge=0, le=100_000)
    note: Line = Field("", max_length=255)


class BloodCancelIn(Schema):
    reason: Line = Field(min_length=1, max_length=255)


class RegistrationOut(Schema):
    id: int
    drive_id: int
    person_id: int
    full_name: str
    slot: datetime.time | None
    outcome: str
    volume_ml: int | None
    kind: str
    centre_accepted: bool | None
    # Sensitive: only for who may edit at the drive's unit.
    weight_kg: Decimal | None = None
    health: dict | None = None
    deferral_category: str | None = None
    deferred_until: datetime.date | None = None
    deferral_permanent: bool | None = None
    override_reason: str | None = None


class RegisterIn(Schema):
    person_id: Id
    slot: datetime.time | None = None
    weight_kg: Decimal | None = Field(None, ge=20, le=250, decimal_places=1)
    health: dict[Code, bool] = Field(default_factory=dict, max_length=20)
    override_reason: Line = Field("", max_length=255)


class OutcomeIn(Schema):
    registration: Id
    outcome: Code
    volume_ml: int | None = Field(None, ge=0, le=1000)
    kind: Code = "whole"
    deferral_category: Code = ""
    deferred_until: Day | None = None
    deferral_permanent: bool = False


class OutcomesIn(Schema):
    items: list[OutcomeIn] = Field(max_length=2000)


class VerdictOut(Schema):
    ok: bool
    reasons: list[str]
    from_date: datetime.date | None = Field(description="ngày sớm nhất được hiến; null: không")
    max_volume: int | None


class BloodDonorOut(Schema):
    person_id: int
    full_name: str
    unit_id: int
    total_count: int
    opening_count: int
    recorded_count: int
    last_donation_on: datetime.date | None
    on_call: bool
    # Sensitive:
    blood_group: str | None = None
    group_source: str | None = None
    weight_kg: Decimal | None = None
    next_eligible_on: datetime.date | None = None
    phone: str | None = None


class BloodDonorIn(Schema):
    abo: Abo | None = None
    rh: Rh | None = None
    on_call: bool | None = None
    opening_count: int | None = Field(None, ge=0, le=300)
    opening_source: Line | None = Field(None, max_length=255)
    opening_last_on: Day | None = None


class HonourOut(Schema):
    id: int
    person_id: int
    full_name: str
    unit_id: int
    milestone: int
    reached_on: datetime.date
    awarded_on: datetime.date | None


class BloodRuleOut(Schema):
    id: int
    unit_id: int | None
    effective_from: datetime.date
    min_age: int
    max_age: int
    min_weight_female: Decimal
    min_weight_male: Decimal
    volume_steps: list
    whole_blood_days: int
    apheresis_days: int
    source: str


class BloodRuleIn(Schema):
    effective_from: Day
    min_age: int = Field(18, ge=16, le=80)
    max_age: int = Field(60, ge=16, le=80)
    min_weight_female: Decimal = Field(Decimal(42), ge=30, le=80, decimal_places=1)
    min_weight_male: Decimal = Field(Decimal(45), ge=30, le=80, decimal_places=1)
    volume_steps: list[tuple[float, int]] = Field(default_factory=list, max_length=10)
    whole_blood_days: int = Field(84, ge=1, le=730)
    apheresis_days: int = Field(14, ge=1, le=730)
    source: Line = Field(min_length=1, max_length=255)


class ImportOut(Schema):
    id: int
    drive_id: int
    status: str
    lines: list[dict]
    errors: list[dict]


def _drive(d, counts: tuple[int, int, int]) -> dict:
    return {
        "id": d.pk, "unit_id": d.unit_id, "date": d.date, "site": d.site, "centre": d.centre,
        "campaign": d.campaign, "target_units": d.target_units,
        "cancelled": d.cancelled_at is not None, "registered": counts[0], "donated": counts[1],
        "ml": counts[2],
    }  # fmt: skip


def _reg(r: Registration, sees: bool) -> dict:
    out = {
        "id": r.pk, "drive_id": r.drive_id, "person_id": r.person_id,
        "full_name": r.person.full_name, "slot": r.slot, "outcome": r.outcome,
        "volume_ml": r.volume_ml, "kind": r.kind, "centre_accepted": r.centre_accepted,
    }  # fmt: skip
    if sees:
        out.update(
            weight_kg=r.weight_kg, health=r.health, deferral_category=r.deferral_category,
            deferred_until=r.deferred_until, deferral_permanent=r.deferral_permanent,
            override_reason=r.override_reason,
        )  # fmt: skip
    return out


def _donor(d: "Donor | selectors.RosterRow", sees: bool) -> dict:
    out = {
        "person_id": d.pk, "full_name": d.person.full_name, "unit_id": d.unit_id,
        "total_count": d.total_count, "opening_count": d.opening_count,
        "recorded_count": d.recorded_count, "last_donation_on": d.last_donation_on,
        "on_call": d.on_call,
    }  # fmt: skip
    if sees:
        out.update(blood_group=d.group, group_source=d.group_source, weight_kg=d.weight_kg,
                   next_eligible_on=d.next_eligible_on, phone=d.person.phone)  # fmt: skip
    return out


def _verdict(v) -> dict:
    return {"ok": v.ok, "reasons": v.reasons, "from_date": v.from_date, "max_volume": v.max_volume}


# --- drives --------------------------------------------------------------------------------------


@router.get("/units/{int:unit_id}/blood/drives", response=list[DriveOut],
            summary="Các đợt hiến máu của đơn vị (cả cấp dưới)")  # fmt: skip
def unit_drives(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    qs = selectors.drives_of(request.auth, unit)
    if year:
        qs = qs.filter(date__year=year)
    return [_drive(d, (d.n_registered, d.n_donated, d.ml or 0)) for d in qs[:1000]]


@router.post("/units/{int:unit_id}/blood/drives", response={201: DriveOut},
             summary="Lập đợt hiến máu")  # fmt: skip
def create_drive(request, unit_id: Id, payload: DriveIn):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "edit", str(_NEED_EDIT))
    d = services.create_drive(actor=request.auth, unit=unit, **payload.dict())
    return Status(201, _drive(d, (0, 0, 0)))


@router.get("/blood/drives/{int:drive_id}", response=DriveOut, summary="Một đợt hiến máu")
def get_drive(request, drive_id: Id):
    d = selectors.drives_of(request.auth, selectors.get_drive_for_user(request.auth, drive_id).unit)
    d = get_object_or_404(d, pk=drive_id)
    return _drive(d, (d.n_registered, d.n_donated, d.ml or 0))


@router.post("/blood/drives/{int:drive_id}/cancel", response=DriveOut, summary="Huỷ đợt hiến máu")
def cancel_drive(request, drive_id: Id, payload: BloodCancelIn):
    d = selectors.get_drive_for_user(request.auth, drive_id)
    require_perm_on(request.auth, d.unit, "edit", str(_NEED_EDIT))
    d = services.cancel_drive(actor=request.auth, drive=d, reason=payload.reason)
    return _drive(d, (d.registrations.count(), 0, 0))


# --- registrations and outcomes ------------------------------------------------------------------


@router.get("/blood/drives/{int:drive_id}/registrations", response=list[RegistrationOut],
            summary="Người đăng ký và kết quả của đợt")  # fmt: skip
def registrations(request, drive_id: Id):
    d = selectors.get_drive_for_user(request.auth, drive_id)
    sees = selectors.may_see_health(request.auth, d.unit)
    return [_reg(r, sees) for r in selectors.registrations_of(d)]


@router.post("/blood/drives/{int:drive_id}/registrations", response={201: RegistrationOut},
             summary="Đăng ký người hiến máu (kiểm tra điều kiện; ngoại lệ cần lý do)")  # fmt: skip
def register(request, drive_id: Id, payload: RegisterIn):
    d = selectors.get_drive_for_user(request.auth, drive_id)
    require_perm_on(request.auth, d.unit, "edit", str(_NEED_EDIT))
    person = Person.objects.visible_to(request.auth, "edit").filter(pk=payload.person_id).first()
    if person is None:
        raise Http404
    reg = services.register(
        actor=request.auth, drive=d, person=person, slot=payload.slot,
        weight_kg=payload.weight_kg, health=payload.health,
        override_reason=payload.override_reason,
    )  # fmt: skip
    return Status(201, _reg(reg, True))


@router.post("/blood/drives/{int:drive_id}/outcomes", response=dict,
             summary="Ghi kết quả (một người hoặc cả đợt, tất cả hoặc không)")  # fmt: skip
def outcomes(request, drive_id: Id, payload: OutcomesIn):
    d = selectors.get_drive_for_user(request.auth, drive_id)
    require_perm_on(request.auth, d.unit, "edit", str(_NEED_EDIT))
    items = [i.dict() for i in payload.items]
    return {"recorded": services.record_outcomes(actor=request.auth, drive=d, items=items)}


# --- donors --------------------------------------------------------------------------------------


def _person_donor(request, person_id: int) -> tuple[Person, Donor | None]:
    person = Person.objects.visible_to(request.auth).filter(pk=person_id).select_related("unit")
    p = person.first()
    if p is None:
        raise Http404
    return p, Donor.objects.filter(pk=p.pk).select_related("person", "unit").first()


@router.get("/blood/donors/{int:person_id}", response=BloodDonorOut, summary="Người hiến máu")
def donor(request, person_id: Id):
    p, d = _person_donor(request, person_id)
    if d is None:
        raise Http404
    sees = selectors.may_see_health(request.auth, d.unit)
    if sees:
        log_sensitive_view(actor=request.auth, person=p, fields=HEALTH_FIELDS)
    return _donor(d, sees)


@router.patch("/blood/donors/{int:person_id}", response=BloodDonorOut,
              summary="Sửa nhóm máu, ngân hàng máu sống, số lần hiến trước")  # fmt: skip
def update_donor(request, person_id: Id, payload: BloodDonorIn):
    p, d = _person_donor(request, person_id)
    require_perm_on(request.auth, d.unit if d else p.unit, "edit", str(_NEED_EDIT))
    data = payload.dict(exclude_unset=True)
    if "abo" in data and data["abo"] is None:
        data["abo"] = ""
    d = services.update_donor(actor=request.auth, person=p, **data)
    return _donor(Donor.objects.select_related("person").get(pk=d.pk), True)


@router.get("/blood/donors/{int:person_id}/eligibility", response=VerdictOut,
            summary="Điều kiện hiến máu vào một ngày: lý do và ngày được hiến")  # fmt: skip
def check(request, person_id: Id, on: Day | None = None, weight_kg: Decimal | None = None):
    p, d = _person_donor(request, person_id)
    unit = d.unit if d else p.unit
    require_perm_on(request.auth, unit, "edit", str(_NEED_EDIT))
    log_sensitive_view(actor=request.auth, person=p, fields=("eligibility",))
    return _verdict(services.check(p, on or timezone.localdate(), weight=weight_kg, unit=unit))


class RosterFilter(Schema):
    abo: Abo | None = None
    rh: Rh | None = None
    on: Day | None = None
    commune: Code = ""


@router.get("/units/{int:unit_id}/blood/roster", response=list[BloodDonorOut],
            summary="Ngân hàng máu sống: ai có thể hiến nhóm máu này vào ngày này")  # fmt: skip
def roster(request, unit_id: Id, filters: Query[RosterFilter]):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "edit", str(_NEED_EDIT))
    q = selectors.RosterQuery(abo=filters.abo or "", rh=filters.rh or "",
                              on=filters.on or timezone.localdate(), commune=filters.commune)  # fmt: skip
    return [_donor(d, True) for d in selectors.roster(request.auth, unit, q)]


@router.get("/units/{int:unit_id}/blood/honours", response=list[HonourOut],
            summary="Người đạt mốc tôn vinh trong năm")  # fmt: skip
def honours(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    year = year or timezone.localdate().year
    rows: list[Honour] = list(selectors.honours_of(request.auth, unit, year))
    return [
        {"id": h.pk, "person_id": h.person_id, "full_name": h.person.full_name,
         "unit_id": h.unit_id, "milestone": h.milestone, "reached_on": h.reached_on,
         "awarded_on": h.awarded_on}
        for h in rows
    ]  # fmt: skip


# --- rules ---------------------------------------------------------------------------------------


@router.get("/units/{int:unit_id}/blood/rules", response=list[BloodRuleOut],
            summary="Tiêu chuẩn hiến máu áp dụng ở đơn vị (mới nhất trước)")  # fmt: skip
def rules(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return [
        {"id": r.pk, "unit_id": r.unit_id, "effective_from": r.effective_from,
         "min_age": r.min_age, "max_age": r.max_age, "min_weight_female": r.min_weight_female,
         "min_weight_male": r.min_weight_male, "volume_steps": r.volume_steps,
         "whole_blood_days": r.whole_blood_days, "apheresis_days": r.apheresis_days,
         "source": r.source}
        for r in eligibility.rules_for(unit)
    ]  # fmt: skip


@router.post("/units/{int:unit_id}/blood/rules", response={201: dict},
             summary="Thêm tiêu chuẩn có hiệu lực từ một ngày (tỉnh; toàn quốc ở Trung ương)")  # fmt: skip
def add_rule(request, unit_id: Id, payload: BloodRuleIn):
    unit = get_unit_for_user(request.auth, unit_id)
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.CENTRAL):
        raise Http404
    require_perm_on(request.auth, unit, "manage", str(_NEED_MANAGE))
    data = payload.dict()
    data["volume_steps"] = [list(s) for s in data["volume_steps"]]
    target = None if unit.kind == UnitKind.CENTRAL else unit
    rule = services.save_rule(actor=request.auth, unit=target, **data)
    return Status(201, {"id": rule.pk, "effective_from": rule.effective_from})


# --- the blood centre's result list --------------------------------------------------------------


@router.post("/blood/drives/{int:drive_id}/results", response={201: ImportOut},
             summary="Tải danh sách kết quả của cơ sở tiếp nhận máu (xem trước)")  # fmt: skip
def upload_results(request, drive_id: Id, file: File[UploadedFile]):
    d = selectors.get_drive_for_user(request.auth, drive_id)
    require_perm_on(request.auth, d.unit, "edit", str(_NEED_EDIT))
    suffix = Path(file.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        imp = results.preview(actor=request.auth, drive=d, path=Path(tmp.name),
                              file_name=file.name or "")  # fmt: skip
    return Status(201, {"id": imp.pk, "drive_id": d.pk, "status": imp.status,
                        "lines": imp.lines, "errors": imp.errors})  # fmt: skip


@router.post("/blood/results/{int:import_id}/commit", response=dict,
             summary="Ghi toàn bộ danh sách kết quả (không ghi gì khi còn dòng lỗi)")  # fmt: skip
def commit_results(request, import_id: Id):
    imp = selectors.get_import_for_user(request.auth, import_id)
    return {"written": results.commit(actor=request.auth, imp=imp)}
