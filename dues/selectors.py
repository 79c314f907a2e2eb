"""Reads of dues: the policy in force, members' status as of a date, collection rates, amounts
collected and remitted, the remittance statement. Every count is one set-based query.

Status of a member for a year, as of a day D (never stored):
  paid    a receipt of that year, paid on or before D, not cancelled (a cancelled receipt never
          counts: cancelling says it was void from the start);
  exempt  otherwise, an exemption of that year decided on or before D, not revoked;
  unpaid  otherwise.
Receipts and exemptions belong to the person, so a member who paid and then moved to another
branch in the same year stays paid. Collection rate = paid ÷ (active members who must pay −
exempt); a member both exempt and paid counts as paid.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import Http404
from django.utils import timezone

from members.models import Membership
from org.models import AssociationProfile, Unit, UnitKind

from .models import (
    DEFAULT_AMOUNT,
    DEFAULT_CATEGORIES,
    DEFAULT_EXEMPTION_CAP_PCT,
    DEFAULT_SHARES,
    DuesExemption,
    DuesPayment,
    DuesPolicy,
    ReceivingLevel,
)
from .split import split_amount

# --- policy ------------------------------------------------------------------------------------


def default_policy(year: int) -> DuesPolicy:
    """The national default when no unit has set a policy for ``year`` (not saved)."""
    profile = AssociationProfile.current()
    codes = [c["code"] for c in profile.member_categories] if profile else DEFAULT_CATEGORIES
    cats = [c for c in DEFAULT_CATEGORIES if c in codes] or codes[:1]
    branch, base, above = DEFAULT_SHARES
    return DuesPolicy(
        unit=None,
        year=year,
        amount=DEFAULT_AMOUNT,
        categories=cats,
        exemption_cap_pct=DEFAULT_EXEMPTION_CAP_PCT,
        share_branch=branch,
        share_base=base,
        share_above=above,
        receiving_level=ReceivingLevel.PROVINCE,
    )


def _ancestor_paths(unit: Unit) -> list[str]:
    step = Unit.steplen
    return [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]


def effective_policy(unit: Unit, year: int) -> DuesPolicy:
    """The policy of the nearest ancestor (or ``unit`` itself) that set one for ``year``; else the
    national default. ``policy.unit`` says where it was set (None: the default)."""
    found = (
        DuesPolicy.objects.filter(year=year, unit__path__in=_ancestor_paths(unit))
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )
    return found or default_policy(year)


def paying_q(unit: Unit, year: int, path_field: str = "unit_path") -> Q:
    """Memberships of ``unit``'s subtree in a category that pays ``year``'s dues, under the policy
    each one falls under (a policy set deeper inside the subtree overrides for its part)."""
    regions = [(unit.path, effective_policy(unit, year).categories)]
    regions += [
        (path, cats)
        for path, cats in DuesPolicy.objects.filter(year=year, unit__path__startswith=unit.path)
        .exclude(unit__path=unit.path)
        .values_list("unit__path", "categories")
    ]
    q = Q(pk__in=[])
    for path, cats in regions:
        term = Q(**{f"{path_field}__startswith": path, "category__in": cats})
        for deeper, _c in regions:
            if deeper != path and deeper.startswith(path):
                term &= ~Q(**{f"{path_field}__startswith": deeper})
        q |= term
    return q


def must_pay(unit: Unit, year: int, on: datetime.date):
    """Active memberships on ``on`` in ``unit``'s subtree that must pay ``year``'s dues."""
    return Membership.objects.filter(paying_q(unit, year)).active_on(on)


# --- rates -------------------------------------------------------------------------------------


@dataclass
class Rate:
    unit: Unit | None
    members: int  # active members who must pay
    paid: int
    exempt: int  # exempt and not paid

    @property
    def due(self) -> int:
        return self.members - self.exempt

    @property
    def unpaid(self) -> int:
        return self.due - self.paid

    @property
    def rate(self) -> float | None:
        return self.paid / self.due if self.due > 0 else None

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def _paid_elsewhere_probe() -> str:
    """A scalar subquery (parameters: year, day): 1 when the outer member's person has a live
    receipt of the year paid on or before the day, wherever it was collected, else NULL. A
    scalar subquery is never turned into a hash of every receipt of the year (PostgreSQL may do
    that to an EXISTS in a select list when it guesses it cheaper): it stays one index-only probe
    of the partial (person, year, paid_on) index per row that reaches it."""
    table = connection.ops.quote_name(DuesPayment._meta.db_table)
    return (
        f"(SELECT 1 FROM {table} x WHERE x.person_id = m.person_id AND x.year = %s "  # noqa: S608
        "AND x.paid_on <= %s AND x.cancelled_at IS NULL LIMIT 1)"
    )


def _holds_every_receipt(unit: Unit) -> bool:
    """Whether every receipt's collecting path starts with ``unit``'s: the root of a one-root
    tree (every unit's path, even a stale copy from before a move, begins with the root's)."""
    return unit.depth == 1 and not Unit.objects.filter(depth=1).exclude(pk=unit.pk).exists()


@contextmanager
def _without_jit():
    """PostgreSQL compiles a query whose estimated cost passes jit_above_cost, and the rates'
    estimate is inflated by probes it cannot know are skipped: 15-300 ms of compiling for a
    query of 100 ms. Off for this query only (a local setting, put back after)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        old = cur.fetchone()[0]
        yield
        cur.execute("SELECT set_config('jit', %s, true)", [old])


def _grouped_counts(qs, unit: Unit, year: int, on: datetime.date) -> dict[str, dict[str, int]]:
    """{key: {n, n_paid, n_exempt}} of a queryset of ``unit``'s memberships annotated with ``key``.

    One query whose plan does not hang on the planner's guesses: most members who paid did so
    in ``unit``'s subtree, so the subtree's live receipts of the year (one range of the partial
    (year, unit_path) index) are joined by person; only members without such a receipt are
    probed for one collected elsewhere (a member counts as paid wherever the person paid). The
    year's live exemptions, a few per cent of members at most (the cap), are joined whole.
    Each state is computed once per row in a fenced subquery (OFFSET 0 keeps PostgreSQL from
    copying the probe into each count)."""
    members = qs.values("key", "person_id").order_by()
    local = _collected_qs(unit, year, on).values("person_id").order_by()
    exempt = DuesExemption.objects.live().filter(year=year, decided_on__lte=on)
    m_sql, m_params = members.query.sql_with_params()
    l_sql, l_params = local.query.sql_with_params()
    e_sql, e_params = exempt.values("person_id").order_by().query.sql_with_params()
    params: tuple = ()
    elsewhere = ""
    if not _holds_every_receipt(unit):
        elsewhere = f"WHEN {_paid_elsewhere_probe()} IS NOT NULL THEN 1 "
        params = (year, on)
    # SQLite has no OFFSET alone; without the probe nothing is worth fencing.
    fence = " OFFSET 0" if elsewhere and connection.vendor == "postgresql" else ""
    sql = (
        "SELECT key, COUNT(*), COUNT(*) FILTER (WHERE st = 1), "  # noqa: S608 - Django's SQL
        "COUNT(*) FILTER (WHERE st = 2) FROM ("
        f"SELECT m.key, CASE WHEN l.person_id IS NOT NULL THEN 1 {elsewhere}"
        "WHEN e.person_id IS NOT NULL THEN 2 ELSE 0 END AS st "
        f"FROM ({m_sql}) m LEFT JOIN ({l_sql}) l ON l.person_id = m.person_id "
        f"LEFT JOIN ({e_sql}) e ON e.person_id = m.person_id{fence}"
        ") AS flagged GROUP BY key"
    )
    params += (*m_params, *l_params, *e_params)  # in the order they appear
    with _without_jit(), connection.cursor() as cur:
        cur.execute(sql, params)
        return {k: {"n": n, "n_paid": p, "n_exempt": e} for k, n, p, e in cur.fetchall()}


def unit_rate(unit: Unit, year: int, on: datetime.date) -> Rate:
    qs = must_pay(unit, year, on).annotate(key=Value(""))
    r = _grouped_counts(qs, unit, year, on).get("", {"n": 0, "n_paid": 0, "n_exempt": 0})
    return Rate(unit, r["n"], r["n_paid"], r["n_exempt"])


def collection_rate(unit: Unit, year: int, on: datetime.date) -> tuple[int, int, float | None]:
    """(paid, due, rate) for ``unit``'s subtree: due = must pay − exempt; rate None when due = 0.
    An indicator for the dashboards."""
    r = unit_rate(unit, year, on)
    return r.paid, r.due, r.rate


def child_units(unit: Unit) -> list[Unit]:
    return list(Unit.objects.children_of(unit).current().order_by("sort_key", "pk"))


def rates_by_child(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]]:
    """(the unit's whole rate, one rate per child unit) in one grouped query. Members kept
    directly by ``unit`` form a row of their own (its ``unit`` is ``unit`` itself)."""
    width = len(unit.path) + Unit.steplen
    qs = must_pay(unit, year, on).annotate(key=Substr("unit_path", 1, width))
    counts = _grouped_counts(qs, unit, year, on)
    children = child_units(unit)
    rows = []
    if unit.path in counts:
        r = counts[unit.path]
        rows.append(Rate(unit, r["n"], r["n_paid"], r["n_exempt"]))
    known = {c.path for c in children}
    for c in children:
        r = counts.get(c.path, {"n": 0, "n_paid": 0, "n_exempt": 0})
        rows.append(Rate(c, r["n"], r["n_paid"], r["n_exempt"]))
    # Members of a child that has ceased since (a past date): counted in the total all the same.
    rest = [r for k, r in counts.items() if k not in known and k != unit.path]
    total = Rate(
        unit,
        sum(r.members for r in rows) + sum(r["n"] for r in rest),
        sum(r.paid for r in rows) + sum(r["n_paid"] for r in rest),
        sum(r.exempt for r in rows) + sum(r["n_exempt"] for r in rest),
    )
    return total, rows


def page_rates(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]]:
    """:func:`rates_by_child` for the dues page: from the figures the dashboards keep when they
    answer for ``on`` (see :func:`kept_rates`), else counted from the registers."""
    return kept_rates(unit, year, on) or rates_by_child(unit, year, on)


def kept_rates(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]] | None:
    """The rates of :func:`rates_by_child` read from the figures indicators keep per unit and
    year (UnitFigure: dues, dues_paid, dues_exempt, the same counts), when they are those of
    ``on``: this year's as of today, computed today, with no change waiting to be counted in the
    unit's subtree or above it (a policy). None otherwise (a past date, a write seconds ago).

    Counted from the registers, a province's rates take a few hundred milliseconds and the whole
    country's 1.7 s of one core; a few users opening the page at once made each wait seconds."""
    from indicators.models import DirtyUnit, UnitFigure

    today = timezone.localdate()
    if on != today or year != today.year:
        return None
    above = _ancestor_paths(unit)
    pending = DirtyUnit.objects.filter(
        Q(unit__path__startswith=unit.path) | Q(unit__path__in=above)
    )
    if pending.exists():
        return None
    children = child_units(unit)

    def count(key: str, part: str = "") -> Coalesce:
        # A figure absent from a total (or a leaf's null total: its own figures) is zero.
        parts = [part] if part else ["total", "own"]
        return Coalesce(*[Cast(KT(f"{p}__{key}"), BigIntegerField()) for p in parts], Value(0))

    figures = {
        r["unit_id"]: r
        for r in UnitFigure.objects.filter(
            year=year, unit_id__in=[unit.pk, *(c.pk for c in children)]
        ).values(
            "unit_id",
            "computed_at",
            n=count("dues"),
            paid=count("dues_paid"),
            exempt=count("dues_exempt"),
            own_n=count("dues", "own"),
            own_paid=count("dues_paid", "own"),
            own_exempt=count("dues_exempt", "own"),
        )  # fmt: skip
    }
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    if len(figures) != len(children) + 1 or any(f["computed_at"] < start for f in figures.values()):
        return None
    mine = figures[unit.pk]
    rows = []
    if mine["own_n"]:
        rows.append(Rate(unit, mine["own_n"], mine["own_paid"], mine["own_exempt"]))
    for c in children:
        f = figures[c.pk]
        rows.append(Rate(c, f["n"], f["paid"], f["exempt"]))
    return Rate(unit, mine["n"], mine["paid"], mine["exempt"]), rows


# --- tick-list -----------------------------------------------------------------------------------

PAID, EXEMPT, UNPAID = "paid", "exempt", "unpaid"


@dataclass
class TickRow:
    membership: Membership
    status: str
    payment: DuesPayment | None = None
    exemption: DuesExemption | None = None


def ticklist(unit: Unit, year: int, on: datetime.date) -> list[TickRow]:
    """Every member of ``unit``'s subtree active on ``on`` who must pay, with their status for
    ``year`` as of ``on``; three queries whatever the size."""
    members = list(
        must_pay(unit, year, on).select_related("person", "unit").order_by("sort_key", "pk")
    )
    persons = [m.person_id for m in members]
    payments = {
        p.person_id: p
        for p in DuesPayment.objects.live().filter(
            person_id__in=persons, year=year, paid_on__lte=on
        )
    }
    exemptions = {
        e.person_id: e
        for e in DuesExemption.objects.live().filter(
            person_id__in=persons, year=year, decided_on__lte=on
        )
    }
    rows = []
    for m in members:
        p, e = payments.get(m.person_id), exemptions.get(m.person_id)
        status = PAID if p else EXEMPT if e else UNPAID
        rows.append(TickRow(m, status, p, e))
    return rows


def status_of(membership: Membership, year: int, on: datetime.date) -> str:
    paid = DuesPayment.objects.live().filter(
        person_id=membership.person_id, year=year, paid_on__lte=on
    )
    if paid.exists():
        return PAID
    exempt = DuesExemption.objects.live().filter(
        person_id=membership.person_id, year=year, decided_on__lte=on
    )
    return EXEMPT if exempt.exists() else UNPAID


# --- amounts -----------------------------------------------------------------------------------


def _collected_qs(unit: Unit, year: int, on: datetime.date):
    return DuesPayment.objects.live().filter(
        unit_path__startswith=unit.path, year=year, paid_on__lte=on
    )


def amount_collected(unit: Unit, year: int, on: datetime.date) -> int:
    """Đồng collected in ``unit``'s subtree for ``year`` up to ``on`` (live receipts only)."""
    return _collected_qs(unit, year, on).aggregate(s=Coalesce(Sum("amount"), 0))["s"]


def _remitted_qs(year: int, on: datetime.date):
    """Transfers between units' funds moving ``year``'s dues: out = remitted; a reversal of one
    (in) takes it back. (A receipt's own line in the dues fund, and its reversal when the receipt
    is cancelled, are not transfers.)"""
    from funds.models import Direction, Entry

    return Entry.objects.filter(dues_year=year, on__lte=on, transfer_id__isnull=False).filter(
        Q(direction=Direction.OUT) | Q(direction=Direction.IN, reverses__isnull=False)
    )


def _signed():
    from funds.models import Direction

    return Case(
        When(direction=Direction.OUT, then=F("amount")),
        default=-F("amount"),
        output_field=IntegerField(),
    )


def amount_remitted(unit: Unit, year: int, on: datetime.date) -> int:
    """Đồng of ``year``'s dues that left ``unit``'s subtree for a unit outside it, up to ``on``
    (fund transfers carrying ``dues_year``; reversed transfers do not count)."""
    qs = _remitted_qs(year, on).filter(unit__path__startswith=unit.path)
    qs = qs.exclude(counterparty_unit__path__startswith=unit.path)
    return qs.aggregate(s=Coalesce(Sum(_signed()), 0))["s"]


# --- remittance --------------------------------------------------------------------------------


def has_base_above(unit: Unit) -> bool:
    """Whether ``unit`` lies below a base (a branch, a group, a base's team or club)."""
    paths = _ancestor_paths(unit)[:-1]
    return Unit.objects.filter(path__in=paths, kind=UnitKind.BASE).exists()


def owed_upward(kind: str, below_base: bool, collected: int, policy: DuesPolicy) -> int:
    """What a unit owes the levels above it out of ``collected`` (its subtree's receipts)."""
    parts = split_amount(collected, policy.shares)
    if below_base:
        return parts["base"] + parts["above"]
    if kind == UnitKind.BASE:
        return parts["above"]
    return 0


def recipient_of(unit: Unit, policy: DuesPolicy) -> Unit | None:
    """Who receives what ``unit`` owes upward: its base (below a base), else for a base the
    province or its parent, as the policy says; None above bases."""
    ancestors = list(unit.ancestors_and_self())[:-1]
    bases = [a for a in ancestors if a.kind == UnitKind.BASE]
    if bases:
        return bases[-1]
    if unit.kind != UnitKind.BASE or not ancestors:
        return None
    if policy.receiving_level == ReceivingLevel.PARENT:
        return ancestors[-1]
    provinces = [a for a in ancestors if a.kind == UnitKind.PROVINCE]
    return provinces[-1] if provinces else ancestors[-1]


@dataclass
class RemittanceLine:
    """One line of a remittance statement: a unit below the statement's unit (its whole
    subtree), or the statement's unit itself (``own``). Every line means the same thing:

    collected    the receipts collected there;
    received     what the units below owe it (only the statement unit's own line has any);
    owed         what it owes the level it pays (a branch: its base; a base: the province…);
    kept         what stays with it: collected + received − owed;
    transferred  what it has sent to that level; outstanding = owed − transferred.
    """

    unit: Unit
    collected: int
    owed: int
    transferred: int
    received: int = 0
    own: bool = False

    @property
    def kept(self) -> int:
        return self.collected + self.received - self.owed

    @property
    def outstanding(self) -> int:
        return self.owed - self.transferred


@dataclass
class Statement:
    """The remittance statement: the lines (the units below, then the unit's own line), their
    total (each column the sum of the lines), and ``upward``: the unit as a whole (its subtree's
    receipts, what it owes the level above, what left its subtree)."""

    unit: Unit
    year: int
    on: datetime.date
    policy: DuesPolicy
    recipient: Unit | None
    upward: RemittanceLine
    lines: list[RemittanceLine] = field(default_factory=list)

    @property
    def own(self) -> RemittanceLine:
        return self.lines[-1]

    @property
    def total(self) -> RemittanceLine:
        """The sum of the lines, column by column."""
        return RemittanceLine(
            self.unit,
            collected=sum(line.collected for line in self.lines),
            owed=sum(line.owed for line in self.lines),
            transferred=sum(line.transferred for line in self.lines),
            received=sum(line.received for line in self.lines),
        )

    @property
    def received(self) -> int:
        """What the children transferred out of their subtrees (to this unit, as a rule)."""
        return sum(line.transferred for line in self.lines if not line.own)


def _pays_to(unit: Unit, child_kind: str, below_base: bool, policy: DuesPolicy) -> bool:
    """Whether a child of ``unit`` (of ``child_kind``) pays what it owes to ``unit`` itself (see
    :func:`recipient_of`): below a base the base is paid; a base pays its province or parent."""
    if below_base:
        return False  # a group under a branch pays the base
    if unit.kind == UnitKind.BASE:
        return True
    if child_kind != UnitKind.BASE:
        return False
    return policy.receiving_level == ReceivingLevel.PARENT or unit.kind == UnitKind.PROVINCE


def remittance(unit: Unit, year: int, on: datetime.date) -> Statement:
    """The unit's remittance statement: one line per child unit, then the unit's own line, each
    with what was collected, received from below, kept, owed to the next level, transferred and
    outstanding; the total is the sum of the lines. Four queries plus the policy."""
    policy = effective_policy(unit, year)
    below = has_base_above(unit)
    width = len(unit.path) + Unit.steplen
    collected = dict(
        _collected_qs(unit, year, on)
        .annotate(key=Substr("unit_path", 1, width))
        .values("key")
        .annotate(s=Sum("amount"))
        .order_by()
        .values_list("key", "s")
    )
    moved = dict(
        _remitted_qs(year, on)
        .filter(unit__path__startswith=unit.path)
        .annotate(key=Substr("unit__path", 1, width))
        .exclude(counterparty_unit__path__startswith=F("key"))
        .values("key")
        .annotate(s=Sum(_signed()))
        .order_by()
        .values_list("key", "s")
    )
    child_below = below or unit.kind == UnitKind.BASE
    lines = []
    received = passed_by = 0
    for c in child_units(unit):
        got = collected.get(c.path, 0)
        line = RemittanceLine(
            c, got, owed_upward(c.kind, child_below, got, policy), moved.get(c.path, 0)
        )
        lines.append(line)
        if _pays_to(unit, c.kind, below, policy):
            received += line.owed
        else:
            passed_by += line.owed  # paid past the unit, to the level above it
    total_collected = sum(collected.values())
    upward = RemittanceLine(
        unit,
        total_collected,
        owed_upward(unit.kind, below, total_collected, policy),
        amount_remitted(unit, year, on),
    )
    # The unit's own line: its direct receipts and what its children owe it; it owes what the
    # whole unit owes upward, less what children pay past it. So the lines add up to the whole:
    # total kept = collected − what leaves the unit.
    lines.append(
        RemittanceLine(
            unit,
            collected.get(unit.path, 0),
            max(upward.owed - passed_by, 0),
            moved.get(unit.path, 0),
            received=received,
            own=True,
        )
    )
    return Statement(unit, year, on, policy, recipient_of(unit, policy), upward, lines)


# --- single objects ----------------------------------------------------------------------------


def get_payment_for_user(user, pk, perm: str = "view") -> DuesPayment:
    try:
        return (
            DuesPayment.objects.visible_to(user, perm)
            .select_related("person", "unit", "base", "membership")
            .get(pk=pk)
        )
    except (DuesPayment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_exemption_for_user(user, pk, perm: str = "view") -> DuesExemption:
    try:
        return (
            DuesExemption.objects.visible_to(user, perm)
            .select_related("person", "unit", "base", "membership")
            .get(pk=pk)
        )
    except (DuesExemption.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def payments(unit: Unit, year: int):
    """Receipts collected in ``unit``'s subtree for ``year``, cancelled ones included."""
    return (
        DuesPayment.objects.filter(unit_path__startswith=unit.path, year=year)
        .select_related("person", "unit", "cancelled_by")
        .order_by("-paid_on", "-receipt_no", "-pk")
    )


def exemptions(unit: Unit, year: int):
    return (
        DuesExemption.objects.filter(unit_path__startswith=unit.path, year=year)
        .select_related("person", "unit", "revoked_by", "decided_by")
        .order_by("-decided_on", "-pk")
    )
