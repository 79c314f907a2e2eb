"""The files of a summary report besides the document: the statistical table (xlsx: one row per
unit below with the total, for any set of indicators, laid out like the reporting forms' sheets:
row 4 holds the indicator codes) and the FDRS export (CSV and xlsx: the IFRC Federation-wide
Databank codes, with the sex × age band breakdowns of the volunteers)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from core.cells import safe_row, workbook, write_cells, write_text
from indicators.catalogue import BANDS, RECORDS, Indicator
from indicators.selectors import breakdown

from .data import Figure, ReportData

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE_ROW = 3


def _number_formats(book):
    cell = book.add_format({"border": 1})
    return {
        0: book.add_format({"num_format": "#,##0", "border": 1}),
        1: book.add_format({"num_format": "#,##0.0", "border": 1}),
        2: book.add_format({"num_format": "#,##0.00", "border": 1}),
    }, cell


def table_xlsx(data: ReportData, indicators: list[Indicator], rows: list) -> bytes:
    """``rows``: (unit, {code: Figure}) of the units below; the last row is ``data``'s unit, its
    total. Each cell's source (records / reported / mixed) on a second sheet."""
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(data.period.key[:31].replace(".", "_"))
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    small = book.add_format({"font_color": "#777777", "font_size": 8})
    nums, cell = _number_formats(book)
    title = _("Bảng số liệu %(period)s – %(unit)s") % {
        "period": data.period.label,
        "unit": data.unit.name,
    }
    write_text(sheet, 0, 0, title, bold)
    write_text(sheet, 1, 0, _("Dòng cuối là tổng của %(unit)s.") % {"unit": data.unit.name})
    names = [f"{i.name} ({i.unit})" for i in indicators]
    write_cells(sheet, 2, 0, ["ID", _("Đơn vị"), *names], bold)
    write_cells(sheet, CODE_ROW, 0, ["id", "unit", *[i.code for i in indicators]], small)
    all_rows = [*rows, (data.unit, data.figures)]
    for r, (u, figs) in enumerate(all_rows, start=CODE_ROW + 1):
        total = r == CODE_ROW + len(all_rows)
        write_cells(sheet, r, 0, [u.pk], cell)
        write_text(
            sheet,
            r,
            1,
            (_("Cộng: %(unit)s") % {"unit": u.name}) if total else u.name,
            bold if total else cell,
        )
        for c, ind in enumerate(indicators, start=2):
            f: Figure | None = figs.get(ind.code)
            if f is None or f.value is None:
                sheet.write_blank(r, c, None, cell)
            else:
                sheet.write_number(r, c, f.value, nums.get(min(ind.decimals, 2), nums[0]))
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 1 + len(indicators), 14)
    sheet.freeze_panes(CODE_ROW + 1, 2)
    _sources(book, indicators, all_rows, bold, cell)
    book.close()
    return out.getvalue()


def _sources(book, indicators, rows, bold, cell) -> None:
    """Each cell's source where it is not the records: "reported" (the unit's own number) or
    "mixed" (numbers reported below counted in); an empty cell is from the records."""
    sheet = book.add_worksheet(_("Nguồn số liệu"))
    write_text(sheet, 0, 0, _("Ô trống: số từ hồ sơ (records)."))
    write_cells(sheet, 1, 0, ["ID", _("Đơn vị"), *[i.code for i in indicators]], bold)
    for r, (u, figs) in enumerate(rows, start=2):
        write_cells(sheet, r, 0, [u.pk], cell)
        write_text(sheet, r, 1, u.name, cell)
        for c, ind in enumerate(indicators, start=2):
            f = figs.get(ind.code)
            if f is not None and f.source != RECORDS:
                write_text(sheet, r, c, f.source)
    sheet.set_column(1, 1, 40)


# --- FDRS ----------------------------------------------------------------------------------------
FDRS_HEADER = ["code", "indicator", "sex", "age_band", "value", "source", "unit", "period"]
# The FDRS codebook's volunteer age bands (KPI_PeopleVol_<M|F>_age_<band>, KPI_PeopleVol_Tot_age_
# <band>): 6_12 … 70_79, 80 (and over) and Other (age unknown; the codebook has no band under 6,
# so the rare volunteer under 6 is counted there too). Unknown sex has a total only
# (KPI_PeopleVol_Tot_UnknownSex), no band codes.
FDRS_BANDS = ["6_12", "13_17", "18_29", "30_39", "40_49", "50_59", "60_69", "70_79", "80", "Other"]


def fdrs_band(band: str) -> str:
    """The FDRS codebook's suffix of one of our age bands: "18-29" → "18_29", "80+" → "80",
    "<6" and "unknown" → "Other"."""
    if band in ("<6", "unknown"):
        return "Other"
    if band.endswith("+"):
        return band[:-1]
    return band.replace("-", "_")


def fdrs_rows(data: ReportData) -> list[list]:
    """Every indicator carrying an FDRS code with its value, then the volunteers by sex and FDRS
    age band as the codebook names them: ``KPI_PeopleVol_<M|F>_age_<band>``, the bands' totals of
    every sex ``KPI_PeopleVol_Tot_age_<band>`` and ``KPI_PeopleVol_Tot_UnknownSex``. ``data``
    must carry the unit's full figures (collect(..., whole=True))."""
    unit, period = data.unit.name, data.period.key
    rows: list[list] = []
    for ind in data.indicators:
        f = data.figures.get(ind.code)
        if ind.fdrs and f is not None and f.value is not None:
            rows.append([ind.fdrs, ind.code, "", "", f.value, f.source, unit, period])
    kept = {i.code for i in data.indicators}
    if "volunteers" in kept and data.whole is not None:
        vol = breakdown(data.whole, ["volunteer"])["volunteer"]
        counts = {(sex, b): 0 for sex in ("M", "F", "U") for b in FDRS_BANDS}
        for sex in ("M", "F", "U"):
            for band in BANDS:
                counts[sex, fdrs_band(band)] += vol.get(sex, {}).get(band, 0)
        for band in FDRS_BANDS:
            for sex in ("M", "F"):
                code = f"KPI_PeopleVol_{sex}_age_{band}"
                rows.append(
                    [code, "volunteers", sex, band, counts[sex, band], "records", unit, period]
                )
            both = sum(counts[sex, band] for sex in ("M", "F", "U"))
            rows.append(
                [
                    f"KPI_PeopleVol_Tot_age_{band}",
                    "volunteers",
                    "",
                    band,
                    both,
                    "records",
                    unit,
                    period,
                ]
            )
        unknown = sum(counts["U", band] for band in FDRS_BANDS)
        rows.append(
            [
                "KPI_PeopleVol_Tot_UnknownSex",
                "volunteers",
                "U",
                "",
                unknown,
                "records",
                unit,
                period,
            ]
        )
    return rows


def fdrs_csv(data: ReportData) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(FDRS_HEADER)
    for row in fdrs_rows(data):
        w.writerow(safe_row(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def fdrs_xlsx(data: ReportData) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("FDRS")
    bold = book.add_format({"bold": True})
    write_cells(sheet, 0, 0, FDRS_HEADER, bold)
    for r, row in enumerate(fdrs_rows(data), start=1):
        write_cells(sheet, r, 0, row)
    sheet.set_column(0, 0, 32)
    sheet.set_column(6, 6, 40)
    book.close()
    return out.getvalue()
