"""The import itself: read the sheet, check every row, match people already registered, and (on
commit) write the new and changed rows set-based, in chunks, inside the caller's transaction.

One pass over the file, a chunk of rows at a time: memory holds the current chunk, the keys seen
so far (for duplicates inside the file) and the rows in error, not the whole file as objects.
Per chunk: one query for the CCCD numbers, one for the cards, one for the memberships of matched
people; then one COPY per table (PostgreSQL) or ``bulk_create`` (SQLite).

The parts, in the order a row meets them:

- imports.reading, imports.xlsx_pieces: the file, its layout (header, columns), its rows;
- imports.parsing: a sheet row -> a checked :class:`imports.rows.Row`, or its errors;
- imports.rows: the Row, and the COPY rows it becomes (one layout for both ways below);
- imports.plan: the unit the import goes into, and whom a row may match in the register;
- imports.passes: the pass over the file, in this process or with worker processes
  (imports.parallel);
- imports.checking: :class:`~imports.checking.Check`, the one set of rules (duplicates in the
  file, matches, new / update / duplicate / error) and what the import has seen so far;
- imports.writers: COPY and bulk_create, ids reserved in blocks, updates of registered people;
- here: :func:`run`, which puts them together, and :class:`_BulkLoad` for large imports;
- imports.outcome, imports.errorbook: what the import found, and the rows it left out.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pgbulk import Detached, reserve_ids
from members.models import Membership
from org.models import Unit
from people.models import Person

# (the names marked F401 are re-exported: imports.services and the tests use pipeline.<name>)
from . import parallel, reading
from .checking import Check
from .errorbook import error_workbook, error_workbook_from, save_error_rows  # noqa: F401
from .models import ImportJob
from .outcome import Cancelled, Outcome  # noqa: F401
from .passes import read_pieces, read_rows
from .plan import Plan, hidden_people, parser_for, text_array  # noqa: F401
from .rows import MEMBER_COLUMNS, PERSON_COLUMNS
from .writers import Background, Ids, Writer, refresh_keys  # noqa: F401

log = logging.getLogger(__name__)
CHUNK = 20_000
_Writer, _text_array = Writer, text_array  # (the tests' names for them)


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
    layout = _layout(job, book)
    parser = parser_for(
        plan, layout.columns, job.default_joined_on, today, job.kind, job.default_unit_id
    )
    total = book.row_count(layout.sheet)
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    people, members = _writers(job, plan, actor_id, now)
    pg = connection.vendor == "postgresql"
    background = Background() if write and pg else None
    people.background = members.background = background
    # Large xlsx files on PostgreSQL: the rows are read and checked by worker processes.
    pieces = (
        book.pieces(layout.sheet)
        if pg and total >= parallel.MIN_ROWS and parallel.worker_count() > 1
        else None
    )
    pool = None
    if pieces is not None:
        setup = _setup(job, plan, layout, today, write, total, people, members, pieces)
        pool = parallel.Pool(setup, parallel.worker_count())
    # Ids for the rows checked here: a block as large as the file (or, with workers, a chunk).
    ids = Ids((Person, Membership), (CHUNK if pool else total + 1) if write else 0)
    check = Check(
        job=job, plan=plan, layout=layout, write=write, people=people, members=members, ids=ids,
        background=background, now=now, chunk_size=CHUNK,
        # Whose scope the matches are limited to: the user who commits, else the uploader.
        user=actor if actor is not None else job.created_by,
    )  # fmt: skip
    refs: dict[str, list[int | None]] = {
        Unit._meta.db_table: [*plan.unit_paths, *check.unit_base_id.values()],
        ImportJob._meta.db_table: [job.pk],
        get_user_model()._meta.db_table: [actor_id],
    }
    bulk = _BulkLoad.start(total, refs) if write and pg else None
    try:
        if pool is not None:
            read_pieces(check, pool, pieces, total, progress, cancelled)
            pool.close()
            check.out.worker_peaks_kb = pool.peaks_kb
        else:
            read_rows(check, book, layout, parser, total, progress, cancelled)
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
    return check.out


def _writers(job: ImportJob, plan: Plan, actor_id: int | None, now) -> tuple[Writer, Writer]:
    """The writers of new people and memberships, with the columns every row shares."""
    people = Writer(
        Person, PERSON_COLUMNS, {"import_job_id": job.pk, "created_at": now, "updated_at": now}
    )
    members = Writer(
        Membership,
        MEMBER_COLUMNS,
        {"category": plan.category, "import_job_id": job.pk, "created_by_id": actor_id,
         "created_at": now},
    )  # fmt: skip
    return people, members


def _layout(job: ImportJob, book: reading.Book) -> reading.Layout:
    """The layout the user confirmed (the mapping step), else the one found in the file."""
    mapping = job.mapping or {}
    if mapping.get("columns") is not None:
        return reading.Layout(
            sheet=mapping["sheet"],
            header_row=mapping["header_row"],
            data_row=mapping["data_row"],
            headers=mapping["headers"],
            columns={int(k): v for k, v in mapping["columns"].items() if v},
        )
    found = reading.find_layout(book, mapping.get("sheet"))
    if found is None:
        raise reading.ReadError(_("Không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh…)."))
    return found


def _setup(
    job: ImportJob, plan: Plan, layout: reading.Layout, today: datetime.date, write: bool,
    total: int, people: Writer, members: Writer, pieces,
) -> parallel.Setup:  # fmt: skip
    """What the worker processes are started with; with ``write``, an id block for the file
    (sheet row i's new person and membership: the block's first ids + i)."""
    id_rows = total + 1 if write else 0
    return parallel.Setup(
        db={k: connection.settings_dict[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        unit_id=plan.unit.pk, kind=job.kind, mode=job.mode, columns=layout.columns,
        data_row=layout.data_row, default_joined_on=job.default_joined_on or today, today=today,
        write=write, default_unit_id=job.default_unit_id,
        person_first=reserve_ids(Person, id_rows) if write else 0,
        member_first=reserve_ids(Membership, id_rows) if write else 0,
        id_rows=id_rows,
        person_consts=people.consts, member_consts=members.consts,
        styles=pieces.styles, strings=pieces.strings, workbook_pr=pieces.workbook_pr,
    )  # fmt: skip


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
