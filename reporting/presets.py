"""The forms each association starts with (``manage.py load_report_forms``): the Red Cross's
6-month and annual statistical reports, the Women's Union's. Items are catalogue codes (computed
from the records) or numbers only reported; a code the catalogue learns later (a programme app's
indicator) turns the item computed without any change here.

Humanitarian addresses helped, gift parcels and their value (aid app), blood drives, units and
donors (blood app), first-aid classes and trainees (training app), Red Cross houses, the cow bank,
check-ups and kitchen meals (projects app), bases inspected and commendations (oversight app) are
catalogue codes; what no app records (funds raised in cash and kind, people given disaster relief
outside the gift lists; the Women's Union's own figures) are reported-only items here."""

from django.db import transaction
from django.utils.translation import gettext_noop as N_

from core import audit

from .models import FormItem, ReportForm, Rule

ORG, PEOPLE, MONEY, WORK = (
    N_("A. Tổ chức Hội"),
    N_("B. Hội viên, tình nguyện viên"),
    N_("C. Tài chính"),
    N_("D. Kết quả hoạt động"),
)

# (code, name for reported-only items, section, value type)
RC_ITEMS = [
    ("bases", "", ORG, "count"),
    ("branches", "", ORG, "count"),
    ("teams", "", ORG, "count"),
    ("clubs", "", ORG, "count"),
    ("members", "", PEOPLE, "count"),
    ("members_female", "", PEOPLE, "count"),
    ("joined", "", PEOPLE, "count"),
    ("left", "", PEOPLE, "count"),
    ("volunteers", "", PEOPLE, "count"),
    ("youth", "", PEOPLE, "count"),
    ("cadres", "", PEOPLE, "count"),
    ("dues_collected", "", MONEY, "vnd"),
    ("dues_remitted", "", MONEY, "vnd"),
    ("fund_balance", "", MONEY, "vnd"),
    ("funds_raised", N_("Tiền và hàng vận động được (quy ra tiền)"), MONEY, "vnd"),
    ("aid_addresses_supported", "", WORK, "count"),
    ("aid_gifts", "", WORK, "count"),
    ("aid_gifts_value", "", WORK, "vnd"),
    ("relief_people", N_("Lượt người được cứu trợ thiên tai"), WORK, "count"),
    ("projects_houses_handed_over", "", WORK, "count"),
    ("projects_houses_value", "", WORK, "vnd"),
    ("projects_cows_given", "", WORK, "count"),
    ("projects_calves_passed_on", "", WORK, "count"),
    ("projects_households_reached", "", WORK, "count"),
    ("projects_checkup_visits", "", WORK, "count"),
    ("projects_kitchen_meals", "", WORK, "count"),
    ("blood_drives", "", WORK, "count"),
    ("blood_donors", "", WORK, "count"),
    ("blood_units", "", WORK, "count"),
    ("tr_classes_first_aid", "", WORK, "count"),
    ("tr_trained_first_aid", "", WORK, "count"),
    ("oversight_bases_inspected", "", WORK, "count"),
    ("oversight_commended_collectives", "", WORK, "count"),
    ("oversight_commended_individuals", "", WORK, "count"),
    ("oversight_commendation_amount", "", WORK, "vnd"),
]
RC_HALF = {
    "members", "joined", "volunteers", "funds_raised", "aid_gifts", "aid_gifts_value", "blood_drives",
    "relief_people",
    "blood_donors", "blood_units", "tr_trained_first_aid",
}  # fmt: skip

# (left, op, right, factor, constant, severity, message)
RC_RULES = [
    ("members_female", "le", "members", 1, 0, "error", N_("Hội viên nữ không thể nhiều hơn hội viên.")),
    ("blood_units", "le", "blood_donors", 2, 0, "error", N_("Đơn vị máu không thể quá 2 lần số lượt người hiến.")),
    ("aid_gifts_value", "ge", "", 1, 0, "error", N_("Giá trị quà không được âm.")),
    ("tr_trained_first_aid", "ge", "tr_classes_first_aid", 1, 0, "warning", N_("Số người được tập huấn ít hơn số lớp.")),
    ("members", "jump", "", 10, 0, "warning", N_("Số hội viên thay đổi hơn 10 lần so với kỳ trước.")),
    ("aid_gifts", "jump", "", 10, 0, "warning", N_("Số suất quà thay đổi hơn 10 lần so với kỳ trước.")),
    ("relief_people", "jump", "", 10, 0, "warning", N_("Số lượt người được cứu trợ thay đổi hơn 10 lần so với kỳ trước.")),
    ("blood_units", "jump", "", 10, 0, "warning", N_("Số đơn vị máu thay đổi hơn 10 lần so với kỳ trước.")),
    ("funds_raised", "jump", "", 10, 0, "warning", N_("Số tiền vận động thay đổi hơn 10 lần so với kỳ trước.")),
]  # fmt: skip

WU_ITEMS = [
    ("bases", "", ORG, "count"),
    ("branches", "", ORG, "count"),
    ("clubs", "", ORG, "count"),
    ("members", "", PEOPLE, "count"),
    ("joined", "", PEOPLE, "count"),
    ("left", "", PEOPLE, "count"),
    ("cadres", "", PEOPLE, "count"),
    ("dues_collected", "", MONEY, "vnd"),
    ("loans_outstanding", N_("Dư nợ vốn vay uỷ thác qua Hội"), MONEY, "vnd"),
    ("savings_groups", N_("Tổ tiết kiệm, tổ vay vốn"), WORK, "count"),
    ("poor_members_helped", N_("Hội viên nghèo, cận nghèo được giúp đỡ"), WORK, "count"),
    ("women_trained", N_("Lượt phụ nữ được tập huấn, truyền thông"), WORK, "count"),
    ("startups_supported", N_("Ý tưởng khởi nghiệp của phụ nữ được hỗ trợ"), WORK, "count"),
    ("families_5k3s", N_("Hộ gia đình đạt tiêu chí “5 không, 3 sạch”"), WORK, "count"),
    ("oversight_commended_collectives", "", WORK, "count"),
    ("oversight_commended_individuals", "", WORK, "count"),
]
WU_HALF = {"members", "joined", "loans_outstanding", "poor_members_helped", "women_trained"}
WU_RULES = [
    ("poor_members_helped", "le", "members", 1, 0, "warning", N_("Số hội viên nghèo được giúp đỡ nhiều hơn số hội viên.")),
    ("members", "jump", "", 10, 0, "warning", N_("Số hội viên thay đổi hơn 10 lần so với kỳ trước.")),
    ("loans_outstanding", "jump", "", 10, 0, "warning", N_("Dư nợ thay đổi hơn 10 lần so với kỳ trước.")),
]  # fmt: skip

# code: (name, period type, levels, approvers, deadline days, items, half-year subset, rules)
FORMS = {
    "red_cross": [
        ("rc-annual", N_("Báo cáo thống kê năm (Hội Chữ thập đỏ)"), "year",
         ["base", "province"], ["province", "central"], 15, RC_ITEMS, None, RC_RULES),
        ("rc-half", N_("Báo cáo thống kê 6 tháng (Hội Chữ thập đỏ)"), "half",
         ["base", "province"], ["province"], 10, RC_ITEMS, RC_HALF, RC_RULES),
    ],
    "women_union": [
        ("wu-annual", N_("Báo cáo thống kê năm (Hội Liên hiệp Phụ nữ)"), "year",
         ["base", "province"], ["province", "central"], 15, WU_ITEMS, None, WU_RULES),
        ("wu-half", N_("Báo cáo thống kê 6 tháng (Hội Liên hiệp Phụ nữ)"), "half",
         ["base", "province"], ["province"], 10, WU_ITEMS, WU_HALF, WU_RULES),
    ],
}  # fmt: skip


@transaction.atomic
def load_preset(*, actor, preset: str) -> list[ReportForm]:
    """Create or update the preset's forms (items and rules replaced by the preset's; forms and
    items a province added are left alone). Names are stored in Vietnamese."""
    out = []
    for code, name, ptype, levels, approvers, days, items, subset, rules in FORMS.get(preset, []):
        form, _created = ReportForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "period_type": ptype,
                "levels": levels,
                "approvers": approvers,
                "deadline_days": days,
                "preset": preset,
                "owner": None,
            },
        )
        form.items.filter(unit__isnull=True).delete()
        chosen = [i for i in items if subset is None or i[0] in subset]
        FormItem.objects.bulk_create(
            FormItem(form=form, position=n, code=c, name=label, section=section, value_type=vt)
            for n, (c, label, section, vt) in enumerate(chosen, start=1)
        )
        codes = {c for c, *_rest in chosen}
        form.rules.all().delete()
        Rule.objects.bulk_create(
            Rule(form=form, left=left, op=op, right=right, factor=factor, constant=constant,
                 severity=severity, message=message)
            for left, op, right, factor, constant, severity, message in rules
            if left in codes and (not right or right in codes)
        )  # fmt: skip
        audit.record(actor=actor, action="reporting.preset", obj=form, data={"preset": preset})
        out.append(form)
    return out
