"""What an import goes into (:class:`Plan`), and the register as it sees it: whom a row may
match by name (:func:`name_index`), by CCCD or card (:func:`registered`), and whom the importing
user may not see (:func:`hidden_people`). Read by the importing process and by the workers."""

import datetime
from dataclasses import dataclass

from django.db import connection

from accounts.access import scope_paths
from members.models import Membership
from members.selectors import volunteer_min_age
from members.services import MEMBER_UNIT_KINDS
from org.models import Unit, UnitKind
from people.models import Person
from people.selectors import base_of

from .parsing import BranchIndex, RowParser

# A name match: (person id, their CCCD or None)
Hit = tuple[int, str | None]


@dataclass
class Plan:
    """What the import goes into: the unit, its member-keeping units and their bases."""

    unit: Unit
    category: str
    mode: str
    root_path: str  # the dedupe scope: the unit's base (or the unit itself above bases)
    unit_paths: dict[int, str]
    unit_names: dict[int, str]
    base_paths: set[str]
    base_ids: dict[str, int]

    @classmethod
    def build(cls, unit: Unit, category: str, mode: str) -> "Plan":
        root = base_of(unit) if unit.kind != UnitKind.CENTRAL else unit
        if not unit.path.startswith(root.path):
            root = unit
        units = list(
            Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True).values_list(
                "pk", "path", "name", "kind"
            )
        )
        bases = {path: pk for pk, path, _n, kind in units if kind == UnitKind.BASE}
        if not bases:
            bases = {root.path: root.pk}
        in_unit = [u for u in units if u[1].startswith(unit.path)]
        return cls(
            unit=unit,
            category=category,
            mode=mode,
            root_path=root.path,
            unit_paths={pk: path for pk, path, _n, kind in in_unit if kind in MEMBER_UNIT_KINDS},
            unit_names={pk: name for pk, _p, name, _k in in_unit},
            base_paths=set(bases),
            base_ids=bases,
        )

    def base_path(self, path: str) -> str:
        step = Unit.steplen
        for i in range(step, len(path) + 1, step):
            if path[:i] in self.base_paths:
                return path[:i]
        return self.root_path

    def unit_bases(self) -> tuple[dict[int, str], dict[int, int]]:
        """Each member-keeping unit's base (path, id): one look-up per row instead of a walk."""
        unit_base = {pk: self.base_path(path) for pk, path in self.unit_paths.items()}
        unit_base_id = {pk: self.base_ids.get(unit_base[pk], pk) for pk in self.unit_paths}
        return unit_base, unit_base_id

    def branch_index(self) -> BranchIndex:
        return BranchIndex([(pk, self.unit_names[pk]) for pk in self.unit_paths])


def parser_for(
    plan: Plan, columns: dict[int, str], default_joined_on, today: datetime.date, kind: str,
    default_unit_id: int | None = None,
) -> RowParser:  # fmt: skip
    """``default_unit_id``: the branch chosen for rows that name none (else the unit itself)."""
    if default_unit_id not in plan.unit_paths:
        default_unit_id = plan.unit.pk if plan.unit.pk in plan.unit_paths else None
    return RowParser(
        columns=columns,
        branches=plan.branch_index(),
        default_unit_id=default_unit_id,
        default_joined_on=default_joined_on or today,
        today=today,
        min_age=volunteer_min_age() if kind == "volunteer" else None,
    )


def name_key(base_path: str, skey: str, birth_year: int | None) -> str:
    """The duplicate key of a person: base, name without accents, birth year (one string: a
    million of them take half the memory of tuples)."""
    return f"{base_path}\x1f{skey}\x1f{birth_year}"


def same_person(hit: Hit | None, cccd: str | None) -> bool:
    """Whether someone registered with a row's name, birth year and base (``hit``) is the row's
    person: yes unless both have a CCCD and the two differ (then it is someone else)."""
    return hit is not None and not (hit[1] and cccd and hit[1] != cccd)


def name_index(plan: Plan, user=None) -> dict[str, Hit]:
    """(base path, search key, birth year) -> (person id, cccd) for people registered or with a
    membership in the dedupe scope (the rule of people.selectors.find_duplicates) whom ``user``
    may see: a name never matches anyone else (a branch editor does not see the other branches
    of the base)."""
    index: dict[str, Hit] = {}
    root = plan.root_path
    people = Person.objects.filter(unit__path__startswith=root, birth_year__isnull=False)
    members = Membership.objects.filter(
        unit_path__startswith=root, person__birth_year__isnull=False
    )
    paths = None if user is None else scope_paths(user)
    if paths is not None and not any(root.startswith(p) for p in paths):
        # The scope covers part of the base: people registered there or with a membership there
        # (Person.objects.visible_to, limited to the base).
        people = people.filter(pk__in=Person.objects.visible_to(user).values("pk"))
        members = members.filter(person__in=Person.objects.visible_to(user).values("pk"))
    for pk, key, year, cccd, path in people.values_list(
        "pk", "search_key", "birth_year", "cccd", "unit__path"
    ):
        index.setdefault(name_key(plan.base_path(path), key, year), (pk, cccd))
    for pk, key, year, cccd, path in members.values_list(
        "person_id", "search_key", "person__birth_year", "person__cccd", "unit_path"
    ):
        index.setdefault(name_key(plan.base_path(path), key, year), (pk, cccd))
    return index


def hidden_people(user, ids: set[int]) -> set[int]:
    """The people among ``ids`` whom ``user`` may not see: the rule of Person.objects.visible_to
    (registered by a unit in scope, or a membership in scope at any time), asked by the ids'
    own indexes (a large import may have dropped the path indexes). With no user (the command
    line, run by the operator) and for a superuser: none."""
    paths = None if user is None or not ids else scope_paths(user)
    if paths is None:
        return set()
    scope = tuple(paths)
    seen: set[int] = set()
    for part in chunks(sorted(ids)):
        registered = Person.objects.filter(pk__in=part).values_list("pk", "unit__path")
        seen.update(pk for pk, path in registered if path.startswith(scope))
        rest = [pk for pk in part if pk not in seen]
        if scope and rest:
            member = Membership.objects.filter(person_id__in=rest).values_list(
                "person_id", "unit_path"
            )
            seen.update(pk for pk, path in member if path.startswith(scope))
    return ids - seen


def chunks(values: list, size: int = 5000):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def registered(cccds: list[str], cards: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """({CCCD: person id} for the numbers among ``cccds`` someone registered has, {card number:
    person id} for the cards among ``cards`` open on a membership): one query each."""
    if connection.vendor == "postgresql":
        # One statement each, the values as one array parameter (no IN list to build).
        return _pg_pairs(
            "SELECT cccd, id FROM people_person WHERE cccd = ANY(%s::text[])", cccds
        ), _pg_pairs(
            "SELECT card_number, person_id FROM members_membership "
            "WHERE card_number = ANY(%s::text[]) AND ended_on IS NULL",
            cards,
        )  # fmt: skip
    by_cccd: dict[str, int] = {}
    card_holder: dict[str, int] = {}
    for part in chunks(cccds):
        by_cccd.update(Person.objects.filter(cccd__in=part).values_list("cccd", "pk"))  # type: ignore[arg-type]
    for part in chunks(cards):
        card_holder.update(
            Membership.objects.filter(card_number__in=part, ended_on__isnull=True).values_list(
                "card_number", "person_id"
            )
        )
    return by_cccd, card_holder


def _pg_pairs(sql: str, values: list) -> dict:
    """PostgreSQL: {first column: second column} for ``sql`` with one array parameter, bound on
    the server (a plain psycopg cursor, not Django's client-side one)."""
    if not values:
        return {}
    import psycopg

    with psycopg.Cursor(connection.connection) as cur:
        cur.execute(sql, [text_array(values)])
        return dict(cur.fetchall())


def text_array(values: list[str]) -> str:
    """A PostgreSQL array literal of texts (each quoted): one text parameter to cast, several
    times cheaper to send than psycopg's element-by-element array adapter."""
    return "{%s}" % ",".join(  # noqa: UP031
        ['"%s"' % v.replace("\\", "\\\\").replace('"', '\\"') for v in values]  # noqa: UP031
    )
