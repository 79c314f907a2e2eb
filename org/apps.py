from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Tổ chức")

    def ready(self):
        from core.audit_text import register_names

        from .models import UnitKind

        register_names("org", lambda: dict(UnitKind.choices))
