from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Hội viên")

    def ready(self):
        from django.utils.translation import gettext

        from core.audit_text import register_names
        from org.models import AssociationProfile

        from .models import EndReason

        def names():
            categories = AssociationProfile.current_category_names()
            return dict(EndReason.choices) | {k: gettext(v) for k, v in categories.items()}

        register_names("members", names)
