"""Blood pages: a unit's drives (organise one), a drive with its registrations (register a
person, found or added through people's services), the phone pages at the drive (the list, then
one screen per donor with big buttons). Access: the unit or drive must be in the user's scope
(else 404); writing needs edit rights there (else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from org.selectors import unit_nav, visible_ancestors
from people.models import Person
from people.selectors import search_people
from people.services import DuplicateWarning, create_person, log_sensitive_view

from . import selectors, services
from .forms import DeferForm, DriveForm, ImportForm, NewPersonForm, PersonSearchForm, RegisterForm
from .models import HEALTH_QUESTIONS, VOLUMES, Kind, Outcome

NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được việc hiến máu.")
SEARCH_LIMIT = 20
HEALTH_FIELDS = ("blood_group", "weight", "health_answers")


@login_required
@require_http_methods(["GET", "POST"])
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", NEED_EDIT)
    form = DriveForm(bound_data(request))
    drive = run_service(
        form, lambda: services.create_drive(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if drive is not None:
        messages.success(request, _("Đã lập đợt hiến máu %(site)s.") % {"site": drive.site})
        return redirect("blood:drive", pk=drive.pk)
    drives = list(selectors.drives_of(request.user, unit)[:200])
    context = unit_nav(
        request.user, unit, tab="blood", drives=drives, form=form,
        can_add=unit.is_current and has_perm_on(request.user, unit, "edit"),
        sees_health=selectors.may_see_health(request.user, unit),
    )  # fmt: skip
    return render(request, "blood/home.html", context)


def _drive_context(request, drive, **extra) -> dict:
    regs = list(selectors.registrations_of(drive))
    counts = {o: sum(1 for r in regs if r.outcome == o) for o in Outcome.values}
    return {
        "drive": drive,
        "unit": drive.unit,
        "crumbs": visible_ancestors(request.user, drive.unit),
        "regs": regs,
        "counts": counts,
        "ml": sum(r.volume_ml or 0 for r in regs if r.outcome == Outcome.DONATED),
        "can_edit": has_perm_on(request.user, drive.unit, "edit") and not drive.cancelled_at,
        "sees_health": selectors.may_see_health(request.user, drive.unit),
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def drive(request, pk: int):
    d = selectors.get_drive_for_user(request.user, pk)
    search = PersonSearchForm(request.GET or None)
    found: list = []
    q = search.cleaned_data["q"] if search.is_valid() else ""
    if q and has_perm_on(request.user, d.unit, "edit"):
        registered = set(d.registrations.values_list("person_id", flat=True))
        found = [p for p in search_people(request.user, q)[:SEARCH_LIMIT] if p.pk not in registered]
    context = _drive_context(
        request, d, search=search, q=q, found=found, new_form=NewPersonForm(),
        import_form=ImportForm(),
    )  # fmt: skip
    return render(request, "blood/drive.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    """Register a person found (``person``) or added here (the new-person fields)."""
    d = selectors.get_drive_for_user(request.user, pk)
    require_perm_on(request.user, d.unit, "edit", NEED_EDIT)
    person = None
    pid = request.GET.get("person") or request.POST.get("person")
    if pid:
        person = (
            Person.objects.visible_to(request.user, "edit")
            .filter(pk=pid if str(pid).isdigit() else 0)
            .first()
        )
        if person is None:
            return redirect("blood:drive", pk=d.pk)
    form = RegisterForm(bound_data(request), initial={"person": person.pk if person else None})
    new_form = NewPersonForm(request.POST if request.method == "POST" and not person else None)
    verdict = services.check(person, d.date, unit=d.unit) if person else None
    if request.method == "POST" and form.is_valid():
        if person is None and new_form.is_valid():
            data = {k: v for k, v in new_form.cleaned_data.items() if k != "confirm_duplicate"}
            try:
                person = create_person(
                    actor=request.user, unit=d.unit,
                    confirm_duplicate=new_form.cleaned_data["confirm_duplicate"], **data,
                )  # fmt: skip
            except DuplicateWarning as e:
                new_form.add_error(None, e)
            except ValidationError as e:
                new_form.add_error(None, e)
        if person is not None:
            reg = run_service(
                form,
                lambda: services.register(
                    actor=request.user, drive=d, person=person, slot=form.cleaned_data["slot"],
                    weight_kg=form.cleaned_data["weight_kg"], health=form.health(),
                    override_reason=form.cleaned_data["override_reason"],
                ),
            )  # fmt: skip
            if reg is not None:
                messages.success(request, _("Đã đăng ký %(name)s.") % {"name": person.full_name})
                return redirect("blood:drive", pk=d.pk)
    context = _drive_context(
        request, d, form=form, new_form=new_form, person=person, verdict=verdict
    )
    return render(request, "blood/register.html", context)


# --- at the drive, on a phone --------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def field(request, pk: int):
    d = selectors.get_drive_for_user(request.user, pk, "edit")
    return render(request, "blood/field.html", _drive_context(request, d))


def _next_pending(reg):
    return (
        selectors.registrations_of(reg.drive)
        .filter(outcome=Outcome.PENDING)
        .exclude(pk=reg.pk)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk: int):
    """One screen per donor: donated (250/350/450 ml, the kind), deferred, absent."""
    reg = selectors.get_registration_for_user(request.user, pk, "edit")
    d = reg.drive
    defer = DeferForm(request.POST if request.POST.get("outcome") == "deferred" else None)
    error = ""
    if request.method == "POST":
        item = {"registration": reg.pk, "outcome": request.POST.get("outcome", "")}
        if item["outcome"] == Outcome.DONATED:
            volume = request.POST.get("volume_ml", "")
            item["volume_ml"] = int(volume) if volume.isdigit() else None
            item["kind"] = request.POST.get("kind", Kind.WHOLE)
        elif item["outcome"] == Outcome.DEFERRED:
            if defer.is_valid():
                item.update(defer.cleaned_data)
            else:
                item["outcome"] = ""
        try:
            if item["outcome"]:
                services.record_outcomes(actor=request.user, drive=d, items=[item])
                messages.success(request, _("Đã ghi kết quả của %(name)s.")
                                 % {"name": reg.person.full_name})  # fmt: skip
                nxt = _next_pending(reg)
                return (
                    redirect("blood:outcome", pk=nxt.pk)
                    if nxt
                    else redirect("blood:field", pk=d.pk)
                )
            error = _("Hãy chọn lý do và ngày được hiến lại, hoặc đánh dấu hoãn vĩnh viễn.")
        except ValidationError as e:
            error = " ".join(e.messages)
    log_sensitive_view(actor=request.user, person=reg.person, fields=HEALTH_FIELDS)
    donor = reg.person.blood_donor if hasattr(reg.person, "blood_donor") else None
    health = [(label, reg.health.get(k)) for k, label in HEALTH_QUESTIONS]
    context = {
        "reg": reg, "drive": d, "unit": d.unit, "donor": donor, "health": health,
        "yes_answers": [label for label, yes in health if yes], "defer": defer, "error": error,
        "volumes": VOLUMES, "kinds": Kind.choices,
        "verdict": services.check(reg.person, d.date, unit=d.unit, weight=reg.weight_kg),
        "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "blood/outcome.html", context)


@login_required
@require_POST
def cancel(request, pk: int):
    d = selectors.get_drive_for_user(request.user, pk)
    require_perm_on(request.user, d.unit, "edit", NEED_EDIT)
    try:
        services.cancel_drive(
            actor=request.user, drive=d, reason=request.POST.get("reason", "")[:255]
        )
        messages.success(request, _("Đã huỷ đợt hiến máu."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("blood:drive", pk=d.pk)
