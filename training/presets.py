"""The association's preset courses, the default "active volunteer" rule and recognition levels
(data: a province adds courses, an administrator changes the rule or the levels in the admin).
Loaded by the data migration and by :func:`ensure_presets` (idempotent)."""

import datetime

# (code, name, kind, level, hours, validity in months, prerequisite code, qualifies instructor)
COURSES = [
    ("SCC-CB", "Sơ cấp cứu cơ bản", "first_aid", "basic", 16, 24, "", False),
    ("SCC-NC", "Sơ cấp cứu nâng cao", "first_aid", "advanced", 40, 24, "SCC-CB", False),
    ("SCC-HDV", "Hướng dẫn viên sơ cấp cứu", "first_aid", "instructor", 80, 36, "SCC-NC", True),
    ("CB-TINH", "Tập huấn cán bộ Hội cấp tỉnh", "cadre", "province", 24, None, "", False),
    ("CB-CS", "Tập huấn cán bộ Hội cơ sở", "cadre", "base", 16, None, "", False),
    ("CB-CH", "Tập huấn chi hội trưởng", "cadre", "branch", 8, None, "", False),
    ("UPTH", "Ứng phó thảm hoạ dựa vào cộng đồng", "disaster", "", 24, 36, "", False),
    ("ATDN", "An toàn dưới nước, phòng chống đuối nước", "water", "", 8, 24, "", False),
]

RECOGNITIONS = [
    ("Ghi nhận 50 giờ tình nguyện", 50),
    ("Ghi nhận 100 giờ tình nguyện", 100),
    ("Ghi nhận 500 giờ tình nguyện", 500),
]

RULE_FROM = datetime.date(2000, 1, 1)


def ensure_presets(Course, VolunteerRule, RecognitionLevel) -> None:
    """Create what is missing (models passed in: the migration's historical ones work too)."""
    by_code = {c.code: c for c in Course.objects.filter(code__in=[c[0] for c in COURSES])}
    for code, name, kind, level, hours, months, prereq, instructor in COURSES:
        if code not in by_code:
            by_code[code] = Course.objects.create(
                code=code, name=name, kind=kind, level=level, hours=hours,
                validity_months=months, prerequisite=by_code.get(prereq),
                qualifies_instructor=instructor,
            )  # fmt: skip
    if not VolunteerRule.objects.exists():
        VolunteerRule.objects.create(valid_from=RULE_FROM)
    for name, hours in RECOGNITIONS:
        RecognitionLevel.objects.get_or_create(hours=hours, defaults={"name": name})
