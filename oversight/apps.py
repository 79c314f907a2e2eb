from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Kiểm tra, thi đua, khen thưởng")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "oversight.plan.create": _("ban hành một kế hoạch kiểm tra"),
                "oversight.plan.cancel": _("huỷ một kế hoạch kiểm tra"),
                "oversight.visit.record": _("ghi một buổi kiểm tra"),
                "oversight.visit.update": _("sửa biên bản một buổi kiểm tra"),
                "oversight.visit.cancel": _("huỷ một buổi kiểm tra ghi nhầm"),
                "oversight.recommendation.add": _("ghi một kiến nghị sau kiểm tra"),
                "oversight.recommendation.follow_up": _("cập nhật tiến độ một kiến nghị"),
                "oversight.sheet.create": _("ban hành một bảng điểm thi đua"),
                "oversight.assessment.self_score": _("tự chấm một tiêu chí thi đua"),
                "oversight.assessment.submit": _("gửi bản tự chấm thi đua"),
                "oversight.assessment.review_score": _("thẩm định điểm một tiêu chí thi đua"),
                "oversight.assessment.final": _("công nhận kết quả chấm thi đua"),
                "oversight.assessment.return": _("trả lại bản tự chấm thi đua để cơ sở chấm lại"),
                "oversight.commendation.propose": _("đề nghị khen thưởng"),
                "oversight.commendation.decide": _("ghi quyết định khen thưởng"),
                "oversight.commendation.withdraw": _("rút một khen thưởng"),
            }
        )
