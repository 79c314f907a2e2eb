"""A checked row of an import (:class:`Row`) and the COPY lines it becomes.

The parser (imports.parsing) turns a sheet row into a :class:`Row`; the one-process pass and the
worker processes (imports.parallel) turn a row that matches no one into two COPY rows, a person
and a membership, laid out here, once: :func:`person_row`, :func:`member_row` and, for a worker's
line that turns out to match someone after all, :func:`values_of`, which reads a :class:`Row`
back from those lines. Standard library only: the workers and the importing process both import
it, and it imports neither.
"""

import datetime
from typing import NamedTuple


class Row(NamedTuple):
    """The clean values of one sheet row. The first 13 are the person's fields, named and
    ordered as on people.Person; then the membership's."""

    full_name: str
    search_key: str
    sort_key: str
    sex: str
    birth_date: datetime.date | None
    birth_year: int | None
    birth_precision: str
    cccd: str | None
    phone: str
    address_detail: str
    ethnicity: str
    religion: str
    occupation: str
    unit_id: int  # the member-keeping unit (branch) of the membership
    card_number: str
    joined_on: datetime.date
    note: str


# Positions in a Row (tuple code that reads by index: the tests, old callers).
(
    R_NAME, R_SKEY, R_SORT, R_SEX, R_BDATE, R_BYEAR, R_PREC, R_CCCD, R_PHONE, R_ADDR, R_ETH,
    R_REL, R_OCC, R_UNIT, R_CARD, R_JOINED, R_NOTE,
) = range(len(Row._fields))  # fmt: skip

PERSON_FIELDS = Row._fields[:R_UNIT]  # a Row's person part: Person fields, in this order

# Person fields an import may set on someone already registered (update/fill).
UPDATABLE = (
    "full_name", "sex", "birth_date", "birth_year", "cccd", "phone", "address_detail",
    "ethnicity", "religion", "occupation",
)  # fmt: skip

# The columns of an import's COPY rows (then the writer's constants, see imports.writers).
PERSON_COLUMNS = ["id", *PERSON_FIELDS, "unit_id"]  # (unit_id here: the base registering them)
MEMBER_COLUMNS = [
    "id", "person_id", "unit_id", "unit_path", "sort_key", "search_key", "card_number",
    "joined_on", "note",
]  # fmt: skip


def person_row(pid: int, v: Row, base_id: int, consts: tuple) -> tuple:
    """A new person's COPY row (PERSON_COLUMNS, then the writer's constants)."""
    return (pid, *v[:R_UNIT], base_id, *consts)


def member_row(mid: int, pid: int, v: Row, unit_path: str, consts: tuple) -> tuple:
    """A new membership's COPY row (MEMBER_COLUMNS, then the writer's constants)."""
    return (
        mid, pid, v.unit_id, unit_path, v.sort_key, v.search_key, v.card_number, v.joined_on,
        v.note, *consts,
    )  # fmt: skip


def _unescape(field: bytes):
    if field == b"\\N":
        return None
    text = field.decode()
    if "\\" in text:
        text = (
            text.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n")
            .replace("\\r", "\r").replace("\0", "\\")
        )  # fmt: skip
    return text


def values_of(person_line: bytes, member_line: bytes) -> Row:
    """A row's values read back from its two COPY lines (text format)."""
    p = [_unescape(f) for f in person_line.rstrip(b"\n").split(b"\t")]
    m = [_unescape(f) for f in member_line.rstrip(b"\n").split(b"\t")]
    day = datetime.date.fromisoformat
    return Row(
        p[1], p[2], p[3], p[4], p[5] and day(p[5]), p[6] and int(p[6]), p[7], p[8], p[9],
        p[10], p[11], p[12], p[13], int(m[2]), m[6], day(m[7]), m[8],
    )  # fmt: skip


def display(v: Row, unit_names: dict[int, str]) -> dict:
    """A row as the preview shows it."""
    bdate = v.birth_date
    return {
        "name": v.full_name,
        "sex": v.sex,
        "birth": bdate.strftime("%d/%m/%Y") if bdate else str(v.birth_year or ""),
        "unit": unit_names.get(v.unit_id, ""),
        "joined": v.joined_on.strftime("%d/%m/%Y"),
        "card": v.card_number,
    }
