import pytest

from imports import services
from imports.models import ImportJob

from .files import register_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, unit, job=None):
    from django.urls import reverse

    return reverse(f"imports:{name}", args=[unit.pk] + ([job.pk] if job else []))


def test_it_walks_a_user_through_upload_mapping_preview_commit_and_undo(
    login, users, tree, upload, monkeypatch
):
    client = login(users.base_editor)
    assert client.get(url("new", tree.b1)).status_code == 200
    r = client.post(url("new", tree.b1), {"file": upload(), "kind": "member", "mode": "skip"})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r.url == url("mapping", tree.b1, job)
    page = client.get(url("mapping", tree.b1, job))
    assert page.status_code == 200 and "Nguyễn Văn An" in page.content.decode()
    data = {
        "sheet": "Danh sách",
        "mode": "skip",
        **{f"col_{k}": v for k, v in job.mapping["columns"].items()},
    }
    r = client.post(url("mapping", tree.b1, job), data)
    assert r.status_code == 302 and r.url == url("detail", tree.b1, job)
    job.refresh_from_db()
    assert job.status == "ready" and job.counts["new"] == 5
    page = client.get(url("detail", tree.b1, job)).content.decode()
    assert 'data-testid="count-new">5<' in page
    r = client.post(url("commit", tree.b1, job))
    assert r.status_code == 302
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get()  # queued for the worker (manage.py db_worker)
    assert task.args_kwargs["args"] == [job.pk, users.base_editor.pk, "vi"]
    job.refresh_from_db()
    assert job.status == "queued" and job.task_id == str(task.id)
    progress = client.get(url("progress", tree.b1, job))
    assert b"hx-trigger" in progress.content and "HX-Refresh" not in progress
    services.commit_job(job.pk, users.base_editor)  # what the worker runs
    progress = client.get(url("progress", tree.b1, job))
    assert progress["HX-Refresh"] == "true"
    assert client.get(url("list", tree.b1)).content.decode().count('data-testid="import-job"') == 1
    r = client.post(url("undo", tree.b1, job))
    job.refresh_from_db()
    assert job.status == "undone"


def test_the_error_workbook_downloads(login, users, tree, make_job):
    job = make_job(register_xlsx(extra_rows=[("An", 1985, "", "", "", "", "", "")]))
    r = login(users.base_editor).get(url("errors", tree.b1, job))
    assert r.status_code == 200 and r["Content-Type"] == XLSX


def test_a_running_import_can_be_cancelled(login, users, tree, make_job):
    job = make_job()
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    from imports import progress

    progress.write(job.pk, phase="commit", done=1, total=10)
    login(users.base_editor).post(url("cancel", tree.b1, job))
    assert progress.cancel_requested(job.pk)


@pytest.mark.parametrize("name", ["list", "new", "detail", "mapping", "progress", "errors"])
def test_pages_are_scoped(client, login, users, tree, make_job, name):
    job = make_job(register_xlsx(extra_rows=[("An", 1985, "", "", "", "", "", "")]))
    args = (tree.b1, job) if name not in ("list", "new") else (tree.b1,)
    target = url(name, *args)
    assert client.get(target).status_code == 302  # anonymous: to the login page
    assert login(users.base_manager).get(target).status_code == 200
    assert login(users.sibling).get(target).status_code == 404
    assert login(users.base_viewer).get(target).status_code == 403
    if name in ("list", "detail", "progress", "errors"):
        assert login(users.base_manager).post(target).status_code == 405
    if name != "list" and name != "new":
        # A job opened under another unit's URL does not exist there.
        assert login(users.province_manager).get(url(name, tree.b2, job)).status_code == 404


@pytest.mark.parametrize("name", ["commit", "cancel", "undo"])
def test_actions_are_scoped_and_post_only(client, login, users, tree, make_job, name):
    job = make_job()
    target = url(name, tree.b1, job)
    assert client.post(target).status_code == 302
    assert login(users.sibling).post(target).status_code == 404
    assert login(users.base_viewer).post(target).status_code == 403
    assert login(users.base_editor).get(target).status_code == 405
