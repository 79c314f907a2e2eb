"""Odd cells and odd states: control characters, jobs whose process died, footer lines under the
table, a branch chosen for rows that name none, the template, samples, the user's language."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from python_calamine import CalamineWorkbook

from imports import pipeline, progress, reading, services
from imports.models import ImportJob
from imports.tasks import analyse_import
from members.models import Membership
from people.models import Person

from .files import register_csv, sheet_xlsx

S = ImportJob.Status
HEAD = ["Họ và tên", "Giới tính", "Năm sinh", "Chi hội", "Ghi chú"]


def url(name, unit, job=None):
    return reverse(f"imports:{name}", args=[unit.pk] + ([job.pk] if job else []))


# --- Control characters -------------------------------------------------------------------------


def test_nul_and_other_control_characters_are_cleaned_from_cells(make_job, commit):
    rows = [
        HEAD,
        ["Nguyễn\x00 Văn An", "Nam", 1980, "", "ghi\x1b chú\u202e"],
        ["Trần Thị\tBình", "Nữ\x00", 1990, "", ""],
        ["Lê Văn Cường", "Namm\x00", 1985, "", ""],  # an error row quoting a NUL
    ]
    job = make_job(register_csv(rows), name="nul.csv")
    assert job.status == S.READY
    assert job.counts["new"] == 2 and job.counts["error"] == 1
    assert "\x00" not in str(job.preview) and "\x00" not in job.error_summary
    job = commit(job)
    assert job.status == S.DONE
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert Membership.objects.get(person=an).note == "ghi chú"
    assert Person.objects.filter(full_name="Trần Thị Bình", sex="F").exists()


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL"
)
def test_a_nul_in_a_preview_is_no_server_error_on_postgresql(login, users, tree, upload):
    content = register_csv([HEAD, ["Lê Văn Cường", "Namm\x00", 1985, "", "\x00"]])
    client = login(users.base_editor)
    r = client.post(
        url("new", tree.b1),
        {"file": upload(content, "nul.csv"), "kind": "member", "mode": "skip"},
    )
    job = ImportJob.objects.get()
    data = {"sheet": "CSV", "mode": "skip"}
    data.update({f"col_{k}": v for k, v in job.mapping["columns"].items()})
    r = client.post(url("mapping", tree.b1, job), data)
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.status == S.READY and job.counts["error"] == 1
    assert client.get(url("detail", tree.b1, job)).status_code == 200


# --- Jobs whose process died --------------------------------------------------------------------


def test_a_check_that_fails_leaves_analysing(make_job, monkeypatch):
    job = make_job(analyse=False)

    def boom(*args, **kwargs):
        raise RuntimeError("the database refused a value")

    monkeypatch.setattr(pipeline, "run", boom)
    with pytest.raises(RuntimeError):
        services.analyse_job(job)
    job.refresh_from_db()
    assert job.status == S.UPLOADED and "thử lại" in job.error_summary


def test_a_job_stuck_analysing_can_be_cancelled_then_mapped_and_checked(
    login, users, tree, make_job
):
    job = make_job(analyse=False)
    ImportJob.objects.filter(pk=job.pk).update(status=S.ANALYSING)  # its process died
    client = login(users.base_editor)
    page = client.get(url("detail", tree.b1, job)).content.decode()
    assert 'data-testid="import-cancel"' in page
    r = client.post(url("cancel", tree.b1, job))
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.status == S.CANCELLED
    data = {"sheet": "Danh sách", "mode": "skip"}
    data.update({f"col_{k}": v for k, v in job.mapping["columns"].items()})
    client.post(url("mapping", tree.b1, job), data)
    job.refresh_from_db()
    assert job.status == S.READY and job.counts["new"] == 5


def test_a_commit_whose_worker_died_can_be_cancelled(login, users, tree, make_job):
    job = make_job()
    ImportJob.objects.filter(pk=job.pk).update(status=S.RUNNING)
    progress.write(job.pk, phase="commit", done=1, total=10)
    path = progress.job_dir(job.pk) / "progress.json"
    import os
    import time

    old = time.time() - 3600
    os.utime(path, (old, old))
    data = path.read_text().replace('"at": ', '"at": 1, "x": ')
    path.write_text(data)
    os.utime(path, (old, old))
    login(users.base_editor).post(url("cancel", tree.b1, job))
    job.refresh_from_db()
    assert job.status == S.CANCELLED and not Person.objects.exists()


def test_a_live_check_that_is_cancelled_stays_cancelled(make_job, monkeypatch):
    job = make_job(analyse=False)
    real = pipeline.run

    def run(job_, **kwargs):
        # The user cancels while the rows are read.
        services.cancel_job(actor=None, job=ImportJob.objects.get(pk=job_.pk))
        return real(job_, **kwargs)

    monkeypatch.setattr(pipeline, "run", run)
    job = services.analyse_job(job)
    assert job.status == S.CANCELLED


# --- Outside any transaction --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_upload_is_read_outside_any_transaction(users, tree, upload, monkeypatch):
    seen = []
    real = reading.find_layout

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "find_layout", spy)
    services.create_job(actor=users.base_editor, unit=tree.b1, kind="member", upload=upload())
    assert seen == [False]


# --- Footer lines -------------------------------------------------------------------------------


def test_signature_and_date_lines_under_the_table_are_not_error_rows(make_job):
    rows = [
        ["DANH SÁCH HỘI VIÊN"],
        HEAD,
        ["Nguyễn Văn An", "Nam", 1980, "", ""],
        ["Trần Thị Bình", "Nữ", 1990, "", ""],
        ["Lê Văn", "Namm", 1985, "", ""],  # a real error stays one
        [],
        ["", "", "", "Hải Châu, ngày 5 tháng 3 năm 2025"],
        ["Người lập biểu", "", "", "TM. BAN CHẤP HÀNH"],
        ["(Ký, ghi rõ họ tên)", "", "", "Chủ tịch"],
        [],
        ["Nguyễn Thị Hoa", "", "", "Trần Văn Bình"],
    ]
    job = make_job(sheet_xlsx({"Danh sách": rows}))
    assert job.counts == {"new": 2, "update": 0, "duplicate": 0, "error": 1, "total": 3}
    assert {e[1] for e in job.preview["errors"]} == {5}


# --- A branch for rows that name none -----------------------------------------------------------


def test_rows_without_a_branch_go_to_the_branch_chosen_on_upload(
    login, users, tree, upload, commit
):
    rows = [HEAD, ["Nguyễn Văn An", "Nam", 1980, "", ""], ["Trần Thị Bình", "Nữ", 1990, "2", ""]]
    client = login(users.base_editor)
    page = client.get(url("new", tree.b1)).content.decode()
    assert tree.br1a.name in page and tree.br2a.name not in page  # the base's own branches
    r = client.post(
        url("new", tree.b1),
        {
            "file": upload(register_csv(rows), "so.csv"),
            "kind": "member",
            "mode": "skip",
            "default_unit": tree.br1a.pk,
        },
    )
    job = ImportJob.objects.get()
    assert r.status_code == 302 and job.default_unit == tree.br1a
    job = services.analyse_job(job)
    assert [s["unit"] for s in job.preview["samples"]["new"]] == [tree.br1a.name, tree.br1b.name]
    commit(job)
    assert Membership.objects.get(person__full_name="Nguyễn Văn An").unit == tree.br1a
    assert Membership.objects.get(person__full_name="Trần Thị Bình").unit == tree.br1b


def test_a_branch_outside_the_unit_or_the_users_scope_is_refused(
    login, users, tree, upload, make_user
):
    rows = [HEAD, ["Nguyễn Văn An", "Nam", 1980, "", ""]]
    client = login(users.base_editor)
    r = client.post(
        url("new", tree.b1),
        {"file": upload(register_csv(rows), "so.csv"), "kind": "member", "mode": "skip",
         "default_unit": tree.br2a.pk},
    )  # fmt: skip
    assert r.status_code == 200 and not ImportJob.objects.exists()
    # A branch editor of branch 1a cannot send rows to branch 1b, even importing into the base.
    job = services.create_job(
        actor=users.base_editor, unit=tree.b1, kind="member", upload=upload(register_csv(rows), "s.csv")
    )  # fmt: skip
    head = make_user("chi_hoi_1", tree.br1a, "editor")
    with pytest.raises(services.ValidationError):
        services.set_mapping(actor=head, job=job, columns={0: "full_name"}, default_unit=tree.br1b)


def test_the_branch_can_be_chosen_on_the_mapping_page(login, users, tree, make_job):
    job = make_job(register_csv([HEAD, ["Nguyễn Văn An", "Nam", 1980, "", ""]]), name="s.csv")
    client = login(users.base_editor)
    data = {"sheet": "CSV", "mode": "skip", "default_unit": tree.br1b.pk}
    data.update({f"col_{k}": v for k, v in job.mapping["columns"].items()})
    client.post(url("mapping", tree.b1, job), data)
    job.refresh_from_db()
    assert job.default_unit == tree.br1b
    assert job.preview["samples"]["new"][0]["unit"] == tree.br1b.name


# --- The template -------------------------------------------------------------------------------


def test_the_template_downloads_with_headers_the_import_recognises(login, users, tree, tmp_path):
    client = login(users.base_editor)
    page = client.get(url("new", tree.b1)).content.decode()
    assert url("template", tree.b1) in page
    r = client.get(url("template", tree.b1))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    path = tmp_path / "mau.xlsx"
    path.write_bytes(r.content)
    layout = reading.find_layout(reading.Book.open(path))
    assert layout is not None and layout.sheet == "Danh sách"
    wanted = {"full_name", "sex", "birth_date", "cccd", "phone", "address_detail", "ethnicity",
              "religion", "occupation", "branch", "joined_on", "card_number", "note"}  # fmt: skip
    assert set(layout.columns.values()) == wanted
    guide = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(1).to_python()
    assert [tree.br1a.name] in [r[1:2] for r in guide]
    assert login(users.sibling).get(url("template", tree.b1)).status_code == 404


# --- Samples and language -----------------------------------------------------------------------


def test_sample_values_show_whole_numbers_as_integers(login, users, tree, make_job):
    rows = [HEAD, ["Nguyễn Văn An", "Nam", 1975.0, "", datetime.date(2020, 3, 5)]]
    job = make_job(sheet_xlsx({"S": rows}))
    page = login(users.base_editor).get(url("mapping", tree.b1, job)).content.decode()
    assert "1975<br>" in page and "1975,0" not in page and "1975.0" not in page
    assert "05/03/2020" in page


def test_errors_of_a_check_in_the_background_are_in_the_users_language(
    client, login, users, tree, make_job, monkeypatch
):
    job = make_job(
        register_csv([HEAD, ["Nguyễn Văn An", "", "", "", ""]]), name="s.csv", analyse=False
    )
    monkeypatch.setattr(services, "INLINE_CHECK_BYTES", 0)  # as for a large file
    client = login(users.base_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"sheet": "CSV", "mode": "skip"}
    data.update({f"col_{k}": v for k, v in job.mapping["columns"].items()})
    client.post(url("mapping", tree.b1, job), data)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [job.pk, "en"]
    analyse_import.call(*task.args_kwargs["args"])  # what the worker runs
    job.refresh_from_db()
    assert job.preview["errors"][0][3] == "sex unknown (write Nam or Nữ)"


def test_a_check_cancelled_while_queued_is_not_run_when_its_task_starts(make_job, monkeypatch):
    job = make_job(analyse=False)
    monkeypatch.setattr(services, "INLINE_CHECK_BYTES", 0)
    services.check_job(job)
    job.refresh_from_db()
    assert job.status == S.ANALYSING and DBTaskResult.objects.exists()
    services.cancel_job(actor=None, job=job)
    analyse_import.call(job.pk, "vi")  # the worker reaches the queued task after the cancel
    job.refresh_from_db()
    assert job.status == S.CANCELLED and job.counts == {}
