"""The dues policy in force for a unit and year, and who must pay under it."""

import datetime

from django.db.models import Q

from members.models import Membership
from org.models import AssociationProfile, Unit

from ..models import (
    DEFAULT_AMOUNT,
    DEFAULT_CATEGORIES,
    DEFAULT_EXEMPTION_CAP_PCT,
    DEFAULT_SHARES,
    DuesPolicy,
    ReceivingLevel,
)

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


def effective_policy(unit: Unit, year: int) -> DuesPolicy:
    """The policy of the nearest ancestor (or ``unit`` itself) that set one for ``year``; else the
    national default. ``policy.unit`` says where it was set (None: the default)."""
    found = (
        DuesPolicy.objects.filter(year=year, unit__path__in=unit.ancestor_paths())
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


def exemption_cap(base: Unit, year: int, on: datetime.date) -> tuple[int, int]:
    """(cap, members who must pay): at most ``floor(pct × members / 100)`` exemptions in the base
    for the year, counting its active paying members on ``on`` (the decision's date)."""
    policy = effective_policy(base, year)
    members = must_pay(base, year, on).count()
    return members * policy.exemption_cap_pct // 100, members
