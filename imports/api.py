"""Imports over the API: upload a file, correct the mapping, check it (preview), commit it in the
background, follow its status, cancel, undo.

Everything needs the "edit" permission on the unit (403 inside the scope without it); a job or
unit outside the user's scope is 404. A service's refusal is 422 with its reason.
"""

import datetime
from typing import Annotated

from annotated_types import MaxLen
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from core.inputs import Code, Day, Id, Line

from . import progress, selectors, services
from .models import DedupeMode, ImportJob
from .reading import FIELDS

router = Router(tags=["Nhập dữ liệu"])

MAX_COLUMN = 16_383  # the last column of a spreadsheet (XFD)


class JobOut(Schema):
    id: int
    unit_id: int
    kind: str = Field(description="Mã loại hội viên (member, volunteer…)")
    mode: str = Field(description="skip, update hoặc fill")
    original_name: str
    status: str = Field(
        description="uploaded, analysing, ready, queued, running, done, failed, cancelled, undone"
    )
    counts: dict = Field(description="new, update, duplicate, error, total")
    mapping: dict = Field(description="sheet, header_row, data_row, headers, columns {cột: trường}")
    error_summary: str
    percent: int = Field(0, description="Tiến độ khi đang kiểm tra hoặc đang nhập")
    stale: bool = Field(False, description="Đang nhập nhưng tiến trình nền đã dừng: nhập lại được")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_percent(obj: ImportJob) -> int:
        return progress.percent(progress.read(obj.pk))

    @staticmethod
    def resolve_stale(obj: ImportJob) -> bool:
        return selectors.is_stale(obj)


class PreviewOut(Schema):
    status: str
    counts: dict
    samples: dict = Field(description="Vài dòng đầu của mỗi loại: new, update, duplicate, error")
    errors: list[list] = Field(description="[trang, dòng (như trong Excel), cột, lỗi]")


class MappingIn(Schema):
    columns: dict[Annotated[int, Field(ge=0, le=MAX_COLUMN)], Code] = Field(
        max_length=MAX_COLUMN + 1,
        description="{chỉ số cột (0 là cột A): trường}; trường: " + ", ".join(FIELDS),
    )
    sheet: Line | None = Field(None, max_length=255)
    mode: DedupeMode | None = None
    default_joined_on: Day | None = None


def _preview(job: ImportJob) -> dict:
    return {
        "status": job.status,
        "counts": job.counts,
        "samples": job.preview.get("samples", {}),
        "errors": job.preview.get("errors", []),
    }


@router.post(
    "/units/{int:unit_id}/imports",
    response={201: JobOut},
    summary="Tải lên tệp danh sách (xlsx, xls, ods, csv)",
)
def upload(
    request,
    unit_id: Id,
    file: File[UploadedFile],
    # Form(default), not Form[type] = default: ninja forgets the default of an Annotated type.
    kind: Code = Form("member"),  # noqa: B008
    mode: Form[DedupeMode] = DedupeMode.SKIP,
    default_joined_on: Day | None = Form(None),  # noqa: B008
    sheet: Annotated[Line, MaxLen(255)] | None = Form(None),  # noqa: B008
):
    unit = selectors.unit_to_import(request.auth, unit_id)
    job = services.create_job(
        actor=request.auth,
        unit=unit,
        kind=kind,
        upload=file,
        mode=mode,
        default_joined_on=default_joined_on,
        sheet=sheet,
    )
    return Status(201, job)


@router.get("/imports/{int:job_id}", response=JobOut, summary="Trạng thái một lần nhập")
def status(request, job_id: Id):
    return selectors.get_job_for_user(request.auth, job_id)


@router.put("/imports/{int:job_id}/mapping", response=JobOut, summary="Sửa cách ghép cột")
def mapping(request, job_id: Id, payload: MappingIn):
    job = selectors.get_job_for_user(request.auth, job_id)
    return services.set_mapping(
        actor=request.auth,
        job=job,
        columns=payload.columns,
        sheet=payload.sheet,
        mode=payload.mode,
        default_joined_on=payload.default_joined_on,
    )


@router.post(
    "/imports/{int:job_id}/preview",
    response=PreviewOut,
    summary="Kiểm tra tệp (không ghi): số dòng mới, cập nhật, trùng, lỗi",
)
def check(request, job_id: Id):
    job = selectors.get_job_for_user(request.auth, job_id)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.READY):
        raise ValidationError(_("Lần nhập này không ở trạng thái kiểm tra được."))
    return _preview(services.analyse_job(job))


@router.get("/imports/{int:job_id}/preview", response=PreviewOut, summary="Kết quả kiểm tra")
def preview(request, job_id: Id):
    return _preview(selectors.get_job_for_user(request.auth, job_id))


@router.post(
    "/imports/{int:job_id}/commit",
    response={202: JobOut},
    summary="Ghi vào sổ (chạy nền, tất cả hoặc không gì cả); cũng dùng để nhập lại",
)
def commit(request, job_id: Id):
    job = selectors.get_job_for_user(request.auth, job_id)
    return Status(202, services.start_commit(actor=request.auth, job=job))


@router.post("/imports/{int:job_id}/cancel", response=JobOut, summary="Huỷ khi đang nhập")
def cancel(request, job_id: Id):
    job = selectors.get_job_for_user(request.auth, job_id)
    return services.cancel_job(actor=request.auth, job=job)


@router.post("/imports/{int:job_id}/undo", response=JobOut, summary="Hoàn tác lần nhập")
def undo(request, job_id: Id):
    job = selectors.get_job_for_user(request.auth, job_id)
    return services.undo_job(actor=request.auth, job=job)
