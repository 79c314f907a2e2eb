"""Soak: several users on loopback for a few minutes, pages and API, reads and a few writes.

    .venv/bin/python bench/soak.py                              # SQLite (a new file of its own)
    scripts/with-postgres.sh .venv/bin/python bench/soak.py     # PostgreSQL (DATABASE_URL)

Sets up the `make run` demo (Đà Nẵng, one base per commune, 2,000 members), four users (a
province manager, two base managers, a branch editor: session cookies and API tokens), starts
gunicorn on SOAK_PORT (default 8104; 2 workers × 2 threads, DEBUG off, like production) and the
task worker (manage.py run_worker: the dashboards' figures after each write), and runs
SOAK_THREADS (4) clients for SOAK_SECONDS (300; BENCH_SCALE=small: 60), each at most
SOAK_MAX_REQUESTS (20,000) requests, 30 s timeout each. A client picks its next request at
random among its user's: unit, register (list and search), statistics, dues overview and
tick-list pages; people search, register and tick-list in the API; about 1 in 25 a write (a new
person over the API, by the managers and the editor).

JSON lines: soak.errors (requests answered 5xx, or with another status than expected, or not at
all; must be 0), soak.latency_p50_ms / soak.latency_p95_ms (with the slowest pages), soak.rss_mib
(the server's memory, master and workers, at start and end), soak.requests (count, per second).
"""

import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

if not os.environ.get("DATABASE_URL"):
    # SQLite: a database file of the soak's own, never var/sohoi.sqlite3.
    os.environ.setdefault("SOHOI_VAR_DIR", tempfile.mkdtemp(prefix="sohoi-soak-"))
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))

from _common import ROOT, SCALE, emit, log, migrate, p95  # noqa: E402

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.services import issue_api_token
from members.models import Membership
from org.models import Unit, UnitKind

PORT = int(os.environ.get("SOAK_PORT", "8104"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "60" if SCALE == "small" else "300"))
THREADS = int(os.environ.get("SOAK_THREADS", "4"))
MAX_REQUESTS = int(os.environ.get("SOAK_MAX_REQUESTS", "20000"))
TIMEOUT = 30
WRITE_SHARE = 0.04
DATABASE = (
    "postgresql" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
)


def setup_data() -> None:
    if Unit.objects.exists():
        log("soak: demo data already there")
        return
    t = time.perf_counter()
    quiet = {"verbosity": 0, "stdout": sys.stderr}  # stdout is for the JSON lines
    call_command("load_admin_units", **quiet)
    call_command("setup_demo", **quiet)
    call_command("make_demo", members=2000, if_empty=True, **quiet)
    call_command("refresh_indicators", all=True, **quiet)
    log(f"soak: demo data in {time.perf_counter() - t:.0f}s")


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Actor:
    """One user of the soak: what they open, with their session and token."""

    def __init__(self, username: str, unit: Unit, role: str):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_password(secrets.token_urlsafe(16))
            user.save()
            RoleAssignment.objects.create(user=user, unit=unit, role=role)
        self.name, self.unit, self.role = username, unit, role
        self.cookie = session_cookie(user)
        _token, self.token = issue_api_token(actor=user, user=user)
        active = Membership.objects.filter(unit_path__startswith=unit.path, ended_on__isnull=True)
        words = [k.split()[-1] for k in active.values_list("search_key", flat=True)[:200]]
        self.words = words or ["nguyen"]
        self.person_ids = list(active.values_list("person_id", flat=True)[:50])
        pk = unit.pk
        self.pages = [
            reverse("org:unit", args=[pk]),
            reverse("members:register", args=[pk]),
            reverse("members:stats", args=[pk]),
            reverse("dues:home", args=[pk]),
        ]
        if unit.kind != UnitKind.PROVINCE:
            self.pages.append(reverse("dues:ticklist", args=[pk]))
        self.api = [
            f"/api/v1/units/{pk}/memberships",
            f"/api/v1/units/{pk}/dues/collection-rates",
            "/api/v1/people",
        ]
        if unit.kind != UnitKind.PROVINCE:
            self.api.append(f"/api/v1/units/{pk}/dues/ticklist")
        self.writes = 0

    def next_request(self, rng: random.Random) -> tuple[str, str, dict, bytes | None, set[int]]:
        """(method, path, headers, body, expected statuses)."""
        page = {"Cookie": f"sessionid={self.cookie}"}
        api = {"Authorization": f"Bearer {self.token}"}
        roll = rng.random()
        if roll < WRITE_SHARE and self.role in ("editor", "manager"):
            self.writes += 1
            body = {
                "full_name": f"Người Thử Tải {self.name} {self.writes}",
                "sex": rng.choice("MF"),
                "birth_year": rng.randint(1950, 2005),
                "confirm_duplicate": True,
            }
            headers = api | {"Content-Type": "application/json"}
            url = f"/api/v1/units/{self.unit.pk}/people"
            return "POST", url, headers, json.dumps(body).encode(), {201}
        if roll < 0.55:
            path = rng.choice(self.pages)
            if path.endswith("/members/") and rng.random() < 0.5:
                path += "?q=" + urllib.request.quote(rng.choice(self.words))
            if rng.random() < 0.1 and self.person_ids:
                path = reverse("people:detail", args=[rng.choice(self.person_ids)])
            return "GET", path, page, None, {200}
        path = rng.choice(self.api)
        if path == "/api/v1/people":
            path += "?q=" + urllib.request.quote(rng.choice(self.words))
        return "GET", path, api, None, {200}


def actors() -> list[Actor]:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path").first()
    bases = list(
        Unit.objects.subtree_of(province)
        .filter(kind=UnitKind.BASE, memberships__isnull=False)
        .distinct()
        .order_by("path")[:2]
    )
    branch = Unit.objects.subtree_of(bases[0]).filter(kind=UnitKind.BRANCH).order_by("path")[0]
    return [
        Actor("soak_tinh", province, "manager"),
        Actor("soak_coso_1", bases[0], "manager"),
        Actor("soak_coso_2", bases[-1], "manager"),
        Actor("soak_chihoi", branch, "editor"),
    ][: max(THREADS, 1)]


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children (gunicorn's master and workers)."""
    total = 0
    pids = [pid]
    try:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
        )
        pids += [int(p) for p in out.stdout.split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def start_server() -> tuple[subprocess.Popen, subprocess.Popen]:
    """gunicorn and, as `make run` has, the task worker (dashboards' figures, imports)."""
    env = os.environ | {
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn), "sohoi.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2",
        "--threads", "2", "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "1", "--no-reload"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5):
                return server, worker
        except (urllib.error.URLError, OSError):
            if server.poll() is not None:
                raise SystemExit(f"soak: the server exited ({server.returncode})") from None
            time.sleep(0.5)
    server.terminate()
    worker.terminate()
    raise SystemExit("soak: the server did not answer within 60 s")


def client(actor: Actor, seed: int, stop_at: float, results: list, errors: list) -> None:
    rng = random.Random(seed)
    for _ in range(MAX_REQUESTS):
        if time.monotonic() >= stop_at:
            return
        method, path, headers, body, expected = actor.next_request(rng)
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}{path}", data=body, headers=headers, method=method
        )
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except (urllib.error.URLError, OSError) as e:
            status = f"no answer: {e}"
        ms = (time.perf_counter() - t) * 1000
        results.append((ms, method, path.split("?")[0], actor.name))
        if status not in expected:
            errors.append({"status": status, "method": method, "path": path, "user": actor.name})


def main() -> None:
    migrate()
    setup_data()
    people = actors()
    server, worker = start_server()
    try:
        time.sleep(2)  # workers up
        rss_start = rss_mib(server.pid)
        results: list = []
        errors: list = []
        stop_at = time.monotonic() + SECONDS
        started = time.perf_counter()
        threads = [
            threading.Thread(target=client, args=(a, i, stop_at, results, errors))
            for i, a in enumerate(people)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        rss_end = rss_mib(server.pid)
        worker_alive = worker.poll() is None
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    times = [r[0] for r in results]
    by_path: dict[str, list[float]] = {}
    for ms, method, path, _user in results:
        by_path.setdefault(f"{method} {path}", []).append(ms)
    slowest = sorted(((round(p95(v), 1), k, len(v)) for k, v in by_path.items()), reverse=True)[:5]
    common = {"database": DATABASE, "threads": len(people), "seconds": round(elapsed, 1)}
    emit("soak.errors", len(errors), "requests", goal=0, **common, first=errors[:5])
    emit("soak.latency_p50_ms", statistics.median(times), "ms", **common)
    emit(
        "soak.latency_p95_ms",
        p95(times),
        "ms",
        **common,
        slowest_p95=[{"p95_ms": ms, "request": k, "n": n} for ms, k, n in slowest],
    )
    emit("soak.rss_mib", rss_end, "MiB", start=rss_start, end=rss_end, **common)
    emit(
        "soak.requests",
        len(results),
        "requests",
        per_s=round(len(results) / elapsed, 1),
        writes=sum(1 for r in results if r[1] == "POST"),
        worker_alive=worker_alive,
        **common,
    )
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
