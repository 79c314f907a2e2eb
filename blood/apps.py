from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BloodConfig(AppConfig):
    name = "blood"
    verbose_name = _("Hiến máu tình nguyện")

    def ready(self) -> None:
        from core.audit_text import register_actions, register_names

        from .models import Campaign, DeferralCategory, Kind, Outcome

        register_actions(
            {
                "blood.drive.create": _("lập một đợt hiến máu"),
                "blood.drive.update": _("sửa một đợt hiến máu"),
                "blood.drive.cancel": _("huỷ một đợt hiến máu"),
                "blood.registration.create": _("đăng ký một người hiến máu"),
                "blood.registration.override": _(
                    "đăng ký một người hiến máu chưa đủ điều kiện (ngoại lệ có lý do)"
                ),
                "blood.outcomes.record": _("ghi kết quả hiến máu"),
                "blood.donor.update": _("sửa thông tin một người hiến máu"),
                "blood.rule.save": _("lưu tiêu chuẩn hiến máu"),
                "blood.honours.award": _("ghi tôn vinh người hiến máu"),
                "blood.results.preview": _("tải lên danh sách kết quả của cơ sở tiếp nhận máu"),
                "blood.results.commit": _("ghi danh sách kết quả của cơ sở tiếp nhận máu"),
                "blood.roster.export": _("tải danh sách gọi của ngân hàng máu sống"),
            }
        )
        register_names(
            "blood",
            lambda: {
                **dict(Campaign.choices),
                **dict(Outcome.choices),
                **dict(Kind.choices),
                **dict(DeferralCategory.choices),
            },
        )
