"""The prefilled report: each figure equals its indicator, sentences in correct Vietnamese for
both presets, only when their figures exist."""

import pytest
from django.utils import translation

from indicators import selectors as ind_selectors
from indicators.catalogue import BY_CODE, available
from members.tests.factories import make_member
from org.models import AssociationProfile
from org.presets import PRESETS
from reports import builder, sections
from reports.data import collect
from reports.periods import parse_period

from .conftest import YEAR, report_values, reportable

PERIOD = parse_period(str(YEAR))

VALUES = {
    "bases": 18, "branches": 297, "volunteers": 274, "teams": 16, "team_volunteers": 200,
    "aid_addresses_supported": 420, "blood_drives": 2, "blood_units": 1085,
    "aid_gifts_tet": 8578, "aid_gifts_value_tet": 3_050_000_000, "tr_classes_first_aid": 13,
    "tr_trained_first_aid": 690, "dues_collected": 12_500_000,
}  # fmt: skip


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def test_each_figure_equals_its_indicator_on_the_dashboard(tree, users):
    make_member(users.superuser, tree.b1)
    make_member(users.superuser, tree.b2)
    report_values(tree.b1, blood_units=40, blood_drives=1)
    data = collect(tree.p1, PERIOD)
    row = ind_selectors.values([tree.p1], YEAR, data.indicators)[0]
    assert data.figures, "no figure"
    for code, cell in row.cells.items():
        fig = data.figures[code]
        assert (fig.value, fig.source) == (cell.value, cell.source), code
    assert data.figures["members"].value == 2
    assert (data.figures["blood_units"].value, data.figures["blood_units"].source) == (40, "mixed")


def test_the_red_cross_sentences_read_like_the_associations_reports(tree):
    report_values(tree.p1, **{c: VALUES[c] for c in reportable(VALUES)})
    draft = builder.build(collect(tree.p1, PERIOD))
    text = {s["key"]: s["text"] for s in draft.sections}
    assert (
        "Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo” đã kết nối, "
        "trợ giúp 420 địa chỉ nhân đạo." in text["movements"]
    )
    assert (
        "Phong trào “Tết Nhân ái” trao tặng 8.578 suất quà trị giá hơn 3 tỷ đồng."
        in text["movements"]
    )
    assert text["blood"] == "Tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu."
    assert "Tổ chức 13 lớp tập huấn sơ cấp cứu cho 690 người." in text["training"]
    assert (
        "Tính đến ngày 31/12/2025, toàn thành phố có 18 Hội cơ sở với 297 chi hội."
        in text["organisation"]
    )
    assert (
        "Toàn thành phố có 274 tình nguyện viên; 16 đội tình nguyện viên với 200 tình "
        "nguyện viên." in text["organisation"]
    )
    assert "Thu hội phí được hơn 12 triệu đồng" in text["finance"]
    links = {(lk.section, lk.code): lk.shown for lk in draft.links}
    assert links[("blood", "blood_units")] == "1.085"
    assert links[("movements", "aid_gifts_value_tet")] == "hơn 3 tỷ đồng"
    keys = [s["key"] for s in draft.sections]
    assert keys[-2:] == ["limitations", "directions"]
    assert "Phương hướng, nhiệm vụ năm 2026" in text["directions"]


def test_the_previous_year_is_quoted_in_brackets(tree):
    report_values(tree.b1, year=YEAR - 1, blood_drives=1, blood_units=990)
    report_values(tree.b1, blood_drives=2, blood_units=1085)
    draft = builder.build(collect(tree.b1, PERIOD))
    blood = next(s["text"] for s in draft.sections if s["key"] == "blood")
    assert blood == (
        "Tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu (năm 2024: 990)."
    )


def test_a_sentence_whose_figures_are_missing_or_zero_is_left_out(tree):
    draft = builder.build(collect(tree.p1, PERIOD))
    keys = [s["key"] for s in draft.sections]
    assert "blood" not in keys and "movements" not in keys
    assert keys[-2:] == ["limitations", "directions"]


def _women_union():
    data = PRESETS["women_union"]
    AssociationProfile.objects.filter(pk=1).update(
        preset="women_union",
        name=data["name"],
        short_name=data["short_name"],
        member_categories=data["member_categories"],
        terminology=data["terminology"],
    )


def test_the_womens_union_gets_its_own_sentences_and_no_red_cross_section(tree, users):
    _women_union()
    make_member(users.superuser, tree.b1)
    report_values(tree.b1, blood_drives=2, blood_units=50, aid_addresses_supported=12)
    data = collect(tree.p1, PERIOD)
    assert "volunteers" not in {i.code for i in data.indicators}
    draft = builder.build(data)
    text = {s["key"]: s["text"] for s in draft.sections}
    assert "blood" not in text  # the Red Cross's own work
    assert "Tổng số hội viên là 1 người." in text["organisation"]
    assert "tình nguyện viên" not in text["organisation"]
    assert text["movements"] == "Các cấp Hội đã kết nối, hỗ trợ 12 địa chỉ khó khăn."
    assert "“Mỗi tổ chức, mỗi cá nhân" not in text["movements"]


def _every_sentence_code():
    return sorted({c for sec in sections.RESULTS for s in sec.sentences for c in s.codes})


def test_every_sentence_is_written_once_its_reportable_figures_exist(tree):
    """Every count a sentence quotes, reported at once: each sentence whose figures are all
    counts of the catalogue (programme apps included, once they land) is written."""
    codes = reportable(_every_sentence_code())
    values = {
        c: (n + 2) * (1_000_000 if BY_CODE[c].unit == "đ" else 1) for n, c in enumerate(codes)
    }
    report_values(tree.b1, **values)
    data = collect(tree.b1, PERIOD)
    draft = builder.build(data)
    linked = {lk.code for lk in draft.links}
    kept = {i.code for i in available({"member", "volunteer", "youth"})}
    for sec in sections.RESULTS:
        for s in sec.sentences:
            if s.presets not in (None, (sections.RC,)):
                continue
            if all(c in codes and c in kept for c in s.codes):
                assert set(s.codes) <= linked, s.text
    for lk in draft.links:
        if lk.code in values:
            assert lk.shown == builder.narrate(BY_CODE[lk.code], values[lk.code]), lk


def test_the_scope_word_follows_the_unit(tree):
    assert builder.scope_of(tree.central) == "toàn Hội"
    assert builder.scope_of(tree.p2) == "toàn tỉnh"
    assert builder.scope_of(tree.b1) == "toàn phường"
    assert builder.scope_of(tree.b2) == "toàn xã"


def test_a_zero_is_not_written_and_the_same_numbers_are_not_said_twice(tree):
    report_values(tree.p1, blood_drives=2, blood_units=90, blood_donors=80, aid_gifts_tet=50,
                  aid_gifts_value_tet=20_000_000, aid_gifts=50, aid_gifts_value=20_000_000)  # fmt: skip
    text = {s["key"]: s["text"] for s in builder.build(collect(tree.p1, PERIOD)).sections}
    assert "Có 80 người hiến máu." in text["blood"]
    assert "lần đầu" not in text["blood"]  # no first-time donor counted: not "0 người"
    assert text["movements"].count("50 suất quà") == 1


def test_a_comparison_has_its_place_in_the_sentence():
    for sec in sections.RESULTS:
        for s in sec.sentences:
            assert ("%(compare)s" in str(s.text)) == bool(s.compare), s.text


def _data_with(tree, values, preset="red_cross"):
    from reports.data import Figure, ReportData

    figures = {c: Figure(BY_CODE[c], v) for c, v in values.items()}
    inds = [BY_CODE[c] for c in values]
    return ReportData(tree.p1, PERIOD, preset, {"fund": "quỹ nhân đạo"}, inds, figures)


def test_every_figure_a_sentence_quotes_is_written_programmes_and_oversight_included(tree):
    codes = _every_sentence_code()
    missing = [c for c in codes if c not in BY_CODE]
    assert missing == [], f"not in the catalogue: {missing}"
    values = {c: n + 2 for n, c in enumerate(codes)}
    draft = builder.build(_data_with(tree, values))
    assert {lk.code for lk in draft.links} == set(codes)
    text = {s["key"]: s["text"] for s in draft.sections}
    v = {c: builder.narrate(BY_CODE[c], values[c]) for c in codes}
    assert (
        f"Khen thưởng {v['oversight_commended_collectives']} tập thể, "
        f"{v['oversight_commended_individuals']} cá nhân có thành tích xuất sắc, với tổng số tiền "
        f"{v['oversight_commendation_amount']}." == text["commendations"]
    )
    assert (
        f"Đã tổ chức kiểm tra {v['oversight_bases_inspected_pct']} số Hội cơ sở."
        in text["oversight"]
    )
    assert (
        f"Dự án “Ngân hàng bò” trao {v['projects_cows_given']} con bò; "
        f"{v['projects_calves_born']} con bê được sinh ra" in text["movements"]
    )
    assert (
        f"Tổ chức {v['projects_checkup_events']} đợt khám bệnh, cấp thuốc miễn phí cho "
        f"{v['projects_checkup_visits']} lượt người, trị giá {v['projects_checkup_value']}."
        in text["movements"]
    )
    assert [s["key"] for s in draft.sections] == [
        "organisation", "movements", "blood", "training", "finance", "oversight",
        "commendations", "limitations", "directions",
    ]  # fmt: skip


def test_the_womens_union_sentences_leave_out_the_red_cross_work(tree):
    codes = _every_sentence_code()
    values = {c: n + 2 for n, c in enumerate(codes)}
    draft = builder.build(_data_with(tree, values, preset="women_union"))
    keys = [s["key"] for s in draft.sections]
    assert "blood" not in keys
    text = {s["key"]: s["text"] for s in draft.sections}
    assert "tỷ lệ tập hợp hội viên so với tổng số phụ nữ" in text["organisation"].lower()
    assert "sơ cấp cứu" not in text["training"]
