"""Summary report pages: a unit's reports and the choice of a period, one report (its figures
with the previous period, target and source; its sections editable and saved as versions; the
differences a later correction of the data made), and its files (Word, PDF, the statistical
table, the FDRS export).

Access: the unit must be in the user's scope (else 404); starting, saving and accepting need
"edit" on the unit (else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.admindoc import DOCX
from indicators.catalogue import BY_CODE
from org.selectors import unit_nav

from . import exports, services
from .data import collect, pick, table
from .document import document_bytes, draft_version
from .forms import TableForm, VersionForm
from .models import Report
from .periods import MAX_YEARS, parse_period, year_period

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để soạn báo cáo tổng kết.")


def _period(key: str):
    period = parse_period(key[:32])
    if period is None:
        raise Http404
    return period


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    key = request.GET.get("period", "").strip()[:32]
    start, end = (request.GET.get(k, "").strip()[:10] for k in ("start", "end"))
    if start or end:
        key = f"{start}..{end}"
    if key:
        period = parse_period(key)
        if period is not None:
            return redirect("reports:report", pk=unit.pk, key=period.key)
        messages.error(request, _("Kỳ báo cáo không hợp lệ: hãy chọn ngày bắt đầu và ngày kết thúc (không trước ngày bắt đầu, dài nhất %(n)s năm), hoặc gõ 2025, 2025-H1.") % {"n": MAX_YEARS})  # fmt: skip
    year = timezone.localdate().year
    choices = [year_period(year), year_period(year - 1), _period(f"{year}-H1")]
    choices.append(year_period(year - 2))
    reports = Report.objects.filter(unit=unit).prefetch_related("versions")[:30]
    context = unit_nav(request.user, unit, tab="reports", choices=choices, reports=reports)
    return render(request, "reports/home.html", context)


@login_required
@require_GET
def report(request, pk: int, key: str):
    unit = get_unit_for_user(request.user, pk)
    period = _period(key)
    rep = Report.objects.filter(unit=unit, period_key=period.key).first()
    data = collect(unit, period)
    version = draft_version(rep, data)
    can_edit = has_perm_on(request.user, unit, "edit")
    form = VersionForm(
        sections=version.sections,
        initial={
            **{f"text_{s['key']}": s["text"] for s in version.sections},
            "number": rep.number if rep else "",
            "signer_title": rep.signer_title if rep else "",
            "signer_name": rep.signer_name if rep else "",
        },
    )
    context = unit_nav(
        request.user,
        unit,
        tab="reports",
        period=period,
        report=rep,
        version=version,
        versions=rep.versions.select_related("author") if rep else [],
        diffs=[(d, BY_CODE[d.code].name) for d in services.differences(version, data)]
        if rep
        else [],
        figures=[f for f in data.figures.values() if f.value or f.previous or f.target],
        form=form,
        section_fields=[form[f"text_{s['key']}"] for s in version.sections],
        can_write=can_edit,
    )
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def start(request, pk: int, key: str):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    services.start_report(actor=request.user, unit=unit, period=_period(key))
    messages.success(request, _("Đã lập báo cáo từ số liệu (phiên bản 1)."))
    return redirect("reports:report", pk=unit.pk, key=_period(key).key)


def _get_report(unit, key) -> Report:
    rep = Report.objects.filter(unit=unit, period_key=_period(key).key).first()
    if rep is None:
        raise Http404
    return rep


@login_required
@require_POST
def save(request, pk: int, key: str):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    rep = _get_report(unit, key)
    form = VersionForm(request.POST, sections=services.latest(rep).sections)
    if not form.is_valid():
        messages.error(request, _("Nội dung không hợp lệ: %(e)s") % {"e": form.errors.as_text()})
        return redirect("reports:report", pk=unit.pk, key=rep.period_key)
    d = form.cleaned_data
    header = (d["number"], d["signer_title"], d["signer_name"])
    if header != (rep.number, rep.signer_title, rep.signer_name):
        services.set_header(actor=request.user, report=rep, number=header[0],
                            signer_title=header[1], signer_name=header[2])  # fmt: skip
    try:
        v = services.save_version(
            actor=request.user, report=rep, texts=form.texts(), note=d["note"]
        )
    except ValidationError as e:
        messages.error(request, "; ".join(e.messages))
    else:
        messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": v.number})
    return redirect("reports:report", pk=unit.pk, key=rep.period_key)


@login_required
@require_POST
def accept(request, pk: int, key: str):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    rep = _get_report(unit, key)
    codes = {c for c in request.POST.getlist("code") if c in BY_CODE} or None
    v = services.accept_differences(
        actor=request.user, report=rep, data=collect(unit, _period(key)), codes=codes
    )
    if v is None:
        messages.info(request, _("Số liệu trong bài không thay đổi."))
    else:
        messages.success(request, _("Đã cập nhật số liệu mới (phiên bản %(n)s).") % {"n": v.number})
    return redirect("reports:report", pk=unit.pk, key=rep.period_key)


def _file(content: bytes, kind: str, name: str) -> HttpResponse:
    r = HttpResponse(content, content_type=kind)
    r["Content-Disposition"] = f'attachment; filename="{name}"'
    return r


@login_required
@require_GET
def download(request, pk: int, key: str, fmt: str):
    unit = get_unit_for_user(request.user, pk)
    period = _period(key)
    name = f"bao-cao-tong-ket-{unit.pk}-{period.key.replace('..', '_')}"
    if fmt == "docx":
        return _file(document_bytes(unit, period, "docx"), DOCX, f"{name}.docx")
    if fmt == "pdf":
        return _file(document_bytes(unit, period, "pdf"), "application/pdf", f"{name}.pdf")
    if fmt in ("fdrs.csv", "fdrs.xlsx"):
        data = collect(unit, period, whole=True)
        if fmt == "fdrs.csv":
            return _file(exports.fdrs_csv(data), "text/csv; charset=utf-8", f"fdrs-{name}.csv")
        return _file(exports.fdrs_xlsx(data), exports.XLSX, f"fdrs-{name}.xlsx")
    raise Http404


@login_required
@require_GET
def table_xlsx(request, pk: int, key: str):
    unit = get_unit_for_user(request.user, pk)
    period = _period(key)
    form = TableForm(request.GET)
    if not form.is_valid():
        raise Http404
    inds = pick(form.cleaned_data["codes"])
    data, rows = table(unit, period, inds, bases=form.cleaned_data["bases"])
    name = f"bang-so-lieu-{unit.pk}-{period.key.replace('..', '_')}.xlsx"
    return _file(exports.table_xlsx(data, inds, rows), exports.XLSX, name)
