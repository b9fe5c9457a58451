"""The seed: the documents in data/seed/, loaded through the same importer users call."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.resources import seed_files
from collabdb.services.importer import ImportReport, import_bytes


def load_seed(engine: Engine) -> list[ImportReport]:
    return [
        import_bytes(engine, path.read_bytes(), name=f"seed:{path.name}") for path in seed_files()
    ]
