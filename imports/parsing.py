"""Sheet rows checked cell by cell (the cells' values: imports.cells).

The parser is built once per import (columns, the unit tree, the messages in the user's
language) and then called for every row: a few dict look-ups and caches per cell, no queries, no
model instances. A row gives a tuple of clean values (:class:`imports.rows.Row`) or its errors as
(column index or field name, message).
"""

import datetime
import operator
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import nfc, search_key, vn_sort_key
from core.vn import CCCD_PROVINCES, FEMALE, MALE, clean_cccd, clean_phone
from people.models import BirthPrecision

from .cells import (  # noqa: F401 - clean_data, display, is_footer_cell: for callers
    ETHNIC_KEYS,
    MARKS,
    RELIGION_KEYS,
    SEX_WORDS,
    Bad,
    clean_data,
    clean_text,
    display,
    is_footer_cell,
    parse_date,
)
from .cells import cell_text as _text

# (the positions, for callers that read a row by index)
from .rows import R_BDATE, R_BYEAR, R_CCCD, R_JOINED, R_NAME, R_PHONE, R_SEX, R_UNIT, Row  # noqa: F401

FIELD_NAMES = (
    "full_name", "family_middle", "given_name", "sex", "birth_date", "birth_year", "male_birth",
    "female_birth", "cccd", "phone", "address_detail", "ethnicity", "religion", "occupation",
    "branch", "joined_on", "card_number", "note",
)  # fmt: skip
DAY, YEAR = BirthPrecision.DAY, BirthPrecision.YEAR
_new = tuple.__new__  # Row(*values) without its Python-level __new__ (once per row)


class BranchIndex:
    """Units of the import's subtree that keep members, found by name without accents or case:
    "Chi hội tổ dân phố 1", "chi hoi to dan pho 1", "Tổ dân phố 1", "TDP 1" and "1" (when only
    one unit has that number) all name the same branch."""

    PREFIXES = ("chi hoi chu thap do ", "chi hoi ", "to hoi ", "doi ", "nhom ", "cau lac bo ",
                "clb ", "to dan pho ", "tdp ", "thon ", "ap ", "khu pho ", "kp ", "to ", "xom ",
                "ban ", "khoi ")  # fmt: skip

    def __init__(self, units: list[tuple[int, str]]):
        aliases: dict[str, set[int]] = {}
        for pk, name in units:
            for alias in self.aliases(name):
                aliases.setdefault(alias, set()).add(pk)
        self.by_alias = {a: next(iter(ids)) for a, ids in aliases.items() if len(ids) == 1}
        self.ambiguous = {a for a, ids in aliases.items() if len(ids) > 1}

    @classmethod
    def aliases(cls, name: str) -> list[str]:
        key = search_key(re.sub(r"[^\w]+", " ", str(name)))
        out = [key]
        stripped = key
        changed = True
        while changed:
            changed = False
            for p in cls.PREFIXES:
                if stripped.startswith(p) and len(stripped) > len(p):
                    stripped = stripped[len(p) :]
                    out.append(stripped)
                    changed = True
        if stripped.isdecimal():  # (isdigit() also takes "²", which int() refuses)
            out.append(str(int(stripped)))
        return out

    def find(self, value) -> int | None:
        """The unit id, or None when no unit (or more than one) has that name."""
        for alias in self.aliases(_text(value)):
            if alias in self.by_alias:
                return self.by_alias[alias]
        return None


class RowParser:
    """Turns a sheet row into clean values (a :class:`Row`) or a list of errors."""

    def __init__(
        self,
        *,
        columns: dict[int, str],
        branches: BranchIndex,
        default_unit_id: int | None,
        default_joined_on: datetime.date,
        today: datetime.date,
        min_age: int | None = None,
    ):
        self.col = {f: i for i, f in sorted(columns.items(), reverse=True)}
        self.width = max(columns, default=-1) + 1
        self.pad = [""] * (self.width + 1)
        self.fields = list(FIELD_NAMES)
        self.getter = operator.itemgetter(*[self.col.get(f, self.width) for f in self.fields])
        self.branches = branches
        self.default_unit_id = default_unit_id
        self.default_joined_on = default_joined_on
        self.today = today
        self.min_age = min_age
        self._name_cache: dict = {}
        self._date_cache: dict = {}
        self._branch_cache: dict = {}
        self._text_cache: dict = {}
        self.has_full_name = "full_name" in self.col
        self.name_at = self.col.get("full_name", self.col.get("given_name", "full_name"))
        self.msg = {
            "empty_name": _("họ và tên bị trống"),
            "short_name": _("cần ghi đủ họ và tên"),
            "long_name": _("họ và tên dài quá 120 ký tự"),
            "no_sex": _("không rõ giới tính (ghi Nam hoặc Nữ)"),
            "both_sex": _("cả hai cột Nam và Nữ đều có giá trị"),
            "bad_sex": _("giới tính “%(v)s” không phải Nam hay Nữ"),
            "future": _("ngày sau hôm nay"),
            "year_range": _("năm sinh phải từ 1900 đến %(y)d") % {"y": today.year},
            "year_mismatch": _("năm sinh không khớp với ngày sinh"),
            "ethnicity": _("dân tộc “%(v)s” không có trong danh mục 54 dân tộc"),
            "religion": _("tôn giáo “%(v)s” không có trong danh mục"),
            "branch": _("không tìm thấy đơn vị “%(v)s” trong đơn vị đang nhập"),
            "branch_ambiguous": _("có nhiều đơn vị tên “%(v)s”, hãy ghi đầy đủ tên"),
            "no_branch": _("cần ghi chi hội (đơn vị đang nhập không quản lý hội viên trực tiếp)"),
            "joined_before_birth": _("ngày vào Hội trước ngày sinh"),
            "too_young": _("chưa đủ %(n)d tuổi khi vào") % {"n": min_age or 0},
            "long": _("dài quá %(n)d ký tự"),
        }
        self.labels: dict[str, str] = {}
        self.after_footer = False

    def footer(self, row: list) -> bool:
        """Whether a row that did not parse is a line under the table (a signature, the place
        and date, a total) or comes after one: such rows are left out, not errors. Rows that
        parse are imported wherever they are."""
        if self.after_footer:
            return True
        texts = [c for c in row if isinstance(c, str) and c.strip()]
        if texts and all(is_footer_cell(c) for c in texts):
            self.after_footer = True
            return True
        return False

    # --- cell parsers (cached where values repeat) ---

    def _name(self, value):
        hit = self._name_cache.get(value)
        if hit is not None:
            return hit
        name = _text(value)
        if not name:
            hit = Bad(self.msg["empty_name"])
        elif len(name) > 120:
            hit = Bad(self.msg["long_name"])
        elif " " not in name:
            hit = Bad(self.msg["short_name"])
        else:
            hit = (name, search_key(name), vn_sort_key(name))
        if len(self._name_cache) < 400_000:
            self._name_cache[value] = hit
        return hit

    def _sex(self, value) -> str:
        if value is None or value == "":
            return ""
        sex = SEX_WORDS.get(clean_text(nfc(str(value))).strip().lower())
        if sex is None:
            raise Bad(self.msg["bad_sex"] % {"v": str(value)[:20]})
        return sex

    def _cccd(self, value, birth_year, sex) -> str | None:
        # The common case without a regular expression: 12 digits (or a number of 11).
        if type(value) is float and value.is_integer():
            value = int(value)
        if type(value) is int:
            # A number lost its leading zeros (one, or two for provinces 001-009).
            digits = f"{value:012d}" if 10**9 <= value < 10**12 else str(value)
        elif type(value) is str and len(value) in (10, 11, 12) and value.isdigit():
            digits = value.zfill(12)
        else:
            if type(value) is str:
                value = clean_text(value)
            try:
                return clean_cccd(value, birth_year=birth_year, sex=sex) or None
            except ValidationError as e:
                raise Bad(e.messages[0]) from None
        if len(digits) == 12 and digits[:3] in CCCD_PROVINCES:
            code = ord(digits[3]) - 48
            card_sex = FEMALE if code & 1 else MALE
            card_year = 1900 + (code >> 1) * 100 + int(digits[4:6])
            if (not sex or sex == card_sex) and (birth_year is None or birth_year == card_year):
                return digits
        try:
            return clean_cccd(digits, birth_year=birth_year, sex=sex) or None
        except ValidationError as e:
            raise Bad(e.messages[0]) from None

    def _phone(self, value) -> str:
        if type(value) is str:
            # The common spellings of a mobile number ("0912345678", "84912345678",
            # "+84 912 345 678") without regular expressions; anything else below.
            v = value.replace(" ", "") if " " in value else value
            if v[:3] == "+84":
                v = v[1:]
            if len(v) == 11 and v[:2] == "84":
                v = "0" + v[2:]
            if len(v) == 10 and v[0] == "0" and v[1] in "35789" and v.isascii() and v.isdigit():
                return v
            value = clean_text(value)
        try:
            return clean_phone(value)
        except ValidationError as e:
            raise Bad(e.messages[0]) from None

    def _branch(self, value) -> int:
        hit = self._branch_cache.get(value)
        if hit is None:
            text = _text(value)
            unit_id = self.branches.find(value)
            if unit_id is not None:
                hit = unit_id
            else:
                alias = BranchIndex.aliases(text)
                key = "branch_ambiguous" if any(a in self.branches.ambiguous for a in alias) else "branch"  # fmt: skip
                hit = Bad(self.msg[key] % {"v": text[:60]})
            self._branch_cache[value] = hit
        if isinstance(hit, Bad):
            raise hit
        return hit

    def _day(self, value):
        """(date, year) or Bad, cached by the cell's value (bools apart: True == 1)."""
        key = (bool, value) if type(value) is bool else value
        hit = self._date_cache.get(key)
        if hit is None:
            try:
                hit = parse_date(value, self.today)
            except Bad as e:
                hit = e
            if len(self._date_cache) < 200_000:
                self._date_cache[key] = hit
        return hit

    def _t(self, value) -> str:
        """_text, cached for text cells (addresses, occupations … repeat)."""
        if type(value) is str:
            cache = self._text_cache
            hit = cache.get(value)
            if hit is None:
                hit = clean_text(nfc(value))
                if len(cache) < 200_000:
                    cache[value] = hit
            return hit
        return _text(value)

    # --- the row ---

    def parse(self, row: list) -> tuple[Row | None, list[tuple[int | str, str]]]:
        """(values, []) for a good row, (None, errors) for a bad one; errors name a column index
        (or, for a field without a column, the field)."""
        col = self.col
        errors: list[tuple[int | str, str]] = []
        # Every field's cell in one C call; a field without a column reads the "" at the end.
        r = row[: self.width]
        r.extend(self.pad[len(r) :])
        (
            full_name, family_middle, given_name, sex_cell, birth_date, birth_year, male,
            female, raw_cccd, raw_phone, address, eth, rel, occupation, raw_branch, raw_joined,
            card, note,
        ) = self.getter(r)  # fmt: skip
        Bad_ = Bad

        # Name
        if self.has_full_name:
            raw_name = full_name
        else:
            raw_name = f"{_text(family_middle)} {_text(given_name)}".strip()
        got = self._name_cache.get(raw_name)
        if got is None:
            got = self._name(raw_name)
        if type(got) is Bad_:
            errors.append((self.name_at, str(got)))
            got = ("", "", "")

        sex, bdate, byear, birth_at = self._birth(
            sex_cell, birth_date, birth_year, male, female, errors
        )
        cccd = None
        if raw_cccd != "" and raw_cccd is not None:
            try:
                cccd = self._cccd(raw_cccd, byear, sex)
            except Bad as e:
                errors.append((col["cccd"], str(e)))
        if cccd and (not sex or byear is None):
            # The card number tells sex and birth year (Circular 59/2021/TT-BCA).
            code = int(cccd[3])
            sex = sex or (FEMALE if code % 2 else MALE)
            if byear is None:
                byear = 1900 + (code // 2) * 100 + int(cccd[4:6])
        if not sex:
            errors.append((col.get("sex", col.get("male_birth", "sex")), self.msg["no_sex"]))
        phone = ""
        if raw_phone != "" and raw_phone is not None:
            try:
                phone = self._phone(raw_phone)
            except Bad as e:
                errors.append((col["phone"], str(e)))
        eth, rel, address, occupation, card, note = self._details(
            eth, rel, address, occupation, card, note, errors
        )
        unit_id, joined = self._membership(raw_branch, raw_joined, bdate, byear, errors)
        if self.min_age and byear and not errors:
            age = joined.year - byear
            if bdate is not None:
                age -= (joined.month, joined.day) < (bdate.month, bdate.day)
            if age < self.min_age:
                errors.append((col.get("joined_on", col.get("birth_date", "birth_year")), self.msg["too_young"]))  # fmt: skip

        if errors:
            return None, errors
        return _new(Row, (
            got[0], got[1], got[2], sex, bdate, byear, DAY if bdate is not None else YEAR, cccd,
            phone, address, eth, rel, occupation, unit_id, card, joined, note,
        )), errors  # fmt: skip

    def _birth(self, sex_cell, birth_date, birth_year, male, female, errors: list) -> tuple:
        """(sex, birth date, birth year, where the birth was read): "Giới tính" with "Ngày
        sinh"/"Năm sinh", or the year under "Nam" | "Nữ"."""
        col, Bad_ = self.col, Bad
        sex = ""
        bdate = byear = None
        birth_at: int | str = "birth_year"
        if sex_cell != "" and sex_cell is not None:
            try:
                sex = self._sex(sex_cell)
            except Bad as e:
                errors.append((col["sex"], str(e)))
        if male != "" or female != "":
            if male != "" and female != "":
                errors.append((col["male_birth"], self.msg["both_sex"]))
            else:
                f, value = ("male_birth", male) if male != "" else ("female_birth", female)
                sex = sex or (MALE if f == "male_birth" else FEMALE)
                if not (type(value) is str and value.strip().lower() in MARKS):
                    birth_at = col[f]
                    hit = self._day(value)
                    if type(hit) is Bad_:
                        errors.append((col[f], str(hit)))
                    else:
                        bdate, byear = hit
        if bdate is None:
            for f, value in (("birth_date", birth_date), ("birth_year", birth_year)):
                if value == "" or bdate is not None:
                    continue
                hit = self._day(value)
                if type(hit) is Bad_:
                    errors.append((col[f], str(hit)))
                    continue
                d, y = hit
                if byear is not None and y != byear:
                    errors.append((col[f], self.msg["year_mismatch"]))
                bdate, byear, birth_at = d or bdate, y, col[f]
        if bdate is not None:
            if bdate > self.today:
                errors.append((birth_at, self.msg["future"]))
            elif not (1900 <= byear <= self.today.year):  # type: ignore[operator]
                errors.append((birth_at, self.msg["year_range"]))
        elif byear is not None and not (1900 <= byear <= self.today.year):
            errors.append((birth_at, self.msg["year_range"]))
        return sex, bdate, byear, birth_at

    def _details(self, eth, rel, address, occupation, card, note, errors: list) -> tuple:
        """(ethnicity and religion codes, address, occupation, card number, note)."""
        col = self.col
        if eth != "":
            key = search_key(_text(eth)).replace("-", " ")
            found = ETHNIC_KEYS.get(key) or ETHNIC_KEYS.get(key.replace(" ", ""))
            if found is None:
                errors.append((col["ethnicity"], self.msg["ethnicity"] % {"v": str(eth)[:30]}))
            eth = found or ""
        if rel != "":
            found = RELIGION_KEYS.get(search_key(_text(rel)))
            if found is None:
                errors.append((col["religion"], self.msg["religion"] % {"v": str(rel)[:30]}))
            rel = found or ""
        t = self._t
        address = t(address) if address != "" else ""
        occupation = t(occupation) if occupation != "" else ""
        card = _text(card).upper() if card != "" else ""  # (unique: not cached)
        note = t(note) if note != "" else ""
        if len(address) > 255:
            errors.append((col["address_detail"], self.msg["long"] % {"n": 255}))
        if len(occupation) > 120:
            errors.append((col["occupation"], self.msg["long"] % {"n": 120}))
        if len(card) > 32:
            errors.append((col["card_number"], self.msg["long"] % {"n": 32}))
        if len(note) > 255:
            errors.append((col["note"], self.msg["long"] % {"n": 255}))
        return eth, rel, address, occupation, card, note

    def _membership(self, raw_branch, raw_joined, bdate, byear, errors: list) -> tuple:
        """(the branch's unit id, the day of joining)."""
        col = self.col
        unit_id = self.default_unit_id
        if raw_branch != "" and raw_branch is not None:
            hit = self._branch_cache.get(raw_branch)
            if type(hit) is int:
                unit_id = hit
            else:
                try:
                    unit_id = self._branch(raw_branch)
                except Bad as e:
                    errors.append((col["branch"], str(e)))
        elif unit_id is None:
            errors.append((col.get("branch", "branch"), self.msg["no_branch"]))
        joined = self.default_joined_on
        if raw_joined != "" and raw_joined is not None:
            hit = self._day(raw_joined)
            if type(hit) is Bad:
                errors.append((col["joined_on"], str(hit)))
            elif hit[1] is not None:  # (a cell of only white space is empty)
                d, y = hit
                joined = d or datetime.date(y, 1, 1)
                if joined > self.today:
                    errors.append((col["joined_on"], self.msg["future"]))
                elif (bdate and joined < bdate) or (byear and joined.year < byear):
                    errors.append((col["joined_on"], self.msg["joined_before_birth"]))
        return unit_id, joined


ParseFn = Callable[[list], tuple[tuple | None, list]]
