"""Eligibility: every rule at its edges, its Vietnamese reason and the date from which the
donor may give; a rule changed with an effective date; the refusal at registration and the
audited override."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from blood import eligibility, services
from blood.eligibility import Facts
from blood.models import Donor, EligibilityRule, Registration
from core.models import AuditEvent

from .conftest import donate

D = datetime.date
RULE = EligibilityRule(effective_from=D(2013, 11, 1), volume_steps=[[0, 250], [50, 350], [60, 450]])


def v(on, **facts):
    base = {"sex": "M", "birth_date": D(1990, 5, 10), "weight_kg": Decimal(60)}
    return eligibility.verdict(Facts(**(base | facts)), RULE, on)


def test_the_18th_birthday_is_the_first_day():
    before = v(D(2025, 5, 9), birth_date=D(2007, 5, 10))
    assert not before.ok
    assert before.reasons == ["Chưa đủ 18 tuổi: được hiến máu từ ngày 10/05/2025."]
    assert before.from_date == D(2025, 5, 10)
    assert v(D(2025, 5, 10), birth_date=D(2007, 5, 10)).ok


def test_the_61st_birthday_is_the_first_day_too_old_and_it_is_never():
    assert v(D(2025, 5, 9), birth_date=D(1964, 5, 10)).ok  # still 60
    after = v(D(2025, 5, 10), birth_date=D(1964, 5, 10))
    assert not after.ok
    assert after.reasons == ["Đã quá 60 tuổi (độ tuổi hiến máu từ 18 đến 60)."]
    assert after.from_date is None


def test_a_birth_year_alone_counts_from_the_first_and_to_the_last_day_of_the_year():
    assert not v(D(2025, 12, 31), birth_date=None, birth_year=2008).ok
    assert v(D(2026, 1, 1), birth_date=None, birth_year=2008).ok
    assert v(D(2025, 12, 31), birth_date=None, birth_year=1965).ok
    assert not v(D(2026, 1, 1), birth_date=None, birth_year=1965).ok


def test_no_birth_at_all_is_refused_with_its_reason():
    r = v(D(2025, 1, 1), birth_date=None)
    assert not r.ok and "Chưa có ngày sinh" in r.message and r.from_date is None


@pytest.mark.parametrize(
    "sex,kg,ok",
    [("F", "41.9", False), ("F", "42", True), ("M", "42", False), ("M", "44.9", False),
     ("M", "45", True)],
)  # fmt: skip
def test_the_minimum_weight_by_sex(sex, kg, ok):
    r = v(D(2025, 1, 1), sex=sex, weight_kg=Decimal(kg))
    assert r.ok is ok
    if not ok:
        w = kg.replace(".", ",")
        minimum = "42" if sex == "F" else "45"
        who = "nữ" if sex == "F" else "nam"
        assert r.reasons == [f"Cân nặng {w} kg dưới mức tối thiểu {minimum} kg của {who}."]
        assert r.from_date is None
        assert r.max_volume is None


@pytest.mark.parametrize("kg,ml", [("42", 250), ("49.9", 250), ("50", 350), ("60", 450)])
def test_the_volume_allowed_by_weight(kg, ml):
    assert v(D(2025, 1, 1), sex="F", weight_kg=Decimal(kg)).max_volume == ml


def test_exactly_84_days_after_whole_blood():
    last = D(2025, 1, 1)
    day83 = v(last + datetime.timedelta(days=83), last_donation_on=last, last_kind="whole")
    assert not day83.ok
    assert day83.reasons == [
        "Lần hiến máu toàn phần gần nhất ngày 01/01/2025: cần cách ít nhất 84 ngày (12 tuần), "
        "được hiến lại từ ngày 26/03/2025."
    ]
    assert day83.from_date == D(2025, 3, 26)
    assert v(D(2025, 3, 26), last_donation_on=last, last_kind="whole").ok


def test_two_weeks_after_apheresis():
    last = D(2025, 1, 1)
    r = v(D(2025, 1, 14), last_donation_on=last, last_kind="platelets")
    assert not r.ok and r.from_date == D(2025, 1, 15)
    assert "gạn tách" in r.message and "14 ngày" in r.message
    assert v(D(2025, 1, 15), last_donation_on=last, last_kind="plasma").ok


def test_a_temporary_deferral_until_its_date_and_a_permanent_one_never():
    r = v(D(2025, 2, 28), deferred_until=D(2025, 3, 1))
    assert r.reasons == ["Đang tạm hoãn hiến máu đến ngày 01/03/2025."]
    assert r.from_date == D(2025, 3, 1)
    assert v(D(2025, 3, 1), deferred_until=D(2025, 3, 1)).ok
    p = v(D(2030, 1, 1), permanently_deferred=True)
    assert p.reasons == ["Đã bị hoãn hiến máu vĩnh viễn."] and p.from_date is None


def test_reasons_add_up_and_the_date_is_the_latest():
    r = v(
        D(2025, 1, 10), birth_date=D(2007, 1, 20), last_donation_on=D(2025, 1, 1),
        last_kind="platelets", deferred_until=D(2025, 2, 1),
    )  # fmt: skip
    assert len(r.reasons) == 3 and r.from_date == D(2025, 2, 1)


def test_a_wait_that_ends_after_the_maximum_age_is_never():
    r = v(D(2025, 3, 1), birth_date=D(1964, 4, 1), last_donation_on=D(2025, 2, 1))
    assert not r.ok and r.from_date is None and "Sẽ quá 60 tuổi" in r.message


# --- rules as data -------------------------------------------------------------------------------


def test_a_province_rule_from_its_effective_date(users, tree):
    services.save_rule(
        actor=users.province_manager, unit=tree.p1, effective_from=D(2026, 1, 1),
        whole_blood_days=90, min_weight_female=Decimal("43"), source="Quyết định của tỉnh",
    )  # fmt: skip
    before = eligibility.rule_on(tree.br1a, D(2025, 12, 31))
    after = eligibility.rule_on(tree.br1a, D(2026, 1, 1))
    assert (before.whole_blood_days, before.min_weight_female) == (84, 42)
    assert (after.whole_blood_days, after.min_weight_female, after.min_age) == (90, 43, 18)
    # Another province keeps the national rule.
    assert eligibility.rule_on(tree.b3, D(2026, 6, 1)).whole_blood_days == 84
    facts = Facts(sex="F", birth_date=D(1990, 1, 1), weight_kg=Decimal("42.5"),
                  last_donation_on=D(2025, 10, 10), last_kind="whole")  # fmt: skip
    assert eligibility.verdict(facts, before, D(2026, 1, 2)).ok
    later = eligibility.verdict(facts, after, D(2026, 1, 2))
    assert "43 kg" in later.message and "90 ngày" in later.message
    assert "được hiến lại từ ngày 08/01/2026" in later.message
    assert AuditEvent.objects.filter(action="blood.rule.save").exists()


def test_a_newer_national_rule_overrides_an_older_province_rule(users, tree):
    services.save_rule(actor=users.province_manager, unit=tree.p1, effective_from=D(2020, 1, 1),
                       whole_blood_days=90)  # fmt: skip
    services.save_rule(actor=users.superuser, unit=None, effective_from=D(2027, 1, 1),
                       whole_blood_days=70)  # fmt: skip
    assert eligibility.rule_on(tree.b1, D(2026, 1, 1)).whole_blood_days == 90
    assert eligibility.rule_on(tree.b1, D(2027, 1, 1)).whole_blood_days == 70


def test_a_rule_with_bad_values_is_refused(users, tree):
    with pytest.raises(ValidationError) as e:
        services.save_rule(actor=users.province_manager, unit=tree.p1,
                           effective_from=D(2026, 1, 1), min_age=70, max_age=60)  # fmt: skip
    assert "tuổi tối thiểu nhỏ hơn tối đa" in str(e.value)


# --- at registration -----------------------------------------------------------------------------


def test_registration_is_refused_with_reason_and_date_then_an_editor_overrides(
    users, tree, person_factory, drive_factory
):
    p = person_factory()
    donate(users.base_editor, drive_factory(date=D(2025, 1, 5)), p)
    again = drive_factory(date=D(2025, 3, 1))
    with pytest.raises(services.NotEligible) as e:
        services.register(actor=users.base_editor, drive=again, person=p, weight_kg="60")
    assert "được hiến lại từ ngày 30/03/2025" in e.value.messages[0]
    assert e.value.verdict.from_date == D(2025, 3, 30)
    reg = services.register(
        actor=users.base_editor, drive=again, person=p, weight_kg="60",
        override_reason="Bác sĩ trung tâm đồng ý (người nhóm máu hiếm)",
    )  # fmt: skip
    assert reg.override_reason.startswith("Bác sĩ")
    event = AuditEvent.objects.get(action="blood.registration.override")
    assert event.data["override"].startswith("Bác sĩ") and "30/03/2025" in event.data["refused"]


def test_a_weight_entered_at_registration_is_checked(users, person_factory, drive_factory):
    p = person_factory(name="Lê Thị Hoa", sex="F")
    drive = drive_factory()
    with pytest.raises(services.NotEligible) as e:
        services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="41,9")
    assert "41,9 kg dưới mức tối thiểu 42 kg của nữ" in e.value.messages[0]
    services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="42")
    assert Registration.objects.get().weight_kg == Decimal(42)


def test_a_volume_above_what_the_weight_allows_is_refused(users, person_factory, drive_factory):
    p = person_factory(name="Lê Thị Hoa", sex="F")
    drive = drive_factory()
    reg = services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="45")
    with pytest.raises(ValidationError) as e:
        services.record_outcomes(actor=users.base_editor, drive=drive, items=[
            {"registration": reg.pk, "outcome": "donated", "volume_ml": 350, "kind": "whole"}
        ])  # fmt: skip
    assert "45,0 kg chỉ được hiến tối đa 250 ml" in e.value.messages[0]


def test_the_roster_dates_follow_the_donations_and_deferrals(users, person_factory, drive_factory):
    p = person_factory()
    drive = drive_factory(date=D(2025, 1, 5))
    reg = services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="60")
    services.record_outcomes(actor=users.base_editor, drive=drive, items=[
        {"registration": reg.pk, "outcome": "deferred", "deferral_category": "haemoglobin",
         "deferred_until": D(2025, 2, 1)}
    ])  # fmt: skip
    donor = Donor.objects.get()
    assert (donor.deferred_until, donor.next_eligible_on) == (D(2025, 2, 1), D(2025, 2, 1))
    donate(users.base_editor, drive_factory(date=D(2025, 2, 2)), p, kind="plasma")
    donor.refresh_from_db()
    assert (donor.last_donation_on, donor.last_kind) == (D(2025, 2, 2), "plasma")
    assert donor.next_eligible_on == D(2025, 2, 16)
    assert donor.eligible_until == D(2051, 5, 10)
