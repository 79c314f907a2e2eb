"""The checks of one import, and what they have seen so far (:class:`Check`).

Built once per import by imports.pipeline.run, then fed the file's rows by one of the two passes
(imports.passes: one process, or worker processes):

1. :meth:`Check.first_in_file`: the first row with a CCCD, a name + birth year + base, or a card
   wins; a later one is a duplicate (a card: an error).
2. :meth:`Check.classify`, a chunk at a time: whom each row matches in the register (its CCCD,
   else its name and birth year in its base, never someone the user may not see), then whether
   it is new, an update, a duplicate or an error; with ``write``, its rows are written.

The worker pass sends here only the rows that may match someone (:meth:`Check.may_match`): the
others are new by the same rules, and their rows were made whole by the workers.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from members.models import Membership
from people.models import Person
from people.services import CCCD_ELSEWHERE

from . import reading
from .models import DedupeMode, ImportJob
from .outcome import (
    DUPLICATE,
    ERROR,
    MAX_ERROR_ROWS,
    MAX_LISTED_ERRORS,
    NEW,
    PREVIEW_ROWS,
    UPDATE,
    Outcome,
)  # fmt: skip
from .plan import (
    Hit,
    Plan,
    chunks,
    hidden_people,
    name_index,
    name_key,
    registered,
    same_person,
)  # fmt: skip
from .rows import UPDATABLE, Row, display, member_row, person_row
from .writers import Background, Ids, Writer, apply_updates

HIDDEN = 0  # a row's match: someone registered whom the importing user may not see

# A row on its way: (sheet row number, its cells or None when not kept, its values)
Checked = tuple[int, list | None, Row]


def messages() -> dict[str, str]:
    return {
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


class Headers:
    """The file's headers, for messages: a column index, or a field without a column (its
    label) -> what the user reads."""

    def __init__(self, layout: reading.Layout):
        self.layout = layout
        self.of = dict(enumerate(layout.headers))
        self.labels = {f: str(label) for f, label in reading.FIELDS.items()}

    def where(self, c: int | str) -> str:
        return self.of.get(c, str(c)) if isinstance(c, int) else self.labels.get(c, c)

    def first(self, *fields: str) -> str:
        """The file's header of the first of ``fields`` that has a column, else its label."""
        for f in fields:
            i = layout_col(self.layout, f)
            if i is not None:
                return self.of.get(i, self.labels[f])
        return self.labels[fields[0]]


def layout_col(layout: reading.Layout, field_name: str) -> int | None:
    for i, f in layout.columns.items():
        if f == field_name:
            return i
    return None


@dataclass
class Known:
    """What the register holds on the people a chunk matched."""

    open_in: dict[int, int] = field(default_factory=dict)  # open membership (category): unit
    last_end: dict[int, datetime.date] = field(default_factory=dict)  # latest one closed: end
    current: dict[int, dict] = field(default_factory=dict)  # their fields (UPDATABLE and keys)
    in_scope: set[int] = field(default_factory=set)  # registered or a member in the base

    @classmethod
    def load(cls, ids: set[int], plan: Plan) -> "Known":
        k = cls()
        for part in chunks(list(ids)):
            for pid, unit_id, ended in Membership.objects.filter(
                person_id__in=part, category=plan.category
            ).values_list("person_id", "unit_id", "ended_on"):
                if ended is None:
                    k.open_in[pid] = unit_id
                elif ended > k.last_end.get(pid, datetime.date.min):
                    k.last_end[pid] = ended
            k.in_scope.update(
                Membership.objects.filter(
                    person_id__in=part, unit_path__startswith=plan.root_path
                ).values_list("person_id", flat=True)
            )
            for row in Person.objects.filter(pk__in=part).values(
                "pk", "unit__path", "anonymised_on", "search_key", "sort_key", *UPDATABLE,
                "birth_precision",
            ):  # fmt: skip
                k.current[row["pk"]] = row
                if row["unit__path"].startswith(plan.root_path):
                    k.in_scope.add(row["pk"])
        return k


@dataclass
class Batch:
    """A chunk's writes: COPY rows made whole, and rows still waiting for their ids."""

    ready_people: list[tuple] = field(default_factory=list)
    ready_members: list[tuple] = field(default_factory=list)
    new_people: list[Row] = field(default_factory=list)
    new_members: list[tuple[int | None, Row]] = field(default_factory=list)  # None: a new person
    updates: list[tuple[int, dict, dict]] = field(default_factory=list)  # (id, changes, before)


class Check:
    """One import's checks. Fixed for the import: the plan, the user whose scope limits the
    matches, the name index, the writers. Growing as rows come: ``out`` (the outcome), the keys
    seen in the file (``seen_*``), the people already matched (``claimed``)."""

    def __init__(
        self, *, job: ImportJob, plan: Plan, layout: reading.Layout, user, write: bool,
        people: Writer, members: Writer, ids: Ids, background: Background | None, now,
        chunk_size: int,
    ):  # fmt: skip
        self.job, self.plan, self.user, self.write = job, plan, user, write
        self.people, self.members, self.ids, self.background = people, members, ids, background
        self.now, self.chunk_size = now, chunk_size
        self.pg = connection.vendor == "postgresql"
        self.out = Outcome(headers=list(layout.headers), sheet=layout.sheet)
        self.headers = Headers(layout)
        self.where = self.headers.where
        self.col_cccd = self.headers.first("cccd")
        self.col_name = self.headers.first("full_name", "given_name")
        self.col_card = self.headers.first("card_number")
        self.col_joined = self.headers.first("joined_on")
        self.msg = messages()
        self.unit_base, self.unit_base_id = plan.unit_bases()
        self.names = name_index(plan, user)
        self.seen_cccd: dict[str, int] = {}
        self.seen_name: dict[str, int] = {}  # name key -> the first row with it
        self.row_cccd: list[str | None] = []  # row number -> its CCCD, for rows in seen_name
        self.seen_card: dict[str, int] = {}
        self.claimed: dict[int, int] = {}  # person id -> the row matched to them

    # --- what a row is counted as ---

    def error(self, rownum: int, cells: list | None, problems: list[tuple[str, str]]) -> None:
        out = self.out
        out.counts[ERROR] += 1
        for header, message in problems:
            if len(out.errors) < MAX_LISTED_ERRORS:
                out.errors.append([out.sheet, rownum, header, message])
        text = "; ".join(f"{h}: {m}" for h, m in problems)
        if len(out.error_rows) < MAX_ERROR_ROWS:
            out.error_rows.append((rownum, cells, text))
        if len(out.samples[ERROR]) < PREVIEW_ROWS:
            out.samples[ERROR].append({"row": rownum, "problem": text})

    def duplicate(self, rownum: int, cells, shown, column: str, message: str) -> None:
        """``shown``: the row's values, or what is known of them as the preview shows them."""
        out = self.out
        out.counts[DUPLICATE] += 1
        if len(out.samples[DUPLICATE]) < PREVIEW_ROWS:
            row = dict(shown) if isinstance(shown, dict) else display(shown, self.plan.unit_names)
            row.update(row=rownum, problem=f"{column}: {message}")
            out.samples[DUPLICATE].append(row)
        if len(out.error_rows) < MAX_ERROR_ROWS:
            out.error_rows.append((rownum, cells, f"{column}: {message}"))

    def key(self, v: Row) -> str | None:
        """The row's name key (None without a birth year: never a duplicate by name)."""
        byear = v.birth_year
        return None if byear is None else name_key(self.unit_base[v.unit_id], v.search_key, byear)

    def first_in_file(self, rownum: int, cells, shown, cccd, key, card) -> bool:
        """Whether no earlier row of the file has the same CCCD, name + birth year + base, or
        card (the first row wins); a later one is counted a duplicate (or, for a card, an
        error). ``shown``: the row's values, or what is known of them, for the preview."""
        msg = self.msg
        if cccd:
            first = self.seen_cccd.get(cccd)
            if first is not None:
                self.duplicate(rownum, cells, shown, self.col_cccd, msg["dup_cccd"] % {"n": first})
                return False
            self.seen_cccd[cccd] = rownum
        if key is not None:
            earlier = self.seen_name.get(key)
            row_cccd = self.row_cccd
            if earlier is None:
                self.seen_name[key] = rownum
                if cccd:
                    if len(row_cccd) <= rownum:
                        row_cccd.extend([None] * (rownum + 1 - len(row_cccd)))
                    row_cccd[rownum] = cccd
            else:
                other = row_cccd[earlier] if earlier < len(row_cccd) else None
                if not (other and cccd and other != cccd):
                    self.duplicate(rownum, cells, shown, self.col_name, msg["dup_name"] % {"n": earlier})  # fmt: skip
                    return False
        if card:
            first = self.seen_card.get(card)
            if first is not None:
                self.error(rownum, cells, [(self.col_card, msg["dup_card"] % {"n": first})])
                return False
            self.seen_card[card] = rownum
        return True

    def may_match(self, cccd, card, key, by_cccd: dict, card_holder: dict) -> bool:
        """Whether :meth:`classify` could find someone registered for a row: its CCCD or card
        is held, or someone has its name key (and not another CCCD). A row for which it cannot
        is new."""
        if (cccd and cccd in by_cccd) or (card and card in card_holder):
            return True
        return key is not None and same_person(self.names.get(key), cccd)

    # --- a chunk against the register ---

    def classify(self, chunk: list[Checked]) -> None:
        """Match the chunk against the database, then count (and write) each row."""
        by_cccd, card_holder = registered(
            [v.cccd for _r, _c, v in chunk if v.cccd],
            [v.card_number for _r, _c, v in chunk if v.card_number],
        )
        matched = self._match(chunk, by_cccd)
        known = Known.load({p for p in matched if p is not None and p > 0}, self.plan)
        batch = Batch()
        if self.pg and self.write and not card_holder:
            done = self._take_new(chunk, matched, batch)
        else:
            done = [False] * len(chunk)
        new_samples, unit_names = self.out.samples[NEW], self.plan.unit_names
        for (rownum, cells, v), pid, taken in zip(chunk, matched, done, strict=True):
            if taken:  # counted and written already; only shown if among the first
                if len(new_samples) < PREVIEW_ROWS:
                    new_samples.append({**display(v, unit_names), "row": rownum})
                continue
            verdict = self._judge(rownum, cells, v, pid, known, card_holder)
            if verdict is not None and self.write:
                cls, changes = verdict
                self._queue(batch, v, pid, cls, changes, known)
        if self.write:
            self._write(batch)

    def _match(self, chunk: list[Checked], by_cccd: dict[str, int]) -> list[int | None]:
        """Each row's person: an id, None (no one), HIDDEN (someone the user may not see: the
        row is refused with one message that says nothing about them, whatever their state),
        or minus the row an earlier row matched to the same person."""
        hidden = hidden_people(self.user, set(by_cccd.values()))
        names, unit_base, claimed = self.names, self.unit_base, self.claimed
        matched: list[int | None] = []
        for rownum, _c, v in chunk:
            cccd = v.cccd
            pid = by_cccd.get(cccd) if cccd else None
            if pid in hidden:
                matched.append(HIDDEN)
                continue
            if pid is None:
                hit: Hit | None = names.get(name_key(unit_base[v.unit_id], v.search_key, v.birth_year))  # fmt: skip
                # Same name and year but another CCCD: someone else. A person already matched
                # by an earlier row (two rows with different CCCDs, the person without one) is
                # not matched again: the row is a new person.
                if hit is not None and same_person(hit, cccd) and hit[0] not in claimed:
                    pid = hit[0]
            elif pid in claimed:
                pid = -claimed[pid]  # the person an earlier row already stands for
            if pid is not None and pid > 0:
                claimed[pid] = rownum
            matched.append(pid)
        return matched

    def _take_new(self, chunk: list[Checked], matched: list, batch: Batch) -> list[bool]:
        """PostgreSQL, a commit, no card of the chunk held: the rows that match no one are new
        without the per-row checks (none can apply to them); their rows are made whole here.
        Which rows were taken."""
        taken = [pid is None for pid in matched]
        rows = [v for (_r, _c, v), t in zip(chunk, taken, strict=True) if t]
        p0, m0 = self.ids.take(0, len(rows)), self.ids.take(1, len(rows))
        pc, mc = self.people.consts, self.members.consts
        base_id, paths = self.unit_base_id, self.plan.unit_paths
        batch.ready_people = [person_row(p0 + k, v, base_id[v.unit_id], pc) for k, v in enumerate(rows)]  # fmt: skip
        batch.ready_members = [
            member_row(m0 + k, p0 + k, v, paths[v.unit_id], mc) for k, v in enumerate(rows)
        ]
        self.out.counts[NEW] += len(rows)
        return taken

    def _judge(
        self, rownum: int, cells, v: Row, pid, known: Known, card_holder: dict
    ) -> tuple[str, dict] | None:
        """Count a row: an error or a duplicate (None), else (new or update or duplicate of
        someone registered, the changes to make on them)."""
        msg, out, plan = self.msg, self.out, self.plan
        if pid == HIDDEN:
            self.error(rownum, cells, [(self.col_cccd, msg["cccd_elsewhere"])])
            return None
        if pid is not None and pid < 0:
            self.duplicate(rownum, cells, v, self.col_cccd, msg["dup_person"] % {"n": -pid})
            return None
        card = v.card_number
        if card and card_holder.get(card, pid) != pid:
            self.error(rownum, cells, [(self.col_card, msg["card_taken"] % {"card": card})])
            return None
        cls, changes = NEW, {}
        if pid is not None:
            open_in, last_end = known.open_in, known.last_end
            if pid in open_in and open_in[pid] not in plan.unit_paths and pid not in known.in_scope:
                self.error(rownum, cells, [(self.col_cccd, msg["member_elsewhere"])])
                return None
            if pid not in open_in and pid in last_end and v.joined_on < last_end[pid]:
                d = last_end[pid].strftime("%d/%m/%Y")
                self.error(rownum, cells, [(self.col_joined, msg["before_last"] % {"d": d})])
                return None
            person = known.current[pid]
            if plan.mode != DedupeMode.SKIP and pid in known.in_scope and not person["anonymised_on"]:  # fmt: skip
                changes = changes_of(person, v, fill=plan.mode == DedupeMode.FILL)
            cls = (UPDATE if changes else DUPLICATE) if pid in open_in else NEW
        out.counts[cls] += 1
        if len(out.samples[cls]) < PREVIEW_ROWS:
            shown = display(v, plan.unit_names)
            shown["row"] = rownum
            if cls == DUPLICATE:
                shown["problem"] = msg["exists"]
            if changes:
                shown["changes"] = sorted(changes)
            out.samples[cls].append(shown)
        return cls, changes

    def _queue(self, batch: Batch, v: Row, pid, cls: str, changes: dict, known: Known) -> None:
        """A counted row's writes: a new person, a membership, changes to someone registered."""
        if pid is None:
            batch.new_people.append(v)
            batch.new_members.append((None, v))
            return
        person = known.current[pid]
        if changes:
            batch.updates.append((pid, changes, {f: person[f] for f in changes}))
        if cls == NEW:  # (the membership carries the person's keys as they will be)
            skey = changes.get("search_key", person["search_key"])
            sort = changes.get("sort_key", person["sort_key"])
            batch.new_members.append((pid, v._replace(search_key=skey, sort_key=sort)))

    def _write(self, batch: Batch) -> None:
        """The chunk's rows: ids for those still without, then one write per table."""
        out = self.out
        pc, mc = self.people.consts, self.members.consts
        ready_people, ready_members = batch.ready_people, batch.ready_members
        k = 0
        if batch.new_people:
            k = self.ids.take(0, len(batch.new_people))
            base_id = self.unit_base_id
            ready_people += [
                person_row(k + i, v, base_id[v.unit_id], pc) for i, v in enumerate(batch.new_people)
            ]
        if batch.new_members:
            first, paths = self.ids.take(1, len(batch.new_members)), self.plan.unit_paths
            for i, (pid, v) in enumerate(batch.new_members):
                if pid is None:  # a new person's: their ids in order
                    pid, k = k, k + 1
                ready_members.append(member_row(first + i, pid, v, paths[v.unit_id], mc))
        if ready_people:
            self.people.write(ready_people)
            out.people_created += len(ready_people)
        if ready_members:
            self.members.write(ready_members)
            out.memberships_created += len(ready_members)
        if batch.updates:
            if self.background is not None:
                self.background.wait()
            apply_updates(self.job, batch.updates, self.now)
            out.people_updated += len(batch.updates)


def changes_of(person: dict, v: Row, *, fill: bool) -> dict:
    """The fields a row changes on a registered person: every value the file gives that differs
    (update), or only those the person lacks (fill). An empty cell never erases anything."""
    changes: dict = {}
    for f in UPDATABLE:
        new = getattr(v, f)
        if new in ("", None) or f == "birth_year" or f == "birth_date":
            continue
        old = person[f]
        if old != new and (not fill or old in ("", None)):
            changes[f] = new
    # Birth: a full date wins over a year; a year alone only where no date is known.
    if v.birth_date is not None:
        if person["birth_date"] != v.birth_date and (not fill or person["birth_date"] is None):
            changes.update(
                birth_date=v.birth_date, birth_year=v.birth_year, birth_precision=v.birth_precision
            )
    elif (
        v.birth_year is not None
        and person["birth_year"] != v.birth_year
        and (not fill or person["birth_year"] is None)
    ):
        changes.update(birth_date=None, birth_year=v.birth_year, birth_precision=v.birth_precision)
    if "full_name" in changes:
        changes.update(search_key=v.search_key, sort_key=v.sort_key)
    return changes
