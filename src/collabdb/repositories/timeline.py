"""The dated events of `timeline`, ordered and cut in SQL.

One ``UNION ALL`` of every kind of dated event gives narrow rows (date, event, record, which
table and row); they are ordered as ``PartialDate.order_key`` orders them (first day,
then precision; then record and event in code-point order) and cut to the limit, and the details
of the events kept are read afterwards, for those only. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    exists,
    literal,
    null,
    select,
    union_all,
)

from collabdb import tables as t
from collabdb.repositories.listing import ResultRow, code_point_collation, rows_by_key
from collabdb.tables.base import date_order_key, period_start


def _text(value: str) -> ColumnElement[str]:
    return literal(value, String)


def _branch(
    table: Any,
    date: Any,
    event: ColumnElement[str],
    prefix: str,
    what: Any,
    *,
    tie: tuple[Any, Any] = (None, None),
    slug: Any = None,
    period: bool = False,
) -> Any:
    """One kind of dated event as the union's columns; ``slug`` names its record when the
    row's own slug does not (a position's person, a status change's agreement); a ``period``
    (possibly an interval) is ordered by its start."""
    slug = table.c.slug if slug is None else slug
    return select(
        date_order_key(period_start(date) if period else date).label("sort_key"),
        date.label("date"),
        event.label("event"),
        (_text(prefix) + slug).label("record"),
        (tie[0] if tie[0] is not None else null()).label("tie_1"),
        (tie[1] if tie[1] is not None else null()).label("tie_2"),
        _text(table.name).label("source_table"),
        table.c.id.label("row_id"),
        (what if what is not None else null()).label("what"),
    ).where(date.is_not(None))


def timeline_rows(
    connection: Connection, *, under: Sequence[int] | None = None, limit: int | None = None
) -> list[ResultRow]:
    """Dated events in timeline order: (date, event, record, source_table, row_id, what), where
    ``what`` is None for positions and figures (see ``position_details``, ``figure_details``).
    ``under``: only events concerning these organizations (and no publications)."""
    ids = None if under is None else list(under)
    party_of = (
        []
        if ids is None
        else [
            t.agreements.c.id.in_(
                select(t.agreement_parties.c.agreement_id).where(
                    t.agreement_parties.c.organization_id.in_(ids)
                )
            )
        ]
    )

    def concerns(column: Any) -> list[ColumnElement[bool]]:
        return [] if ids is None else [column.in_(ids)]

    a, f, p, e, st = t.agreements, t.facilities, t.positions, t.events, t.agreement_statuses
    position_people = p.join(t.people, t.people.c.id == p.c.person_id).join(
        t.organizations, t.organizations.c.id == p.c.organization_id
    )
    position_tie = (t.organizations.c.slug, p.c.title)

    def not_in_history(status: str, date: Any) -> ColumnElement[bool]:
        # The status history's entry for the same day says it, with its note and citations.
        same = (st.c.agreement_id == a.c.id, st.c.status == status, st.c.changed_on == date)
        return ~exists().where(*same)

    branches = [
        _branch(a, a.c.announced_on, _text("agreement_announced"), "agreements/", a.c.title).where(
            *party_of, not_in_history("announced", a.c.announced_on)
        ),
        _branch(a, a.c.signed_on, _text("agreement_signed"), "agreements/", a.c.title).where(
            *party_of, not_in_history("signed", a.c.signed_on)
        ),
        _branch(f, f.c.opened_on, _text("facility_opened"), "facilities/", f.c.name).where(
            *concerns(f.c.owner_id)
        ),
        *(
            _branch(p, date, _text(label), "people/", None, tie=position_tie, slug=t.people.c.slug)
            .select_from(position_people)
            .where(*concerns(p.c.organization_id))
            for date, label in (
                (p.c.started_on, "position_started"),
                (p.c.ended_on, "position_ended"),
            )
        ),
        _branch(
            st,
            st.c.changed_on,
            _text("status_") + st.c.status,
            "agreements/",
            a.c.title,
            slug=a.c.slug,
        )
        .select_from(st.join(a, a.c.id == st.c.agreement_id))
        .where(*party_of),
        _branch(e, e.c.occurred_on, e.c.kind, "events/", e.c.title).where(
            *concerns(e.c.organization_id)
        ),
        _branch(e, e.c.until_on, e.c.kind + _text("_until"), "events/", e.c.title).where(
            *concerns(e.c.organization_id)
        ),
        _branch(
            t.financial_figures,
            t.financial_figures.c.period,
            _text("results_period"),
            "figures/",
            None,
            period=True,
        ).where(*concerns(t.financial_figures.c.organization_id)),
    ]
    if ids is None:
        s = t.sources
        branches.append(
            _branch(s, s.c.published_on, _text("source_published"), "sources/", s.c.title).where(
                s.c.kind != "editorial"
            )
        )
    collation = code_point_collation(connection)
    if limit is not None and ids is None:
        # The first `limit` events are among the first `limit` of each kind, and each kind's
        # are read by walking its date-order index (tables/base.py) instead of sorting every
        # dated row. Filtered by organization, each kind has few rows: they are sorted.
        branches = [
            select(
                branch.order_by(*_timeline_order(branch.selected_columns, collation))
                .limit(limit)
                .subquery()
            )
            for branch in branches
        ]
    events = union_all(*branches).subquery("events")
    statement = select(
        events.c.date,
        events.c.event,
        events.c.record,
        events.c.source_table,
        events.c.row_id,
        events.c.what,
    ).order_by(*_timeline_order(events.c, collation))
    if limit is not None:
        statement = statement.limit(limit)
    return list(connection.execute(statement))


def _timeline_order(columns: Any, collation: str) -> list[ColumnElement[Any]]:
    """Timeline order: the date's order key (the same under any collation, so that its index
    serves), then record, event and ties in code-point order."""
    ties = (columns.record, columns.event, columns.tie_1, columns.tie_2)
    return [columns.sort_key, *(column.collate(collation) for column in ties)]


def position_details(connection: Connection, ids: Collection[int]) -> dict[int, ResultRow]:
    """Person's name, title and organization's name of each position."""
    statement = (
        select(
            t.positions.c.id,
            t.people.c.name.label("person_name"),
            t.positions.c.title,
            t.organizations.c.name.label("organization_name"),
        )
        .join(t.people, t.people.c.id == t.positions.c.person_id)
        .join(t.organizations, t.organizations.c.id == t.positions.c.organization_id)
    )
    return _one_each(rows_by_key(connection, statement, t.positions.c.id, ids))


def figure_details(connection: Connection, ids: Collection[int]) -> dict[int, ResultRow]:
    """Measure, value and segment of each figure."""
    statement = select(
        *t.financial_figures.c["id", "measure", "disclosure", "amount", "currency"],
        *t.financial_figures.c["percentage", "qualifier", "amount_high", "percentage_high"],
        t.financial_figures.c.segment,
    )
    return _one_each(rows_by_key(connection, statement, t.financial_figures.c.id, ids))


def _one_each(rows: dict[int, list[ResultRow]]) -> dict[int, ResultRow]:
    """The row of each primary key."""
    return {key: row for key, (row,) in rows.items()}
