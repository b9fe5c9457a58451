"""Export: the whole knowledge base in the import format, as one JSON document or JSON Lines.

Canonical means deterministic bytes: keys sorted, records ordered by slug in code-point order
(never the database's collation), no surrogate ids, no timestamps, UTF-8 unescaped.
Export -> import into an empty database -> export gives the same bytes, in either format.
The import log and the history are bookkeeping, not knowledge, and are left out; the
redirects of merged records' old slugs are part of the state and come last.

JSON Lines are written page by page (keyset pagination on the slug), so memory stays flat in
the size of the database: a header line ``{"format_version": 2}``, then one
``{"kind": ..., "record": ...}`` line per record, kinds in dependency order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from collabdb.kinds import KINDS, Record
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.redirects import RedirectRepository
from collabdb.schemas.records import FORMAT_VERSION, REDIRECTS
from collabdb.unit_of_work import UnitOfWork

PAGE = 1000


def export_document(engine: Engine) -> dict[str, Any]:
    with UnitOfWork(engine) as uow:
        document: dict[str, Any] = {"format_version": FORMAT_VERSION}
        for kind in KINDS:
            document[kind] = list(iter_records(uow.connection, kind))
        document[REDIRECTS] = redirects(uow.connection)
    return document


def redirects(connection: Connection) -> list[Record]:
    """Every redirect, by kind and old slug (code-point order)."""
    stored = RedirectRepository(connection).all()
    return [
        {"kind": kind, "from": old, "into": stored[kind][old]}
        for kind in sorted(stored)
        for old in sorted(stored[kind])
    ]


def iter_records(connection: Connection, kind: str) -> Iterator[Record]:
    """Every record of ``kind`` in slug order, loaded a page at a time."""
    repository = RecordRepository(connection)
    last: str | None = None
    while True:
        slugs = repository.slugs_after(kind, last, limit=PAGE)
        if not slugs:
            return
        records = repository.load(kind, slugs)
        for each in slugs:
            yield records[each]
        last = slugs[-1]


def render_document(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def jsonl_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def export_json(engine: Engine) -> str:
    return render_document(export_document(engine))


def write_export(engine: Engine, stream: IO[bytes], *, export_format: str = "json") -> None:
    if export_format == "json":
        stream.write(export_json(engine).encode("utf-8"))
        return
    with UnitOfWork(engine) as uow:
        stream.write(jsonl_line({"format_version": FORMAT_VERSION}).encode("utf-8"))
        for kind in KINDS:
            for record in iter_records(uow.connection, kind):
                stream.write(jsonl_line({"kind": kind, "record": record}).encode("utf-8"))
        for redirect in redirects(uow.connection):
            stream.write(jsonl_line({"kind": REDIRECTS, "record": redirect}).encode("utf-8"))
