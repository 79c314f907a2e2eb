import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from core.models import AuditEvent
from imports import pipeline, progress, selectors, services
from imports.models import ImportJob, ImportMapping
from members.models import Membership
from members.services import admit_member
from people.models import Person
from people.services import create_person, update_person

from .files import ROWS, register_csv, register_xlsx, sheet_xlsx

S = ImportJob.Status


def test_it_imports_a_messy_register_end_to_end(make_job, commit, tree):
    job = make_job()
    assert job.status == S.READY
    assert job.counts == {"new": 5, "update": 0, "duplicate": 0, "error": 0, "total": 5}
    job = commit(job)
    assert job.status == S.DONE
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert (an.sex, an.birth_year, an.birth_date, an.cccd) == ("M", 1985, None, "048085000123")
    assert an.search_key == "nguyen van an" and an.sort_key
    assert an.unit == tree.b1 and an.import_job == job
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert (binh.sex, binh.birth_date, binh.phone) == (
        "F",
        datetime.date(1990, 5, 17),
        "0912345679",
    )
    m = Membership.objects.get(person=binh)
    assert (m.unit, m.unit_path, m.category) == (tree.br1b, tree.br1b.path, "member")
    assert (m.joined_on, m.card_number, m.search_key) == (
        datetime.date(2010, 1, 1),
        "DN-0002",
        "tran thi binh",
    )
    dung = Membership.objects.get(person__full_name="Phạm Thị Dung")
    assert (dung.unit, dung.joined_on) == (tree.br1b, datetime.date(2012, 1, 1))
    assert Person.objects.get(full_name="Phạm Thị Dung").birth_date == datetime.date(1985, 3, 12)
    em = Person.objects.get(full_name="Hoàng Văn Em")  # "x" under Nam, year from the CCCD
    assert (em.sex, em.birth_year) == ("M", 1992)
    events = AuditEvent.objects.filter(action="imports.job.commit")
    assert events.count() == 1 and events.get().data["new"] == 5


def test_it_reports_bad_rows_with_sheet_row_and_column_and_builds_the_error_workbook(
    make_job, commit
):
    bad = [
        ("An", 1985, "", "", "", "", "", ""),  # one word
        (
            "Lê Văn Bốn",
            "",
            "",
            "12345",
            "",
            "Chi hội 9",
            "31/02/2020",
            "",
        ),  # no sex, bad cccd, branch, date
    ]
    job = make_job(register_xlsx(extra_rows=bad))
    assert job.counts["error"] == 2 and job.counts["new"] == 5
    errors = job.preview["errors"]
    assert ["Danh sách", 13, "Họ và tên", errors[0][3]] == errors[0]
    columns = {e[2] for e in errors if e[1] == 14}
    assert {"Số CCCD", "Chi hội", "Ngày vào Hội"} <= columns
    assert all(e[0] == "Danh sách" and e[1] in (13, 14) and e[2] and e[3] for e in errors)
    # The workbook is made when first asked for, from the rows kept.
    assert not (progress.job_dir(job.pk) / "errors.xlsx").exists()
    path = services.error_workbook_path(job)
    assert path == services.error_workbook_path(job) and path.name == "errors.xlsx"
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Lỗi" and sheet[0][-2] == "Dòng"
    assert sheet[1][1] == "An" and sheet[1][-2] == 13 and "Họ và tên" in sheet[1][-1]
    assert "Số CCCD" in sheet[2][-1]
    job = commit(job)
    assert job.status == S.DONE and Person.objects.count() == 5


def test_it_reports_duplicates_inside_the_file(make_job):
    again = [ROWS[0], ("Trần Thị Bình", "", datetime.date(1990, 5, 17), "", "", "", "", "")]
    job = make_job(register_xlsx(extra_rows=again))
    assert job.counts["duplicate"] == 2 and job.counts["new"] == 5
    problems = [s["problem"] for s in job.preview["samples"]["duplicate"]]
    assert "dòng 7" in problems[0] and "Số CCCD" in problems[0]
    assert "dòng 8" in problems[1]


def test_a_card_number_twice_in_the_file_is_an_error(make_job):
    rows = [("Lê Văn Sáu", 1970, "", "", "", "", "", "DN-0001")]
    job = make_job(register_xlsx(extra_rows=rows))
    assert job.counts["error"] == 1
    assert job.preview["errors"][0][2] == "Số thẻ"


@pytest.fixture
def existing(tree, users):
    p = create_person(actor=users.base_editor, unit=tree.b1, full_name="Nguyễn Văn An", sex="M",
                      birth_year=1985, cccd="048085000123", occupation="Nông dân")  # fmt: skip
    admit_member(actor=users.base_editor, person=p, unit=tree.br1a, category="member",
                 joined_on=datetime.date(2010, 3, 12), card_number="DN-0001")  # fmt: skip
    q = create_person(actor=users.base_editor, unit=tree.b1, full_name="Lê Văn Cường", sex="M", birth_year=1978)  # fmt: skip
    return p, q


@pytest.mark.parametrize(
    ("mode", "counts", "phone", "occupation"),
    [
        ("skip", {"new": 4, "update": 0, "duplicate": 1}, "", "Nông dân"),
        ("update", {"new": 4, "update": 1, "duplicate": 0}, "0912345678", "Nông dân"),
        ("fill", {"new": 4, "update": 1, "duplicate": 0}, "0912345678", "Nông dân"),
    ],
)
def test_dedupe_modes_match_by_cccd_then_by_name_year_and_base(
    make_job, commit, existing, mode, counts, phone, occupation
):
    an, cuong = existing
    job = make_job(mode=mode)
    assert {k: job.counts[k] for k in counts} == counts
    job = commit(job)
    an.refresh_from_db()
    assert an.phone == phone and an.occupation == occupation
    assert Person.objects.filter(full_name="Nguyễn Văn An").count() == 1
    # Lê Văn Cường (no CCCD) is found by name, birth year and base: a membership, not a new person.
    assert Person.objects.filter(full_name="Lê Văn Cường").count() == 1
    assert (
        Membership.objects.filter(person=cuong, category="member", ended_on__isnull=True).count()
        == 1
    )


def test_update_mode_changes_a_birth_year_to_the_full_date_and_undo_restores_it(
    make_job, commit, existing, users
):
    _an, cuong = existing
    job = commit(make_job(mode="update"))
    cuong.refresh_from_db()
    assert cuong.birth_date == datetime.date(1978, 4, 3) and cuong.phone == "0912345680"
    services.undo_job(actor=users.base_editor, job=job)
    cuong.refresh_from_db()
    assert (cuong.birth_date, cuong.birth_year, cuong.phone) == (None, 1978, "")
    assert not Membership.objects.filter(person=cuong).exists()
    assert Person.objects.count() == 2


def test_undo_removes_what_the_import_created(make_job, commit, users):
    job = commit(make_job())
    assert selectors.undo_blockers(job) == []
    job = services.undo_job(actor=users.base_editor, job=job)
    assert job.status == S.UNDONE
    assert not Person.objects.exists() and not Membership.objects.exists()
    assert AuditEvent.objects.filter(action="imports.job.undo").get().data["people"] == 5


def test_undo_is_refused_once_a_row_was_edited(make_job, commit, users):
    job = commit(make_job())
    update_person(
        actor=users.base_editor,
        person=Person.objects.get(full_name="Lê Văn Cường"),
        phone="0987654321",
    )
    assert selectors.undo_blockers(job)
    with pytest.raises(ValidationError):
        services.undo_job(actor=users.base_editor, job=job)
    assert Person.objects.count() == 5


def test_the_commit_is_all_or_nothing_when_it_fails_midway(
    make_job, commit, monkeypatch, failing_write
):
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    job = make_job()
    with pytest.raises(RuntimeError):
        commit(job)
    job.refresh_from_db()
    assert failing_write.n == 3  # the first chunk was written, then undone
    assert job.status == S.FAILED and "disk full" in job.error_summary
    assert not Person.objects.exists() and not Membership.objects.exists()
    assert not AuditEvent.objects.filter(action="imports.job.commit").exists()
    failing_write.restore()
    assert commit(job).status == S.DONE  # retry
    assert Person.objects.count() == 5


def test_cancel_between_chunks_leaves_nothing_and_the_job_can_be_retried(
    make_job, commit, users, monkeypatch
):
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    job = make_job()
    services.start_commit(actor=users.base_editor, job=job, enqueue=False)
    seen = []

    def report(job_id, *, phase, done, total):
        seen.append(done)
        if phase == "commit" and done:
            progress.request_cancel(job_id)  # the user presses "Huỷ" while it runs

    monkeypatch.setattr(progress, "write", report)
    job = services.commit_job(job.pk, users.base_editor)
    assert job.status == S.CANCELLED
    assert not Person.objects.exists() and not Membership.objects.exists()
    monkeypatch.undo()
    assert commit(job).status == S.DONE and Person.objects.count() == 5


def test_a_job_whose_worker_died_is_stale_and_can_be_retried(make_job, commit, monkeypatch):
    job = make_job()
    ImportJob.objects.filter(pk=job.pk).update(status=S.RUNNING)  # a worker killed mid-commit
    job.refresh_from_db()
    progress.write(job.pk, phase="commit", done=10, total=100)
    assert not selectors.is_stale(job) and not selectors.can_commit(job)
    monkeypatch.setattr(progress, "STALE_SECONDS", -1)
    assert selectors.is_stale(job) and selectors.can_commit(job)
    assert commit(job).status == S.DONE


def test_the_mapping_is_saved_for_the_unit_and_reused(make_job, users, tree, upload):
    job = make_job(analyse=False)
    columns = {int(k): v for k, v in job.mapping["columns"].items()}
    columns[9] = ""  # "Ghi chú" ignored
    columns[0] = "note"  # the STT column taken as a note
    services.set_mapping(actor=users.base_editor, job=job, columns=columns)
    assert ImportMapping.objects.filter(unit=tree.b1, kind="member").count() == 1
    again = services.create_job(
        actor=users.base_editor, unit=tree.b1, kind="member", upload=upload()
    )
    assert again.mapping["reused"] is True
    assert again.mapping["columns"]["0"] == "note" and "9" not in again.mapping["columns"]
    other = services.create_job(
        actor=users.base_editor, unit=tree.b1, kind="volunteer", upload=upload()
    )
    assert other.mapping["reused"] is False


def test_the_user_can_choose_another_sheet(make_job, users):
    content = sheet_xlsx({
        "Hội viên": [["Họ và tên", "Giới tính", "Năm sinh"], ["Lê Văn A", "Nam", 1980]],
        "Tình nguyện viên": [["TT", "Họ tên", "Giới tính", "Năm sinh"], [1, "Lê Thị B", "Nữ", 1990], [2, "Lê Thị C", "Nữ", 1991]],
    })  # fmt: skip
    job = make_job(content, analyse=False)
    assert job.mapping["sheet"] == "Hội viên"
    job = services.set_mapping(
        actor=users.base_editor, job=job, columns={}, sheet="Tình nguyện viên"
    )
    assert job.mapping["columns"] == {"1": "full_name", "2": "sex", "3": "birth_year"}
    job = services.analyse_job(job)
    assert job.counts["new"] == 2


def test_it_reads_csv_files(make_job, commit):
    content = register_csv([["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD"],
                            ["Nguyễn Thị Hoa", "Nữ", "1/2/1990", "48190000456"], [], ["", "", "", ""]])  # fmt: skip
    job = commit(make_job(content, name="ds.csv"))
    assert job.counts["new"] == 1 and Person.objects.get().cccd == "048190000456"


def test_a_province_import_needs_a_branch_column(make_job, tree):
    content = sheet_xlsx({"A": [["Họ và tên", "Giới tính", "Năm sinh"], ["Lê Văn A", "Nam", 1980]]})
    job = make_job(content, unit=tree.p1)
    assert job.counts["error"] == 1


def test_a_member_of_another_province_is_not_taken_in_silently(make_job, users, tree):
    p = create_person(actor=users.superuser, unit=tree.b3, full_name="Nguyễn Văn An", sex="M", birth_year=1985, cccd="048085000123")  # fmt: skip
    admit_member(actor=users.superuser, person=p, unit=tree.b3, category="member", joined_on=datetime.date(2015, 1, 1))  # fmt: skip
    job = make_job()
    assert job.counts["error"] == 1
    assert "đơn vị khác" in job.preview["errors"][0][3]
    assert "Cẩm Thành" not in str(job.preview)  # nothing about where


def test_an_unreadable_file_is_refused(users, tree, upload):
    with pytest.raises(ValidationError):
        services.create_job(
            actor=users.base_editor, unit=tree.b1, kind="member", upload=upload(b"not a workbook")
        )
    with pytest.raises(ValidationError):
        services.create_job(
            actor=users.base_editor, unit=tree.b1, kind="member", upload=upload(b"x", "a.pdf")
        )
    with pytest.raises(ValidationError):
        services.create_job(actor=users.base_editor, unit=tree.b1, kind="nope", upload=upload())


def test_progress_is_readable_from_a_file(make_job):
    job = make_job()
    progress.write(job.pk, phase="commit", done=25, total=100)
    assert progress.percent(progress.read(job.pk)) == 25
    assert isinstance(io.BytesIO(pipeline.error_workbook(pipeline.Outcome())).read(), bytes)


def test_it_marks_the_indicator_figures_of_the_units_it_wrote_to(make_job, commit, tree, users):
    from indicators.models import DirtyUnit

    job = commit(make_job())
    marked = dict(DirtyUnit.objects.values_list("unit_id", "since"))
    written = set(Membership.objects.filter(import_job=job).values_list("unit_id", flat=True))
    assert written and written <= set(marked)
    earliest = min(Membership.objects.filter(import_job=job).values_list("joined_on", flat=True))
    assert min(marked[u] for u in written) == earliest
    DirtyUnit.objects.all().delete()
    services.undo_job(actor=users.base_editor, job=job)
    assert written <= set(DirtyUnit.objects.values_list("unit_id", flat=True))
