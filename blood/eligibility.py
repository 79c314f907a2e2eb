"""Who may give blood on a date, and from when: the rules are data (EligibilityRule rows with
their effective dates), this module applies them.

``verdict(facts, rule, on)`` is pure: the facts of a donor (sex, birth, weight, last donation
and its kind, deferrals), a rule, a date. It returns whether the donor may give that day, every
reason they may not (in Vietnamese), the first day they may (None: never, or not before the facts
change, e.g. a weight below the minimum), and the largest volume their weight allows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from core.formatting import format_date
from org.models import Unit

from .models import EligibilityRule, Kind

STEP = Unit.steplen


@dataclass(frozen=True)
class Facts:
    sex: str
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    weight_kg: Decimal | None = None
    last_donation_on: datetime.date | None = None
    last_kind: str = ""
    deferred_until: datetime.date | None = None
    permanently_deferred: bool = False


@dataclass
class Verdict:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    from_date: datetime.date | None = None  # the first day the donor may give; None: never/unknown
    until: datetime.date | None = None  # the first day they no longer may (age)
    max_volume: int | None = None

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


def _birthday(birth: datetime.date, years: int) -> datetime.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the day after 28 February
        return datetime.date(birth.year + years, 3, 1)


def _kg(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def max_volume(rule: EligibilityRule, weight: Decimal | None) -> int | None:
    if weight is None:
        return None
    best = None
    for kg, ml in sorted(rule.volume_steps or [[0, 250]]):
        if weight >= Decimal(str(kg)):
            best = int(ml)
    return best


def _age_window(facts: Facts, rule: EligibilityRule):
    """(first day of the minimum age, first day past the maximum age), from the birth date, or
    from the birth year alone (counted from 1 January and up to 31 December)."""
    if facts.birth_date is not None:
        return (
            _birthday(facts.birth_date, rule.min_age),
            _birthday(facts.birth_date, rule.max_age + 1),
        )
    if facts.birth_year is not None:
        return (
            datetime.date(facts.birth_year + rule.min_age, 1, 1),
            datetime.date(facts.birth_year + rule.max_age + 1, 1, 1),
        )
    return None, None


def verdict(facts: Facts, rule: EligibilityRule, on: datetime.date) -> Verdict:
    reasons: list[str] = []
    never = False
    blocked_by_fact = False  # a refusal with no date (weight): may give when the fact changes
    dates: list[datetime.date] = []
    start, until = _age_window(facts, rule)
    if start is None:
        reasons.append(_("Chưa có ngày sinh: cần biết tuổi để xác định điều kiện hiến máu."))
        blocked_by_fact = True
    else:
        if on < start:
            reasons.append(
                _("Chưa đủ %(age)d tuổi: được hiến máu từ ngày %(date)s.")
                % {"age": rule.min_age, "date": format_date(start)}
            )
        dates.append(start)
        if until is not None and on >= until:
            reasons.append(
                _("Đã quá %(age)d tuổi (độ tuổi hiến máu từ %(min)d đến %(age)d).")
                % {"age": rule.max_age, "min": rule.min_age}
            )
            never = True
    minimum = rule.min_weight_female if facts.sex == "F" else rule.min_weight_male
    volume = max_volume(rule, facts.weight_kg)
    if facts.weight_kg is not None and facts.weight_kg < minimum:
        reasons.append(
            _("Cân nặng %(w)s kg dưới mức tối thiểu %(min)s kg của %(sex)s.")
            % {
                "w": _kg(facts.weight_kg),
                "min": _kg(minimum),
                "sex": _("nữ") if facts.sex == "F" else _("nam"),
            }
        )
        blocked_by_fact = True
        volume = None
    if facts.last_donation_on is not None:
        apheresis = facts.last_kind in (Kind.PLASMA, Kind.PLATELETS)
        days = rule.apheresis_days if apheresis else rule.whole_blood_days
        again = facts.last_donation_on + datetime.timedelta(days=days)
        if on < again:
            text = (
                _("Lần hiến gạn tách gần nhất ngày %(last)s: cần cách ít nhất %(days)d ngày, "
                  "được hiến lại từ ngày %(date)s.")
                if apheresis
                else _("Lần hiến máu toàn phần gần nhất ngày %(last)s: cần cách ít nhất "
                       "%(days)d ngày (%(weeks)d tuần), được hiến lại từ ngày %(date)s.")
            )  # fmt: skip
            reasons.append(
                text
                % {
                    "last": format_date(facts.last_donation_on),
                    "days": days,
                    "weeks": days // 7,
                    "date": format_date(again),
                }
            )
        dates.append(again)
    if facts.permanently_deferred:
        reasons.append(_("Đã bị hoãn hiến máu vĩnh viễn."))
        never = True
    elif facts.deferred_until is not None:
        if on < facts.deferred_until:
            reasons.append(
                _("Đang tạm hoãn hiến máu đến ngày %(date)s.")
                % {"date": format_date(facts.deferred_until)}
            )
        dates.append(facts.deferred_until)
    first = max(dates) if dates else None
    if first is not None and until is not None and first >= until and not never:
        # The wait ends after the maximum age: never again.
        reasons.append(_("Sẽ quá %(age)d tuổi trước khi đủ thời gian chờ.") % {"age": rule.max_age})
        never = True
    from_date = None if (never or blocked_by_fact) else first
    return Verdict(
        ok=not reasons, reasons=reasons, from_date=from_date, until=until, max_volume=volume
    )


# --- the rule in force ---------------------------------------------------------------------------


def all_rules() -> list[EligibilityRule]:
    """Every rule (a few rows): read once by the set-based refresh of many donors."""
    return list(EligibilityRule.objects.select_related("unit"))


def rules_for_path(rules: list[EligibilityRule], path: str) -> list[EligibilityRule]:
    """Of ``rules``, those that can apply under the unit at ``path`` (national, and the units
    above it), latest first, the more specific first on the same day."""
    found = [r for r in rules if r.unit is None or path.startswith(r.unit.path)]
    found.sort(key=lambda r: (r.effective_from, r.unit.depth if r.unit else 0), reverse=True)
    return found


def rules_for(unit: Unit | None) -> list[EligibilityRule]:
    """Every rule that can apply under ``unit`` (national, and the units above it), latest
    first, the more specific first on the same day."""
    q = Q(unit__isnull=True)
    if unit is not None:
        q |= Q(unit__path__in=unit.ancestor_paths())
    rules = list(EligibilityRule.objects.filter(q).select_related("unit"))
    return rules_for_path(rules, unit.path if unit is not None else "")


def rule_in(rules: list[EligibilityRule], on: datetime.date) -> EligibilityRule:
    for r in rules:
        if r.effective_from <= on:
            return r
    return EligibilityRule(effective_from=datetime.date(1900, 1, 1), volume_steps=DEFAULT_STEPS)


def rule_on(unit: Unit | None, on: datetime.date) -> EligibilityRule:
    return rule_in(rules_for(unit), on)


# 250 ml from the minimum weight, 350 ml from 50 kg, 450 ml from 60 kg (Thông tư 26/2013/TT-BYT:
# at most 9 ml per kg and 500 ml a time); the province edits them as rules change.
DEFAULT_STEPS = [[0, 250], [50, 350], [60, 450]]
