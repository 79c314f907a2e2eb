"""The indicator catalogue: a plain list of Indicator values, no registry.

Every indicator is a function of the stored figures (``compute``: a function of a
:class:`Figures`, i.e. of one unit's subtree totals for a year and the year before; the keys are
listed in indicators.figures). Adding one is a few lines here, plus its keys in
``figures.own_figures`` when it needs new ones: figures kept by other apps (dues, the fund) are
counted there too, set-based for many units at once, so that a dashboard never asks another app
per unit shown.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aid import figures as aid_figures
from blood import figures as blood_figures
from core.formatting import separators
from core.vn import FDRS_AGE_BANDS
from oversight import figures as oversight_figures
from projects import figures as projects_figures
from training import figures as training_figures

SUM, RATIO, SHARE = "sum", "ratio", "share"
ROLLUPS = {
    SUM: _("cộng dồn"),
    RATIO: _("tỷ lệ của các tổng"),
    SHARE: _("tỷ lệ đơn vị cấp dưới đạt mức"),
}
PEOPLE, PERCENT, UNITS, VND = _("người"), "%", _("đơn vị"), "đ"
BANDS = [code for code, _low, _high in FDRS_AGE_BANDS] + ["unknown"]


@dataclass(frozen=True)
class ProfileSettings:
    """What the association's profile decides for the indicators."""

    ratio_denominator: str = "population"
    # Denominators entered once per congress term (org.CongressTerm, at the unit's level), in
    # the term's first year, and kept for the whole term.
    fixed_for_term: bool = True


# By the profile's preset (org.presets); an association without a preset gets the defaults.
PRESET_SETTINGS: dict[str, ProfileSettings] = {
    "red_cross": ProfileSettings(ratio_denominator="population"),
    "women_union": ProfileSettings(ratio_denominator="women_18plus"),
}


def profile_settings(profile: Any = None) -> ProfileSettings:
    """The settings of ``profile`` (default: the association's profile, one query)."""
    if profile is None:
        from org.models import AssociationProfile

        profile = AssociationProfile.current()
    return PRESET_SETTINGS.get(profile.preset if profile else "", ProfileSettings())


_prefixes: dict[str, tuple[str, ...]] = {}  # key -> its ":"-prefixes and itself (few hundred)


def _prefixes_of(key: str) -> tuple[str, ...]:
    out = [key[: i + 1] for i, ch in enumerate(key) if ch == ":"]
    _prefixes[key] = found = (*out, key)
    return found


@dataclass
class Figures:
    """One unit's subtree figures for a year (``now``) and the year before (``before``)."""

    now: dict[str, int]
    before: dict[str, int] | None
    settings: ProfileSettings
    _sums: dict[str, int] = field(default_factory=dict)

    def sum(self, prefix: str) -> int:
        """Sum of the keys starting with ``prefix`` ending at a ":" boundary or a whole key
        ("a:member:", "a:member:F:", "cad"): every such prefix summed in one pass, once."""
        if not self._sums:
            sums: dict[str, int] = {}
            get = sums.get
            for k, v in self.now.items():
                for p in _prefixes.get(k) or _prefixes_of(k):
                    sums[p] = get(p, 0) + v
            self._sums = sums or {"": 0}
        return self._sums.get(prefix, 0)

    def get(self, key: str) -> int:
        return self.now.get(key, 0)

    def sum_before(self, prefix: str) -> int | None:
        if self.before is None:
            return None
        return sum(v for k, v in self.before.items() if k.startswith(prefix))


class CompactFigures(Figures):
    """The same reads over :func:`compact` dicts (``UnitFigure.sums``): every value an indicator
    reads is stored as is, so a read is a dict lookup (a dashboard's child-unit table)."""

    def sum(self, prefix: str) -> int:
        return self.now.get(prefix, 0)

    def get(self, key: str) -> int:
        return self.now.get(key, 0)

    def sum_before(self, prefix: str) -> int | None:
        return None if self.before is None else self.before.get(prefix, 0)


def pct(num: float | None, den: float | None) -> float | None:
    if num is None or not den:
        return None
    return num * 100 / den


def _growth(f: Figures) -> float | None:
    before = f.sum_before("a:member:")
    return pct(f.sum("a:member:") - before, before) if before else None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise | str
    unit: Promise | str
    rollup: str
    compute: Callable[[Figures], float | None] | None = None
    fdrs: str = ""
    category: str = ""  # a member category the profile must have, else the indicator is hidden
    decimals: int = 0
    description: Promise | str = ""

    @property
    def inherits(self) -> bool:
        """A target on a rate applies to every unit below; a count target only to its unit."""
        return self.rollup != SUM

    def value(self, figures: Figures | None) -> float | None:
        if figures is None or self.compute is None:
            return None
        return self.compute(figures)


def _count(prefix: str) -> Callable[[Figures], float]:
    return lambda f: f.sum(prefix)


CATALOGUE: list[Indicator] = [
    Indicator("members", _("Hội viên"), PEOPLE, SUM, _count("a:member:"), category="member",
              description=_("Hội viên đang sinh hoạt vào cuối kỳ (31/12, năm nay: hôm nay).")),
    Indicator("members_female", _("Hội viên nữ"), PEOPLE, SUM, _count("a:member:F:"),
              category="member"),
    Indicator("volunteers", _("Tình nguyện viên"), PEOPLE, SUM, _count("a:volunteer:"),
              fdrs="KPI_PeopleVol_Tot", category="volunteer"),
    Indicator("volunteers_female", _("Tình nguyện viên nữ"), PEOPLE, SUM,
              _count("a:volunteer:F:"), fdrs="KPI_PeopleVol_Tot_F", category="volunteer"),
    Indicator("volunteers_male", _("Tình nguyện viên nam"), PEOPLE, SUM,
              _count("a:volunteer:M:"), fdrs="KPI_PeopleVol_Tot_M", category="volunteer"),
    Indicator("teams", _("Đội tình nguyện"), UNITS, SUM, _count("u:team"), category="volunteer",
              description=_("Đội tình nguyện viên (đơn vị loại đội) đang hoạt động vào cuối kỳ.")),
    Indicator("team_volunteers", _("Tình nguyện viên trong các đội"), PEOPLE, SUM, _count("tv"),
              category="volunteer",
              description=_("Tình nguyện viên đang sinh hoạt trong các đội tình nguyện vào cuối "
                            "kỳ.")),
    Indicator("youth", _("Thanh niên Chữ thập đỏ"), PEOPLE, SUM, _count("a:youth:"),
              category="youth"),
    Indicator("joined", _("Kết nạp mới trong năm"), PEOPLE, SUM, _count("j:member"),
              category="member",
              description=_("Kết nạp lần đầu và kết nạp lại; không tính chuyển sinh hoạt.")),
    Indicator("left", _("Thôi sinh hoạt trong năm"), PEOPLE, SUM, _count("l:member"),
              category="member",
              description=_("Xin thôi, xoá tên, chuyển nơi ở, từ trần; không tính chuyển sinh hoạt.")),
    Indicator("growth_pct", _("Tăng trưởng hội viên so với năm trước"), PERCENT, RATIO, _growth,
              category="member", decimals=2),
    Indicator("member_ratio", _("Tỷ lệ hội viên trên mẫu số"), PERCENT, RATIO,
              lambda f: pct(f.sum("a:member:"), f.get(f"d:{f.settings.ratio_denominator}")),
              category="member", decimals=2,
              description=_("Hội viên ÷ mẫu số do hồ sơ Hội chọn (dân số, số hộ hoặc phụ nữ từ 18 tuổi).")),
    Indicator("provinces", _("Tỉnh/Thành Hội"), UNITS, SUM, _count("u:province"),
              fdrs="KPI_noBranches",
              description=_("FDRS gọi là “branch”: cấp đầu tiên dưới Trung ương Hội.")),
    Indicator("bases", _("Hội cơ sở"), UNITS, SUM, _count("u:base")),
    Indicator("branches", _("Chi hội"), UNITS, SUM, _count("u:branch"), fdrs="KPI_noLocalUnits",
              description=_("FDRS gọi là “local unit”: cấp thấp nhất nơi hội viên, tình nguyện "
                            "viên sinh hoạt.")),
    Indicator("clubs", _("Câu lạc bộ, tổ, nhóm"), UNITS, SUM, _count("club:"),
              description=_("Câu lạc bộ, tổ, nhóm, mạng lưới (theo lứa tuổi, tôn giáo, sở thích, "
                            "ngành nghề, mạng xã hội) đang hoạt động vào cuối kỳ.")),
    Indicator("club_members", _("Người tham gia câu lạc bộ, tổ, nhóm"), PEOPLE, SUM,
              _count("clubm"),
              description=_("Lượt người đang tham gia vào cuối kỳ: một người ở hai câu lạc bộ "
                            "được tính hai lần.")),
    Indicator("branch_coverage", _("Độ phủ chi hội trên khu dân cư"), PERCENT, RATIO,
              lambda f: pct(f.get("u:branch"), f.get("d:residential_areas")), decimals=1),
    Indicator("cadres", _("Cán bộ Hội"), PEOPLE, SUM, _count("cad")),
    Indicator("cadres_equipped_pct", _("Cán bộ có đồng phục và huy hiệu"), PERCENT, RATIO,
              lambda f: pct(f.get("cadeq"), f.get("cad")), decimals=1),
    Indicator("bases_books_ok_pct", _("Hội cơ sở có sổ sách cập nhật"), PERCENT, SHARE,
              lambda f: pct(f.get("books"), f.get("u:base")), decimals=1,
              description=_("Hội cơ sở có biến động hoặc rà soát sổ hội viên (và sổ tình nguyện "
                            "viên) trong năm.")),
    Indicator("dues_rate", _("Tỷ lệ thu hội phí"), PERCENT, RATIO,
              lambda f: pct(f.get("dues_paid"), f.get("dues") - f.get("dues_exempt")),
              decimals=1,
              description=_("Hội viên đã đóng hội phí của năm ÷ (hội viên phải đóng − được "
                            "miễn), tính đến cuối kỳ.")),
    Indicator("dues_collected", _("Hội phí đã thu"), VND, SUM, _count("dues_in"),
              description=_("Tổng biên lai hội phí của năm còn hiệu lực (không tính biên lai "
                            "đã huỷ).")),
    Indicator("dues_remitted", _("Hội phí đã nộp cấp trên"), VND, SUM, _count("dues_out"),
              description=_("Hội phí của năm đã chuyển ra ngoài đơn vị (kể cả cấp dưới của "
                            "đơn vị), trừ các khoản đã đảo.")),
    Indicator("fund_balance", _("Số dư quỹ nhân đạo"), VND, SUM, _count("fund"),
              description=_("Số dư quỹ nhân đạo vào cuối kỳ, cộng cả các đơn vị cấp dưới "
                            "(không tính quỹ hội phí).")),
    Indicator("dues_fund_balance", _("Số dư quỹ hội phí"), VND, SUM, _count("fund_dues"),
              description=_("Số dư quỹ hội phí (hội phí thu được, để lại, trừ phần đã nộp cấp "
                            "trên) vào cuối kỳ, cộng cả các đơn vị cấp dưới.")),
    Indicator("bases_reporting_on_time_pct", _("Hội cơ sở nộp báo cáo năm đúng hạn"), PERCENT,
              SHARE, lambda f: pct(f.get("rp:reports_on_time"), f.get("u:base")), decimals=1,
              description=_("Hội cơ sở đã nộp báo cáo thống kê năm trong hạn (ứng dụng báo cáo "
                            "định kỳ ghi số này khi báo cáo được nộp).")),
    Indicator("bases_fund_ok", _("Hội cơ sở có quỹ nhân đạo từ 5.000.000 đ"), PERCENT, SHARE,
              lambda f: pct(f.get("fundok"), f.get("u:base")), decimals=1,
              description=_("Hội cơ sở (cùng các chi hội) có số dư quỹ nhân đạo từ 5.000.000 đ "
                            "vào cuối kỳ (không tính quỹ hội phí).")),
]  # fmt: skip

# The programme apps' indicators: each app lists its own as plain dicts in ``<app>/figures.py``
# (it may not import this module: the figures sit above it); listed here once.
PROGRAMMES = (aid_figures, blood_figures, training_figures, projects_figures, oversight_figures)
_UNITS: dict[str, Promise | str] = {
    "people": PEOPLE,
    "units": UNITS,
    "vnd": VND,
    "percent": PERCENT,
}


def _from_app(spec: dict) -> Indicator:
    compute = spec.get("compute") or _count(spec["key"])
    unit = spec.get("unit", "people")
    return Indicator(
        spec["code"],
        spec["name"],
        _UNITS.get(unit, unit) if isinstance(unit, str) else unit,
        spec.get("rollup", SUM),
        compute,
        fdrs=spec.get("fdrs", ""),
        category=spec.get("category", ""),
        decimals=spec.get("decimals", 0),
        description=spec.get("description", ""),
    )


CATALOGUE += [_from_app(spec) for app in PROGRAMMES for spec in app.INDICATORS]
BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}
assert len(BY_CODE) == len(CATALOGUE), "two indicators share a code"


class _Recorder(Figures):
    """Figures that note what an indicator reads (every read returns 1: both branches of a
    "no value without a denominator" test are taken)."""

    def __init__(self, settings: ProfileSettings, seen: set[str]):
        super().__init__({}, {}, settings)
        self.seen = seen

    def sum(self, prefix: str) -> int:
        self.seen.add(prefix)
        return 1

    def get(self, key: str) -> int:
        self.seen.add(key)
        return 1

    def sum_before(self, prefix: str) -> int | None:
        self.seen.add(prefix)
        return 1


def _reads() -> frozenset[str]:
    """Every figure key or prefix the catalogue reads, under every profile's settings."""
    seen: set[str] = set()
    for s in {ProfileSettings(), *PRESET_SETTINGS.values()}:
        for ind in CATALOGUE:
            ind.value(_Recorder(s, seen))
    return frozenset(seen)


# What :func:`compact` keeps, and a fingerprint of it: a stored ``sums`` of another version (the
# catalogue changed since the refresh) is not trusted, the full figures are read instead.
READS: frozenset[str] = _reads()
SUMS_VERSION: int = zlib.crc32("\n".join(sorted(READS)).encode())


def _reads_of(ind: Indicator) -> frozenset[str]:
    seen: set[str] = set()
    for s in {ProfileSettings(), *PRESET_SETTINGS.values()}:
        ind.value(_Recorder(s, seen))
    return frozenset(seen)


# --- Reported values (indicators.ReportedValue, written by the reporting app) ----------------
# A unit may report a number for an indicator that is a plain count (a sum of one figure key or
# prefix): at the roll-up it replaces the value computed for the unit's subtree, and the parents
# add it up like any figure. A code the catalogue does not know is a figure only reported
# ("rp:<code>"). Own figures carry "rep:<code>" (the unit's reported value); totals carry
# "rpn:<code>" (units below that reported it). Ratios are never reported: they follow their parts.
REPORTED, REPORTED_BELOW, REPORTED_ONLY = "rep:", "rpn:", "rp:"
REPORT_KEYS = (REPORTED, REPORTED_BELOW, REPORTED_ONLY)
READS_OF: dict[str, frozenset[str]] = {i.code: _reads_of(i) for i in CATALOGUE}
REPORTABLE: dict[str, str] = {
    i.code: next(iter(READS_OF[i.code]))
    for i in CATALOGUE
    if i.rollup == SUM and len(READS_OF[i.code]) == 1
}


def reported_key(code: str) -> str:
    """The figure key (or ":"-prefix) a reported value of ``code`` stands for."""
    return REPORTABLE.get(code) or f"{REPORTED_ONLY}{code}"


def _adjusts(key: str) -> str:
    """The key a reported value is written to: under a ":"-prefix, a correction key "~" that
    every sum of the prefix (and of its own prefixes) counts; a whole key, the key itself."""
    return f"{key}~" if key.endswith(":") else key


def apply_reported(total: dict[str, int], code: str, value: int) -> None:
    """Make ``total``'s figure of ``code`` equal ``value`` (a reported value replaces the
    computed one; what lies below it in the subtree is kept, the difference corrected)."""
    key = reported_key(code)
    if key.endswith(":"):
        current = sum(v for k, v in total.items() if k.startswith(key))
        fix = _adjusts(key)
        left = total.get(fix, 0) + value - current
        if left:
            total[fix] = left
        else:
            total.pop(fix, None)
    elif value:
        total[key] = value
    else:
        total.pop(key, None)


def _affected_by() -> dict[str, tuple[str, ...]]:
    """{indicator: the reportable codes whose reported values change its value}."""
    out: dict[str, tuple[str, ...]] = {}
    for ind in CATALOGUE:
        reads = READS_OF[ind.code]
        out[ind.code] = tuple(
            code for code, key in REPORTABLE.items() if reads & set(_prefixes_of(_adjusts(key)))
        )
    return out


AFFECTED_BY = _affected_by()
RECORDS, REPORTED_SOURCE, MIXED = "records", "reported", "mixed"
SOURCES = {
    RECORDS: _("từ hồ sơ"),
    REPORTED_SOURCE: _("số báo cáo"),
    MIXED: _("hồ sơ và số báo cáo"),
}


def source_of(code: str, figures: dict[str, int]) -> tuple[str, int]:
    """(records / reported / mixed, how many units below reported) of indicator ``code`` in a
    unit's figures (its total or its compact sums)."""
    if f"{REPORTED}{code}" in figures:
        return REPORTED_SOURCE, figures.get(f"{REPORTED_BELOW}{code}", 0)
    below = 0
    own = False
    for other in AFFECTED_BY.get(code, ()):
        own = own or f"{REPORTED}{other}" in figures
        below = max(below, figures.get(f"{REPORTED_BELOW}{other}", 0))
    return (MIXED if own or below else RECORDS), below


def compact(figures: dict[str, int]) -> dict[str, int]:
    """The values the catalogue reads from ``figures`` (``Figures.sum`` of each read prefix, 0s
    left out), with the version: what the refresh stores in ``UnitFigure.sums``. A read of a
    whole key (``Figures.get``) equals its sum: no key of the catalogue's has sub-keys."""
    out: dict[str, int] = {}
    get, reads = out.get, READS
    for k, v in figures.items():
        if k.startswith(REPORT_KEYS):  # reported values and their counts, kept as they are
            out[k] = v
            continue
        for p in _prefixes.get(k) or _prefixes_of(k):
            if p in reads:
                out[p] = get(p, 0) + v
    out = {k: v for k, v in out.items() if v}
    out["_v"] = SUMS_VERSION
    return out


def available(categories: set[str] | None = None) -> list[Indicator]:
    """The indicators of this association: those needing a category it does not keep are left
    out (the women's union has no volunteers or youth)."""
    if categories is None:
        from members.selectors import category_names

        categories = set(category_names())
    return [i for i in CATALOGUE if not i.category or i.category in categories]


def format_value(ind: Indicator, value: float | None) -> str:
    """In the active language: "1.234", "3,25%", "1.234.567 đ" (English "1,234", "3.25%");
    no value: "—"."""
    if value is None:
        return "—"
    return formatter(ind)(value)


# (id of the indicator, separators) -> (the indicator, its formatter)
_formatters: dict[tuple[int, tuple[str, str]], tuple[Indicator, Callable[[float], str]]] = {}


def formatter(ind: Indicator) -> Callable[[float], str]:
    """:func:`format_value` of ``ind`` for a value that is not None (a table's cells)."""
    seps = separators()
    found = _formatters.get((id(ind), seps))
    return found[1] if found is not None else _formatter(ind, seps)


def _formatter(ind: Indicator, seps: tuple[str, str]) -> Callable[[float], str]:
    """``ind``'s formatter, made once per language (called for every cell of a dashboard):
    ``ind.unit`` is compared only when it is a plain str ("%", "đ"), never as a lazy translation
    (each comparison of one would translate it). Python's "," and "." become the language's
    separators by two replaces."""
    unit = ind.unit if type(ind.unit) is str else ""
    suffix = " đ" if unit == VND else "%" if unit == PERCENT else ""
    decimals = 0 if unit == VND else ind.decimals
    spec = f",.{decimals}f"
    thousands, decimal = seps

    def whole(value: float) -> str:
        return format(value, spec).replace(",", thousands) + suffix

    def with_decimals(value: float) -> str:
        head, _dot, tail = format(value, spec).partition(".")
        return f"{head.replace(',', thousands)}{decimal}{tail}{suffix}"

    fmt = with_decimals if decimals else whole
    _formatters[(id(ind), seps)] = (ind, fmt)  # the indicator kept: its id is never reused
    return fmt
