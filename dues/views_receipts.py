"""The printed dues receipts (biên lai, PDF): one receipt, or the receipts just written from the
tick-list. Opened in the browser (inline) so that they can be printed at once."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts.access import get_unit_for_user
from core import audit

from . import receipts, receipts_pdf, selectors
from .models import DuesPayment

MAX_RECEIPTS = 500  # one print run: a branch's tick-list


def parse_ids(raw: str) -> list[int]:
    try:
        ids = sorted({int(x) for x in raw.split(",") if x.strip()})
    except ValueError:
        raise Http404 from None
    if not ids or len(ids) > MAX_RECEIPTS:
        raise Http404
    return ids


@transaction.atomic
def _record(user, payments: list[DuesPayment]) -> None:
    """Names and card numbers leave the system on paper: say who printed which receipts."""
    audit.record(
        actor=user,
        action="dues.receipt.print",
        unit=payments[0].unit,
        obj=payments[0] if len(payments) == 1 else None,
        data={"receipts": [p.receipt_label for p in payments[:50]], "count": len(payments)},
    )


def _pdf(user, payments: list[DuesPayment]) -> HttpResponse:
    _record(user, payments)
    docs = [receipts_pdf.receipt_from_payment(p) for p in payments]
    response = HttpResponse(receipts_pdf.build_receipts_pdf(docs), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipts_pdf.filename(docs)}"'
    return response


@login_required
@require_GET
def receipt_pdf(request, payment_pk: int):
    payment = selectors.get_payment_for_user(request.user, payment_pk)
    return _pdf(request.user, [payment])


@login_required
@require_GET
def receipts_pdf_view(request, pk: int):
    """Several receipts of ``pk``'s subtree at once: ``?ids=12,13,14``."""
    unit = get_unit_for_user(request.user, pk)
    ids = parse_ids(request.GET.get("ids", ""))
    return _pdf(request.user, receipts.receipts_for_user(request.user, unit, ids))
