"""Capital-support group pages and check-up / kitchen event pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on
from core import audit
from core.forms import bound_data, run_service

from .. import selectors, services
from ..forms import (
    CancelForm,
    ContributionForm,
    EntryCancelForm,
    EventForm,
    GroupForm,
    LeaveForm,
    LoanForm,
    MemberForm,
    RepayForm,
    ServedForm,
    household_choices,
)  # fmt: skip
from ..models import EventKind, ValueSource
from ..models.events import SERVICES
from .common import nav, need_edit, post_action


@login_required
@require_http_methods(["GET", "POST"])
def groups(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = GroupForm(bound_data(request))
    if request.method == "POST":
        need_edit(request, unit)
        g = run_service(form, lambda: services.create_group(actor=request.user, unit=unit, **{**form.cleaned_data, "rate": form.cleaned_data["rate"] or 0}))  # fmt: skip
        if g is not None:
            messages.success(request, _("Đã lập tổ trợ vốn."))
            return redirect("projects:group", pk=g.pk)
    rows = list(selectors.groups_of(request.user, unit)[:300])
    bal = selectors.group_balances(rows)
    return render(request, "projects/groups.html", nav(request, unit, "groups", form=form, rows=[(g, bal[g.pk]) for g in rows]))  # fmt: skip


SERVICE_NAMES = dict(SERVICES)


def _member_choices(g):
    return [(m.pk, m.person.full_name) for m in g.members.filter(left_on__isnull=True).select_related("person")]  # fmt: skip


@login_required
@require_GET
def group(request, pk: int):
    g = selectors.get_group_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, g.unit, "edit")
    loans = list(g.loans.filter(cancelled_at__isnull=True).select_related("member__person").prefetch_related("repayments"))  # fmt: skip
    today = timezone.localdate()
    rows = []
    for loan in loans:
        loan.live = [r for r in loan.repayments.all() if not r.cancelled_at]  # type: ignore[attr-defined]
        owed = loan.amount - sum(r.amount for r in loan.live)  # type: ignore[attr-defined]
        rows.append((loan, owed, owed > 0 and loan.due < today))
    choices = _member_choices(g)
    ctx = nav(
        request, g.unit, "groups", g=g, balance=selectors.group_balances([g])[g.pk], loans=rows,
        members=g.members.select_related("person").order_by("joined_on", "id"),
        contributions=g.contributions.filter(cancelled_at__isnull=True).select_related("member__person").order_by("on", "id"),
        member_form=MemberForm(households=household_choices(request.user, g.unit) if can_edit else None),
        contribution_form=ContributionForm(members=choices, auto_id="contrib_%s"), loan_form=LoanForm(members=choices, auto_id="loan_%s"), repay_form=RepayForm(),
    )  # fmt: skip
    return render(request, "projects/group.html", ctx)


@login_required
@require_POST
def group_action(request, pk: int, action: str):
    g = selectors.get_group_for_user(request.user, pk)
    need_edit(request, g.unit)
    u, back = request.user, reverse("projects:group", args=[g.pk])
    members = {m.pk: m for m in g.members.filter(left_on__isnull=True)}
    if action == "member":
        form = MemberForm(request.POST, households=household_choices(u, g.unit))
        return post_action(request, form, lambda d: services.add_member(actor=u, group=g, person=d["household"].person, joined_on=d["joined_on"]), _("Đã thêm thành viên."), back)  # fmt: skip
    if action == "contribute":
        return post_action(request, ContributionForm(request.POST, members=_member_choices(g)), lambda d: services.contribute(actor=u, group=g, on=d["on"], amount=d["amount"], member=members.get(d["member"]), source=d["source"]), _("Đã ghi khoản góp."), back)  # fmt: skip
    if action == "lend":
        return post_action(request, LoanForm(request.POST, members=_member_choices(g)), lambda d: services.lend(actor=u, group=g, **{**d, "member": members[d["member"]]}), _("Đã ghi khoản vay."), back)  # fmt: skip
    if action == "leave":
        return post_action(request, LeaveForm(request.POST), lambda d: services.leave_group(actor=u, member=_one(members, d["member"]), on=d["on"]), _("Đã ghi rời tổ."), back)  # fmt: skip
    if action.startswith("cancel-"):
        return post_action(request, EntryCancelForm(request.POST), lambda d: services.cancel_entry(actor=u, entry=selectors.group_entry(g, action.removeprefix("cancel-"), d["entry"]), reason=d["reason"]), _("Đã huỷ khoản ghi nhầm."), back)  # fmt: skip
    raise Http404


def _one(rows: dict, pk: int):
    if pk not in rows:
        raise Http404
    return rows[pk]


@login_required
@require_POST
def loan_repay(request, pk: int):
    loan = selectors.get_loan_for_user(request.user, pk)
    need_edit(request, loan.group.unit)
    back = reverse("projects:group", args=[loan.group_id])
    return post_action(request, RepayForm(request.POST), lambda d: services.repay(actor=request.user, loan=loan, **d), _("Đã ghi trả nợ."), back)  # fmt: skip


def _event_call(user, unit, d):
    values = [
        (code, "", d[f"value_{code}"]) for code in ValueSource.values if d.get(f"value_{code}")
    ]
    keep = ("kind", "on", "place", "partners", "services", "count", "male", "female", "children", "adults", "elderly", "note")  # fmt: skip
    return services.record_event(actor=user, unit=unit, values=values, **{k: d[k] for k in keep})


@login_required
@require_http_methods(["GET", "POST"])
def events(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    kind = request.GET.get("kind", "")
    kind = kind if kind in EventKind.values else ""
    form = EventForm(bound_data(request), initial={"kind": kind or EventKind.CHECKUP})
    if request.method == "POST":
        need_edit(request, unit)
        e = run_service(form, lambda: _event_call(request.user, unit, form.cleaned_data))
        if e is not None:
            messages.success(
                request, _("Đã ghi đợt %(kind)s.") % {"kind": e.get_kind_display().lower()}
            )
            return redirect("projects:event", pk=e.pk)
    rows = selectors.events_of(request.user, unit, kind)[:300]
    return render(request, "projects/events.html", nav(request, unit, "events", form=form, rows=rows, kind=kind, kinds=EventKind.choices))  # fmt: skip


@login_required
@require_GET
def event(request, pk: int):
    e = selectors.get_event_for_user(request.user, pk)
    sensitive = selectors.can_see_sensitive(request.user, e.unit)
    served = list(e.served.order_by("id")) if sensitive else []
    if served:
        with transaction.atomic():
            audit.record(actor=request.user, action="projects.event.view_served", unit=e.unit, obj=e, data={"people": len(served)})  # fmt: skip
    ctx = nav(request, e.unit, "events", e=e, service_names=[str(SERVICE_NAMES.get(c, c)) for c in e.services], values=list(e.values.all()), served=served, sensitive=sensitive,
              served_count=e.served.count(), served_form=ServedForm(households=household_choices(request.user, e.unit) if sensitive else None))  # fmt: skip
    return render(request, "projects/event.html", ctx)


@login_required
@require_POST
def event_action(request, pk: int, action: str):
    e = selectors.get_event_for_user(request.user, pk)
    need_edit(request, e.unit)
    u, back = request.user, reverse("projects:event", args=[e.pk])
    if action == "served":
        form = ServedForm(request.POST, households=household_choices(u, e.unit))

        def add(d):
            line = services.Served(beneficiary=d["beneficiary"]) if d["beneficiary"] else services.Served(full_name=d["full_name"], birth_year=d["birth_year"], sex=d["sex"])  # fmt: skip
            return services.add_served(actor=u, event=e, served=[line])

        return post_action(request, form, add, _("Đã thêm người được phục vụ."), back)
    if action == "cancel":
        return post_action(request, CancelForm(request.POST), lambda d: services.cancel_event(actor=u, event=e, reason=d["reason"]), _("Đã huỷ."), back)  # fmt: skip
    raise Http404
