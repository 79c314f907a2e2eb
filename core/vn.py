"""Vietnamese identity data: CCCD numbers, phone numbers, ethnic groups, religions.

Reference lists are data the law fixes (the 54 ethnic groups of the General Statistics Office's
list, the birth-registration province codes of Circular 59/2021/TT-BCA); they are kept here, not in
the database, because they do not change per deployment.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

# Province of birth registration, the first three CCCD digits (the 63 provinces before the 2025
# merger: cards issued before then keep their codes, and new cards reuse the same table).
CCCD_PROVINCES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hoà Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hoá", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hoà", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Thành phố Hồ Chí Minh", "080": "Long An",
    "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

MALE, FEMALE = "M", "F"


def cccd_century_digit(year: int, sex: str) -> str:
    """The fourth CCCD digit: 0/1 for the 1900s (male/female), 2/3 for the 2000s, and so on."""
    century = year // 100 - 19
    return str(century * 2 + (1 if sex == FEMALE else 0))


def clean_cccd(value, *, birth_year: int | None = None, sex: str | None = None) -> str:
    """Normalise and check a CCCD number; '' when empty. Raises ValidationError in Vietnamese.

    Spreadsheets store the number as a number and lose the leading zero: 11 digits get it back
    when that gives a number consistent with itself and the person. Otherwise a digit is missing,
    and that is what the message says (not that the sex or year read from shifted digits differ).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"[\s.\-]", "", str(value))
    if not digits:
        return ""
    if not digits.isdigit():
        raise ValidationError(_("Số CCCD chỉ gồm chữ số."), code="cccd_digits")
    if len(digits) == 11:
        try:
            return _check_cccd("0" + digits, birth_year, sex, restored=True)
        except ValidationError:
            pass
    if len(digits) != 12:
        raise ValidationError(
            _("Số CCCD phải có 12 chữ số (đã nhập %(n)d).") % {"n": len(digits)},
            code="cccd_length",
        )
    return _check_cccd(digits, birth_year, sex)


def _check_cccd(digits: str, birth_year: int | None, sex: str | None, restored=False) -> str:
    if digits[:3] not in CCCD_PROVINCES:
        raise ValidationError(
            _("Mã tỉnh nơi đăng ký khai sinh “%(code)s” trong số CCCD không tồn tại.")
            % {"code": digits[:3]},
            code="cccd_province",
        )
    code = int(digits[3])
    card_sex = FEMALE if code % 2 else MALE
    card_year = 1900 + (code // 2) * 100 + int(digits[4:6])
    if restored and card_year > timezone.localdate().year:
        raise ValidationError("", code="cccd_length")  # not a number that lost its zero
    if sex in (MALE, FEMALE) and sex != card_sex:
        raise ValidationError(
            _("Số CCCD ghi giới tính %(card)s, không khớp với giới tính đã nhập.")
            % {"card": _("nam") if card_sex == MALE else _("nữ")},
            code="cccd_sex",
        )
    if birth_year is not None and birth_year != card_year:
        raise ValidationError(
            _("Số CCCD ghi năm sinh %(card)d, không khớp với năm sinh %(year)d.")
            % {"card": card_year, "year": birth_year},
            code="cccd_year",
        )
    return digits


_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def clean_phone(value) -> str:
    """Normalise a Vietnamese phone number to its national form "0912345678"; '' when empty.

    Accepts +84 / 84 / 0 prefixes, spaces, dots, dashes and brackets, and a number that lost
    its leading zero in a spreadsheet.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value).strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise ValidationError(_("Chỉ nhận số điện thoại Việt Nam (+84)."), code="phone")
    if not digits.isdigit():
        raise ValidationError(_("Số điện thoại chỉ gồm chữ số."), code="phone")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValidationError(
            _("Số điện thoại “%(value)s” không đúng định dạng Việt Nam.") % {"value": raw},
            code="phone",
        )
    return digits


def phone_query_digits(text: str) -> str | None:
    """The digits to look a phone number up by, when a search text is a (partial) number:
    "+84 912 345" -> "0912345", "84912345678" -> "0912345678"; None when it is not a number."""
    raw = "".join(text.split())
    digits = raw.lstrip("+")
    if not digits.isdigit():
        return None
    if raw.startswith("+84") or (digits.startswith("84") and len(digits) > 9):
        digits = "0" + digits[2:]
    return digits


# The 54 ethnic groups, with the GSO codes (Decision 121-TCTK/PPCĐ).
ETHNIC_GROUPS: list[tuple[str, str]] = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "HMông"), ("09", "Dao"), ("10", "Gia-rai"),
    ("11", "Ngái"), ("12", "Ê-đê"), ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"),
    ("16", "Cơ-ho"), ("17", "Chăm"), ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"),
    ("21", "Ra-glai"), ("22", "Xtiêng"), ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"),
    ("26", "Cơ-tu"), ("27", "Gié-Triêng"), ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"),
    ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"), ("34", "Xinh-mun"), ("35", "Hà Nhì"),
    ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"),
    ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"),
    ("46", "Pà Thẻn"), ("47", "Cơ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ-măm"),
]  # fmt: skip
ETHNIC_NAMES = dict(ETHNIC_GROUPS)

# Religions recognised by the state (the common ones; "other" covers the rest).
RELIGIONS: list[tuple[str, str]] = [
    ("none", gettext_noop("Không")),
    ("buddhism", gettext_noop("Phật giáo")),
    ("catholic", gettext_noop("Công giáo")),
    ("protestant", gettext_noop("Tin lành")),
    ("caodai", gettext_noop("Cao Đài")),
    ("hoahao", gettext_noop("Phật giáo Hòa Hảo")),
    ("islam", gettext_noop("Hồi giáo")),
    ("other", gettext_noop("Tôn giáo khác")),
]


def religion_choices():
    return [(code, gettext_lazy(name)) for code, name in RELIGIONS]


def age_on(birth_year: int | None, birth_date: datetime.date | None, on: datetime.date):
    """Age in whole years on ``on``; from the year alone when the full date is unknown."""
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if birth_year is not None:
        return on.year - birth_year
    return None


# IFRC FDRS age bands (volunteers, staff): (code, lowest age, highest age or None).
FDRS_AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("<6", 0, 5), ("6-12", 6, 12), ("13-17", 13, 17), ("18-29", 18, 29), ("30-39", 30, 39),
    ("40-49", 40, 49), ("50-59", 50, 59), ("60-69", 60, 69), ("70-79", 70, 79), ("80+", 80, None),
]  # fmt: skip


def fdrs_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for code, low, high in FDRS_AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return "unknown"
