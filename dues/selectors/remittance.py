"""Amounts collected and remitted, and the remittance statement of a unit."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce, Substr

from org.models import Unit, UnitKind

from ..models import (
    DuesPolicy,
    ReceivingLevel,
)
from ..split import split_amount
from .policy import effective_policy
from .rates import _collected_qs, child_units

# --- amounts -----------------------------------------------------------------------------------


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
    paths = unit.ancestor_paths()[:-1]
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
