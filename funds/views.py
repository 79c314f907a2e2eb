"""Pages of a unit's funds (the humanitarian fund, the dues fund: ``?fund=dues``): the ledger,
entries, reversals, transfers, closing the books, donors, pledges, the transparency switch, and
the public transparency page (the humanitarian fund only).

Roles: a viewer reads the ledger, donors and pledges and downloads statements; an editor records
entries, reverses ordinary entries, registers donors and pledges; a manager transfers money
between units, reverses transfers, closes the books and opens the public page.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, require_perm_on
from core.forms import bound_data, run_service
from core.inputs import strip_controls
from core.text import search_key
from org.models import Unit
from org.selectors import unit_nav
from people.models import Person

from . import exports, selectors, services
from .forms import (
    AsOfForm,
    CloseForm,
    DonorForm,
    EndPledgeForm,
    EntryForm,
    PledgeForm,
    ReverseForm,
    TransferForm,
)
from .models import Category, FundKind, Pledge

_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để ghi sổ quỹ.")
_MANAGE = gettext_lazy(
    "Chỉ người quản lý đơn vị mới được chuyển quỹ, khoá sổ hay công khai sổ quỹ."
)


def _nav(user, unit, subpage, **extra) -> dict:
    return unit_nav(user, unit, tab="funds", here_is_subpage=subpage, **extra)


def _to_ledger(unit, kind: str):
    url = reverse("funds:ledger", args=[unit.pk])
    return redirect(url if kind == FundKind.HUMANITARIAN else f"{url}?fund={kind}")


def _unit(request, pk: int, perm: str = "view"):
    unit = get_unit_for_user(request.user, pk)
    if perm != "view":
        require_perm_on(request.user, unit, perm, str(_MANAGE if perm == "manage" else _EDIT))
    return unit


@login_required
@require_GET
def ledger(request, pk: int):
    unit = _unit(request, pk)
    form = AsOfForm(request.GET or None)
    start, end = form.dates()
    kind = selectors.fund_kind(request.GET.get("fund"))
    opening, rows, closing = selectors.ledger_with_running_balance(unit, start, end, kind=kind)
    totals = selectors.totals(unit, start, end, kind=kind)
    subtree = (
        selectors.fund_balance(unit, end, kind=kind, subtree=True)
        if selectors.has_subunits(unit)
        else None
    )
    labels = dict(Category.choices)
    context = _nav(
        request.user, unit, FundKind(kind).label,
        fund=kind, funds=FundKind.choices, subtree_closing=subtree,
        form=form, start=start, end=end, opening=opening, rows=rows, closing=closing,
        totals=[(labels[c], t["in"], t["out"]) for c, t in totals.items() if t["in"] or t["out"]],
        total_in=sum(t["in"] for t in totals.values()),
        total_out=sum(t["out"] for t in totals.values()),
        settings=selectors.fund_settings(unit),
        query=request.GET.urlencode(),
    )  # fmt: skip
    return render(request, "funds/ledger.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request, pk: int):
    unit = _unit(request, pk, "edit")
    today = timezone.localdate()
    donors = {d.pk: d for d in selectors.donors_for(unit)}
    pledges = {
        p.pk: p
        for p in Pledge.objects.filter(unit=unit).select_related("donor__person")
        if not p.end or p.end >= today
    }
    form = EntryForm(
        bound_data(request),
        request.FILES or None,
        donors=donors.values(),
        pledges=pledges.values(),
        initial={"fund": selectors.fund_kind(request.GET.get("fund"))},
    )

    def save():
        d = form.cleaned_data
        return services.record_entry(
            actor=request.user, unit=unit, on=d["on"], amount=d["amount"], fund=d["fund"],
            direction=d["direction"], category=d["category"], donor=donors.get(d["donor"]),
            pledge=pledges.get(d["pledge"]), campaign=d["campaign"],
            document_number=d["document_number"], note=d["note"], attachment=d["attachment"],
        )  # fmt: skip

    if request.method == "POST" and (entry := run_service(form, save)):
        messages.success(request, _("Đã ghi bút toán."))
        return _to_ledger(unit, entry.fund.kind)
    return render(
        request,
        "funds/form.html",
        _nav(request.user, unit, _("Ghi thu/chi"), form=form, title=_("Ghi thu/chi quỹ"),
             multipart=True),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def entry_reverse(request, entry_id: int):
    entry = selectors.get_entry_for_user(request.user, entry_id)
    unit = entry.unit
    require_perm_on(
        request.user, unit, "manage" if entry.transfer_id else "edit",
        str(_MANAGE if entry.transfer_id else _EDIT),
    )  # fmt: skip
    form = ReverseForm(bound_data(request))

    def save():
        d = form.cleaned_data
        return services.reverse_entry(actor=request.user, entry=entry, on=d["on"], note=d["note"])

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã ghi bút toán đảo."))
        return _to_ledger(unit, entry.fund.kind)
    return render(
        request,
        "funds/reverse.html",
        _nav(request.user, unit, _("Đảo bút toán"), form=form, entry=entry),
    )


@login_required
@require_GET
def entry_attachment(request, entry_id: int):
    entry = selectors.get_entry_for_user(request.user, entry_id)
    if not entry.attachment:
        raise Http404
    return FileResponse(entry.attachment.open("rb"), as_attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request, pk: int):
    unit = _unit(request, pk, "manage")
    form = TransferForm(
        bound_data(request),
        targets=selectors.transfer_targets(unit),
        initial={"fund": selectors.fund_kind(request.GET.get("fund"))},
    )

    def save():
        d = form.cleaned_data
        return services.transfer_between_units(
            actor=request.user, from_unit=unit, to_unit=d["to_unit"], amount=d["amount"],
            on=d["on"], category=d["category"], dues_year=d["dues_year"], fund=d["fund"],
            document_number=d["document_number"], note=d["note"],
        )  # fmt: skip

    if request.method == "POST" and (done := run_service(form, save)):
        messages.success(request, _("Đã ghi chuyển quỹ ở cả hai đơn vị."))
        return _to_ledger(unit, done[0].fund.kind)
    return render(
        request,
        "funds/form.html",
        _nav(request.user, unit, _("Chuyển quỹ"), form=form, title=_("Chuyển quỹ cho đơn vị khác")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    unit = _unit(request, pk, "manage")
    form = CloseForm(bound_data(request))

    def save():
        return services.close_period(
            actor=request.user, unit=unit, through=form.cleaned_data["through"]
        )

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã khoá sổ quỹ."))
        return redirect("funds:ledger", pk=unit.pk)
    return render(
        request,
        "funds/close.html",
        _nav(request.user, unit, _("Khoá sổ"), form=form, settings=selectors.fund_settings(unit)),
    )


@login_required
@require_POST
def set_public(request, pk: int):
    unit = _unit(request, pk, "manage")
    public = request.POST.get("public") == "1"
    services.set_public(actor=request.user, unit=unit, public=public)
    messages.success(
        request,
        _("Trang minh bạch quỹ đã được công khai.") if public
        else _("Đã ngừng công khai trang minh bạch quỹ."),
    )  # fmt: skip
    return redirect("funds:ledger", pk=unit.pk)


# --- Donors and pledges --------------------------------------------------------------------------


@login_required
@require_GET
def donors(request, pk: int):
    unit = _unit(request, pk)
    return render(
        request,
        "funds/donors.html",
        _nav(request.user, unit, _("Nhà hảo tâm"), donors=list(selectors.donors_for(unit))),
    )


def _people_choices(request, unit) -> tuple[list[Person], str]:
    """People the user may pick as a donor: the posted one, or up to 50 matches of ``q``."""
    qs = Person.objects.visible_to(request.user, "edit").filter(anonymised_on__isnull=True)
    if request.method == "POST":
        raw = request.POST.get("person") or ""
        return (list(qs.filter(pk=int(raw))) if raw.isascii() and raw.isdigit() else []), ""
    q = strip_controls(request.GET.get("q") or "").strip()[:100]
    if not q:
        return [], q
    key = search_key(q)
    return list(qs.filter(Q(search_key__contains=key)).order_by("sort_key", "pk")[:50]), q


@login_required
@require_http_methods(["GET", "POST"])
def donor_new(request, pk: int):
    unit = _unit(request, pk, "edit")
    people, q = _people_choices(request, unit)
    form = DonorForm(bound_data(request), people=people)

    def save():
        d = form.cleaned_data
        return services.create_donor(
            actor=request.user, unit=unit, kind=d["kind"], person=d["person"], name=d["name"],
            organisation_kind=d["organisation_kind"], contact=d["contact"], note=d["note"],
        )  # fmt: skip

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã thêm nhà hảo tâm."))
        return redirect("funds:donors", pk=unit.pk)
    return render(
        request,
        "funds/donor_form.html",
        _nav(request.user, unit, _("Thêm nhà hảo tâm"), form=form, q=q, searched=bool(q),
             title=_("Thêm nhà hảo tâm")),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def donor_edit(request, donor_id: int):
    donor = selectors.get_donor_for_user(request.user, donor_id)
    unit = donor.unit
    require_perm_on(request.user, unit, "edit", str(_EDIT))
    initial = {"name": donor.name, "organisation_kind": donor.organisation_kind,
               "contact": donor.contact, "note": donor.note}  # fmt: skip
    form = DonorForm(bound_data(request), initial=initial, editing=True)
    if donor.is_person:
        del form.fields["name"]
        del form.fields["organisation_kind"]

    def save():
        d = form.cleaned_data
        return services.update_donor(
            actor=request.user, donor=donor, name=d.get("name", ""),
            organisation_kind=d.get("organisation_kind", ""), contact=d["contact"], note=d["note"],
        )  # fmt: skip

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã lưu."))
        return redirect("funds:donors", pk=unit.pk)
    return render(
        request,
        "funds/donor_form.html",
        _nav(request.user, unit, str(donor), form=form, donor=donor, title=str(donor)),
    )


@login_required
@require_GET
def pledges(request, pk: int):
    unit = _unit(request, pk)
    form = AsOfForm(request.GET or None)
    _start, on = form.dates()
    return render(
        request,
        "funds/pledges.html",
        _nav(request.user, unit, _("Cam kết ủng hộ"), pledges=selectors.pledges_for(unit, on),
             on=on, form=form),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request, pk: int):
    unit = _unit(request, pk, "edit")
    form = PledgeForm(bound_data(request), donors=list(selectors.donors_for(unit)))

    def save():
        d = form.cleaned_data
        return services.create_pledge(
            actor=request.user, donor=d["donor"], unit=unit, amount=d["amount"],
            frequency=d["frequency"], start=d["start"], end=d["end"], campaign=d["campaign"],
            note=d["note"],
        )  # fmt: skip

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã ghi cam kết ủng hộ."))
        return redirect("funds:pledges", pk=unit.pk)
    return render(
        request,
        "funds/form.html",
        _nav(request.user, unit, _("Cam kết ủng hộ"), form=form, title=_("Ghi cam kết ủng hộ")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_end(request, pledge_id: int):
    pledge = selectors.get_pledge_for_user(request.user, pledge_id)
    unit = pledge.unit
    require_perm_on(request.user, unit, "edit", str(_EDIT))
    form = EndPledgeForm(bound_data(request), initial={"end": timezone.localdate()})

    def save():
        return services.end_pledge(actor=request.user, pledge=pledge, end=form.cleaned_data["end"])

    if request.method == "POST" and run_service(form, save):
        messages.success(request, _("Đã ghi ngày kết thúc cam kết."))
        return redirect("funds:pledges", pk=unit.pk)
    return render(
        request,
        "funds/form.html",
        _nav(request.user, unit, _("Cam kết ủng hộ"), form=form,
             title=_("Kết thúc cam kết của %(donor)s") % {"donor": pledge.donor}),
    )  # fmt: skip


# --- Public transparency page --------------------------------------------------------------------


@require_GET
def public(request, pk: int):
    """No login: a unit's totals received and spent, when its manager opted in. No personal data."""
    unit = Unit.objects.filter(pk=pk, fund_settings__public=True).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year:
        raise Http404
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    labels = dict(Category.choices)
    totals = selectors.totals(unit, start, end)
    return render(
        request,
        "funds/public.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(today.year, max(2000, today.year - 5) - 1, -1)),
            "end": end,
            "balance": selectors.fund_balance(unit, end),
            "subtree_balance": selectors.fund_balance(unit, end, subtree=True)
            if selectors.has_subunits(unit) else None,
            "totals": [(labels[c], t["in"], t["out"]) for c, t in totals.items()
                       if t["in"] or t["out"]],
            "total_in": sum(t["in"] for t in totals.values()),
            "total_out": sum(t["out"] for t in totals.values()),
            "campaigns": selectors.totals_by_campaign(unit, start, end),
            "organisations": selectors.organisation_donations(unit, start, end),
        },
    )  # fmt: skip


# --- Ledger statement downloads ------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _statement(request, pk: int, fmt: str, build, content_type: str):
    unit = _unit(request, pk)
    form = AsOfForm(request.GET or None)
    if request.GET and not form.is_valid():
        raise Http404  # a link nobody made
    start, end = form.dates()
    kind = selectors.fund_kind(request.GET.get("fund"))
    st = exports.collect_statement(unit, start, end, kind)
    exports.record_export(actor=request.user, unit=unit, fmt=fmt, st=st)
    response = HttpResponse(build(st), content_type=content_type)
    name = exports.filename(unit, end, fmt, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def ledger_xlsx(request, pk: int):
    return _statement(request, pk, "xlsx", exports.build_xlsx, XLSX)


@login_required
@require_GET
def ledger_pdf(request, pk: int):
    return _statement(request, pk, "pdf", exports.build_pdf, "application/pdf")
