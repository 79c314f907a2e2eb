"""One identity per person, whatever roles the person plays: member, volunteer, donor, beneficiary."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import SearchKeyField
from core.vn import ETHNIC_GROUPS, religion_choices
from org.models import Unit


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class BirthPrecision(models.TextChoices):
    DAY = "day", _("Ngày tháng năm")
    YEAR = "year", _("Chỉ năm sinh")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "view") -> "PersonQuerySet":
        """People registered by a unit in scope, or with a membership (any time) in scope."""
        from accounts.access import scope_paths

        paths = scope_paths(user, perm)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        q = Q()
        member_q = Q()
        for p in paths:
            q |= Q(unit__path__startswith=p)
            member_q |= Q(unit_path__startswith=p)
        from members.models import Membership

        in_scope = Membership.objects.filter(member_q).values("person_id")
        return self.filter(q | Q(pk__in=in_scope))


class Person(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Accent-free "nguyen thi hoa" for search, and a Vietnamese sort key (given name first).
    search_key = SearchKeyField(
        max_length=120, db_index=True, editable=False, search_vector_column="search_tsv"
    )
    sort_key = models.CharField(max_length=600, editable=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    birth_precision = models.CharField(
        max_length=4, choices=BirthPrecision.choices, default=BirthPrecision.YEAR
    )
    cccd = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True, default="")
    address_code = models.CharField(_("mã xã/phường"), max_length=10, blank=True, default="")
    address_detail = models.CharField(_("địa chỉ"), max_length=255, blank=True, default="")
    ethnicity = models.CharField(
        _("dân tộc"), max_length=2, choices=ETHNIC_GROUPS, blank=True, default=""
    )
    religion = models.CharField(
        _("tôn giáo"), max_length=16, choices=religion_choices(), blank=True, default=""
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True, default="")
    # The unit that registered the person: who may see a person who has no membership (yet).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    anonymised_on = models.DateField(null=True, blank=True, editable=False)
    # The import that created the person (imports: undo finds its rows by it).
    import_job = models.ForeignKey(
        "imports.ImportJob", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        indexes = [
            models.Index(fields=["sort_key"], name="person_sort_key"),
            # (phone: searched by prefix only, through people_person_phone_prefix, migration 0002)
            models.Index(fields=["search_key", "birth_year"], name="person_dedupe"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Consent(models.Model):
    """A person's consent to the processing of their data (Law 91/2025/QH15, Decree 356/2025)."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Văn bản có chữ ký")
        ELECTRONIC = "electronic", _("Điện tử")
        VERBAL = "verbal", _("Bằng lời, có người làm chứng")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("mục đích"), max_length=255)
    given_on = models.DateField(_("ngày đồng ý"))
    method = models.CharField(_("hình thức"), max_length=16, choices=Method.choices)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} – {self.purpose}"
