"""Writes to the organisation tree. Each service is atomic and writes one audit event."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.marks import note_changed
from core.text import nfc

from ..admin_areas import DIVISION_BASE_TYPE, association_unit_name
from ..models import (
    ALLOWED_CHILDREN,
    AdminArea,
    AssociationProfile,
    BaseType,
    CongressTerm,
    TermLevel,
    Unit,
    UnitKind,
)
from ..presets import PRESETS

# The reform that abolished the district level and merged provinces and communes (Nghị quyết
# 202/2025/QH15 and the Standing Committee's resolutions): the first day of the new tree.
REFORM_DAY = datetime.date(2025, 7, 1)


def _check_child_kind(parent: Unit | None, kind: str) -> None:
    if kind not in UnitKind.values:
        raise ValidationError(_("Cấp đơn vị không hợp lệ: %(kind)s.") % {"kind": kind})
    if parent is not None and not parent.is_current:
        raise ValidationError(
            _("%(parent)s đã ngừng hoạt động, không thể thêm đơn vị trực thuộc.")
            % {"parent": parent.name}
        )
    if parent is None:
        if kind != UnitKind.CENTRAL:
            raise ValidationError(_("Chỉ Trung ương Hội mới là đơn vị gốc."))
        return
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise ValidationError(
            _("Không thể đặt %(child)s dưới %(parent)s.")
            % {"child": UnitKind(kind).label, "parent": UnitKind(parent.kind).label}
        )


@transaction.atomic
def create_unit(
    *,
    actor,
    parent: Unit | None,
    name: str,
    kind: str,
    base_type: str = "",
    admin_code: str = "",
    valid_from: datetime.date | None = None,
) -> Unit:
    _check_child_kind(parent, kind)
    if base_type and kind != UnitKind.BASE:
        raise ValidationError(_("Chỉ Hội cơ sở mới có loại hội cơ sở."))
    if base_type and base_type not in BaseType.values:
        raise ValidationError(_("Loại hội cơ sở không hợp lệ: %(type)s.") % {"type": base_type})
    if admin_code and not AdminArea.objects.filter(code=admin_code).exists():
        raise ValidationError(_("Không có đơn vị hành chính mã %(code)s.") % {"code": admin_code})
    name = nfc(name)
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    fields: dict[str, object] = {
        "name": name,
        "kind": kind,
        "base_type": base_type,
        "admin_code": admin_code,
    }
    if valid_from:
        fields["valid_from"] = valid_from
    if parent is None:
        unit = Unit.objects.add_root(fields)
    else:
        # The manager locks the parent row and reads its current path (treebeard 7 API).
        unit = Unit.objects.add_child(parent, fields)
    note_changed(unit_ids=[unit.pk], since=unit.valid_from)  # its kind's count, up the tree
    audit.record(
        actor=actor,
        action="org.unit.create",
        unit=unit,
        obj=unit,
        data=fields | {"valid_from": str(unit.valid_from)},
    )
    return unit


@transaction.atomic
def apply_profile_preset(*, actor, preset: str, name: str = "") -> AssociationProfile:
    data = PRESETS[preset]
    profile, _created = AssociationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "preset": preset,
            "name": name or data["name"],
            "short_name": data["short_name"],
            "member_categories": data["member_categories"],
            "terminology": data["terminology"],
            "volunteer_min_age": data.get("volunteer_min_age", 18),
        },
    )
    # The preset's congress terms, where the association has recorded none for a level yet.
    for level, terms in data.get("terms", {}).items():
        if not CongressTerm.objects.filter(level=level).exists():
            CongressTerm.objects.bulk_create(
                [CongressTerm(level=level, start_year=s, end_year=e) for s, e in terms]
            )
    audit.record(
        actor=actor, action="org.profile.apply_preset", obj=profile, data={"preset": preset}
    )
    return profile


@transaction.atomic
def create_units_for_province(*, actor, central: Unit, province_code: str) -> Unit:
    """Create (or find) a province unit and one base association per commune of the province.

    Idempotent by official code: running it again adds only what is missing.
    """
    profile = AssociationProfile.current()
    short = profile.term("unit_prefix", "Hội") if profile else "Hội"
    area = AdminArea.objects.filter(code=province_code, level=AdminArea.Level.PROVINCE).first()
    if area is None:
        raise ValidationError(
            _("Chưa nạp đơn vị hành chính mã %(code)s.") % {"code": province_code}
        )
    province = (
        Unit.objects.subtree_of(central)
        .filter(kind=UnitKind.PROVINCE, admin_code=province_code, valid_to__isnull=True)
        .first()
    )
    if province is None:
        province = create_unit(
            actor=actor,
            parent=central,
            name=association_unit_name(short, area.name),
            kind=UnitKind.PROVINCE,
            admin_code=province_code,
        )
    # Bases that ended before the reform of 1/7/2025 carry the old codes, which today's codes
    # reuse: they do not stand for a current commune.
    existing = set(
        Unit.objects.subtree_of(province)
        .filter(kind=UnitKind.BASE)
        .exclude(valid_to__lt=REFORM_DAY)
        .values_list("admin_code", flat=True)
    )
    communes = AdminArea.objects.filter(level=AdminArea.Level.COMMUNE, province_code=province_code)
    for commune in communes.order_by("code"):
        if commune.code in existing:
            continue
        create_unit(
            actor=actor,
            parent=province,
            name=association_unit_name(short, commune.name),
            kind=UnitKind.BASE,
            base_type=DIVISION_BASE_TYPE.get(commune.division_type, ""),
            admin_code=commune.code,
        )
    return province


@transaction.atomic
def setup_association(*, actor, preset: str, name: str = "") -> Unit:
    """Create or update the association profile and its central unit; returns the central unit."""
    profile = AssociationProfile.current()
    if profile is None or profile.preset != preset or (name and profile.name != name):
        profile = apply_profile_preset(actor=actor, preset=preset, name=name)
    central = Unit.objects.get_root_nodes().filter(kind=UnitKind.CENTRAL).first()
    if central is None:
        central = create_unit(
            actor=actor,
            parent=None,
            name=profile.term("central", profile.name),
            kind=UnitKind.CENTRAL,
        )
    return central


def _check_categories(categories: list[dict]) -> None:
    codes = [c.get("code", "") for c in categories]
    if not categories:
        raise ValidationError(_("Hội cần ít nhất một loại hội viên."))
    if any(not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", code) for code in codes):
        raise ValidationError(
            _("Mã loại hội viên chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.")
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Mã loại hội viên bị trùng."))
    if any(not nfc(c.get("name", "")) for c in categories):
        raise ValidationError(_("Mỗi loại hội viên cần có tên."))


@transaction.atomic
def update_profile(
    *,
    actor,
    name: str,
    short_name: str,
    member_categories: list[dict],
    terminology: dict[str, str],
    volunteer_min_age: int | None = None,
) -> AssociationProfile:
    profile = AssociationProfile.objects.select_for_update().get(pk=1)
    _check_categories(member_categories)
    before = {
        "name": profile.name,
        "short_name": profile.short_name,
        "member_categories": profile.member_categories,
        "terminology": profile.terminology,
        "volunteer_min_age": profile.volunteer_min_age,
    }
    if volunteer_min_age is not None:
        if not 6 <= volunteer_min_age <= 30:
            # FDRS counts volunteers from 6 (its 6–12 band); no charter asks more than 30.
            raise ValidationError({"volunteer_min_age": [_("Tuổi tối thiểu phải từ 6 đến 30.")]})
        profile.volunteer_min_age = volunteer_min_age
    profile.name = nfc(name)
    profile.short_name = nfc(short_name)
    profile.member_categories = [
        {"code": c["code"], "name": nfc(c["name"])} for c in member_categories
    ]
    profile.terminology = {k.strip(): nfc(v) for k, v in terminology.items() if k.strip()}
    if not profile.name or not profile.short_name:
        raise ValidationError(_("Tên Hội và tên viết tắt không được để trống."))
    profile.save()
    audit.record(actor=actor, action="org.profile.update", obj=profile, data={"before": before})
    return profile


def check_congress_term(
    *, level: str, start_year: int, end_year: int, exclude_pk: int | None = None
) -> None:
    """The checks of :func:`save_congress_term` (the admin's form runs them before saving)."""
    if level not in TermLevel.values:
        raise ValidationError({"level": [_("Cấp không hợp lệ.")]})
    if not 1945 <= start_year <= 2100 or not 1945 <= end_year <= 2100:
        raise ValidationError(_("Năm không hợp lệ."))
    if end_year <= start_year:
        raise ValidationError({"end_year": [_("Năm kết thúc phải sau năm bắt đầu.")]})
    others = CongressTerm.objects.filter(level=level)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # Terms of a level follow each other: they may share the congress year, never more.
    overlap = others.filter(start_year__lt=end_year, end_year__gt=start_year).first()
    if overlap is not None:
        raise ValidationError(
            _("Nhiệm kỳ %(new)s trùng với nhiệm kỳ %(old)s.")
            % {"new": f"{start_year}–{end_year}", "old": overlap.label}
        )


@transaction.atomic
def save_congress_term(
    *,
    actor,
    term: CongressTerm | None = None,
    level: str,
    start_year: int,
    end_year: int,
    note: str = "",
) -> CongressTerm:
    """Record a congress term (nhiệm kỳ) of a level, or correct one (``term``)."""
    check_congress_term(
        level=level,
        start_year=start_year,
        end_year=end_year,
        exclude_pk=term.pk if term is not None else None,
    )
    before = None if term is None else [term.level, term.start_year, term.end_year]
    since = start_year if term is None else min(start_year, term.start_year)
    term = term or CongressTerm()
    term.level, term.start_year, term.end_year, term.note = level, start_year, end_year, nfc(note)
    term.save()
    # Denominators are read within a term: every unit's figures may change (a rare write).
    note_changed(
        unit_ids=list(Unit.objects.values_list("pk", flat=True)),
        since=datetime.date(since, 1, 1),
    )
    audit.record(
        actor=actor,
        action="org.term.save",
        obj=term,
        data={"level": level, "period": [start_year, end_year], "before": before},
    )
    return term
