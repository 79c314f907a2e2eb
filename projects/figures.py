"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values (see aid/figures.py for the fields). ``own_figures(year, end, unit_ids)``:
``{unit_id: {key: int}}`` for the records dated in ``year`` up to ``end`` (stock figures as of
``end``), set-based, a fixed number of queries (eleven). Keys (the unit holding the record):

  projects:house:started, :handed    houses whose building started / that were handed over
  projects:house:value               the support (all sources) of the houses handed over, đồng
  projects:house:paid                tranches paid from the fund (not cancelled), đồng
  projects:cow:given                 founding cows given to a household
  projects:cow:born                  calves born
  projects:cow:passed                calves (or heifers) passed on to the next household
  projects:cow:reached               households that have received an animal, by ``end`` (stock)
  projects:cow:owning                households whose obligation is met, by ``end`` (stock)
  projects:cap:groups, :members      capital groups open at ``end`` and their members then
  projects:cap:outstanding           loans still owed at ``end``, đồng
  projects:chk:events, :visits       check-up events and visits
  projects:chk:value                 their value, all sources, đồng
  projects:kit:events, :meals        charity-kitchen events and meals served
  projects:kit:value                 their value, đồng
"""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.figures import in_units

from .models import (
    Animal,
    CapitalGroup,
    Event,
    EventKind,
    EventValue,
    GroupMember,
    House,
    HouseSupport,
    Loan,
    Placement,
    PlacementKind,
    Repayment,
    Tranche,
)  # fmt: skip

INDICATORS: list[dict] = [
    {"code": "projects_houses_started", "name": _("Nhà Chữ thập đỏ khởi công"),
     "unit": _("nhà"), "key": "projects:house:started"},
    {"code": "projects_houses_handed_over", "name": _("Nhà Chữ thập đỏ bàn giao"),
     "unit": _("nhà"), "key": "projects:house:handed"},
    {"code": "projects_houses_value", "name": _("Giá trị hỗ trợ nhà Chữ thập đỏ đã bàn giao"),
     "unit": "vnd", "key": "projects:house:value"},
    {"code": "projects_houses_fund_paid", "name": _("Chi từ quỹ cho nhà Chữ thập đỏ"),
     "unit": "vnd", "key": "projects:house:paid"},
    {"code": "projects_cows_given", "name": _("Bò giống trao cho hộ (ngân hàng bò)"),
     "unit": _("con"), "key": "projects:cow:given"},
    {"code": "projects_calves_born", "name": _("Bê sinh ra (ngân hàng bò)"),
     "unit": _("con"), "key": "projects:cow:born"},
    {"code": "projects_calves_passed_on", "name": _("Bê chuyển giao cho hộ tiếp theo"),
     "unit": _("con"), "key": "projects:cow:passed"},
    {"code": "projects_households_reached", "name": _("Hộ đã được nhận bò (luỹ kế)"),
     "unit": _("hộ"), "key": "projects:cow:reached"},
    {"code": "projects_households_owning", "name": _("Hộ đã sở hữu bò (luỹ kế)"),
     "unit": _("hộ"), "key": "projects:cow:owning"},
    {"code": "projects_capital_groups", "name": _("Tổ trợ vốn đang hoạt động"),
     "unit": _("tổ"), "key": "projects:cap:groups"},
    {"code": "projects_capital_members", "name": _("Thành viên tổ trợ vốn"),
     "unit": "people", "key": "projects:cap:members"},
    {"code": "projects_capital_outstanding", "name": _("Dư nợ của các tổ trợ vốn"),
     "unit": "vnd", "key": "projects:cap:outstanding",
     "description": _("Số tiền thành viên còn nợ tổ vào ngày cuối kỳ.")},
    {"code": "projects_checkup_events", "name": _("Đợt khám bệnh, cấp thuốc nhân đạo"),
     "unit": _("đợt"), "key": "projects:chk:events"},
    {"code": "projects_checkup_visits", "name": _("Lượt khám bệnh nhân đạo"),
     "unit": _("lượt"), "key": "projects:chk:visits"},
    {"code": "projects_checkup_value", "name": _("Giá trị khám bệnh, cấp thuốc nhân đạo"),
     "unit": "vnd", "key": "projects:chk:value"},
    {"code": "projects_kitchen_events", "name": _("Buổi bếp ăn tình thương"),
     "unit": _("buổi"), "key": "projects:kit:events"},
    {"code": "projects_kitchen_meals", "name": _("Suất ăn bếp ăn tình thương"),
     "unit": _("suất"), "key": "projects:kit:meals"},
    {"code": "projects_kitchen_value", "name": _("Giá trị bếp ăn tình thương"),
     "unit": "vnd", "key": "projects:kit:value"},
]  # fmt: skip

_EVENT_PREFIX = {EventKind.CHECKUP: "chk", EventKind.KITCHEN: "kit"}
_EVENT_COUNT = {EventKind.CHECKUP: "visits", EventKind.KITCHEN: "meals"}


def _houses(out, start, end, unit_ids) -> None:
    houses = in_units(House.objects.all(), "unit_id", unit_ids)
    for uid, started, handed in houses.values_list("unit_id").annotate(
        s=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        h=Count("pk", filter=Q(handed_over_on__gte=start, handed_over_on__lte=end)),
    ):
        out[uid]["projects:house:started"] += started
        out[uid]["projects:house:handed"] += handed
    value = in_units(HouseSupport.objects.filter(house__handed_over_on__gte=start, house__handed_over_on__lte=end), "house__unit_id", unit_ids)  # fmt: skip
    for uid, v in value.values_list("house__unit_id").annotate(v=Sum("amount")):
        out[uid]["projects:house:value"] += v or 0
    paid = in_units(Tranche.objects.filter(on__gte=start, on__lte=end, cancelled_at__isnull=True), "house__unit_id", unit_ids)  # fmt: skip
    for uid, v in paid.values_list("house__unit_id").annotate(v=Sum("amount")):
        out[uid]["projects:house:paid"] += v or 0


def _cows(out, start, end, unit_ids) -> None:
    born = in_units(Animal.objects.filter(mother__isnull=False, born_on__gte=start, born_on__lte=end), "unit_id", unit_ids)  # fmt: skip
    for uid, n in born.values_list("unit_id").annotate(n=Count("pk")):
        out[uid]["projects:cow:born"] += n
    placed = in_units(Placement.objects.filter(start__lte=end), "unit_id", unit_ids)
    for uid, given, passed, reached, owning in placed.values_list("unit_id").annotate(
        g=Count("pk", filter=Q(kind=PlacementKind.GIVEN, start__gte=start)),
        p=Count("pk", filter=Q(kind=PlacementKind.PASSED, start__gte=start)),
        r=Count("household_id", distinct=True),
        o=Count("household_id", distinct=True, filter=Q(met_on__lte=end)),
    ):
        out[uid]["projects:cow:given"] += given
        out[uid]["projects:cow:passed"] += passed
        out[uid]["projects:cow:reached"] += reached
        out[uid]["projects:cow:owning"] += owning


def _capital(out, end, unit_ids) -> None:
    open_at = Q(founded_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    for uid, n in in_units(CapitalGroup.objects.filter(open_at), "unit_id", unit_ids).values_list("unit_id").annotate(n=Count("pk")):  # fmt: skip
        out[uid]["projects:cap:groups"] += n
    members = GroupMember.objects.filter(Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end)))  # fmt: skip
    for uid, n in in_units(members, "group__unit_id", unit_ids).values_list("group__unit_id").annotate(n=Count("person_id", distinct=True)):  # fmt: skip
        out[uid]["projects:cap:members"] += n
    lent = in_units(Loan.objects.filter(on__lte=end, cancelled_at__isnull=True), "group__unit_id", unit_ids)  # fmt: skip
    for uid, v in lent.values_list("group__unit_id").annotate(v=Sum("amount")):
        out[uid]["projects:cap:outstanding"] += v or 0
    back = in_units(Repayment.objects.filter(on__lte=end, cancelled_at__isnull=True, loan__cancelled_at__isnull=True, loan__on__lte=end), "loan__group__unit_id", unit_ids)  # fmt: skip
    for uid, v in back.values_list("loan__group__unit_id").annotate(v=Sum("amount")):
        out[uid]["projects:cap:outstanding"] -= v or 0


def _events(out, start, end, unit_ids) -> None:
    live = Q(on__gte=start, on__lte=end, cancelled_at__isnull=True)
    for uid, kind, n, c in in_units(Event.objects.filter(live), "unit_id", unit_ids).values_list("unit_id", "kind").annotate(n=Count("pk"), c=Sum("count")):  # fmt: skip
        out[uid][f"projects:{_EVENT_PREFIX[kind]}:events"] += n
        out[uid][f"projects:{_EVENT_PREFIX[kind]}:{_EVENT_COUNT[kind]}"] += c or 0
    values = in_units(EventValue.objects.filter(event__on__gte=start, event__on__lte=end, event__cancelled_at__isnull=True), "event__unit_id", unit_ids)  # fmt: skip
    for uid, kind, v in values.values_list("event__unit_id", "event__kind").annotate(v=Sum("amount")):  # fmt: skip
        out[uid][f"projects:{_EVENT_PREFIX[kind]}:value"] += v or 0


def own_figures(
    year: int,
    end: datetime.date,
    unit_ids: Collection[int] | None,
    start: datetime.date | None = None,
) -> dict[int, dict[str, int]]:
    start = start or datetime.date(year, 1, 1)  # a report may start later (reports.periods)
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    _houses(out, start, end, unit_ids)
    _cows(out, start, end, unit_ids)
    _capital(out, end, unit_ids)
    _events(out, start, end, unit_ids)
    return {uid: {k: v for k, v in d.items() if v} for uid, d in out.items() if any(d.values())}
