"""Products and assets (a kind of record): their names, owners and areas, the agreements that
concern them with a role and a stage at signing, and the commands that show them. On SQLite
and PostgreSQL alike; names are invented."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.services.exporter import export_json
from tests.conftest import REPO_ROOT, Result, write_json

Cli = Callable[..., Result]
CITE = [{"source": "fixture-bulletin-2021", "paragraph": 2}]


@pytest.fixture
def document(fictional_document: dict[str, Any]) -> dict[str, Any]:
    """The fictional deal, concerning an invented vaccine in phase 2 and a platform."""
    document = copy.deepcopy(fictional_document)
    document["format_version"] = 2
    document["products"] = [
        {
            "slug": "velmorin",
            "name": "Velmorin",
            "kind": "vaccine",
            "description": "An invented heart-failure vaccine.",
            "names": [
                {"name": "QX-101", "language": "en", "script": "Latn", "type": "code"},
                {"name": "velmorinab", "language": "en", "script": "Latn", "type": "inn"},
                {"name": "Кардиовель", "language": "ru", "script": "Cyrl", "type": "brand"},
            ],
            "owners": [{"organization": "quillmere-pharma", "citations": CITE}],
            "areas": [{"area": "heart-failure"}],
            "citations": CITE,
        },
        {
            "slug": "zaryanka-cell-platform",
            "name": "Zaryanka cell platform",
            "kind": "platform",
            "owners": [{"organization": "zaryanka-institute-of-cardiology"}],
        },
    ]
    document["agreements"][0]["products"] = [
        {
            "product": "velmorin",
            "role": "localized",
            "stage_at_signing": "phase_2",
            "citations": CITE,
        }
    ]
    return document


def _import(cli: Cli, db: str, document: Any, tmp_path: Path, name: str = "in.json") -> Result:
    return cli("--db", db, "import", str(write_json(tmp_path / name, document)))


@pytest.fixture
def products_db(cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path) -> str:
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    return empty_db_url


def test_products_export_and_import_again_byte_identical(
    cli: Cli, products_db: str, tmp_path: Path, engine_for: Any
) -> None:
    exported = export_json(engine_for(products_db))
    stored = json.loads(exported)
    [velmorin, _] = stored["products"]
    assert {(n["name"], n["type"]) for n in velmorin["names"]} == {
        ("QX-101", "code"),
        ("velmorinab", "inn"),
        ("Кардиовель", "brand"),
    }
    assert velmorin["owners"] == [{"organization": "quillmere-pharma", "citations": CITE}]
    assert velmorin["areas"] == [{"area": "heart-failure", "citations": []}]
    [link] = stored["agreements"][0]["products"]
    assert link == {
        "product": "velmorin",
        "role": "localized",
        "stage_at_signing": "phase_2",
        "citations": CITE,
    }
    again = tmp_path / "again.json"
    again.write_text(exported, encoding="utf-8")
    assert cli("--db", products_db, "import", str(again)).exit_code == 0
    assert export_json(engine_for(products_db)) == exported


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["agreements"][0]["products"][0].update(role="sold"),
            "agreements[0].products[0].role",
            "licensed",
        ),
        (
            lambda d: d["agreements"][0]["products"][0].update(stage_at_signing="phase_4"),
            "agreements[0].products[0].stage_at_signing",
            "phase_3",
        ),
        (
            lambda d: d["agreements"][0]["products"][0].update(product="velmorine"),
            "agreements[0].products[0].product",
            "unknown products slug 'velmorine'",
        ),
    ],
    ids=["role", "stage", "slug"],
)
def test_a_bad_product_link_is_one_error_with_its_path_and_writes_nothing(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    engine_for: Any,
    change: Callable[[dict[str, Any]], None],
    path: str,
    message: str,
) -> None:
    change(document)
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if path in line]
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert json.loads(export_json(engine_for(empty_db_url)))["products"] == []


def test_products_lists_kind_owners_and_agreements_in_every_format(
    cli: Cli, products_db: str
) -> None:
    table = cli("--db", products_db, "products").stdout
    assert "Velmorin" in table and "Quillmere Pharma" in table
    rows = list(
        csv.DictReader(io.StringIO(cli("--db", products_db, "products", "-f", "csv").stdout))
    )
    assert rows == [
        {
            "slug": "velmorin",
            "name": "Velmorin",
            "kind": "vaccine",
            "owners": "Quillmere Pharma",
            "agreements": "1",
        },
        {
            "slug": "zaryanka-cell-platform",
            "name": "Zaryanka cell platform",
            "kind": "platform",
            "owners": "Zaryanka Institute of Cardiology",
            "agreements": "0",
        },
    ]
    listed = json.loads(cli("--db", products_db, "products", "-f", "json").stdout)
    assert listed[0]["owners"] == [{"organization": "quillmere-pharma", "name": "Quillmere Pharma"}]
    owned = json.loads(cli("--db", products_db, "products", "--org", "QP", "-f", "json").stdout)
    assert [p["slug"] for p in owned] == ["velmorin"]
    for kind, slugs in (("platform", ["zaryanka-cell-platform"]), ("biosimilar", [])):
        found = json.loads(
            cli("--db", products_db, "products", "--kind", kind, "-f", "json").stdout
        )
        assert [p["slug"] for p in found] == slugs, kind
    wrong = cli("--db", products_db, "products", "--kind", "potion")
    assert wrong.exit_code == 2


@pytest.mark.parametrize("name", ["velmorinab", "Кардиовель", "кардиовель", "QX-101", "velmorin"])
def test_product_resolves_by_inn_brand_code_and_cyrillic_name(
    cli: Cli, products_db: str, name: str
) -> None:
    result = cli("--db", products_db, "product", name, "-f", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["slug"] == "velmorin"
    assert shown["owners"] == [
        {"organization": "quillmere-pharma", "name": "Quillmere Pharma", "citations": CITE}
    ]
    assert shown["areas"] == [{"area": "heart-failure", "name": "Heart failure", "citations": []}]
    assert shown["agreements"] == [
        {
            "agreement": "quillmere-zaryanka-2021",
            "title": "Quillmere–Zaryanka cardiology research",
            "type": "research_collaboration",
            "date": "2021-03",
            "role": "localized",
            "stage_at_signing": "phase_2",
            "citations": CITE,
        }
    ]
    assert [s["slug"] for s in shown["source_documents"]] == ["fixture-bulletin-2021"]


def test_product_detail_in_table_and_csv(cli: Cli, products_db: str) -> None:
    table = cli("--db", products_db, "product", "Velmorin").stdout
    assert "stage_at_signing: phase_2" in table and "Кардиовель" in table
    shown = cli("--db", products_db, "product", "Velmorin", "-f", "csv")
    assert shown.exit_code == 0, shown.stderr
    assert "velmorin" in shown.stdout and "phase_2" in shown.stdout


def test_agreements_filter_by_product_and_the_agreement_shows_its_products(
    cli: Cli, products_db: str
) -> None:
    found = json.loads(
        cli("--db", products_db, "agreements", "--product", "QX-101", "-f", "json").stdout
    )
    assert [a["slug"] for a in found] == ["quillmere-zaryanka-2021"]
    none = cli("--db", products_db, "agreements", "--product", "zaryanka cell", "-f", "json")
    assert json.loads(none.stdout) == []
    unknown = cli("--db", products_db, "agreements", "--product", "Nonexistix")
    assert unknown.exit_code != 0 and "product" in unknown.stderr
    detail = json.loads(
        cli("--db", products_db, "agreement", "quillmere-zaryanka-2021", "-f", "json").stdout
    )
    assert detail["products"] == [
        {
            "role": "localized",
            "stage_at_signing": "phase_2",
            "product": "velmorin",
            "name": "Velmorin",
            "citations": CITE,
        }
    ]


def test_search_finds_a_product_by_an_alias(cli: Cli, products_db: str) -> None:
    rows = json.loads(cli("--db", products_db, "search", "velmorinab", "-f", "json").stdout)
    assert [(r["kind"], r["slug"]) for r in rows] == [("products", "velmorin")]


def test_a_near_duplicate_product_name_warns(cli: Cli, products_db: str, tmp_path: Path) -> None:
    near = {
        "format_version": 2,
        "products": [{"slug": "velmorine", "name": "Velmorine", "kind": "vaccine"}],
    }
    result = _import(cli, products_db, near, tmp_path, "near.json")
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: $.products[0].name: 'Velmorine' is close to existing product 'Velmorin' "
        "(velmorin)" in result.stderr
    )


def test_the_example_of_the_docs_imports(cli: Cli, products_db: str, tmp_path: Path) -> None:
    doc = (REPO_ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    section = doc.split("## Products\n")[1].split("\n## ")[0]
    example = json.loads(section.split("```json\n")[1].split("```")[0])
    result = _import(cli, products_db, {"format_version": 2, **example}, tmp_path, "doc.json")
    assert result.exit_code == 0, result.stderr
    assert "0 inserted" in result.stdout
