"""Summary reports over the API: a unit's report for a period (every figure with its indicator
code, previous period, target, met and source; the sections of the latest version or the text
prefilled from the data; the versions), and its files: Word, PDF, the statistical table, the
FDRS export. Reads need "view" on the unit (404 outside the user's scope)."""

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema

from accounts.access import get_unit_for_user
from core.admindoc import DOCX
from core.inputs import Code, Id, Line

from . import exports, services
from .builder import build
from .data import collect, pick, table
from .document import document_bytes
from .models import Report
from .periods import parse_period

router = Router(tags=["Báo cáo tổng kết"])
_PATH = "/units/{int:unit_id}/summary-reports/{key}"


class FigureOut(Schema):
    code: str
    name: str
    unit: str
    value: float | None
    previous: float | None = Field(description="cùng kỳ năm trước")
    target: str = Field(description="chỉ tiêu kế hoạch, ví dụ “≥ 1.200”; rỗng nếu không có")
    met: bool | None = Field(description="đạt chỉ tiêu; null nếu không có chỉ tiêu")
    source: str = Field(description="records, reported hoặc mixed")
    reported_below: int
    fdrs: str


class SectionOut(Schema):
    key: str
    title: str
    text: str


class VersionOut(Schema):
    number: int
    author: str
    created_at: str
    note: str


class SummaryOut(Schema):
    unit_id: int
    period: str
    label: str
    start: str
    end: str
    saved: bool = Field(description="false: văn bản soạn sẵn từ số liệu, chưa lưu")
    figures: list[FigureOut]
    sections: list[SectionOut]
    versions: list[VersionOut]


def _open(request, unit_id: int, key: str):
    unit = get_unit_for_user(request.user, unit_id)
    period = parse_period(key)
    if period is None:
        raise Http404
    return unit, period


@router.get(_PATH, response=SummaryOut, summary="Báo cáo tổng kết của đơn vị trong một kỳ")
def summary(request, unit_id: Id, key: Code):
    unit, period = _open(request, unit_id, key)
    data = collect(unit, period)
    rep = Report.objects.filter(unit=unit, period_key=period.key).first()
    version = services.latest(rep) if rep else None
    sections = version.sections if version else build(data).sections
    versions = rep.versions.select_related("author") if rep else []
    return {
        "unit_id": unit.pk,
        "period": period.key,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "saved": rep is not None,
        "figures": [
            {
                "code": f.code,
                "name": str(f.indicator.name),
                "unit": str(f.indicator.unit),
                "value": f.value,
                "previous": f.previous,
                "target": f.target_text,
                "met": f.met,
                "source": f.source,
                "reported_below": f.reported_below,
                "fdrs": f.indicator.fdrs,
            }
            for f in data.figures.values()
        ],
        "sections": sections,
        "versions": [
            {
                "number": v.number,
                "author": v.author.username if v.author else "",
                "created_at": v.created_at.isoformat(),
                "note": v.note,
            }
            for v in versions
        ],
    }


def _file(content: bytes, kind: str, name: str) -> HttpResponse:
    r = HttpResponse(content, content_type=kind)
    r["Content-Disposition"] = f'attachment; filename="{name}"'
    return r


@router.get(f"{_PATH}/docx", summary="Báo cáo tổng kết (Word, thể thức Nghị định 30)")
def summary_docx(request, unit_id: Id, key: Code):
    unit, period = _open(request, unit_id, key)
    return _file(document_bytes(unit, period, "docx"), DOCX, f"bao-cao-{unit.pk}.docx")


@router.get(f"{_PATH}/pdf", summary="Báo cáo tổng kết (PDF, thể thức Nghị định 30)")
def summary_pdf(request, unit_id: Id, key: Code):
    unit, period = _open(request, unit_id, key)
    return _file(document_bytes(unit, period, "pdf"), "application/pdf", f"bao-cao-{unit.pk}.pdf")


_CODES = Query("", max_length=4000)  # indicator codes, comma-separated


@router.get(f"{_PATH}/table", summary="Bảng số liệu: mỗi đơn vị cấp dưới một dòng, dòng tổng")
def summary_table(request, unit_id: Id, key: Code, codes: Line = _CODES, bases: bool = False):
    unit, period = _open(request, unit_id, key)
    inds = pick(codes[:4000])
    data, rows = table(unit, period, inds, bases=bases)
    return _file(exports.table_xlsx(data, inds, rows), exports.XLSX, f"bang-{unit.pk}.xlsx")


@router.get(f"{_PATH}/fdrs", summary="Số liệu theo mã FDRS (CSV hoặc xlsx)")
def summary_fdrs(request, unit_id: Id, key: Code, format: Code = "csv"):  # noqa: A002
    unit, period = _open(request, unit_id, key)
    data = collect(unit, period, whole=True)
    if format == "xlsx":
        return _file(exports.fdrs_xlsx(data), exports.XLSX, f"fdrs-{unit.pk}.xlsx")
    return _file(exports.fdrs_csv(data), "text/csv; charset=utf-8", f"fdrs-{unit.pk}.csv")
