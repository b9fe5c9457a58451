"""Does a stored period overlap --since/--until? A period is a partial date or an interval of
two (either end open); it overlaps [since, until] when its first day is not after ``until`` and
its last day is not before ``since``. Both days are computed in SQL from the stored text."""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, and_, case, func, literal, or_, true

from collabdb.tables.base import date_order_key, period_start


def _period_end(period: ColumnElement[str]) -> ColumnElement[str]:
    """The last end of a period (NULL when open): the text after the ``/``, or the period."""

    def slash_at(position: int) -> ColumnElement[bool]:
        return func.substr(period, position, 1) == literal("/")

    return case(
        (func.substr(period, func.length(period) - 2, 3) == literal("/.."), None),
        *(
            (slash_at(position), func.substr(period, position + 1, type_=String))
            for position in (3, 5, 8, 11)
        ),
        else_=period,
    )


def period_end(date: ColumnElement[str]) -> ColumnElement[str]:
    """The last day a partial date (a year, month or day) can mean, as a comparable string
    (day 31 bounds any month)."""
    return case(
        (func.length(date) == 4, date + literal("-12-31")),
        (func.length(date) == 7, date + literal("-31")),
        else_=date,
    )


def _last_day(date: ColumnElement[str]) -> ColumnElement[str]:
    """``period_end`` of a partial date that may also be a quarter."""
    quarter = func.substr(date, 7, 1, type_=String)
    last_month = case(
        (quarter == literal("1"), literal("-03-31")),
        (quarter == literal("2"), literal("-06-31")),
        (quarter == literal("3"), literal("-09-31")),
        else_=literal("-12-31"),
    )
    year = func.substr(date, 1, 4, type_=String)
    return case(
        (func.substr(date, 6, 1) == literal("Q"), year + last_month), else_=period_end(date)
    )


def overlaps(
    period: ColumnElement[str], *, since: str | None, until: str | None
) -> ColumnElement[bool]:
    """``since``: the first day (YYYY-MM-DD) of --since; ``until``: the last day of --until."""
    conditions: list[ColumnElement[bool]] = [period.is_not(None)]
    if since is not None:
        end = _period_end(period)
        conditions.append(or_(end.is_(None), _last_day(end) >= since))
    if until is not None:
        open_start = func.substr(period, 1, 3) == literal("../")
        first_day = func.substr(date_order_key(period_start(period)), 1, 10, type_=String)
        conditions.append(or_(open_start, first_day <= until))
    return and_(true(), *conditions)
