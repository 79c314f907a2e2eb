"""Import a register file from the command line: the same checks and all-or-nothing commit as the
web page, run synchronously, with the counts printed.

    manage.py import_register so-hoi-vien.xlsx --unit 12 --kind member --mode skip --dry-run
"""

import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from org.models import Unit

from ... import services
from ...models import DedupeMode, ImportJob


class _FileUpload(SimpleUploadedFile):
    """A file on disk handed to the upload service without reading it into memory at once."""

    def __init__(self, path: Path):
        super().__init__(path.name, b"")
        self.path = path
        self.size = path.stat().st_size

    def chunks(self, chunk_size=None):
        with self.path.open("rb") as f:
            while part := f.read(chunk_size or 1 << 20):
                yield part


class Command(BaseCommand):
    help = "Nhập danh sách hội viên từ tệp xlsx/xls/ods/csv vào một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", type=int, required=True, help="mã (id) đơn vị")
        parser.add_argument("--kind", default="member", help="member, volunteer …")
        parser.add_argument("--mode", default="skip", choices=DedupeMode.values)
        parser.add_argument("--sheet", default=None, help="tên trang tính")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"không có tệp {path}")
        unit = Unit.objects.filter(pk=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"không có đơn vị {opts['unit']}")
        started = time.perf_counter()
        try:
            job = services.create_job(
                actor=None,
                unit=unit,
                kind=opts["kind"],
                upload=_FileUpload(path),
                mode=opts["mode"],
                sheet=opts["sheet"],
            )
            if "columns" not in job.mapping:
                raise CommandError("không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh…)")
            if opts["dry_run"]:
                job = services.analyse_job(job)
            else:
                job.status = ImportJob.Status.READY
                job.save(update_fields=["status"])
                services.start_commit(actor=None, job=job, enqueue=False)
                job = services.commit_job(job.pk, book=getattr(job, "_book", None))
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from None
        result = {
            "job": job.pk,
            "status": job.status,
            "sheet": job.mapping.get("sheet"),
            **job.counts,
            "seconds": round(time.perf_counter() - started, 2),
        }
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
        for line in job.error_summary.splitlines()[:20]:
            self.stdout.write(f"  {line}")
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.error_summary)
