"""A toy translation task: dates as people write them -> ISO dates, from Python's own date handling.

    "3rd of March 1998", "Tue 03/03/98", "March 3, 1998", "1998.03.03" ... -> "1998-03-03"

Source and target are strings of characters; a sequence-to-sequence model reads the first and
writes the second. The month and day names are spelled out here (English, whatever the machine's
locale). Training and held-out dates are disjoint (`split`), so that exact-match accuracy on
held-out dates measures generalisation, not recall.
"""
from __future__ import annotations

import datetime as dt
import random

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST, LAST = dt.date(1950, 1, 1), dt.date(2049, 12, 31)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 3 -> '3rd', 11 -> '11th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _formats(d: dt.date) -> list[str]:
    """The ways of writing `d` that the task uses."""
    month, day, weekday = MONTHS[d.month - 1], d.day, DAYS[d.weekday()]
    yy = f"{d.year % 100:02d}"
    return [
        f"{ordinal(day)} of {month} {d.year}",
        f"{weekday[:3]} {day:02d}/{d.month:02d}/{yy}",
        f"{month} {day}, {d.year}",
        f"{day} {month[:3]} {d.year}",
        f"{weekday}, {month} {ordinal(day)} {d.year}",
        f"{d.year}.{d.month:02d}.{day:02d}",
        f"{day}.{d.month}.{d.year}",
        f"{month[:3].upper()} {day} {yy}",
        f"{day:02d}-{month[:3].lower()}-{d.year}",
        f"the {ordinal(day)} of {month.lower()}, {d.year}",
    ]


N_FORMATS = len(_formats(FIRST))


def write_date(d: dt.date, style: int) -> str:
    """`d` written in style `style` (0 to N_FORMATS - 1)."""
    return _formats(d)[style]


def split(d: dt.date) -> str:
    """'train' or 'heldout': a fixed fifth of all days (by a hash of the day, not of the seed) is held out."""
    return "heldout" if (d.toordinal() * 2654435761) % 2**32 % 5 == 0 else "train"


def date_pairs(n: int, seed: int = 0, part: str = "train") -> list[tuple[str, str]]:
    """`n` (source, target) pairs, e.g. ("3rd of March 1998", "1998-03-03"), of days between 1950
    and 2049 in `part` ('train' or 'heldout'), each written in a style drawn uniformly."""
    if part not in ("train", "heldout"):
        raise ValueError(f"part is 'train' or 'heldout', not {part!r}")
    rng = random.Random(f"{seed}-{part}")
    span = (LAST - FIRST).days
    pairs = []
    while len(pairs) < n:
        d = FIRST + dt.timedelta(days=rng.randrange(span + 1))
        if split(d) == part:
            pairs.append((write_date(d, rng.randrange(N_FORMATS)), d.isoformat()))
    return pairs
