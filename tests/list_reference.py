"""The list commands as they were built before issue 8 (every record loaded, filtered in
Python), kept as the reference the SQL read path must equal row for row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import fields as dataclass_fields
from types import SimpleNamespace

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import Engine

from collabdb import models as m
from collabdb.kinds import SPEC_BY_KIND, SPECS, Record
from collabdb.repositories.names import NameRepository
from collabdb.repositories.records import RecordRepository
from collabdb.schemas.lists import (
    AreaRow,
    FacilityRow,
    FigureRow,
    OrganizationRow,
    PersonRow,
    PositionRead,
    ProgrammeRow,
    SourceRow,
    TimelineEntry,
    precision_of,
)
from collabdb.schemas.reads import CitationRead, figure_value
from collabdb.services.resolver import resolve
from collabdb.text import count_paragraphs
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import PartialDate, date_precision


def load_records(
    engine: Engine, kinds: Sequence[str], *, organization: str | None = None
) -> tuple[set[str] | None, dict[str, dict[str, Record]]]:
    """In one unit of work: the slugs of ``organization`` and its units (None when not asked),
    and every record of each kind, keyed by slug."""
    with UnitOfWork(engine) as uow:
        under = (
            resolve_subtree_slugs(uow.connection, "organizations", organization)
            if organization
            else None
        )
        repository = RecordRepository(uow.connection)
        return under, {kind: repository.load(kind) for kind in kinds}


def citations(record: Record) -> list[CitationRead]:
    return [CitationRead(**c) for c in record.get("citations", [])]


def resolve_subtree_slugs(connection: Connection, kind: str, text: str) -> set[str]:
    """Slugs of the resolved record and of everything below it in its tree (the old helper)."""
    record = resolve(connection, kind, text)
    if not SPEC_BY_KIND[kind].filters_include_subtree:
        return {record.slug}
    names = NameRepository(connection)
    return names.slugs_of(kind, names.with_descendants(kind, record.id))


def order_key(date: str) -> tuple[tuple[int, int, int], int]:
    """The old timeline's date order (by first day, then precision), as it was written."""
    parsed = PartialDate.parse(date, allow_quarter=True)
    month = parsed.month or (3 * (parsed.quarter - 1) + 1 if parsed.quarter else 1)
    rank = {"year": 0, "quarter": 1, "month": 2, "day": 3}[parsed.precision]
    return (parsed.year, month, parsed.day or 1), rank


def _name(records: dict[str, Record], slug: str | None) -> str | None:
    return None if slug is None else records[slug]["name"]


def list_organizations(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    parent: str | None = None,
) -> list[OrganizationRow]:
    under, records = load_records(engine, ["organizations", "agreements"], organization=parent)
    organizations, agreements = records["organizations"], records["agreements"]
    counts = Counter(p["organization"] for a in agreements.values() for p in a["parties"])
    rows = []
    for slug in sorted(organizations):
        record = organizations[slug]
        if kind and record["kind"] != kind:
            continue
        if country and record["country"] != country:
            continue
        if under is not None and (
            slug not in under or _name_matches_parent(slug, under, organizations)
        ):
            continue
        rows.append(
            OrganizationRow(
                slug=slug,
                name=record["name"],
                kind=record["kind"],
                country=record["country"],
                city=record["city"],
                parent=record["parent"],
                parent_name=_name(organizations, record["parent"]),
                agreements=counts[slug],
            )
        )
    return rows


def _name_matches_parent(slug: str, under: set[str], organizations: dict[str, Record]) -> bool:
    """True for the top of the subtree itself: `--parent X` lists what is under X, not X."""
    parent = organizations[slug]["parent"]
    return parent is None or parent not in under


def list_people(engine: Engine, *, organization: str | None = None) -> list[PersonRow]:
    under, records = load_records(engine, ["people", "organizations"], organization=organization)
    people, organizations = records["people"], records["organizations"]
    rows = []
    for slug in sorted(people):
        record = people[slug]
        positions = [
            PositionRead(
                organization=p["organization"],
                organization_name=organizations[p["organization"]]["name"],
                title=p["title"],
                status=p["status"],
                started_on=p["started_on"],
                ended_on=p["ended_on"],
                as_of=p["as_of"],
            )
            for p in record["positions"]
        ]
        if under is not None and not any(p.organization in under for p in positions):
            continue
        rows.append(
            PersonRow(
                slug=slug,
                name=record["name"],
                other_names=[n["name"] for n in record["names"]],
                positions=positions,
            )
        )
    return rows


#: A facility's qualified numbers, read as stored.
FACILITY_NUMBERS = [
    f"{name}{part}"
    for name in ("capacity", "area", "jobs")
    for part in ("", "_qualifier", "_high", "_unit")
    if (name, part) != ("jobs", "_unit")
]


def list_facilities(
    engine: Engine, *, organization: str | None = None, country: str | None = None
) -> list[FacilityRow]:
    under, records = load_records(
        engine, ["facilities", "organizations"], organization=organization
    )
    facilities, organizations = records["facilities"], records["organizations"]
    rows = []
    for slug in sorted(facilities):
        record = facilities[slug]
        if under is not None and record["owner"] not in under:
            continue
        if country and record["country"] != country:
            continue
        rows.append(
            FacilityRow(
                slug=slug,
                name=record["name"],
                kind=record["kind"],
                owner=record["owner"],
                owner_name=_name(organizations, record["owner"]),
                city=record["city"],
                region=record["region"],
                country=record["country"],
                opened_on=record["opened_on"],
                opened_precision=precision_of(record["opened_on"]),
                **{field: record[field] for field in FACILITY_NUMBERS},
                sources=citations(record),
            )
        )
    return rows


def list_figures(
    engine: Engine,
    *,
    organization: str | None = None,
    measure: str | None = None,
    currency: str | None = None,
) -> list[FigureRow]:
    under, records = load_records(
        engine, ["figures", "agreements", "facilities"], organization=organization
    )
    figures, agreements, facilities = (
        records["figures"],
        records["agreements"],
        records["facilities"],
    )
    rows = []
    for slug in sorted(figures):
        record = figures[slug]
        if measure and record["measure"] != measure:
            continue
        if currency and record["currency"] != currency:
            continue
        if under is not None and not _figure_concerns(record, under, agreements, facilities):
            continue
        names = [f.name for f in dataclass_fields(FigureRow) if f.name not in ("slug", "sources")]
        fields = {k: record[k] for k in names}
        rows.append(FigureRow(slug=slug, sources=citations(record), **fields))
    return rows


def _figure_concerns(
    figure: Record, under: set[str], agreements: dict[str, Record], facilities: dict[str, Record]
) -> bool:
    if figure["organization"] in under:
        return True
    agreement = agreements.get(figure["agreement"] or "")
    if agreement and any(p["organization"] in under for p in agreement["parties"]):
        return True
    facility = facilities.get(figure["facility"] or "")
    return bool(facility and facility["owner"] in under)


def list_areas(engine: Engine) -> list[AreaRow]:
    """The research-area tree, depth first; counts include sub-areas."""
    _, records = load_records(engine, ["research_areas", "agreements", "organizations", "projects"])
    areas, agreements = records["research_areas"], records["agreements"]
    organizations, projects = records["organizations"], records["projects"]
    children: dict[str | None, list[str]] = {}
    for slug in sorted(areas, key=lambda s: areas[s]["name"].casefold()):
        children.setdefault(areas[slug]["parent"], []).append(slug)

    def below(slug: str) -> set[str]:
        found = {slug}
        for child in children.get(slug, []):
            found |= below(child)
        return found

    def count(records: dict[str, Record], field: str, subtree: set[str]) -> int:
        return sum(1 for r in records.values() if any(a["area"] in subtree for a in r[field]))

    rows: list[AreaRow] = []

    def visit(slug: str, depth: int) -> None:
        subtree = below(slug)
        rows.append(
            AreaRow(
                slug=slug,
                name=areas[slug]["name"],
                parent=areas[slug]["parent"],
                depth=depth,
                agreements=count(agreements, "areas", subtree),
                organizations=count(organizations, "interests", subtree),
                projects=count(projects, "areas", subtree),
            )
        )
        for child in children.get(slug, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return rows


def list_programmes(engine: Engine) -> list[ProgrammeRow]:
    _, records = load_records(engine, ["programmes", "organizations", "research_areas"])
    programmes, organizations = records["programmes"], records["organizations"]
    areas = records["research_areas"]
    return [
        ProgrammeRow(
            slug=slug,
            name=record["name"],
            kind=record["kind"],
            country=record["country"],
            owner=record["owner"],
            owner_name=_name(organizations, record["owner"]),
            areas=[areas[a["area"]]["name"] for a in record["areas"]],
            summary=record["summary"],
            sources=citations(record),
        )
        for slug, record in sorted(programmes.items())
    ]


def count_facts(connection: Connection) -> dict[str, int]:
    """Number of fact-to-source links per source slug."""
    rows = connection.execute(
        select(m.Source.slug, func.count(m.Citation.id))
        .join(m.Citation, m.Citation.source_id == m.Source.id)
        .group_by(m.Source.slug)
    )
    return {slug: int(count) for slug, count in rows}


def list_sources(engine: Engine) -> list[SourceRow]:
    with UnitOfWork(engine) as uow:
        sources = RecordRepository(uow.connection).load("sources")
        facts = count_facts(uow.connection)
    return [
        SourceRow(
            slug=slug,
            kind=record["kind"],
            title=record["title"],
            publisher=record["publisher"],
            published_on=record["published_on"],
            url=record["url"],
            sha256=record["sha256"],
            paragraphs=_paragraphs(record),
            facts=facts.get(slug, 0),
        )
        for slug, record in sorted(sources.items())
    ]


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
        history = {(c["status"], c["changed_on"]) for c in agreement["status_history"]}
        for field, label in (
            ("announced_on", "agreement_announced"),
            ("signed_on", "agreement_signed"),
        ):
            # a status change of that day stands for it (with its own note and citations)
            said = (label.removeprefix("agreement_"), agreement[field]) in history
            if agreement[field] and not said:
                entries.append(
                    _entry(
                        agreement[field], label, agreement["title"], f"agreements/{slug}", agreement
                    )
                )
        for change in agreement["status_history"]:
            if change["changed_on"]:
                entries.append(
                    _entry(
                        change["changed_on"],
                        f"status_{change['status']}",
                        agreement["title"],
                        f"agreements/{slug}",
                        change,
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
    entries.sort(key=lambda e: (order_key(e.date), e.record, e.event))
    return entries


def _figure_value(figure: Record) -> str:
    return figure_value(SimpleNamespace(**figure))


def _paragraphs(source: Record) -> int | None:
    """The paragraphs citations may name: the stated count (a stored text's trailing blocks
    left out), else the stored text's."""
    if source["paragraph_count"] is not None:
        return int(source["paragraph_count"])
    return None if source["text"] is None else count_paragraphs(source["text"])
