"""Donors, the living blood bank, honours and the rules. The blood group, weight, health answers
and deferral reasons are shown only to who may edit where the donor is, each view logged
(people.services.log_sensitive_view); the roster and its call list are theirs too."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core import audit
from core.forms import bound_data, run_service
from org.models import UnitKind
from org.selectors import unit_nav
from people.selectors import get_person_for_user
from people.services import log_sensitive_view

from . import eligibility, exports, selectors, services
from .forms import DonorForm, RosterForm, RuleForm
from .models import Donor, EligibilityRule, Honour, Registration
from .views import HEALTH_FIELDS, NEED_EDIT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEED_HEALTH = gettext_lazy(
    "Chỉ người nhập liệu trở lên của đơn vị mới xem được nhóm máu và ngân hàng máu sống."
)


@login_required
@require_http_methods(["GET", "POST"])
def donor(request, pk: int):
    """A person's donor page: counts, eligibility today, history, honours; the profile form."""
    person = get_person_for_user(request.user, pk)
    d = Donor.objects.filter(pk=person.pk).select_related("unit").first()
    unit = d.unit if d else person.unit
    sees = selectors.may_see_health(request.user, unit)
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", NEED_EDIT)
    initial = {}
    if d:
        initial = {f: getattr(d, f) for f in ("abo", "rh", "on_call", "opening_count",
                                               "opening_source", "opening_last_on")}  # fmt: skip
    form = DonorForm(bound_data(request), initial=initial)
    done = run_service(
        form, lambda: services.update_donor(actor=request.user, person=person, **form.cleaned_data)
    )
    if done is not None:
        messages.success(request, _("Đã lưu thông tin người hiến máu."))
        return redirect("blood:donor", pk=person.pk)
    regs = list(
        Registration.objects.filter(person=person).select_related("drive__unit").order_by("-date")
    )
    honours = list(Honour.objects.filter(person=person).order_by("milestone"))
    verdict = None
    if sees:
        log_sensitive_view(actor=request.user, person=person, fields=HEALTH_FIELDS)
        verdict = services.check(person, timezone.localdate(), unit=unit)
    context = unit_nav(
        request.user, unit, person=person, donor=d, sees_health=sees, form=form, regs=regs,
        honours=honours, verdict=verdict,
    )  # fmt: skip
    return render(request, "blood/donor.html", context)


def _roster(request, unit):
    if not selectors.may_see_health(request.user, unit):
        raise PermissionDenied(NEED_HEALTH)
    form = RosterForm(request.GET or None)
    query = selectors.RosterQuery(on=timezone.localdate())
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.RosterQuery(
            abo=data["abo"], rh=data["rh"], on=data["on"] or timezone.localdate(),
            commune=data["commune"],
        )  # fmt: skip
    return form, query, selectors.roster(request.user, unit, query)


@login_required
@require_GET
def roster(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form, query, donors = _roster(request, unit)
    context = unit_nav(request.user, unit, tab="blood", form=form, query=query, donors=donors,
                       limit=selectors.ROSTER_LIMIT)  # fmt: skip
    return render(request, "blood/roster.html", context)


@login_required
@require_GET
def roster_xlsx(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _form, query, donors = _roster(request, unit)
    group = f"{query.abo}{query.rh}"
    data = exports.call_list_xlsx(unit, donors, query.on or timezone.localdate(), group)
    from django.db import transaction

    with transaction.atomic():
        audit.record(actor=request.user, action="blood.roster.export", unit=unit,
                     data={"count": len(donors), "group": group})  # fmt: skip
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ngan-hang-mau-song.xlsx"'
    return response


def _year(request) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return min(max(year, 1990), 2100)


@login_required
@require_http_methods(["GET", "POST"])
def honours(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = _year(request)
    rows = list(selectors.honours_of(request.user, unit, year))
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", NEED_EDIT)
        ids = {int(i) for i in request.POST.getlist("honour") if i.isdigit()}
        chosen = [h for h in rows if h.pk in ids]
        try:
            on = datetime.date.fromisoformat(request.POST.get("on", ""))
        except ValueError:
            on = timezone.localdate()
        n = services.award_honours(actor=request.user, honours=chosen, on=on)
        messages.success(request, _("Đã ghi tôn vinh %(n)d người.") % {"n": n})
        return redirect(f"{request.path}?year={year}")
    by_milestone: dict[int, list[Honour]] = {}
    for h in rows:
        by_milestone.setdefault(h.milestone, []).append(h)
    context = unit_nav(request.user, unit, tab="blood", year=year, rows=rows,
                       by_milestone=sorted(by_milestone.items(), reverse=True),
                       years=range(timezone.localdate().year, 2009, -1))  # fmt: skip
    return render(request, "blood/honours.html", context)


@login_required
@require_GET
def certificates(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = _year(request)
    rows = list(selectors.honours_of(request.user, unit, year))
    ids = {int(i) for i in request.GET.getlist("honour") if i.isdigit()}
    if ids:
        rows = [h for h in rows if h.pk in ids]
    data = exports.certificates_pdf(rows, unit, timezone.localdate())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-hien-mau-{year}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, pk: int):
    """The rules in force here and their history; a province's managers add one (the national
    rule: the central level's admins)."""
    unit = get_unit_for_user(request.user, pk)
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.CENTRAL):
        raise Http404
    can_edit = has_perm_on(request.user, unit, "manage")
    target = None if unit.kind == UnitKind.CENTRAL else unit
    current = eligibility.rule_on(unit, timezone.localdate())
    initial = {
        "min_age": current.min_age, "max_age": current.max_age,
        "min_weight_female": current.min_weight_female, "min_weight_male": current.min_weight_male,
        "whole_blood_days": current.whole_blood_days, "apheresis_days": current.apheresis_days,
        "weight_350": _step(current, 350), "weight_450": _step(current, 450),
    }  # fmt: skip
    if request.method == "POST":
        require_perm_on(
            request.user,
            unit,
            "manage",
            gettext_lazy("Chỉ người quản lý mới sửa được tiêu chuẩn hiến máu."),
        )
    form = RuleForm(bound_data(request), initial=initial)
    rule = run_service(form, lambda: services.save_rule(actor=request.user, unit=target,
                                                        **form.values()))  # fmt: skip
    if rule is not None:
        messages.success(request, _("Đã lưu tiêu chuẩn có hiệu lực từ %(d)s.")
                         % {"d": rule.effective_from.strftime("%d/%m/%Y")})  # fmt: skip
        return redirect("blood:rules", pk=unit.pk)
    history = list(eligibility.rules_for(unit))
    context = unit_nav(request.user, unit, tab="blood", form=form, history=history,
                       current=current, can_edit_rules=can_edit)  # fmt: skip
    return render(request, "blood/rules.html", context)


def _step(rule: EligibilityRule, ml: int):
    for kg, v in rule.volume_steps or eligibility.DEFAULT_STEPS:
        if v == ml:
            return kg
    return 60
