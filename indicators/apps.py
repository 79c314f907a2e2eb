from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu và bảng điều khiển")

    def ready(self):
        from core import marks

        from .services import note_changed

        marks.register(note_changed)
