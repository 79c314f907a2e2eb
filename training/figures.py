"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values: ``code``, ``name`` (lazy Vietnamese), ``unit`` ("people", "units", "vnd", "percent" or a
lazy word), ``rollup`` ("sum", "ratio", "share"), then either ``key`` (the figure key prefix
summed) or ``compute`` (a function of the figures: ``f.sum(prefix)``, ``f.get(key)``), and
optionally ``fdrs``, ``decimals``, ``description``.

``own_figures(year, end, unit_ids)``: ``{unit_id: {key: int}}`` for the records dated in
``year`` up to ``end`` (stock figures as of ``end``), for ``unit_ids`` (None: every unit);
set-based, a fixed number of queries. Keys start with the app's prefix "tr:":

  tr:cls:<kind>                 classes of a course kind that ended in the year (not cancelled),
                                by organising unit
  tr:t:<kind>:<sex>:<band>      trainees who passed them, by sex and FDRS age band at the end
  tr:cert                       certificates valid on ``end``, by issuing unit
  tr:exp                        of them, expiring within 90 days after ``end`` and not renewed
  tr:instr                      instructors: people holding a valid instructor certificate on
                                ``end``, by issuing unit
  tr:act                        volunteer activities of the year (not cancelled), by unit
  tr:hours                      volunteer hours of the year, by the activity's unit
  tr:vol:<sex>                  volunteers who gave hours in the year, by the activity's unit
                                (one per unit they served)
  tr:va:<sex>                   active volunteers on ``end`` (the rule over their hours), by the
                                unit of their volunteer membership
  tr:cad / tr:cadt              cadres in office on ``end`` / of them trained this term (passed a
                                cadre course in a class that ended in the congress term of
                                ``year``), by the cadre's unit
  tr:baseok                     1 for a base whose every cadre (base and units under it) was
                                trained this term
"""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.figures import id_values, in_units
from core.vn import fdrs_band
from members.models import Cadre, Membership
from org.models import Unit, UnitKind
from org.terms import Terms

from .models import Activity, Certificate, CourseKind, Participant, Result, VolunteerHours

FIRST_AID = CourseKind.FIRST_AID.value
EXPIRING_DAYS = 90


def _pct(num: float, den: float) -> float | None:
    return num * 100 / den if den else None


INDICATORS: list[dict] = [
    {"code": "tr_classes", "name": _("Lớp tập huấn đã kết thúc"), "unit": _("lớp"),
     "key": "tr:cls:"},
    {"code": "tr_classes_first_aid", "name": _("Lớp sơ cấp cứu đã kết thúc"), "unit": _("lớp"),
     "key": f"tr:cls:{FIRST_AID}"},
    {"code": "tr_trainees", "name": _("Người được tập huấn (đạt)"), "key": "tr:t:"},
    {"code": "tr_trained_first_aid", "name": _("Người được tập huấn sơ cấp cứu"),
     "key": f"tr:t:{FIRST_AID}:", "fdrs": "KPI_TrainFA_Tot",
     "description": _("Học viên đạt của các lớp sơ cấp cứu kết thúc trong kỳ.")},
    {"code": "tr_trained_first_aid_female", "name": _("Người được tập huấn sơ cấp cứu (nữ)"),
     "key": f"tr:t:{FIRST_AID}:F:", "fdrs": "KPI_TrainFA_Tot_F"},
    {"code": "tr_trained_first_aid_male", "name": _("Người được tập huấn sơ cấp cứu (nam)"),
     "key": f"tr:t:{FIRST_AID}:M:", "fdrs": "KPI_TrainFA_Tot_M"},
    {"code": "tr_trained_cadre", "name": _("Cán bộ Hội được tập huấn (lượt đạt)"),
     "key": "tr:t:cadre:"},
    {"code": "tr_certificates_valid", "name": _("Giấy chứng nhận còn hiệu lực"),
     "unit": _("giấy"), "key": "tr:cert"},
    {"code": "tr_certificates_expiring", "name": _("Giấy chứng nhận sắp hết hạn (90 ngày)"),
     "unit": _("giấy"), "key": "tr:exp",
     "description": _("Giấy còn hiệu lực cuối kỳ, hết hạn trong 90 ngày sau đó và chưa gia "
                      "hạn, theo đơn vị cấp.")},
    {"code": "tr_instructors", "name": _("Hướng dẫn viên có chứng nhận còn hiệu lực"),
     "key": "tr:instr"},
    {"code": "tr_cadres_trained_term", "name": _("Cán bộ Hội được tập huấn trong nhiệm kỳ"),
     "key": "tr:cadt",
     "description": _("Cán bộ đương nhiệm đã đạt một lớp tập huấn cán bộ kết thúc trong "
                      "nhiệm kỳ hiện tại.")},
    {"code": "tr_cadres_trained_pct", "name": _("Tỷ lệ cán bộ Hội được tập huấn trong nhiệm kỳ"),
     "unit": "percent", "rollup": "ratio", "decimals": 1,
     "compute": lambda f: _pct(f.get("tr:cadt"), f.get("tr:cad"))},
    {"code": "tr_bases_cadres_trained_pct",
     "name": _("Hội cơ sở có toàn bộ cán bộ được tập huấn"), "unit": "percent",
     "rollup": "share", "decimals": 1,
     "compute": lambda f: _pct(f.get("tr:baseok"), f.get("u:base")),
     "description": _("Hội cơ sở mà mọi cán bộ đương nhiệm (cả chi hội) đã được tập huấn "
                      "trong nhiệm kỳ (mục tiêu 100%).")},
    {"code": "tr_activities", "name": _("Hoạt động tình nguyện"), "unit": _("hoạt động"),
     "key": "tr:act"},
    {"code": "tr_volunteer_hours", "name": _("Giờ tình nguyện"), "unit": _("giờ"),
     "key": "tr:hours"},
    {"code": "tr_volunteers_serving", "name": _("Tình nguyện viên tham gia hoạt động"),
     "key": "tr:vol:"},
    {"code": "tr_active_volunteers", "name": _("Tình nguyện viên tích cực"), "key": "tr:va:",
     "description": _("Tình nguyện viên đạt tiêu chí tích cực (số giờ hoặc số hoạt động trong "
                      "các tháng gần nhất) vào cuối kỳ.")},
    {"code": "tr_active_volunteers_female", "name": _("Tình nguyện viên tích cực (nữ)"),
     "key": "tr:va:F"},
    {"code": "tr_active_volunteers_male", "name": _("Tình nguyện viên tích cực (nam)"),
     "key": "tr:va:M"},
]  # fmt: skip


def _add(out, unit_id: int, key: str, n: int) -> None:
    if n:
        d = out[unit_id]
        d[key] = d.get(key, 0) + n


def own_figures(
    year: int,
    end: datetime.date,
    unit_ids: Collection[int] | None,
    start: datetime.date | None = None,
) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    ids = None if unit_ids is None else id_values(unit_ids)
    start = start or datetime.date(year, 1, 1)  # a report may start later (reports.periods)

    def scoped(qs, field="unit_id"):
        return in_units(qs, field, ids)

    _class_figures(out, scoped, start, end)
    _certificate_figures(out, scoped, end)
    _activity_figures(out, scoped, start, end)
    _active_figures(out, scoped, end)
    _cadre_figures(out, scoped, ids, year, end)
    return dict(out)


def _class_figures(out, scoped, start, end) -> None:
    classes = scoped(
        Participant.objects.order_by().filter(
            training_class__cancelled_on__isnull=True,
            training_class__ends_on__gte=start,
            training_class__ends_on__lte=end,
        ),
        "training_class__unit_id",
    )
    for unit_id, kind, n in (
        classes.values_list("training_class__unit_id", "training_class__course__kind")
        .annotate(n=Count("training_class_id", distinct=True))
    ):  # fmt: skip
        _add(out, unit_id, f"tr:cls:{kind}", n)
    passed = classes.filter(result=Result.PASSED).values_list(
        "training_class__unit_id", "training_class__course__kind", "person__sex",
        "person__birth_year",
    ).annotate(n=Count("id"))  # fmt: skip
    for unit_id, kind, sex, birth_year, n in passed:
        band = fdrs_band(end.year - birth_year if birth_year else None)
        _add(out, unit_id, f"tr:t:{kind}:{sex}:{band}", n)


def _valid_certs(end):
    return (
        Certificate.objects.order_by()
        .filter(revoked_on__isnull=True, issued_on__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
    )


def _certificate_figures(out, scoped, end) -> None:
    valid = scoped(_valid_certs(end))
    for unit_id, n in valid.values_list("unit_id").annotate(n=Count("id")):
        _add(out, unit_id, "tr:cert", n)
    expiring = valid.filter(
        valid_until__lte=end + datetime.timedelta(days=EXPIRING_DAYS), renewal__isnull=True
    )
    for unit_id, n in expiring.values_list("unit_id").annotate(n=Count("id")):
        _add(out, unit_id, "tr:exp", n)
    instructors = valid.filter(course__qualifies_instructor=True)
    for unit_id, n in instructors.values_list("unit_id").annotate(
        n=Count("person_id", distinct=True)
    ):
        _add(out, unit_id, "tr:instr", n)


def _activity_figures(out, scoped, start, end) -> None:
    acts = scoped(Activity.objects.order_by().filter(on__gte=start, on__lte=end))
    for unit_id, n in (
        acts.filter(cancelled_on__isnull=True).values_list("unit_id").annotate(n=Count("id"))
    ):
        _add(out, unit_id, "tr:act", n)
    hours = scoped(
        VolunteerHours.objects.order_by().filter(cancelled=False, on__gte=start, on__lte=end),
        "activity__unit_id",
    )
    for unit_id, h in hours.values_list("activity__unit_id").annotate(h=Sum("hours")):
        _add(out, unit_id, "tr:hours", int(h or 0))
    for unit_id, sex, n in hours.values_list("activity__unit_id", "person__sex").annotate(
        n=Count("person_id", distinct=True)
    ):
        _add(out, unit_id, f"tr:vol:{sex}", n)


def _active_figures(out, scoped, end) -> None:
    """Active volunteers on ``end``, by the unit of their volunteer membership: one grouped
    query of the hours in the rule's window, joined to the memberships."""
    from .selectors import VOLUNTEER, active_q, rule_on

    rule = rule_on(end)
    first, last = rule.window(end)
    ms = scoped(Membership.objects.order_by().active_on(end).filter(category=VOLUNTEER))
    active = (
        VolunteerHours.objects.order_by()
        .filter(cancelled=False, on__gte=first, on__lte=last, person_id__in=ms.values("person_id"))
        .values("person_id")
        .annotate(h=Sum("hours"), n=Count("activity_id"))
        .filter(active_q(rule))
        .values("person_id")
    )
    for unit_id, sex, n in (
        ms.filter(person_id__in=active).values_list("unit_id", "person__sex").annotate(n=Count("id"))
    ):  # fmt: skip
        _add(out, unit_id, f"tr:va:{sex}", n)


def _cadre_figures(out, scoped, ids, year: int, end) -> None:
    terms = Terms()
    base_rows = Unit.objects.filter(kind=UnitKind.BASE)
    base_rows = base_rows if ids is None else base_rows.filter(pk__in=ids)
    bases = dict(base_rows.values_list("path", "pk"))
    cadres_qs = Cadre.objects.order_by().active_on(end)
    if ids is not None:  # the cadres of the units asked and of the bases' subtrees asked
        q = Q(unit_id__in=ids)
        for path in bases:
            q |= Q(unit__path__startswith=path)
        cadres_qs = cadres_qs.filter(q)
    cadres = list(cadres_qs.values_list("unit_id", "unit__path", "unit__kind", "person_id"))
    passed = defaultdict(list)
    for person_id, ends_on in (
        Participant.objects.order_by()
        .filter(
            person_id__in={c[3] for c in cadres},
            result=Result.PASSED,
            training_class__course__kind=CourseKind.CADRE,
            training_class__cancelled_on__isnull=True,
            training_class__ends_on__lte=end,
        )
        .values_list("person_id", "training_class__ends_on")
    ):
        passed[person_id].append(ends_on)

    def trained(person_id: int, kind: str) -> bool:
        term = terms.of(year, kind)
        first = datetime.date(term.start_year if term else year, 1, 1)
        return any(d >= first for d in passed.get(person_id, ()))

    wanted = None if ids is None else set(ids)
    step = Unit.steplen
    by_base: dict[int, list[bool]] = defaultdict(list)
    for unit_id, path, kind, person_id in cadres:
        ok = trained(person_id, kind)
        if wanted is None or unit_id in wanted:
            _add(out, unit_id, "tr:cad", 1)
            _add(out, unit_id, "tr:cadt", int(ok))
        base_id = next(
            (bases[path[:i]] for i in range(step, len(path) + 1, step) if path[:i] in bases),
            None,
        )
        if base_id is not None:
            by_base[base_id].append(ok)
    for base_id, flags in by_base.items():
        if all(flags):
            _add(out, base_id, "tr:baseok", 1)
