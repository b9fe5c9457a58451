"""The bundled data, loaded through the same importer users call: the seed (data/seed/, the
facts of the two source articles) and the curated real deals (data/deals/), each file a
document of its own, in name order."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.resources import deal_files, seed_files
from collabdb.services.importer import ImportReport, import_bytes


def load_seed(engine: Engine) -> list[ImportReport]:
    """The seed alone: the facts of the two source articles."""
    return [
        import_bytes(engine, path.read_bytes(), name=f"seed:{path.name}") for path in seed_files()
    ]


def load_deals(engine: Engine) -> list[ImportReport]:
    """The curated real deals; they refer to the seed's records, so it goes in first."""
    return [
        import_bytes(engine, path.read_bytes(), name=f"deals:{path.name}") for path in deal_files()
    ]


def load_bundled_data(engine: Engine) -> list[ImportReport]:
    """What the default database holds: the seed, then the real deals."""
    return load_seed(engine) + load_deals(engine)
