"""The cow bank pages: the unit's animals, waiting list and rule; one animal (give, birth,
pass-on, heifer, death or sale: one form each, phone-sized); its chain; a household's cows with
the next step and its due dates."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from aid.models import Beneficiary
from core.admindoc import document_response
from core.forms import bound_data, run_service
from core.inputs import Form
from org.models import UnitKind

from .. import exports, selectors, services
from ..forms import (
    BirthForm,
    CowForm,
    EndForm,
    GiveForm,
    HeiferForm,
    PassOnForm,
    RuleForm,
    WaitingForm,
    household_choices,
)  # fmt: skip
from ..models import Animal, AnimalStatus, Placement, WaitingEntry
from .common import nav, need_edit, post_action


@login_required
@require_http_methods(["GET", "POST"])
def cows(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in AnimalStatus.values else ""
    form = CowForm(bound_data(request))
    if request.method == "POST":
        need_edit(request, unit)
        cow = run_service(form, lambda: services.acquire_cow(actor=request.user, unit=unit, **{**form.cleaned_data, "value": form.cleaned_data["value"] or 0}))  # fmt: skip
        if cow is not None:
            return redirect("projects:animal", pk=cow.pk)
    rule = services.rule_for(unit)
    ctx = nav(
        request, unit, "cows", form=form, status=status, statuses=AnimalStatus.choices,
        animals=selectors.animals_of(request.user, unit, status)[:300],
        counts=selectors.bank_counts(unit), rule=rule,
        waiting=selectors.waiting_list(request.user, unit)[:200],
        waiting_form=WaitingForm(households=household_choices(request.user, unit), auto_id="waiting_%s"),
        rule_form=RuleForm(auto_id="rule_%s", initial={"calf_number": rule.calf_number, "min_age_months": rule.min_age_months,
                                    "max_age_months": rule.max_age_months, "sell_male": rule.sell_male}),
        can_set_rule=unit.kind == UnitKind.PROVINCE and has_perm_on(request.user, unit, "manage"),
    )  # fmt: skip
    return render(request, "projects/cows.html", ctx)


@login_required
@require_POST
def rule_set(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "manage", _("Chỉ người quản lý cấp tỉnh đặt được quy định ngân hàng bò."))  # fmt: skip
    back = reverse("projects:cows", args=[unit.pk])
    return post_action(request, RuleForm(request.POST), lambda d: services.set_rule(actor=request.user, unit=unit, **d), _("Đã lưu quy định ngân hàng bò."), back)  # fmt: skip


@login_required
@require_POST
def waiting_add(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    need_edit(request, unit)
    form = WaitingForm(request.POST, households=household_choices(request.user, unit))
    back = reverse("projects:cows", args=[unit.pk]) + "#waiting"
    return post_action(request, form, lambda d: services.add_waiting(actor=request.user, unit=unit, **d), _("Đã thêm vào danh sách chờ."), back)  # fmt: skip


@login_required
@require_POST
def waiting_cancel(request, pk: int):
    e = get_object_or_404(
        WaitingEntry.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    need_edit(request, e.unit)
    back = reverse("projects:cows", args=[e.unit_id]) + "#waiting"
    return post_action(request, Form({}), lambda d: services.cancel_waiting(actor=request.user, entry=e, on=timezone.localdate()), _("Đã bỏ khỏi danh sách chờ."), back)  # fmt: skip


@login_required
@require_GET
def animal(request, pk: int):
    a = selectors.get_animal_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, a.unit, "edit")
    p = services.open_placement(a) if a.is_alive else None
    owed_by = a.owed_by if a.status == AnimalStatus.BANK else None
    owed_by = owed_by if owed_by is not None and owed_by.is_open else None
    households = household_choices(request.user, a.unit) if can_edit else None
    ctx = nav(
        request, a.unit, "cows", a=a, placement=p, owed_by=owed_by,
        placements=a.placements.select_related("household__person"),
        calves=a.calves.select_related("holder__person").order_by("born_on", "id"),
        next_waiting=services.next_waiting(a.unit) if owed_by else None,
        give_form=GiveForm(households=households, auto_id="give_%s"), birth_form=BirthForm(auto_id="birth_%s"),
        pass_form=PassOnForm(households=households, auto_id="pass_%s"), heifer_form=HeiferForm(auto_id="heifer_%s"), end_form=EndForm(auto_id="end_%s"),
    )  # fmt: skip
    return render(request, "projects/animal.html", ctx)


def _animal_post(request, pk: int):
    a = selectors.get_animal_for_user(request.user, pk)
    need_edit(request, a.unit)
    return a, reverse("projects:animal", args=[a.pk])


@login_required
@require_POST
def animal_action(request, pk: int, action: str):
    a, back = _animal_post(request, pk)
    hh = household_choices(request.user, a.unit)
    u = request.user
    table = {
        "give": (
            GiveForm(request.POST, households=hh),
            lambda d: services.give_cow(actor=u, animal=a, **d),
            _("Đã trao bò cho hộ."),
            None,
        ),  # fmt: skip
        "birth": (
            BirthForm(request.POST),
            lambda d: services.record_birth(actor=u, mother=a, **d),
            _("Đã ghi bê sinh."),
            lambda c: reverse("projects:animal", args=[c.pk]),
        ),  # fmt: skip
        "pass": (
            PassOnForm(request.POST, households=hh),
            lambda d: services.pass_on(actor=u, calf=a, **d),
            _("Đã chuyển bê cho hộ tiếp theo."),
            None,
        ),  # fmt: skip
        "heifer": (
            HeiferForm(request.POST),
            lambda d: services.sell_male_for_heifer(actor=u, calf=a, **d),
            _("Đã ghi bán bê đực, mua bê cái."),
            lambda h: reverse("projects:animal", args=[h.pk]),
        ),  # fmt: skip
        "end": (
            EndForm(request.POST),
            lambda d: services.end_animal(actor=u, animal=a, **{**d, "value": d["value"] or 0}),
            _("Đã ghi."),
            None,
        ),  # fmt: skip
    }
    if action not in table:
        raise Http404
    form, call, ok, then = table[action]
    return post_action(request, form, call, ok, back, then)


@login_required
@require_GET
def chain(request, pk: int):
    a = selectors.get_animal_for_user(request.user, pk)
    top, counts = selectors.chain(a)
    return render(request, "projects/chain.html", nav(request, a.unit, "cows", a=a, top=top, counts=counts, today=timezone.localdate()))  # fmt: skip


@login_required
@require_GET
def household(request, pk: int):
    b = get_object_or_404(Beneficiary.objects.visible_to(request.user).select_related("person", "unit"), pk=pk)  # fmt: skip
    ctx = nav(
        request, b.unit, "cows", b=b, steps=selectors.household_steps(b),
        placements=selectors.placements_of_household(b),
        held=Animal.objects.visible_to(request.user).filter(holder=b).order_by("born_on", "id"),
    )  # fmt: skip
    return render(request, "projects/household.html", ctx)


@login_required
@require_GET
def steps_export(request, pk: int):
    """The unit's open placements with their next step, the overdue first (xlsx)."""
    unit = get_unit_for_user(request.user, pk)
    data = exports.steps_workbook(selectors.open_steps(request.user, unit))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = 'attachment; filename="ngan-hang-bo.xlsx"'
    return response


@login_required
@require_GET
def handover(request, pk: int, fmt: str):
    """The record of a calf's (or founding cow's) hand-over, to print and sign (PDF or Word)."""
    p = get_object_or_404(
        Placement.objects.visible_to(request.user).select_related(
            "unit", "animal", "household__person", "from_placement__household__person"
        ),
        pk=pk,
    )
    return document_response(exports.handover_record(p), fmt, f"bien-ban-ban-giao-{p.pk}")
