"""The import itself: read the sheet, check every row, match people already registered, and (on
commit) write the new and changed rows set-based, in chunks, inside the caller's transaction.

One pass over the file, a chunk of rows at a time: memory holds the current chunk, the keys seen
so far (for duplicates inside the file) and the rows in error, not the whole file as objects.
Per chunk: one query for the CCCD numbers, one for the cards, one for the memberships of matched
people; then one COPY per table (PostgreSQL) or ``bulk_create`` (SQLite).
"""

import datetime
import io
import json
import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import scope_paths
from core.cells import workbook as safe_workbook
from core.cells import write_cells
from core.pgbulk import Detached, reserve_ids
from core.text import search_key
from members.models import Membership
from members.services import MEMBER_UNIT_KINDS, volunteer_min_age
from org.models import Unit, UnitKind
from people.models import Person
from people.services import CCCD_ELSEWHERE, base_of

from . import parallel, reading
from .models import DedupeMode, ImportJob, ImportUpdate
from .parsing import (
    R_ADDR,
    R_BDATE,
    R_BYEAR,
    R_CARD,
    R_CCCD,
    R_ETH,
    R_JOINED,
    R_NAME,
    R_NOTE,
    R_OCC,
    R_PHONE,
    R_PREC,
    R_REL,
    R_SEX,
    R_SKEY,
    R_SORT,
    R_UNIT,
    BranchIndex,
    RowParser,
)  # fmt: skip

log = logging.getLogger(__name__)
CHUNK = 20_000
PREVIEW_ROWS = 10
MAX_ERROR_ROWS = 100_000
MAX_LISTED_ERRORS = 200
NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
HIDDEN = 0  # a row's match: someone registered whom the importing user may not see

# Person fields an import may set on someone already registered (update/fill), with the row
# position each comes from.
UPDATABLE = {
    "full_name": 0, "sex": 3, "birth_date": 4, "birth_year": 5, "cccd": 7, "phone": 8,
    "address_detail": 9, "ethnicity": 10, "religion": 11, "occupation": 12,
}  # fmt: skip


# The columns an import fills (the rest: constants, see _Writer).
PERSON_COLUMNS = [
    "id", "full_name", "search_key", "sort_key", "sex", "birth_date", "birth_year",
    "birth_precision", "cccd", "phone", "address_detail", "ethnicity", "religion", "occupation",
    "unit_id",
]  # fmt: skip
MEMBER_COLUMNS = [
    "id", "person_id", "unit_id", "unit_path", "sort_key", "search_key", "card_number",
    "joined_on", "note",
]  # fmt: skip


def person_row(pid: int, v: tuple, base_id: int, consts: tuple) -> tuple:
    """A new person's COPY row (PERSON_COLUMNS, then the writer's constants) of a row's values."""
    return (
        pid, v[R_NAME], v[R_SKEY], v[R_SORT], v[R_SEX], v[R_BDATE], v[R_BYEAR], v[R_PREC],
        v[R_CCCD], v[R_PHONE], v[R_ADDR], v[R_ETH], v[R_REL], v[R_OCC], base_id, *consts,
    )  # fmt: skip


def member_row(mid: int, pid: int, v: tuple, unit_path: str, consts: tuple) -> tuple:
    """A new membership's COPY row (MEMBER_COLUMNS, then the writer's constants)."""
    return (
        mid, pid, v[R_UNIT], unit_path, v[R_SORT], v[R_SKEY], v[R_CARD], v[R_JOINED], v[R_NOTE],
        *consts,
    )  # fmt: skip


class Cancelled(Exception):  # noqa: N818
    pass


@dataclass
class Outcome:
    counts: dict = field(default_factory=lambda: {NEW: 0, UPDATE: 0, DUPLICATE: 0, ERROR: 0})
    samples: dict = field(default_factory=lambda: {NEW: [], UPDATE: [], DUPLICATE: [], ERROR: []})
    errors: list = field(default_factory=list)  # (sheet, row, column header, message), listed
    error_rows: list = field(default_factory=list)  # (row number, cells, "Lỗi" text)
    headers: list = field(default_factory=list)
    sheet: str = ""
    rows: int = 0  # data rows read (blank ones left out)
    people_created: int = 0
    memberships_created: int = 0
    people_updated: int = 0
    worker_peaks_kb: list = field(default_factory=list)  # peak memory of each worker process

    def as_counts(self) -> dict:
        return {**self.counts, "total": self.rows}


@dataclass
class Plan:
    """What the import goes into: the unit, its member-keeping units and their bases."""

    unit: Unit
    category: str
    mode: str
    root_path: str  # the dedupe scope: the unit's base (or the unit itself above bases)
    unit_paths: dict[int, str]
    unit_names: dict[int, str]
    base_paths: set[str]
    base_ids: dict[str, int]

    @classmethod
    def build(cls, unit: Unit, category: str, mode: str) -> "Plan":
        root = base_of(unit) if unit.kind != UnitKind.CENTRAL else unit
        if not unit.path.startswith(root.path):
            root = unit
        units = list(
            Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True).values_list(
                "pk", "path", "name", "kind"
            )
        )
        bases = {path: pk for pk, path, _n, kind in units if kind == UnitKind.BASE}
        if not bases:
            bases = {root.path: root.pk}
        in_unit = [u for u in units if u[1].startswith(unit.path)]
        return cls(
            unit=unit,
            category=category,
            mode=mode,
            root_path=root.path,
            unit_paths={pk: path for pk, path, _n, kind in in_unit if kind in MEMBER_UNIT_KINDS},
            unit_names={pk: name for pk, _p, name, _k in in_unit},
            base_paths=set(bases),
            base_ids=bases,
        )

    def base_path(self, path: str) -> str:
        step = Unit.steplen
        for i in range(step, len(path) + 1, step):
            if path[:i] in self.base_paths:
                return path[:i]
        return self.root_path

    def branch_index(self) -> BranchIndex:
        return BranchIndex([(pk, self.unit_names[pk]) for pk in self.unit_paths])


def parser_for(
    plan: Plan, columns: dict[int, str], default_joined_on, today: datetime.date, kind: str,
    default_unit_id: int | None = None,
) -> RowParser:  # fmt: skip
    """``default_unit_id``: the branch chosen for rows that name none (else the unit itself)."""
    if default_unit_id not in plan.unit_paths:
        default_unit_id = plan.unit.pk if plan.unit.pk in plan.unit_paths else None
    return RowParser(
        columns=columns,
        branches=plan.branch_index(),
        default_unit_id=default_unit_id,
        default_joined_on=default_joined_on or today,
        today=today,
        min_age=volunteer_min_age() if kind == "volunteer" else None,
    )


def name_key(base_path: str, skey: str, birth_year: int | None) -> str:
    """The duplicate key of a person: base, name without accents, birth year (one string: a
    million of them take half the memory of tuples)."""
    return f"{base_path}\x1f{skey}\x1f{birth_year}"


def _name_index(plan: Plan, user=None) -> dict[str, tuple[int, str | None]]:
    """(base path, search key, birth year) -> (person id, cccd) for people registered or with a
    membership in the dedupe scope (the rule of people.services.find_duplicates) whom ``user``
    may see: a name never matches anyone else (a branch editor does not see the other branches
    of the base)."""
    index: dict[str, tuple[int, str | None]] = {}
    root = plan.root_path
    people = Person.objects.filter(unit__path__startswith=root, birth_year__isnull=False)
    members = Membership.objects.filter(
        unit_path__startswith=root, person__birth_year__isnull=False
    )
    paths = None if user is None else scope_paths(user)
    if paths is not None and not any(root.startswith(p) for p in paths):
        # The scope covers part of the base: people registered there or with a membership there
        # (Person.objects.visible_to, limited to the base).
        people = people.filter(pk__in=Person.objects.visible_to(user).values("pk"))
        members = members.filter(person__in=Person.objects.visible_to(user).values("pk"))
    for pk, key, year, cccd, path in people.values_list(
        "pk", "search_key", "birth_year", "cccd", "unit__path"
    ):
        index.setdefault(name_key(plan.base_path(path), key, year), (pk, cccd))
    for pk, key, year, cccd, path in members.values_list(
        "person_id", "search_key", "person__birth_year", "person__cccd", "unit_path"
    ):
        index.setdefault(name_key(plan.base_path(path), key, year), (pk, cccd))
    return index


def hidden_people(user, ids: set[int]) -> set[int]:
    """The people among ``ids`` whom ``user`` may not see: the rule of Person.objects.visible_to
    (registered by a unit in scope, or a membership in scope at any time), asked by the ids'
    own indexes (a large import may have dropped the path indexes). With no user (the command
    line, run by the operator) and for a superuser: none."""
    paths = None if user is None or not ids else scope_paths(user)
    if paths is None:
        return set()
    scope = tuple(paths)
    seen: set[int] = set()
    for part in _chunks(sorted(ids)):
        registered = Person.objects.filter(pk__in=part).values_list("pk", "unit__path")
        seen.update(pk for pk, path in registered if path.startswith(scope))
        rest = [pk for pk in part if pk not in seen]
        if scope and rest:
            member = Membership.objects.filter(person_id__in=rest).values_list(
                "person_id", "unit_path"
            )
            seen.update(pk for pk, path in member if path.startswith(scope))
    return ids - seen


def _chunks(values: list, size: int = 5000):
    for i in range(0, len(values), size):
        yield values[i : i + size]


# --- Writers ------------------------------------------------------------------------------------


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPE)
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


try:  # psycopg's C row formatter (psycopg-binary); the pure-Python one otherwise
    from psycopg._copy_base import format_row_text as _format_row
except ImportError:  # pragma: no cover
    _format_row = None


class _Writer:
    """Rows as tuples of the ``provided`` fields followed by ``self.consts``: the ``consts``
    given (field -> value) and every other column's model default, the same for every row.

    PostgreSQL: one COPY per chunk in text format, the columns named in the order of the tuple
    and the constant columns last. The text is made here (psycopg's C formatter) and sent by the
    commit's :class:`_Background` thread while the next chunk is read. Elsewhere: bulk_create.
    """

    def __init__(self, model, provided: list[str], consts: dict | None = None):
        self.model = model
        consts = consts or {}
        fields = model._meta.concrete_fields
        by_attname = {f.attname: f for f in fields}
        now = timezone.now()
        self.provided = provided
        self.const_fields = [f for f in fields if f.attname not in provided]
        self.consts = tuple(
            consts[f.attname] if f.attname in consts
            else now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.const_fields
        )  # fmt: skip
        columns = [by_attname[a].column for a in provided] + [f.column for f in self.const_fields]
        cols = ", ".join(f'"{c}"' for c in columns)
        self.sql = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
        self.names = list(provided) + [f.attname for f in self.const_fields]
        self._tx: Any = None
        self.background: _Background | None = None  # set by run() for a commit on PostgreSQL

    def text(self, rows: list[tuple]) -> bytes:
        """The rows in COPY's text format."""
        if _format_row is not None:
            if self._tx is None:
                from psycopg import adapt

                self._tx = adapt.Transformer(connection.connection)
            out = bytearray()
            fmt, tx = _format_row, self._tx
            for row in rows:
                fmt(row, tx, out)
            return bytes(out)
        fmt_text, join = _copy_text, "\t".join
        return "".join([join(map(fmt_text, row)) + "\n" for row in rows]).encode()

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            data = self.text(rows)
            background = self.background
            if background is not None:
                background.submit(_copy, background.raw, self.sql, data)
            else:
                _copy(connection.connection, self.sql, data)
        else:
            model, names = self.model, self.names
            model.objects.bulk_create(
                [model(**dict(zip(names, row, strict=True))) for row in rows],
                batch_size=500,
            )

    def write_text(self, data: bytes) -> None:
        """Rows already in COPY's text format (PostgreSQL)."""
        if not data:
            return
        if self.background is not None:
            self.background.submit(_copy, self.background.raw, self.sql, data)
        else:
            _copy(connection.connection, self.sql, data)


def _copy(raw, sql: str, data: bytes) -> None:
    with raw.cursor() as cur, cur.copy(sql) as copy:
        copy.write(data)


class _Background:
    """PostgreSQL: the commit's statements that need no answer (COPY) run in order on a helper
    thread, over the transaction's own connection, while this thread reads and checks the next
    chunk: psycopg leaves the GIL while the server works, so the two cores overlap. A query
    from this thread waits (psycopg's connection lock) until the COPY before it is done, so
    everything still happens in order in one transaction. At most ``depth`` chunks wait."""

    def __init__(self, depth: int = 2):
        from concurrent.futures import ThreadPoolExecutor

        self.raw = connection.connection
        self.depth = depth
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-copy")
        self.futures: list = []

    def submit(self, fn, *args) -> None:
        self.check()
        while len(self.futures) >= self.depth:
            self.futures.pop(0).result()
        self.futures.append(self.pool.submit(fn, *args))

    def check(self) -> None:
        """Raise the error of a statement that failed."""
        while self.futures and self.futures[0].done():
            self.futures.pop(0).result()

    def wait(self) -> None:
        while self.futures:
            self.futures.pop(0).result()

    def close(self) -> None:
        """Stop: what is queued is dropped, what runs ends, before the caller rolls back."""
        for f in self.futures:
            f.cancel()
        self.pool.shutdown(wait=True)
        self.futures = []


def _pg_pairs(sql: str, values: list) -> dict:
    """PostgreSQL: {first column: second column} for ``sql`` with one array parameter, bound on
    the server (a plain psycopg cursor, not Django's client-side one)."""
    if not values:
        return {}
    import psycopg

    with psycopg.Cursor(connection.connection) as cur:
        cur.execute(sql, [_text_array(values)])
        return dict(cur.fetchall())


def _text_array(values: list[str]) -> str:
    """A PostgreSQL array literal of texts (each quoted): one text parameter to cast, several
    times cheaper to send than psycopg's element-by-element array adapter."""
    return "{%s}" % ",".join(  # noqa: UP031
        ['"%s"' % v.replace("\\", "\\\\").replace('"', '\\"') for v in values]  # noqa: UP031
    )


def _registered(cccds: list[str], cards: list[str]) -> tuple[set, set]:
    """(the CCCD numbers among ``cccds`` that someone registered has, the card numbers among
    ``cards`` open on a membership)."""
    if connection.vendor == "postgresql":
        return set(
            _pg_pairs("SELECT cccd, id FROM people_person WHERE cccd = ANY(%s::text[])", cccds)
        ), set(
            _pg_pairs(
                "SELECT card_number, person_id FROM members_membership "
                "WHERE card_number = ANY(%s::text[]) AND ended_on IS NULL",
                cards,
            )
        )  # fmt: skip
    found: set[str] = set()
    held: set[str] = set()
    for part in _chunks(cccds):
        found.update(
            c for c in Person.objects.filter(cccd__in=part).values_list("cccd", flat=True) if c
        )
    for part in _chunks(cards):
        held.update(
            Membership.objects.filter(card_number__in=part, ended_on__isnull=True).values_list(
                "card_number", flat=True
            )
        )
    return found, held


# Tables a large import fills; their secondary indexes may be rebuilt (see _BulkLoad).
BULK_TABLES = ("people_person", "members_membership")
BULK_MIN_ROWS = 50_000
BULK_LOCK_TIMEOUT = "5s"


def _kept_while_loading(column: str | None, unique: bool) -> bool:
    return column == "person_id" or (column == "card_number" and unique)


class _BulkLoad(Detached):
    """PostgreSQL, a large import (at least BULK_MIN_ROWS rows and at least half as many rows
    as the tables hold): the tables' secondary indexes that are not constraints are dropped at
    the start of the transaction and built again, one sorted pass each, at its end.

    Keeping a dozen b-tree and a GIN index up to date row by row costs several times the rows
    themselves; a build from scratch is about three times cheaper per row. The price is a lock:
    DROP INDEX takes an ACCESS EXCLUSIVE lock on both tables until the import commits, so
    register pages wait meanwhile. Smaller imports (most) keep the indexes and take no such
    lock. It is one transaction: a failure, a cancel or a killed worker rolls the drops back
    too, and the rebuild of a unique index checks it again. The lock is asked for with a short
    timeout: if other sessions hold the tables, the import goes on with the indexes in place.
    """

    def __init__(
        self, indexes: list[tuple[str, str]], fks: list[tuple[str, str, str]], replica: bool
    ):
        super().__init__(indexes, fks)
        self.replica = replica

    @classmethod
    def start(cls, rows: int, refs: dict[str, list[int | None]]) -> "_BulkLoad | None":
        """``refs``: {table: the ids the new rows point to there} (units, the job, the user)."""
        if rows < BULK_MIN_ROWS:
            return None
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(MAX(reltuples), 0) FROM pg_class WHERE oid = ANY(%s::regclass[])",
                [list(BULK_TABLES)],
            )
            if rows * 2 < cur.fetchone()[0]:
                return None
        # Kept: what the import's own look-ups use while it runs (a membership's person, an
        # open card number); their keys mostly come in ascending order, cheap to add. Foreign
        # keys between the two tables (a membership's person, its previous one) are checked
        # once by a join when added back, instead of a look-up per row; those to other tables
        # (units, users, jobs) stay: dropping one would lock that table too.
        found = Detached.find(list(BULK_TABLES), keep=_kept_while_loading, fks_among=True)
        try:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(f"SET LOCAL lock_timeout = '{BULK_LOCK_TIMEOUT}'")
                tables = ", ".join(BULK_TABLES)
                cur.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
                found.drop(cur)
                cur.execute("SET LOCAL lock_timeout TO DEFAULT")
                # An index cannot be built on a table with foreign-key checks still pending:
                # the checks run at the end of each COPY instead of at commit (the server does
                # them while the next chunk is read).
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        except OperationalError:
            log.info("import: tables busy, indexes kept")
            return None
        return cls(found.indexes, found.fks, cls._skip_row_checks(refs))

    @staticmethod
    def _skip_row_checks(refs: dict[str, list[int | None]]) -> bool:
        """Foreign keys to other tables (units, the job, the user) are checked by a trigger per
        row and key: millions of look-ups of the same few rows, most of a large COPY's time. A
        role allowed to set ``session_replication_role`` (a superuser, or after ``GRANT SET ON
        PARAMETER session_replication_role``, PostgreSQL 15) turns those triggers off for the
        import's COPYs, as pg_restore --disable-triggers does. What the checks guarantee is kept:
        every id the rows use comes from rows read in this transaction, and those rows are locked
        here as each check would lock them (FOR KEY SHARE), so none can go before the commit.
        Without the right, the checks run row by row as usual."""
        try:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            log.info("import: may not set session_replication_role; row checks kept")
            return False
        with connection.cursor() as cur:
            for table, ids in refs.items():
                wanted = sorted({i for i in ids if i is not None})
                cur.execute(
                    f"SELECT id FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    "WHERE id = ANY(%s) FOR KEY SHARE",
                    [wanted],
                )
                if len(cur.fetchall()) != len(wanted):
                    cur.execute("SET LOCAL session_replication_role = origin")
                    return False  # (a row gone already: the usual checks will say which)
        return True

    def finish(self) -> None:
        with connection.cursor() as cur:
            if self.replica:
                cur.execute("SET LOCAL session_replication_role = origin")
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            # The file is read by now: the b-tree builds may use the other core.
            cur.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            self.rebuild(cur)
            cur.execute("SET CONSTRAINTS ALL DEFERRED")


class _Ids:
    """Primary keys for the new rows of each model: a block as large as the file reserved at
    the start (the unused ones are a gap, as after any rollback), so that no round trip per
    chunk waits for the COPY before it; another block if the file gave more rows."""

    def __init__(self, models: tuple, size: int):
        self.models = models
        self.size = max(size, 1)
        self.next = [reserve_ids(m, self.size) if size else 0 for m in models]
        self.end = [n + self.size if size else 0 for n in self.next]

    def take(self, i: int, count: int) -> int:
        if self.next[i] + count > self.end[i]:
            size = max(count, self.size)
            self.next[i] = reserve_ids(self.models[i], size)
            self.end[i] = self.next[i] + size
        first = self.next[i]
        self.next[i] += count
        return first


# --- The pass over the file ---------------------------------------------------------------------


def _display(values: tuple, plan: Plan) -> dict:
    bdate = values[R_BDATE]
    return {
        "name": values[R_NAME],
        "sex": values[R_SEX],
        "birth": bdate.strftime("%d/%m/%Y") if bdate else str(values[R_BYEAR] or ""),
        "unit": plan.unit_names.get(values[R_UNIT], ""),
        "joined": values[R_JOINED].strftime("%d/%m/%Y"),
        "card": values[R_CARD],
    }


def run(
    job: ImportJob,
    *,
    write: bool,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: datetime.date | None = None,
) -> Outcome:
    """Read and check ``job``'s file; with ``write``, also write it (inside the caller's
    transaction). Raises reading.ReadError for an unreadable file, Cancelled when asked to stop."""
    today = today or timezone.localdate()
    plan = Plan.build(job.unit, job.kind, job.mode)
    # A book already opened for this file (upload and commit in one process) is reused: loading
    # a sheet parses all of it.
    book = getattr(job, "_book", None) or reading.Book.open(job.file)
    mapping = job.mapping or {}
    if mapping.get("columns") is not None:
        layout = reading.Layout(
            sheet=mapping["sheet"],
            header_row=mapping["header_row"],
            data_row=mapping["data_row"],
            headers=mapping["headers"],
            columns={int(k): v for k, v in mapping["columns"].items() if v},
        )
    else:
        found = reading.find_layout(book, mapping.get("sheet"))
        if found is None:
            raise reading.ReadError(_("Không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh…)."))
        layout = found
    out = Outcome(headers=list(layout.headers), sheet=layout.sheet)
    parser = parser_for(
        plan, layout.columns, job.default_joined_on, today, job.kind, job.default_unit_id
    )
    header_of = dict(enumerate(layout.headers))
    labels = {f: str(label) for f, label in reading.FIELDS.items()}
    # Whose scope the matches are limited to: the user who commits, else the one who uploaded.
    user = actor if actor is not None else job.created_by
    names = _name_index(plan, user)
    seen_cccd: dict[str, int] = {}
    seen_name: dict[str, int] = {}  # name key -> the first row with it
    row_cccd: list[str | None] = []  # row number -> its CCCD, for the rows in seen_name
    seen_card: dict[str, int] = {}
    claimed: dict[int, int] = {}  # person id -> the row matched to them
    mapped = sorted(layout.columns)
    total = book.row_count(layout.sheet)
    msg = {
        "dup_cccd": _("trùng số CCCD với dòng %(n)d"),
        "dup_name": _("trùng họ tên và năm sinh với dòng %(n)d"),
        "dup_card": _("số thẻ trùng với dòng %(n)d"),
        "card_taken": _("số thẻ %(card)s đã cấp cho người khác"),
        "member_elsewhere": _("người này đang sinh hoạt ở một đơn vị khác; hãy chuyển sinh hoạt"),
        "cccd_elsewhere": str(CCCD_ELSEWHERE),
        "before_last": _("ngày vào trước ngày thôi sinh hoạt lần trước (%(d)s)"),
        "exists": _("đã có trong sổ"),
        "dup_person": _("cùng một người với dòng %(n)d"),
    }

    def header(*fields: str) -> str:
        """The file's header of the first of ``fields`` that has a column, else its label."""
        for f in fields:
            i = layout_col(layout, f)
            if i is not None:
                return header_of.get(i, labels[f])
        return labels[fields[0]]

    def where(c: int | str) -> str:
        return header_of.get(c, str(c)) if isinstance(c, int) else labels.get(c, c)

    col_cccd = header("cccd")
    col_name = header("full_name", "given_name")
    col_card = header("card_number")
    col_joined = header("joined_on")
    job_id = job.pk
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    person_writer = _Writer(
        Person, PERSON_COLUMNS, {"import_job_id": job_id, "created_at": now, "updated_at": now}
    )
    member_writer = _Writer(
        Membership,
        MEMBER_COLUMNS,
        {"category": plan.category, "import_job_id": job_id, "created_by_id": actor_id,
         "created_at": now},
    )  # fmt: skip
    pg = connection.vendor == "postgresql"
    # Each member-keeping unit's base (path, id): one look-up per row instead of a walk.
    unit_base = {pk: plan.base_path(path) for pk, path in plan.unit_paths.items()}
    unit_base_id = {pk: plan.base_ids.get(unit_base[pk], pk) for pk in plan.unit_paths}
    unit_paths = plan.unit_paths
    background = _Background() if write and pg else None
    person_writer.background = member_writer.background = background
    # Large xlsx files on PostgreSQL: the rows are read and checked by worker processes.
    pieces = (
        book.pieces(layout.sheet)
        if pg and total >= parallel.MIN_ROWS and parallel.worker_count() > 1
        else None
    )
    pool = None
    if pieces is not None:
        id_rows = total + 1 if write else 0  # (sheet row i's new person: first id + i)
        pool = parallel.Pool(
            parallel.Setup(
                db={k: connection.settings_dict[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")},
                language=translation.get_language() or settings.LANGUAGE_CODE,
                unit_id=plan.unit.pk, kind=job.kind, mode=job.mode, columns=layout.columns,
                data_row=layout.data_row, default_joined_on=job.default_joined_on or today, today=today,
                write=write, default_unit_id=job.default_unit_id,
                person_first=reserve_ids(Person, id_rows) if write else 0,
                member_first=reserve_ids(Membership, id_rows) if write else 0,
                id_rows=id_rows,
                person_consts=person_writer.consts, member_consts=member_writer.consts,
                styles=pieces.styles, strings=pieces.strings, workbook_pr=pieces.workbook_pr,
            ),
            parallel.worker_count(),
        )  # fmt: skip
    # Ids for the rows checked here: a block as large as the file (or, with workers, a chunk).
    new_ids = _Ids((Person, Membership), (CHUNK if pool else total + 1) if write else 0)
    refs: dict[str, list[int | None]] = {
        Unit._meta.db_table: [*unit_paths, *unit_base_id.values()],
        ImportJob._meta.db_table: [job_id],
        get_user_model()._meta.db_table: [actor_id],
    }
    bulk = _BulkLoad.start(total, refs) if write and pg else None

    def error(rownum: int, cells: list | None, problems: list[tuple[str, str]]) -> None:
        out.counts[ERROR] += 1
        for header, message in problems:
            if len(out.errors) < MAX_LISTED_ERRORS:
                out.errors.append([layout.sheet, rownum, header, message])
        text = "; ".join(f"{h}: {m}" for h, m in problems)
        if len(out.error_rows) < MAX_ERROR_ROWS:
            out.error_rows.append((rownum, cells, text))
        if len(out.samples[ERROR]) < PREVIEW_ROWS:
            out.samples[ERROR].append({"row": rownum, "problem": text})

    def classify(chunk: list[tuple[int, list | None, tuple]]) -> None:
        """Match the chunk against the database, then count (and write) each row."""
        cccds = [v[R_CCCD] for _r, _c, v in chunk if v[R_CCCD]]
        cards = [v[R_CARD] for _r, _c, v in chunk if v[R_CARD]]
        if pg:
            # One statement each, the values as one array parameter (no IN list to build).
            by_cccd = _pg_pairs(
                "SELECT cccd, id FROM people_person WHERE cccd = ANY(%s::text[])", cccds
            )
            card_holder = _pg_pairs(
                "SELECT card_number, person_id FROM members_membership "
                "WHERE card_number = ANY(%s::text[]) AND ended_on IS NULL",
                cards,
            )
        else:
            by_cccd = {}
            for part in _chunks(cccds):
                by_cccd.update(Person.objects.filter(cccd__in=part).values_list("cccd", "pk"))  # type: ignore[arg-type]
            card_holder = {}
            for part in _chunks(cards):
                card_holder.update(
                    Membership.objects.filter(
                        card_number__in=part, ended_on__isnull=True
                    ).values_list("card_number", "person_id")
                )
        # Someone the user may not see is never matched, whatever their state: the row is
        # refused with one message that says nothing about them.
        hidden = hidden_people(user, set(by_cccd.values()))
        matched: list[int | None] = []
        for rownum, _c, v in chunk:
            pid = by_cccd.get(v[R_CCCD]) if v[R_CCCD] else None
            if pid in hidden:
                matched.append(HIDDEN)
                continue
            if pid is None:
                hit = names.get(name_key(unit_base[v[R_UNIT]], v[R_SKEY], v[R_BYEAR]))
                # Same name and year but another CCCD: someone else. A person already matched
                # by an earlier row (two rows with different CCCDs, the person without one) is
                # not matched again: the row is a new person.
                if (
                    hit is not None
                    and not (hit[1] and v[R_CCCD] and hit[1] != v[R_CCCD])
                    and hit[0] not in claimed
                ):
                    pid = hit[0]
            elif pid in claimed:
                pid = -claimed[pid]  # the person an earlier row already stands for
            if pid is not None and pid > 0:
                claimed[pid] = rownum
            matched.append(pid)
        ids = {p for p in matched if p is not None and p > 0}
        open_in: dict[int, int] = {}
        last_end: dict[int, datetime.date] = {}
        current: dict[int, dict] = {}
        in_scope: set[int] = set()
        for part in _chunks(list(ids)):
            for pid, unit_id, ended in Membership.objects.filter(
                person_id__in=part, category=plan.category
            ).values_list("person_id", "unit_id", "ended_on"):
                if ended is None:
                    open_in[pid] = unit_id
                elif ended > last_end.get(pid, datetime.date.min):
                    last_end[pid] = ended
            in_scope.update(
                Membership.objects.filter(
                    person_id__in=part, unit_path__startswith=plan.root_path
                ).values_list("person_id", flat=True)
            )
            for row in Person.objects.filter(pk__in=part).values(
                "pk", "unit__path", "anonymised_on", "search_key", "sort_key", *UPDATABLE,
                "birth_precision",
            ):  # fmt: skip
                current[row["pk"]] = row
                if row["unit__path"].startswith(plan.root_path):
                    in_scope.add(row["pk"])

        new_people: list[tuple] = []
        new_members: list[tuple] = []
        updates: list[tuple[int, dict, dict]] = []
        if pg and write and not card_holder:
            # The common case, a new person without a conflicting card, without the per-row
            # checks below (they cannot apply to it).
            # Their rows are made whole here: ids, then the constant columns.
            fast = [pid is None for pid in matched]
            rows = [v for (_r, _c, v), f in zip(chunk, fast, strict=True) if f]
            p0 = new_ids.take(0, len(rows))
            m0 = new_ids.take(1, len(rows))
            pc, mc = person_writer.consts, member_writer.consts
            ready_people = [
                person_row(p0 + k, v, unit_base_id[v[R_UNIT]], pc) for k, v in enumerate(rows)
            ]
            ready_members = [
                member_row(m0 + k, p0 + k, v, unit_paths[v[R_UNIT]], mc) for k, v in enumerate(rows)
            ]
            out.counts[NEW] += len(rows)
        else:
            fast = [False] * len(chunk)
            ready_people, ready_members = [], []
        new_samples = out.samples[NEW]
        for (rownum, cells, v), pid, done in zip(chunk, matched, fast, strict=True):
            if done:  # counted and written above; only shown if among the first
                if len(new_samples) < PREVIEW_ROWS:
                    new_samples.append({**_display(v, plan), "row": rownum})
                continue
            if pid == HIDDEN:
                error(rownum, cells, [(col_cccd, msg["cccd_elsewhere"])])
                continue
            if pid is not None and pid < 0:
                _duplicate(out, rownum, cells, v, plan, col_cccd, msg["dup_person"] % {"n": -pid})
                continue
            card = v[R_CARD]
            if card and card_holder.get(card, pid) != pid:
                error(rownum, cells, [(col_card, msg["card_taken"] % {"card": card})])
                continue
            cls = NEW
            changes: dict = {}
            if pid is not None:
                if pid in open_in and open_in[pid] not in plan.unit_paths and pid not in in_scope:
                    error(rownum, cells, [(col_cccd, msg["member_elsewhere"])])
                    continue
                if pid not in open_in and pid in last_end and v[R_JOINED] < last_end[pid]:
                    error(rownum, cells, [(col_joined, msg["before_last"] % {
                        "d": last_end[pid].strftime("%d/%m/%Y")})])  # fmt: skip
                    continue
                person = current[pid]
                if plan.mode != DedupeMode.SKIP and pid in in_scope and not person["anonymised_on"]:
                    changes = _changes(person, v, fill=plan.mode == DedupeMode.FILL)
                cls = (UPDATE if changes else DUPLICATE) if pid in open_in else NEW
            out.counts[cls] += 1
            if len(out.samples[cls]) < PREVIEW_ROWS:
                shown = _display(v, plan)
                shown["row"] = rownum
                if cls == DUPLICATE:
                    shown["problem"] = msg["exists"]
                if changes:
                    shown["changes"] = sorted(changes)
                out.samples[cls].append(shown)
            if not write:
                continue
            unit_id = v[R_UNIT]
            unit_path = plan.unit_paths[unit_id]
            if pid is None:
                pid = -1  # filled below once ids are reserved
                base = unit_base_id[unit_id]
                new_people.append(
                    (v[R_NAME], v[R_SKEY], v[R_SORT], v[R_SEX], v[R_BDATE], v[R_BYEAR], v[R_PREC],
                     v[R_CCCD], v[R_PHONE], v[9], v[10], v[11], v[12], base)
                )  # fmt: skip
                skey, sort = v[R_SKEY], v[R_SORT]
            else:
                if changes:
                    updates.append((pid, changes, {f: current[pid][f] for f in changes}))
                person = current[pid]
                skey = changes.get("search_key", person["search_key"])
                sort = changes.get("sort_key", person["sort_key"])
            if cls == NEW:
                new_members.append(
                    (pid, unit_id, unit_path, sort, skey, v[R_CARD], v[R_JOINED], v[16])
                )  # fmt: skip
        if not write:
            return
        pc, mc = person_writer.consts, member_writer.consts
        if new_people:
            first = new_ids.take(0, len(new_people))
            ready_people += [(first + i, *p, *pc) for i, p in enumerate(new_people)]
            k = first
            fixed = []
            for m in new_members:
                if m[0] == -1:
                    m = (k, *m[1:])
                    k += 1
                fixed.append(m)
            new_members = fixed
        if new_members:
            first = new_ids.take(1, len(new_members))
            ready_members += [(first + i, *m, *mc) for i, m in enumerate(new_members)]
        if ready_people:
            person_writer.write(ready_people)
            out.people_created += len(ready_people)
        if ready_members:
            member_writer.write(ready_members)
            out.memberships_created += len(ready_members)
        if updates:
            if background is not None:
                background.wait()
            _apply_updates(job, updates, now)
            out.people_updated += len(updates)

    def first_in_file(rownum: int, cells, shown, cccd, key, card) -> bool:
        """Whether no earlier row of the file has the same CCCD, name + birth year + base, or
        card (the first row wins); a later one is counted a duplicate (or, for a card, an
        error). ``shown``: the row's values, or what is known of them, for the preview."""
        if cccd:
            first = seen_cccd.get(cccd)
            if first is not None:
                _duplicate(out, rownum, cells, shown, plan, col_cccd, msg["dup_cccd"] % {"n": first})  # fmt: skip
                return False
            seen_cccd[cccd] = rownum
        if key is not None:
            earlier = seen_name.get(key)
            if earlier is None:
                seen_name[key] = rownum
                if cccd:
                    if len(row_cccd) <= rownum:
                        row_cccd.extend([None] * (rownum + 1 - len(row_cccd)))
                    row_cccd[rownum] = cccd
            else:
                other = row_cccd[earlier] if earlier < len(row_cccd) else None
                if not (other and cccd and other != cccd):
                    _duplicate(out, rownum, cells, shown, plan, col_name, msg["dup_name"] % {"n": earlier})  # fmt: skip
                    return False
        if card:
            first = seen_card.get(card)
            if first is not None:
                error(rownum, cells, [(col_card, msg["dup_card"] % {"n": first})])
                return False
            seen_card[card] = rownum
        return True

    def read_rows() -> None:
        """The pass over the rows: parse, drop duplicates inside the file, classify by chunks."""
        chunk: list[tuple[int, list | None, tuple]] = []
        parse = parser.parse
        data_row = layout.data_row
        done = 0
        # The mapped cells of a row in one C call (rows of a sheet all have its width).
        cells = operator.itemgetter(*mapped, mapped[-1]) if mapped else None
        reach = mapped[-1] if mapped else -1
        for i, row in enumerate(book.rows(layout.sheet)):
            if i < data_row:
                continue
            if cells is not None and len(row) > reach:
                got = cells(row)
                if got.count("") + got.count(None) == len(got):
                    continue  # blank line (or only a row number)
            elif not any(row[c] != "" and row[c] is not None for c in mapped if c < len(row)):
                continue
            rownum = i + 1
            out.rows += 1
            values, problems = parse(row)
            if values is None:
                if parser.footer(row):  # a signature, the date or a total under the table
                    out.rows -= 1
                    continue
                error(rownum, row, [(where(c), m) for c, m in problems])
                continue
            byear = values[R_BYEAR]
            key = (
                None
                if byear is None
                else name_key(unit_base[values[R_UNIT]], values[R_SKEY], byear)
            )
            if not first_in_file(rownum, row, values, values[R_CCCD], key, values[R_CARD]):
                continue
            chunk.append((rownum, row, values))
            if len(chunk) >= CHUNK:
                classify(chunk)
                done = i + 1
                chunk = []
                if progress is not None:
                    progress(done, total)
                if cancelled is not None and cancelled():
                    raise Cancelled
        if chunk:
            classify(chunk)

    def read_pieces(pool: "parallel.Pool", pieces) -> None:
        """The same pass with the rows read and checked by worker processes (imports.parallel):
        here only the duplicates inside the file, the writes, and the rows that match someone
        already registered (checked by :func:`classify` as above)."""
        chunk: list[tuple[int, list | None, tuple]] = []
        p_lines: list[bytes] = []
        m_lines: list[bytes] = []
        counts, new_samples, names_of = out.counts, out.samples[NEW], plan.unit_names
        dup_samples = out.samples[DUPLICATE]

        def flush() -> None:
            if p_lines:
                person_writer.write_text(b"".join(p_lines))
                member_writer.write_text(b"".join(m_lines))
                out.people_created += len(p_lines)
                out.memberships_created += len(m_lines)
                p_lines.clear()
                m_lines.clear()

        for results, samples, last, count in pool.map(pieces.xml_pieces()):
            out.rows += count
            shown_values = dict(samples)
            # The piece's CCCD and card numbers among those registered: one query each (here:
            # a large import holds the register's tables locked, the workers cannot read them).
            found, held = _registered(
                [r[2] for r in results if r[0] == parallel.FRESH and r[2]],
                [r[6] for r in results if r[0] == parallel.FRESH and r[6]],
            )
            for r in results:
                kind, rownum = r[0], r[1]
                if kind == parallel.BAD:
                    error(rownum, r[2], [(where(c), m) for c, m in r[3]])
                    continue
                if kind == parallel.FRESH:
                    _k, _r, cccd, skey, byear, unit_id, card, name, pl, ml = r
                    key = None if byear is None else name_key(unit_base[unit_id], skey, byear)
                    # Registered with the same name, birth year and base but another CCCD:
                    # someone else (the rule of classify), so a new person like any other.
                    hit = names.get(key) if key is not None else None
                    if not (
                        (cccd and cccd in found)
                        or (card and card in held)
                        or (hit is not None and not (hit[1] and cccd and hit[1] != cccd))
                    ):
                        shown = (
                            shown_values.get(rownum)
                            or {
                                "name": name, "sex": "", "birth": str(byear or ""), "card": card,
                                "unit": names_of.get(unit_id, ""), "joined": "",
                            }
                            if len(dup_samples) < PREVIEW_ROWS
                            else None  # (only the first duplicates are shown)
                        )  # fmt: skip
                        if not first_in_file(rownum, None, shown, cccd, key, card):
                            continue
                        counts[NEW] += 1
                        if len(new_samples) < PREVIEW_ROWS and rownum in shown_values:
                            new_samples.append(
                                {**_display(shown_values[rownum], plan), "row": rownum}
                            )
                        p_lines.append(pl)
                        m_lines.append(ml)
                        continue
                    v = parallel.values_of(pl, ml)  # someone registered: checked as above
                else:
                    v = r[2]
                byear = v[R_BYEAR]
                key = None if byear is None else name_key(unit_base[v[R_UNIT]], v[R_SKEY], byear)
                if first_in_file(rownum, None, v, v[R_CCCD], key, v[R_CARD]):
                    chunk.append((rownum, None, v))
            if len(p_lines) >= CHUNK:
                flush()
            if len(chunk) >= CHUNK:
                classify(chunk)
                chunk = []
            if progress is not None:
                progress(last + 1, total)
            if cancelled is not None and cancelled():
                raise Cancelled
        flush()
        if chunk:
            classify(chunk)

    try:
        if pool is not None:
            read_pieces(pool, pieces)
            pool.close()
            out.worker_peaks_kb = pool.peaks_kb
        else:
            read_rows()
        if background is not None:
            background.wait()
        if bulk is not None:
            bulk.finish()
    except parallel.WorkerError as e:
        log.error("import %s: a worker failed: %s", job.pk, e)
        raise reading.ReadError(_("Không đọc được tệp: %(err)s") % {"err": str(e).strip().splitlines()[-1][:200]}) from None  # fmt: skip
    finally:
        if background is not None:
            background.close()
        if pool is not None:
            pool.kill()
        if pieces is not None:
            pieces.close()
    if progress is not None:
        progress(total, total)
    return out


def layout_col(layout: reading.Layout, field_name: str) -> int | None:
    for i, f in layout.columns.items():
        if f == field_name:
            return i
    return None


def _duplicate(out: Outcome, rownum, cells, values, plan, column: str, message: str) -> None:
    out.counts[DUPLICATE] += 1
    if len(out.samples[DUPLICATE]) < PREVIEW_ROWS:
        shown = dict(values) if isinstance(values, dict) else _display(values, plan)
        shown.update(row=rownum, problem=f"{column}: {message}")
        out.samples[DUPLICATE].append(shown)
    if len(out.error_rows) < MAX_ERROR_ROWS:
        out.error_rows.append((rownum, cells, f"{column}: {message}"))


def _changes(person: dict, v: tuple, *, fill: bool) -> dict:
    """The fields a row changes on a registered person: every value the file gives that differs
    (update), or only those the person lacks (fill). An empty cell never erases anything."""
    changes: dict = {}
    for f, pos in UPDATABLE.items():
        new = v[pos]
        if new in ("", None) or f == "birth_year":
            continue
        old = person[f]
        if f == "birth_date":
            continue
        if old != new and (not fill or old in ("", None)):
            changes[f] = new
    # Birth: a full date wins over a year; a year alone only where no date is known.
    if v[R_BDATE] is not None:
        if person["birth_date"] != v[R_BDATE] and (not fill or person["birth_date"] is None):
            changes.update(birth_date=v[R_BDATE], birth_year=v[R_BYEAR], birth_precision=v[R_PREC])
    elif (
        v[R_BYEAR] is not None
        and person["birth_year"] != v[R_BYEAR]
        and (not fill or person["birth_year"] is None)
    ):
        changes.update(birth_date=None, birth_year=v[R_BYEAR], birth_precision=v[R_PREC])
    if "full_name" in changes:
        changes.update(search_key=v[R_SKEY], sort_key=v[R_SORT])
    return changes


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _apply_updates(job: ImportJob, updates: list[tuple[int, dict, dict]], now) -> None:
    """Change registered people (few per import, so per field group with bulk_update), keep the
    values before for undo, and refresh the register's copies of renamed people's keys."""
    by_fields: dict[tuple, list[Person]] = {}
    for pid, changes, _before in updates:
        p = Person(pk=pid, updated_at=now, **changes)
        by_fields.setdefault(tuple(sorted(changes)), []).append(p)
    for fields, people in by_fields.items():
        Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=1000)
    ImportUpdate.objects.bulk_create(
        [
            ImportUpdate(job=job, person_id=pid, before={k: _json(v) for k, v in before.items()})
            for pid, _c, before in updates
        ],
        batch_size=1000,
    )
    renamed = [pid for pid, changes, _b in updates if "full_name" in changes]
    if renamed:
        refresh_keys(renamed)


def refresh_keys(person_ids: list[int]) -> None:
    person = Person.objects.filter(pk=OuterRef("person_id"))
    for part in _chunks(person_ids):
        Membership.objects.filter(person_id__in=part).update(
            sort_key=Subquery(person.values("sort_key")[:1]),
            search_key=Subquery(person.values("search_key")[:1]),
        )


# --- The error workbook -------------------------------------------------------------------------


def _cell(c):
    if isinstance(c, datetime.date):
        return c.strftime("%d/%m/%Y")
    return c


def save_error_rows(out: Outcome, path, source: str = "") -> None:
    """The rows not imported (sheet, headers, then one JSON line per row, in row order) for
    :func:`error_workbook_from`. A row whose cells were not kept (a duplicate found after the
    workers had read it) is read again from ``source`` then."""
    dumps = json.dumps
    with open(path, "w", encoding="utf-8") as f:
        head = {"sheet": out.sheet, "headers": out.headers, "source": str(source)}
        f.write(dumps(head, ensure_ascii=False) + "\n")
        f.writelines(
            dumps(
                [rownum, None if cells is None else [_cell(c) for c in cells], text],
                ensure_ascii=False,
                default=str,
            )
            + "\n"
            for rownum, cells, text in sorted(out.error_rows, key=operator.itemgetter(0))
        )


def error_workbook_from(path) -> bytes:
    with open(path, encoding="utf-8") as f:
        head = json.loads(f.readline())
        rows = [json.loads(line) for line in f]
    missing = {r[0] for r in rows if r[1] is None}
    if missing and head.get("source"):
        found: dict[int, list] = {}
        try:
            book = reading.Book.open(head["source"])
            for i, cells in enumerate(book.rows(head["sheet"])):
                if i + 1 in missing:
                    found[i + 1] = cells
                    if len(found) == len(missing):
                        break
        except (reading.ReadError, OSError):
            log.warning("error workbook: %s cannot be read again", head["source"])
        for r in rows:
            if r[1] is None:
                r[1] = found.get(r[0], [])
    out = Outcome(headers=head["headers"], sheet=head["sheet"])
    out.error_rows = [(r[0], r[1] or [], r[2]) for r in rows]
    return error_workbook(out)


def _sheet_name(name: str) -> str:
    """A name xlsx accepts for a sheet (the file's own may hold []:*?/\\ or be too long)."""
    name = name.translate(str.maketrans("[]:*?/\\", "()-----")).strip("'")[:31]
    return name or _("Lỗi")


def error_workbook(out: Outcome) -> bytes:
    """The rows not imported, as they were in the file, with "Lỗi" saying which column and why.
    Text is written as text, a formula-like cell neutralised (core.cells)."""
    buf = io.BytesIO()
    wb = safe_workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_sheet_name(out.sheet))
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    width = len(out.headers)
    write_cells(ws, 0, 0, [*out.headers, _("Dòng"), _("Lỗi")], bold)
    ws.freeze_panes(1, 0)
    ws.set_column(width + 1, width + 1, 60)
    for r, (rownum, row, text) in enumerate(sorted(out.error_rows, key=lambda e: e[0]), 1):
        values = [_cell(c) for c in list(row)[:width]]
        values += [""] * (width - len(values))
        write_cells(ws, r, 0, [*values, rownum, text])
    wb.close()
    return buf.getvalue()


def unit_label(unit: Unit) -> str:
    return search_key(unit.name)
