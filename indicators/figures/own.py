"""A unit's *own* figures for a year: a few grouped queries over its own rows (see the keys in
:mod:`indicators.figures`)."""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, When

from clubs.models import Club, ClubMember
from core.figures import id_values, in_units
from core.vn import fdrs_band
from dues.models import DuesExemption, DuesPayment, DuesPolicy
from funds.models import Direction, Entry, FundKind
from funds.selectors import balances
from members.models import Cadre, EndReason, Membership
from org.models import Unit, UnitKind

from ..catalogue import PROGRAMMES
from ..models import BookReview, Denominator, ReportedValue
from .years import ONE_DAY, period_end

CONTINUED = [EndReason.TRANSFERRED, EndReason.REORGANISED]
OUT_TO = "dues_out_to:"
OUT_SIGNED = Case(
    When(direction=Direction.OUT, then=F("amount")),
    default=-F("amount"),
    output_field=BigIntegerField(),
)


def _add(d: dict, key: str, n: int) -> None:
    if n:
        d[key] = d.get(key, 0) + n


# --- Own figures ---------------------------------------------------------------------------------

Figures = dict[int, dict[str, int]]


def own_figures(
    year: int,
    unit_ids: Collection[int] | None,
    *,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
) -> Figures:
    """Own figures of ``unit_ids`` (None: every unit) for ``year``: a few grouped queries.

    What happened in a period (joined, left, drives, classes, assistance …) is counted from
    ``start`` (default 1 January of ``year``) to the period's end; what stands (members, the
    funds, certificates …) as of the end. A summary report over any date range passes its own
    ``start`` (reports.periods); the yearly figures never do. What belongs to a year by nature
    (the year's dues, denominators, reported values, the year's assessment) stays the year's."""
    end = period_end(year, today)
    start = start or datetime.date(year, 1, 1)
    out: Figures = defaultdict(dict)

    def scoped(qs, field="unit_id"):
        return in_units(qs, field, unit_ids)

    _membership_figures(out, scoped(Membership.objects.order_by()), start, end)
    _cadre_figures(out, scoped(Cadre.objects.order_by()), end)
    _review_figures(out, scoped(BookReview.objects.order_by()), start, end)
    _denominator_figures(out, scoped(Denominator.objects.order_by("year")), year)
    # After the memberships: a team's ``tv`` counts its active volunteers.
    _unit_figures(out, scoped(Unit.objects.order_by(), "pk"), end)
    _club_figures(
        out,
        scoped(Club.objects.order_by()),
        scoped(ClubMember.objects.order_by(), "club__unit_id"),
        end,
    )
    _dues_figures(out, year, end, unit_ids)
    _fund_figures(out, end, unit_ids)
    _reported_figures(out, scoped(ReportedValue.objects.order_by()), year)
    for app in PROGRAMMES:  # the programme apps count their own records (<app>/figures.py)
        for unit_id, figures in app.own_figures(year, end, unit_ids, start=start).items():
            for key, n in figures.items():
                _add(out[unit_id], key, n)
    return out


def _membership_figures(out: Figures, ms, start: datetime.date, end: datetime.date) -> None:
    """a: (active on ``end``), j: (joined), c: (register changes), l: (left) from ``start``."""
    after = end + ONE_DAY
    active = (
        ms.active_on(end)
        .values_list("unit_id", "category", "person__sex", "person__birth_year")
        .annotate(n=Count("id"))
    )
    for unit_id, cat, sex, birth_year, n in active:
        band = fdrs_band(None if birth_year is None else end.year - birth_year)
        _add(out[unit_id], f"a:{cat}:{sex or 'U'}:{band}", n)
    in_year = {"joined_on__gte": start, "joined_on__lt": after}
    for unit_id, cat, n in (
        ms.filter(**in_year)
        .exclude(previous__end_reason__in=CONTINUED)
        .values_list("unit_id", "category")
        .annotate(n=Count("id"))
    ):
        _add(out[unit_id], f"j:{cat}", n)
    for unit_id, cat, n in (
        ms.filter(**in_year).values_list("unit_id", "category").annotate(n=Count("id"))
    ):
        _add(out[unit_id], f"c:{cat}", n)
    ended = ms.filter(ended_on__gte=start, ended_on__lt=after)
    for unit_id, cat, reason, n in ended.values_list("unit_id", "category", "end_reason").annotate(
        n=Count("id")
    ):
        _add(out[unit_id], f"c:{cat}", n)
        if reason not in CONTINUED:
            _add(out[unit_id], f"l:{cat}", n)


def _cadre_figures(out: Figures, cadres, end: datetime.date) -> None:
    """cad, cadeq: cadres in office on ``end``; of them, with uniform and badge issued."""
    for unit_id, n, equipped in (
        cadres.active_on(end)
        .values_list("unit_id")
        .annotate(
            n=Count("id"),
            eq=Count("id", filter=Q(uniform_issued_on__lte=end, badge_issued_on__lte=end)),
        )
    ):
        _add(out[unit_id], "cad", n)
        _add(out[unit_id], "cadeq", equipped)


def _review_figures(out: Figures, reviews, start: datetime.date, end: datetime.date) -> None:
    """r:<category>: the unit reviewed that book in the period."""
    reviews = reviews.filter(reviewed_on__gte=start, reviewed_on__lte=end)
    for unit_id, cat in reviews.values_list("unit_id", "category").distinct():
        out[unit_id][f"r:{cat}"] = 1


def _denominator_figures(out: Figures, dens, year: int) -> None:
    """d:<kind>: the latest value entered for a year up to ``year`` (within the term of the
    unit's level when the profile fixes them for a term; congress terms are data)."""
    from org.terms import Terms

    from ..catalogue import profile_settings

    terms = Terms() if profile_settings().fixed_for_term else None
    first_of: dict[str, int] = {}

    def first_year(kind: str) -> int:
        if kind not in first_of:
            term = terms.of(year, kind) if terms is not None else None
            first_of[kind] = term.start_year if term is not None else 0
        return first_of[kind]

    for unit_id, unit_kind, kind, value, y in dens.filter(year__lte=year).values_list(
        "unit_id", "unit__kind", "kind", "value", "year"
    ):
        if y >= first_year(unit_kind):
            out[unit_id][f"d:{kind}"] = value  # later years overwrite earlier ones


def _reported_figures(out: Figures, reported, year: int) -> None:
    """rep:<code>: the value the unit reported for the year (reporting app), applied at the
    roll-up (a reported value replaces the subtree's computed one)."""
    for unit_id, code, value in reported.filter(year=year).values_list("unit_id", "code", "value"):
        out[unit_id][f"rep:{code}"] = value


def _unit_figures(out: Figures, units, end: datetime.date) -> None:
    """u:<kind> for the units existing on ``end``; tv: a team's active volunteers."""
    for unit_id, kind in units.existing_on(end).values_list("pk", "kind"):
        out[unit_id][f"u:{kind}"] = 1
        if kind == UnitKind.TEAM:
            d = out[unit_id]
            _add(d, "tv", sum(v for k, v in d.items() if k.startswith("a:volunteer:")))


def _club_figures(out: Figures, clubs, taking_part, end: datetime.date) -> None:
    """club:<type>: clubs open on ``end``; clubm: people taking part in them then."""
    for unit_id, club_type, n in (
        clubs.active_on(end).values_list("unit_id", "type").annotate(n=Count("id"))
    ):
        _add(out[unit_id], f"club:{club_type}", n)
    for unit_id, n in (
        taking_part.active_on(end).values_list("club__unit_id").annotate(n=Count("id"))
    ):
        _add(out[unit_id], "clubm", n)


def _paying_categories(year: int):
    """(every category some policy of ``year`` makes pay, a function: a unit's path → the
    categories paying under the policy in force there, the nearest one above it)."""
    from dues.selectors import default_policy

    policies = dict(DuesPolicy.objects.filter(year=year).values_list("unit__path", "categories"))
    default = list(default_policy(year).categories)
    step = Unit.steplen

    def of(path: str) -> list[str]:
        for i in range(len(path), 0, -step):
            found = policies.get(path[:i])
            if found is not None:
                return found
        return default

    return {c for cats in [default, *policies.values()] for c in cats}, of


def _dues_figures(out, year: int, end: datetime.date, unit_ids: Collection[int] | None) -> None:
    """dues, dues_paid, dues_exempt, dues_in, dues_out(_to): a grouped query each."""
    every, paying = _paying_categories(year)
    members = Membership.objects.order_by().active_on(end).filter(category__in=sorted(every))
    if unit_ids is not None:
        members = members.filter(unit_id__in=id_values(unit_ids))
    m_sql, m_params = members.values(
        "unit_id", "unit_path", "category", "person_id"
    ).query.sql_with_params()
    qn = connection.ops.quote_name
    # A person has at most one live receipt and one live exemption per year (unique constraints):
    # the left joins never multiply a membership.
    sql = (
        "SELECT m.unit_id, m.unit_path, m.category, COUNT(*), "  # noqa: S608 (Django's SQL, names)
        "SUM(CASE WHEN p.person_id IS NULL THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN p.person_id IS NULL AND e.person_id IS NOT NULL THEN 1 ELSE 0 END) "
        f"FROM ({m_sql}) m "
        f"LEFT JOIN {qn(DuesPayment._meta.db_table)} p ON p.person_id = m.person_id "
        "AND p.year = %s AND p.paid_on <= %s AND p.cancelled_at IS NULL "
        f"LEFT JOIN {qn(DuesExemption._meta.db_table)} e ON e.person_id = m.person_id "
        "AND e.year = %s AND e.decided_on <= %s AND e.revoked_at IS NULL "
        "GROUP BY m.unit_id, m.unit_path, m.category"
    )
    with connection.cursor() as cur:
        cur.execute(sql, (*m_params, year, end, year, end))
        rows = cur.fetchall()
    for unit_id, path, cat, n, paid, exempt in rows:
        if cat in paying(path):
            d = out[unit_id]
            _add(d, "dues", n)
            _add(d, "dues_paid", int(paid))
            _add(d, "dues_exempt", int(exempt))

    receipts = DuesPayment.objects.order_by().live().filter(year=year, paid_on__lte=end)
    entries = Entry.objects.order_by().filter(dues_year=year, on__lte=end)
    if unit_ids is not None:
        receipts = receipts.filter(unit_id__in=id_values(unit_ids))
        entries = entries.filter(unit_id__in=id_values(unit_ids))
    for unit_id, s in receipts.values_list("unit_id").annotate(s=Sum("amount")):
        _add(out[unit_id], "dues_in", int(s))
    # Remitted (dues.selectors.amount_remitted): out entries count, reversals of them (in, with
    # ``reverses``) take them back; each on its own unit, with the counterparty it went to.
    moved = entries.filter(transfer_id__isnull=False).filter(
        Q(direction=Direction.OUT) | Q(direction=Direction.IN, reverses__isnull=False)
    )  # transfers only: a receipt's own line and its reversal in the dues fund are not
    for unit_id, to, s in moved.values_list("unit_id", "counterparty_unit_id").annotate(
        s=Sum(OUT_SIGNED)
    ):
        _add(out[unit_id], "dues_out", int(s))
        if to is not None:
            _add(out[unit_id], f"{OUT_TO}{to}", int(s))


def _fund_figures(out, end: datetime.date, unit_ids: Collection[int] | None) -> None:
    """fund: each unit's own humanitarian fund balance on ``end``; fund_dues: its dues fund's
    (both from funds.selectors.balances, the one computation of a balance)."""
    for key, kind in (("fund", FundKind.HUMANITARIAN), ("fund_dues", FundKind.DUES)):
        for unit_id, s in balances(end, kind=kind, unit_ids=unit_ids).items():
            _add(out[unit_id], key, s)
