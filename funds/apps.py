from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Quỹ nhân đạo")

    def ready(self):
        from core.audit_text import register_names

        from .models import Direction, DonorKind, Frequency

        register_names(
            "funds",
            lambda: dict(Direction.choices) | dict(DonorKind.choices) | dict(Frequency.choices),
        )
