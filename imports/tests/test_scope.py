"""An import matches people only inside the uploader's scope.

A row whose CCCD belongs to someone the uploader cannot see is refused with one neutral message
(whether or not that person is a member anywhere): nothing is merged, admitted or shown. A row
whose name and birth year match such a person is someone new to the uploader.
"""

import datetime

import pytest

from imports import pipeline, services
from imports.models import ImportJob
from members.models import Membership
from members.services import admit_member, end_membership
from people.models import Person
from people.services import CCCD_ELSEWHERE, create_person

from .files import register_csv

S = ImportJob.Status
CCCD = "048085000123"  # a man born in 1985
HEADER = ["Họ và tên", "Giới tính", "Năm sinh", "Số CCCD", "Số điện thoại"]
FIELDS = ("full_name", "sex", "birth_year", "birth_date", "cccd", "phone", "occupation", "unit_id")


def _snapshot(person: Person) -> tuple:
    person.refresh_from_db()
    members = list(Membership.objects.filter(person=person).values_list("unit_id", "ended_on"))
    return tuple(getattr(person, f) for f in FIELDS), members


def _elsewhere(users, unit, membership: str) -> Person:
    """Someone registered by ``unit`` (a unit the uploader cannot see), with no membership, an
    ended one, or an open one there."""
    p = create_person(actor=users.superuser, unit=unit, full_name="Đặng Thị Bí Mật", sex="M",
                      birth_year=1985, cccd=CCCD, phone="0905111222", occupation="Giáo viên")  # fmt: skip
    if membership != "none":
        m = admit_member(actor=users.superuser, person=p, unit=unit, category="member",
                         joined_on=datetime.date(2015, 1, 1))  # fmt: skip
        if membership == "ended":
            end_membership(actor=users.superuser, membership=m, on=datetime.date(2020, 1, 1),
                           reason="moved_away")  # fmt: skip
    return p


def _csv(*rows) -> bytes:
    return register_csv([HEADER, *rows])


@pytest.mark.parametrize("membership", ["none", "ended", "open"])
def test_a_cccd_of_another_bases_person_is_refused_neutrally_and_nothing_leaks(
    make_job, commit, users, tree, client, bearer, membership
):
    secret = _elsewhere(users, tree.b2, membership)
    before = _snapshot(secret)
    job = make_job(
        _csv(["Ai Đó Thôi", "Nam", "1985", CCCD, "0911000000"]), name="ds.csv", mode="update"
    )
    assert job.counts == {"new": 0, "update": 0, "duplicate": 0, "error": 1, "total": 1}
    assert job.preview["errors"][0][2:] == ["Số CCCD", str(CCCD_ELSEWHERE)]
    shown = str(job.preview) + job.error_summary
    for private in ("Bí Mật", "0905111222", "Giáo viên", "Hòa Vang", "sinh hoạt ở một đơn vị"):
        assert private not in shown

    job = commit(job)
    assert job.status == S.DONE
    assert job.counts["people_created"] == 0 and job.counts["memberships_created"] == 0
    assert _snapshot(secret) == before
    r = client.get(f"/api/v1/people/{secret.pk}", **bearer(users.base_editor))
    assert r.status_code == 404
    r = client.get("/api/v1/people", {"q": "bi mat"}, **bearer(users.base_editor))
    assert r.json()["items"] == []


def test_a_branch_editor_cannot_take_in_a_person_of_another_branch_by_cccd(
    make_job, commit, users, tree, make_user
):
    """The base is not the scope: a branch editor sees their branch only."""
    branch_editor = make_user("chi_hoi_1", tree.br1a, "editor")
    secret = create_person(actor=users.base_editor, unit=tree.br1b, full_name="Đặng Thị Bí Mật",
                           sex="M", birth_year=1985, cccd=CCCD, phone="0905111222")  # fmt: skip
    admit_member(actor=users.base_editor, person=secret, unit=tree.br1b, category="member",
                 joined_on=datetime.date(2015, 1, 1))  # fmt: skip
    before = _snapshot(secret)
    job = services.create_job(actor=branch_editor, unit=tree.br1a, kind="member", mode="update",
                              upload=_upload(_csv(["Ai Đó", "Nam", "1985", CCCD, "0911000000"])))  # fmt: skip
    job = services.analyse_job(job)
    assert job.counts["error"] == 1 and job.counts["update"] == 0
    assert job.preview["errors"][0][3] == str(CCCD_ELSEWHERE)
    services.start_commit(actor=branch_editor, job=job, enqueue=False)
    job = services.commit_job(job.pk, branch_editor)
    assert job.status == S.DONE and job.counts["people_updated"] == 0
    assert _snapshot(secret) == before


def test_a_name_and_birth_year_never_match_a_person_out_of_scope(
    make_job, commit, users, tree, make_user
):
    branch_editor = make_user("chi_hoi_1", tree.br1a, "editor")
    secret = create_person(actor=users.base_editor, unit=tree.br1b, full_name="Trần Văn Hùng",
                           sex="M", birth_year=1980, phone="0905111222")  # fmt: skip
    admit_member(actor=users.base_editor, person=secret, unit=tree.br1b, category="member",
                 joined_on=datetime.date(2015, 1, 1))  # fmt: skip
    before = _snapshot(secret)
    job = services.create_job(actor=branch_editor, unit=tree.br1a, kind="member", mode="update",
                              upload=_upload(_csv(["Trần Văn Hùng", "Nam", "1980", "", "0911000000"])))  # fmt: skip
    job = services.analyse_job(job)
    # Someone new to this user (the person they cannot see is not theirs to update or admit).
    assert job.counts["new"] == 1 and job.counts["update"] == 0
    assert "0905111222" not in str(job.preview)
    services.start_commit(actor=branch_editor, job=job, enqueue=False)
    job = services.commit_job(job.pk, branch_editor)
    assert job.status == S.DONE and job.counts["people_created"] == 1
    assert _snapshot(secret) == before
    new = Person.objects.get(import_job=job)
    assert new.pk != secret.pk and new.phone == "0911000000"


def test_a_person_in_scope_is_still_matched_by_cccd(make_job, commit, users, tree):
    """The province manager sees both bases: the person is found, not refused."""
    p = _elsewhere(users, tree.b2, "ended")
    job = services.create_job(actor=users.province_manager, unit=tree.b1, kind="member",
                              upload=_upload(_csv(["Đặng Thị Bí Mật", "Nam", "1985", CCCD, ""])))  # fmt: skip
    job = services.analyse_job(job)
    assert job.counts["new"] == 1 and job.counts["error"] == 0
    services.start_commit(actor=users.province_manager, job=job, enqueue=False)
    job = services.commit_job(job.pk, users.province_manager)
    assert job.counts["people_created"] == 0
    assert Membership.objects.filter(person=p, unit=tree.b1, ended_on__isnull=True).exists()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ds.csv", content)


def test_hidden_people_follows_the_rule_of_visible_to(users, tree):
    people = []
    for unit in (tree.b1, tree.br1a, tree.br1b, tree.b2, tree.br2a, tree.b3):
        p = create_person(actor=None, unit=unit, full_name=f"Người Ở {unit.pk}", sex="F",
                          birth_year=1980)  # fmt: skip
        people.append(p)
    # Registered in b3, a member (ended) in br1b: seen from b1 and br1b through the membership.
    m = admit_member(actor=None, person=people[-1], unit=tree.br1b, category="member",
                     joined_on=datetime.date(2015, 1, 1))  # fmt: skip
    end_membership(actor=None, membership=m, on=datetime.date(2020, 1, 1), reason="moved_away")
    ids = {p.pk for p in people}
    for user in vars(users).values():
        visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        assert pipeline.hidden_people(user, ids) == ids - visible, user.username
    assert pipeline.hidden_people(None, ids) == set()
