"""Progress, heartbeat and cancel flag of a running import, kept in small files next to the upload.

Why files and not the database: the commit is one transaction that stays open for the whole
import (all-or-nothing), so nothing it writes to the database can be read before it ends. On
SQLite a second writer would also wait for that transaction's lock. A file is visible at once to
the web process on both databases, and a worker killed mid-import simply stops refreshing it (a
stale heartbeat), which is how a dead job is told from a slow one.
"""

import contextlib
import json
import os
import threading
import time
from pathlib import Path

from django.conf import settings

STALE_SECONDS = 60
HEARTBEAT_SECONDS = 5


def job_dir(job_id: int) -> Path:
    path = Path(settings.VAR_DIR) / "imports" / str(job_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(job_id: int, *, phase: str, done: int, total: int) -> None:
    path = job_dir(job_id) / "progress.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total, "at": time.time()}))
    os.replace(tmp, path)


def read(job_id: int) -> dict:
    path = Path(settings.VAR_DIR) / "imports" / str(job_id) / "progress.json"
    try:
        data = json.loads(path.read_text())
        data["at"] = max(data.get("at", 0), path.stat().st_mtime)
        return data
    except (OSError, ValueError):
        return {}


def percent(data: dict) -> int:
    total = data.get("total") or 0
    return min(100, int(100 * data.get("done", 0) / total)) if total else 0


def is_stale(data: dict) -> bool:
    return not data or time.time() - data.get("at", 0) > STALE_SECONDS


def request_cancel(job_id: int) -> None:
    (job_dir(job_id) / "cancel").touch()


def cancel_requested(job_id: int) -> bool:
    return (Path(settings.VAR_DIR) / "imports" / str(job_id) / "cancel").exists()


def clear_cancel(job_id: int) -> None:
    (job_dir(job_id) / "cancel").unlink(missing_ok=True)


class Heartbeat:
    """Touches the progress file every few seconds while a step runs (index builds, the final
    commit) that reports no progress of its own."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        path = job_dir(self.job_id) / "progress.json"
        while not self._stop.wait(HEARTBEAT_SECONDS):
            with contextlib.suppress(OSError):
                os.utime(path)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=1)
