from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self):
        from core.audit_text import register_names

        from .models import Role

        register_names("accounts", lambda: dict(Role.choices))
