"""Dues pages of a unit: overview with collection rates, the branch head's tick-list, receipts,
cancellations, exemptions, the policy and the remittance statement (with xlsx and PDF)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from funds.models import FundKind
from funds.selectors import fund_balance
from members.models import Membership
from members.selectors import category_names, get_membership_for_user, selected_memberships
from members.services import MEMBER_UNIT_KINDS
from org.selectors import unit_nav
from people.selectors import base_of

from . import exports, selectors, services, views_receipts
from .forms import (
    ExemptionForm,
    PaymentForm,
    PeriodForm,
    PolicyForm,
    ReasonForm,
    RemitForm,
    TickForm,
)
from .models import DuesExemption

PAGE_SIZE = 100
EXEMPTION_CHOICES_MAX = 2000  # members offered in the exemption form's list


def _period(request) -> tuple[PeriodForm, int, datetime.date]:
    form = PeriodForm(request.GET or None)
    year, on = form.period()
    if not request.GET:
        form = PeriodForm(initial={"year": year, "on": on})
    return form, year, on


def _nav(request, unit, tab: str, subpage: str, **extra) -> dict:
    return unit_nav(request.user, unit, dues_tab=tab, here_is_subpage=subpage, **extra)


def _collects(unit) -> bool:
    """Whether receipts are written at ``unit`` (a base, a branch, a group…)."""
    return unit.kind in MEMBER_UNIT_KINDS and base_of(unit).kind == "base"


def _year(raw) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _new_receipts(request, unit) -> dict | None:
    """The receipts just written from the tick-list (``?receipts=``): how many, and the link that
    prints them (the PDF view checks each one's scope)."""
    raw = request.GET.get("receipts", "")
    ids = [i for i in raw.split(",") if i.isdigit()]
    if not ids or len(ids) > views_receipts.MAX_RECEIPTS:
        return None
    url = reverse("dues:receipts_pdf", args=[unit.pk]) + "?ids=" + ",".join(ids)
    return {"count": len(ids), "url": url}


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form, year, on = _period(request)
    total, rows = selectors.page_rates(unit, year, on)
    context = _nav(request, unit, "home", _("Hội phí")) | {
        "form": form,
        "year": year,
        "on": on,
        "total": total,
        "rows": rows,
        "policy": selectors.effective_policy(unit, year),
        "collected": selectors.amount_collected(unit, year, on),
        "collects": _collects(unit),
    }
    return render(request, "dues/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ticklist(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "edit", _("Cần quyền nhập liệu ở đơn vị này để ghi hội phí.")
    )
    if not _collects(unit):
        raise Http404
    today = timezone.localdate()
    chosen = request.POST.getlist("ids")
    if request.method == "POST":
        form = TickForm(request.POST)
        year = _year(request.POST.get("year"))
    else:
        year = PeriodForm(request.GET).period()[0]
    policy = selectors.effective_policy(unit, year)
    if request.method == "GET":
        form = TickForm(initial={"year": year, "paid_on": today, "amount": policy.amount})
    else:
        members = selected_memberships(request.user, unit, chosen)
        if form.is_valid() and not members:
            form.add_error(None, _("Chưa đánh dấu người nào đã đóng."))
        done = None
        if members:
            done = run_service(
                form,
                lambda: services.record_payments(
                    actor=request.user,
                    unit=unit,
                    year=year,
                    paid_on=form.cleaned_data["paid_on"],
                    memberships=members,
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                ),
            )
        if done:
            n = len(done)
            messages.success(
                request,
                ngettext("Đã ghi hội phí cho %(n)d người.", "Đã ghi hội phí cho %(n)d người.", n)
                % {"n": n},
            )
            printed = ",".join(str(p.pk) for p in done)
            return redirect(
                reverse("dues:ticklist", args=[unit.pk]) + f"?year={year}&receipts={printed}"
            )
    rows = selectors.ticklist(unit, year, today)
    context = _nav(request, unit, "ticklist", _("Thu hội phí")) | {
        "form": form,
        "year": year,
        "policy": policy,
        "rows": rows,
        "chosen": set(chosen),
        "new_receipts": _new_receipts(request, unit),
        # the unit's dues fund today, as its ledger page shows it (funds.selectors)
        "dues_fund": fund_balance(unit, today, kind=FundKind.DUES),
        "counts": {
            s: sum(1 for r in rows if r.status == s)
            for s in (selectors.PAID, selectors.EXEMPT, selectors.UNPAID)
        },
    }
    return render(request, "dues/ticklist.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def payment_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "edit", _("Cần quyền nhập liệu ở đơn vị này để ghi hội phí.")
    )
    membership = get_membership_for_user(
        request.user, request.GET.get("membership"), "edit", within=unit
    )
    year = PeriodForm(request.GET).period()[0]
    policy = selectors.effective_policy(membership.unit, year)
    form = PaymentForm(
        bound_data(request),
        initial={"year": year, "paid_on": timezone.localdate(), "amount": policy.amount},
    )
    if request.method == "POST":
        c = form.cleaned_data if form.is_valid() else {}
        payment = run_service(
            form,
            lambda: services.record_payment(
                actor=request.user,
                membership=membership,
                year=c["year"],
                paid_on=c["paid_on"],
                amount=c["amount"],
                note=c["note"],
            ),
        )
        if payment is not None:
            messages.success(
                request,
                _("Đã ghi biên lai số %(no)s cho %(name)s.")
                % {"no": payment.receipt_label, "name": membership.person.full_name},
            )
            return redirect(
                reverse("dues:payments", args=[unit.pk]) + f"?year={payment.year}&new={payment.pk}"
            )
    context = _nav(request, unit, "payments", _("Ghi hội phí")) | {
        "form": form,
        "membership": membership,
        "status": selectors.status_of(membership, year, timezone.localdate()),
        "year": year,
    }
    return render(request, "dues/payment_form.html", context)


@login_required
@require_GET
def payments(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form, year, _on = _period(request)
    page = Paginator(selectors.payments(unit, year), PAGE_SIZE).get_page(request.GET.get("page"))
    new = request.GET.get("new", "")
    context = _nav(request, unit, "payments", _("Biên lai")) | {
        "form": form,
        "year": year,
        "page": page,
        # The receipt just written (the confirmation): its number and the link to print it.
        "new_payment": selectors.payments(unit, year).filter(pk=new).first()
        if new.isdigit()
        else None,
    }
    return render(request, "dues/payments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def payment_cancel(request, payment_pk: int):
    payment = selectors.get_payment_for_user(request.user, payment_pk)
    require_perm_on(
        request.user, payment.unit, "edit", _("Cần quyền nhập liệu ở đơn vị thu để huỷ biên lai.")
    )
    form = ReasonForm(bound_data(request))
    if request.method == "POST":
        done = run_service(
            form,
            lambda: services.cancel_payment(
                actor=request.user, payment=payment, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Đã huỷ biên lai số %(no)s.") % {"no": done.receipt_label})
            return redirect(
                reverse("dues:payments", args=[payment.unit_id]) + f"?year={payment.year}"
            )
    context = _nav(request, payment.unit, "payments", _("Huỷ biên lai")) | {
        "form": form,
        "payment": payment,
    }
    return render(request, "dues/payment_cancel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exemptions(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form_period, year, on = _period(request)
    can_decide = _collects(unit) and has_perm_on(request.user, base_of(unit), "manage")
    form = None
    if request.method == "POST" and not can_decide:
        require_perm_on(
            request.user,
            base_of(unit),
            "manage",
            _("Chỉ quản lý Hội cơ sở mới quyết định miễn hội phí."),
        )
        raise PermissionDenied(_("Miễn hội phí được ghi ở Hội cơ sở hoặc chi hội."))
    if can_decide:
        today = timezone.localdate()
        candidates = [
            r.membership
            for r in selectors.ticklist(unit, year, today)[:EXEMPTION_CHOICES_MAX]
            if r.status == selectors.UNPAID
        ]
        form = ExemptionForm(
            bound_data(request), members=candidates, initial={"year": year, "decided_on": today}
        )
        if request.method == "POST":
            c = form.cleaned_data if form.is_valid() else {}
            done = run_service(
                form,
                lambda: services.grant_exemption(
                    actor=request.user,
                    membership=Membership.objects.select_related("unit", "person").get(
                        pk=c["membership"]
                    ),
                    year=c["year"],
                    decision_ref=c["decision_ref"],
                    decided_on=c["decided_on"],
                    reason=c["reason"],
                ),
            )
            if done is not None:
                messages.success(request, _("Đã ghi quyết định miễn hội phí."))
                return redirect(reverse("dues:exemptions", args=[unit.pk]) + f"?year={done.year}")
    base = base_of(unit)
    cap = selectors.exemption_cap(base, year, on) if base.kind == "base" else None
    context = _nav(request, unit, "exemptions", _("Miễn hội phí")) | {
        "form_period": form_period,
        "form": form,
        "year": year,
        "on": on,
        "rows": list(selectors.exemptions(unit, year)),
        "cap": cap,
        "used": DuesExemption.objects.live().filter(base=base, year=year).count(),
        "base": base,
    }
    return render(request, "dues/exemptions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exemption_revoke(request, exemption_pk: int):
    exemption = selectors.get_exemption_for_user(request.user, exemption_pk)
    require_perm_on(
        request.user,
        exemption.base,
        "manage",
        _("Chỉ quản lý Hội cơ sở mới thu hồi quyết định miễn."),
    )
    form = ReasonForm(bound_data(request))
    if request.method == "POST":
        done = run_service(
            form,
            lambda: services.revoke_exemption(
                actor=request.user, exemption=exemption, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Đã thu hồi quyết định miễn hội phí."))
            return redirect(
                reverse("dues:exemptions", args=[exemption.unit_id]) + f"?year={exemption.year}"
            )
    context = _nav(request, exemption.unit, "exemptions", _("Thu hồi miễn hội phí")) | {
        "form": form,
        "exemption": exemption,
    }
    return render(request, "dues/exemption_revoke.html", context)


def can_set_policy(user, unit) -> bool:
    return unit.kind in services.POLICY_UNIT_KINDS and has_perm_on(user, unit, "manage")


@login_required
@require_http_methods(["GET", "POST"])
def policy(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = PeriodForm(request.GET).period()[0]
    current = selectors.effective_policy(unit, year)
    editable = can_set_policy(request.user, unit)
    if request.method == "POST" and not editable:
        require_perm_on(
            request.user, unit, "manage", _("Chỉ quản lý Tỉnh/Thành Hội mới sửa quy định hội phí.")
        )
        raise PermissionDenied(
            _("Chỉ Tỉnh/Thành Hội hoặc Trung ương Hội mới đặt quy định hội phí.")
        )
    names = {code: _(name) for code, name in category_names().items()}
    form = PolicyForm(
        bound_data(request),
        categories=names,
        initial={
            "amount": current.amount,
            "categories": current.categories,
            "exemption_cap_pct": current.exemption_cap_pct,
            "share_branch": current.share_branch,
            "share_base": current.share_base,
            "share_above": current.share_above,
            "receiving_level": current.receiving_level,
            "note": current.note,
        },
    )
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.set_policy(
                actor=request.user, unit=unit, year=year, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu quy định hội phí năm %(year)d.") % {"year": year})
            return redirect(reverse("dues:policy", args=[unit.pk]) + f"?year={year}")
    context = _nav(request, unit, "policy", _("Quy định hội phí")) | {
        "form": form,
        "year": year,
        "policy": current,
        "category_labels": [names.get(c, c) for c in current.categories],
        "editable": editable,
    }
    return render(request, "dues/policy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def remittance(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form_period, year, on = _period(request)
    statement = selectors.remittance(unit, year, on)
    can_remit = statement.recipient is not None and has_perm_on(request.user, unit, "manage")
    if request.method == "POST" and not can_remit:
        require_perm_on(
            request.user, unit, "manage", _("Chỉ quản lý đơn vị mới ghi nộp hội phí lên cấp trên.")
        )
        raise PermissionDenied(_("Đơn vị này không phải nộp hội phí lên cấp trên."))
    form = None
    if can_remit:
        outstanding = max(statement.own.outstanding, 0)
        form = RemitForm(
            bound_data(request), initial={"amount": outstanding or None, "on": timezone.localdate()}
        )
        if request.method == "POST":
            done = run_service(
                form,
                lambda: services.remit_dues(
                    actor=request.user, unit=unit, year=year, **form.cleaned_data
                ),
            )
            if done is not None:
                messages.success(request, _("Đã ghi nộp hội phí lên cấp trên."))
                return redirect(reverse("dues:remittance", args=[unit.pk]) + f"?year={year}")
    context = _nav(request, unit, "remittance", _("Nộp hội phí")) | {
        "form_period": form_period,
        "form": form,
        "year": year,
        "on": on,
        "s": statement,
        "query": request.GET.urlencode(),
    }
    return render(request, "dues/remittance.html", context)


def _statement_download(request, pk: int, fmt: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    _form, year, on = _period(request)
    statement = selectors.remittance(unit, year, on)
    exports.record_export(actor=request.user, unit=unit, fmt=fmt, year=year, on=on)
    if fmt == "xlsx":
        content, ctype = exports.statement_xlsx(statement), exports.XLSX
    else:
        content, ctype = exports.statement_pdf(statement), "application/pdf"
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(statement, fmt)}"'
    return response


@login_required
@require_GET
def remittance_xlsx(request, pk: int):
    return _statement_download(request, pk, "xlsx")


@login_required
@require_GET
def remittance_pdf(request, pk: int):
    return _statement_download(request, pk, "pdf")
