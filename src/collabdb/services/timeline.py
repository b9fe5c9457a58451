"""Every dated event in order, each at its own precision: agreements announced and signed,
facilities opened, positions started and ended, company events, results periods."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories.records import Record
from collabdb.repositories.specs import SPECS
from collabdb.schemas.rows import TimelineEntry
from collabdb.services.catalog import citations, load_records
from collabdb.values import PartialDate, date_precision


def date_sort_key(date: str) -> tuple[tuple[int, int, int], int]:
    """Dates sort by their first day, then by precision (a year before its first month)."""
    parsed = PartialDate.parse(date, allow_quarter=True)
    month = parsed.month or (3 * (parsed.quarter - 1) + 1 if parsed.quarter else 1)
    rank = {"year": 0, "quarter": 1, "month": 2, "day": 3}[parsed.precision]
    return (parsed.year, month, parsed.day or 1), rank


def _entry(date: str, event: str, what: str, record: str, source: Record) -> TimelineEntry:
    return TimelineEntry(
        date=date,
        precision=date_precision(date),
        event=event,
        what=what,
        record=record,
        sources=citations(source),
    )


def timeline(engine: Engine, *, organization: str | None = None) -> list[TimelineEntry]:
    under, records = load_records(engine, [spec.name for spec in SPECS], organization=organization)
    entries: list[TimelineEntry] = []

    def concerns(*slugs: str | None) -> bool:
        return under is None or any(s in under for s in slugs if s)

    for slug, agreement in records["agreements"].items():
        parties = [p["organization"] for p in agreement["parties"]]
        if not concerns(*parties):
            continue
        for field, label in (
            ("announced_on", "agreement_announced"),
            ("signed_on", "agreement_signed"),
        ):
            if agreement[field]:
                entries.append(
                    _entry(
                        agreement[field], label, agreement["title"], f"agreements/{slug}", agreement
                    )
                )
    for slug, facility in records["facilities"].items():
        if facility["opened_on"] and concerns(facility["owner"]):
            entries.append(
                _entry(
                    facility["opened_on"],
                    "facility_opened",
                    facility["name"],
                    f"facilities/{slug}",
                    facility,
                )
            )
    for slug, person in records["people"].items():
        for position in person["positions"]:
            if not concerns(position["organization"]):
                continue
            where = records["organizations"][position["organization"]]["name"]
            what = f"{person['name']}: {position['title']}, {where}"
            for field, label in (
                ("started_on", "position_started"),
                ("ended_on", "position_ended"),
            ):
                if position[field]:
                    entries.append(_entry(position[field], label, what, f"people/{slug}", position))
    for slug, event in records["events"].items():  # company events
        if event["occurred_on"] and concerns(event["organization"]):
            entries.append(
                _entry(event["occurred_on"], event["kind"], event["title"], f"events/{slug}", event)
            )
        if event["until_on"] and concerns(event["organization"]):
            entries.append(
                _entry(
                    event["until_on"],
                    f"{event['kind']}_until",
                    event["title"],
                    f"events/{slug}",
                    event,
                )
            )
    for slug, figure in records["figures"].items():
        if figure["period"] and concerns(figure["organization"]):
            what = f"{figure['measure'].replace('_', ' ')}: {_figure_value(figure)}"
            if figure["segment"]:
                what += f" ({figure['segment']})"
            entries.append(
                _entry(figure["period"], "results_period", what, f"figures/{slug}", figure)
            )
    for slug, source in records["sources"].items():
        if source["published_on"] and source["kind"] != "editorial" and under is None:
            entries.append(
                _entry(
                    source["published_on"],
                    "source_published",
                    source["title"],
                    f"sources/{slug}",
                    {},
                )
            )
    entries.sort(key=lambda e: (date_sort_key(e.date), e.record, e.event))
    return entries


def _figure_value(figure: Record) -> str:
    if figure["disclosure"] == "not_disclosed":
        return "not disclosed"
    if figure["amount"] is not None:
        return f"{figure['amount']} {figure['currency']}"
    return f"{figure['percentage']}%"
