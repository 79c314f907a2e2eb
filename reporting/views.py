"""Reporting pages: a unit's forms and periods, the entry page of one report (saves as you go with
htmx), the units below with completeness and approval, what waits for me, the xlsx of a form.

Access: the unit must be in the user's scope (else 404); typing needs "edit" on the unit,
approving "manage" on the approving unit (the services check it; else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.inputs import parse_ids
from org.models import Unit
from org.selectors import unit_nav

from . import exports, html, selectors, services
from .forms import CommentForm, ItemForm, UploadForm, ValueForm
from .models import Report, Status
from .periods import parse_period, recent_periods
from .values import item_name

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để nhập báo cáo.")


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    if request.GET.get("form") and request.GET.get("key"):  # "open another period"
        f = selectors.get_form(unit, request.GET["form"][:64])
        period = parse_period(f.period_type, request.GET["key"].strip()[:10])
        if period is not None:
            return redirect("reporting:report", pk=unit.pk, form=f.code, key=period.key)
        messages.error(request, _("Kỳ báo cáo không hợp lệ."))
    today = timezone.localdate()
    mine = []
    for form in selectors.forms_for(unit):
        periods = recent_periods(form.period_type, today, 3)
        reports = {
            r.start: r
            for r in Report.objects.filter(
                form=form, unit=unit, start__in=[p.start for p in periods]
            )
        }
        mine.append((form, [(p, reports.get(p.start)) for p in periods]))
    approving = [
        (form, recent_periods(form.period_type, today, 3))
        for form in selectors.forms_approved_by(unit)
    ]
    waiting = selectors.waiting_for(request.user, under=unit, limit=50)
    context = unit_nav(request.user, unit, mine=mine, approving=approving, waiting=waiting)
    return render(request, "reporting/home.html", context)


def _report_context(request, unit, form, period, report, **extra):
    lines = services.report_lines(report)
    problems = services.problems(report, lines) if report.pk else []
    by_code: dict[str, list] = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    sections: list[tuple[str, list]] = []
    for line in lines:
        line.problems = by_code.get(line.item.code, [])
        name = _(line.item.section) if line.item.section else ""
        if not sections or sections[-1][0] != name:
            sections.append((name, []))
        sections[-1][1].append(line)
    can_edit = report.editable and has_perm_on(request.user, unit, "edit")
    return unit_nav(
        request.user,
        unit,
        form=form,
        period=period,
        report=report,
        sections=sections,
        problems=problems,
        blocking=[p for p in problems if p.blocks],
        can_type=can_edit,
        can_approve=report.pk is not None and services.can_approve(request.user, report),
        can_reopen=report.pk is not None
        and report.step > 0
        and services.can_reopen(request.user, report),
        next_approver=services.next_approver(report) if report.pk else None,
        events=list(report.events.select_related("actor", "level")) if report.pk else [],
        comment_form=CommentForm(),
        **extra,
    )


@login_required
@require_GET
def report(request, pk: int, form: str, key: str):
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    r = selectors.report_of(f, unit, period)
    # Entered by a level above for a unit that does not use sohoi: every count typed.
    parent = unit.path[: -Unit.steplen]
    if (
        r.pk is None
        and request.GET.get("on_behalf") == "1"
        and parent
        and has_perm_on(request.user, Unit(path=parent), "edit")
    ):
        r.on_behalf = True
    return render(request, "reporting/report.html", _report_context(request, unit, f, period, r))


@login_required
@require_POST
def save_value(request, pk: int, form: str, key: str):
    """One item's number and note (htmx: the line comes back; else the page)."""
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    vf = ValueForm(request.POST)
    error = ""
    if vf.is_valid():
        try:
            r = services.open_report(
                actor=request.user, form=f, unit=unit, period=period,
                on_behalf=request.POST.get("on_behalf") == "1",
            )  # fmt: skip
            services.save_value(
                actor=request.user, report=r, code=vf.cleaned_data["code"],
                value=vf.cleaned_data["value"], note=vf.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as e:
            error = " ".join(e.messages)
    else:
        error = " ".join(str(m) for ms in vf.errors.values() for m in ms)
    r = selectors.report_of(f, unit, period)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("reporting:report", pk=unit.pk, form=f.code, key=period.key)
    context = _report_context(request, unit, f, period, r)
    code = request.POST.get("code", "")
    line = next((x for _s, ls in context["sections"] for x in ls if x.item.code == code), None)
    context.update(line=line, error=error, oob=True)
    return render(request, "reporting/_line.html", context)


_ACTIONS = {"submit", "approve", "return", "reopen"}


@login_required
@require_POST
def act(request, pk: int, form: str, key: str, action: str):
    """Submit, approve, return (with a comment) or reopen (with a reason)."""
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    if action not in _ACTIONS:
        raise Http404
    r = selectors.report_of(f, unit, period)
    cf = CommentForm(request.POST)
    comment = cf.cleaned_data["comment"] if cf.is_valid() else ""
    try:
        if action == "submit":
            require_perm_on(request.user, unit, "edit", _NEED_EDIT)
            if r.pk is None:
                r = services.open_report(actor=request.user, form=f, unit=unit, period=period)
            services.submit_report(actor=request.user, report=r)
            messages.success(request, _("Đã nộp báo cáo %(period)s.") % {"period": period.label})
        elif r.pk is None:
            raise ValidationError(_("Đơn vị chưa lập báo cáo kỳ này."))
        elif action == "approve":
            services.approve_report(actor=request.user, report=r, comment=comment)
            messages.success(request, _("Đã duyệt báo cáo của %(unit)s.") % {"unit": unit.name})
        elif action == "return":
            services.return_report(actor=request.user, report=r, comment=comment)
            messages.success(request, _("Đã trả lại báo cáo cho %(unit)s.") % {"unit": unit.name})
        else:
            services.reopen_report(actor=request.user, report=r, reason=comment)
            messages.success(
                request, _("Đã mở lại kỳ báo cáo %(period)s.") % {"period": period.label}
            )
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("reporting:report", pk=unit.pk, form=f.code, key=period.key)


@login_required
@require_GET
def children(request, pk: int, form: str, key: str):
    """The units below that report to this one: values, status, completeness; bulk approval."""
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    items = services.items_for(f, unit)
    rows = selectors.children_rows(f, unit, period, items)
    ok = services.approvable(request.user, [r.report for r in rows if r.report is not None])
    context = unit_nav(
        request.user, unit, form=f, period=period, items=items, rows=rows,
        rows_html=html.child_rows(rows, items, ok, f.code, period.key),
        heads=[(i.code, item_name(i)) for i in items],
        done=selectors.completeness(rows), upload_form=UploadForm(), item_form=ItemForm(),
        can_add_item=unit.kind in (f.approvers or []) and has_perm_on(request.user, unit, "manage"),
        approvable=len(ok),
    )  # fmt: skip
    return render(request, "reporting/children.html", context)


@login_required
@require_POST
def approve_many(request, pk: int, form: str, key: str):
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    try:
        ids = parse_ids(request.POST.getlist("report"))
    except ValueError:
        ids = set()
    chosen = list(
        Report.objects.visible_to(request.user, "view")
        .filter(
            pk__in=ids,
            form=f,
            start=period.start,
            unit__path__startswith=unit.path,
            status=Status.SUBMITTED,
        )
        .select_related("form", "unit")
    )
    ok = services.approvable(request.user, chosen)
    chosen = [r for r in chosen if r.pk in ok]
    if not chosen:
        messages.error(request, _("Chưa chọn báo cáo nào đang chờ bạn duyệt."))
    else:
        try:
            n = services.approve_reports(actor=request.user, reports=chosen)
            messages.success(request, _("Đã duyệt %(n)s báo cáo.") % {"n": n})
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    return redirect("reporting:children", pk=unit.pk, form=f.code, key=period.key)


@login_required
@require_GET
def export_xlsx(request, pk: int, form: str, key: str):
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    data = exports.form_xlsx(f, unit, period)
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao_{f.code}_{period.key}_{unit.pk}.xlsx"'
    )
    return response


@login_required
@require_POST
def import_xlsx(request, pk: int, form: str, key: str):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    uf = UploadForm(request.POST, request.FILES)
    if not uf.is_valid():
        for ms in uf.errors.values():
            for m in ms:
                messages.error(request, str(m))
    else:
        try:
            done = exports.read_form_xlsx(
                request.user, f, unit, period, uf.cleaned_data["file"].read()
            )
            messages.success(request, _("Đã nhập %(n)s số liệu từ tệp.") % {"n": done})
        except ValidationError as e:
            for m in e.messages[:20]:
                messages.error(request, m)
    return redirect("reporting:children", pk=unit.pk, form=f.code, key=period.key)


@login_required
@require_GET
def waiting(request):
    reports = selectors.waiting_for(request.user)
    return render(request, "reporting/waiting.html", {"reports": reports})


@login_required
@require_GET
def badge(request):
    """The navbar's bell: how many reports wait for me (empty when none)."""
    n = len(selectors.waiting_for(request.user, limit=100))
    return render(request, "reporting/_badge.html", {"n": n})


@login_required
@require_POST
def add_item(request, pk: int, form: str, key: str):
    """A province adds an item of its own to the form (for its units only)."""
    unit = get_unit_for_user(request.user, pk)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    item_form = ItemForm(request.POST)
    if not item_form.is_valid():
        for ms in item_form.errors.values():
            for m in ms:
                messages.error(request, str(m))
    else:
        try:
            item = services.add_item(
                actor=request.user, form=f, unit=unit, **item_form.cleaned_data
            )
            messages.success(request, _("Đã thêm chỉ tiêu “%(name)s”.") % {"name": item.name})
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
    return redirect("reporting:children", pk=unit.pk, form=f.code, key=period.key)
