from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo tổng kết")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "reports.accept": _("cập nhật số liệu mới vào báo cáo tổng kết"),
                "reports.create": _("lập một báo cáo tổng kết"),
                "reports.header": _("sửa số văn bản, người ký của báo cáo tổng kết"),
                "reports.version": _("lưu một phiên bản báo cáo tổng kết"),
            }
        )
