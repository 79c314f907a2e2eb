from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Tập huấn và hoạt động tình nguyện")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "training.activity.cancel": _("huỷ một hoạt động tình nguyện"),
                "training.activity.record": _("ghi một hoạt động tình nguyện và số giờ"),
                "training.attendance.record": _("điểm danh một buổi học"),
                "training.certificate.issue": _("cấp giấy chứng nhận tập huấn"),
                "training.certificate.renew": _("gia hạn một giấy chứng nhận tập huấn"),
                "training.certificate.revoke": _("thu hồi một giấy chứng nhận tập huấn"),
                "training.class.cancel": _("huỷ một lớp tập huấn"),
                "training.class.create": _("mở một lớp tập huấn"),
                "training.course.create": _("thêm một khoá tập huấn"),
                "training.participant.enrol": _("ghi danh học viên vào lớp"),
                "training.result.record": _("ghi kết quả học viên"),
                "training.rule.set": _("đặt tiêu chí tình nguyện viên tích cực"),
            }
        )
