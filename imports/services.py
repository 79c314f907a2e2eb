"""Writes on import jobs: upload, mapping, check (preview), commit (all-or-nothing), cancel, undo.

The commit runs as a background task (imports.tasks) around :func:`commit_job`: one transaction
for the whole file, one audit event with the counts. Progress and the cancel flag live in files
(imports.progress) because nothing written inside the open transaction can be seen outside it.
"""

import datetime
import logging
import shutil
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Min, ProtectedError
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from members.models import Membership
from members.selectors import category_names
from org.locks import ensure_open_rows
from org.models import Unit
from people.models import Person

from . import limits, pipeline, progress, reading, selectors
from .models import DedupeMode, ImportJob, ImportMapping, ImportUpdate
from .parsing import clean_data, clean_text

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
INLINE_CHECK_BYTES = 2 * 1024 * 1024  # smaller files are checked in the request itself
S = ImportJob.Status


def _check_kind(kind: str) -> None:
    if kind not in category_names():
        raise ValidationError({"kind": [_("Loại hội viên không có trong danh mục của Hội.")]})


def _check_default_unit(actor, unit: Unit, default_unit: Unit | None) -> None:
    if default_unit is None:
        return
    if not selectors.branch_choices(actor, unit).filter(pk=default_unit.pk).exists():
        raise ValidationError({"default_unit": [_("Hãy chọn một chi hội của đơn vị đang nhập.")]})


def _incoming(suffix: str) -> Path:
    folder = Path(settings.VAR_DIR) / "imports" / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}{suffix}"


def create_job(
    *,
    actor,
    unit: Unit,
    kind: str,
    upload: UploadedFile,
    mode: str = DedupeMode.SKIP,
    default_joined_on: datetime.date | None = None,
    sheet: str | None = None,
    default_unit: Unit | None = None,
) -> ImportJob:
    """Store the uploaded file and find its header; the mapping saved for the same header (unit,
    kind) is reused. The file is checked (imports.limits: what it would grow to once opened)
    and read outside any transaction: only the job's row is written in one, at the end."""
    _check_kind(kind)
    if mode not in DedupeMode.values:
        raise ValidationError({"mode": [_("Cách xử lý trùng không hợp lệ.")]})
    _check_default_unit(actor, unit, default_unit)
    name = Path(upload.name or "tep").name
    suffix = Path(name).suffix.lower()
    if suffix not in reading.EXTENSIONS:
        raise ValidationError({"file": [_("Chỉ nhận tệp xlsx, xls, ods hoặc csv.")]})
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("Tệp lớn quá 200 MB.")]})
    incoming = _incoming(suffix)
    try:
        with incoming.open("wb") as f:
            for part in upload.chunks():
                f.write(part)
        limits.check_file(incoming)
        book = reading.Book.open(incoming)
        if sheet and sheet not in book.sheet_names:
            raise ValidationError({"sheet": [_("Tệp không có trang “%(s)s”.") % {"s": sheet}]})
        layout = reading.find_layout(book, sheet)
        mapping = _mapping_of(layout, book, unit, kind)
    except (reading.ReadError, limits.TooLarge) as e:
        incoming.unlink(missing_ok=True)
        raise ValidationError({"file": [str(e)]}) from None
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        job = ImportJob.objects.create(
            unit=unit,
            kind=kind,
            mode=mode,
            original_name=clean_text(name)[:255],
            size=upload.size or 0,
            default_joined_on=default_joined_on,
            default_unit=default_unit,
            created_by=user_or_none(actor),
            mapping=mapping,
        )
        path = progress.job_dir(job.pk) / (get_valid_filename(Path(name).stem)[:80] + suffix)
        incoming.replace(path)
        book.path = path
        job.file = str(path)
        job.save(update_fields=["file"])
        audit.record(
            actor=actor,
            action="imports.job.upload",
            unit=unit,
            obj=job,
            data={"file": job.original_name, "kind": kind, "size": job.size},
        )
    job._book = book  # type: ignore[attr-defined]  # reused by a commit in this process
    return job


def _mapping_of(layout: reading.Layout | None, book: reading.Book, unit, kind) -> dict:
    if layout is None:
        return {"sheets": book.sheet_names}
    columns = {str(i): f for i, f in layout.columns.items()}
    saved = ImportMapping.objects.filter(unit=unit, kind=kind, signature=layout.signature()).first()
    if saved is not None:
        columns = dict(saved.columns)
    return {
        "sheets": book.sheet_names,  # (as in the file: they name the sheets to read)
        "sheet": layout.sheet,
        "header_row": layout.header_row,
        "data_row": layout.data_row,
        "headers": clean_data(layout.headers),
        "columns": columns,
        "signature": layout.signature(),
        "reused": saved is not None,
    }


UNCHANGED: object = object()


def set_mapping(
    *, actor, job: ImportJob, columns: dict[int, str], sheet: str | None = None,
    mode: str | None = None, default_joined_on: datetime.date | None = None,
    default_unit: "Unit | None | object" = UNCHANGED,
) -> ImportJob:  # fmt: skip
    """The user's column mapping (saved for the unit and kind, for the next file with the same
    header); choosing another sheet finds that sheet's header again. ``default_unit``: the
    branch of rows that name none (None: the unit itself; left out: unchanged)."""
    if job.status not in (S.UPLOADED, S.READY, S.FAILED, S.CANCELLED) and not selectors.is_stale(
        job
    ):
        raise ValidationError(_("Không thể sửa cách ghép cột lúc này."))
    if default_unit is not UNCHANGED:
        _check_default_unit(actor, job.unit, default_unit)  # type: ignore[arg-type]
        job.default_unit = default_unit  # type: ignore[assignment]
    book = reading.Book.open(job.file)
    if sheet and sheet != job.mapping.get("sheet"):
        if sheet not in book.sheet_names:
            raise ValidationError({"sheet": [_("Tệp không có trang “%(s)s”.") % {"s": sheet}]})
        layout = reading.find_layout(book, sheet)
        if layout is None:
            raise ValidationError(
                {"sheet": [_("Không tìm thấy dòng tiêu đề trong trang “%(s)s”.") % {"s": sheet}]}
            )
        job.mapping = _mapping_of(layout, book, job.unit, job.kind)
    elif "columns" not in job.mapping:
        raise ValidationError(_("Chưa tìm thấy dòng tiêu đề trong tệp."))
    else:
        width = len(job.mapping["headers"])
        bad = [f for i, f in columns.items() if f and (f not in reading.FIELDS or i >= width)]
        if bad:
            raise ValidationError(_("Cách ghép cột không hợp lệ."))
        fields = [f for f in columns.values() if f]
        if len(fields) != len(set(fields)):
            raise ValidationError(_("Mỗi trường chỉ được ghép với một cột."))
        job.mapping = {**job.mapping, "columns": {str(i): f for i, f in columns.items() if f}}
    cols = job.mapping["columns"]
    if "full_name" not in cols.values() and "given_name" not in cols.values():
        raise ValidationError(_("Cần chọn cột “Họ và tên”."))
    if mode is not None:
        if mode not in DedupeMode.values:
            raise ValidationError({"mode": [_("Cách xử lý trùng không hợp lệ.")]})
        job.mode = mode
    if default_joined_on is not None:
        job.default_joined_on = default_joined_on
    with transaction.atomic():
        ImportMapping.objects.update_or_create(
            unit=job.unit,
            kind=job.kind,
            signature=job.mapping["signature"],
            defaults={"columns": cols},
        )
        job.mapping["reused"] = False
        job.status = S.UPLOADED
        job.save()
        audit.record(actor=actor, action="imports.job.map", unit=job.unit, obj=job, data={"columns": cols})  # fmt: skip
    return job


# --- Check (preview) ----------------------------------------------------------------------------


def _summary(out: pipeline.Outcome) -> str:
    row = _("dòng")  # (outside the f-string: makemessages does not see a call inside one)
    return "\n".join(f"{s} · {row} {r} · {c}: {m}" for s, r, c, m in out.errors[:50])


def check_job(job: ImportJob) -> None:
    """Check the file after its mapping: a small one at once (a ValidationError says why it
    could not be read), a large one in the background (the task reports in the user's language)."""
    if job.size <= INLINE_CHECK_BYTES:
        analyse_job(job)
        return
    from .tasks import analyse_import

    progress.write(job.pk, phase="check", done=0, total=0)
    ImportJob.objects.filter(pk=job.pk).update(status=S.ANALYSING)
    analyse_import.enqueue(job.pk, get_language())


def analyse_job(job: ImportJob) -> ImportJob:
    """Read and check every row without writing: counts, first rows of each kind, error workbook.
    Runs outside any transaction. Whatever stops it, the job leaves "analysing" (back to
    "uploaded" with the reason), unless it was cancelled meanwhile."""
    ImportJob.objects.filter(pk=job.pk).update(status=S.ANALYSING)
    progress.clear_cancel(job.pk)
    progress.write(job.pk, phase="check", done=0, total=0)
    try:
        out = pipeline.run(
            job,
            write=False,
            progress=lambda done, total: progress.write(
                job.pk, phase="check", done=done, total=total
            ),
            cancelled=lambda: progress.cancel_requested(job.pk),
        )
    except pipeline.Cancelled:
        job.refresh_from_db()
        return job
    except reading.ReadError as e:
        _back_to_uploaded(job, str(e))
        raise ValidationError(str(e)) from None
    except Exception:
        log.exception("import %s: the check failed", job.pk)
        _back_to_uploaded(job, _("Không kiểm tra được tệp (lỗi hệ thống); hãy thử lại."))
        raise
    _store_outcome(job, out)
    job.status = S.READY
    # (a cancel while the last rows were read wins: the job stays cancelled)
    updated = ImportJob.objects.filter(pk=job.pk, status=S.ANALYSING).update(
        status=S.READY,
        counts=job.counts,
        preview=job.preview,
        error_summary=job.error_summary,
        updated_at=timezone.now(),
    )
    if not updated:
        job.refresh_from_db()
    return job


def _back_to_uploaded(job: ImportJob, summary: str) -> None:
    job.status, job.error_summary = S.UPLOADED, clean_text(summary)
    ImportJob.objects.filter(pk=job.pk, status=S.ANALYSING).update(
        status=S.UPLOADED, error_summary=job.error_summary, updated_at=timezone.now()
    )


def _store_outcome(job: ImportJob, out: pipeline.Outcome) -> None:
    job.counts = out.as_counts()
    # (cells may hold what a database refuses, a NUL: the texts shown are cleaned)
    job.preview = clean_data({"samples": out.samples, "errors": out.errors, "sheet": out.sheet})
    job.error_summary = clean_text(_summary(out))
    folder = progress.job_dir(job.pk)
    (folder / "errors.xlsx").unlink(missing_ok=True)
    rows = folder / "errors.jsonl"
    if out.error_rows:
        # The rows only: the workbook is made when first downloaded (most never are, and a
        # large file's takes seconds that the commit need not wait for).
        pipeline.save_error_rows(out, rows, source=job.file)
    else:
        rows.unlink(missing_ok=True)


def error_workbook_path(job: ImportJob) -> Path | None:
    """The error workbook, made from the saved rows on the first download."""
    folder = progress.job_dir(job.pk)
    path = folder / "errors.xlsx"
    if path.exists():
        return path
    rows = folder / "errors.jsonl"
    if not rows.exists():
        return None
    part = folder / f"errors.{threading.get_ident()}.part"
    part.write_bytes(pipeline.error_workbook_from(rows))
    part.replace(path)  # (two downloads at once both make it; either result is the same)
    return path


# --- Commit -------------------------------------------------------------------------------------


def start_commit(*, actor, job: ImportJob, enqueue: bool = True) -> ImportJob:
    """Queue the commit (or retry a failed, cancelled or interrupted one)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not selectors.can_commit(job):
            raise ValidationError(_("Lần nhập này không ở trạng thái có thể nhập."))
        progress.clear_cancel(job.pk)
        progress.write(job.pk, phase="queued", done=0, total=0)
        job.status = S.QUEUED
        job.save(update_fields=["status", "updated_at"])
    if enqueue:
        from .tasks import commit_import

        result = commit_import.enqueue(
            job.pk, actor.pk if getattr(actor, "pk", None) else None, get_language()
        )
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)
    return job


def commit_job(job_id: int, actor=None, *, book: reading.Book | None = None) -> ImportJob:
    """Write the whole file in one transaction; on failure or cancel nothing stays."""
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if book is not None:
        job._book = book  # type: ignore[attr-defined]
    if job.status not in (S.QUEUED, S.READY, S.FAILED, S.CANCELLED) and not (
        job.status == S.RUNNING and selectors.is_stale(job)
    ):
        return job
    job.status, job.started_at = S.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    progress.write(job.pk, phase="commit", done=0, total=0)

    def report(done: int, total: int) -> None:
        progress.write(job.pk, phase="commit", done=done, total=total)

    try:
        with progress.Heartbeat(job.pk), transaction.atomic():
            out = pipeline.run(
                job,
                write=True,
                actor=actor,
                progress=report,
                cancelled=lambda: progress.cancel_requested(job.pk),
            )
            if progress.cancel_requested(job.pk):
                raise pipeline.Cancelled
            # A membership dated in a period the reporting cycle locked: nothing is written.
            ensure_open_rows(
                Membership.objects.filter(import_job=job),
                path_field="unit__path",
                date_field="joined_on",
            )
            _store_outcome(job, out)
            job.status, job.finished_at = S.DONE, timezone.now()
            job.counts = {
                **job.counts,
                "people_created": out.people_created,
                "memberships_created": out.memberships_created,
                "people_updated": out.people_updated,
            }
            job.save()
            _note_figures(job)
            audit.record(
                actor=actor,
                action="imports.job.commit",
                unit=job.unit,
                obj=job,
                data={"file": job.original_name, "kind": job.kind, "mode": job.mode, **job.counts},
            )
    except pipeline.Cancelled:
        _finish(job, S.CANCELLED, _("Đã huỷ theo yêu cầu; không có dòng nào được ghi."))
    except reading.ReadError as e:
        _finish(job, S.FAILED, str(e))
    except ValidationError as e:  # a locked period: refused whole, with the lock's message
        _finish(job, S.FAILED, " ".join(e.messages)[:1000])
    except Exception as e:
        log.exception("import %s failed", job.pk)
        _finish(job, S.FAILED, _("Lỗi khi ghi, không có dòng nào được ghi: %(e)s") % {"e": str(e)[:500]})  # fmt: skip
        raise
    finally:
        progress.clear_cancel(job.pk)
    progress.write(job.pk, phase=job.status, done=1, total=1)
    return job


def _note_figures(job: ImportJob) -> None:
    """The indicator figures of the units the import wrote to are stale from its earliest
    joining date on (one grouped query; the refresh task runs after the commit)."""
    rows = (
        Membership.objects.filter(import_job=job)
        .order_by()
        .values("unit_id")
        .annotate(since=Min("joined_on"))
    )
    by_unit = {r["unit_id"]: r["since"] for r in rows}
    # People it updated (sex, birth year) count wherever they are members, over any year kept.
    updated = list(ImportUpdate.objects.filter(job=job).values_list("person_id", flat=True))
    if by_unit or updated:
        since = min(by_unit.values(), default=datetime.date(timezone.localdate().year - 4, 1, 1))
        note_changed(unit_ids=by_unit, person_ids=updated, since=since)


def _finish(job: ImportJob, status: str, summary: str) -> None:
    job.status, job.error_summary, job.finished_at = status, summary, timezone.now()
    job.save(update_fields=["status", "error_summary", "finished_at", "updated_at"])


def cancel_job(*, actor, job: ImportJob) -> ImportJob:
    """Ask a queued or running commit to stop: it rolls back at the next chunk."""
    if job.status == S.QUEUED:
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk, status=S.QUEUED).update(status=S.CANCELLED)
            audit.record(actor=actor, action="imports.job.cancel", unit=job.unit, obj=job)
        progress.request_cancel(job.pk)  # the queued task, if it starts anyway, stops at once
        job.refresh_from_db()
        return job
    if job.status not in (S.RUNNING, S.ANALYSING):
        raise ValidationError(_("Lần nhập này không đang chạy."))
    progress.request_cancel(job.pk)
    if job.status == S.ANALYSING or selectors.is_stale(job):
        # A check writes nothing, and a commit whose process died has rolled back: the job
        # is cancelled now (a live check stops at its next chunk and leaves it so).
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk, status=job.status).update(
                status=S.CANCELLED,
                error_summary=_("Đã huỷ; không có dòng nào được ghi."),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
            audit.record(actor=actor, action="imports.job.cancel", unit=job.unit, obj=job)
        job.refresh_from_db()
    return job


# --- Undo ---------------------------------------------------------------------------------------


@transaction.atomic
def undo_job(*, actor, job: ImportJob) -> ImportJob:
    """Remove what an import created and restore what it changed, if nothing was edited since."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    reasons = selectors.undo_blockers(job)
    if reasons:
        raise ValidationError(reasons)
    _note_figures(job)
    counts = {
        "memberships": Membership.objects.filter(import_job=job).delete()[0],
    }
    restored = 0
    now = timezone.now()
    renamed = []
    for upd in ImportUpdate.objects.filter(job=job).iterator():
        before = {
            k: datetime.date.fromisoformat(v) if k == "birth_date" and v else v
            for k, v in upd.before.items()
        }
        Person.objects.filter(pk=upd.person_id).update(**before, updated_at=now)
        if "full_name" in before:
            renamed.append(upd.person_id)
        restored += 1
    if renamed:
        pipeline.refresh_keys(renamed)
    try:
        counts["people"] = Person.objects.filter(import_job=job).delete()[0]
    except ProtectedError:
        raise ValidationError(
            _("Có người trong lần nhập đã có thêm dữ liệu khác (cán bộ, đồng ý, hội phí…).")
        ) from None
    counts["restored"] = restored
    job.status = S.UNDONE
    job.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="imports.job.undo", unit=job.unit, obj=job, data=counts)
    return job


def delete_files(job: ImportJob) -> None:
    shutil.rmtree(progress.job_dir(job.pk), ignore_errors=True)
