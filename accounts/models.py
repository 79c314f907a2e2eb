import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    EDITOR = "editor", _("Nhập liệu")
    MANAGER = "manager", _("Quản lý")
    ADMIN = "admin", _("Quản trị")


# A role grants every permission at or below its level, on the unit's whole subtree.
ROLE_LEVEL: dict[str, int] = {Role.VIEWER: 1, Role.EDITOR: 2, Role.MANAGER: 3, Role.ADMIN: 4}
PERM_LEVEL: dict[str, int] = {"view": 1, "edit": 2, "manage": 3, "admin": 4}


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("số nhiều", "phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="one_role_per_user_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    @property
    def level(self) -> int:
        return ROLE_LEVEL[self.role]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = pgettext_lazy("số nhiều", "mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
