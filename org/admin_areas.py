"""Loading Vietnam's administrative units from the ``vietnam-provinces`` package."""

from django.db import transaction
from vietnam_provinces import Province, Ward

from core.text import search_key

from .models import AdminArea, BaseType

# vietnam-provinces division types (values of VietNamDivisionType) -> our base types.
DIVISION_BASE_TYPE = {
    "xã": BaseType.COMMUNE,
    "phường": BaseType.WARD,
    "đặc khu": BaseType.SPECIAL_ZONE,
}


def province_name(province) -> str:
    """The province's full name: the package spells 28 provinces without "Tỉnh" ("Cao Bằng")."""
    name = province.name
    kind = province.division_type.value
    if not name.lower().startswith(kind.removesuffix(" trung ương")):
        name = f"{kind[:1].upper()}{kind[1:]} {name}"
    return name


def association_unit_name(prefix: str, area_name: str) -> str:
    """ "Hội Chữ thập đỏ" + "Phường Hải Châu" -> "Hội Chữ thập đỏ phường Hải Châu"."""
    return f"{prefix} {area_name[:1].lower()}{area_name[1:]}"


def province_code(code) -> str:
    return f"{int(code):02d}"


def commune_code(code) -> str:
    return f"{int(code):05d}"


@transaction.atomic
def load_admin_areas(province: str | None = None) -> tuple[int, int]:
    """Insert or update provinces and communes; returns (provinces, communes) loaded.

    Idempotent: rows are upserted by official code.
    """
    rows: list[AdminArea] = []
    provinces = communes = 0
    for p in Province.iter_all():
        pcode = province_code(p.code)
        if province and pcode != province_code(province):
            continue
        provinces += 1
        name = province_name(p)
        rows.append(
            AdminArea(
                code=pcode,
                name=name,
                level=AdminArea.Level.PROVINCE,
                division_type=p.division_type.value,
                province_code=pcode,
                search_key=search_key(name),
            )
        )
    for w in Ward.iter_all():
        pcode = province_code(w.province_code)
        if province and pcode != province_code(province):
            continue
        communes += 1
        rows.append(
            AdminArea(
                code=commune_code(w.code),
                name=w.name,
                level=AdminArea.Level.COMMUNE,
                division_type=w.division_type.value,
                province_code=pcode,
                search_key=search_key(w.name),
            )
        )
    AdminArea.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "division_type", "province_code", "search_key"],
    )
    return provinces, communes
