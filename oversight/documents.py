"""The visit record (biên bản kiểm tra) and the plan's summary report (báo cáo kết quả kiểm tra)
as administrative documents (core.admindoc: to_docx / to_pdf), built from the data."""

from collections import defaultdict

from django.utils import timezone

from core.admindoc import Document, Heading, Paragraph, Run, Signature, Table, place_date_line
from core.formatting import format_date, format_decimal, format_number
from funds.printing import place_of
from indicators.catalogue import BY_CODE
from org.models import Unit

from .models import InspectionPlan, Organisation, RecommendationStatus, Visit, VisitCheck
from .services.inspections import VISIT_INDICATORS, planned_units

FINDINGS = [
    ("strengths", "Ưu điểm"),
    ("limitations", "Hạn chế"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất, kiến nghị của đơn vị"),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def _upper(unit: Unit | None) -> str:
    return unit.name.upper() if unit is not None else ""


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.get_parent(unit)


def _value(code: str, value) -> str:
    if value is None:
        return "–"
    ind = BY_CODE.get(code)
    if ind is not None and ind.decimals and isinstance(value, float):
        return format_decimal(value, ind.decimals)
    return format_number(int(value)) if float(value).is_integer() else format_decimal(value, 2)


def _lines(text: str) -> list[Paragraph]:
    return [Paragraph(f"- {line.strip().lstrip('-').strip()}") for line in text.splitlines() if line.strip()]  # fmt: skip


def _figures_table(visit: Visit) -> Table:
    codes = [c for c in VISIT_INDICATORS if c in visit.figures] + [
        c for c in visit.figures if c not in VISIT_INDICATORS
    ]
    rows = [
        [str(i), str(BY_CODE[c].name) if c in BY_CODE else c, _value(c, visit.figures[c])]
        for i, c in enumerate(codes, start=1)
    ]
    return Table(["TT", "Chỉ tiêu", "Số liệu"], rows, widths=[1, 8, 3], numeric={2})


def _attendance(visit: Visit) -> list[Paragraph]:
    by_org: dict[str, list] = defaultdict(list)
    for a in visit.attendees.all():
        by_org[a.organisation].append(a)
    out = []
    team = visit.plan.team.all() if visit.plan else []
    if team:
        out.append(Paragraph([Run("Đoàn kiểm tra:", bold=True)]))
        out += [Paragraph(f"- Ông/bà {m.name}, {m.role}") for m in team]
    for org, label in Organisation.choices:
        if by_org.get(org):
            out.append(Paragraph([Run(f"{label}:", bold=True)]))
            out += [Paragraph(f"- Ông/bà {a.name}" + (f", {a.role}" if a.role else "")) for a in by_org[org]]  # fmt: skip
    return out


def visit_record(visit: Visit) -> Document:
    inspector = visit.plan.unit if visit.plan else (_parent(visit.unit) or visit.unit)
    place = place_of(visit.unit) or visit.unit.name
    blocks: list = [
        Paragraph(
            f"Hôm nay, {place_date_line('', visit.on).lstrip(', ')}"
            + (f", tại {visit.place}" if visit.place else "")
            + (
                f", thực hiện Kế hoạch số {visit.plan.number} ngày {format_date(visit.plan.issued_on)} của {inspector.name}"
                if visit.plan
                else ""
            )  # fmt: skip
            + f", Đoàn kiểm tra đã làm việc với {visit.unit.name}."
        ),
        Heading("I. THÀNH PHẦN"),
        *_attendance(visit),
        Heading("II. KẾT QUẢ KIỂM TRA"),
        Heading("1. Số liệu của đơn vị", level=2),
        _figures_table(visit),
    ]
    checks = list(visit.checks.select_related("item").order_by("item__order"))
    if checks:
        answers = dict(VisitCheck.Answer.choices)
        blocks += [
            Heading("2. Nội dung kiểm tra", level=2),
            Table(["TT", "Nội dung", "Kết quả", "Ghi chú"],
                  [[str(i), c.item.text, str(answers[c.answer]), c.note] for i, c in enumerate(checks, start=1)],
                  widths=[1, 7, 2.5, 3.5]),
        ]  # fmt: skip
    n = 3 if checks else 2
    for field, label in FINDINGS:
        text = getattr(visit, field)
        if text:
            blocks += [Heading(f"{n}. {label}", level=2), *_lines(text)]
            n += 1
    recs = list(visit.recommendations.select_related("owner"))
    if recs:
        blocks += [
            Heading("III. KIẾN NGHỊ CỦA ĐOÀN KIỂM TRA"),
            Table(["TT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"],
                  [[str(i), r.text, r.owner.name, format_date(r.due)] for i, r in enumerate(recs, start=1)],
                  widths=[1, 7, 4, 2.5]),
        ]  # fmt: skip
    blocks.append(Paragraph("Biên bản được thông qua tại buổi làm việc, các thành viên dự họp thống nhất với nội dung trên."))  # fmt: skip
    leader = next(iter(visit.plan.team.all()), None) if visit.plan else None
    return Document(
        parent=_upper(_parent(inspector)), issuer=_upper(inspector), number="Số:      /BB-KT",
        place_date=place_date_line(place, visit.on), kind="BIÊN BẢN",
        summary=f"Kiểm tra công tác Hội tại {visit.unit.name}", blocks=blocks,
        signatures=[
            Signature(title="ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA"),
            Signature(title="TRƯỞNG ĐOÀN KIỂM TRA", name=leader.name if leader else ""),
        ],
    )  # fmt: skip


def _plan_table(plan: InspectionPlan, visits: list[Visit]) -> Table:
    rows = []
    for i, v in enumerate(visits, start=1):
        f = v.figures
        rows.append([
            str(i), v.unit.name, format_date(v.on), _value("members", f.get("members")),
            _value("dues_rate", f.get("dues_rate")), _value("fund_balance", f.get("fund_balance")),
            str(len(v.recommendations.all())),
        ])  # fmt: skip
    return Table(
        ["TT", "Đơn vị", "Ngày kiểm tra", "Hội viên", "Thu hội phí (%)", "Quỹ nhân đạo (đ)", "Kiến nghị"],
        rows, widths=[1.1, 5, 2.4, 1.8, 2, 3, 1.6], numeric={3, 4, 5, 6}, size=10,
    )  # fmt: skip


def plan_report(plan: InspectionPlan, *, today=None) -> Document:
    day = today or timezone.localdate()
    visits = list(
        plan.visits.filter(cancelled_at__isnull=True)
        .select_related("unit")
        .prefetch_related("recommendations")
        .order_by("on", "unit__sort_key")
    )
    planned = planned_units(plan).count()
    inspected = len({v.unit_id for v in visits})
    recs = [r for v in visits for r in v.recommendations.all()]
    states: dict[str, int] = defaultdict(int)
    for r in recs:
        states[r.state_on(day)] += 1
    blocks: list = [
        Paragraph(
            f"Thực hiện Kế hoạch số {plan.number} ngày {format_date(plan.issued_on)} của {plan.unit.name} về {plan.content[:1].lower()}{plan.content[1:]}, Đoàn kiểm tra đã tiến hành kiểm tra; kết quả như sau:"
        ),  # fmt: skip
        Heading("I. KẾT QUẢ CHUNG"),
        Paragraph(f"Số đơn vị được kiểm tra: {inspected}/{planned} đơn vị theo kế hoạch."),
    ]
    if plan.schedule:
        blocks.append(Paragraph(f"Thời gian kiểm tra: {plan.schedule}."))
    blocks.append(_plan_table(plan, visits))
    for n, (field, label) in enumerate(FINDINGS, start=2):
        items = [(v.unit.name, getattr(v, field)) for v in visits if getattr(v, field)]
        if items:
            blocks.append(Heading(f"{ROMAN[n - 1]}. {label.upper()}"))
            for name, text in items:
                blocks += [Paragraph([Run(f"{name}:", bold=True)]), *_lines(text)]
    blocks += [
        Heading(f"{ROMAN[len(FINDINGS) + 1]}. KIẾN NGHỊ VÀ VIỆC THỰC HIỆN"),
        Paragraph(
            f"Đoàn kiểm tra đã kiến nghị {len(recs)} nội dung: {states[RecommendationStatus.DONE]} đã thực hiện, "
            f"{states[RecommendationStatus.OPEN]} đang thực hiện, {states[RecommendationStatus.OVERDUE]} quá hạn."
        ),
    ]  # fmt: skip
    return Document(
        parent=_upper(_parent(plan.unit)), issuer=_upper(plan.unit), number="Số:      /BC-CTĐ",
        place_date=place_date_line(place_of(plan.unit) or plan.unit.name, day), kind="BÁO CÁO",
        summary=f"Kết quả kiểm tra công tác Hội năm {plan.year}", blocks=blocks,
        recipients=["Ban Thường vụ", "Các đơn vị được kiểm tra", "Lưu: VT"],
        signatures=[Signature(authority="TM. BAN THƯỜNG VỤ", title="CHỦ TỊCH")],
        landscape=False,
    )  # fmt: skip
