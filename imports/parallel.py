"""Large xlsx imports on PostgreSQL: worker processes read and check the rows, piece by piece.

The importing process cuts the sheet into pieces (imports.xlsx_pieces) and hands them round to
one worker per core. A worker reads its piece with calamine, checks every row (the same
RowParser) and formats each good row's two COPY lines (person and membership) with ids taken
from a block reserved for the file (sheet row i gets the block's first id + i). It touches no
register table: a large import holds them locked (see imports.pipeline._BulkLoad). The importing process
takes the results in the file's order and does the rest in its one transaction: the duplicates
inside the file (the first row wins), one look-up per piece of the CCCD and card numbers among
those registered, the COPY of the lines of rows that match no one, and, for the few that match
someone, the checks of one-process imports (their values read back from their lines, see
imports.rows and imports.passes).
Python spends most of an import's time checking cells, and a process can use only one core.
"""

import datetime
import multiprocessing
import os
import resource
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from .rows import Row, member_row, person_row, values_of  # noqa: F401 - values_of: for the tests

MIN_ROWS = 50_000  # below this, one process (starting the workers costs a second or two)
FRESH, SLOW, BAD = 0, 1, 2
SAMPLES = 10


@dataclass
class Setup:
    db: dict  # the connection settings that differ from the settings module's (tests)
    language: str
    unit_id: int
    kind: str
    mode: str
    columns: dict[int, str]
    data_row: int
    default_joined_on: datetime.date
    today: datetime.date
    write: bool
    person_first: int  # the id of sheet row 0's person (row i: person_first + i)
    member_first: int
    id_rows: int  # rows below this index have reserved ids
    person_consts: tuple
    member_consts: tuple
    styles: bytes
    strings: bytes | None
    workbook_pr: bytes
    default_unit_id: int | None = None  # the branch of rows that name none


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


class _Worker:
    def __init__(self, s: Setup):
        from django.db import connection

        from org.models import Unit

        from .plan import Plan, parser_for

        self.s = s
        unit = Unit.objects.get(pk=s.unit_id)
        self.plan = plan = Plan.build(unit, s.kind, s.mode)
        self.parser = parser_for(
            plan, s.columns, s.default_joined_on, s.today, s.kind, s.default_unit_id
        )
        self.unit_base, self.unit_base_id = plan.unit_bases()
        self.mapped = sorted(s.columns)
        if s.write:
            from psycopg import adapt

            connection.ensure_connection()
            self.tx = adapt.Transformer(connection.connection)

    def work(self, head: bytes, xml: bytes, tail: bytes, offset: int | None) -> tuple:
        """(results in row order, sample values, last row index, rows read)."""
        from .xlsx_pieces import read_piece

        s = self.s
        first, rows = read_piece(head, xml, tail, offset, s.styles, s.strings, s.workbook_pr)
        del xml
        parse = self.parser.parse
        self.parser.after_footer = False  # (a footer is looked for within the piece)
        mapped = self.mapped
        good: list[tuple[int, Row]] = []
        results: list[tuple] = []
        count = 0
        for k, row in enumerate(rows):
            i = first + k
            if i < s.data_row:
                continue
            if not any(row[c] != "" and row[c] is not None for c in mapped if c < len(row)):
                continue
            count += 1
            values, problems = parse(row)
            if values is None:
                if self.parser.footer(row):  # a signature, the date, a total under the table
                    count -= 1
                    continue
                results.append((BAD, i + 1, row, problems))
            else:
                good.append((i + 1, values))
        last = first + len(rows) - 1
        del rows
        base_id, unit_paths = self.unit_base_id, self.plan.unit_paths
        samples: list[tuple[int, Row]] = []
        fmt = tx = None
        if s.write:
            from psycopg._copy_base import format_row_text as fmt

            tx = self.tx
        pc, mc = s.person_consts, s.member_consts
        p0, m0, limit = s.person_first - 1, s.member_first - 1, s.id_rows
        out = []
        for rownum, v in good:
            if fmt is None or rownum > limit:  # (no id for it: the importing process gives one)
                out.append((SLOW, rownum, v))
                continue
            if len(samples) < SAMPLES:
                samples.append((rownum, v))
            pid = p0 + rownum
            buf = bytearray()
            unit_id = v.unit_id
            fmt(person_row(pid, v, base_id[unit_id], pc), tx, buf)
            pl = bytes(buf)
            buf = bytearray()
            fmt(member_row(m0 + rownum, pid, v, unit_paths[unit_id], mc), tx, buf)
            out.append(
                (FRESH, rownum, v.cccd, v.search_key, v.birth_year, unit_id, v.card_number,
                 v.full_name, pl, bytes(buf))
            )  # fmt: skip
        if results:  # the bad rows in their place
            out = sorted(out + results, key=lambda r: r[1])
        return out, samples, last, count


def _serve(setup: Setup, inbox, outbox) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sohoi.settings")
    from django.conf import settings

    settings.DATABASES["default"].update(setup.db)  # type: ignore[typeddict-item]  # (tests)
    django.setup()
    from django.db import connections
    from django.utils import translation

    connections["default"].settings_dict.update(setup.db)
    translation.activate(setup.language)
    try:
        worker = _Worker(setup)
    except BaseException:  # noqa: BLE001 - reported to the importing process
        outbox.put(("error", traceback.format_exc()))
        return
    while True:
        task = inbox.get()
        if task is None:
            outbox.put(("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
            return
        try:
            outbox.put(("ok", worker.work(*task)))
        except BaseException:  # noqa: BLE001
            outbox.put(("error", traceback.format_exc()))
            return


class WorkerError(Exception):
    pass


class Pool:
    """``n`` worker processes; piece k goes to worker k mod n, results come back in order."""

    def __init__(self, setup: Setup, n: int):
        ctx = multiprocessing.get_context("spawn")  # (no fork of a process with a connection)
        self.n = n
        self.inboxes = [ctx.Queue() for _ in range(n)]
        self.outboxes = [ctx.Queue() for _ in range(n)]
        self.procs = [
            ctx.Process(target=_serve, args=(setup, self.inboxes[k], self.outboxes[k]), daemon=True)
            for k in range(n)
        ]
        for p in self.procs:
            p.start()
        self.peaks_kb: list[int] = []

    def _get(self, k: int):
        import queue

        while True:
            try:
                kind, value = self.outboxes[k].get(timeout=5)
            except queue.Empty:
                if not self.procs[k].is_alive():
                    raise WorkerError("a worker stopped") from None
                continue
            if kind == "error":
                raise WorkerError(value)
            return kind, value

    def map(self, tasks: Iterator[tuple], ahead: int = 1) -> Iterator[tuple]:
        """The results of ``tasks`` in order, at most ``ahead`` pieces queued per worker."""
        sent = got = 0
        tasks = iter(tasks)
        done = False
        while True:
            while not done and sent - got < self.n * (ahead + 1):
                task = next(tasks, None)
                if task is None:
                    done = True
                    break
                self.inboxes[sent % self.n].put(task)
                sent += 1
            if got == sent:
                return
            yield self._get(got % self.n)[1]
            got += 1

    def close(self) -> None:
        """Stop the workers (asking each for its peak memory)."""
        for k, p in enumerate(self.procs):
            if p.is_alive():
                self.inboxes[k].put(None)
        for k, p in enumerate(self.procs):
            try:
                kind, value = self._get(k)
                if kind == "peak":
                    self.peaks_kb.append(value)
            except WorkerError:
                pass
            p.join(timeout=10)

    def kill(self) -> None:
        for p in self.procs:
            if p.is_alive():
                p.kill()
            p.join(timeout=5)
