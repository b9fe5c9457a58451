"""The bundled data, loaded through the same importer users call: the seed (data/seed/, the
facts of the two source articles) and the curated real deals (data/deals/, one document per
file, imported together)."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from collabdb.resources import deal_files, seed_files
from collabdb.services.bundle import merge_documents
from collabdb.services.importer import ImportOptions, ImportReport, import_bytes

#: The bundled data is curated: tests/test_real_deals.py imports it with --strict, so the
#: near-duplicate check, costly in the first command's new process, is not run again here.
BUNDLED = ImportOptions(near_duplicates=False)


def load_seed(engine: Engine) -> list[ImportReport]:
    """The seed alone: the facts of the two source articles."""
    return [
        import_bytes(engine, path.read_bytes(), name=f"seed:{path.name}", options=BUNDLED)
        for path in seed_files()
    ]


def load_deals(engine: Engine) -> list[ImportReport]:
    """The curated real deals, as one document (``bundle.merge_documents``: what importing the
    files one by one would store, in one transaction); they refer to the seed's records, so it
    goes in first."""
    files = deal_files()
    document = merge_documents(json.loads(path.read_bytes()) for path in files)
    name = f"deals:data/deals ({len(files)} files)"
    data = json.dumps(document, ensure_ascii=False).encode()
    return [import_bytes(engine, data, name=name, options=BUNDLED)]


def load_bundled_data(engine: Engine) -> list[ImportReport]:
    """What the default database holds: the seed, then the real deals."""
    return load_seed(engine) + load_deals(engine)
