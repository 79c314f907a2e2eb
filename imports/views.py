"""Pages of the import: upload, column mapping, preview, progress, the unit's list of imports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import bound_data, run_service
from org.selectors import unit_nav

from . import progress, selectors, services
from .forms import MappingForm, UploadForm
from .models import ImportJob
from .template import template_workbook

S = ImportJob.Status


def _job(request, pk: int, job_id: int):
    unit = selectors.unit_to_import(request.user, pk)
    return unit, selectors.get_job_for_user(request.user, job_id, unit=unit)


@login_required
@require_GET
def job_list(request, pk: int):
    unit = selectors.unit_to_import(request.user, pk)
    jobs = selectors.jobs_for_user(request.user).filter(unit__path__startswith=unit.path)[:50]
    return render(request, "imports/list.html", unit_nav(request.user, unit, jobs=jobs))


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request, pk: int):
    unit = selectors.unit_to_import(request.user, pk)
    form = UploadForm(bound_data(request), request.FILES or None, user=request.user, unit=unit)
    job = run_service(
        form,
        lambda: services.create_job(
            actor=request.user,
            unit=unit,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            mode=form.cleaned_data["mode"],
            default_joined_on=form.cleaned_data["default_joined_on"],
            default_unit=form.cleaned_data["default_unit"],
        ),
    )
    if job is not None:
        return redirect("imports:mapping", unit.pk, job.pk)
    return render(request, "imports/new.html", unit_nav(request.user, unit, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def job_mapping(request, pk: int, job_id: int):
    unit, job = _job(request, pk, job_id)
    form = MappingForm(bound_data(request), job=job, user=request.user)
    done = run_service(
        form,
        lambda: services.set_mapping(
            actor=request.user,
            job=job,
            columns=form.columns(),
            sheet=form.cleaned_data["sheet"],
            mode=form.cleaned_data["mode"],
            default_joined_on=form.cleaned_data["default_joined_on"],
            default_unit=form.cleaned_data["default_unit"],
        ),
    )
    if done is not None:
        if form.cleaned_data["sheet"] != form.fields["sheet"].initial:
            return redirect("imports:mapping", unit.pk, job.pk)  # the new sheet's columns
        return _check(request, unit, job)
    sample = _sample(job)
    return render(
        request,
        "imports/mapping.html",
        unit_nav(request.user, unit, job=job, form=form, sample=sample),
    )


def _sample(job) -> list[list]:
    """A few data rows under the header, to show next to the mapping."""
    from .parsing import display, is_footer_cell
    from .reading import Book

    mapping = job.mapping
    if "data_row" not in mapping:
        return []
    try:
        rows = Book.open(job.file).head(mapping["sheet"], mapping["data_row"] + 5)
    except Exception:  # noqa: BLE001 - a preview only
        return []
    width = len(mapping["headers"])
    out = []
    for r in rows[mapping["data_row"] :]:
        texts = [c for c in r if isinstance(c, str) and c.strip()]
        if texts and all(is_footer_cell(c) for c in texts):
            break  # a signature or date line: the table has ended
        # As a person reads them: 1975 (not "1975,0"), dates as dd/mm/yyyy, no control characters.
        out.append([display(c) for c in (list(r) + [""] * width)[:width]])
    return out


def _check(request, unit, job):
    """Check the file: small ones at once, large ones in the background."""
    try:
        services.check_job(job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("imports:detail", unit.pk, job.pk)


@login_required
@require_GET
def job_template(request, pk: int) -> HttpResponse:
    """An empty register with the headers the import recognises (Vietnamese: the headers are
    found by their Vietnamese names), and a sheet that says how to fill it."""
    unit = selectors.unit_to_import(request.user, pk)
    branches = [u.name for u in selectors.branch_choices(request.user, unit)]
    return HttpResponse(
        template_workbook(unit, branches),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="mau-danh-sach-hoi-vien.xlsx"'},
    )


@login_required
@require_GET
def job_detail(request, pk: int, job_id: int):
    unit, job = _job(request, pk, job_id)
    return render(
        request, "imports/detail.html", unit_nav(request.user, unit, job=job, **_state(job))
    )


def _state(job) -> dict:
    data = progress.read(job.pk)
    stale = selectors.is_stale(job)
    return {
        "progress": data,
        "percent": progress.percent(data),
        "stale": stale,
        "can_commit": selectors.can_commit(job),
        "busy": job.status in (S.QUEUED, S.RUNNING, S.ANALYSING) and not stale,
        "undo_blockers": selectors.undo_blockers(job) if job.status == S.DONE else None,
        "has_errors_file": services.error_workbook_path(job) is not None,
        "samples": job.preview.get("samples", {}),
    }


@login_required
@require_GET
def job_progress(request, pk: int, job_id: int):
    """The progress bar (htmx polls it); when the job stops, the page reloads."""
    unit, job = _job(request, pk, job_id)
    state = _state(job)
    # (htmx asks every 2 s: the bar needs no breadcrumbs or rights, only the unit and the job)
    response = render(request, "imports/_progress.html", {"unit": unit, "job": job, **state})
    if not state["busy"]:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_commit(request, pk: int, job_id: int):
    unit, job = _job(request, pk, job_id)
    try:
        services.start_commit(actor=request.user, job=job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("imports:detail", unit.pk, job.pk)


@login_required
@require_POST
def job_cancel(request, pk: int, job_id: int):
    unit, job = _job(request, pk, job_id)
    try:
        services.cancel_job(actor=request.user, job=job)
        messages.info(request, _("Đã yêu cầu huỷ; các dòng đã ghi sẽ được bỏ hết."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("imports:detail", unit.pk, job.pk)


@login_required
@require_POST
def job_undo(request, pk: int, job_id: int):
    unit, job = _job(request, pk, job_id)
    try:
        services.undo_job(actor=request.user, job=job)
        messages.success(request, _("Đã hoàn tác lần nhập."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("imports:detail", unit.pk, job.pk)


@login_required
@require_GET
def job_errors(request, pk: int, job_id: int) -> FileResponse:
    _unit, job = _job(request, pk, job_id)
    path = services.error_workbook_path(job)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"loi-nhap-{job.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
