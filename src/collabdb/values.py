"""Value types shared by every layer: dates that keep their precision, exact decimals.

Dates are stored and exchanged as ISO strings at their own precision (``2015``, ``2015-10``,
``2015-10-17``); periods may also be quarters (``2012-Q4``) or ISO 8601 intervals of two such
dates, either end open (``2011/2015``, ``2011/..``). The string sorts by start, then by
precision, so it is also what the database stores.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

Precision = Literal["year", "quarter", "month", "day"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a year, a quarter, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    @property
    def precision(self) -> Precision:
        if self.quarter is not None:
            return "quarter"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def order_key(self) -> tuple[int, int, int, int]:
        """Partial dates in order: by their first day, then by precision (a year before its
        first quarter, a quarter before its first month, a month before its first day)."""
        month = self.month or (3 * self.quarter - 2 if self.quarter else 1)
        rank = ("year", "quarter", "month", "day").index(self.precision)
        return (self.year, month, self.day or 1, rank)

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year:04d}-Q{self.quarter}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, text: str, *, allow_quarter: bool = False) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (and ``YYYY-Qn`` for periods)."""
        quarter = _QUARTER_RE.match(text)
        if quarter:
            if not allow_quarter:
                raise ValueError(f"quarter {text!r} is only allowed for periods")
            return cls(year=int(quarter.group(1)), quarter=int(quarter.group(2)))
        match = _DATE_RE.match(text)
        if not match:
            expected = "YYYY, YYYY-MM, YYYY-MM-DD" + (" or YYYY-Qn" if allow_quarter else "")
            raise ValueError(f"invalid date {text!r}: expected {expected}")
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if year < 1:
            raise ValueError(f"invalid date {text!r}: year 0000 does not exist")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"invalid date {text!r}: month {month} does not exist")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"invalid date {text!r}: day {day} does not exist in that month")
        return cls(year=year, month=month, day=day)


def parse_date(text: str) -> str:
    """Validate a date and return its canonical string."""
    return str(PartialDate.parse(text))


#: An open end of an interval (ISO 8601-2): ``2011/..`` is from 2011 on, ``../2015`` up to 2015.
OPEN = ".."


def parse_period(text: str) -> str:
    """Validate a period and return its canonical string: a partial date (a year, quarter,
    month or day), or an ISO 8601 interval of two, either end of which may be open (``..``):
    ``2011/2015``, ``2012-03/2013-Q2``, ``2011/..``. The start may not come after the end."""
    if "/" not in text:
        return str(PartialDate.parse(text, allow_quarter=True))
    first, _, last = text.partition("/")
    if first == last == OPEN:
        raise ValueError(f"invalid period {text!r}: both ends are open")
    if "/" in last:
        raise ValueError(f"invalid period {text!r}: an interval has two ends, START/END")
    start = None if first == OPEN else PartialDate.parse(first, allow_quarter=True)
    end = None if last == OPEN else PartialDate.parse(last, allow_quarter=True)
    if start is not None and end is not None and _first_day(start) > _first_day(end):
        raise ValueError(f"invalid period {text!r}: it starts after it ends")
    return f"{start or OPEN}/{end or OPEN}"


def _first_day(date: PartialDate) -> tuple[int, int, int]:
    return date.order_key()[:3]


def period_ends(text: str) -> tuple[str | None, str | None]:
    """The two ends of a stored period, ``None`` where open; a single date is both ends."""
    if "/" not in text:
        return text, text
    first, _, last = text.partition("/")
    return (None if first == OPEN else first), (None if last == OPEN else last)


def period_bounds(text: str) -> tuple[str | None, str | None]:
    """First and last day (YYYY-MM-DD) a period covers, ``None`` at an open end."""
    first, last = period_ends(text)
    return (
        None if first is None else day_bounds(first)[0],
        None if last is None else day_bounds(last)[1],
    )


def day_bounds(text: str) -> tuple[str, str]:
    date = PartialDate.parse(text, allow_quarter=True)
    if date.quarter:
        first_month, last_month = 3 * date.quarter - 2, 3 * date.quarter
    elif date.month:
        first_month = last_month = date.month
    else:
        first_month, last_month = 1, 12
    first_day = date.day or 1
    last_day = date.day or calendar.monthrange(date.year, last_month)[1]
    return (
        f"{date.year:04d}-{first_month:02d}-{first_day:02d}",
        f"{date.year:04d}-{last_month:02d}-{last_day:02d}",
    )


_PRECISION_BY_LENGTH: dict[int, Precision] = {4: "year", 7: "month", 10: "day"}


def date_precision(text: str) -> Precision:
    """The precision of a date or period as stored (canonical, validated when it was imported),
    read from its shape: reads call this for every listed row, and parsing it again cost more
    than the rest of building the row. An interval has the precision of its start (of its end
    when the start is open)."""
    if "/" in text:
        first, last = period_ends(text)
        return date_precision(first or last or "")
    if len(text) == 7 and text[5] == "Q":
        return "quarter"
    precision = _PRECISION_BY_LENGTH.get(len(text))
    if precision is None:
        raise ValueError(f"invalid date {text!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn")
    return precision


# Amounts beyond this are certainly typos (the world's GDP is ~1e14 USD); the bound also keeps
# PostgreSQL NUMERIC and SQLite text identical and bounded.
MAX_DIGITS = 30
MAX_SCALE = 10


def shown(value: str) -> str:
    """``value`` quoted for a message, at most ``MAX_SHOWN`` characters of it (a 50 MB value
    makes a short line)."""
    if len(value) <= MAX_SHOWN:
        return repr(value)
    return f"{value[:MAX_SHOWN]!r}... ({len(value)} characters)"


MAX_SHOWN = 200
# No amount needs more characters than this (30 digits, a point, an exponent); a longer one
# is refused before it is parsed.
MAX_AMOUNT_TEXT = 64


def canonical_decimal(value: str) -> str:
    """Return the canonical text of an exact, finite, non-negative decimal.

    Trailing zeros after the point are dropped so that both backends give the same bytes
    (PostgreSQL NUMERIC keeps the scale it was given, SQLite stores our text). The size is
    checked on the digits and exponent before the number is written out: "1e1000000000"
    would otherwise take gigabytes.
    """
    if len(value) > MAX_AMOUNT_TEXT:
        raise ValueError(f"invalid amount {shown(value)}: longer than {MAX_AMOUNT_TEXT} characters")
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(
            f"invalid amount {value!r}: expected a decimal number such as '1.5'"
        ) from None
    if not number.is_finite():
        raise ValueError(f"invalid amount {value!r}: must be a finite number")
    if number < 0:
        raise ValueError(f"invalid amount {value!r}: must not be negative")
    if number == 0:
        number = Decimal(0)  # "-0" and "0.00" are the same amount
    digits = number.as_tuple().digits
    exponent = int(number.as_tuple().exponent)
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if number.adjusted() >= MAX_DIGITS - MAX_SCALE:
        raise ValueError(f"invalid amount {value!r}: more than {MAX_DIGITS - MAX_SCALE} digits")
    if number != 0 and -(exponent + trailing_zeros) > MAX_SCALE:
        raise ValueError(f"invalid amount {value!r}: more than {MAX_SCALE} decimal places")
    # No normalize(): it rounds to the context's 28 digits. Trailing zeros go by hand.
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    integer, _, fraction = text.partition(".")
    if len(integer.lstrip("0")) > MAX_DIGITS - MAX_SCALE:
        raise ValueError(f"invalid amount {value!r}: more than {MAX_DIGITS - MAX_SCALE} digits")
    if len(fraction) > MAX_SCALE:
        raise ValueError(f"invalid amount {value!r}: more than {MAX_SCALE} decimal places")
    return text


def utc(value: datetime) -> datetime:
    """A time the database stored in UTC: SQLite hands it back naive."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
