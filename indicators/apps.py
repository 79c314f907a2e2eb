from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu và bảng điều khiển")

    def ready(self):
        from core import marks
        from dues.selectors import register_kept_rates

        from .dues_rates import kept_rates
        from .services import note_changed

        marks.register(note_changed)
        register_kept_rates(kept_rates)
