"""Clubs and groups by interest (câu lạc bộ, tổ, nhóm, mạng lưới): seed 001 asks associations to
gather people "theo đặc thù lứa tuổi, tôn giáo, sở thích, ngành nghề ... thông qua các trang mạng
xã hội", beside the branches. A club is run by a unit; a person takes part in clubs besides their
membership (a member of a branch may be in two clubs). Nothing is deleted: a club closes, a person
leaves, each on a date.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Person


class ClubType(models.TextChoices):
    AGE = "age", _("Theo lứa tuổi")
    RELIGION = "religion", _("Theo tôn giáo")
    INTEREST = "interest", _("Theo sở thích")
    OCCUPATION = "occupation", _("Theo ngành nghề")
    ONLINE = "online", _("Mạng lưới, nhóm trên mạng xã hội")
    OTHER = "other", _("Loại khác")


class ClubQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> "ClubQuerySet":
        return self.filter(founded_on__lte=on).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=on)
        )

    def visible_to(self, user, perm: str = "view") -> "ClubQuerySet":
        from accounts.access import scope_q

        return self.filter(scope_q(user, "unit__path", perm=perm))


class Club(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="clubs")
    name = models.CharField(_("tên"), max_length=255)
    type = models.CharField(_("loại"), max_length=16, choices=ClubType.choices)
    founded_on = models.DateField(_("ngày thành lập"))
    closed_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClubQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu lạc bộ, tổ, nhóm")
        verbose_name_plural = _("câu lạc bộ, tổ, nhóm")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("founded_on")),
                name="club_closes_after_founding",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClubMemberQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> "ClubMemberQuerySet":
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class ClubMember(models.Model):
    """A person taking part in a club from ``joined_on`` until ``left_on`` (the first day no
    longer in it)."""

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="club_memberships")
    joined_on = models.DateField(_("ngày tham gia"))
    left_on = models.DateField(_("ngày rời"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClubMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên câu lạc bộ")
        verbose_name_plural = _("thành viên câu lạc bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "person"],
                condition=Q(left_on__isnull=True),
                name="club_member_one_open",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="club_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.club_id}"
