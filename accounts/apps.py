from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self):
        from core.audit_text import register_names
        from org.models import register_scope

        from .access import scope_q
        from .models import Role

        register_names("accounts", lambda: dict(Role.choices))
        register_scope(scope_q)
