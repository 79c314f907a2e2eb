"""Inspections and emulation of the demo province (``manage.py demo_programmes``, ``make run``):
this year's inspection plan of three bases with two visits, their recommendations (one done, one
overdue, one still in time), the association's preset score sheet for the year scored from the
figures (the busiest base's own scores submitted), commendations proposed and decided.
Everything goes through the services, as a user would do it."""

import datetime
import random

from members.demo_shared import demo_bases, place
from org.models import Unit

from . import services
from .models import Assessment, CommendationField, CommendationForm, CommendationLevel, Method
from .presets import create_seed000_sheet
from .scoring import leaves, score_sheet

TEAM = [
    {"name": "Phạm Thị Dung", "role": "Phó Chủ tịch Hội, Trưởng đoàn"},
    {"name": "Võ Văn Em", "role": "Trưởng ban Tổ chức – Kiểm tra"},
    {"name": "Đặng Thị Hạnh", "role": "Kế toán"},
]
ATTENDEES = [
    {"name": "Nguyễn Văn An", "organisation": "party", "role": "Phó Bí thư Đảng uỷ"},
    {"name": "Trần Thị Bích", "organisation": "government", "role": "Phó Chủ tịch UBND"},
    {"name": "Lê Văn Cường", "organisation": "association", "role": "Chủ tịch Hội"},
]


def _inspections(actor, province: Unit, bases: list[Unit], today: datetime.date) -> int:
    """The plan and two visits; returns the recommendations made."""
    y = today.year
    plan = services.create_plan(
        actor=actor, unit=province, number="12/KH-CTĐ", issued_on=min(datetime.date(y, 3, 20), today),
        year=y, content=f"Kiểm tra công tác Hội và phong trào Chữ thập đỏ năm {y}", units=bases,
        team=TEAM, schedule="Quý II và quý III",
    )  # fmt: skip
    made = 0
    for n, base in enumerate(bases[:2]):
        on = min(datetime.date(y, 5 + 3 * n, 14), today)
        visit = services.record_visit(
            actor=actor, unit=base, on=on, plan=plan, place=f"Trụ sở UBND {place(base)}",
            attendees=ATTENDEES, today=today,
            strengths="Sổ sách hội viên, quỹ ghi chép đầy đủ; phong trào hiến máu sôi nổi",
            limitations="Thu hội phí chậm ở một số chi hội; chưa rà soát địa chỉ nhân đạo đúng hạn",
            difficulties="Kinh phí hoạt động còn hạn hẹp", proposals="Mở thêm lớp sơ cấp cứu",
        )  # fmt: skip
        # The first visit's recommendations fall due after it (one done, one overdue), the
        # second's later than today (still in time).
        start = on if n == 0 else max(on, today)
        recs = [
            ("Hoàn thành thu hội phí của các chi hội", start + datetime.timedelta(days=30)),
            ("Rà soát lại danh sách địa chỉ nhân đạo", start + datetime.timedelta(days=60)),
        ]
        for text_, due in recs:
            rec = services.add_recommendation(
                actor=actor, visit=visit, text_=text_, owner=base, due=due
            )
            made += 1
            if n == 0 and made == 1 and due <= today:  # the first done on time, the other overdue
                services.follow_up(
                    actor=actor, recommendation=rec, on=min(due, today), done=True, today=today,
                    note="Các chi hội đã nộp đủ hội phí", evidence="Biên lai thu hội phí",
                )  # fmt: skip
    return made


def _scoring(actor, province: Unit, base: Unit, today: datetime.date) -> int:
    """The preset sheet of the year scored for every base; the busiest base's own scores of the
    manual criteria (the full marks less one here and there) submitted."""
    sheet = create_seed000_sheet(actor=actor, unit=province, year=today.year)
    scored = score_sheet(sheet, within=province, today=today)
    assessment = Assessment.objects.get(sheet=sheet, unit=base)
    for n, criterion in enumerate(c for c in leaves(sheet) if c.method == Method.MANUAL):
        points = criterion.max_points - (1 if n % 3 == 2 and criterion.max_points >= 1 else 0)
        services.set_self_score(
            actor=actor, assessment=assessment, criterion=criterion, points=points,
            evidence="Báo cáo tổng kết của Hội cơ sở",
        )  # fmt: skip
    services.submit_assessment(actor=actor, assessment=assessment)
    return scored


def _commendations(actor, province: Unit, bases: list[Unit], rng: random.Random, today) -> int:
    y = today.year - 1
    proposals = [
        (bases[0], CommendationField.YEAR, CommendationForm.MERIT, "Hoàn thành xuất sắc công tác Hội năm"),
        (bases[1 % len(bases)], CommendationField.BLOOD, CommendationForm.CERTIFICATE, "Dẫn đầu phong trào hiến máu tình nguyện"),
        (bases[2 % len(bases)], CommendationField.HUMANITARIAN, CommendationForm.CERTIFICATE, "Vận động quà Tết Nhân ái"),
    ]  # fmt: skip
    for n, (unit, field, form, achievement) in enumerate(proposals):
        c = services.propose_commendation(
            actor=actor, unit=unit, year=y, field=field, level=CommendationLevel.PROVINCE,
            form=form, proposed_on=datetime.date(y, 12, 10), achievement=achievement,
            amount=1_000_000 if form == CommendationForm.MERIT else 500_000, today=today,
        )  # fmt: skip
        services.decide_commendation(
            actor=actor, commendation=c, number=f"{15 + n}/QĐ-CTĐ", on=datetime.date(y, 12, 28),
            issuer="Ban Thường vụ Hội Chữ thập đỏ thành phố", today=today,
        )  # fmt: skip
    return len(proposals)


def add_demo(*, actor, province: Unit, rng: random.Random, today: datetime.date) -> str:
    """The oversight demo of ``province``; returns one line saying what it made."""
    bases = demo_bases(province, 3)
    recs = _inspections(actor, province, bases, today)
    scored = _scoring(actor, province, bases[0], today)
    awards = _commendations(actor, province, bases, rng, today)
    return (
        f"1 kế hoạch kiểm tra, 2 cuộc kiểm tra, {recs} kiến nghị, bảng điểm thi đua năm "
        f"{today.year} cho {scored} Hội cơ sở, {awards} khen thưởng"
    )
