"""Deterministic demo data for the registers: people and their memberships with history.

Used by ``manage.py make_demo`` (``make run`` with a few thousand members) and by
``bench/registers.py`` (a million and more on PostgreSQL). Two halves:

- pure generation (:class:`Generator`): one ``random.Random(seed)`` drives every choice, so the
  same seed, unit tree and day give the same people, names, CCCD numbers, cards and histories;
- a set-based writer (:func:`write`, in ``members.demo_write``): ids are reserved per chunk, rows go in with one COPY per
  table and chunk on PostgreSQL (``bulk_create`` on SQLite). The per-row services would cost
  several queries per person; the values are built with the same helpers they use instead
  (``search_key``, ``vn_sort_key``, ``nfc``, ``cccd_century_digit``), and the tests run the
  services' own checks (``clean_cccd``, ``clean_phone``) on the result.

The reference tables (names, shares, rates) are in ``members.demo_data``.
"""

import bisect
import contextlib
import datetime
import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max
from django.db.models.functions import Substr
from django.utils import timezone

from core.pgbulk import without_indexes
from core.text import nfc, search_key, vn_sort_key
from core.vn import CCCD_PROVINCES, FEMALE, MALE, age_on, cccd_century_digit
from org.models import Unit
from people.models import BirthPrecision, Person

from .demo_data import (
    BULK_LOAD_FROM,
    CATEGORY_PLAN,
    CCCD_MULTIPLIER,
    CCCD_SHARE,
    END_NOTES,
    ETHNICITY_WEIGHTS,
    EXIT_RATE,
    EXTRA_VOLUNTEER_RATE,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HISTORY_YEARS,
    MIDDLE_NAMES,
    MIN_AGE,
    MOBILE_PREFIXES,
    OCCUPATIONS_WORKING,
    PHONE_SHARE,
    READMIT_RATE,
    RELIGION_WEIGHTS,
    SECOND_MIDDLE,
    TRANSFER_RATE,
    WOMEN_SHARE,
    YEAR_ONLY_SHARE,
)
from .demo_plan import BasePlan, load_plan
from .demo_write import Stats, write
from .models import EndReason, Membership


class _Weighted:
    """A weighted choice by bisection over cumulative weights (one ``random()`` per draw)."""

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        total, self.cum = 0.0, []
        for _item, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


_FAMILY = _Weighted(FAMILY_NAMES)
_MIDDLE = {sex: _Weighted(pairs) for sex, pairs in MIDDLE_NAMES.items()}
_ETHNICITY = _Weighted(ETHNICITY_WEIGHTS)
_RELIGION = _Weighted(RELIGION_WEIGHTS)


@functools.lru_cache(maxsize=500_000)
def name_keys(full_name: str) -> tuple[str, str]:
    """(search_key, vn_sort_key) of a name: the same functions the people services call."""
    return search_key(full_name), vn_sort_key(full_name)


def cccd_number(province3: str, birth_year: int, sex: str, serial: int) -> str:
    """A CCCD that agrees with birth year and sex; distinct ``serial`` give distinct numbers."""
    offset = int(f"{province3}{birth_year % 100:02d}{sex == FEMALE:d}") * 7_919
    tail = (serial * CCCD_MULTIPLIER + offset) % 1_000_000
    return f"{province3}{cccd_century_digit(birth_year, sex)}{birth_year % 100:02d}{tail:06d}"


# --- The unit tree the data goes into -----------------------------------------------------------


# --- Generation ---------------------------------------------------------------------------------


@dataclass
class Counters:
    """Serial numbers already used: per CCCD prefix (6 digits) and per card-number province."""

    cccd: dict[str, int] = field(default_factory=dict)
    cards: dict[str, int] = field(default_factory=dict)
    taken_cccd: set[str] = field(default_factory=set)

    @classmethod
    def from_db(cls) -> "Counters":
        """Continue after the numbers already in the database (a second run adds, never clashes)."""
        c = cls()
        with_cccd = Person.objects.filter(cccd__isnull=False)
        c.cccd = dict(
            with_cccd.annotate(prefix=Substr("cccd", 1, 6))
            .values_list("prefix")
            .annotate(n=Count("id"))
            .order_by()
        )
        if sum(c.cccd.values()) <= 200_000:  # numbers typed in by hand: avoid them one by one
            c.taken_cccd = {n for n in with_cccd.values_list("cccd", flat=True) if n is not None}
        c.cards = {
            prov: int(top[3:])
            for prov, top in Membership.objects.filter(card_number__regex=r"^[0-9]{2}-[0-9]{7}$")
            .annotate(prov=Substr("card_number", 1, 2))
            .values_list("prov")
            .annotate(top=Max("card_number"))
            .order_by()
        }
        return c


def _days(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day in [start, end]."""
    first = start.toordinal()
    return datetime.date.fromordinal(first + int(rng.random() * (end.toordinal() - first + 1)))


def _choice(rng: random.Random, seq):
    """``rng.choice`` at a third of the cost (one ``random()`` per draw)."""
    return seq[int(rng.random() * len(seq))]


def _int(rng: random.Random, low: int, high: int) -> int:
    """A whole number in [low, high]."""
    return low + int(rng.random() * (high - low + 1))


class Generator:
    """People with their memberships, one after another, from one seeded random stream."""

    def __init__(
        self,
        plan: list[BasePlan],
        *,
        seed: int,
        today: datetime.date,
        categories: set[str] | None = None,
        counters: Counters | None = None,
    ):
        if not plan:
            raise ValueError("no base to put members in")
        self.rng = random.Random(seed)
        self.today = today
        self.plan = plan
        wanted = set(CATEGORY_PLAN) if categories is None else set(categories) & set(CATEGORY_PLAN)
        if not wanted:
            raise ValueError("none of the association's member categories can be generated")
        self.categories = _Weighted(
            [(c, CATEGORY_PLAN[c][0]) for c in CATEGORY_PLAN if c in wanted]
        )
        self.counters = counters or Counters()
        # Bases are of unequal size: a log-normal weight each, fixed by the seed.
        for base in plan:
            base.weight = self.rng.lognormvariate(0, 0.6)
        self.bases = _Weighted([(b, b.weight) for b in plan])
        self.earliest = _years_before(today, HISTORY_YEARS)

    # Identity ------------------------------------------------------------------------------

    def _name(self, sex: str, birth_year: int) -> str:
        rng = self.rng
        middle = _MIDDLE[sex].pick(rng)
        if sex == FEMALE and birth_year >= 1985 and middle == "Thị" and rng.random() < 0.4:
            middle = _choice(rng, ["Ngọc", "Thu", "Thanh", "Phương", "Khánh"])  # fewer "Thị" now
        parts = [_FAMILY.pick(rng), middle]
        if rng.random() < 0.12:
            second = _choice(rng, SECOND_MIDDLE[sex])
            if second != middle:
                parts.append(second)
        parts.append(_choice(rng, GIVEN_NAMES[sex]))
        return nfc(" ".join(parts))

    def _cccd(self, province: str, birth_year: int, sex: str) -> str | None:
        home = f"0{province}"
        code = home if home in CCCD_PROVINCES and self.rng.random() < 0.8 else None
        if code is None:
            code = _choice(self.rng, _CCCD_CODES)
        prefix = f"{code}{cccd_century_digit(birth_year, sex)}{birth_year % 100:02d}"
        while True:
            serial = self.counters.cccd.get(prefix, 0)
            if serial >= 1_000_000:
                return None
            self.counters.cccd[prefix] = serial + 1
            number = cccd_number(code, birth_year, sex, serial)
            if number not in self.counters.taken_cccd:
                return number

    def _card(self, province: str) -> str:
        serial = self.counters.cards.get(province, 0) + 1
        self.counters.cards[province] = serial
        return f"{province}-{serial:07d}"

    def _address(self, base: BasePlan, unit_name: str) -> str:
        rng = self.rng
        if unit_name.startswith("Chi hội "):
            place = unit_name.removeprefix("Chi hội ").strip()
        else:
            place = f"khu dân cư {_int(rng, 1, 9)}"
        if place.lower().startswith("tổ"):
            return f"Số {_int(rng, 1, 180)}, {place}"
        return f"Tổ {_int(rng, 1, 15)}, {place}"

    def _occupation(self, age: int) -> str:
        rng = self.rng
        if age < 18:
            return "Học sinh"
        if age < 23 and rng.random() < 0.6:
            return "Sinh viên"
        if age >= 62 and rng.random() < 0.7:
            return "Cán bộ hưu trí" if rng.random() < 0.4 else "Hưu trí"
        return "" if rng.random() < 0.1 else _choice(rng, OCCUPATIONS_WORKING)

    # Memberships ---------------------------------------------------------------------------

    def _join_and_birth(self, category: str) -> tuple[datetime.date, int, datetime.date | None]:
        rng, today = self.rng, self.today
        _share, low, high, mode = CATEGORY_PLAN[category]
        age = int(rng.triangular(low, high + 1, mode))
        start = self.earliest
        if category == "youth":  # still under 31 today
            start = max(start, _years_before(today, 30 - age))
        joined = _days(rng, start, today - datetime.timedelta(days=1))
        birth_year = joined.year - age
        birth_date = None
        if rng.random() >= YEAR_ONLY_SHARE:
            birth_date = _days(
                rng, datetime.date(birth_year, 1, 1), datetime.date(birth_year, 12, 31)
            )
            if age_on(birth_year, birth_date, joined) < MIN_AGE[category]:
                birth_date = birth_date.replace(year=birth_year - 1, day=min(birth_date.day, 28))
                birth_year -= 1
        return joined, birth_year, birth_date

    def person(self) -> tuple[dict, list[dict]]:
        """One person (field values) and their memberships, oldest first; a membership's
        ``previous`` is the index of the one it continues in the same list."""
        rng, today = self.rng, self.today
        base: BasePlan = self.bases.pick(rng)
        category = self.categories.pick(rng)
        sex = FEMALE if rng.random() < WOMEN_SHARE else MALE
        joined, birth_year, birth_date = self._join_and_birth(category)
        full_name = self._name(sex, birth_year)
        skey, sort = name_keys(full_name)
        unit_id = self._unit_for(base, category)
        unit_name = _choice(rng, base.member_units)[1]
        age_now = age_on(birth_year, birth_date, today) or 0
        person = {
            "full_name": full_name,
            "search_key": skey,
            "sort_key": sort,
            "sex": sex,
            "birth_date": birth_date,
            "birth_year": birth_year,
            "birth_precision": BirthPrecision.DAY if birth_date else BirthPrecision.YEAR,
            "cccd": self._cccd(base.province, birth_year, sex)
            if rng.random() < CCCD_SHARE
            else None,
            "phone": f"0{_choice(rng, MOBILE_PREFIXES)}{int(rng.random() * 10_000_000):07d}"
            if rng.random() < PHONE_SHARE
            else "",
            "address_code": base.commune,
            "address_detail": self._address(base, unit_name),
            "ethnicity": _ETHNICITY.pick(rng),
            "religion": _RELIGION.pick(rng),
            "occupation": self._occupation(age_now),
            "unit_id": base.id,
        }
        rows = self._history(base, category, unit_id, joined, birth_year, birth_date)
        # Some members also volunteer, from 18, in the base's team when it has one.
        if (
            category == "member"
            and 18 <= age_now <= 60
            and rng.random() < EXTRA_VOLUNTEER_RATE
            and "volunteer" in self.categories.items
        ):
            self._extra_volunteer(base, rows, birth_year, birth_date)
        return person, rows

    def _unit_for(self, base: BasePlan, category: str) -> int:
        if category == "honorary":  # kept by the base itself
            return base.id
        if category == "volunteer" and base.teams and self.rng.random() < 0.7:
            return _choice(self.rng, base.teams)
        return _choice(self.rng, base.member_units)[0]

    def _row(self, unit_id, category, card, joined, previous=None) -> dict:
        return {
            "unit_id": unit_id,
            "category": category,
            "card_number": card,
            "joined_on": joined,
            "ended_on": None,
            "end_reason": "",
            "end_note": "",
            "previous": previous,
        }

    def _history(self, base, category, unit_id, joined, birth_year, birth_date) -> list[dict]:
        rng, today = self.rng, self.today
        rows = [self._row(unit_id, category, self._card(base.province), joined)]
        branches = base.branches
        last = rows[-1]
        if (
            rng.random() < TRANSFER_RATE
            and category != "honorary"
            and len(branches) >= 2
            and last["unit_id"] in branches
            and (today - joined).days > 60
        ):
            on = _days(
                rng, joined + datetime.timedelta(days=30), today - datetime.timedelta(days=1)
            )
            to = _choice(rng, [u for u in branches if u != last["unit_id"]])
            self._close(last, on, EndReason.TRANSFERRED, "")
            rows.append(self._row(to, category, last["card_number"], on, previous=0))
            last = rows[-1]
        if rng.random() < EXIT_RATE and (today - last["joined_on"]).days > 31:
            on = _days(rng, last["joined_on"] + datetime.timedelta(days=30), today)
            age = on.year - birth_year
            reason = (_EXIT_OLD if age >= 65 else _EXIT_YOUNG).pick(rng)
            self._close(last, on, reason, _choice(rng, END_NOTES[reason]))
            if (
                reason in (EndReason.RESIGNED, EndReason.MOVED_AWAY)
                and rng.random() < READMIT_RATE
                and (today - on).days > 31
            ):
                again = _days(rng, on + datetime.timedelta(days=30), today)
                rows.append(
                    self._row(last["unit_id"], category, last["card_number"], again, len(rows) - 1)
                )
        return rows

    def _extra_volunteer(self, base, rows, birth_year, birth_date) -> None:
        rng, today = self.rng, self.today
        start = max(rows[0]["joined_on"], _adult_on(birth_year, birth_date))
        if start >= today:
            return
        joined = _days(rng, start, today - datetime.timedelta(days=1))
        unit = _choice(rng, base.teams) if base.teams else rows[0]["unit_id"]
        died = next((r["ended_on"] for r in rows if r["end_reason"] == EndReason.DECEASED), None)
        if died is not None and joined >= died:
            return
        row = self._row(unit, "volunteer", self._card(base.province), joined)
        if died is not None:
            self._close(row, died, EndReason.DECEASED, "")
        rows.append(row)

    @staticmethod
    def _close(row: dict, on: datetime.date, reason: str, note: str) -> None:
        row["ended_on"], row["end_reason"], row["end_note"] = on, reason, note

    def people(self, memberships: int) -> Iterator[tuple[dict, list[dict]]]:
        """People until ``memberships`` membership rows have been made (the last person's
        history may take it a row or two beyond)."""
        made = 0
        while made < memberships:
            person, rows = self.person()
            made += len(rows)
            yield person, rows


_CCCD_CODES = sorted(CCCD_PROVINCES)
_EXIT_YOUNG = _Weighted(
    [(EndReason.RESIGNED, 35), (EndReason.MOVED_AWAY, 35), (EndReason.REMOVED, 12),
     (EndReason.DECEASED, 4)]
)  # fmt: skip
_EXIT_OLD = _Weighted(
    [(EndReason.RESIGNED, 35), (EndReason.MOVED_AWAY, 35), (EndReason.REMOVED, 12),
     (EndReason.DECEASED, 40)]
)  # fmt: skip


def _years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years, day=min(day.day, 28) if day.month == 2 else day.day)


def _adult_on(birth_year: int, birth_date: datetime.date | None) -> datetime.date:
    if birth_date is None:
        return datetime.date(birth_year + 18, 1, 1)
    return birth_date.replace(year=birth_year + 18, day=min(birth_date.day, 28))


def run(
    *,
    members: int,
    seed: int = 1,
    province: Unit | None = None,
    bases: list[Unit] | None = None,
    today: datetime.date | None = None,
    chunk: int = 50_000,
    progress: Callable[[Stats], None] | None = None,
    bulk: bool | None = None,
) -> Stats:
    """Generate about ``members`` memberships in the bases of ``province`` (or ``bases``, or
    every province) and write them with one audit event, all in one transaction."""
    from django.db import transaction

    from core import audit

    from .selectors import category_names

    today = today or timezone.localdate()
    with transaction.atomic():
        plan = load_plan(province, bases)
        if not plan:
            raise ValueError("no base association in the tree")
        gen = Generator(
            plan,
            seed=seed,
            today=today,
            categories=set(category_names()) or None,
            counters=Counters.from_db(),
        )
        if bulk is None:  # rebuilding costs as much as the rows already there: not for a few
            bulk = connection.vendor == "postgresql" and members >= max(
                BULK_LOAD_FROM, Membership.objects.count() // 2
            )
        with without_indexes([Person, Membership]) if bulk else contextlib.nullcontext():
            stats = write(gen.people(members), chunk=chunk, progress=progress)
        audit.record(
            actor=None,
            action="members.demo.generate",
            unit=province,
            data={
                "seed": seed,
                "asked": members,
                "bases": len(plan),
                "today": str(today),
                **stats.as_dict(),
            },
        )
    return stats
