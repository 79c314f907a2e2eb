"""Which bases the demo fills, with their branches and teams: one plan row per current base."""

from dataclasses import dataclass, field

from org.models import Unit, UnitKind


@dataclass
class BasePlan:
    id: int
    province: str  # two-digit province code ("48")
    commune: str  # the base's commune code, the people's address code
    member_units: list[tuple[int, str]]  # (id, name): branches, or the base itself
    teams: list[int] = field(default_factory=list)
    weight: float = 1.0

    def __post_init__(self) -> None:
        self.branches = [u for u, _n in self.member_units if u != self.id]


def load_plan(province: Unit | None = None, bases: list[Unit] | None = None) -> list[BasePlan]:
    """Current bases (of ``province``, or those given, or all) with their branches and teams."""
    qs = Unit.objects.filter(kind=UnitKind.BASE, valid_to__isnull=True)
    if bases is not None:
        qs = qs.filter(pk__in=[b.pk for b in bases])
    elif province is not None:
        qs = qs.filter(path__startswith=province.path)
    base_rows = list(qs.order_by("path").values_list("pk", "path", "name", "admin_code"))
    prov_codes = dict(Unit.objects.filter(kind=UnitKind.PROVINCE).values_list("path", "admin_code"))
    children: dict[str, list[tuple[int, str, str]]] = {}
    paths = [p for _pk, p, _n, _c in base_rows]
    if paths:
        depth = min(len(p) for p in paths) // Unit.steplen + 1
        kids = Unit.objects.filter(
            kind__in=[UnitKind.BRANCH, UnitKind.TEAM], valid_to__isnull=True, depth__gte=depth
        )
        if province is not None or bases is not None:
            kids = kids.filter(path__startswith=(province.path if province else ""))
        wanted = set(paths)
        for pk, path, name, kind in kids.order_by("path").values_list("pk", "path", "name", "kind"):
            parent = path[: -Unit.steplen]
            if parent in wanted:
                children.setdefault(parent, []).append((pk, name, kind))
    plan = []
    for pk, path, name, code in base_rows:
        kids_of = children.get(path, [])
        branches = [(k, n) for k, n, kind in kids_of if kind == UnitKind.BRANCH]
        plan.append(
            BasePlan(
                id=pk,
                province=prov_codes.get(path[: 2 * Unit.steplen], "") or "00",
                commune=code,
                member_units=branches or [(pk, name)],
                teams=[k for k, _n, kind in kids_of if kind == UnitKind.TEAM],
            )
        )
    return plan
