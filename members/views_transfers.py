"""The transfer requests of a unit: to accept or refuse (sent to its bases), to follow (sent from
it). Access: the unit must be in the user's scope (else 404); acting on a request needs edit
rights on the receiving base (accept, refuse) or on the sending unit (withdraw), else 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on
from org.ordering import base_names, full_label
from org.selectors import unit_nav

from . import transfers
from .forms import AcceptTransferForm, RefuseTransferForm
from .models import TransferRequest
from .selectors import category_names

SHOWN = 100  # decided requests shown on each side (the pending ones are all shown)


def _receiving_units(user, r: TransferRequest):
    return transfers.editable_member_units(user).filter(path__startswith=r.to_base.path)


def _rows(user, requests, side: str) -> list[dict]:
    names = category_names()
    units = [r.from_unit for r in requests]
    bases = base_names(units)
    rows = []
    for r in requests:
        row = {
            "r": r,
            "person": r.membership.person,
            "category": _(names.get(r.membership.category, r.membership.category)),
            "from_label": full_label(r.from_unit, bases),
        }
        pending = r.status == TransferRequest.Status.PENDING
        if side == "to" and pending and has_perm_on(user, r.to_base, "edit"):
            row["accept"] = AcceptTransferForm(units=_receiving_units(user, r))
        if side == "to" and r.result_id:
            row["result_label"] = full_label(r.result.unit, base_names([r.result.unit]))
        rows.append(row)
    return rows


def _split(qs, side: str, user) -> tuple[list[dict], list[dict]]:
    pending = list(qs.filter(status=TransferRequest.Status.PENDING).order_by("requested_at"))
    decided = list(qs.exclude(status=TransferRequest.Status.PENDING)[:SHOWN])
    return _rows(user, pending, side), _rows(user, decided, side)


@login_required
@require_http_methods(["GET"])
def requests_page(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    in_pending, in_decided = _split(transfers.incoming(request.user, unit), "to", request.user)
    out_pending, out_decided = _split(transfers.outgoing(request.user, unit), "from", request.user)
    context = unit_nav(
        request.user,
        unit,
        incoming_pending=in_pending,
        incoming_decided=in_decided,
        outgoing_pending=out_pending,
        outgoing_decided=out_decided,
    )
    return render(request, "members/transfer_requests.html", context)


def _back(request, r: TransferRequest, unit_pk: int | None = None):
    target = request.POST.get("back_unit") or unit_pk
    return redirect("membership:transfer_requests", pk=target)


def _fail(request, e: ValidationError) -> None:
    messages.error(request, " ".join(e.messages))


@login_required
@require_POST
def accept(request, pk: int):
    r = transfers.get_request_for_user(request.user, pk, "to")
    form = AcceptTransferForm(request.POST, units=_receiving_units(request.user, r))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đơn vị nhận người này."))
        return _back(request, r, r.to_base_id)
    try:
        done = transfers.accept_transfer(
            actor=request.user, request=r, to_unit=form.cleaned_data["to_unit"]
        )
    except ValidationError as e:
        _fail(request, e)
        return _back(request, r, r.to_base_id)
    result = done.result
    assert result is not None  # an accepted request names the membership it opened
    label = full_label(result.unit, base_names([result.unit]))
    messages.success(
        request,
        _("Đã nhận %(name)s vào %(unit)s.")
        % {"name": r.membership.person.full_name, "unit": label},
    )
    return _back(request, r, r.to_base_id)


@login_required
@require_POST
def refuse(request, pk: int):
    r = transfers.get_request_for_user(request.user, pk, "to")
    form = RefuseTransferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do từ chối."))
        return _back(request, r, r.to_base_id)
    try:
        transfers.refuse_transfer(actor=request.user, request=r, reason=form.cleaned_data["reason"])
    except ValidationError as e:
        _fail(request, e)
        return _back(request, r, r.to_base_id)
    messages.success(
        request,
        _("Đã từ chối nhận %(name)s.") % {"name": r.membership.person.full_name},
    )
    return _back(request, r, r.to_base_id)


@login_required
@require_POST
def cancel(request, pk: int):
    r = transfers.get_request_for_user(request.user, pk, "from")
    try:
        transfers.cancel_transfer_request(actor=request.user, request=r)
    except ValidationError as e:
        _fail(request, e)
        return _back(request, r, r.from_unit_id)
    messages.success(
        request,
        _("Đã rút đề nghị chuyển %(name)s.") % {"name": r.membership.person.full_name},
    )
    return _back(request, r, r.from_unit_id)
