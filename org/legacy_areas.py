"""Vietnam's administrative units before 1/7/2025 and the mapping to today's, from the PyPI
package ``vietnamadminunits`` (MIT): its 63-province dataset (provinces, districts, communes with
their official codes) and its 2025 converter data (old province -> new province, old commune ->
new commune, with the old communes divided between several new ones and the default of each).

The package's own parser pulls in geocoding; only its data files are read here, from where the
package is installed (no import of its modules).

Its new communes carry codes that differ from the official list for about a hundred communes, so
they are matched to :class:`~org.models.AdminArea` (loaded from ``vietnam-provinces``, the
official codes) by province and name, tone marks compared letter by letter ("Hòa" = "Hoà").
"""

import dataclasses
import functools
import importlib.util
import json
import sqlite3
import unicodedata
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import search_key

from .admin_areas import load_admin_areas
from .models import AdminArea, BaseType, LegacyArea, LegacySuccession

# Old commune types -> base types (a "thị trấn" was the seat of a district).
LEGACY_BASE_TYPE = {
    "xã": BaseType.COMMUNE,
    "phường": BaseType.WARD,
    "thị trấn": BaseType.TOWNLET,
}


@dataclasses.dataclass
class Source:
    """The package's data, as plain rows (tests pass a changed copy to check the refusals)."""

    # (provinceCode, province, provinceKey, districtCode, district, districtType, districtKey,
    #  wardCode, ward, wardType, wardKey); ward fields None for a district without communes.
    legacy: list[tuple]
    # (provinceCode, province, provinceKey, wardCode, ward, wardKey)
    new: list[tuple]
    # new province key -> [old province keys]
    provinces: dict[str, list[str]]
    # new province key -> {new ward key: ["oldprov_olddist_oldward", ...]}
    whole: dict[str, dict[str, list[str]]]
    # new province key -> {"oldprov_olddist_oldward": [{"newWardKey", "isDefaultNewWard"}, ...]}
    divided: dict[str, dict[str, list[dict]]]


def package_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ValidationError(
            _("Chưa cài gói vietnamadminunits (pip install -r requirements.txt).")
        )
    return Path(list(spec.submodule_search_locations)[0])


@functools.cache
def package_source() -> Source:
    data = package_dir() / "data"
    with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as conn:
        legacy = conn.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtType, "
            "districtKey, wardCode, ward, wardType, wardKey FROM admin_units_legacy"
        ).fetchall()
        new = conn.execute(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey FROM admin_units"
        ).fetchall()
    conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    return Source(
        legacy=legacy,
        new=new,
        provinces=conv["DICT_PROVINCE"],
        whole=conv["DICT_PROVINCE_WARD_NO_DIVIDED"],
        divided=conv["DICT_PROVINCE_WARD_DIVIDED"],
    )


def name_key(name: str) -> str:
    """A commune name compared across sources: case, dash and apostrophe styles and the place of
    the tone mark ("Hòa"/"Hoà") do not count; the letters and marks themselves do."""
    name = name.replace("’", "'").replace("–", "-").replace("‘", "'").lower()
    words = []
    for word in name.split():
        decomposed = unicodedata.normalize("NFD", word)
        letters = "".join(c for c in decomposed if not unicodedata.combining(c))
        marks = "".join(sorted(c for c in decomposed if unicodedata.combining(c)))
        words.append(f"{letters}{marks}")
    return " ".join(words)


@dataclasses.dataclass
class Loaded:
    new_code: str
    old_provinces: list[str]
    districts: int
    communes: int
    divided: int


def _fail(message: str, codes: list[str]) -> ValidationError:
    shown = ", ".join(sorted(codes)[:20]) + (" …" if len(codes) > 20 else "")
    return ValidationError(f"{message}: {shown}")


def new_province_codes(source: Source | None = None) -> list[str]:
    source = source or package_source()
    return sorted({r[0] for r in source.new})


def resolve_province(code: str, source: Source | None = None) -> str:
    """The current province ``code`` names: a current code as is, an old one (e.g. 49, Quảng Nam)
    the province it became part of."""
    source = source or package_source()
    code = f"{int(code):02d}" if code.isdigit() else code
    if code in new_province_codes(source):
        return code
    old_key = {r[0]: r[2] for r in source.legacy}.get(code)
    new_key = next((k for k, olds in source.provinces.items() if old_key in olds), None)
    by_key = {r[2]: r[0] for r in source.new}
    if old_key is None or new_key not in by_key:
        raise ValidationError(
            _("Không có tỉnh mã %(code)s (trước hay sau 1/7/2025).") % {"code": code}
        )
    return by_key[new_key]


def load_legacy_areas(province: str | None = None, source: Source | None = None) -> list[Loaded]:
    """Upsert the pre-reform units and their successions, one transaction per current province
    (all of them, or the one ``province`` names). Idempotent: rows are keyed by level and code and
    a province's successions are rewritten whole. Refuses (naming the codes) a mapping that names
    an unknown unit, an old commune left unmapped, a division whose parts do not add up."""
    source = source or package_source()
    codes = [resolve_province(province, source)] if province else new_province_codes(source)
    return [_load_province(code, source) for code in codes]


# Old unit -> [(new official commune code, is default)], keyed by (level, old code).
Targets = dict[tuple[str, str], list[tuple[str, bool]]]


@transaction.atomic
def _load_province(new_code: str, source: Source) -> Loaded:
    if not AdminArea.objects.filter(province_code=new_code, level=AdminArea.Level.COMMUNE).exists():
        load_admin_areas(new_code)
    new_key = next(r[2] for r in source.new if r[0] == new_code)
    rows = _old_rows(new_code, new_key, source)
    new_by_key = _new_communes(new_code, source)
    areas, old_by_key = _old_areas(new_code, rows)
    targets, divided = _targets(new_code, new_key, source, new_by_key, old_by_key)
    _check_coverage(new_code, areas, targets, new_by_key)
    _write(new_code, areas, targets)
    return Loaded(
        new_code=new_code,
        old_provinces=sorted({r[0] for r in rows}),
        districts=sum(1 for lv, _c in areas if lv == "district"),
        communes=sum(1 for lv, _c in areas if lv == "commune"),
        divided=divided,
    )


def _old_rows(new_code: str, new_key: str, source: Source) -> list[tuple]:
    """The package's rows of the old provinces that make up the province ``new_code``."""
    old_keys = source.provinces.get(new_key)
    if not old_keys:
        raise _fail(_("Bảng chuyển đổi không có các tỉnh cũ của tỉnh mã"), [new_code])
    rows = [r for r in source.legacy if r[2] in old_keys]
    found = {r[2] for r in rows}
    if found != set(old_keys):
        raise _fail(
            _("Bảng chuyển đổi của tỉnh %(code)s nêu tỉnh cũ không có trong dữ liệu")
            % {"code": new_code},
            sorted(set(old_keys) - found),
        )
    return rows


def _new_communes(new_code: str, source: Source) -> dict[str, str]:
    """{the package's new ward key: official commune code}, matched by name."""
    # Today's communes by name (the package's own new codes are not the official ones).
    official = {
        name_key(a.name): a.code
        for a in AdminArea.objects.filter(province_code=new_code, level=AdminArea.Level.COMMUNE)
    }
    new_by_key: dict[str, str] = {}
    unmatched = []
    for pcode, _p, _pk, wcode, wname, wkey in source.new:
        if pcode != new_code:
            continue
        code = official.get(name_key(wname))
        if code is None:
            unmatched.append(f"{wcode} {wname}")
        else:
            new_by_key[wkey] = code
    if unmatched:
        raise _fail(
            _("Không tìm thấy trong danh mục hiện hành (tỉnh %(code)s) các xã/phường")
            % {"code": new_code},
            unmatched,
        )
    return new_by_key


def _old_areas(
    new_code: str, rows: list[tuple]
) -> tuple[dict[tuple[str, str], LegacyArea], dict[str, tuple[str, str]]]:
    """The old units as unsaved LegacyArea rows keyed by (level, code), and the mapping's keys
    ("prov_dist_ward") -> (level, code)."""
    areas: dict[tuple[str, str], LegacyArea] = {}
    old_by_key: dict[str, tuple[str, str]] = {}  # "prov_dist_ward" -> (level, code)
    for pcode, pname, pkey, dcode, dname, dtype, dkey, wcode, wname, wtype, wkey in rows:
        areas.setdefault(
            ("province", pcode),
            LegacyArea(
                level=LegacyArea.Level.PROVINCE,
                code=pcode,
                name=pname,
                division_type="thành phố" if pname.startswith("Thành phố") else "tỉnh",
                province_code=pcode,
                new_province_code=new_code,
                search_key=search_key(pname),
            ),
        )
        areas.setdefault(
            ("district", dcode),
            LegacyArea(
                level=LegacyArea.Level.DISTRICT,
                code=dcode,
                name=dname,
                division_type=(dtype or "").lower(),
                province_code=pcode,
                new_province_code=new_code,
                search_key=search_key(dname),
            ),
        )
        if wcode is None:  # an island district without communes: the district itself maps
            old_by_key[f"{pkey}_{dkey}_"] = ("district", dcode)
            continue
        if ("commune", wcode) in areas:
            raise _fail(_("Mã xã/phường cũ bị trùng"), [wcode])
        areas[("commune", wcode)] = LegacyArea(
            level=LegacyArea.Level.COMMUNE,
            code=wcode,
            name=wname,
            division_type=(wtype or "").lower(),
            province_code=pcode,
            district_code=dcode,
            new_province_code=new_code,
            search_key=search_key(wname),
        )
        old_by_key[f"{pkey}_{dkey}_{wkey}"] = ("commune", wcode)
    return areas, old_by_key


def _targets(
    new_code: str,
    new_key: str,
    source: Source,
    new_by_key: dict[str, str],
    old_by_key: dict[str, tuple[str, str]],
) -> tuple[Targets, int]:
    """Where each old unit went, and how many old units were divided; refuses a mapping that
    names an unknown unit or a division whose parts do not add up."""
    targets: Targets = defaultdict(list)
    unknown_old: list[str] = []
    unknown_new: list[str] = []
    for wkey, olds in source.whole.get(new_key, {}).items():
        if wkey not in new_by_key:
            unknown_new.append(wkey)
            continue
        for old in olds:
            if old not in old_by_key:
                unknown_old.append(old)
                continue
            targets[old_by_key[old]].append((new_by_key[wkey], True))
    bad_split: list[str] = []
    divided = 0
    for old, parts in source.divided.get(new_key, {}).items():
        if old not in old_by_key:
            unknown_old.append(old)
            continue
        ref = old_by_key[old]
        if targets.get(ref):
            # Whole somewhere and divided too: the parts do not add up.
            bad_split.append(ref[1])
            continue
        defaults = sum(1 for p in parts if p.get("isDefaultNewWard"))
        news = [p.get("newWardKey") for p in parts]
        if len(parts) < 2 or defaults != 1 or len(set(news)) != len(news):
            bad_split.append(ref[1])
            continue
        for p in parts:
            if p["newWardKey"] not in new_by_key:
                unknown_new.append(p["newWardKey"])
                continue
            targets[ref].append((new_by_key[p["newWardKey"]], bool(p["isDefaultNewWard"])))
        divided += 1
    _check_mapping(new_code, unknown_old, unknown_new, bad_split)
    return targets, divided


def _check_mapping(
    new_code: str, unknown_old: list[str], unknown_new: list[str], bad_split: list[str]
) -> None:
    if unknown_old:
        raise _fail(
            _("Bảng chuyển đổi của tỉnh %(code)s nêu đơn vị cũ không có trong dữ liệu")
            % {"code": new_code},
            unknown_old,
        )
    if unknown_new:
        raise _fail(
            _("Bảng chuyển đổi của tỉnh %(code)s nêu xã/phường mới không có trong dữ liệu")
            % {"code": new_code},
            unknown_new,
        )
    if bad_split:
        raise _fail(
            _(
                "Các phần chia tách không khớp (cần ít nhất hai xã/phường mới khác nhau, đúng một "
                "nơi mặc định, và không đồng thời sáp nhập nguyên) ở xã/phường cũ"
            ),
            bad_split,
        )


def _check_coverage(
    new_code: str,
    areas: dict[tuple[str, str], LegacyArea],
    targets: Targets,
    new_by_key: dict[str, str],
) -> None:
    """Every old commune goes somewhere and every new commune comes from somewhere."""
    unmapped = [
        code for (level, code) in areas if level == "commune" and ("commune", code) not in targets
    ]
    if unmapped:
        raise _fail(
            _("Xã/phường cũ chưa có nơi sáp nhập trong bảng chuyển đổi (tỉnh %(code)s)")
            % {"code": new_code},
            unmapped,
        )
    reached = {c for ts in targets.values() for c, _d in ts}
    orphans = sorted(set(new_by_key.values()) - reached)
    if orphans:
        raise _fail(
            _("Xã/phường mới không có đơn vị cũ nào sáp nhập vào (tỉnh %(code)s)")
            % {"code": new_code},
            orphans,
        )


def _write(new_code: str, areas: dict[tuple[str, str], LegacyArea], targets: Targets) -> None:
    """Upsert the old units and rewrite the province's successions whole."""
    LegacyArea.objects.bulk_create(
        list(areas.values()),
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["level", "code"],
        update_fields=[
            "name",
            "division_type",
            "province_code",
            "district_code",
            "new_province_code",
            "search_key",
        ],
    )
    ids = {
        (a.level, a.code): a.pk
        for a in LegacyArea.objects.filter(new_province_code=new_code).only("level", "code")
    }
    LegacySuccession.objects.filter(old__new_province_code=new_code).delete()
    LegacySuccession.objects.bulk_create(
        [
            LegacySuccession(old_id=ids[ref], new_id=code, is_default=default)
            for ref, ts in targets.items()
            for code, default in ts
        ],
        batch_size=1000,
    )
