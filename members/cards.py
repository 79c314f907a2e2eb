"""The association's card numbering: the number a new member's card should get, offered on the
admission form instead of being typed by hand.

A unit's subtree numbers its cards with a prefix and a zero-padded sequence, "48-0000123": the
rule of the nearest unit (or ancestor) that has a :class:`CardNumbering`, else the province's
administrative code and seven digits (the cards of one province share one sequence, as the
province prints them). The next number is one more than the highest number of that form ever
given (ended memberships included: a number is never handed out twice), read from the card
number index as a range, not by scanning the memberships.
"""

import re
from dataclasses import dataclass

from org.models import Unit, UnitKind

from .models import CardNumbering, Membership

DEFAULT_DIGITS = 7
_LOOK_AT = 50  # numbers read from the top of the range to find one of the exact form


@dataclass(frozen=True)
class Numbering:
    prefix: str
    digits: int

    def format(self, n: int) -> str:
        return f"{self.prefix}{n:0{self.digits}d}"


def numbering_for(unit: Unit) -> Numbering | None:
    """The numbering rule in force at ``unit``; None where there is none (above the provinces,
    with no rule set)."""
    chain = list(unit.ancestors_and_self().order_by("-depth"))
    rules = {
        r.unit_id: r
        for r in CardNumbering.objects.filter(unit__in=[u.pk for u in chain]).only(
            "unit_id", "prefix", "digits"
        )
    }
    for u in chain:  # nearest first
        if (rule := rules.get(u.pk)) is not None:
            return Numbering(rule.prefix, rule.digits)
    for u in chain:
        if u.kind == UnitKind.PROVINCE and u.admin_code:
            return Numbering(f"{u.admin_code}-", DEFAULT_DIGITS)
    return None


def next_card_number(unit: Unit) -> str:
    """The next free card number of ``unit``'s numbering ("" when it has none)."""
    rule = numbering_for(unit)
    if rule is None:
        return ""
    low, high = rule.format(0), rule.prefix + "9" * rule.digits
    exact = re.compile(re.escape(rule.prefix) + rf"[0-9]{{{rule.digits}}}")
    top = (
        Membership.objects.filter(card_number__gte=low, card_number__lte=high)
        .order_by("-card_number")
        .values_list("card_number", flat=True)[:_LOOK_AT]
    )
    last = next((int(c[len(rule.prefix) :]) for c in top if exact.fullmatch(c)), 0)
    return rule.format(last + 1)
