import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import pipeline, services

from .files import register_xlsx


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def upload():
    def make(content=None, name="so-hoi-vien.xlsx"):
        return SimpleUploadedFile(name, register_xlsx() if content is None else content)

    return make


@pytest.fixture
def make_job(users, tree, upload):
    def make(
        content=None,
        *,
        name="so-hoi-vien.xlsx",
        unit=None,
        kind="member",
        mode="skip",
        analyse=True,
    ):
        job = services.create_job(
            actor=users.base_editor,
            unit=unit or tree.b1,
            kind=kind,
            upload=upload(content, name),
            mode=mode,
        )
        if analyse:
            job = services.analyse_job(job)
        return job

    return make


@pytest.fixture
def commit(users):
    def run(job):
        services.start_commit(actor=users.base_editor, job=job, enqueue=False)
        return services.commit_job(job.pk, users.base_editor)

    return run


@pytest.fixture
def failing_write(monkeypatch):
    """The commit's third write of rows fails ("disk full"); ``.n`` counts the writes and
    ``.restore()`` puts the real writer back (for a retry)."""
    real = pipeline._Writer.write
    state = types.SimpleNamespace(n=0)

    def failing(self, rows):
        state.n += 1
        if state.n == 3:
            raise RuntimeError("disk full")
        return real(self, rows)

    monkeypatch.setattr(pipeline._Writer, "write", failing)
    state.restore = lambda: monkeypatch.setattr(pipeline._Writer, "write", real)
    return state
