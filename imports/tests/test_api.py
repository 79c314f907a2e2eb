import pytest

from imports.models import ImportJob
from people.models import Person

from .files import register_xlsx


@pytest.fixture
def api(client, bearer):
    def call(method, user, path, **kw):
        headers = bearer(user) if user else {}
        return getattr(client, method)(f"/api/v1{path}", **kw, **headers)

    return call


def test_it_uploads_previews_commits_and_reports_status(api, users, tree, upload):
    r = api(
        "post",
        users.base_editor,
        f"/units/{tree.b1.pk}/imports",
        data={"file": upload(), "kind": "member"},
    )
    assert r.status_code == 201, r.content
    job_id = r.json()["id"]
    assert r.json()["mapping"]["sheet"] == "Danh sách"
    r = api("post", users.base_editor, f"/imports/{job_id}/preview")
    assert r.status_code == 200 and r.json()["counts"]["new"] == 5
    assert api("get", users.base_editor, f"/imports/{job_id}/preview").json()["counts"]["new"] == 5
    r = api("post", users.base_editor, f"/imports/{job_id}/commit")
    assert r.status_code == 202 and r.json()["status"] == "queued"
    from imports.services import commit_job

    commit_job(job_id)
    r = api("get", users.base_editor, f"/imports/{job_id}")
    assert r.json()["status"] == "done" and Person.objects.count() == 5
    r = api("post", users.base_editor, f"/imports/{job_id}/undo")
    assert r.status_code == 200 and r.json()["status"] == "undone"


def test_the_mapping_can_be_corrected(api, users, tree, make_job):
    job = make_job(analyse=False)
    r = api("put", users.base_editor, f"/imports/{job.pk}/mapping", data={"columns": {"1": "full_name", "2": "male_birth", "3": "female_birth"}}, content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["mapping"]["columns"] == {
        "1": "full_name",
        "2": "male_birth",
        "3": "female_birth",
    }
    r = api("put", users.base_editor, f"/imports/{job.pk}/mapping", data={"columns": {"1": "nonsense"}}, content_type="application/json")  # fmt: skip
    assert r.status_code == 422


def test_a_bad_file_is_422(api, users, tree, upload):
    r = api(
        "post", users.base_editor, f"/units/{tree.b1.pk}/imports", data={"file": upload(b"junk")}
    )
    assert r.status_code == 422


@pytest.mark.parametrize(("method", "path"), [("get", "/imports/{id}"), ("get", "/imports/{id}/preview"), ("post", "/imports/{id}/preview"), ("post", "/imports/{id}/commit"), ("post", "/imports/{id}/cancel")])  # fmt: skip
def test_endpoints_are_scoped(api, users, make_job, method, path):
    job = make_job(register_xlsx())
    ImportJob.objects.filter(pk=job.pk).update(status="uploaded")
    p = path.format(id=job.pk)
    assert api(method, None, p).status_code == 401
    assert api(method, users.sibling, p).status_code == 404
    assert api(method, users.base_viewer, p).status_code == 403
    assert api("delete", users.base_editor, p).status_code == 405


def test_upload_is_scoped(api, users, tree, upload):
    path = f"/units/{tree.b1.pk}/imports"
    assert api("post", None, path, data={"file": upload()}).status_code == 401
    assert api("post", users.sibling, path, data={"file": upload()}).status_code == 404
    assert api("post", users.base_viewer, path, data={"file": upload()}).status_code == 403
    assert api("get", users.base_editor, path).status_code == 405
