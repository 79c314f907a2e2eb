"""Validation rules as data (reporting.Rule), run on entry and on submission: an error blocks the
submission, a warning needs a note on its item."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Op, Rule, Severity

_OPS = {
    Op.LE: lambda a, b: a <= b,
    Op.GE: lambda a, b: a >= b,
    Op.EQ: lambda a, b: a == b,
}


@dataclass(frozen=True)
class Problem:
    rule: Rule
    code: str  # the item it is shown on
    message: str
    noted: bool  # a warning with a note on its item

    @property
    def error(self) -> bool:
        return self.rule.severity == Severity.ERROR

    @property
    def blocks(self) -> bool:
        return self.error or not self.noted


def check(
    rules: list[Rule],
    values: dict[str, float | None],
    notes: dict[str, str],
    previous: dict[str, float | None] | None = None,
) -> list[Problem]:
    """The rules ``values`` break (an item without a value is not checked)."""
    out = []
    for rule in rules:
        left = values.get(rule.left)
        if left is None:
            continue
        if rule.op == Op.JUMP:
            before = (previous or {}).get(rule.left)
            if not before or not left:
                continue
            factor = float(rule.factor)
            if not (left > before * factor or before > left * factor):
                continue
            detail = _("kỳ trước %(before)s, kỳ này %(now)s") % {
                "before": f"{before:,.0f}".replace(",", "."),
                "now": f"{left:,.0f}".replace(",", "."),
            }
            message = f"{_(rule.message)} ({detail})"  # a preset's message is stored in Vietnamese
        else:
            if rule.right:
                right = values.get(rule.right)
                if right is None:
                    continue
                bound = Decimal(str(right)) * rule.factor + rule.constant
            else:
                bound = Decimal(rule.constant)
            if _OPS[rule.op](Decimal(str(left)), bound):  # type: ignore[index]
                continue
            message = _(rule.message)
        out.append(Problem(rule, rule.left, message, bool(notes.get(rule.left, "").strip())))
    return out
