from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BloodConfig(AppConfig):
    name = "blood"
    verbose_name = _("Hiến máu tình nguyện")
