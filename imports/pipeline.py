"""The import itself: read the sheet, check every row, match people already registered, and (on
commit) write the new and changed rows set-based, in chunks, inside the caller's transaction.

One pass over the file, a chunk of rows at a time: memory holds the current chunk, the keys seen
so far (for duplicates inside the file) and the rows in error, not the whole file as objects.
Per chunk: one query for the CCCD numbers, one for the cards, one for the memberships of matched
people; then one COPY per table (PostgreSQL) or ``bulk_create`` (SQLite).
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import search_key
from members.models import Membership
from members.services import MEMBER_UNIT_KINDS, VOLUNTEER_MIN_AGE
from org.models import Unit, UnitKind
from people.models import Person
from people.services import base_of

from . import reading
from .models import DedupeMode, ImportJob, ImportUpdate
from .parsing import (
    R_BDATE,
    R_BYEAR,
    R_CARD,
    R_CCCD,
    R_JOINED,
    R_NAME,
    R_PHONE,
    R_PREC,
    R_SEX,
    R_SKEY,
    R_SORT,
    R_UNIT,
    BranchIndex,
    RowParser,
)  # fmt: skip

CHUNK = 20_000
PREVIEW_ROWS = 10
MAX_ERROR_ROWS = 100_000
MAX_LISTED_ERRORS = 200
NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"

# Person fields an import may set on someone already registered (update/fill), with the row
# position each comes from.
UPDATABLE = {
    "full_name": 0, "sex": 3, "birth_date": 4, "birth_year": 5, "cccd": 7, "phone": 8,
    "address_detail": 9, "ethnicity": 10, "religion": 11, "occupation": 12,
}  # fmt: skip


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


def _name_index(plan: Plan) -> dict[tuple, tuple[int, str | None]]:
    """(base path, search key, birth year) -> (person id, cccd) for people registered or with a
    membership in the dedupe scope (the rule of people.services.find_duplicates)."""
    index: dict[tuple, tuple[int, str | None]] = {}
    root = plan.root_path
    for pk, key, year, cccd, path in Person.objects.filter(
        unit__path__startswith=root, birth_year__isnull=False
    ).values_list("pk", "search_key", "birth_year", "cccd", "unit__path"):
        index.setdefault((plan.base_path(path), key, year), (pk, cccd))
    for pk, key, year, cccd, path in Membership.objects.filter(
        unit_path__startswith=root, person__birth_year__isnull=False
    ).values_list("person_id", "search_key", "person__birth_year", "person__cccd", "unit_path"):
        index.setdefault((plan.base_path(path), key, year), (pk, cccd))
    return index


def _chunks(values: list, size: int = 5000):
    for i in range(0, len(values), size):
        yield values[i : i + size]


# --- Writers ------------------------------------------------------------------------------------


def _reserve_ids(model, count: int) -> int:
    from members.demo import _reserve_ids as reserve

    return reserve(model, count)


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


class _Writer:
    """Rows as tuples of the ``provided`` fields; every other column gets its model default.

    PostgreSQL: one COPY per chunk in text format, the columns named in the order of the tuple
    and the constant columns last (their text made once). Elsewhere: bulk_create.
    """

    def __init__(self, model, provided: list[str]):
        self.model = model
        fields = model._meta.concrete_fields
        by_attname = {f.attname: f for f in fields}
        now = timezone.now()
        self.provided = provided
        self.const_fields = [f for f in fields if f.attname not in provided]
        self.consts = tuple(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.const_fields
        )  # fmt: skip
        columns = [by_attname[a].column for a in provided] + [f.column for f in self.const_fields]
        cols = ", ".join(f'"{c}"' for c in columns)
        self.sql = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
        tail = "\t".join(_copy_text(v) for v in self.consts)
        self.tail = ("\t" + tail if tail else "") + "\n"
        self.names = list(provided) + [f.attname for f in self.const_fields]

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            tail, fmt, join = self.tail, _copy_text, "\t".join
            text = "".join([join(map(fmt, row)) + tail for row in rows])
            with connection.cursor() as cur, cur.cursor.copy(self.sql) as copy:
                copy.write(text.encode())
        else:
            model, names, consts = self.model, self.names, self.consts
            model.objects.bulk_create(
                [model(**dict(zip(names, row + consts, strict=True))) for row in rows],
                batch_size=500,
            )


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
    parser = RowParser(
        columns=layout.columns,
        branches=plan.branch_index(),
        default_unit_id=plan.unit.pk if plan.unit.pk in plan.unit_paths else None,
        default_joined_on=job.default_joined_on or today,
        today=today,
        min_age=VOLUNTEER_MIN_AGE if job.kind == "volunteer" else None,
    )
    header_of = dict(enumerate(layout.headers))
    labels = {f: str(label) for f, label in reading.FIELDS.items()}
    names = _name_index(plan)
    seen_cccd: dict[str, int] = {}
    seen_name: dict[tuple, tuple[int, str | None]] = {}
    seen_card: dict[str, int] = {}
    claimed: dict[int, int] = {}  # person id -> the row matched to them
    mapped = sorted(layout.columns)
    total = _row_count(book, layout.sheet)
    msg = {
        "dup_cccd": _("trùng số CCCD với dòng %(n)d"),
        "dup_name": _("trùng họ tên và năm sinh với dòng %(n)d"),
        "dup_card": _("số thẻ trùng với dòng %(n)d"),
        "card_taken": _("số thẻ %(card)s đã cấp cho người khác"),
        "member_elsewhere": _("người này đang sinh hoạt ở một đơn vị khác; hãy chuyển sinh hoạt"),
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
        Person,
        ["id", "full_name", "search_key", "sort_key", "sex", "birth_date", "birth_year",
         "birth_precision", "cccd", "phone", "address_detail", "ethnicity", "religion",
         "occupation", "unit_id", "import_job_id", "created_at", "updated_at"],
    )  # fmt: skip
    member_writer = _Writer(
        Membership,
        ["id", "person_id", "unit_id", "unit_path", "sort_key", "search_key", "category",
         "card_number", "joined_on", "note", "import_job_id", "created_by_id", "created_at"],
    )  # fmt: skip

    def error(rownum: int, cells: list, problems: list[tuple[str, str]]) -> None:
        out.counts[ERROR] += 1
        for header, message in problems:
            if len(out.errors) < MAX_LISTED_ERRORS:
                out.errors.append([layout.sheet, rownum, header, message])
        text = "; ".join(f"{h}: {m}" for h, m in problems)
        if len(out.error_rows) < MAX_ERROR_ROWS:
            out.error_rows.append((rownum, cells, text))
        if len(out.samples[ERROR]) < PREVIEW_ROWS:
            out.samples[ERROR].append({"row": rownum, "problem": text})

    def classify(chunk: list[tuple[int, list, tuple]]) -> None:
        """Match the chunk against the database, then count (and write) each row."""
        cccds = [v[R_CCCD] for _r, _c, v in chunk if v[R_CCCD]]
        by_cccd: dict[str, int] = {}
        for part in _chunks(cccds):
            by_cccd.update(Person.objects.filter(cccd__in=part).values_list("cccd", "pk"))  # type: ignore[arg-type]
        cards = [v[R_CARD] for _r, _c, v in chunk if v[R_CARD]]
        card_holder: dict[str, int] = {}
        for part in _chunks(cards):
            card_holder.update(
                Membership.objects.filter(card_number__in=part, ended_on__isnull=True).values_list(
                    "card_number", "person_id"
                )
            )
        matched: list[int | None] = []
        for rownum, _c, v in chunk:
            pid = by_cccd.get(v[R_CCCD]) if v[R_CCCD] else None
            if pid is None:
                hit = names.get((plan.base_path(plan.unit_paths[v[R_UNIT]]), v[R_SKEY], v[R_BYEAR]))
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
        for (rownum, cells, v), pid in zip(chunk, matched, strict=True):
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
                base = plan.base_ids.get(plan.base_path(unit_path), unit_id)
                new_people.append(
                    (v[R_NAME], v[R_SKEY], v[R_SORT], v[R_SEX], v[R_BDATE], v[R_BYEAR], v[R_PREC],
                     v[R_CCCD], v[R_PHONE], v[9], v[10], v[11], v[12], base, job_id, now, now)
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
                    (pid, unit_id, unit_path, sort, skey, plan.category, v[R_CARD], v[R_JOINED],
                     v[16], job_id, actor_id, now)
                )  # fmt: skip
        if not write:
            return
        if new_people:
            first = _reserve_ids(Person, len(new_people))
            person_writer.write([(first + i, *p) for i, p in enumerate(new_people)])
            out.people_created += len(new_people)
            k = first
            fixed = []
            for m in new_members:
                if m[0] == -1:
                    m = (k, *m[1:])
                    k += 1
                fixed.append(m)
            new_members = fixed
        if new_members:
            first = _reserve_ids(Membership, len(new_members))
            member_writer.write([(first + i, *m) for i, m in enumerate(new_members)])
            out.memberships_created += len(new_members)
        if updates:
            _apply_updates(job, updates, now)
            out.people_updated += len(updates)

    chunk: list[tuple[int, list, tuple]] = []
    parse = parser.parse
    data_row = layout.data_row
    done = 0
    for i, row in enumerate(book.rows(layout.sheet)):
        if i < data_row:
            continue
        if not any(row[c] != "" and row[c] is not None for c in mapped if c < len(row)):
            continue  # blank line (or only a row number)
        rownum = i + 1
        out.rows += 1
        values, problems = parse(row)
        if values is None:
            error(rownum, row, [(where(c), m) for c, m in problems])
            continue
        # Duplicates inside the file: the first row wins.
        cccd = values[R_CCCD]
        if cccd:
            first = seen_cccd.get(cccd)
            if first is not None:
                _duplicate(out, rownum, row, values, plan, col_cccd, msg["dup_cccd"] % {"n": first})
                continue
            seen_cccd[cccd] = rownum
        if values[R_BYEAR] is not None:
            key = (plan.base_path(plan.unit_paths[values[R_UNIT]]), values[R_SKEY], values[R_BYEAR])
            earlier = seen_name.get(key)
            if earlier is not None and not (earlier[1] and cccd and earlier[1] != cccd):
                _duplicate(out, rownum, row, values, plan, col_name, msg["dup_name"] % {"n": earlier[0]})  # fmt: skip
                continue
            if earlier is None:
                seen_name[key] = (rownum, cccd)
        card = values[R_CARD]
        if card:
            first = seen_card.get(card)
            if first is not None:
                error(rownum, row, [(col_card, msg["dup_card"] % {"n": first})])
                continue
            seen_card[card] = rownum
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
    if progress is not None:
        progress(total, total)
    return out


def layout_col(layout: reading.Layout, field_name: str) -> int | None:
    for i, f in layout.columns.items():
        if f == field_name:
            return i
    return None


def _row_count(book: reading.Book, sheet: str) -> int:
    if book.is_csv:
        with book.path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    try:
        sh = book.sheet(sheet)
        return (sh.start or (0, 0))[0] + sh.height
    except Exception:  # noqa: BLE001
        return 0


def _duplicate(out: Outcome, rownum, cells, values, plan, column: str, message: str) -> None:
    out.counts[DUPLICATE] += 1
    if len(out.samples[DUPLICATE]) < PREVIEW_ROWS:
        shown = _display(values, plan)
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


def error_workbook(out: Outcome) -> bytes:
    """The rows not imported, as they were in the file, with "Lỗi" saying which column and why."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet(out.sheet[:31] or "Lỗi")
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    width = len(out.headers)
    ws.write_row(0, 0, [*out.headers, _("Dòng"), _("Lỗi")], bold)
    ws.freeze_panes(1, 0)
    ws.set_column(width + 1, width + 1, 60)
    for r, (rownum, cells, text) in enumerate(sorted(out.error_rows, key=lambda e: e[0]), 1):
        values = [
            c.strftime("%d/%m/%Y") if isinstance(c, datetime.date) else c
            for c in list(cells)[:width]
        ]
        values += [""] * (width - len(values))
        ws.write_row(r, 0, [*values, rownum, text])
    wb.close()
    return buf.getvalue()


def unit_label(unit: Unit) -> str:
    return search_key(unit.name)
