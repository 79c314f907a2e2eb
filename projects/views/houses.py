"""Red Cross house pages: the unit's houses by status, proposing one; a house with its steps,
support by source, fund tranches (paid, cancelled), photos and documents (editors only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on
from core.admindoc import document_response
from core.forms import bound_data, run_service
from people.services import log_sensitive_view

from .. import exports, selectors, services
from ..forms import (  # fmt: skip
    CancelForm,
    FileForm,
    HouseForm,
    StepForm,
    SupportForm,
    TrancheForm,
    household_choices,
)
from ..models import HouseFile, HouseStatus
from ..models.houses import NEXT_HOUSE_STATUS
from .common import nav, need_edit, post_action


@login_required
@require_http_methods(["GET", "POST"])
def houses(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in HouseStatus.values else ""
    can_edit = has_perm_on(request.user, unit, "edit")
    form = HouseForm(bound_data(request), households=household_choices(request.user, unit) if can_edit else None)  # fmt: skip
    if request.method == "POST":
        need_edit(request, unit)
        h = run_service(form, lambda: services.propose_house(actor=request.user, unit=unit, **{**form.cleaned_data, "estimated_cost": form.cleaned_data["estimated_cost"] or 0}))  # fmt: skip
        if h is not None:
            messages.success(request, _("Đã ghi đề xuất nhà Chữ thập đỏ."))
            return redirect("projects:house", pk=h.pk)
    rows = list(selectors.houses_of(request.user, unit, status)[:300])
    supports = selectors.house_supports(rows)
    ctx = nav(request, unit, "houses", form=form, status=status, statuses=HouseStatus.choices,
              rows=[(h, supports.get(h.pk, 0)) for h in rows])  # fmt: skip
    return render(request, "projects/houses.html", ctx)


@login_required
@require_GET
def house(request, pk: int):
    h = selectors.get_house_for_user(request.user, pk)
    sensitive = selectors.can_see_sensitive(request.user, h.unit)
    files = list(h.files.filter(removed_at__isnull=True)) if sensitive else []
    if files:
        log_sensitive_view(actor=request.user, person=h.household.person, fields=("house_files",))
    nxt = NEXT_HOUSE_STATUS.get(HouseStatus(h.status))
    supports = list(h.supports.all())
    tranches = list(h.tranches.all())
    ctx = nav(
        request, h.unit, "houses", h=h, steps=h.steps.select_related("by"), supports=supports,
        support_total=sum(s.amount for s in supports), tranches=tranches,
        paid=sum(t.amount for t in tranches if not t.cancelled_at), files=files, sensitive=sensitive,
        next_status=nxt, next_label=HouseStatus(nxt).label if nxt else "",
        step_form=StepForm(auto_id="step_%s"), cancel_form=CancelForm(auto_id="cancel_%s"), support_form=SupportForm(auto_id="support_%s"),
        tranche_form=TrancheForm(auto_id="tranche_%s"), file_form=FileForm(auto_id="file_%s"),
    )  # fmt: skip
    return render(request, "projects/house.html", ctx)


@login_required
@require_GET
def house_record(request, pk: int, fmt: str):
    """The house's hand-over record, to print and sign (PDF or Word)."""
    h = selectors.get_house_for_user(request.user, pk)
    if h.status == HouseStatus.CANCELLED:
        raise Http404
    return document_response(exports.house_handover_record(h), fmt, f"bien-ban-ban-giao-nha-{h.pk}")


@login_required
@require_POST
def house_action(request, pk: int, action: str):
    h = selectors.get_house_for_user(request.user, pk)
    need_edit(request, h.unit)
    back = reverse("projects:house", args=[h.pk])
    u = request.user
    if action == "file":
        form = FileForm(request.POST, request.FILES)
        return post_action(request, form, lambda d: services.add_house_file(actor=u, house=h, **d), _("Đã thêm tệp."), back)  # fmt: skip
    table = {
        "advance": (
            StepForm(request.POST),
            lambda d: services.advance_house(
                actor=u, house=h, to=NEXT_HOUSE_STATUS.get(HouseStatus(h.status), ""), **d
            ),
            _("Đã chuyển bước."),
        ),  # fmt: skip
        "cancel": (
            CancelForm(request.POST),
            lambda d: services.cancel_house(actor=u, house=h, **d),
            _("Đã huỷ."),
        ),  # fmt: skip
        "support": (
            SupportForm(request.POST),
            lambda d: services.add_support(actor=u, house=h, **d),
            _("Đã ghi nguồn hỗ trợ."),
        ),  # fmt: skip
        "tranche": (
            TrancheForm(request.POST),
            lambda d: services.pay_tranche(actor=u, house=h, **d),
            _("Đã chi từ quỹ và ghi sổ quỹ."),
        ),  # fmt: skip
    }
    if action not in table:
        raise Http404
    action_form, call, ok = table[action]
    return post_action(request, action_form, call, ok, back)


@login_required
@require_POST
def tranche_cancel(request, pk: int):
    t = selectors.get_tranche_for_user(request.user, pk)
    need_edit(request, t.house.unit)
    back = reverse("projects:house", args=[t.house_id])
    return post_action(request, CancelForm(request.POST), lambda d: services.cancel_tranche(actor=request.user, tranche=t, **d), _("Đã huỷ đợt chi; bút toán quỹ đã được đảo."), back)  # fmt: skip


@login_required
@require_GET
def house_file(request, pk: int):
    f = get_object_or_404(HouseFile.objects.select_related("house__unit", "house__household__person"), pk=pk, removed_at__isnull=True)  # fmt: skip
    selectors.get_house_for_user(request.user, f.house_id)  # 404 outside scope
    need_edit(request, f.house.unit)  # photos of a household: editors only
    log_sensitive_view(actor=request.user, person=f.house.household.person, fields=("house_files",))
    return FileResponse(f.file.open("rb"))
