"""The audit trail in words: each event as a Vietnamese sentence and its details as labelled values
(the audit page showed action codes and raw JSON)."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from .formatting import format_date, format_number, format_vnd

# What was done, completing "<who> đã …".
ACTIONS = {
    "accounts.password.change": gettext_lazy("đổi mật khẩu của mình"),
    "accounts.password.reset": gettext_lazy("đặt lại mật khẩu cho một tài khoản"),
    "accounts.role.assign": gettext_lazy("phân quyền cho một tài khoản"),
    "accounts.role.revoke": gettext_lazy("thu hồi quyền của một tài khoản"),
    "accounts.token.issue": gettext_lazy("cấp một khoá API"),
    "accounts.token.revoke": gettext_lazy("thu hồi một khoá API"),
    "accounts.user.create": gettext_lazy("tạo một tài khoản"),
    "accounts.user.lock": gettext_lazy("khoá một tài khoản"),
    "accounts.user.unlock": gettext_lazy("mở khoá một tài khoản"),
    "clubs.club.close": gettext_lazy("ghi nhận một câu lạc bộ ngừng hoạt động"),
    "clubs.club.create": gettext_lazy("lập một câu lạc bộ"),
    "clubs.member.add": gettext_lazy("thêm một người vào câu lạc bộ"),
    "clubs.member.remove": gettext_lazy("ghi nhận một người rời câu lạc bộ"),
    "dues.exemption.grant": gettext_lazy("miễn hội phí cho một hội viên"),
    "dues.exemption.revoke": gettext_lazy("huỷ một quyết định miễn hội phí"),
    "dues.payment.cancel": gettext_lazy("huỷ một biên lai hội phí"),
    "dues.payment.record": gettext_lazy("thu hội phí của một hội viên"),
    "dues.policy.set": gettext_lazy("đặt quy định hội phí"),
    "dues.receipt.print": gettext_lazy("in biên lai hội phí"),
    "dues.remittance.export": gettext_lazy("tải bảng kê nộp hội phí cấp trên"),
    "dues.ticklist.record": gettext_lazy("thu hội phí theo danh sách"),
    "funds.donor.create": gettext_lazy("thêm một nhà hảo tâm"),
    "funds.donor.update": gettext_lazy("sửa thông tin một nhà hảo tâm"),
    "funds.dues.book": gettext_lazy("ghi hội phí đã thu vào quỹ hội phí"),
    "funds.entry.record": gettext_lazy("ghi một khoản thu chi của quỹ"),
    "funds.entry.reverse": gettext_lazy("ghi bút toán đảo một khoản thu chi"),
    "funds.export": gettext_lazy("tải sổ quỹ"),
    "funds.period.close": gettext_lazy("khoá sổ quỹ"),
    "funds.pledge.create": gettext_lazy("ghi một cam kết ủng hộ"),
    "funds.pledge.end": gettext_lazy("kết thúc một cam kết ủng hộ"),
    "funds.public.set": gettext_lazy("đổi chế độ công khai quỹ"),
    "imports.job.cancel": gettext_lazy("huỷ một lần nhập từ tệp"),
    "imports.job.commit": gettext_lazy("nhập dữ liệu từ tệp vào sổ"),
    "imports.job.map": gettext_lazy("ghép cột của tệp nhập"),
    "imports.job.undo": gettext_lazy("hoàn tác một lần nhập từ tệp"),
    "imports.job.upload": gettext_lazy("tải lên một tệp để nhập"),
    "indicators.book.review": gettext_lazy("xác nhận đã rà soát sổ"),
    "indicators.denominators.import": gettext_lazy("nhập mẫu số từ tệp"),
    "indicators.denominators.set": gettext_lazy("sửa mẫu số"),
    "indicators.plan.create": gettext_lazy("ban hành một nghị quyết, kế hoạch"),
    "indicators.target.set": gettext_lazy("giao một chỉ tiêu"),
    "members.cadre.appoint": gettext_lazy("ghi nhận một cán bộ Hội"),
    "members.cadre.update": gettext_lazy("sửa thông tin một cán bộ Hội"),
    "members.demo.generate": gettext_lazy("tạo dữ liệu mẫu"),
    "members.export": gettext_lazy("tải sổ hội viên"),
    "members.membership.admit": gettext_lazy("kết nạp một hội viên"),
    "members.membership.end": gettext_lazy("ghi nhận một hội viên thôi sinh hoạt"),
    "members.membership.reorganise": gettext_lazy("chuyển hội viên theo sắp xếp lại đơn vị"),
    "members.membership.transfer": gettext_lazy("chuyển sinh hoạt một hội viên đi"),
    "members.membership.transfer_in": gettext_lazy("tiếp nhận một hội viên chuyển đến"),
    "members.transfer_request.accept": gettext_lazy("đồng ý tiếp nhận một hội viên"),
    "members.transfer_request.cancel": gettext_lazy("rút lại một đề nghị chuyển sinh hoạt"),
    "members.transfer_request.create": gettext_lazy(
        "đề nghị chuyển một hội viên sang Hội cơ sở khác"
    ),
    "members.transfer_request.refuse": gettext_lazy("từ chối tiếp nhận một hội viên"),
    "org.history.attach": gettext_lazy("diễn lại cuộc sắp xếp đơn vị ngày 1/7/2025"),
    "org.history.build": gettext_lazy("dựng cây đơn vị trước ngày 1/7/2025"),
    "org.profile.apply_preset": gettext_lazy("áp dụng hồ sơ Hội mẫu"),
    "org.profile.update": gettext_lazy("sửa hồ sơ Hội"),
    "org.term.save": gettext_lazy("ghi nhiệm kỳ đại hội"),
    "org.unit.cease": gettext_lazy("ghi nhận một đơn vị ngừng hoạt động"),
    "org.unit.create": gettext_lazy("thêm một đơn vị"),
    "org.unit.end_level": gettext_lazy("chấm dứt một cấp đơn vị (cấp huyện)"),
    "org.unit.merge": gettext_lazy("hợp nhất đơn vị"),
    "org.unit.move": gettext_lazy("chuyển một đơn vị sang đơn vị cấp trên khác"),
    "org.unit.rename": gettext_lazy("đổi tên một đơn vị"),
    "org.unit.split": gettext_lazy("chia tách một đơn vị"),
    "people.consent.record": gettext_lazy("ghi nhận sự đồng ý xử lý dữ liệu cá nhân"),
    "people.consent.withdraw": gettext_lazy("ghi nhận việc rút lại sự đồng ý xử lý dữ liệu"),
    "people.person.anonymise": gettext_lazy("ẩn danh hồ sơ một người"),
    "people.person.create": gettext_lazy("thêm hồ sơ một người"),
    "people.person.update": gettext_lazy("sửa hồ sơ một người"),
    "people.person.view_sensitive": gettext_lazy("xem dữ liệu nhạy cảm của một người"),
}

# Labels of the values events keep. Keys missing here (internal ids, paths) are not shown.
LABELS = {
    "amount": gettext_lazy("Số tiền"),
    "card": gettext_lazy("Số thẻ"),
    "category": gettext_lazy("Loại"),
    "changed": gettext_lazy("Đã sửa"),
    "count": gettext_lazy("Số lượng"),
    "decision": gettext_lazy("Quyết định"),
    "direction": pgettext_lazy("money", "Thu/chi"),
    "document_number": gettext_lazy("Số chứng từ"),
    "end": gettext_lazy("Ngày kết thúc"),
    "fields": gettext_lazy("Thông tin"),
    "file": gettext_lazy("Tệp"),
    "format": gettext_lazy("Định dạng"),
    "frequency": gettext_lazy("Định kỳ"),
    "full_name": gettext_lazy("Họ và tên"),
    "given_on": gettext_lazy("Ngày đồng ý"),
    "joined_on": gettext_lazy("Ngày vào Hội"),
    "kind": gettext_lazy("Loại"),
    "method": gettext_lazy("Hình thức"),
    "name": gettext_lazy("Tên"),
    "new_name": gettext_lazy("Tên mới"),
    "note": gettext_lazy("Ghi chú"),
    "number": gettext_lazy("Số"),
    "old_name": gettext_lazy("Tên cũ"),
    "old_parent_name": gettext_lazy("Đơn vị cấp trên cũ"),
    "on": gettext_lazy("Ngày"),
    "paid_on": gettext_lazy("Ngày nộp"),
    "period": gettext_lazy("Giai đoạn"),
    "position": gettext_lazy("Chức vụ"),
    "preset": gettext_lazy("Hồ sơ mẫu"),
    "previous": gettext_lazy("Trước đó"),
    "public": gettext_lazy("Công khai"),
    "purpose": gettext_lazy("Mục đích"),
    "reason": gettext_lazy("Lý do"),
    "receipts": gettext_lazy("Biên lai"),
    "role": gettext_lazy("Vai trò"),
    "rows": gettext_lazy("Số dòng"),
    "sources": gettext_lazy("Các đơn vị"),
    "through": gettext_lazy("Khoá sổ đến ngày"),
    "total": gettext_lazy("Tổng tiền"),
    "user": gettext_lazy("Tài khoản"),
    "username": gettext_lazy("Tài khoản"),
    "valid_to": gettext_lazy("Hoạt động đến ngày"),
    "year": gettext_lazy("Năm"),
}
MONEY = {"amount", "total"}
# Values that are codes of a choice list: shown by the choice's name.
CODED = {"role", "previous", "reason", "direction", "category", "kind", "frequency"}


@dataclass
class Line:
    """One event as the audit page shows it."""

    event: object
    who: str
    what: str
    where: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _value(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return pgettext("yes/no", "Có") if value else pgettext("yes/no", "Không")
    if key in MONEY and isinstance(value, int):
        return format_vnd(value)
    if key in ("year", "period"):
        return str(value) if not isinstance(value, list) else " – ".join(map(str, value))
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        parts = [v.get("name", "") if isinstance(v, dict) else _value(key, v) for v in value]
        return ", ".join(p for p in parts if p)
    if isinstance(value, dict):
        return ", ".join(
            f"{LABELS.get(k, k)}: {_value(k, v)}" for k, v in value.items() if k in LABELS
        )
    return str(value)


# Each app names the codes its events store (roles, end reasons, directions, unit kinds…): its
# AppConfig.ready registers a function returning {code: name}. Core, below the apps, imports none.
_NAMERS: dict[str, Callable[[], Mapping[Any, Any]]] = {}


def register_actions(actions: Mapping[str, Any]) -> None:
    """A new app names its actions ({"aid.address.approve": gettext_lazy("duyệt một địa chỉ
    nhân đạo")}, completing "<who> đã …") from its AppConfig.ready, instead of listing them in
    :data:`ACTIONS` here."""
    ACTIONS.update(actions)


def register_names(app: str, namer: Callable[[], Mapping[Any, Any]]) -> None:
    """``namer()`` gives {code: name} of the codes ``app`` stores in audit events."""
    _NAMERS[app] = namer


def _choices():
    """Codes stored in events shown by their names, in the active language."""
    names: dict[str, str] = {}
    for namer in _NAMERS.values():
        names |= {str(k): str(v) for k, v in namer().items()}
    return names


def describe(events) -> list[Line]:
    """Each event as "who did what, where" and its details, in the active language."""
    names = _choices()
    lines = []
    for e in events:
        what = ACTIONS.get(e.action)
        details = []
        data = e.data or {}
        # In the order of LABELS: PostgreSQL's jsonb does not keep the order the keys were written in.
        for key in (k for k in LABELS if k in data):
            value = data[key]
            coded = key in CODED and str(value) in names
            text = names[str(value)] if coded else _value(key, value)
            if text:
                details.append((str(LABELS[key]), text))
        lines.append(
            Line(
                event=e,
                who=e.actor.username if e.actor else _("Hệ thống"),
                what=str(what) if what else _("thực hiện thao tác %(code)s") % {"code": e.action},
                where=e.unit.name if getattr(e, "unit", None) else "",
                details=details,
            )
        )
    return lines
