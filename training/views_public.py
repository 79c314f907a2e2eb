"""The public verification page of a certificate: anyone with its number and check code (both
printed, both in the QR code) sees the holder's name, the course, the dates and whether it is
valid today; nothing else about the person. Rate-limited per client address."""

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.net import client_ip

from .forms import VerifyForm
from .models import Certificate

LIMIT = 20  # look-ups per client address ...
WINDOW = 600  # ... per this many seconds


def _over_limit(request) -> bool:
    """A fixed-window counter in the cache (the per-process memory cache by default; a shared
    cache in production counts across the workers)."""
    key = f"training:verify:{client_ip(request)}"
    cache.add(key, 0, WINDOW)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        n = 1
    return n > LIMIT


def _found(cert) -> dict:
    """Only what the page may show: name, course, issuer, number, dates, validity."""
    cls = cert.participant.training_class if cert.participant_id else None
    return {
        "full_name": cert.person.full_name,
        "course": cert.course.name,
        "unit": cert.unit.name,
        "number": cert.number,
        "starts_on": cls.starts_on if cls else None,
        "ends_on": cls.ends_on if cls else None,
        "issued_on": cert.issued_on,
        "valid_until": cert.valid_until,
        "valid": cert.is_valid_on(timezone.localdate()),
        "revoked": cert.revoked_on is not None,
    }


def _lookup(**fields):
    cert = (
        Certificate.objects.filter(**fields)
        .select_related("person", "course", "unit", "participant__training_class")
        .first()
    )
    return None if cert is None else _found(cert)


def _render(request, context: dict):
    status = 429 if context.get("limited") else 200
    return render(request, "training/verify.html", context, status=status)


@never_cache
@require_GET
def verify(request):
    data = {"number": request.GET.get("so", ""), "code": request.GET.get("ma", "")}
    asked = bool(data["number"] or data["code"])
    form = VerifyForm(data if asked else None)
    context = {"form": form, "asked": asked, "found": None}
    if asked and _over_limit(request):
        return _render(request, {**context, "limited": True})
    if asked and form.is_valid():
        context["found"] = _lookup(
            number=form.cleaned_data["number"].strip(),
            check_code=form.cleaned_data["code"].strip().upper(),
        )
    return _render(request, context)


@never_cache
@require_GET
def verify_short(request, unit: int, year: int, seq: int, code: str):
    """The QR code's address: the same page, the certificate named by its unit, year and
    sequence with the check code."""
    found = None
    limited = _over_limit(request)
    if not limited:
        found = _lookup(unit_id=unit, year=year, seq=seq, check_code=code[:16].upper())
    number = found["number"] if found else ""
    form = VerifyForm({"number": number, "code": code[:16].upper()})
    context = {"form": form, "asked": True, "found": found, "limited": limited}
    return _render(request, context)
