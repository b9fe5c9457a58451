"""Export: the whole knowledge base as one canonical import document.

Canonical means deterministic bytes: keys sorted, records ordered by slug in Python
(code-point order, never the database's collation), no surrogate ids, no timestamps, UTF-8
unescaped. Export -> import into an empty database -> export gives the same bytes.
The import log is bookkeeping, not knowledge, and is left out.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.engine import Engine

from collabdb.repositories.records import RecordRepository
from collabdb.repositories.specs import KINDS
from collabdb.schemas.records import FORMAT_VERSION
from collabdb.unit_of_work import UnitOfWork


def export_document(engine: Engine) -> dict[str, Any]:
    with UnitOfWork(engine) as uow:
        repository = RecordRepository(uow.session)
        document: dict[str, Any] = {"format_version": FORMAT_VERSION}
        for kind in KINDS:
            records = repository.load(kind)
            document[kind] = [records[slug] for slug in sorted(records)]
    return document


def render_document(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def export_json(engine: Engine) -> str:
    return render_document(export_document(engine))
