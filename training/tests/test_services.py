"""Training and volunteer services: the rules at their edges and the refusals' messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from funds.models import Entry
from members.services import appoint_cadre
from members.tests.factories import make_member, make_person
from org.models import PeriodLock
from training import selectors, services
from training.models import Certificate, Participant, Recognition, Result, VolunteerHours
from training.services.certificates import add_months

from .factories import course, make_class, passed_class, presets

D = datetime.date
START, END, DAY = D(2025, 5, 10), D(2025, 5, 11), D(2025, 5, 10)


@pytest.fixture
def people(users, tree):
    return [make_person(users.base_editor, tree.b1, f"Lê Văn Học {i}", sex="M") for i in range(3)]


# --- classes and enrolment -----------------------------------------------------------------------


def test_it_refuses_the_same_person_twice_in_a_class(users, tree, people):
    cls = make_class(users.base_editor, tree.b1)
    services.enrol_people(actor=users.base_editor, cls=cls, people=people[:1])
    with pytest.raises(ValidationError, match="Đã có trong danh sách lớp.*Lê Văn Học 0"):
        services.enrol_people(actor=users.base_editor, cls=cls, people=people[:2])
    with pytest.raises(ValidationError, match="Lê Văn Học 1"):
        services.enrol_people(actor=users.base_editor, cls=cls, people=[people[1], people[1]])
    assert Participant.objects.count() == 1


def test_it_refuses_more_than_the_capacity(users, tree, people):
    cls = make_class(users.base_editor, tree.b1, capacity=2)
    services.enrol_people(actor=users.base_editor, cls=cls, people=people[:2])
    with pytest.raises(ValidationError, match="Lớp chỉ nhận 2 học viên; đã có 2"):
        services.enrol_people(actor=users.base_editor, cls=cls, people=people[2:])


def test_a_course_with_a_prerequisite_needs_its_certificate(users, tree, people):
    basic, parts = passed_class(users.base_editor, tree.b1, people[:1])
    services.issue_certificates(actor=users.base_editor, cls=basic, issued_on=D(2025, 5, 12))
    advanced = make_class(users.base_editor, tree.b1, "SCC-NC", D(2025, 6, 1), D(2025, 6, 5))
    with pytest.raises(ValidationError, match="Sơ cấp cứu cơ bản.*Lê Văn Học 1"):
        services.enrol_people(actor=users.base_editor, cls=advanced, people=people[:2])
    services.enrol_people(actor=users.base_editor, cls=advanced, people=people[:1])


def test_instructors_need_a_valid_instructor_certificate(users, tree, people):
    with pytest.raises(ValidationError, match="hướng dẫn viên sơ cấp cứu.*Lê Văn Học 0"):
        make_class(users.base_editor, tree.b1, instructors=[people[0]])
    course("SCC-HDV")
    Certificate.objects.create(
        unit=tree.b1, year=2024, seq=1, number="x", check_code="A", person=people[0],
        course=course("SCC-HDV"), issued_on=D(2024, 1, 1), valid_until=D(2026, 12, 31),
    )  # fmt: skip
    cls = make_class(users.base_editor, tree.b1, instructors=[people[0]])
    assert list(cls.instructors.all()) == [people[0]]


def test_a_class_paid_by_the_fund_books_an_entry_and_cancelling_reverses_it(users, tree):
    cls = make_class(users.base_editor, tree.b1, cost=3_000_000, cost_source="fund")
    entry = cls.fund_entry
    assert (entry.amount, entry.direction, entry.unit) == (3_000_000, "out", tree.b1)
    services.cancel_class(actor=users.base_editor, cls=cls, on=D(2025, 5, 20), reason="Bão")
    rev = Entry.objects.get(reverses=entry)
    assert (rev.amount, rev.direction) == (3_000_000, "in")
    with pytest.raises(ValidationError, match="Lớp này đã huỷ"):
        services.cancel_class(actor=users.base_editor, cls=cls, on=D(2025, 5, 20), reason="x")


def test_a_cost_without_a_source_is_refused(users, tree):
    with pytest.raises(ValidationError, match="nguồn kinh phí"):
        make_class(users.base_editor, tree.b1, cost=100_000)


def test_a_locked_period_refuses_a_class(users, tree):
    PeriodLock.objects.create(
        unit=tree.p1, start=D(2025, 1, 1), end=D(2025, 6, 30), label="6 tháng đầu năm 2025",
        locked_by=users.province_manager,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="6 tháng đầu năm 2025"):
        make_class(users.base_editor, tree.b1)


# --- attendance and results ----------------------------------------------------------------------


def test_attendance_for_someone_not_enrolled_is_refused(users, tree, people):
    cls = make_class(users.base_editor, tree.b1)
    [p] = services.enrol_people(actor=users.base_editor, cls=cls, people=people[:1])
    other = make_class(users.base_editor, tree.b1)
    [q] = services.enrol_people(actor=users.base_editor, cls=other, people=people[1:2])
    with pytest.raises(ValidationError, match="không có trong danh sách lớp"):
        services.record_attendance(
            actor=users.base_editor, cls=cls, day=D(2025, 5, 10), present_ids=[p.pk, q.pk]
        )
    with pytest.raises(ValidationError, match="trong thời gian lớp học"):
        services.record_attendance(
            actor=users.base_editor, cls=cls, day=D(2025, 5, 12), present_ids=[p.pk]
        )
    assert services.record_attendance(
        actor=users.base_editor, cls=cls, day=D(2025, 5, 10), present_ids=[p.pk]
    ) == 1  # fmt: skip
    assert p.attendance.get(day=D(2025, 5, 10)).present


def test_a_certificate_for_a_failed_participant_is_refused(users, tree, people):
    cls = make_class(users.base_editor, tree.b1)
    parts = services.enrol_people(actor=users.base_editor, cls=cls, people=people[:2])
    services.record_results(
        actor=users.base_editor, cls=cls,
        results={parts[0].pk: (Result.PASSED, Decimal("8.5")),
                 parts[1].pk: (Result.FAILED, Decimal("3"))},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="kết quả Đạt; chưa đạt: Lê Văn Học 1"):
        services.issue_certificates(
            actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12), participants=parts
        )
    [cert] = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    assert cert.person == people[0]
    with pytest.raises(ValidationError, match="Không còn học viên đạt"):
        services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    with pytest.raises(ValidationError, match="thu hồi giấy trước khi sửa"):
        services.record_results(
            actor=users.base_editor, cls=cls, results={parts[0].pk: (Result.FAILED, None)}
        )


# --- certificates --------------------------------------------------------------------------------


def test_certificates_are_numbered_per_unit_and_year_without_gaps(users, tree, people):
    cls, _ = passed_class(users.base_editor, tree.b1, people[:2])
    first = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    cls2, _ = passed_class(users.base_editor, tree.b1, people[2:])
    [third] = services.issue_certificates(
        actor=users.base_editor, cls=cls2, issued_on=D(2025, 5, 12)
    )
    other, _ = passed_class(users.base_editor, tree.br1a, people[:1])
    [own] = services.issue_certificates(actor=users.base_editor, cls=other, issued_on=D(2025, 6, 1))
    assert [c.seq for c in first] + [third.seq] == [1, 2, 3]
    assert first[0].number == f"0001/2025/CN-{tree.b1.pk}"
    assert (own.seq, own.unit) == (1, tree.br1a)
    cls3, _ = passed_class(users.base_editor, tree.b1, people[:1], start=D(2026, 1, 5),
                           end=D(2026, 1, 6))  # fmt: skip
    [next_year] = services.issue_certificates(
        actor=users.base_editor, cls=cls3, issued_on=D(2026, 1, 7)
    )
    assert (next_year.year, next_year.seq) == (2026, 1)


def test_expiry_is_the_day_before_the_months_end():
    assert add_months(D(2025, 5, 10), 24) == D(2027, 5, 9)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 28)  # 29/02 is the last day of February


def test_expiry_and_renewal(users, tree, people):
    cls, _ = passed_class(users.base_editor, tree.b1, people[:1])
    [cert] = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    assert cert.valid_until == D(2027, 5, 11)
    assert cert.is_valid_on(D(2027, 5, 11)) and not cert.is_valid_on(D(2027, 5, 12))
    new = services.renew_certificate(
        actor=users.base_editor, certificate=cert, issued_on=D(2025, 11, 1)
    )
    assert (new.renews, new.valid_until, new.seq) == (cert, D(2027, 10, 31), 2)
    with pytest.raises(ValidationError, match="đã được gia hạn"):
        services.renew_certificate(
            actor=users.base_editor, certificate=cert, issued_on=D(2025, 11, 2)
        )
    services.revoke_certificate(
        actor=users.base_editor, certificate=new, on=D(2025, 11, 3), reason="Cấp nhầm"
    )
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.renew_certificate(
            actor=users.base_editor, certificate=new, issued_on=D(2025, 11, 4)
        )
    assert not Certificate.objects.get(pk=new.pk).is_valid_on(D(2025, 11, 3))


def test_expiring_certificates_of_a_unit(users, tree, people):
    cls, _ = passed_class(users.base_editor, tree.b1, people[:2])
    a, b = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    services.renew_certificate(actor=users.base_editor, certificate=b, issued_on=D(2025, 6, 1))
    listed = selectors.expiring_certificates(users.base_viewer, tree.b1, D(2027, 3, 1))
    assert list(listed) == [a]  # the renewed one is not listed
    assert not selectors.expiring_certificates(users.sibling, tree.b2, D(2027, 3, 1)).exists()


# --- volunteer hours -----------------------------------------------------------------------------


def _activity(users, tree, people_hours, on=DAY):
    return services.record_activity(
        actor=users.base_editor, unit=tree.b1, kind="first_aid", on=on, hours=people_hours
    )


def test_more_than_24_hours_a_day_is_refused(users, tree, people):
    presets()
    _activity(users, tree, {people[0]: 16, people[1]: 4})
    with pytest.raises(ValidationError, match="Quá 24 giờ trong ngày 10/05/2025: Lê Văn Học 0"):
        _activity(users, tree, {people[0]: Decimal("8.5"), people[1]: 8})
    _activity(users, tree, {people[0]: 8})  # exactly 24
    with pytest.raises(ValidationError, match="không quá 24"):
        _activity(users, tree, {people[2]: 25})
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        _activity(users, tree, {people[2]: 0})
    assert VolunteerHours.objects.count() == 3
    assert AuditEvent.objects.filter(action="training.activity.record").count() == 2


@pytest.mark.parametrize(
    ("hours", "activities", "active"),
    [(12, 1, True), (Decimal("11.9"), 1, False), (1, 3, True), (1, 2, False)],
)
def test_the_active_volunteer_rule_at_its_edges(users, tree, people, hours, activities, active):
    presets()
    on = D(2025, 5, 10)
    per = Decimal(hours) / activities
    for i in range(activities):
        _activity(users, tree, {people[0]: per}, on=on - datetime.timedelta(days=i))
    rule = selectors.rule_on(on)
    totals = selectors.volunteer_totals([people[0].pk], on, rule)
    assert selectors.is_active(totals.get(people[0].pk), rule) is active


def test_the_rules_window_is_the_last_twelve_months(users, tree, people):
    presets()
    _activity(users, tree, {people[0]: 12}, on=D(2024, 5, 11))
    rule = selectors.rule_on(D(2025, 5, 10))
    assert rule.window(D(2025, 5, 10)) == (D(2024, 5, 11), D(2025, 5, 10))
    assert selectors.is_active(
        selectors.volunteer_totals(None, D(2025, 5, 10)).get(people[0].pk), rule
    )
    assert selectors.volunteer_totals(None, D(2025, 5, 11)).get(people[0].pk) is None


def test_recognitions_when_hours_pass_a_level(users, tree, people):
    presets()
    for day in range(1, 4):
        _activity(users, tree, {people[0]: 20}, on=D(2025, 5, day))
    assert [r.level.hours for r in Recognition.objects.filter(person=people[0])] == [50]


def test_cancelling_an_activity_takes_its_hours_out(users, tree, people):
    presets()
    act = _activity(users, tree, {people[0]: 20})
    services.cancel_activity(actor=users.base_editor, activity=act, on=D(2025, 5, 11), reason="Sai")
    _activity(users, tree, {people[0]: 20})  # the day is free again


# --- figures -------------------------------------------------------------------------------------


def test_figures_count_trainees_certificates_hours_and_active_volunteers(users, tree, people):
    from training.figures import own_figures

    volunteer = make_member(users.base_editor, tree.br1a, "Phạm Thị Tình", category="volunteer",
                            year=2000, joined=D(2020, 1, 1))  # fmt: skip
    person = volunteer.person
    cls, _ = passed_class(users.base_editor, tree.b1, [people[0], person])
    services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    _activity(users, tree, {person: 12, people[1]: 3})
    fig = own_figures(2025, D(2025, 12, 31), None)
    assert fig[tree.b1.pk]["tr:cls:first_aid"] == 1
    assert fig[tree.b1.pk]["tr:t:first_aid:F:18-29"] == 1
    assert fig[tree.b1.pk]["tr:t:first_aid:M:40-49"] == 1
    assert fig[tree.b1.pk]["tr:cert"] == 2
    assert "tr:exp" not in fig[tree.b1.pk]  # valid until 11/05/2027
    assert own_figures(2027, D(2027, 3, 1), None)[tree.b1.pk]["tr:exp"] == 2
    assert fig[tree.b1.pk]["tr:hours"] == 15 and fig[tree.b1.pk]["tr:act"] == 1
    assert fig[tree.b1.pk]["tr:vol:F"] == 1 and fig[tree.b1.pk]["tr:vol:M"] == 1
    assert fig[tree.br1a.pk]["tr:va:F"] == 1  # active where her volunteer membership is
    assert own_figures(2025, D(2025, 12, 31), [tree.b2.pk]) == {}


def test_bases_whose_cadres_are_trained(users, tree, people):
    from training.figures import own_figures

    chair = appoint_cadre(actor=users.base_manager, person=people[0], unit=tree.b1,
                          position="chair", started_on=D(2023, 1, 1))  # fmt: skip
    head = appoint_cadre(actor=users.base_manager, person=people[1], unit=tree.br1a,
                         position="branch_head", started_on=D(2023, 1, 1))  # fmt: skip
    passed_class(users.base_editor, tree.b1, [chair.person], code="CB-CS")
    fig = own_figures(2025, D(2025, 12, 31), [tree.b1.pk, tree.br1a.pk])
    assert (fig[tree.b1.pk]["tr:cad"], fig[tree.b1.pk]["tr:cadt"]) == (1, 1)
    assert "tr:baseok" not in fig[tree.b1.pk]  # the branch head is not trained yet
    passed_class(users.base_editor, tree.b1, [head.person], code="CB-CH")
    fig = own_figures(2025, D(2025, 12, 31), [tree.b1.pk])
    assert fig[tree.b1.pk]["tr:baseok"] == 1
