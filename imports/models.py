"""Import jobs: an uploaded register file, how its columns map, its preview and its commit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Unit


class DedupeMode(models.TextChoices):
    SKIP = "skip", _("Bỏ qua người đã có")
    UPDATE = "update", _("Cập nhật người đã có")
    FILL = "fill", _("Chỉ điền các ô còn trống")


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        ANALYSING = "analysing", _("Đang kiểm tra")
        READY = "ready", _("Sẵn sàng nhập")
        QUEUED = "queued", _("Đang chờ nhập")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Lỗi khi nhập")
        CANCELLED = "cancelled", _("Đã huỷ")
        UNDONE = "undone", _("Đã hoàn tác")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # A membership category code of the association profile (member, volunteer …).
    kind = models.CharField(_("loại"), max_length=32)
    mode = models.CharField(
        _("khi trùng người đã có"), max_length=8, choices=DedupeMode.choices, default="skip"
    )
    file = models.CharField(max_length=500)  # path of the stored upload under var/imports/
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    # {"sheet": name, "header_row": i, "data_row": i, "headers": [...], "columns": {"3": "cccd"}}
    mapping = models.JSONField(default=dict, blank=True)
    # The branch (a member-keeping unit under ``unit``) of rows that name none.
    default_unit = models.ForeignKey(
        Unit,
        verbose_name=_("chi hội cho dòng không ghi chi hội"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The day used for rows without a "Ngày vào Hội" value.
    default_joined_on = models.DateField(_("ngày vào Hội mặc định"), null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # new, update, duplicate, error, total
    preview = models.JSONField(default=dict, blank=True)  # first rows of each kind, errors
    error_summary = models.TextField(blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="importjob_unit")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class ImportMapping(models.Model):
    """A column mapping a user confirmed, reused for files with the same header."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    signature = models.CharField(max_length=2000)
    columns = models.JSONField(default=dict)  # {"column index": field}
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "signature"], name="importmapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.kind}"


class ImportUpdate(models.Model):
    """A person an import changed (update/fill mode): the values before, for undo."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="updates")
    person_id = models.BigIntegerField()
    before = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["job"], name="importupdate_job")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.person_id}"
