"""The import format described from its pydantic models: JSON Schema and Markdown tables.

`collabdb schema` prints the JSON Schema; `collabdb schema --markdown` prints the field tables
that docs/import-format.md embeds (a test keeps the two identical).
"""

from __future__ import annotations

import json
from typing import Any

from collabdb.schemas.records import RECORD_MODELS, KnowledgeBaseIn

SCHEMA_ID = "https://collabdb.invalid/import-format/1"


def import_json_schema() -> str:
    schema = KnowledgeBaseIn.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{_name(prop['$ref'])}](#{_name(prop['$ref']).lower()})"
    if "anyOf" in prop:
        kinds = [_type_of(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + " or null"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return f"list of {_type_of(prop['items'])}"
    kind = str(prop.get("type", "any"))
    if "pattern" in prop:
        kind += f" matching `{prop['pattern']}`"
    return kind


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _table(title: str, schema: dict[str, Any], required_on_create: tuple[str, ...]) -> str:
    lines = [f"### {title}", "", _one_line(schema.get("description", "")), ""]
    lines += ["| field | type | required | description |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for field, prop in schema["properties"].items():
        need = "always" if field in required else ""
        if field in required_on_create:
            need = "when new"
        description = _one_line(prop.get("description", "")).replace("|", "\\|")
        kind = _type_of(prop).replace("|", "\\|")
        lines.append(f"| `{field}` | {kind} | {need} | {description} |")
    return "\n".join(lines) + "\n"


def field_tables_markdown() -> str:
    """One table per model of the import format, every field with its type and description."""
    schema = KnowledgeBaseIn.model_json_schema(mode="validation")
    definitions: dict[str, Any] = schema.pop("$defs")
    parts = [_table("KnowledgeBaseIn (the document)", schema, ())]
    top = [model.__name__ for model in RECORD_MODELS.values()]
    ordered = top + sorted(name for name in definitions if name not in top)
    for name in ordered:
        definition = definitions[name]
        parts.append(_table(name, definition, tuple(definition.get("x-required-on-create", ()))))
    return "\n".join(parts)


BEGIN_MARKER = "<!-- BEGIN GENERATED: collabdb schema --markdown -->"
END_MARKER = "<!-- END GENERATED -->"


def with_field_tables(document: str) -> str:
    """``document`` with the text between the markers replaced by the current field tables."""
    head, _, rest = document.partition(BEGIN_MARKER)
    _, _, tail = rest.partition(END_MARKER)
    return f"{head}{BEGIN_MARKER}\n\n{field_tables_markdown()}\n{END_MARKER}{tail}"


if __name__ == "__main__":  # python -m collabdb.schemas.describe docs/import-format.md
    import sys
    from pathlib import Path

    target = Path(sys.argv[1])
    target.write_text(with_field_tables(target.read_text(encoding="utf-8")), encoding="utf-8")
