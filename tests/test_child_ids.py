"""An import that updates a record keeps its unchanged children and citations as they are (same
ids, no statement at all), updates a changed child in place (same id) and adds the new ones; the
research-area counts stay right. Through the real import service, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from collabdb import tables as t
from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.kinds import SPEC_BY_KIND, SPECS
from collabdb.services.exporter import export_json
from collabdb.services.importer import import_bytes
from tests.test_area_counts import expected, stored

TEXT = (
    "Quillmere Pharma and the Zaryanka Institute agreed to work together on heart failure.\n\n"
    "The work covers Russia and Kazakhstan.\n\n"
    "Lidiya Orlanova of Zaryanka spoke for the institute."
)
SOURCE = "fixture-release-2022"
CHILD_TABLES = tuple(child.table.name for spec in SPECS for child in spec.children)
WATCHED = (*CHILD_TABLES, "citations")


def _cite(*paragraphs: int) -> list[dict[str, Any]]:
    return [{"source": SOURCE, "paragraph": p} for p in paragraphs]


def _document() -> dict[str, Any]:
    return {
        "format_version": 1,
        "sources": [
            {
                "slug": SOURCE,
                "kind": "press_release",
                "title": "Quillmere and Zaryanka agree on heart failure research",
                "published_on": "2022-05-06",
                "text": TEXT,
                "sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
            }
        ],
        "research_areas": [
            {"slug": "cardiology", "name": "Cardiology"},
            {"slug": "heart-failure", "name": "Heart failure", "parent": "cardiology"},
            {"slug": "oncology", "name": "Oncology"},
        ],
        "organizations": [
            {
                "slug": "quillmere-pharma",
                "name": "Quillmere Pharma",
                "kind": "company",
                "country": "SE",
                "names": [
                    {"name": "QP", "language": "en", "script": "Latn", "type": "acronym"},
                    {
                        "name": "Квиллмир Фарма",
                        "language": "ru",
                        "script": "Cyrl",
                        "type": "russian",
                        "citations": _cite(1),
                    },
                ],
                "interests": [
                    {"area": "cardiology", "kind": "research_focus", "citations": _cite(1)},
                    {"area": "oncology", "kind": "priority", "note": "Said so in 2022."},
                ],
                "citations": _cite(1),
            },
            {
                "slug": "zaryanka-institute",
                "name": "Zaryanka Institute",
                "kind": "research_institute",
                "country": "RU",
            },
        ],
        "people": [
            {
                "slug": "lidiya-orlanova",
                "name": "Lidiya Orlanova",
                "names": [
                    {
                        "name": "Лидия Орланова",
                        "language": "ru",
                        "script": "Cyrl",
                        "type": "russian",
                    }
                ],
                "positions": [
                    {
                        "organization": "zaryanka-institute",
                        "title": "Director",
                        "status": "current",
                        "citations": _cite(3),
                    }
                ],
                "citations": _cite(3),
            }
        ],
        "agreements": [
            {
                "slug": "quillmere-zaryanka-2022",
                "type": "research_collaboration",
                "title": "Quillmere–Zaryanka heart failure research",
                "status": "signed",
                "signed_on": "2022-05",
                "financial_terms": "not_disclosed",
                "parties": [
                    {"organization": "quillmere-pharma", "role": "pharma_partner"},
                    {
                        "organization": "zaryanka-institute",
                        "role": "partner",
                        "citations": _cite(1),
                    },
                ],
                "people": [
                    {
                        "person": "lidiya-orlanova",
                        "role": "spokesperson",
                        "organization": "zaryanka-institute",
                        "citations": _cite(3),
                    }
                ],
                "areas": [{"area": "heart-failure", "citations": _cite(1)}],
                "territories": [{"country": "RU", "scope": "included", "citations": _cite(2)}],
                "citations": _cite(1),
            }
        ],
        "projects": [
            {
                "slug": "quillmere-zaryanka-trial",
                "name": "Heart failure trial",
                "status": "active",
                "agreement": "quillmere-zaryanka-2022",
                "areas": [{"area": "heart-failure"}],
            }
        ],
    }


def _only(kind: str, slug: str, **fields: Any) -> dict[str, Any]:
    """A document that patches one record."""
    return {"format_version": 1, kind: [{"slug": slug, **fields}]}


def _record(document: dict[str, Any], kind: str, slug: str) -> dict[str, Any]:
    records: list[dict[str, Any]] = [r for r in document[kind] if r["slug"] == slug]
    [record] = records
    return record


Rows = dict[str, dict[int, tuple[Any, ...]]]
Row = dict[str, Any]
# A write to a table. SQLite's and PostgreSQL's UPDATEs and DELETEs and SQLite's INSERTs pass
# the engine's events; PostgreSQL's inserts are a COPY on the driver's cursor, which do not: there
# an insert shows as a new id (a sequence never gives an id twice).
WRITE = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+"?(\w+)', re.IGNORECASE)


class Database:
    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(target_from_text(url))

    def import_(self, document: dict[str, Any]) -> dict[str, dict[str, int]]:
        """Import ``document``; the counts of its report by kind."""
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        report = import_bytes(self.engine, data, name="in.json")
        return {kind: vars(counts) for kind, counts in report.counts.items()}

    @contextmanager
    def writes(self) -> Iterator[list[tuple[str, str]]]:
        """(verb, table) of the writes to child tables and citations sent while inside."""
        found: list[tuple[str, str]] = []

        def capture(_c: Any, _cursor: Any, sql: str, *_: Any) -> None:
            match = WRITE.match(sql)
            if match and match.group(2) in WATCHED:
                found.append((match.group(1).split()[0].upper(), match.group(2)))

        event.listen(self.engine, "before_cursor_execute", capture)
        try:
            yield found
        finally:
            event.remove(self.engine, "before_cursor_execute", capture)

    def rows(self) -> Rows:
        """Every row of the child tables and of citations, by table and id."""
        found: Rows = {}
        with self.engine.connect() as connection:
            for name in WATCHED:
                table = t.metadata.tables[name]
                found[name] = {row.id: tuple(row) for row in connection.execute(select(table))}
        return found

    def id_of(self, kind: str, slug: str) -> int:
        table = SPEC_BY_KIND[kind].table
        with self.engine.connect() as connection:
            id_: int = connection.execute(
                select(table.c.id).where(table.c.slug == slug)
            ).scalar_one()
        return id_

    def counts_are_right(self) -> bool:
        """The research-area counts the triggers keep are the ones worked out from the links."""
        with self.engine.connect() as connection:
            return expected(connection) == stored(connection)

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = json.loads(export_json(self.engine))
        return exported


def _named(name: str, row: tuple[Any, ...]) -> Row:
    return dict(zip([c.name for c in t.metadata.tables[name].columns], row, strict=True))


def _where(rows: Rows, name: str, **values: Any) -> list[int]:
    """Ids of the rows of table ``name`` whose columns have ``values``."""
    return [
        id_
        for id_, row in rows[name].items()
        if all(_named(name, row)[c] == v for c, v in values.items())
    ]


def _changes(before: Rows, after: Rows) -> dict[str, tuple[set[int], set[int], set[int]]]:
    """Per table that changed: ids (added, removed, changed)."""
    found = {}
    for name in WATCHED:
        old, new = before[name], after[name]
        added, removed = new.keys() - old.keys(), old.keys() - new.keys()
        changed = {id_ for id_ in old.keys() & new.keys() if old[id_] != new[id_]}
        if added or removed or changed:
            found[name] = (added, removed, changed)
    return found


@pytest.fixture
def database(empty_db_url: str) -> Iterator[Database]:
    database = Database(empty_db_url)
    counts = database.import_(_document())
    assert counts["agreements"] == {"inserted": 1, "updated": 0, "unchanged": 0}
    yield database
    database.engine.dispose()


AGREEMENT = "quillmere-zaryanka-2022"


def test_an_update_keeps_the_ids_of_unchanged_children_and_citations(database: Database) -> None:
    before, exported = database.rows(), database.export()
    agreement = database.id_of("agreements", AGREEMENT)
    zaryanka = database.id_of("organizations", "zaryanka-institute")
    [party] = _where(before, "agreement_parties", organization_id=zaryanka)
    [area_link] = _where(before, "agreement_areas", agreement_id=agreement)
    patch = _only(
        "agreements",
        AGREEMENT,
        # one child changed (the role of a party), one new (a territory), the others as stored
        parties=[
            {"organization": "quillmere-pharma", "role": "pharma_partner"},
            {"organization": "zaryanka-institute", "role": "research_partner"},
        ],
        territories=[
            {"country": "RU", "scope": "included", "citations": _cite(2)},
            {"country": "KZ", "scope": "included"},
        ],
        # a new citation of the record, and one of an unchanged child
        citations=_cite(1, 2),
        areas=[{"area": "heart-failure", "citations": _cite(1, 2)}],
    )
    with database.writes() as writes:
        counts = database.import_(patch)
    assert counts["agreements"] == {"inserted": 0, "updated": 1, "unchanged": 0}
    after = database.rows()

    changes = _changes(before, after)
    [kazakhstan] = _where(after, "agreement_territories", country="KZ")
    new_citations = changes["citations"][0]
    assert changes == {
        "agreement_parties": (set(), set(), {party}),
        "agreement_territories": ({kazakhstan}, set(), set()),
        "citations": (new_citations, set(), set()),
    }
    assert _named("agreement_parties", after["agreement_parties"][party]) == {
        **_named("agreement_parties", before["agreement_parties"][party]),
        "role": "research_partner",
    }
    cited = [_named("citations", after["citations"][id_]) for id_ in new_citations]
    assert {(c["agreement_id"], c["agreement_area_id"], c["paragraph"]) for c in cited} == {
        (None, area_link, 2),
        (agreement, None, 2),
    }
    # the party updated in place (its role only), nothing deleted, the area links untouched
    assert sorted(writes) == sorted(
        [("UPDATE", "agreement_parties")]
        + [("INSERT", "agreement_territories"), ("INSERT", "citations"), ("INSERT", "citations")]
        * (database.engine.dialect.name == "sqlite")
    )
    assert database.counts_are_right()

    wanted = copy.deepcopy(exported)
    record = _record(wanted, "agreements", AGREEMENT)
    record["parties"][1]["role"] = "research_partner"
    record["territories"].insert(0, {"country": "KZ", "scope": "included", "citations": []})
    record["citations"] = _cite(1, 2)
    record["areas"][0]["citations"] = _cite(1, 2)
    assert database.export() == wanted


def test_reimporting_the_same_file_writes_no_child_or_citation(database: Database) -> None:
    before = database.rows()
    with database.writes() as writes:
        counts = database.import_(_document())
    assert {c["inserted"] + c["updated"] for c in counts.values()} == {0}
    assert writes == []
    assert database.rows() == before


def test_an_update_of_the_record_alone_writes_no_child_or_citation(database: Database) -> None:
    """The whole records again, their own fields changed: the records' rows are updated, their
    children (area links among them) and citations are not touched."""
    before, exported = database.rows(), database.export()
    document = _document()
    changed = {
        "organizations": ("quillmere-pharma", "description"),
        "people": ("lidiya-orlanova", "description"),
        "agreements": (AGREEMENT, "summary"),
        "projects": ("quillmere-zaryanka-trial", "summary"),
    }
    for kind, (slug, field) in changed.items():
        _record(document, kind, slug)[field] = "Changed."
    with database.writes() as writes:
        counts = database.import_(document)
    assert {kind: c["updated"] for kind, c in counts.items() if c["updated"]} == {
        kind: 1 for kind in changed
    }
    assert writes == []
    assert database.rows() == before
    assert database.counts_are_right()
    for kind, (slug, field) in changed.items():
        _record(exported, kind, slug)[field] = "Changed."
    assert database.export() == exported


def test_a_changed_area_link_is_updated_in_place_and_a_new_one_counted(database: Database) -> None:
    """An organization's interest (a link the area counts follow) with a new note keeps its id;
    a new interest is added; the counts stay right."""
    before = database.rows()
    quillmere = database.id_of("organizations", "quillmere-pharma")
    oncology = database.id_of("research_areas", "oncology")
    [interest] = _where(
        before, "organization_interests", organization_id=quillmere, research_area_id=oncology
    )
    patch = _only(
        "organizations",
        "quillmere-pharma",
        interests=[
            {"area": "oncology", "kind": "priority", "note": "Said so again in 2023."},
            {"area": "heart-failure", "kind": "activity", "citations": _cite(1)},
        ],
    )
    with database.writes() as writes:
        database.import_(patch)
    after = database.rows()
    changes = _changes(before, after)
    [new_interest] = changes["organization_interests"][0]
    assert changes == {
        "organization_interests": ({new_interest}, set(), {interest}),
        "citations": (changes["citations"][0], set(), set()),
    }
    assert _named("organization_interests", after["organization_interests"][interest])["note"] == (
        "Said so again in 2023."
    )
    [citation] = changes["citations"][0]
    assert _named("citations", after["citations"][citation])["organization_interest_id"] == (
        new_interest
    )
    sqlite = database.engine.dialect.name == "sqlite"
    assert sorted(writes) == sorted(
        [("UPDATE", "organization_interests")]
        + [("INSERT", "organization_interests"), ("INSERT", "citations")] * sqlite
    )
    assert database.counts_are_right()
