"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values: ``code``, ``name`` (lazy Vietnamese), ``unit`` ("people", "units", "vnd", "percent" or a
lazy word), ``rollup`` ("sum", "ratio", "share"), then either ``key`` (the figure key prefix
summed) or ``compute`` (a function of the figures: ``f.sum(prefix)``, ``f.get(key)``), and
optionally ``fdrs``, ``decimals``, ``description``.

``own_figures(year, end, unit_ids)``: ``{unit_id: {key: int}}`` for the records dated in
``year`` up to ``end`` (stock figures as of ``end``), for ``unit_ids`` (None: every unit);
set-based, a fixed number of queries. Keys start with the app's prefix.

Keys (the unit is the one that holds the record):
  aid:addr:<status>          addresses that reached proposed / surveyed / approved / supported /
                             closed in the period (the step's date)
  aid:rev:due, aid:rev:ok    reviews falling due in the period (answered or still open), and
                             of them those answered by their due date
  aid:ben:<sex>              beneficiaries in the list at ``end``, by sex (M, F, U unknown)
  aid:cat:<code>:<sex>       of them, by hardship category (one person counts in each of theirs)
  aid:as:cash, aid:as:goods  assistance recorded (not withdrawn), in đồng
  aid:gift:n:<kind>          parcels of approved lists of campaigns starting in the period, by
  aid:gift:v:<kind>          campaign kind (tet, month, disaster, other); their value in đồng
  aid:gift:cash, :goods      the same parcels' cash and goods
  aid:reach:drer, :ltspd     people reached (a parcel delivered or assistance given): through
                             disaster relief, and through the other (long-term social) work
"""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, F, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.figures import in_units

from .models import (
    DEFAULT_CATEGORIES,
    Address,
    AddressReview,
    AddressStatus,
    AddressStep,
    Assistance,
    Beneficiary,
    CampaignKind,
    Delivery,
    ListStatus,
    Recipient,
)

SEXES = ("M", "F", "U")


def _pct(num: int, den: int) -> float | None:
    return num * 100 / den if den else None


INDICATORS: list[dict] = [
    {"code": "aid_addresses_proposed", "name": _("Địa chỉ nhân đạo được đề xuất"),
     "unit": _("địa chỉ"), "key": "aid:addr:proposed"},
    {"code": "aid_addresses_approved", "name": _("Địa chỉ nhân đạo được duyệt"),
     "unit": _("địa chỉ"), "key": "aid:addr:approved"},
    {"code": "aid_addresses_supported", "name": _("Địa chỉ nhân đạo bắt đầu được hỗ trợ"),
     "unit": _("địa chỉ"), "key": "aid:addr:supported"},
    {"code": "aid_addresses_closed", "name": _("Địa chỉ nhân đạo đã đóng"),
     "unit": _("địa chỉ"), "key": "aid:addr:closed"},
    {"code": "aid_reviews_on_time", "name": _("Địa chỉ nhân đạo được rà soát đúng hạn"),
     "unit": "percent", "rollup": "ratio", "decimals": 1,
     "compute": lambda f: _pct(f.get("aid:rev:ok"), f.get("aid:rev:due")),
     "description": _("Lần rà soát đến hạn trong kỳ đã làm trước hoặc đúng hạn ÷ lần rà soát "
                      "đến hạn trong kỳ.")},
    {"code": "aid_beneficiaries", "name": _("Đối tượng trợ giúp trong danh sách"),
     "unit": "people", "key": "aid:ben:"},
    {"code": "aid_beneficiaries_female", "name": _("Đối tượng trợ giúp là nữ"),
     "unit": "people", "key": "aid:ben:F"},
    {"code": "aid_beneficiaries_male", "name": _("Đối tượng trợ giúp là nam"),
     "unit": "people", "key": "aid:ben:M"},
    {"code": "aid_assistance_cash", "name": _("Trợ giúp bằng tiền mặt"), "unit": "vnd",
     "compute": lambda f: f.get("aid:as:cash") + f.get("aid:gift:cash")},
    {"code": "aid_assistance_goods", "name": _("Trợ giúp bằng hiện vật (quy ra tiền)"),
     "unit": "vnd", "compute": lambda f: f.get("aid:as:goods") + f.get("aid:gift:goods")},
    {"code": "aid_gifts", "name": _("Suất quà đã duyệt trong các đợt vận động"),
     "unit": _("suất"), "key": "aid:gift:n:"},
    {"code": "aid_gifts_value", "name": _("Giá trị suất quà trong các đợt vận động"),
     "unit": "vnd", "key": "aid:gift:v:"},
    {"code": "aid_reached_drer", "name": _("Người được trợ giúp qua cứu trợ thiên tai"),
     "unit": "people", "key": "aid:reach:drer", "fdrs": "KPI_ReachDRER_D_Tot"},
    {"code": "aid_reached_ltspd", "name": _("Người được trợ giúp qua hoạt động nhân đạo thường xuyên"),
     "unit": "people", "key": "aid:reach:ltspd", "fdrs": "KPI_ReachLTSPD_D_Tot"},
    {"code": "aid_reached", "name": _("Người được trợ giúp"), "unit": "people",
     "key": "aid:reach:"},
]  # fmt: skip

for _kind, _label in CampaignKind.choices:
    INDICATORS += [
        {"code": f"aid_gifts_{_kind}", "name": format_lazy(_("Suất quà: {}"), _label),
         "unit": _("suất"), "key": f"aid:gift:n:{_kind}"},
        {"code": f"aid_gifts_value_{_kind}", "name": format_lazy(_("Giá trị quà: {}"), _label),
         "unit": "vnd", "key": f"aid:gift:v:{_kind}"},
    ]  # fmt: skip


INDICATORS += [
    {"code": f"aid_beneficiaries_{code}", "name": name, "unit": "people",
     "key": f"aid:cat:{code}:"}
    for code, name in DEFAULT_CATEGORIES
]  # fmt: skip


def own_figures(
    year: int,
    end: datetime.date,
    unit_ids: Collection[int] | None,
    start: datetime.date | None = None,
) -> dict[int, dict[str, int]]:
    start = start or datetime.date(year, 1, 1)  # a report may start later (reports.periods)
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # Address steps (one query).
    steps = in_units(
        AddressStep.objects.filter(on__gte=start, on__lte=end), "address__unit_id", unit_ids
    )
    for uid, status, n in steps.values_list("address__unit_id", "status").annotate(
        n=Count("address_id", distinct=True)
    ):
        out[uid][f"aid:addr:{status}"] += n
    # Reviews due in the period: answered (and on time), and still open past due (two queries).
    reviews = in_units(AddressReview.objects.filter(due__gte=start, due__lte=end), "address__unit_id", unit_ids)  # fmt: skip
    for uid, due, ok in reviews.values_list("address__unit_id").annotate(
        n_due=Count("pk"), n_ok=Count("pk", filter=Q(reviewed_on__lte=F("due")))
    ):
        out[uid]["aid:rev:due"] += due
        out[uid]["aid:rev:ok"] += ok
    waiting = in_units(
        Address.objects.exclude(status=AddressStatus.CLOSED).filter(review_due__gte=start, review_due__lte=end),
        "unit_id", unit_ids,
    )  # fmt: skip
    for uid, n in waiting.values_list("unit_id").annotate(n=Count("pk")):
        out[uid]["aid:rev:due"] += n
    # Beneficiaries at the end, by sex and by category (two queries).
    current = Q(since__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    bens = in_units(Beneficiary.objects.filter(current), "unit_id", unit_ids)
    for uid, sex, n in bens.values_list("unit_id", "person__sex").annotate(n=Count("pk")):
        out[uid][f"aid:ben:{sex if sex in ('M', 'F') else 'U'}"] += n
    through = Beneficiary.categories.through.objects.filter(
        beneficiary__in=bens.values("pk")
    ).values_list("beneficiary__unit_id", "hardshipcategory__code", "beneficiary__person__sex")
    for uid, code, sex, n in through.annotate(n=Count("pk")):
        out[uid][f"aid:cat:{code}:{sex if sex in ('M', 'F') else 'U'}"] += n
    # Assistance and gifts (two queries).
    given = in_units(
        Assistance.objects.filter(on__gte=start, on__lte=end, withdrawn_at__isnull=True),
        "unit_id", unit_ids,
    )  # fmt: skip
    for uid, cash, goods in given.values_list("unit_id").annotate(c=Sum("cash"), g=Sum("goods")):
        out[uid]["aid:as:cash"] += cash or 0
        out[uid]["aid:as:goods"] += goods or 0
    gifts = in_units(
        Recipient.objects.filter(
            removed_at__isnull=True, list__status=ListStatus.APPROVED,
            campaign__start__gte=start, campaign__start__lte=end,
        ),
        "unit_id", unit_ids,
    )  # fmt: skip
    for uid, kind, n, cash, goods in gifts.values_list("unit_id", "campaign__kind").annotate(
        n=Count("pk"), c=Sum("cash"), g=Sum("goods")
    ):
        out[uid][f"aid:gift:n:{kind}"] += n
        out[uid][f"aid:gift:v:{kind}"] += (cash or 0) + (goods or 0)
        out[uid]["aid:gift:cash"] += cash or 0
        out[uid]["aid:gift:goods"] += goods or 0
    # People reached, distinct per unit and kind of service (two queries).
    reached: dict[tuple[int, str], set[int]] = defaultdict(set)
    delivered = gifts.filter(delivery=Delivery.DELIVERED).values_list("unit_id", "campaign__kind", "person_id").distinct()  # fmt: skip
    for uid, kind, pid in delivered.iterator(chunk_size=20_000):
        reached[(uid, "drer" if kind == CampaignKind.DISASTER else "ltspd")].add(pid)
    for uid, pid, kind in given.values_list("unit_id", "person_id", "campaign__kind").distinct():
        reached[(uid, "drer" if kind == CampaignKind.DISASTER else "ltspd")].add(pid)
    for (uid, service), people in reached.items():
        out[uid][f"aid:reach:{service}"] = len(people)
    return {uid: dict(v) for uid, v in out.items()}
