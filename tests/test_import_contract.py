"""The import contract: schema and docs from the models, the import log, near duplicates,
--max-errors, and the synthetic data generator."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import inspect, text

from collabdb.schemas.describe import BEGIN_MARKER, END_MARKER, field_tables_markdown
from collabdb.schemas.records import RECORD_MODELS, KnowledgeBaseIn
from collabdb.services.exporter import export_json
from tests.conftest import REPO_ROOT, Result, write_json
from tests.synthetic import synth, write_synthetic

Cli = Callable[..., Result]
DOC = (REPO_ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [KnowledgeBaseIn]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            for argument in (field.annotation, *getattr(field.annotation, "__args__", ())):
                if isinstance(argument, type) and issubclass(argument, BaseModel):
                    todo.append(argument)
    return seen


def test_schema_is_json_schema_with_a_description_for_every_field(cli: Cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    definitions = schema["$defs"]
    assert set(definitions) == {m.__name__ for m in _models()} - {"KnowledgeBaseIn"}
    for name, definition in [("KnowledgeBaseIn", schema), *definitions.items()]:
        assert definition.get("description"), name
        for field, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{field}"
    organization = definitions["OrganizationIn"]
    assert organization["x-required-on-create"] == ["name", "kind"]
    assert "A new record must give name, kind" in organization["description"]
    for kind, model in RECORD_MODELS.items():
        assert definitions[model.__name__]["x-required-on-create"] == list(
            model.required_on_create
        ), kind


def test_every_date_and_period_field_has_a_pattern_an_external_validator_can_use(
    cli: Cli,
) -> None:
    definitions = json.loads(cli("schema").stdout)["$defs"]
    patterns: dict[str, str] = {}
    for name, definition in definitions.items():
        for field, prop in definition["properties"].items():
            if field.endswith("_on") or field in ("as_of", "period", "comparison_period"):
                [string] = [p for p in prop.get("anyOf", [prop]) if p.get("type") == "string"]
                assert "pattern" in string, f"{name}.{field}"
                patterns[f"{name}.{field}"] = string["pattern"]
    assert len(patterns) >= 12
    date, period = patterns["PositionIn.as_of"], patterns["FigureIn.period"]
    for good in ("2011", "2012-03", "2012-03-31"):
        assert re.fullmatch(date, good) and re.fullmatch(period, good), good
    assert re.fullmatch(period, "2012-Q2") and not re.fullmatch(date, "2012-Q2")
    for bad in ("2011-2015", "2012-13", "2012-3", "12-03-2012", "2012-03-32"):
        assert not re.fullmatch(date, bad) and not re.fullmatch(period, bad), bad


def test_the_field_tables_in_the_docs_are_generated_from_the_models(cli: Cli) -> None:
    generated = DOC.split(BEGIN_MARKER)[1].split(END_MARKER)[0]
    assert generated.strip() == field_tables_markdown().strip(), (
        "stale: run python -m collabdb.schemas.describe docs/import-format.md"
    )
    assert cli("schema", "--markdown").stdout == field_tables_markdown()
    for model in _models():
        assert f"### {model.__name__}" in DOC
        for name, field in model.model_fields.items():
            shown = field.alias or name  # RedirectIn's "from"
            assert f"| `{shown}` |" in DOC, f"{model.__name__}.{shown}"


def _doc_block(language: str, holding: str = "") -> str:
    """The one ``language`` code block of the page that holds ``holding``."""
    blocks = re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)
    [block] = [b for b in blocks if holding in b]
    return str(block)


def test_the_example_new_deal_imports_into_the_seed(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "deal.json"
    path.write_text(_doc_block("json", "lindgrove"), encoding="utf-8")
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # the new organization is not a near duplicate
    shown = DOC.split("$ collabdb import deal.json\n")[1].split("```")[0]
    assert result.stdout == shown
    listed = cli(
        "--db",
        str(seeded_db),
        "agreements",
        "-p",
        "Lindgrove Institute of Cell Biology",
        "-p",
        "AZ",
        "-f",
        "json",
    )
    [agreement] = json.loads(listed.stdout)
    assert agreement["slug"] == "astrazeneca-skolkovo-lindgrove-biomarkers-2024"
    assert len(agreement["parties"]) == 3


def test_the_example_json_lines_import(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "example.jsonl"
    path.write_text(_doc_block("jsonl"), encoding="utf-8")
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("2 records inserted, 0 updated, 0 unchanged\n")


def test_imports_lists_the_log_and_export_leaves_it_out(
    cli: Cli, empty_db: Path, fictional_document: Any, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "in.json", fictional_document)
    assert cli("--db", str(empty_db), "import", str(path)).exit_code == 0
    exported = cli("--db", str(empty_db), "export").stdout
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": 1, "people": [{"slug": "x"}]}', encoding="utf-8")
    assert cli("--db", str(empty_db), "import", str(broken)).exit_code == 2
    assert cli("--db", str(empty_db), "import", "--dry-run", str(path)).exit_code == 0
    assert cli("--db", str(empty_db), "import", str(path)).exit_code == 0
    assert cli("--db", str(empty_db), "export").stdout == exported  # the log is not exported

    entries = cli("--db", str(empty_db), "imports", "-f", "json").json()
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    assert [(e["file_name"], e["sha256"], e["inserted"], e["unchanged"]) for e in entries] == [
        (str(path), sha256, 8, 0),
        (str(path), sha256, 0, 8),
    ]
    assert entries[0]["counts"]["organizations"] == {"inserted": 3, "updated": 0, "unchanged": 0}
    csv = cli("--db", str(empty_db), "imports", "-f", "csv").stdout.splitlines()
    assert csv[0] == "id,imported_at,file_name,sha256,inserted,updated,unchanged"
    assert csv[1].startswith("1,") and csv[1].endswith(f",{path},{sha256},8,0,0")
    table = cli("--db", str(empty_db), "imports").stdout
    assert table.startswith("1\n  imported_at  ") and f"  sha256       {sha256}\n" in table


def test_max_errors_stops_collecting_and_says_so(cli: Cli, empty_db: Path, tmp_path: Path) -> None:
    people = [{"slug": f"p-{i}", "name": ""} for i in range(50)]
    path = write_json(tmp_path / "bad.json", {"format_version": 1, "people": people})
    result = cli("--db", str(empty_db), "import", "--max-errors", "3", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "$.people[0].name: must not be empty or blank",
        "$.people[1].name: must not be empty or blank",
        "$.people[2].name: must not be empty or blank",
        f"error: {path}: stopped after 3 problems (--max-errors 3); nothing was imported",
    ]
    everything = cli("--db", str(empty_db), "import", "--max-errors", "0", str(path))
    assert everything.stderr.splitlines()[-1] == f"error: {path}: 50 problems; nothing was imported"


NEAR = {
    "format_version": 1,
    "organizations": [
        {"slug": "umbral-works", "name": "Umbral Works", "kind": "company"},
        {"slug": "astra-zeneka", "name": "Astra Zeneka", "kind": "company"},
        {"slug": "skolkovo-fund", "name": "Фонд Сколково", "kind": "foundation"},
    ],
    "people": [{"slug": "kiril-kaem", "name": "Kiril Kaem"}],
}


def test_near_duplicates_are_warned_about_and_still_imported(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    """On both backends (PostgreSQL looks the neighbours up with its own statement)."""
    path = write_json(tmp_path / "near.json", NEAR)
    result = cli("--db", db_url, "import", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: $.organizations[1].name: 'Astra Zeneka' is close to existing organization 'AstraZeneca' (astrazeneca)",
        "warning: $.organizations[2].name: 'Фонд Сколково' is close to existing organization 'Skolkovo Foundation' (skolkovo-foundation)",
        "warning: $.people[0].name: 'Kiril Kaem' is close to existing person 'Kirill Kaem' (kirill-kaem)",
    ]
    assert result.stdout.endswith("4 records inserted, 0 updated, 0 unchanged\n")
    again = cli("--db", db_url, "import", str(path))
    assert again.stderr == ""  # only new records are checked


def test_strict_turns_near_duplicates_into_errors(
    cli: Cli, db_url: str, tmp_path: Path, engine_for: Any
) -> None:
    before = export_json(engine_for(db_url))
    lines = [json.dumps({"kind": "organizations", "record": o}) for o in NEAR["organizations"]]
    path = tmp_path / "near.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("--db", db_url, "import", "--strict", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "line 2: $.record.name: 'Astra Zeneka' is close to existing organization 'AstraZeneca' (astrazeneca) (--strict)",
        "line 3: $.record.name: 'Фонд Сколково' is close to existing organization 'Skolkovo Foundation' (skolkovo-foundation) (--strict)",
        f"error: {path}: 2 problems; nothing was imported",
    ]
    assert export_json(engine_for(db_url)) == before


def test_a_near_duplicate_within_one_file_is_found(
    cli: Cli, empty_db_url: str, tmp_path: Path
) -> None:
    document = {
        "format_version": 1,
        "people": [
            {"slug": "ana-sorel", "name": "Ana Sorel"},
            {"slug": "anna-sorel", "name": "Anna Sorel"},
        ],
    }
    result = cli("--db", empty_db_url, "import", str(write_json(tmp_path / "p.json", document)))
    assert result.stderr == (
        "warning: $.people[1].name: 'Anna Sorel' is close to existing person 'Ana Sorel' (ana-sorel)\n"
    )


# -- the synthetic data generator ----------------------------------------------------------------
def _generate(deals: int, seed: int, output_format: str = "jsonl") -> str:
    out = io.StringIO()
    writer = synth().write_jsonl if output_format == "jsonl" else synth().write_json
    writer(out, deals=deals, seed=seed)
    return out.getvalue()


def test_synth_is_deterministic_and_seeds_never_share_a_slug() -> None:
    assert _generate(30, 1) == _generate(30, 1)
    assert _generate(30, 1, "json") == _generate(30, 1, "json")
    slugs: dict[int, set[str]] = {}
    names: dict[int, set[str]] = {}
    for seed in (1, 2, 3):
        records = [json.loads(line) for line in _generate(30, seed).splitlines()[1:]]
        slugs[seed] = {r["record"]["slug"] for r in records}
        names[seed] = {
            r["record"]["name"] for r in records if r["kind"] in ("organizations", "people")
        }
    assert not slugs[1] & slugs[2] and not slugs[1] & slugs[3] and not slugs[2] & slugs[3]
    assert not names[1] & names[2] and not names[2] & names[3]


def _row_count(engine: Any) -> int:
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return sum(
            connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
        )


def test_synthetic_deals_are_realistic_and_never_real(
    cli: Cli, seeded_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    engine = engine_for(seeded_db)
    rows_before = _row_count(engine)
    path = write_synthetic(tmp_path / "d.jsonl", deals=60, seed=9)
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no near duplicates, of each other or of the seed
    assert _row_count(engine) - rows_before - 1 >= 5 * 60  # (one row is the import log's)
    exported = json.loads(export_json(engine))
    new = [a for a in exported["agreements"] if "-s9-" in a["slug"]]
    assert len(new) == 60
    assert {len(a["parties"]) for a in new} == {2, 3, 4}
    assert all(a["people"] and a["areas"] and a["citations"] for a in new)
    organizations = [o for o in exported["organizations"] if o["slug"].endswith("-s9")]
    assert sum(bool(o["names"]) and o["names"][0]["script"] == "Cyrl" for o in organizations) == 60
    assert any(o["parent"] for o in organizations)
    assert [f for f in exported["facilities"] if "-s9-" in f["slug"]]
    assert [f for f in exported["figures"] if "-s9-" in f["slug"]]
    people = [p for p in exported["people"] if p["slug"].endswith("-s9")]
    assert all(p["positions"] and p["names"][0]["script"] == "Cyrl" for p in people)
    seed_names = {o["name"] for o in exported["organizations"] if not o["slug"].endswith("-s9")}
    assert not seed_names & {o["name"] for o in organizations}
    for source in (s for s in exported["sources"] if "-s9-" in s["slug"]):
        assert source["text"].count("\n\n") >= 3


def test_the_example_source_without_stored_text_imports(
    cli: Cli, empty_db: Path, tmp_path: Path
) -> None:
    source = json.loads(_doc_block("json", "example-news-2022-05-06-quillmere"))
    path = tmp_path / "source.json"
    path.write_text(json.dumps({"format_version": 2, "sources": [source]}), encoding="utf-8")
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(cli("--db", str(empty_db), "source", source["slug"], "-f", "json").stdout)
    assert [p["paragraph"] for p in shown["paragraphs"]] == [1, 2, 3, 4]


def test_the_worked_real_deal_imports_and_reads_as_the_docs_say(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "msd.json"
    path.write_text(_doc_block("json", "marathongroup"), encoding="utf-8")
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    shown = cli("--db", str(seeded_db), "agreement", "msd-fort-vaccines-2019", "-f", "json")
    detail = json.loads(shown.stdout)
    assert detail["status"] == "signed"
    assert [(c["status"], c["changed_on"]) for c in detail["status_history"]] == [
        ("signed", "2019-07-09")
    ]
    assert [(p["product"], p["role"], p["stage_at_signing"]) for p in detail["products"]] == [
        ("rotateq", "localized", "approved")
    ]
    figures = cli("--db", str(seeded_db), "figures", "--org", "FORT", "-f", "csv").stdout
    assert "at least 7000000000 RUB" in figures
    source = json.loads(
        cli(
            "--db", str(seeded_db), "source", "pharmcontrol-2019-07-09-msd-fort-vaccines",
            "-f", "json",
        ).stdout
    )  # fmt: skip
    assert [p["paragraph"] for p in source["paragraphs"]] == [1, 2, 3, 4, 5]
    assert cli("--db", str(seeded_db), "product", "РотаТек").exit_code == 0
