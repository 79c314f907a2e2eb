"""Training pages: a unit's training tab (classes, expiring certificates, volunteer work), a
class (enrol, attendance, results, certificates), a certificate (renew, revoke, PDF). Access:
the unit, class or certificate must be in the user's scope (else 404); writing needs edit
rights there (else 403)."""

import tempfile
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, errors_text, run_and_tell, run_service
from core.inputs import parse_ids
from members.models import Membership
from members.selectors import search_q
from org.selectors import unit_nav, visible_ancestors
from people.models import Person

from . import selectors, services
from .forms import ClassForm, CourseForm, IssueForm, ReasonForm, TypedPersonForm
from .importing import import_participants
from .models import Certificate, Course, Result
from .printing import build_certificates_pdf, certificate_rows
from .services.classes import CLASS_UNIT_KINDS

NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được lớp tập huấn.")
CANDIDATE_LIMIT = 50
MAX_UPLOAD = 5 * 1024 * 1024


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    context = unit_nav(
        request.user, unit, tab="training",
        classes=list(selectors.classes_of(request.user, unit)[:50]),
        expiring=list(selectors.expiring_certificates(request.user, unit, today)[:100]),
        activities=list(selectors.activities_of(request.user, unit)[:20]),
        can_open=unit.kind in CLASS_UNIT_KINDS and has_perm_on(request.user, unit, "edit"),
        courses=Course.objects.offered_to(unit).select_related("prerequisite"),
        today=today,
    )  # fmt: skip
    return render(request, "training/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def class_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", NEED_EDIT)
    form = ClassForm(bound_data(request), unit=unit)

    def create():
        data = dict(form.cleaned_data)
        data["cost"] = data["cost"] or 0
        return services.create_class(actor=request.user, unit=unit, **data)

    cls = run_service(form, create)
    if cls is not None:
        messages.success(request, _("Đã mở lớp %(name)s.") % {"name": cls.label})
        return redirect("training:class", pk=cls.pk)
    return render(request, "training/class_new.html", unit_nav(request.user, unit, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "manage", _("Cần quyền quản lý để thêm khoá tập huấn."))
    form = CourseForm(bound_data(request))
    course = run_service(
        form, lambda: services.create_course(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if course is not None:
        messages.success(request, _("Đã thêm khoá %(name)s.") % {"name": course.name})
        return redirect("training:home", pk=unit.pk)
    return render(request, "training/course_new.html", unit_nav(request.user, unit, form=form))


def _candidates(user, cls, q: str):
    ms = Membership.objects.visible_to(user).current().filter(unit_path__startswith=cls.unit.path)
    if q:
        ms = ms.filter(search_q(q))
    inside = cls.participants.values("person_id")
    return (
        Person.objects.filter(pk__in=ms.values("person_id"))
        .exclude(pk__in=inside)
        .order_by("sort_key", "pk")
    )


def _class_context(request, cls, **extra) -> dict:
    q = request.GET.get("q", "")[:100]
    can_edit = has_perm_on(request.user, cls.unit, "edit") and cls.cancelled_on is None
    parts = list(
        cls.participants.select_related("person", "certificate").order_by("person__sort_key")
    )
    return {
        "cls": cls,
        "unit": cls.unit,
        "crumbs": visible_ancestors(request.user, cls.unit),
        "participants": parts,
        "instructors": list(cls.instructors.order_by("sort_key")),
        "can_edit": can_edit,
        "q": q,
        "candidates": list(_candidates(request.user, cls, q)[:CANDIDATE_LIMIT]) if can_edit else [],
        "typed_form": TypedPersonForm(),
        "issue_form": IssueForm(),
        "cancel_form": ReasonForm(),
        "results": Result.choices,
        "passed_without": sum(
            1 for p in parts if p.result == Result.PASSED and not hasattr(p, "certificate")
        ),
        "certified": sum(1 for p in parts if hasattr(p, "certificate")),
        **extra,
    }


@login_required
@require_GET
def class_detail(request, pk: int):
    cls = selectors.get_class_for_user(request.user, pk)
    return render(request, "training/class.html", _class_context(request, cls))


def _edit_class(request, pk: int):
    cls = selectors.get_class_for_user(request.user, pk)
    require_perm_on(request.user, cls.unit, "edit", NEED_EDIT)
    return cls


def _refused(request, cls, error: ValidationError, **extra):
    messages.error(request, " ".join(error.messages))
    return render(request, "training/class.html", _class_context(request, cls, **extra), status=422)


@login_required
@require_POST
def class_enrol(request, pk: int):
    cls = _edit_class(request, pk)
    ids = parse_ids(request.POST.getlist("person"))
    people = list(_candidates(request.user, cls, "").filter(pk__in=ids))
    chosen = list(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
    try:
        if len(people) != len(chosen):
            # Already in the class (the candidates leave them out) or not in the user's scope.
            inside = cls.participants.filter(person_id__in=ids).select_related("person")
            names = ", ".join(p.person.full_name for p in inside)
            raise ValidationError(
                _("Đã có trong danh sách lớp, không ghi danh lần nữa: %(names)s.")
                % {"names": names}
                if names
                else _("Hãy tìm và chọn người trong danh sách.")
            )
        rows = services.enrol_people(actor=request.user, cls=cls, people=people)
    except ValidationError as e:
        return _refused(request, cls, e)
    messages.success(
        request,
        ngettext("Đã ghi danh %(n)d người.", "Đã ghi danh %(n)d người.", len(rows))
        % {"n": len(rows)},
    )
    return redirect("training:class", pk=cls.pk)


@login_required
@require_POST
def class_enrol_typed(request, pk: int):
    cls = _edit_class(request, pk)
    form = TypedPersonForm(request.POST)
    done = run_service(
        form, lambda: services.enrol_typed(actor=request.user, cls=cls, **form.cleaned_data)
    )
    if done is None:
        context = _class_context(request, cls, typed_form=form)
        return render(request, "training/class.html", context, status=422)
    messages.success(request, _("Đã ghi danh %(name)s.") % {"name": done.person.full_name})
    return redirect("training:class", pk=cls.pk)


@login_required
@require_POST
def class_import(request, pk: int):
    cls = _edit_class(request, pk)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        return _refused(
            request, cls, ValidationError(_("Hãy chọn tệp xlsx, xls, ods hoặc csv (tối đa 5 MB)."))
        )
    suffix = Path(upload.name).suffix.lower()[:6]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            n = import_participants(actor=request.user, cls=cls, path=path)
        except ValidationError as e:
            return _refused(
                request,
                cls,
                ValidationError(_("Chưa ghi danh ai: sửa các dòng sau rồi nhập lại.")),
                import_errors=e.messages,
            )
    messages.success(request, _("Đã ghi danh %(n)d người từ tệp.") % {"n": n})
    return redirect("training:class", pk=cls.pk)


@login_required
@require_http_methods(["GET", "POST"])
def class_attendance(request, pk: int):
    cls = _edit_class(request, pk)
    today = timezone.localdate()
    days = cls.days()
    raw = request.POST.get("day") or request.GET.get("day") or ""
    day = next((d for d in days if d.isoformat() == raw), None)
    day = day or (min(max(today, cls.starts_on), cls.ends_on))
    if request.method == "POST":
        try:
            n = services.record_attendance(
                actor=request.user, cls=cls, day=day,
                present_ids=parse_ids(request.POST.getlist("present")),
            )  # fmt: skip
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Đã điểm danh: %(n)d người có mặt.") % {"n": n})
            return redirect(reverse("training:attendance", args=[cls.pk]) + f"?day={day}")
    parts = list(cls.participants.select_related("person").order_by("person__sort_key"))
    marked = {a.participant_id: a.present for a in selectors.attendance_of(cls, day)}
    context = {
        "cls": cls, "unit": cls.unit, "crumbs": visible_ancestors(request.user, cls.unit),
        "day": day, "days": days, "participants": parts, "taken": bool(marked),
        "absent": {pk for pk, present in marked.items() if not present},
    }  # fmt: skip
    return render(request, "training/attendance.html", context)


@login_required
@require_POST
def class_results(request, pk: int):
    cls = _edit_class(request, pk)
    results = {}
    for p in cls.participants.all():
        result = request.POST.get(f"result-{p.pk}")
        if result is None:
            continue
        raw = (request.POST.get(f"score-{p.pk}") or "").strip().replace(",", ".")
        try:
            score = Decimal(raw) if raw else None
        except ArithmeticError:
            return _refused(request, cls, ValidationError(_("Điểm phải là số từ 0 đến 100.")))
        results[p.pk] = (result, score)
    try:
        n = services.record_results(actor=request.user, cls=cls, results=results)
    except ValidationError as e:
        return _refused(request, cls, e)
    messages.success(request, _("Đã ghi kết quả (%(n)d thay đổi).") % {"n": n})
    return redirect("training:class", pk=cls.pk)


@login_required
@require_POST
def class_issue(request, pk: int):
    cls = _edit_class(request, pk)
    form = IssueForm(request.POST)
    certs = run_service(
        form,
        lambda: services.issue_certificates(
            actor=request.user, cls=cls, issued_on=form.cleaned_data["issued_on"]
        ),
    )
    if certs is None:
        context = _class_context(request, cls, issue_form=form)
        return render(request, "training/class.html", context, status=422)
    messages.success(
        request,
        _("Đã cấp %(n)d giấy chứng nhận, số %(a)s đến %(b)s.")
        % {"n": len(certs), "a": certs[0].number, "b": certs[-1].number},
    )
    return redirect("training:class", pk=cls.pk)


@login_required
@require_POST
def class_cancel(request, pk: int):
    cls = _edit_class(request, pk)
    form = ReasonForm(request.POST)
    done = run_service(
        form,
        lambda: services.cancel_class(
            actor=request.user, cls=cls, on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        ),
    )  # fmt: skip
    if done is None:
        context = _class_context(request, cls, cancel_form=form)
        return render(request, "training/class.html", context, status=422)
    messages.success(request, _("Đã huỷ lớp."))
    return redirect("training:class", pk=cls.pk)


def _verify_base(request) -> str:
    """The site's root as the user reached it (the QR code adds the short verification path)."""
    return request.build_absolute_uri("/")


@login_required
@require_GET
def class_certificates_pdf(request, pk: int):
    cls = selectors.get_class_for_user(request.user, pk)
    certs = Certificate.objects.filter(participant__training_class=cls)
    sheets = certificate_rows(certs, _verify_base(request))
    return _pdf(build_certificates_pdf(sheets), f"giay-chung-nhan-lop-{cls.pk}.pdf")


@login_required
@require_GET
def certificate_detail(request, pk: int):
    cert = selectors.get_certificate_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, cert.unit, "edit")
    context = {
        "cert": cert, "unit": cert.unit, "crumbs": visible_ancestors(request.user, cert.unit),
        "can_edit": can_edit, "issue_form": IssueForm(), "revoke_form": ReasonForm(),
        "valid_today": cert.is_valid_on(timezone.localdate()),
    }  # fmt: skip
    return render(request, "training/certificate.html", context)


@login_required
@require_GET
def certificate_pdf(request, pk: int):
    cert = selectors.get_certificate_for_user(request.user, pk)
    sheets = certificate_rows(Certificate.objects.filter(pk=cert.pk), _verify_base(request))
    return _pdf(build_certificates_pdf(sheets), f"giay-chung-nhan-{cert.pk}.pdf")


@login_required
@require_POST
def certificate_renew(request, pk: int):
    cert = selectors.get_certificate_for_user(request.user, pk)
    require_perm_on(request.user, cert.unit, "edit", NEED_EDIT)
    form = IssueForm(request.POST)
    new = run_service(
        form,
        lambda: services.renew_certificate(
            actor=request.user, certificate=cert, issued_on=form.cleaned_data["issued_on"]
        ),
    )
    if new is None:
        messages.error(request, errors_text(form))
        return redirect("training:certificate", pk=cert.pk)
    messages.success(request, _("Đã gia hạn: giấy chứng nhận mới số %(n)s.") % {"n": new.number})
    return redirect("training:certificate", pk=new.pk)


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    cert = selectors.get_certificate_for_user(request.user, pk)
    require_perm_on(request.user, cert.unit, "edit", NEED_EDIT)
    form = ReasonForm(request.POST)
    run_and_tell(
        request,
        form,
        lambda: services.revoke_certificate(
            actor=request.user, certificate=cert, on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        ),
        _("Đã thu hồi giấy chứng nhận %(n)s.") % {"n": cert.number},
    )  # fmt: skip
    return redirect("training:certificate", pk=cert.pk)
