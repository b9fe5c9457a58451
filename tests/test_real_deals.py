"""The curated real deals of data/deals: every file imports on top of the seed, on SQLite and
PostgreSQL alike, and every source and citation is of the form the dataset promises (a source
whose text is not stored, with its url, publisher, reading date and paragraph count; citations
that name one of those paragraphs; every agreement cited)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.services.exporter import export_json
from collabdb.services.seed import load_seed
from tests.conftest import REPO_ROOT, Result
from tests.json_fields import citations_in

Cli = Callable[..., Result]

DEALS = REPO_ROOT / "data" / "deals"
DEAL_FILES = sorted(DEALS.glob("*.json"))
SEED_AGREEMENTS = 3
EDITORIAL = "collabdb-editorial"


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _sources() -> dict[str, dict[str, Any]]:
    return {
        source["slug"]: source for path in DEAL_FILES for source in _load(path).get("sources", [])
    }


def test_the_dataset_has_files() -> None:
    assert DEAL_FILES, "data/deals holds no JSON file"
    for path in DEAL_FILES:
        assert _load(path)["format_version"] == 2, path.name


def test_every_source_is_stored_without_its_text() -> None:
    sources = _sources()
    assert sources
    for slug, source in sources.items():
        assert source.get("text") is None, slug
        assert source.get("sha256") is None, slug
        for field in ("url", "publisher", "retrieved_on", "title", "language"):
            assert source.get(field), f"{slug}: no {field}"
        assert isinstance(source.get("paragraph_count"), int), slug
        assert source["paragraph_count"] >= 1, slug


def test_every_citation_names_a_paragraph_its_source_has() -> None:
    sources = _sources()
    for path in DEAL_FILES:
        for where, citation in citations_in(_load(path), path.name):
            source = citation["source"]
            paragraph = citation.get("paragraph")
            if source == EDITORIAL:
                assert paragraph is None, where
                continue
            assert source in sources, f"{where}: unknown source {source}"
            assert isinstance(paragraph, int), f"{where}: no paragraph"
            assert 1 <= paragraph <= sources[source]["paragraph_count"], where


def test_every_agreement_of_the_files_is_cited() -> None:
    for path in DEAL_FILES:
        for agreement in _load(path).get("agreements", []):
            assert agreement.get("citations"), f"{path.name}: {agreement['slug']}"
            for link in ("parties", "people", "products", "status_history"):
                for item in agreement.get(link, []):
                    assert item.get("citations"), f"{path.name}: {agreement['slug']} {link}"


def test_every_file_imports_on_top_of_the_seed(
    cli: Cli, empty_db_url: str, engine_for: Callable[[Any], Any]
) -> None:
    load_seed(engine_for(empty_db_url))
    for path in DEAL_FILES:
        result = cli("--db", empty_db_url, "import", "--strict", str(path))
        assert result.exit_code == 0, f"{path.name}: {result.stderr}"
        assert "warning" not in result.stderr, f"{path.name}: {result.stderr}"
    stored = json.loads(export_json(engine_for(empty_db_url)))
    agreements = stored["agreements"]
    assert len(agreements) - SEED_AGREEMENTS >= 28
    assert all(agreement.get("citations") for agreement in agreements)
    deal_slugs = {a["slug"] for path in DEAL_FILES for a in _load(path).get("agreements", [])}
    assert deal_slugs <= {agreement["slug"] for agreement in agreements}


@pytest.mark.parametrize("path", DEAL_FILES, ids=lambda path: path.name)
def test_a_second_import_changes_nothing(
    cli: Cli, empty_db_url: str, engine_for: Callable[[Any], Any], path: Path
) -> None:
    load_seed(engine_for(empty_db_url))
    assert cli("--db", empty_db_url, "import", str(path)).exit_code == 0
    again = cli("--db", empty_db_url, "import", str(path))
    assert again.exit_code == 0, again.stderr
    assert " 0 inserted, 0 updated" in again.stdout, again.stdout


CITED_KINDS = ("agreements", "organizations", "people", "figures", "facilities", "products")


def _paragraph_cited(document: dict[str, Any], kind: str) -> set[str]:
    return {
        record["slug"]
        for record in document.get(kind, [])
        if any(citation.get("paragraph") for citation in record.get("citations", []))
    }


def test_every_record_of_the_dataset_cites_a_source_paragraph() -> None:
    """Every agreement, party, person, figure, facility and product of data/deals cites at least
    one paragraph of a source, in its own file or (a record of the seed's) in the seed."""
    seed = [_load(path) for path in sorted((REPO_ROOT / "data" / "seed").glob("*.json"))]
    documents = seed + [_load(path) for path in DEAL_FILES]
    for kind in CITED_KINDS:
        cited = set().union(*(_paragraph_cited(document, kind) for document in documents))
        for path in DEAL_FILES:
            for record in _load(path).get(kind, []):
                assert record["slug"] in cited, f"{path.name}: {kind} {record['slug']} uncited"
    for path in DEAL_FILES:
        for agreement in _load(path).get("agreements", []):
            for party in agreement.get("parties", []):
                assert any(c.get("paragraph") for c in party.get("citations", [])), (
                    f"{path.name}: {agreement['slug']} party {party['organization']} uncited"
                )


def _party_names() -> dict[str, list[tuple[str, str]]]:
    """Each party organization of the dataset -> (how it is written, which name) to look it up
    by: its name, each Russian-script name and each acronym recorded for it."""
    found: dict[str, list[tuple[str, str]]] = {}
    parties = {
        party["organization"]
        for path in DEAL_FILES
        for agreement in _load(path).get("agreements", [])
        for party in agreement.get("parties", [])
    }
    documents = [_load(path) for path in sorted((REPO_ROOT / "data" / "seed").glob("*.json"))]
    for document in documents + [_load(path) for path in DEAL_FILES]:
        for organization in document.get("organizations", []):
            if organization["slug"] not in parties:
                continue
            names = found.setdefault(organization["slug"], [])
            names.append((organization["name"], "name"))
            for other in organization.get("names", []):
                if other.get("script") == "Cyrl" or other.get("type") == "acronym":
                    names.append((other["name"], other.get("type", "")))
    return {slug: sorted(set(names)) for slug, names in found.items()}


def test_partner_finds_every_party_by_name_russian_name_and_acronym(
    bundled_db: Path, engine_for: Any
) -> None:
    from collabdb.services.agreements import list_agreements

    engine = engine_for(bundled_db)
    every = {a.slug for a in list_agreements(engine).rows}
    names = _party_names()
    assert len(names) >= 50
    for slug, written in names.items():
        with_slug = {a.slug for a in list_agreements(engine, partners=[slug]).rows}
        assert with_slug and with_slug <= every, slug
        for name, which in written:
            found = {a.slug for a in list_agreements(engine, partners=[name]).rows}
            assert found == with_slug, f"{slug}: --partner {name!r} ({which})"
