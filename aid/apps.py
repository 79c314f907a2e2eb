from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Trợ giúp nhân đạo")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "aid.address.advance": _("chuyển bước một địa chỉ nhân đạo"),
                "aid.address.close": _("đóng một địa chỉ nhân đạo"),
                "aid.address.propose": _("đề xuất một địa chỉ nhân đạo"),
                "aid.address.review": _("rà soát một địa chỉ nhân đạo"),
                "aid.assistance.record": _("ghi một lần trợ giúp"),
                "aid.assistance.withdraw": _("rút một lần trợ giúp"),
                "aid.beneficiary.end": _("kết thúc theo dõi một đối tượng trợ giúp"),
                "aid.beneficiary.register": _("ghi một đối tượng trợ giúp"),
                "aid.beneficiary.update": _("sửa thông tin một đối tượng trợ giúp"),
                "aid.campaign.create": _("lập một đợt vận động"),
                "aid.campaign.participant": _("thêm một đơn vị tham gia đợt vận động"),
                "aid.category.add": _("thêm một diện khó khăn"),
                "aid.file.add": _("thêm một tệp vào hồ sơ địa chỉ nhân đạo"),
                "aid.file.remove": _("gỡ một tệp khỏi hồ sơ địa chỉ nhân đạo"),
                "aid.list.add": _("thêm người vào danh sách nhận quà"),
                "aid.list.approve": _("duyệt một danh sách nhận quà"),
                "aid.list.create": _("lập một danh sách nhận quà"),
                "aid.list.deliver": _("ghi phát quà theo danh sách"),
                "aid.list.remove_line": _("bỏ một người khỏi danh sách nhận quà"),
                "aid.list.withdraw": _("rút một danh sách nhận quà"),
                "aid.parcel.add": _("thêm một loại suất quà"),
                "aid.sponsorship.add": _("ghi một nhà tài trợ nhận đỡ đầu"),
                "aid.sponsorship.end": _("dừng một cam kết đỡ đầu"),
            }
        )
