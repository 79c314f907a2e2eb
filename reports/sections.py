"""The sections of a summary report and the sentences that prefill them, as associations write
them (seeds 002, 004: "Trong năm 2019, toàn quận đã trợ giúp 420 địa chỉ nhân đạo; tổ chức 2
đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu; …").

A sentence names the indicators it quotes (``codes``); it is written only when every one of them
is in the catalogue and kept by the association (a programme app not installed yet, the women's
union's missing volunteers) and has a value other than zero; a shorter sentence after it says
what is left (written only when the longer one was not). ``presets``: the
association presets it belongs to (None: all). ``compare``: an indicator whose previous-period
value is written in brackets at ``%(compare)s`` ("(năm 2024: 990)"; nothing without one).
Placeholders: each code, and ``scope`` ("toàn tỉnh", ``Scope`` capitalised), ``period``
("năm 2025"), ``end`` ("31/12/2025"), ``fund`` (the profile's word for the fund)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RC, WU = "red_cross", "women_union"


@dataclass(frozen=True)
class Sentence:
    codes: tuple[str, ...]
    text: Promise
    presets: tuple[str, ...] | None = None
    compare: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    sentences: tuple[Sentence, ...]
    presets: tuple[str, ...] | None = None


S = Sentence

ORGANISATION = Section("organisation", _("Công tác tổ chức, xây dựng Hội"), (
    S(("bases", "branches"), _("Tính đến ngày %(end)s, %(scope)s có %(bases)s Hội cơ sở với "
                               "%(branches)s chi hội.")),
    S(("branch_coverage",), _("Độ phủ chi hội trên các khu dân cư đạt %(branch_coverage)s.")),
    S(("members", "members_female"), _("Tổng số hội viên là %(members)s người%(compare)s, trong đó "
                                       "%(members_female)s hội viên nữ."),
      presets=(RC,), compare="members"),
    S(("members",), _("Tổng số hội viên là %(members)s người%(compare)s."), presets=(WU,),
      compare="members"),
    S(("joined", "left"), _("Trong %(period)s, kết nạp mới %(joined)s hội viên; %(left)s hội "
                            "viên thôi sinh hoạt.")),
    S(("joined",), _("Trong %(period)s, kết nạp mới %(joined)s hội viên.")),
    S(("member_ratio",), _("Tỷ lệ hội viên so với dân số đạt %(member_ratio)s."),
      presets=(RC,)),
    S(("member_ratio",), _("Tỷ lệ tập hợp hội viên so với tổng số phụ nữ từ 18 tuổi trở lên "
                           "đạt %(member_ratio)s."), presets=(WU,)),
    S(("volunteers", "teams", "team_volunteers"),
      _("%(Scope)s có %(volunteers)s tình nguyện viên%(compare)s; %(teams)s đội tình nguyện viên với "
        "%(team_volunteers)s tình nguyện viên."), compare="volunteers"),
    S(("volunteers",), _("%(Scope)s có %(volunteers)s tình nguyện viên%(compare)s."), compare="volunteers"),
    S(("tr_active_volunteers", "tr_volunteer_hours"),
      _("Có %(tr_active_volunteers)s tình nguyện viên tích cực, đóng góp %(tr_volunteer_hours)s "
        "giờ tình nguyện.")),
    S(("youth",), _("Có %(youth)s thanh niên Chữ thập đỏ sinh hoạt trong các tổ chức Hội.")),
    S(("clubs", "club_members"), _("Duy trì %(clubs)s câu lạc bộ, tổ, nhóm với %(club_members)s "
                                   "lượt người tham gia.")),
    S(("cadres", "cadres_equipped_pct"),
      _("Đội ngũ cán bộ Hội gồm %(cadres)s người; %(cadres_equipped_pct)s cán bộ được trang bị "
        "đồng phục và huy hiệu.")),
    S(("cadres",), _("Đội ngũ cán bộ Hội gồm %(cadres)s người.")),
    S(("bases_books_ok_pct",), _("%(bases_books_ok_pct)s Hội cơ sở có sổ sách hội viên cập "
                                 "nhật.")),
))  # fmt: skip

MOVEMENTS = Section("movements", _("Các phong trào, cuộc vận động nhân đạo"), (
    S(("aid_addresses_supported",),
      _("Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo” đã kết nối, trợ "
        "giúp %(aid_addresses_supported)s địa chỉ nhân đạo%(compare)s."), presets=(RC,),
      compare="aid_addresses_supported"),
    S(("aid_addresses_supported",), _("Các cấp Hội đã kết nối, hỗ trợ "
                                      "%(aid_addresses_supported)s địa chỉ khó khăn."),
      presets=(WU,)),
    S(("aid_gifts_tet", "aid_gifts_value_tet"),
      _("Phong trào “Tết Nhân ái” trao tặng %(aid_gifts_tet)s suất quà trị giá "
        "%(aid_gifts_value_tet)s%(compare)s."), compare="aid_gifts_tet"),
    S(("aid_gifts_month", "aid_gifts_value_month"),
      _("Tháng Nhân đạo trao tặng %(aid_gifts_month)s suất quà trị giá "
        "%(aid_gifts_value_month)s.")),
    S(("aid_gifts_disaster", "aid_gifts_value_disaster"),
      _("Cứu trợ thiên tai: trao %(aid_gifts_disaster)s suất quà trị giá "
        "%(aid_gifts_value_disaster)s.")),
    S(("aid_gifts", "aid_gifts_value"),
      _("Tổng cộng trong %(period)s đã trao %(aid_gifts)s suất quà, trị giá %(aid_gifts_value)s.")),
    S(("aid_assistance_cash", "aid_assistance_goods"),
      _("Trợ giúp thường xuyên bằng tiền mặt %(aid_assistance_cash)s và bằng hiện vật quy ra tiền "
        "%(aid_assistance_goods)s.")),
    S(("aid_reached",), _("Tổng số lượt người được trợ giúp là %(aid_reached)s.")),
    S(("projects_houses_started",), _("Khởi công xây dựng %(projects_houses_started)s nhà nhân "
                                      "đạo.")),
    S(("projects_houses_handed_over", "projects_houses_value"),
      _("Xây dựng, bàn giao %(projects_houses_handed_over)s nhà nhân đạo với tổng giá trị "
        "%(projects_houses_value)s.")),
    S(("projects_cows_given", "projects_calves_born", "projects_calves_passed_on"),
      _("Dự án “Ngân hàng bò” trao %(projects_cows_given)s con bò; %(projects_calves_born)s con "
        "bê được sinh ra, %(projects_calves_passed_on)s con bê được chuyển giao cho hộ tiếp "
        "theo.")),
    S(("projects_households_reached", "projects_households_owning"),
      _("Dự án đã đến với %(projects_households_reached)s hộ gia đình, trong đó "
        "%(projects_households_owning)s hộ đã sở hữu bò.")),
    S(("projects_capital_groups", "projects_capital_members", "projects_capital_outstanding"),
      _("Duy trì %(projects_capital_groups)s tổ, nhóm vốn với %(projects_capital_members)s thành "
        "viên, dư nợ %(projects_capital_outstanding)s.")),
    S(("projects_checkup_events", "projects_checkup_visits", "projects_checkup_value"),
      _("Tổ chức %(projects_checkup_events)s đợt khám bệnh, cấp thuốc miễn phí cho "
        "%(projects_checkup_visits)s lượt người, trị giá %(projects_checkup_value)s.")),
    S(("projects_kitchen_meals",), _("Các bếp ăn nhân đạo phục vụ %(projects_kitchen_meals)s "
                                     "suất ăn.")),
))  # fmt: skip

BLOOD = Section("blood", _("Công tác vận động hiến máu tình nguyện"), (
    S(("blood_drives", "blood_units"), _("Tổ chức %(blood_drives)s đợt hiến máu tình nguyện, "
                                         "tiếp nhận %(blood_units)s đơn vị máu%(compare)s."),
      compare="blood_units"),
    S(("blood_donors", "blood_first", "blood_repeat"),
      _("Có %(blood_donors)s người hiến máu, trong đó %(blood_first)s người hiến lần đầu, "
        "%(blood_repeat)s người hiến nhắc lại.")),
    S(("blood_donors",), _("Có %(blood_donors)s người hiến máu.")),
    S(("blood_honours",), _("%(blood_honours)s người hiến máu đạt các mốc được tôn vinh.")),
), presets=(RC,))  # fmt: skip

TRAINING = Section("training", _("Công tác sơ cấp cứu, tập huấn"), (
    S(("tr_classes_first_aid", "tr_trained_first_aid"),
      _("Tổ chức %(tr_classes_first_aid)s lớp tập huấn sơ cấp cứu cho %(tr_trained_first_aid)s "
        "người%(compare)s."), presets=(RC,), compare="tr_trained_first_aid"),
    S(("tr_classes", "tr_trainees"), _("Tổng cộng %(tr_classes)s lớp tập huấn với "
                                       "%(tr_trainees)s lượt người đạt yêu cầu.")),
    S(("tr_trained_cadre",), _("%(tr_trained_cadre)s lượt cán bộ Hội được tập huấn nghiệp "
                               "vụ.")),
    S(("tr_cadres_trained_pct",), _("Tỷ lệ cán bộ Hội được tập huấn trong nhiệm kỳ đạt "
                                    "%(tr_cadres_trained_pct)s.")),
    S(("tr_instructors",), _("Có %(tr_instructors)s hướng dẫn viên có giấy chứng nhận còn hiệu "
                             "lực."), presets=(RC,)),
))  # fmt: skip

FINANCE = Section("finance", _("Công tác tài chính, quỹ và hội phí"), (
    S(("dues_collected", "dues_rate"), _("Thu hội phí được %(dues_collected)s, đạt tỷ lệ "
                                         "%(dues_rate)s%(compare)s."), compare="dues_collected"),
    S(("dues_collected",), _("Thu hội phí được %(dues_collected)s%(compare)s."), compare="dues_collected"),
    S(("dues_rate",), _("Tỷ lệ thu hội phí đạt %(dues_rate)s.")),
    S(("dues_remitted",), _("Nộp hội phí về cấp trên %(dues_remitted)s.")),
    S(("fund_balance",), _("Số dư %(fund)s đến ngày %(end)s là %(fund_balance)s.")),
    S(("bases_fund_ok",), _("%(bases_fund_ok)s Hội cơ sở có %(fund)s từ 5 triệu đồng trở "
                            "lên.")),
    S(("bases_reporting_on_time_pct",), _("%(bases_reporting_on_time_pct)s Hội cơ sở nộp báo "
                                          "cáo năm đúng hạn.")),
))  # fmt: skip

OVERSIGHT = Section("oversight", _("Công tác kiểm tra, giám sát và thi đua"), (
    S(("oversight_bases_inspected_pct",), _("Đã tổ chức kiểm tra %(oversight_bases_inspected_pct)s "
                                            "số Hội cơ sở.")),
    S(("oversight_recommendations_open", "oversight_recommendations_overdue"),
      _("Còn %(oversight_recommendations_open)s kiến nghị sau kiểm tra đang theo dõi, trong đó "
        "%(oversight_recommendations_overdue)s kiến nghị quá hạn.")),
    S(("oversight_bases_strong_pct",), _("%(oversight_bases_strong_pct)s Hội cơ sở được xếp loại "
                                         "vững mạnh.")),
))  # fmt: skip

COMMENDATIONS = Section("commendations", _("Công tác khen thưởng"), (
    S(("oversight_commended_collectives", "oversight_commended_individuals",
       "oversight_commendation_amount"),
      _("Khen thưởng %(oversight_commended_collectives)s tập thể, "
        "%(oversight_commended_individuals)s cá nhân có thành tích xuất sắc, với tổng số tiền "
        "%(oversight_commendation_amount)s.")),
    S(("oversight_commended_collectives", "oversight_commended_individuals"),
      _("Khen thưởng %(oversight_commended_collectives)s tập thể, "
        "%(oversight_commended_individuals)s cá nhân có thành tích xuất sắc.")),
))  # fmt: skip

RESULTS = (ORGANISATION, MOVEMENTS, BLOOD, TRAINING, FINANCE, OVERSIGHT, COMMENDATIONS)
LIMITATIONS, DIRECTIONS = "limitations", "directions"
TITLES = {
    LIMITATIONS: _("Hạn chế, nguyên nhân"),
    DIRECTIONS: _("Phương hướng, nhiệm vụ"),
}
