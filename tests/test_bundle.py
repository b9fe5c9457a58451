"""Several import documents as one (services/bundle.py): what importing them one after another
stores, in one import. The curated deals are loaded so; the fixtures here are invented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from collabdb.migrations import upgrade_to_head
from collabdb.resources import deal_files
from collabdb.services.bundle import merge_documents
from collabdb.services.exporter import export_json
from collabdb.services.importer import import_bytes
from collabdb.services.seed import load_deals, load_seed

CITE_1 = {"source": "fixture-wire", "paragraph": 1}
CITE_2 = {"source": "fixture-wire", "paragraph": 2}


def _organization(**fields: Any) -> dict[str, Any]:
    return {"slug": "quillmere-pharma", "name": "Quillmere Pharma", "kind": "company", **fields}


def test_a_record_given_twice_is_patched_as_a_later_import_would() -> None:
    first = {
        "format_version": 2,
        "organizations": [
            _organization(
                country="DE",
                citations=[CITE_1],
                names=[{"name": "Квиллмир", "language": "ru", "citations": [CITE_1]}],
            )
        ],
    }
    second = {
        "format_version": 2,
        "organizations": [
            _organization(
                description="Maker of invented medicines.",
                citations=[CITE_1, CITE_2],
                names=[
                    {"name": "Квиллмир", "language": "ru", "citations": [CITE_2]},
                    {"name": "QP", "language": "en", "type": "acronym", "citations": [CITE_2]},
                ],
            )
        ],
    }
    merged = merge_documents([first, second])
    assert merged["format_version"] == 2
    [organization] = merged["organizations"]
    assert organization["country"] == "DE"  # kept: the later copy leaves it out
    assert organization["description"] == "Maker of invented medicines."
    assert organization["citations"] == [CITE_1, CITE_2]
    assert [(n["name"], n["citations"]) for n in organization["names"]] == [
        ("Квиллмир", [CITE_1, CITE_2]),
        ("QP", [CITE_2]),
    ]
    assert first["organizations"][0]["citations"] == [CITE_1]  # the inputs are not changed


def test_the_deals_as_one_document_store_what_the_files_one_by_one_store(
    tmp_path: Path, engine_for: Any
) -> None:
    together, one_by_one = (engine_for(tmp_path / f"{name}.db") for name in ("one", "each"))
    for engine in (together, one_by_one):
        upgrade_to_head(engine)
        load_seed(engine)
    [report] = load_deals(together)
    assert report.name == f"deals:data/deals ({len(deal_files())} files)"
    for path in deal_files():
        import_bytes(one_by_one, path.read_bytes(), name=path.name)
    assert export_json(together) == export_json(one_by_one)
    # ...and once more changes nothing
    [again] = load_deals(together)
    assert (again.total("inserted"), again.total("updated")) == (0, 0)
    assert json.loads(export_json(together))["agreements"]
