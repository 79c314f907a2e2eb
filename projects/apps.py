from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Nhà, bò, vốn, khám bệnh")

    def ready(self) -> None:
        from core.audit_text import register_actions

        register_actions(
            {
                "projects.cowrule.set": _("đặt quy định ngân hàng bò"),
                "projects.cow.acquire": _("ghi một con bò giống của ngân hàng bò"),
                "projects.cow.give": _("trao bò giống cho một hộ"),
                "projects.cow.birth": _("ghi một con bê sinh ra"),
                "projects.cow.pass_on": _("chuyển bê cho hộ tiếp theo"),
                "projects.cow.heifer": _("bán bê đực để mua bê cái"),
                "projects.cow.death": _("ghi một con bò chết"),
                "projects.cow.sale": _("ghi một con bò đã bán"),
                "projects.waiting.add": _("thêm một hộ vào danh sách chờ nhận bê"),
                "projects.waiting.cancel": _("bỏ một hộ khỏi danh sách chờ nhận bê"),
                "projects.house.propose": _("đề xuất một nhà Chữ thập đỏ"),
                "projects.house.advance": _("chuyển bước một nhà Chữ thập đỏ"),
                "projects.house.cancel": _("huỷ một nhà Chữ thập đỏ"),
                "projects.house.support": _("ghi một nguồn hỗ trợ nhà Chữ thập đỏ"),
                "projects.house.file": _("thêm ảnh, tài liệu nhà Chữ thập đỏ"),
                "projects.tranche.pay": _("chi một đợt tiền nhà Chữ thập đỏ từ quỹ"),
                "projects.tranche.cancel": _("huỷ một đợt chi nhà Chữ thập đỏ"),
                "projects.group.create": _("lập một tổ trợ vốn"),
                "projects.group.member": _("thêm thành viên tổ trợ vốn"),
                "projects.group.contribute": _("ghi một khoản góp vốn của tổ"),
                "projects.group.lend": _("ghi một khoản cho vay của tổ trợ vốn"),
                "projects.group.repay": _("ghi một lần trả nợ tổ trợ vốn"),
                "projects.group.leave": _("ghi một thành viên rời tổ trợ vốn"),
                "projects.group.contribution.cancel": _("huỷ một khoản góp vốn ghi nhầm"),
                "projects.group.loan.cancel": _("huỷ một khoản cho vay ghi nhầm"),
                "projects.group.repayment.cancel": _("huỷ một lần trả nợ ghi nhầm"),
                "projects.event.record": _("ghi một đợt khám bệnh hoặc bếp ăn tình thương"),
                "projects.event.served": _("thêm người được phục vụ vào một đợt"),
                "projects.event.view_served": _("xem danh sách người được phục vụ của một đợt"),
                "projects.event.cancel": _("huỷ một đợt khám bệnh hoặc bếp ăn"),
            }
        )
