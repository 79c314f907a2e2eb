"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values (see aid/figures.py). ``own_figures(year, end, unit_ids)``: ``{unit_id: {key: int}}``,
set-based, a fixed number of queries.

Keys (the unit is the one that holds the record):
  oversight:insp            1 when the unit was inspected (a visit not cancelled) in the year
  oversight:rec:open        recommendations owned by the unit, not done at ``end``
  oversight:rec:overdue     of them, those past their due date at ``end``
  oversight:strong          1 when the unit's final assessment of the year classes it strong
  oversight:assessed        1 when the unit has a final assessment for the year
  oversight:cm:c:<level>    collectives commended (decided) in the year, by level
  oversight:cm:i:<level>    individuals commended (decided) in the year, by level
  oversight:cm:amt:<level>  the amounts of those commendations, in đồng
"""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.figures import in_units

from .models import Assessment, AssessmentStatus, Commendation, Recommendation, Visit
from .models.awards import CommendationLevel


def _pct(num: int, den: int) -> float | None:
    return num * 100 / den if den else None


INDICATORS: list[dict] = [
    {"code": "oversight_bases_inspected_pct", "name": _("Hội cơ sở được kiểm tra trong năm"),
     "unit": "percent", "rollup": "share", "decimals": 1,
     "compute": lambda f: _pct(f.get("oversight:insp"), f.get("u:base")),
     "description": _("Hội cơ sở có ít nhất một buổi kiểm tra trong năm ÷ số Hội cơ sở.")},
    {"code": "oversight_bases_inspected", "name": _("Hội cơ sở được kiểm tra"),
     "unit": "units", "key": "oversight:insp"},
    {"code": "oversight_recommendations_open", "name": _("Kiến nghị sau kiểm tra chưa thực hiện xong"),
     "unit": _("kiến nghị"), "key": "oversight:rec:open"},
    {"code": "oversight_recommendations_overdue", "name": _("Kiến nghị sau kiểm tra quá hạn"),
     "unit": _("kiến nghị"), "key": "oversight:rec:overdue"},
    {"code": "oversight_bases_strong_pct", "name": _("Hội cơ sở vững mạnh"),
     "unit": "percent", "rollup": "share", "decimals": 1,
     "compute": lambda f: _pct(f.get("oversight:strong"), f.get("u:base")),
     "description": _("Hội cơ sở được công nhận vững mạnh (hoặc xuất sắc) theo bảng điểm thi "
                      "đua của năm ÷ số Hội cơ sở.")},
    {"code": "oversight_commended_collectives", "name": _("Tập thể được khen thưởng"),
     "unit": _("tập thể"), "key": "oversight:cm:c:"},
    {"code": "oversight_commended_individuals", "name": _("Cá nhân được khen thưởng"),
     "unit": "people", "key": "oversight:cm:i:"},
    {"code": "oversight_commendation_amount", "name": _("Tiền thưởng kèm khen thưởng"),
     "unit": "vnd", "key": "oversight:cm:amt:"},
]  # fmt: skip

for _level, _label in CommendationLevel.choices:
    INDICATORS += [
        {"code": f"oversight_commended_collectives_{_level}",
         "name": format_lazy(_("Tập thể được khen thưởng cấp {}"), _label),
         "unit": _("tập thể"), "key": f"oversight:cm:c:{_level}"},
        {"code": f"oversight_commended_individuals_{_level}",
         "name": format_lazy(_("Cá nhân được khen thưởng cấp {}"), _label),
         "unit": "people", "key": f"oversight:cm:i:{_level}"},
    ]  # fmt: skip


def own_figures(
    year: int,
    end: datetime.date,
    unit_ids: Collection[int] | None,
    start: datetime.date | None = None,
) -> dict[int, dict[str, int]]:
    start = start or datetime.date(year, 1, 1)  # a report may start later (reports.periods)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    visits = in_units(Visit.objects.filter(on__gte=start, on__lte=end, cancelled_at__isnull=True), "unit_id", unit_ids)  # fmt: skip
    for uid in visits.order_by().values_list("unit_id", flat=True).distinct():
        out[uid]["oversight:insp"] = 1
    recs = in_units(
        Recommendation.objects.filter(visit__on__lte=end, visit__cancelled_at__isnull=True)
        .exclude(status="done", done_on__lte=end),
        "owner_id", unit_ids,
    )  # fmt: skip
    for uid, n, late in (
        recs.order_by()
        .values_list("owner_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due__lt=end)))
    ):
        out[uid]["oversight:rec:open"] = n
        if late:
            out[uid]["oversight:rec:overdue"] = late
    finals = in_units(Assessment.objects.filter(sheet__year=year, status=AssessmentStatus.FINAL), "unit_id", unit_ids)  # fmt: skip
    for uid, strong in finals.order_by().values_list("unit_id", "strong"):
        out[uid]["oversight:assessed"] = 1
        if strong:
            out[uid]["oversight:strong"] = 1
    awards = in_units(
        Commendation.objects.filter(status=Commendation.Status.DECIDED, decision_on__gte=start, decision_on__lte=end),
        "unit_id", unit_ids,
    )  # fmt: skip
    for uid, level, individual, n, amount in (
        awards.order_by()
        .annotate(ind=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()))
        .values_list("unit_id", "level", "ind")
        .annotate(n=Count("pk"), a=Sum("amount"))
    ):
        d = out[uid]
        kind = "i" if individual else "c"
        d[f"oversight:cm:{kind}:{level}"] = d.get(f"oversight:cm:{kind}:{level}", 0) + n
        if amount:
            d[f"oversight:cm:amt:{level}"] = d.get(f"oversight:cm:amt:{level}", 0) + amount
    return {uid: d for uid, d in out.items() if d}
