"""Figures per unit and year, kept current: what a dashboard reads instead of the registers.

A unit's *own* figures come from its own rows (memberships, cadres, denominators, book reviews);
its *total* is its own plus the totals of the units that hung under it at the period's end. The
period of year Y ends on 31/12/Y, or today for the current year. Moves recorded after that date
are undone (the same semantics as org.selectors.subtree_q_on and parent_on), so a past year's
figures stay those of the tree as it stood then, across later merges, splits and moves.

Keys of the figure dicts (an absent key is 0):
  a:<category>:<sex M/F/U>:<FDRS band>   active on the period's end
  j:<category>   joined in the year (first admissions and re-admissions, not continuations)
  l:<category>   left in the year (not by transfer or reorganisation)
  c:<category>   register changes in the year (any admission or end, transfers included)
  r:<category>   1 when the unit recorded a review of that book in the year
  u:<kind>       1 when the unit existed at the period's end (so totals count units by kind)
  cad, cadeq     cadres in office at the period's end; of them, with uniform and badge issued
  d:<kind>       denominators: the unit's own value, else the sum of its children's
  books          1 for a base whose member (and volunteer) books are up to date (see books_ok)
  dues           active on the period's end in a category that pays the year's dues (the
                 categories of the policy in force for the year where the membership's unit is)
  dues_paid      of them, with a live receipt of the year paid by the period's end, wherever the
                 person paid (dues.selectors' "paid")
  dues_exempt    of them, not paid but with a live exemption of the year decided by then
  dues_in        đồng of the year's dues collected by the unit by then (live receipts)
  dues_out       đồng of the year's dues the unit transferred out (fund entries carrying the
                 dues year: out, less reversals of them), by then; in a total, only what left the
                 subtree (see dues_out_to)
  dues_out_to:<unit>  the part of dues_out sent to <unit>: carried up the total until the first
                 unit whose subtree holds <unit>, where it is taken off dues_out (a transfer inside
                 a subtree was not remitted out of it; dues.selectors.amount_remitted)
  club:<type>    clubs, groups and networks the unit runs, open at the period's end (clubs app)
  clubm          people taking part in them then (one per person and club)
  tv             volunteers active in a volunteer team (a unit of kind team) at the period's end
  fund           the unit's humanitarian fund balance on the period's end (in − out of its
                 ledger, all dates; funds.selectors.balances)
  fund_dues      the unit's dues fund balance on the period's end
  fundok         1 for a base whose humanitarian fund (its own and its branches') is ≥ 5.000.000 đ

Writes only mark units dirty (indicators.services.note_changed, in the write's transaction);
:func:`refresh_dirty` (the task) recomputes those units' own rows and the totals of their
ancestors, one row per unit and level: its cost follows the number of units touched, never the
number of members beneath them.
"""

from .own import own_figures
from .refresh import FULL_REFRESH_FROM, refresh_all, refresh_dirty, refresh_units, refresh_year
from .rollup import books_ok, roll_up
from .tree import TreeAt
from .years import (
    FIRST_YEAR,
    KEEP_YEARS,
    ONE_DAY,
    data_first_year,
    kept_years,
    period_end,
    years_with_figures,
)

__all__ = [
    "FIRST_YEAR",
    "FULL_REFRESH_FROM",
    "KEEP_YEARS",
    "ONE_DAY",
    "TreeAt",
    "books_ok",
    "data_first_year",
    "kept_years",
    "own_figures",
    "period_end",
    "refresh_all",
    "refresh_dirty",
    "refresh_units",
    "refresh_year",
    "roll_up",
    "years_with_figures",
]
