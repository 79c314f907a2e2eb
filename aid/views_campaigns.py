"""Campaign pages: a unit's campaigns (start one), a campaign (parcel types, participating units
and each one's progress against its target, the unit's lists), a recipient list (add a person
typed on a phone, tick beneficiaries, import a spreadsheet; approve, withdraw; the signed list as
xlsx and PDF) and the phone delivery tick-list (one POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, errors_text, run_service
from core.inputs import Form, parse_ids
from org.models import Unit
from org.selectors import unit_nav, visible_ancestors

from . import exports, selectors, services
from .forms import (
    ApproveForm,
    CampaignForm,
    ImportForm,
    ListForm,
    ParcelForm,
    ParticipantForm,
    PickForm,
    RecipientForm,
    WithdrawForm,
)
from .models import Delivery, ListStatus
from .reading import Unreadable, read_upload

_NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được công tác nhân đạo.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def campaigns(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = CampaignForm(bound_data(request))
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", _NEED_EDIT)
        c = run_service(form, lambda: services.create_campaign(
            actor=request.user, unit=unit, **{**form.cleaned_data,
                                             "target_value": form.cleaned_data["target_value"] or 0}))  # fmt: skip
        if c is not None:
            messages.success(request, _("Đã tạo đợt %(name)s.") % {"name": c.name})
            return redirect("aid:campaign", pk=c.pk)
    context = unit_nav(
        request.user, unit, tab="aid", rows=selectors.campaigns_for(request.user, unit)[:100],
        form=form,
    )  # fmt: skip
    return render(request, "aid/campaigns.html", context)


def _viewing_unit(request, campaign) -> Unit:
    """The unit the campaign page is seen from (?unit=): the organiser, or a unit of the
    user's scope taking part."""
    raw = request.GET.get("unit") or request.POST.get("unit_view")
    if raw:
        return get_unit_for_user(request.user, raw)
    if has_perm_on(request.user, campaign.unit):
        return campaign.unit
    from accounts.access import top_units

    return top_units(request.user).first() or campaign.unit


@login_required
@require_http_methods(["GET", "POST"])
def campaign(request, pk: int):
    c = selectors.get_campaign_for_user(request.user, pk)
    unit = _viewing_unit(request, c)
    organiser = has_perm_on(request.user, c.unit, "edit")
    if request.method == "POST":
        action = request.POST.get("action", "")
        form: Form
        ok: object
        if action == "list":
            require_perm_on(request.user, unit, "edit", _NEED_EDIT)
            form = ListForm(request.POST)
            ok = run_service(form, lambda: services.create_list(actor=request.user, campaign=c, unit=unit, **form.cleaned_data))  # fmt: skip
            if ok is not None:
                return redirect("aid:list", pk=ok.pk)  # type: ignore[attr-defined]
        elif action in ("parcel", "participant"):
            require_perm_on(request.user, c.unit, "edit", _NEED_EDIT)
            if action == "parcel":
                form = ParcelForm(request.POST)
                ok = run_service(form, lambda: services.add_parcel_type(
                    actor=request.user, campaign=c, name=form.cleaned_data["name"],
                    cash=form.cleaned_data["cash"] or 0, goods=form.cleaned_data["goods"] or 0))  # fmt: skip
            else:
                form = ParticipantForm(request.POST, units=_participant_units(c))
                ok = run_service(form, lambda: services.set_participant(
                    actor=request.user, campaign=c, unit=form.cleaned_data["unit"],
                    target_gifts=form.cleaned_data["target_gifts"],
                    target_value=form.cleaned_data["target_value"] or 0))  # fmt: skip
            if ok is not None:
                messages.success(request, _("Đã lưu."))
                return redirect("aid:campaign", pk=c.pk)
        else:
            raise Http404
        messages.error(request, errors_text(form))
        return redirect(f"{request.path}?unit={unit.pk}")
    context = {
        "c": c, "unit": unit, "crumbs": visible_ancestors(request.user, unit),
        "parcels": c.parcel_types.all(), "progress": selectors.progress(request.user, c, unit),
        "totals": selectors.campaign_totals(c, unit), "lists": selectors.lists_of(request.user, c, unit),
        "organiser": organiser, "can_list": has_perm_on(request.user, unit, "edit"),
        "list_form": ListForm(auto_id="list_%s"), "parcel_form": ParcelForm(auto_id="parcel_%s"),
        "participant_form": ParticipantForm(units=_participant_units(c), auto_id="part_%s") if organiser else None,
    }  # fmt: skip
    return render(request, "aid/campaign.html", context)


def _participant_units(c):
    return Unit.objects.filter(path__startswith=c.unit.path, valid_to__isnull=True).order_by("path")[:2000]  # fmt: skip


def _list_context(request, rl, **extra):
    can_edit = has_perm_on(request.user, rl.unit, "edit")
    parcels = rl.campaign.parcel_types.all()
    draft = rl.status == ListStatus.DRAFT
    picked = set(rl.lines.filter(removed_at__isnull=True).values_list("person_id", flat=True)) if draft and can_edit else set()  # fmt: skip
    candidates = (
        [b for b in selectors.beneficiaries_of(request.user, rl.unit)[:300] if b.person_id not in picked]
        if draft and can_edit else []
    )  # fmt: skip
    return {
        "rl": rl, "unit": rl.unit, "crumbs": visible_ancestors(request.user, rl.unit),
        "lines": selectors.list_lines(rl)[:2000], "totals": selectors.list_totals(rl),
        "can_edit": can_edit and draft, "can_manage": can_edit, "parcels": parcels,
        "candidates": candidates,
        "form": RecipientForm(parcels=parcels, auto_id="one_%s"),
        "pick_form": PickForm(parcels=parcels, auto_id="pick_%s"),
        "import_form": ImportForm(parcels=parcels, auto_id="imp_%s"),
        "approve_form": ApproveForm(auto_id="appr_%s"), "withdraw_form": WithdrawForm(auto_id="wd_%s"),
        **extra,
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def recipient_list(request, pk: int):
    rl = selectors.get_list_for_user(request.user, pk)
    refused: list[tuple[int, str]] = []
    extra = {}
    if request.method == "POST":
        require_perm_on(request.user, rl.unit, "edit", _NEED_EDIT)
        lines, refused, form = _lines_from_post(request, rl)
        if isinstance(form, RecipientForm):
            extra["form"] = form  # typed on the phone: kept, to be corrected
        if lines is not None and not refused:
            try:
                added = services.add_recipients(actor=request.user, rlist=rl, lines=lines)
            except services.LinesRefused as e:
                refused = e.lines
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, _("Đã thêm %(n)d người.") % {"n": len(added)})
                return redirect("aid:list", pk=rl.pk)
        if lines is None and not isinstance(form, RecipientForm):
            messages.error(request, errors_text(form))
    return render(request, "aid/list.html", _list_context(request, rl, refused=refused, **extra))


def _lines_from_post(request, rl):
    """(lines or None, refused rows, the form) from one of the three ways of adding."""
    parcels = rl.campaign.parcel_types.all()
    action = request.POST.get("action", "")
    if action == "pick":
        form = PickForm(request.POST, parcels=parcels)
        ids = sorted(parse_ids(request.POST.getlist("person")))
        if not form.is_valid() or not ids:
            return None, [], form
        parcel = form.cleaned_data["parcel"].pk
        return [services.RecipientLine(line=i, person_id=pid, parcel_type_id=parcel)
                for i, pid in enumerate(ids, 1)], [], form  # fmt: skip
    if action == "import":
        form = ImportForm(request.POST, request.FILES, parcels=parcels)
        if not form.is_valid():
            return None, [], form
        try:
            lines, refused = read_upload(form.cleaned_data["file"], form.cleaned_data["parcel"].pk)
        except Unreadable as e:
            form.add_error("file", str(e))
            return None, [], form
        return lines, refused, form
    form = RecipientForm(request.POST, parcels=parcels, auto_id="one_%s")
    if not form.is_valid():
        return None, [], form
    d = form.cleaned_data
    return [services.RecipientLine(
        line=1, full_name=d["full_name"], birth_year=d["birth_year"], sex=d["sex"],
        cccd=d["cccd"], address=d["address"], phone=d["phone"], parcel_type_id=d["parcel"].pk,
    )], [], form  # fmt: skip


@login_required
@require_POST
def list_action(request, pk: int, action: str):
    rl = selectors.get_list_for_user(request.user, pk)
    require_perm_on(request.user, rl.unit, "edit", _NEED_EDIT)
    form: Form
    done: object
    if action == "approve":
        form = ApproveForm(request.POST)
        done = run_service(form, lambda: services.approve_list(actor=request.user, rlist=rl, **form.cleaned_data))  # fmt: skip
        ok = _("Đã duyệt danh sách.")
    elif action == "withdraw":
        form = WithdrawForm(request.POST)
        done = run_service(form, lambda: services.withdraw_list(actor=request.user, rlist=rl, **form.cleaned_data))  # fmt: skip
        ok = _("Đã rút danh sách; khoản chi quỹ (nếu có) đã được đảo.")
    elif action == "remove":
        r = selectors.get_recipient_for_user(request.user, request.POST.get("recipient"), "edit")
        if r.list_id != rl.pk:
            raise Http404
        form = WithdrawForm(request.POST)
        done = run_service(form, lambda: services.remove_recipient(actor=request.user, recipient=r, reason=form.cleaned_data["reason"]))  # fmt: skip
        ok = _("Đã bỏ %(name)s khỏi danh sách.") % {"name": r.full_name}
    else:
        raise Http404
    if done is None:
        messages.error(request, errors_text(form))
    else:
        messages.success(request, ok)
    return redirect("aid:list", pk=rl.pk)


@login_required
@require_GET
def list_export(request, pk: int, fmt: str):
    rl = selectors.get_list_for_user(request.user, pk)
    rows = exports.rows_of(rl)
    if fmt == "xlsx":
        body, ctype = exports.receipt_xlsx(rl, rows), XLSX
    elif fmt == "pdf":
        body, ctype = exports.receipt_pdf(rl, rows), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    disposition = "attachment" if fmt == "xlsx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{exports.filename(rl, fmt)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def deliver(request, pk: int):
    """The phone tick-list: each line delivered / absent / refused; one POST saves them all."""
    rl = selectors.get_list_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, rl.unit, "edit") and rl.status == ListStatus.APPROVED
    if request.method == "POST":
        require_perm_on(request.user, rl.unit, "edit", _NEED_EDIT)
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("d-") and key[2:].isdigit() and value in Delivery.values:
                marks[int(key[2:])] = value
        try:
            counts = services.record_deliveries(actor=request.user, rlist=rl, marks=marks)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            n = sum(counts.values())
            messages.success(request, _("Đã lưu %(n)d thay đổi.") % {"n": n})
        return redirect("aid:deliver", pk=rl.pk)
    context = {
        "rl": rl, "unit": rl.unit, "crumbs": visible_ancestors(request.user, rl.unit),
        "lines": selectors.list_lines(rl)[:2000], "totals": selectors.list_totals(rl),
        "can_edit": can_edit, "now": timezone.now(),
    }  # fmt: skip
    return render(request, "aid/deliver.html", context)
