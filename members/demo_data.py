"""Reference data of the demo generator (members.demo): Vietnamese names and their shares,
ethnic groups, religions, occupations, mobile prefixes, end notes, and the plan's rates."""

from core.vn import FEMALE, MALE

from .models import EndReason

# Family names and their approximate shares of the population (per cent).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.1),
    ("Huỳnh", 2.0), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.6),
    ("Đoàn", 0.5), ("Trương", 0.5), ("Lâm", 0.4), ("Mai", 0.4), ("Trịnh", 0.4), ("Hà", 0.4),
    ("Cao", 0.3), ("Lương", 0.3), ("Tạ", 0.2), ("Lưu", 0.2), ("Châu", 0.2), ("Tô", 0.2),
    ("Quách", 0.1), ("Kiều", 0.1), ("Thái", 0.1), ("La", 0.1), ("Triệu", 0.1),
]  # fmt: skip
MIDDLE_NAMES = {
    MALE: [("Văn", 40), ("Đức", 9), ("Minh", 9), ("Quang", 7), ("Hữu", 7), ("Công", 5),
           ("Thanh", 4), ("Xuân", 3), ("Ngọc", 3), ("Duy", 3), ("Anh", 2), ("Trọng", 2),
           ("Tiến", 2), ("Hoàng", 2), ("Quốc", 2)],
    FEMALE: [("Thị", 50), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Kim", 4), ("Minh", 3),
             ("Phương", 3), ("Hồng", 3), ("Mỹ", 3), ("Bảo", 2), ("Thùy", 2), ("Diệu", 1),
             ("Hoài", 1), ("Khánh", 1), ("Bích", 2)],
}  # fmt: skip
# A second middle name ("Nguyễn Thị Thu Hà", "Trần Văn Minh Đức") now and then.
SECOND_MIDDLE = {
    MALE: ["Minh", "Quốc", "Anh", "Hoàng", "Gia", "Đức", "Thành"],
    FEMALE: ["Thu", "Ngọc", "Thanh", "Kim", "Phương", "Hồng", "Mai"],
}
GIVEN_NAMES = {
    MALE: ["Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Cường", "Thắng", "Sơn",
           "Hoàng", "Phúc", "Quân", "Huy", "Khánh", "Tâm", "Trung", "Hiếu", "Tùng", "Bình",
           "Thành", "Vinh", "Hưng", "Đạt", "Phong", "Lâm", "Toàn", "Lợi", "Tài", "Đức", "Kiên",
           "Nghĩa", "Quý", "Việt", "Hòa", "Hoà", "Thịnh", "Khoa", "Bảo", "An", "Duy", "Lộc",
           "Quang", "Thái", "Trí", "Vũ", "Tú", "Sáng", "Chiến", "Hậu"],
    FEMALE: ["Hoa", "Lan", "Hương", "Hằng", "Hà", "Linh", "Trang", "Thảo", "Mai", "Ngọc",
             "Nhung", "Phương", "Yến", "Thủy", "Thuỷ", "Huyền", "Dung", "Loan", "Tâm", "Vân",
             "Anh", "Hạnh", "Hiền", "Nga", "Oanh", "Quyên", "Thư", "Trinh", "Uyên", "Vy",
             "Xuân", "Hòa", "Hoà", "Liên", "Lệ", "Nhàn", "Tuyết", "Cúc", "Đào", "Hồng", "Thúy",
             "Thuý", "Giang", "Châu", "My", "Nhi", "Diễm", "Ánh", "Sen", "Lụa"],
}  # fmt: skip
# The shares of the main ethnic groups (1.9% Tày ...); Kinh takes the rest; some left blank.
ETHNICITY_WEIGHTS = [
    ("01", 84.0), ("02", 1.9), ("03", 1.9), ("06", 1.5), ("08", 1.5), ("05", 1.4), ("07", 1.1),
    ("09", 0.9), ("04", 0.8), ("10", 0.5), ("12", 0.4), ("13", 0.3), ("17", 0.2), ("", 3.6),
]  # fmt: skip
RELIGION_WEIGHTS = [
    ("none", 76.0), ("buddhism", 10.0), ("catholic", 7.0), ("protestant", 1.0), ("caodai", 1.0),
    ("hoahao", 1.0), ("", 4.0),
]  # fmt: skip
OCCUPATIONS_WORKING = [
    "Nông dân", "Công nhân", "Giáo viên", "Buôn bán", "Nội trợ", "Lao động tự do", "Công chức",
    "Viên chức", "Nhân viên văn phòng", "Y tá", "Bác sĩ", "Kinh doanh", "Thợ may", "Lái xe",
    "Ngư dân", "Kỹ sư",
]  # fmt: skip
# Vietnamese mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, Itelecom).
MOBILE_PREFIXES = [
    "32", "33", "34", "35", "36", "37", "38", "39", "86", "96", "97", "98", "81", "82", "83",
    "84", "85", "88", "91", "94", "70", "76", "77", "78", "79", "89", "90", "93", "56", "58",
    "59", "87",
]  # fmt: skip
END_NOTES = {
    EndReason.RESIGNED: ["Xin thôi vì lý do sức khoẻ", "Xin thôi vì bận công việc", "Xin thôi"],
    EndReason.MOVED_AWAY: ["Chuyển về quê sinh sống", "Chuyển đi nơi khác làm ăn", ""],
    EndReason.REMOVED: [
        "Không sinh hoạt, không đóng hội phí 2 năm liền",
        "Tự ý bỏ sinh hoạt nhiều năm, chi hội đã họp xét",
    ],
    EndReason.DECEASED: [""],
}

# Category: (share of people, lowest age at joining, highest age at joining, likeliest age).
CATEGORY_PLAN = {
    "member": (0.72, 18, 78, 42),
    "volunteer": (0.14, 18, 60, 24),
    "youth": (0.125, 16, 28, 19),
    "honorary": (0.015, 40, 80, 60),
}
MIN_AGE = {"member": 18, "volunteer": 18, "youth": 16, "honorary": 18}
HISTORY_YEARS = 15
TRANSFER_RATE, EXIT_RATE, READMIT_RATE, EXTRA_VOLUNTEER_RATE = 0.05, 0.05, 0.25, 0.06
WOMEN_SHARE = 0.6
YEAR_ONLY_SHARE, CCCD_SHARE, PHONE_SHARE = 0.2, 0.9, 0.85
BULK_LOAD_FROM = 100_000  # memberships: from there on, indexes are rebuilt after the load
CCCD_MULTIPLIER = 632_459  # odd and not a multiple of 5: a bijection on 0..999,999
