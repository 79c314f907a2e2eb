from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Hội phí")

    def ready(self):
        from members.exports import register_dues_reader

        from .receipts import book_dues

        register_dues_reader(book_dues)  # the dues column of the members' book
