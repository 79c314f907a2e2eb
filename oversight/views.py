"""Pages of the oversight app: the unit's tab (inspections, scoring, commendations at a glance),
inspection plans and visits with their documents, recommendations and their follow-up.
Scoring pages: :mod:`oversight.views_scoring`; commendations: :mod:`oversight.views_awards`.

Access: the unit or record must be in the user's scope (else 404); writing needs edit rights
there (else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.admindoc import document_response
from core.forms import bound_data, run_and_tell, run_service
from indicators.catalogue import BY_CODE
from org.models import Unit, UnitKind

from . import selectors, services
from .documents import plan_report, visit_record
from .forms import CancelForm, FollowUpForm, PlanForm, RecommendationForm, VisitForm, parse_people
from .models import ChecklistItem, RecommendationStatus
from .services.inspections import planned_units

_NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được công tác kiểm tra.")


def nav(request, unit, **extra):
    from org.selectors import unit_nav

    return unit_nav(request.user, unit, tab="oversight", section=extra.pop("section", ""), **extra)


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    recs = list(selectors.recommendations_for(unit)[:50])
    for r in recs:
        r.state = r.state_on(today)  # type: ignore[attr-defined]
    sheets = list(selectors.sheets_for(unit, today.year)) + list(selectors.sheets_for(unit, today.year - 1))  # fmt: skip
    context = nav(
        request, unit, section="home", year=today.year,
        plans=list(selectors.plans_for(unit)[:10]),
        visits=list(selectors.visits_for(unit)[:10]),
        recommendations=recs,
        overdue=sum(1 for r in recs if r.state == RecommendationStatus.OVERDUE),
        sheets=sheets,
        mine=[(x.sheet, x) for x in selectors.Assessment.objects.filter(unit=unit, sheet__in=sheets).select_related("sheet")],
        awards=list(selectors.commendations_for(unit=unit, subtree=True)[:10]),
        is_base=unit.kind == UnitKind.BASE,
    )  # fmt: skip
    return render(request, "oversight/home.html", context)


def _below(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True).exclude(pk=unit.pk).filter(kind__in=[UnitKind.BASE, UnitKind.DISTRICT]).order_by("sort_key")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    below = list(_below(unit)[:500])
    form = PlanForm(bound_data(request), units=below)

    def create():
        d = form.cleaned_data
        return services.create_plan(
            actor=request.user, unit=unit, number=d["number"], issued_on=d["issued_on"],
            year=d["year"], content=d["content"], all_bases=d["all_bases"],
            units=[u for u in below if u.pk in set(d["units"])], team=parse_people(d["team"]),
            schedule=d["schedule"],
        )  # fmt: skip

    plan = run_service(form, create) if request.method == "POST" else None
    if plan is not None:
        messages.success(request, _("Đã ban hành kế hoạch kiểm tra %(n)s.") % {"n": plan.number})
        return redirect("oversight:plan", plan.pk)
    return render(
        request, "oversight/plan_form.html", nav(request, unit, section="home", form=form)
    )


@login_required
@require_GET
def plan(request, plan: int):
    p = selectors.get_plan_for_user(request.user, plan)
    visits = {v.unit_id: v for v in p.visits.filter(cancelled_at__isnull=True)}
    units = [(u, visits.get(u.pk)) for u in planned_units(p)[:2000]]
    context = nav(request, p.unit, section="home", plan=p, units=units, team=list(p.team.all()),
                  can_edit=p.cancelled_at is None and has_perm_on(request.user, p.unit, "edit"), inspected=len(visits),
                  cancel=CancelForm())  # fmt: skip
    return render(request, "oversight/plan.html", context)


@login_required
@require_POST
def plan_cancel(request, plan: int):
    p = selectors.get_plan_for_user(request.user, plan)
    require_perm_on(request.user, p.unit, "edit", _NEED_EDIT)
    form = CancelForm(request.POST)
    run_and_tell(request, form, lambda: services.cancel_plan(actor=request.user, plan=p, reason=form.cleaned_data["reason"]), _("Đã huỷ kế hoạch kiểm tra."))  # fmt: skip
    return redirect("oversight:plan", p.pk)


@login_required
@require_POST
def visit_cancel(request, visit: int):
    v = selectors.get_visit_for_user(request.user, visit)
    require_perm_on(request.user, v.plan.unit if v.plan else v.unit, "edit", _NEED_EDIT)
    form = CancelForm(request.POST)
    run_and_tell(request, form, lambda: services.cancel_visit(actor=request.user, visit=v, reason=form.cleaned_data["reason"]), _("Đã huỷ buổi kiểm tra."))  # fmt: skip
    return redirect("oversight:visit", v.pk)


@login_required
@require_GET
def plan_report_file(request, plan: int, fmt: str):
    p = selectors.get_plan_for_user(request.user, plan)
    doc = plan_report(p)
    return document_response(doc, fmt, f"bao-cao-kiem-tra-{p.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    """A visit to unit ``pk``: recorded by the inspecting level (edit on the plan's issuer)."""
    unit = get_unit_for_user(request.user, pk)
    plan = None
    if request.GET.get("plan"):
        plan = selectors.get_plan_for_user(request.user, request.GET["plan"])
    require_perm_on(request.user, plan.unit if plan else unit, "edit", _NEED_EDIT)
    form = VisitForm(bound_data(request), items=ChecklistItem.objects.filter(active=True))

    def create():
        d = form.cleaned_data
        return services.record_visit(
            actor=request.user, unit=unit, on=d["on"], plan=plan, place=d["place"],
            attendees=form.attendees(), checks=form.checks(),
            **{k: d[k] for k in ("strengths", "limitations", "difficulties", "proposals")},
        )  # fmt: skip

    visit = run_service(form, create) if request.method == "POST" else None
    if visit is not None:
        messages.success(request, _("Đã ghi buổi kiểm tra."))
        return redirect("oversight:visit", visit.pk)
    return render(request, "oversight/visit_form.html", nav(request, unit, section="home", form=form, plan=plan))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def visit(request, visit: int):
    v = selectors.get_visit_for_user(request.user, visit)
    inspector = v.plan.unit if v.plan else v.unit
    can_edit = v.cancelled_at is None and has_perm_on(request.user, inspector, "edit")
    owners = list(Unit.objects.filter(path__startswith=v.unit.path, valid_to__isnull=True).order_by("path")[:200])  # fmt: skip
    if request.method == "POST" and request.POST.get("action") == "figures":
        require_perm_on(request.user, inspector, "edit", _NEED_EDIT)
        return _edit_figures(request, v)
    form = RecommendationForm(bound_data(request), owners=owners)
    if request.method == "POST":
        require_perm_on(request.user, inspector, "edit", _NEED_EDIT)
        by_pk = {u.pk: u for u in owners}
        rec = run_service(form, lambda: services.add_recommendation(
            actor=request.user, visit=v, text_=form.cleaned_data["text"],
            owner=by_pk[form.cleaned_data["owner"]], due=form.cleaned_data["due"]))  # fmt: skip
        if rec is not None:
            messages.success(request, _("Đã ghi kiến nghị."))
            return redirect("oversight:visit", v.pk)
    today = timezone.localdate()
    recs = list(v.recommendations.select_related("owner").prefetch_related("follow_ups"))
    for r in recs:
        r.state = r.state_on(today)  # type: ignore[attr-defined]
    figures = [(c, BY_CODE[c].name if c in BY_CODE else c, val, v.figures_auto.get(c)) for c, val in v.figures.items()]  # fmt: skip
    context = nav(
        request, v.unit, section="home", visit=v, can_edit=can_edit, form=form,
        attendees=list(v.attendees.all()), checks=list(v.checks.select_related("item")),
        recommendations=recs, figures=figures, cancel=CancelForm(),
    )  # fmt: skip
    return render(request, "oversight/visit.html", context)


def _edit_figures(request, v):
    """The visit's figures as the team corrected them (fig_<code>; empty: no value)."""
    values: dict[str, float | None] = {}
    for code in v.figures:
        raw = request.POST.get(f"fig_{code}", "").strip().replace(".", "").replace(",", ".")
        try:
            values[code] = float(raw) if raw else None
        except ValueError:
            messages.error(request, _("Số liệu phải là số."))
            return redirect("oversight:visit", v.pk)
    services.update_visit(actor=request.user, visit=v, figures=values)
    messages.success(request, _("Đã sửa số liệu của biên bản."))
    return redirect("oversight:visit", v.pk)


@login_required
@require_GET
def visit_record_file(request, visit: int, fmt: str):
    v = selectors.get_visit_for_user(request.user, visit)
    doc = visit_record(v)
    return document_response(doc, fmt, f"bien-ban-kiem-tra-{v.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, rec: int):
    r = selectors.get_recommendation_for_user(request.user, rec)
    require_perm_on(request.user, r.owner, "edit", _("Chỉ đơn vị thực hiện kiến nghị mới cập nhật được tiến độ."))  # fmt: skip
    form = FollowUpForm(bound_data(request))
    if request.method == "POST":
        d = form.cleaned_data if form.is_valid() else {}
        done = run_service(form, lambda: services.follow_up(
            actor=request.user, recommendation=r, on=d["on"], note=d["note"],
            evidence=d["evidence"], done=d["done"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("Đã cập nhật tiến độ kiến nghị."))
            return redirect("oversight:visit", r.visit_id)
    context = nav(request, r.owner, section="home", rec=r, form=form, state=r.state_on(timezone.localdate()))  # fmt: skip
    return render(request, "oversight/follow_up.html", context)
