"""Memberships of every category with their history, and the association's cadres.

A membership is active on a day D when joined_on <= D < ended_on (ended_on is the first day the
person is no longer a member there, like ``on`` in the reorganisation services). A transfer ends one
membership and opens the next on the same day, so no day is counted twice.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import SearchKeyField
from org.models import Unit
from people.models import Person


class EndReason(models.TextChoices):
    TRANSFERRED = "transferred", _("Chuyển sinh hoạt")
    MOVED_AWAY = "moved_away", _("Chuyển nơi ở")
    RESIGNED = "resigned", _("Xin thôi")
    REMOVED = "removed", _("Xoá tên")
    DECEASED = "deceased", _("Từ trần")
    REORGANISED = "reorganised", _("Sắp xếp lại đơn vị")


class MembershipQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> "MembershipQuerySet":
        return self.filter(joined_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def current(self) -> "MembershipQuerySet":
        return self.filter(ended_on__isnull=True)

    def visible_to(self, user, perm: str = "view") -> "MembershipQuerySet":
        from accounts.access import scope_q

        return self.filter(scope_q(user, "unit_path", perm=perm))

    def in_subtree_on(self, unit: Unit, on: datetime.date) -> "MembershipQuerySet":
        """Memberships in ``unit``'s subtree as it was on ``on`` (follows later moves)."""
        from org.selectors import subtree_q_on

        return self.filter(subtree_q_on(unit, on, "unit_path"))


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # (no index of its own: membership_unit starts with it)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", db_index=False
    )
    # Copies kept by the services so that a province's register is one index range, without a
    # join per unit or per person: the unit's path (rewritten when a unit moves, like
    # AuditEvent.unit_path) and the person's sort and search keys (rewritten on a rename).
    unit_path = models.CharField(max_length=255, editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")
    search_key = SearchKeyField(max_length=120, editable=False, default="")
    category = models.CharField(_("loại"), max_length=32)
    card_number = models.CharField(_("số thẻ"), max_length=32, blank=True, default="")
    joined_on = models.DateField(_("ngày vào"))
    ended_on = models.DateField(_("ngày thôi"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do thôi"), max_length=16, choices=EndReason.choices, blank=True, default=""
    )
    end_note = models.CharField(_("ghi chú khi thôi"), max_length=255, blank=True, default="")
    # The membership this one continues (a transfer or a reorganisation), for the timeline.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    # The import that created the membership (imports: undo finds its rows by it).
    import_job = models.ForeignKey(
        "imports.ImportJob", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("quá trình sinh hoạt")
        verbose_name_plural = _("quá trình sinh hoạt")
        indexes = [
            models.Index(fields=["unit", "category", "joined_on"], name="membership_unit"),
            # PostgreSQL adds a covering varchar_pattern_ops index on unit_path (migration 0003).
            models.Index(fields=["unit_path"], name="membership_unit_path"),
            models.Index(fields=["sort_key"], name="membership_sort_key"),
            models.Index(fields=["card_number"], name="membership_card"),
            models.Index(fields=["ended_on"], name="membership_ended"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("joined_on")),
                name="membership_ends_after_join",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="membership_end_has_reason",
            ),
            # One open membership per person and category.
            models.UniqueConstraint(
                fields=["person", "category"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_category",
            ),
            # A card number is held by one open membership (it follows its holder on transfer).
            models.UniqueConstraint(
                fields=["card_number"],
                condition=Q(ended_on__isnull=True) & ~Q(card_number=""),
                name="membership_card_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit_id} ({self.category})"

    def is_active_on(self, on: datetime.date) -> bool:
        return self.joined_on <= on and (self.ended_on is None or self.ended_on > on)


class CadrePosition(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    STANDING = "standing", _("Ủy viên Ban Thường vụ")
    EXECUTIVE = "executive", _("Ủy viên Ban Chấp hành")
    INSPECTOR = "inspector", _("Ủy viên Ban Kiểm tra")
    BRANCH_HEAD = "branch_head", _("Chi hội trưởng")
    BRANCH_DEPUTY = "branch_deputy", _("Chi hội phó")
    TEAM_LEADER = "team_leader", _("Đội trưởng")
    STAFF = "staff", _("Cán bộ chuyên trách")
    OTHER = "other", _("Chức danh khác")


class CadreQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> "CadreQuerySet":
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def visible_to(self, user, perm: str = "view") -> "CadreQuerySet":
        from accounts.access import scope_q

        return self.filter(scope_q(user, "unit__path", perm=perm))


class Cadre(models.Model):
    """A person holding a position in a unit for a term (cán bộ Hội)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cadre_terms")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cadres")
    position = models.CharField(_("chức danh"), max_length=16, choices=CadrePosition.choices)
    position_note = models.CharField(_("chức danh cụ thể"), max_length=120, blank=True)
    term = models.CharField(_("nhiệm kỳ"), max_length=16, blank=True, default="")
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    uniform_issued_on = models.DateField(_("ngày cấp đồng phục"), null=True, blank=True)
    badge_issued_on = models.DateField(_("ngày cấp huy hiệu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ Hội")
        verbose_name_plural = _("cán bộ Hội")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="cadre_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_position_display()}"


class CardNumbering(models.Model):
    """How a unit's subtree numbers its member cards: a prefix and a zero-padded sequence
    ("48-0000123"). The nearest ancestor's rule applies; without one, the province's
    administrative code and seven digits (see :mod:`members.cards`)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="card_numbering"
    )
    prefix = models.CharField(
        _("tiền tố"),
        max_length=16,
        help_text=_("Viết hoa, ví dụ 48- hoặc CTĐ-HC-."),
    )
    digits = models.PositiveSmallIntegerField(_("số chữ số"), default=7)

    class Meta:
        verbose_name = _("cách đánh số thẻ")
        verbose_name_plural = _("cách đánh số thẻ")
        constraints = [
            models.CheckConstraint(
                condition=Q(digits__gte=3, digits__lte=12), name="card_numbering_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{'0' * self.digits}"


class TransferRequest(models.Model):
    """A request to move a member to a base outside the sender's reach: the receiving base
    accepts it (the transfer is then made, into the unit it chooses) or refuses it with a reason.
    The sender learns the outcome and nothing of the receiving base beyond its name."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ nhận")
        ACCEPTED = "accepted", _("Đã nhận")
        REFUSED = "refused", _("Từ chối")
        CANCELLED = "cancelled", _("Đã rút")

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="transfer_requests"
    )
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_base = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("ngày chuyển"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("lý do từ chối"), max_length=255, blank=True, default="")
    # The membership the acceptance opened (in the receiving base).
    result = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("đề nghị chuyển sinh hoạt")
        verbose_name_plural = _("đề nghị chuyển sinh hoạt")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["to_base", "status"], name="transfer_request_to"),
            models.Index(fields=["from_unit", "status"], name="transfer_request_from"),
        ]
        constraints = [
            # One request waits at a time for a membership.
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status="pending"),
                name="transfer_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} → {self.to_base_id} ({self.status})"
