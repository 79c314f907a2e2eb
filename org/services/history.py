"""History before 1/7/2025: the tree of 63 provinces, ~700 districts and ~10,000 communes, and the
reform of 1/7/2025 replayed through the reorganisation services.

:func:`attach_history` builds, for one current province, the units as they stood until 30/6/2025
(old province -> district -> one base per old commune, from :class:`~org.models.LegacyArea`) and
replays the reform on its first day with the services every reorganisation uses:

1. today's bases of the province: the ones that exist are kept (a deployment without history
   keeps its numbers), the missing ones are created from 1/7/2025;
2. the old provinces that joined another: :func:`~org.services.reorg.merge_units` into the one
   whose code the new province kept (their districts move under it, recorded as moves);
3. an old commune divided between several new ones: :func:`~org.services.levels.split_into` (its
   people go to the default new commune of the mapping, or to the one the user chose); old
   communes merged whole into a new one: :func:`~org.services.reorg.merge_units`;
4. each district: :func:`~org.services.levels.end_level` (what still hangs under it moves up, the
   people it kept go to the province; its old communes stay under it, ended). A new name of the
   province is a rename on 1/7/2025.

So today's tree is the one ``setup_association`` builds without history (same units and codes),
and as of any date before the reform the tree is the old one (ended units, recorded moves).
"""

import dataclasses
import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core import audit
from core.marks import note_changed

from ..admin_areas import DIVISION_BASE_TYPE, association_unit_name
from ..bulk import NodeSpec, bulk_add_children
from ..legacy_areas import LEGACY_BASE_TYPE
from ..models import (
    AdminArea,
    AssociationProfile,
    LegacyArea,
    LegacySuccession,
    Unit,
    UnitKind,
)
from .levels import end_level, split_into
from .reorg import merge_units, rename_unit
from .units import REFORM_DAY, create_unit


@dataclasses.dataclass
class Replayed:
    province: Unit
    old_provinces: int = 0
    districts: int = 0
    old_bases: int = 0
    new_bases: int = 0
    merges: int = 0
    splits: int = 0


def _prefix() -> str:
    profile = AssociationProfile.current()
    return profile.term("unit_prefix", "Hội") if profile else "Hội"


def history_codes(new_code: str) -> list[str]:
    """Codes of the district units already built for the current province ``new_code``."""
    codes = LegacyArea.objects.filter(
        new_province_code=new_code, level=LegacyArea.Level.DISTRICT
    ).values_list("code", flat=True)
    return sorted(
        Unit.objects.filter(kind=UnitKind.DISTRICT, admin_code__in=list(codes)).values_list(
            "admin_code", flat=True
        )
    )


def _check_choices(
    new_code: str, targets: dict[str, list[tuple[str, bool]]], choices: dict[str, str]
) -> None:
    bad = [
        f"{old}={new}"
        for old, new in choices.items()
        if len(targets.get(old, [])) < 2 or new not in {c for c, _d in targets[old]}
    ]
    if bad:
        raise ValidationError(
            _(
                "Lựa chọn nơi nhận hội viên không hợp lệ (xã/phường cũ không bị chia tách trong "
                "tỉnh %(code)s, hoặc xã/phường mới không nhận phần nào của nó): %(codes)s"
            )
            % {"code": new_code, "codes": ", ".join(sorted(bad))}
        )


@transaction.atomic
def attach_history(
    *,
    actor,
    central: Unit,
    province_code: str,
    members_to: dict[str, str] | None = None,
    on: datetime.date = REFORM_DAY,
) -> Replayed:
    """Build the pre-reform subtree of the current province ``province_code`` and replay the
    reform (see the module). ``members_to``: {old commune code: new commune code} for divided
    communes whose people go elsewhere than the mapping's default. One transaction: a refusal
    leaves nothing written."""
    build_history(actor=actor, central=central, province_code=province_code, members_to=members_to)
    return replay_reform(
        actor=actor, central=central, province_code=province_code, members_to=members_to, on=on
    )


def _legacy_of(new_code: str) -> tuple[AdminArea, list[LegacyArea]]:
    area = AdminArea.objects.filter(code=new_code, level=AdminArea.Level.PROVINCE).first()
    legacy = list(LegacyArea.objects.filter(new_province_code=new_code).order_by("code"))
    if area is None or not legacy:
        raise ValidationError(
            _(
                "Chưa nạp dữ liệu trước 1/7/2025 của tỉnh %(code)s: chạy manage.py "
                "load_admin_units --legacy --province %(code)s."
            )
            % {"code": new_code}
        )
    return area, legacy


def _targets(new_code: str) -> tuple[dict[str, list[tuple[str, bool]]], dict[str, str]]:
    """{old commune: [(new commune, is default)]} and {island district: new commune}."""
    targets: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    island: dict[str, str] = {}
    for old_level, old_code, new, default in LegacySuccession.objects.filter(
        old__new_province_code=new_code
    ).values_list("old__level", "old__code", "new_id", "is_default"):
        if old_level == LegacyArea.Level.DISTRICT:
            island[old_code] = new
        else:
            targets[old_code].append((new, default))
    return targets, island


def _date_existing_bases(bases: list[Unit], on: datetime.date) -> None:
    """A deployment set up without history made today's bases "since ever": they begin on the
    reform's day, so the tree of an earlier date holds the old units only. A base that already
    holds memberships from before that day (recorded on it for lack of the old tree) keeps its
    date: its members then are still counted somewhere."""
    early = [b for b in bases if b.valid_from < on]
    if not early:
        return
    from members.models import Membership

    province_path = early[0].path[: -Unit.steplen]
    paths = set(
        Membership.objects.filter(unit_path__startswith=province_path, joined_on__lt=on)
        .order_by()
        .values_list("unit_path", flat=True)
        .distinct()
    )
    kept = {b.pk for b in early if any(p.startswith(b.path) for p in paths)}
    dated = [b for b in early if b.pk not in kept]
    if not dated:
        return
    since = min(b.valid_from for b in dated)
    Unit.objects.filter(pk__in=[b.pk for b in dated]).update(valid_from=on)
    for b in dated:
        b.valid_from = on
    note_changed(unit_ids=[b.pk for b in dated], since=max(since, datetime.date(2000, 1, 1)))


def _analyze() -> None:
    """PostgreSQL: refresh the planner's statistics of the tree after a bulk build. Thousands of
    units appear at once and the replay then asks for them by path and id some ten thousand
    times; with the stale estimates of a small tree the planner scans instead (the whole
    country's replay took three times as long)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE org_unit, org_unitchange, org_unitsuccession")


@transaction.atomic
def build_history(
    *, actor, central: Unit, province_code: str, members_to: dict[str, str] | None = None
) -> Unit:
    """The units of the current province ``province_code`` as they stood on 30/6/2025, all
    current until :func:`replay_reform` runs (records of before the reform can be entered on
    them in between, and follow the reform with them). Returns the province that kept the
    code."""
    new_code = province_code
    area, legacy = _legacy_of(new_code)
    _check_not_built(new_code)
    targets, _island = _targets(new_code)
    _check_choices(new_code, targets, members_to or {})

    prefix = _prefix()
    provinces = [a for a in legacy if a.level == LegacyArea.Level.PROVINCE]
    specs = _DistrictSpecs(prefix, legacy)
    keeper_area = next((p for p in provinces if p.code == new_code), provinces[0])
    others = [p for p in provinces if p is not keeper_area]
    keeper = _keeper_for_build(actor, central, new_code, prefix, keeper_area)
    bulk_add_children(keeper, specs.of(keeper_area))
    bulk_add_children(
        central,
        [
            NodeSpec(
                name=association_unit_name(prefix, p.name),
                kind=UnitKind.PROVINCE,
                admin_code=p.code,
                children=specs.of(p),
            )
            for p in others
        ],
    )
    _analyze()
    audit.record(
        actor=actor,
        action="org.history.build",
        unit=keeper,
        obj=keeper,
        data={"province": new_code, "old_provinces": [p.code for p in provinces]},
    )
    return keeper


def _check_not_built(new_code: str) -> None:
    built = history_codes(new_code)
    if built:
        raise ValidationError(
            _(
                "Tỉnh %(code)s đã có cây đơn vị trước 1/7/2025 (Hội cấp huyện mã %(codes)s); "
                "không tạo lại."
            )
            % {"code": new_code, "codes": ", ".join(built[:10])}
        )


class _DistrictSpecs:
    """The old districts of an old province with their old communes, as units to build."""

    def __init__(self, prefix: str, legacy: list[LegacyArea]) -> None:
        self.prefix = prefix
        self.districts: dict[str, list[LegacyArea]] = defaultdict(list)
        self.communes: dict[str, list[LegacyArea]] = defaultdict(list)
        for a in legacy:
            if a.level == LegacyArea.Level.DISTRICT:
                self.districts[a.province_code].append(a)
            elif a.level == LegacyArea.Level.COMMUNE:
                self.communes[a.district_code].append(a)

    def of(self, province: LegacyArea) -> list[NodeSpec]:
        return [
            NodeSpec(
                name=association_unit_name(self.prefix, d.name),
                kind=UnitKind.DISTRICT,
                admin_code=d.code,
                children=[
                    NodeSpec(
                        name=association_unit_name(self.prefix, c.name),
                        kind=UnitKind.BASE,
                        base_type=LEGACY_BASE_TYPE.get(c.division_type, ""),
                        admin_code=c.code,
                    )
                    for c in self.communes[d.code]
                ],
            )
            for d in self.districts[province.code]
        ]


def _keeper_for_build(
    actor, central: Unit, new_code: str, prefix: str, keeper_area: LegacyArea
) -> Unit:
    """Today's province unit of ``new_code``, created (as the old province that kept the code)
    if the deployment has none yet."""
    keeper = (
        Unit.objects.subtree_of(central)
        .filter(kind=UnitKind.PROVINCE, admin_code=new_code, valid_to__isnull=True)
        .first()
    )
    if keeper is None:
        keeper = create_unit(
            actor=actor,
            parent=central,
            name=association_unit_name(prefix, keeper_area.name),
            kind=UnitKind.PROVINCE,
            admin_code=new_code,
        )
    return keeper


@dataclasses.dataclass
class _OldTree:
    """The units :func:`build_history` built, as the replay finds them."""

    keeper: Unit  # today's province, which kept the code
    old_provinces: list[Unit]  # the other old provinces, still current
    districts: list[Unit]
    bases: dict[str, Unit]  # old commune code -> its base


@transaction.atomic
def replay_reform(
    *,
    actor,
    central: Unit,
    province_code: str,
    members_to: dict[str, str] | None = None,
    on: datetime.date = REFORM_DAY,
) -> Replayed:
    """Replay the reform on the subtree :func:`build_history` built (see the module)."""
    new_code = province_code
    members_to = members_to or {}
    area, legacy = _legacy_of(new_code)
    targets, island = _targets(new_code)
    _check_choices(new_code, targets, members_to)
    prefix = _prefix()
    provinces = [a for a in legacy if a.level == LegacyArea.Level.PROVINCE]
    old = _find_old_tree(central, new_code, legacy, targets)
    keeper = old.keeper
    result = Replayed(province=keeper, old_provinces=len(provinces))
    result.districts, result.old_bases = len(old.districts), len(old.bases)

    # 1. Today's bases: kept where they exist (directly under the province), else created.
    new_bases, result.new_bases = _todays_bases(keeper, new_code, prefix, on)

    # 2. The old provinces merge into the one that kept the code: their districts (with the
    # old communes) move under it on 1/7/2025, so today's province holds its whole history (its
    # managers see it, its search finds it) while the tree of an earlier date, which undoes that
    # move, still shows them under their old province.
    if old.old_provinces:
        keeper = merge_units(actor=actor, sources=old.old_provinces, into=keeper, on=on)

    # 3. Divided communes; merged ones.
    result.splits, result.merges = _replay_communes(
        actor=actor,
        targets=targets,
        old_bases=old.bases,
        new_bases=new_bases,
        members_to=members_to,
        on=on,
    )

    # 4. The districts end.
    _end_districts(actor=actor, districts=old.districts, island=island, new_bases=new_bases, on=on)
    name = association_unit_name(prefix, area.name)
    if keeper.name != name:
        rename_unit(actor=actor, unit=keeper, name=name, on=on)
    audit.record(
        actor=actor,
        action="org.history.attach",
        unit=keeper,
        obj=keeper,
        data={"province": new_code, "on": str(on)}
        | {k: v for k, v in dataclasses.asdict(result).items() if k != "province"},
    )
    result.province = keeper
    return result


def _find_old_tree(
    central: Unit,
    new_code: str,
    legacy: list[LegacyArea],
    targets: dict[str, list[tuple[str, bool]]],
) -> _OldTree:
    """The built pre-reform units of the province; refuses a province without them or with an
    old commune's base missing."""
    provinces = [a for a in legacy if a.level == LegacyArea.Level.PROVINCE]
    district_codes = [a.code for a in legacy if a.level == LegacyArea.Level.DISTRICT]
    others = [p for p in provinces if p.code != new_code]
    keeper = (
        Unit.objects.subtree_of(central)
        .filter(kind=UnitKind.PROVINCE, admin_code=new_code, valid_to__isnull=True)
        .first()
    )
    if (
        keeper is None
        or not Unit.objects.filter(
            kind=UnitKind.DISTRICT, admin_code__in=district_codes, valid_to__isnull=True
        ).exists()
    ):
        raise ValidationError(
            _("Tỉnh %(code)s chưa có cây đơn vị trước 1/7/2025 để diễn lại cuộc sắp xếp.")
            % {"code": new_code}
        )
    old_provinces = list(
        Unit.objects.children_of(central).filter(
            kind=UnitKind.PROVINCE,
            admin_code__in=[p.code for p in others],
            valid_to__isnull=True,
        )
    )
    district_units = list(
        Unit.objects.filter(
            kind=UnitKind.DISTRICT,
            admin_code__in=district_codes,
            valid_to__isnull=True,
        )
    )
    old_bases: dict[str, Unit] = {}
    for d in district_units:
        for b in Unit.objects.children_of(d).filter(kind=UnitKind.BASE, valid_to__isnull=True):
            old_bases[b.admin_code] = b
    missing = sorted(c for c in targets if c not in old_bases)
    if missing:
        raise ValidationError(
            _("Không tìm thấy Hội cơ sở đang hoạt động của các xã/phường cũ mã %(codes)s.")
            % {"codes": ", ".join(missing[:20])}
        )
    return _OldTree(
        keeper=keeper, old_provinces=old_provinces, districts=district_units, bases=old_bases
    )


def _todays_bases(
    keeper: Unit, new_code: str, prefix: str, on: datetime.date
) -> tuple[dict[str, Unit], int]:
    """Step 1: {commune code: today's base} under ``keeper``, the missing ones created from
    ``on``, and how many were created. Reloads ``keeper`` after creating."""
    new_bases = {
        u.admin_code: u
        for u in Unit.objects.children_of(keeper).filter(kind=UnitKind.BASE, valid_to__isnull=True)
    }
    _date_existing_bases(list(new_bases.values()), on)
    to_create = [
        NodeSpec(
            name=association_unit_name(prefix, commune.name),
            kind=UnitKind.BASE,
            base_type=DIVISION_BASE_TYPE.get(commune.division_type, ""),
            admin_code=commune.code,
        )
        for commune in AdminArea.objects.filter(
            level=AdminArea.Level.COMMUNE, province_code=new_code
        ).order_by("code")
        if commune.code not in new_bases
    ]
    if not to_create:
        return new_bases, 0
    # Set-based, as setup_association would create them one by one (same names, codes,
    # types), from the reform's first day; the attach's audit event counts them.
    bulk_add_children(keeper, to_create)
    created = Unit.objects.children_of(keeper).filter(
        kind=UnitKind.BASE,
        valid_to__isnull=True,
        admin_code__in=[m.admin_code for m in to_create],
    )
    created.update(valid_from=on)
    for u in created:
        new_bases[u.admin_code] = u
    note_changed(unit_ids=[new_bases[m.admin_code].pk for m in to_create], since=on)
    keeper.refresh_from_db()
    return new_bases, len(to_create)


def _replay_communes(
    *,
    actor,
    targets: dict[str, list[tuple[str, bool]]],
    old_bases: dict[str, Unit],
    new_bases: dict[str, Unit],
    members_to: dict[str, str],
    on: datetime.date,
) -> tuple[int, int]:
    """Step 3: the divided old communes split into their new ones, then the new communes formed
    from whole old ones merge them in. Returns (splits, merges)."""
    splits = merges = 0
    whole: dict[str, list[Unit]] = defaultdict(list)
    for old_code, ts in sorted(targets.items()):
        if len(ts) == 1:
            whole[ts[0][0]].append(old_bases[old_code])
            continue
        codes = [c for c, _d in ts]
        chosen = members_to.get(old_code) or next(c for c, d in ts if d)
        split_into(
            actor=actor,
            unit=old_bases[old_code],
            successors=[new_bases[c] for c in codes],
            on=on,
            members_to=codes.index(chosen),
        )
        splits += 1
    for new, sources in sorted(whole.items()):
        merge_units(actor=actor, sources=sources, into=new_bases[new], on=on)
        merges += 1
    return splits, merges


def _end_districts(
    *,
    actor,
    districts: list[Unit],
    island: dict[str, str],
    new_bases: dict[str, Unit],
    on: datetime.date,
) -> None:
    """Step 4: each district's level ends; an island district without communes hands its people
    to the new commune it became, the others to the province."""
    for d in districts:
        into = new_bases[island[d.admin_code]] if d.admin_code in island else None
        end_level(actor=actor, unit=d, on=on, members_into=into)
