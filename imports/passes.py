"""The pass over the file, one of two ways, feeding an import's :class:`~imports.checking.Check`.

- :func:`read_rows`: this process reads and parses every row.
- :func:`read_pieces`: worker processes (imports.parallel) read and parse pieces of a large
  xlsx and make the COPY lines of the good rows; here only the duplicates inside the file, the
  writes of those lines, and the rows that may match someone registered (checked by
  :meth:`Check.classify` like any other).
"""

import operator
from collections.abc import Callable

from . import parallel, reading
from .checking import Check, Checked
from .outcome import DUPLICATE, NEW, PREVIEW_ROWS, Cancelled
from .plan import name_key, registered
from .rows import display, values_of

Progress = Callable[[int, int], None] | None
IsCancelled = Callable[[], bool] | None


def _tick(done: int, total: int, progress: Progress, cancelled: IsCancelled) -> None:
    if progress is not None:
        progress(done, total)
    if cancelled is not None and cancelled():
        raise Cancelled


def read_rows(
    check: Check, book: reading.Book, layout: reading.Layout, parser, total: int,
    progress: Progress = None, cancelled: IsCancelled = None,
) -> None:  # fmt: skip
    """The pass over the rows: parse, drop duplicates inside the file, classify by chunks."""
    chunk: list[Checked] = []
    parse, out, where, size = parser.parse, check.out, check.where, check.chunk_size
    first_in_file, key_of = check.first_in_file, check.key
    data_row, mapped = layout.data_row, sorted(layout.columns)
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
            check.error(rownum, row, [(where(c), m) for c, m in problems])
            continue
        if not first_in_file(rownum, row, values, values.cccd, key_of(values), values.card_number):
            continue
        chunk.append((rownum, row, values))
        if len(chunk) >= size:
            check.classify(chunk)
            chunk = []
            _tick(i + 1, total, progress, cancelled)
    if chunk:
        check.classify(chunk)


class _Lines:
    """COPY lines made by the workers, written a chunk at a time."""

    def __init__(self, check: Check):
        self.check = check
        self.people: list[bytes] = []
        self.members: list[bytes] = []

    def flush(self) -> None:
        if self.people:
            check = self.check
            check.people.write_text(b"".join(self.people))
            check.members.write_text(b"".join(self.members))
            check.out.people_created += len(self.people)
            check.out.memberships_created += len(self.members)
            self.people.clear()
            self.members.clear()


def read_pieces(
    check: Check, pool: "parallel.Pool", pieces, total: int,
    progress: Progress = None, cancelled: IsCancelled = None,
) -> None:  # fmt: skip
    """The pass with the rows read and checked by worker processes: one result per piece, in
    the file's order."""
    chunk: list[Checked] = []
    lines = _Lines(check)
    for results, samples, last, count in pool.map(pieces.xml_pieces()):
        check.out.rows += count
        chunk += _take_piece(check, results, dict(samples), lines)
        if len(lines.people) >= check.chunk_size:
            lines.flush()
        if len(chunk) >= check.chunk_size:
            check.classify(chunk)
            chunk = []
        _tick(last + 1, total, progress, cancelled)
    lines.flush()
    if chunk:
        check.classify(chunk)


def _take_piece(check: Check, results: list, shown_values: dict, lines: _Lines) -> list[Checked]:
    """A piece's results in row order: errors counted, the lines of the rows that are new
    by the rules of :meth:`Check.classify` taken as they are; the rows left to classify."""
    out, where, first_in_file, unit_base = (
        check.out,
        check.where,
        check.first_in_file,
        check.unit_base,
    )
    counts, new_samples, names_of = out.counts, out.samples[NEW], check.plan.unit_names
    dup_samples = out.samples[DUPLICATE]
    fresh = [r for r in results if r[0] == parallel.FRESH]
    # The piece's CCCD and card numbers among those registered: one query each (here: a large
    # import holds the register's tables locked, the workers cannot read them).
    by_cccd, card_holder = registered([r[2] for r in fresh if r[2]], [r[6] for r in fresh if r[6]])
    left: list[Checked] = []
    for r in results:
        kind, rownum = r[0], r[1]
        if kind == parallel.BAD:
            check.error(rownum, r[2], [(where(c), m) for c, m in r[3]])
            continue
        if kind == parallel.FRESH:
            _k, _r, cccd, skey, byear, unit_id, card, name, pl, ml = r
            key = None if byear is None else name_key(unit_base[unit_id], skey, byear)
            if not check.may_match(cccd, card, key, by_cccd, card_holder):
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
                    new_samples.append({**display(shown_values[rownum], names_of), "row": rownum})
                lines.people.append(pl)
                lines.members.append(ml)
                continue
            v = values_of(pl, ml)  # someone registered: checked as any other row
        else:
            v = r[2]
        if first_in_file(rownum, None, v, v.cccd, check.key(v), v.card_number):
            left.append((rownum, None, v))
    return left
