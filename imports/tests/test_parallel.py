"""PostgreSQL only: a large xlsx import read by worker processes gives what one process gives.

The workers read committed rows (their own connections), so these tests commit their set-up
(``transaction=True``); the thresholds are lowered so that a small file takes that path."""

import datetime

import pytest
from django.db import connection
from python_calamine import CalamineWorkbook

from imports import parallel, pipeline, services
from imports.models import ImportJob
from members.models import Membership
from members.services import admit_member
from people.models import Person
from people.services import create_person

from .files import ROWS, register_xlsx

S = ImportJob.Status
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes read PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]

EXTRA = [
    ROWS[0],  # the same CCCD again: a duplicate (of a row that matches a registered person)
    ("Trần Thị Bình", "", datetime.date(1990, 5, 17), "", "", "", "", ""),  # same name and year
    ("Lê Văn Sáu", 1970, "", "", "", "", "", "DN-0002"),  # a card given above: an error
    ("Đỗ Văn Bảy", 1975, "", "12345", "", "Chi hội 9", "31/02/2020", ""),  # bad cells
    ("Vũ Thị Tám", "", 1988, "", "0987654321", "Chi hội tổ dân phố 2", "01/02/2019", "DN-0100"),
    # the registered person's name and year with another CCCD: someone else, a new person
    ("Nguyễn Văn An", 1985, "", "048085000999", "", "Chi hội tổ dân phố 1", "", ""),
]


@pytest.fixture
def registered(tree, users):
    p = create_person(actor=users.base_editor, unit=tree.b1, full_name="Nguyễn Văn An", sex="M",
                      birth_year=1985, cccd="048085000123")  # fmt: skip
    admit_member(actor=users.base_editor, person=p, unit=tree.br1a, category="member",
                 joined_on=datetime.date(2010, 3, 12), card_number="DN-0001")  # fmt: skip
    return p


def _outcome(job):
    return job.counts, job.preview["errors"], [s["row"] for s in job.preview["samples"]["new"]]


def test_workers_find_what_one_process_finds_and_write_the_same_rows(
    make_job, commit, registered, monkeypatch, tree
):
    content = register_xlsx(extra_rows=EXTRA)
    single = make_job(content, mode="update")
    monkeypatch.setattr(parallel, "MIN_ROWS", 1)
    used = []
    real = parallel.Pool.map

    def spy(self, tasks, ahead=1):
        used.append(self.n)
        return real(self, tasks, ahead)

    monkeypatch.setattr(parallel.Pool, "map", spy)
    many = make_job(content, mode="update")
    # (the commit below is also a large one: it locks the register's tables, which the
    # workers must then not read)
    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    assert used, "the worker path did not run"
    assert _outcome(many) == _outcome(single)
    assert many.counts == {"new": 6, "update": 1, "duplicate": 2, "error": 2, "total": 11}

    job = commit(many)
    assert job.status == S.DONE, job.error_summary
    assert job.counts["people_created"] == 6 and job.counts["people_updated"] == 1
    tam = Membership.objects.get(person__full_name="Vũ Thị Tám")
    assert (tam.unit, tam.unit_path, tam.card_number, tam.joined_on, tam.import_job_id) == (
        tree.br1b,
        tree.br1b.path,
        "DN-0100",
        datetime.date(2019, 2, 1),
        job.pk,
    )
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert (binh.birth_date, binh.phone, binh.unit, binh.search_key) == (
        datetime.date(1990, 5, 17),
        "0912345679",
        tree.b1,
        "tran thi binh",
    )
    registered.refresh_from_db()
    assert registered.phone == "0912345678"  # updated by its row, not duplicated
    assert Person.objects.filter(cccd="048085000123").count() == 1
    assert Person.objects.get(cccd="048085000999").full_name == "Nguyễn Văn An"
    # Every membership points at a person of the import or the registered one.
    assert not Membership.objects.filter(person__isnull=True).exists()
    assert Membership.objects.filter(import_job=job).count() == 6

    # The error workbook has the cells of every row not imported, duplicates included (read
    # again from the file: the workers do not send them back).
    path = services.error_workbook_path(job)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    by_name = {r[1]: r for r in sheet[1:]}
    assert set(by_name) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Sáu", "Đỗ Văn Bảy"}
    assert "Số CCCD" in by_name["Nguyễn Văn An"][-1]
    assert "Số thẻ" in by_name["Lê Văn Sáu"][-1]
    assert by_name["Lê Văn Sáu"][2] == 1970  # the cells as they were in the file


def test_undo_after_a_worker_import_removes_its_rows(make_job, commit, monkeypatch, users):
    monkeypatch.setattr(parallel, "MIN_ROWS", 1)
    job = commit(make_job())
    assert job.status == S.DONE and Person.objects.count() == 5
    services.undo_job(actor=users.base_editor, job=job)
    assert not Person.objects.exists() and not Membership.objects.exists()


def test_a_failing_worker_fails_the_import_and_writes_nothing(make_job, commit, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ROWS", 1)
    job = make_job(analyse=False)
    job.status = S.READY
    job.save()
    monkeypatch.setattr(parallel.Setup, "__reduce__", lambda self: (_broken, ()), raising=False)
    job = commit(job)
    assert job.status == S.FAILED
    assert not Person.objects.exists() and not Membership.objects.exists()


def _broken():
    raise RuntimeError("the worker cannot start")


def test_a_rows_values_read_back_from_its_copy_lines_are_its_values():
    from psycopg import adapt
    from psycopg._copy_base import format_row_text

    connection.ensure_connection()
    tx = adapt.Transformer(connection.connection)
    values = (
        "Nguyễn Văn\tA\\B", "nguyen van a", "an\x01nguyen", "M", datetime.date(1985, 3, 1), 1985,
        "day", None, "0912345678", "Tổ 1\nkhu 2\r", "", "", "Nông dân", 17, "", datetime.date(2010, 1, 2),
        "ghi chú",
    )  # fmt: skip
    person, member = bytearray(), bytearray()
    v = values
    format_row_text((1, *v[:13], 5, "const"), tx, person)
    format_row_text((2, 1, v[13], "0001", v[2], v[1], v[14], v[15], v[16], "member"), tx, member)
    assert parallel.values_of(bytes(person), bytes(member)) == values


def test_the_look_ups_array_literal_keeps_every_card_number_as_it_is():
    odd = ["DN-1", "A,B", 'say "x"', "a\\b", "{}", "NULL", "", "Tổ 1"]
    with connection.cursor() as cur:
        cur.execute("SELECT array_agg(x) FROM unnest(%s::text[]) AS x", [pipeline._text_array(odd)])
        assert cur.fetchone()[0] == odd


def test_workers_never_match_a_person_out_of_the_users_scope(
    make_job, commit, monkeypatch, tree, users
):
    """ROWS[0]'s CCCD belongs to someone of the sibling base: refused, nothing said of them."""
    from people.services import CCCD_ELSEWHERE

    secret = create_person(actor=users.superuser, unit=tree.b2, full_name="Đặng Văn Bí Mật",
                           sex="M", birth_year=1985, cccd="048085000123", phone="0905111222")  # fmt: skip
    monkeypatch.setattr(parallel, "MIN_ROWS", 1)
    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    job = make_job(mode="update")
    assert job.counts == {"new": 4, "update": 0, "duplicate": 0, "error": 1, "total": 5}
    assert job.preview["errors"][0][3] == str(CCCD_ELSEWHERE)
    assert "Bí Mật" not in str(job.preview) and "0905111222" not in str(job.preview)
    job = commit(job)
    assert job.status == S.DONE, job.error_summary
    assert job.counts["people_created"] == 4
    secret.refresh_from_db()
    assert (secret.full_name, secret.phone, secret.unit_id) == (
        "Đặng Văn Bí Mật", "0905111222", tree.b2.pk,
    )  # fmt: skip
    assert not Membership.objects.filter(person=secret).exists()
