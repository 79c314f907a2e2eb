"""Cell values the way Vietnamese register files hold them: dates as dates, serial numbers,
years, dd/mm/yyyy or words; sex, ethnicity and religion as people write them; text without
control characters; the lines under a table that are not rows. No Django model, no query."""

import datetime
import re

from django.utils.translation import gettext as _

from core.text import nfc, search_key
from core.vn import ETHNIC_GROUPS, FEMALE, MALE, RELIGIONS

EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS_DATE = re.compile(
    r"^(?:ngày\s*)?(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})\s*(?:năm|/)\s*(\d{4})$", re.IGNORECASE
)
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")

SEX_WORDS = {
    "nam": MALE, "m": MALE, "male": MALE, "trai": MALE, "nam giới": MALE, "ông": MALE,
    "nữ": FEMALE, "nu": FEMALE, "f": FEMALE, "female": FEMALE, "gái": FEMALE, "nữ giới": FEMALE,
    "bà": FEMALE, "nư": FEMALE,
}  # fmt: skip
MARKS = {"x", "✓", "✔", "v", "có", "1", "+", "*"}

ETHNIC_KEYS = {search_key(name): code for code, name in ETHNIC_GROUPS}
ETHNIC_KEYS.update({search_key(name.replace("-", " ")): code for code, name in ETHNIC_GROUPS})
ETHNIC_KEYS.update({code: code for code, _n in ETHNIC_GROUPS})
ETHNIC_KEYS.update({str(int(code)): code for code, _n in ETHNIC_GROUPS})
ETHNIC_KEYS.update({"hmong": "08", "h mong": "08", "mong": "08", "khmer": "05", "kho me": "05"})
RELIGION_KEYS = {search_key(name): code for code, name in RELIGIONS}
RELIGION_KEYS.update({code: code for code, _n in RELIGIONS})
RELIGION_KEYS.update({
    "": "", "khong co": "none", "phat": "buddhism", "dao phat": "buddhism",
    "thien chua": "catholic", "thien chua giao": "catholic", "cong giao": "catholic",
    "tin lanh": "protestant", "dao tin lanh": "protestant", "cao dai": "caodai",
    "hoa hao": "hoahao", "hoi giao": "islam", "islam": "islam", "-": "none",
})  # fmt: skip


class Bad(Exception):  # noqa: N818 - a value refused, with the message for the user
    pass


def _two_digit_year(yy: int, today: datetime.date) -> int:
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def parse_date(value, today: datetime.date) -> tuple[datetime.date | None, int | None]:
    """(date, year) from a cell: a full date gives both, a year alone gives (None, year).
    Raises Bad for what is not a date. Both None for an empty cell."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), value.year
    if isinstance(value, datetime.date):
        return value, value.year
    if isinstance(value, bool):
        raise Bad(_("không phải ngày tháng"))
    if isinstance(value, int | float):
        if isinstance(value, int) or value.is_integer():
            n = int(value)
            if 1900 <= n <= 2100:
                return None, n
            if 1 <= n < 2958466:
                d = EXCEL_EPOCH + datetime.timedelta(days=n)
                return d, d.year
        raise Bad(_("không phải ngày tháng"))
    text = " ".join(clean_text(str(value)).split())
    if not text:
        return None, None
    m = _DMY.match(text) or _WORDS_DATE.match(text)
    if m:
        dd, mo, y = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            y = _two_digit_year(y, today)
        try:
            day = datetime.date(y, mo, dd)
        except ValueError:
            raise Bad(_("ngày “%(v)s” không có trong lịch") % {"v": text}) from None
        return day, y
    m = _YEAR.match(text)
    if m:
        return None, int(m[1])
    m = _YMD.match(text)
    if m:
        try:
            day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise Bad(_("ngày “%(v)s” không có trong lịch") % {"v": text}) from None
        return day, day.year
    m = _MY.match(text)
    if m and 1 <= int(m[1]) <= 12:
        return None, int(m[2])
    m = _SERIAL.match(text)
    if m:
        d = EXCEL_EPOCH + datetime.timedelta(days=int(m[1]))
        return d, d.year
    raise Bad(_("“%(v)s” không phải ngày tháng (dd/mm/yyyy) hay năm") % {"v": text[:40]})


# Control characters (C0, DEL, C1), the bidirectional overrides and isolates, and other
# invisible format characters: removed from every text a cell gives (a NUL cannot be stored in
# PostgreSQL; an RLO turns a name round on screen). Tabs and line breaks become spaces.
_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])
_CONTROLS.update(dict.fromkeys((0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x2028, 0x2029), " "))
_CONTROLS.update(dict.fromkeys([0x200B, 0x200E, 0x200F, 0xFEFF, 0x2060, 0x00AD]))
_CONTROLS.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def clean_text(value: str) -> str:
    """``value`` without control or invisible format characters (see _CONTROLS); the common
    case, printable text, costs one C call."""
    if value.isprintable():
        return value
    return value.translate(_CONTROLS)


def clean_data(value):
    """clean_text over the strings of a JSON-like value (lists, tuples, dicts)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(v) for v in value]
    return value


def display(value) -> str:
    """A cell as a person reads it: 1975.0 as "1975", a date as dd/mm/yyyy."""
    return cell_text(value)


# Lines under a table that are not rows: signatures, the place and date, totals.
_FOOTER = re.compile(
    r"^(?:\(?\s*)?(?:tm\.?\s*|t/m\s*|kt\.?\s*|q\.?\s*)?"
    r"(?:nguoi lap(?: bieu| danh sach| bang)?|nguoi (?:ghi|duyet|kiem tra|ky)|"
    r"thu truong(?: don vi)?|chu tich|pho chu tich|ban chap hanh|ban thuong vu|ke toan|"
    r"thu quy|xac nhan|chi hoi truong|to truong|truong ban|giam doc|bi thu|"
    r"ky(?:,| ten| va| ghi| ho)|ky$|dong dau|tong cong|tong so)(?=\W|$)"
)
_FOOTER_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")


def is_footer_cell(value) -> bool:
    if not isinstance(value, str):
        return False
    key = " ".join(search_key(value).replace(":", " ").split())
    return bool(key) and (_FOOTER.match(key) is not None or _FOOTER_DATE.search(key) is not None)


def cell_text(value) -> str:
    """A cell's text: 1975.0 as \"1975\", a date as dd/mm/yyyy, NFC, no control characters."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(nfc(str(value)))
