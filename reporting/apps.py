from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Báo cáo thống kê định kỳ")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "reporting.approve": _("duyệt một báo cáo thống kê"),
                "reporting.item": _("thêm một chỉ tiêu vào biểu mẫu báo cáo"),
                "reporting.open": _("mở một báo cáo thống kê"),
                "reporting.preset": _("nạp biểu mẫu báo cáo"),
                "reporting.reopen": _("mở lại một kỳ báo cáo đã duyệt"),
                "reporting.return": _("trả lại một báo cáo thống kê"),
                "reporting.submit": _("nộp một báo cáo thống kê"),
                "reporting.value": _("nhập số liệu báo cáo"),
            }
        )
