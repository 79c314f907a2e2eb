from django.conf import settings
from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Rows whose ``unit`` lies in the user's scope."""

    unit_path_field = "unit__path"

    def visible_to(self, user, perm: str = "view"):
        from accounts.access import scope_q

        return self.filter(scope_q(user, self.unit_path_field, perm))


def by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
