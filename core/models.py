from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One row per write, written by the service inside the write's own transaction."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # Denormalised copy of unit.path so that a subtree's audit trail is one prefix query.
    unit_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True, default="")
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, default="")
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhật ký hoạt động")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
