"""What Datasette says about the database, generated from the code, never written by hand.

Titles and the code's licence come from the package's metadata (pyproject.toml); tables,
views and columns are described from the same definitions as docs/data-dictionary.md (the
tables' ``comment=``, :mod:`collabdb.analyst_views`, the import contract's allowed values);
the canned queries are the worked questions of docs/queries.md (:mod:`collabdb.web.canned`).
Internal tables are hidden from the index, and the index says that nothing is secret.
"""

from __future__ import annotations

from collections.abc import Collection
from importlib.metadata import PackageNotFoundError, metadata
from typing import Any

from markupsafe import Markup

from collabdb.analyst_views import ANALYST_VIEWS, VIEW_NAMES
from collabdb.docs.dictionary import allowed_values, column_meaning
from collabdb.tables import metadata as tables
from collabdb.web.canned import canned_queries, queries_document

#: The name of the database in Datasette's URLs (``/collabdb/agreements``).
DATABASE = "collabdb"
#: Our records' licence (data/deals/DEALS.md); the pages they cite remain their publishers'.
DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
NOTHING_SECRET = (
    "Nothing in the database is secret: the tables hidden from this index are collabdb's "
    "bookkeeping, and each can still be opened by its URL or queried."
)
#: Facets shown on a table or view: agreements by type and status; their parties by the
#: agreement's type and status, the party's country and role.
FACETS: dict[str, tuple[str, ...]] = {
    "agreements": ("agreement_type", "status"),
    "view_agreements": ("agreement_type", "agreement_status", "year", "foreign_country"),
    "view_agreement_parties": (
        "agreement_type",
        "agreement_status",
        "party_country",
        "party_role",
    ),
}
_SEARCH_INTERNALS = "search internals: the full-text index behind `collabdb search`"


def internal_tables(present: Collection[str]) -> dict[str, str]:
    """The tables of the database kept off the index, each with why: the schema's and the
    imports' state, tables derived from the others (counts, the area tree's closure, the
    search documents) and what is not collabdb's schema at all (SQLite's, the FTS index)."""
    reasons: dict[str, str] = {}
    for name in present:
        table = tables.tables.get(name)
        if name == "alembic_version":
            reasons[name] = "schema state: the migration the database is at"
        elif name == "import_log":
            reasons[name] = "import state: the log `collabdb imports` shows"
        elif name.startswith("search_"):
            reasons[name] = _SEARCH_INTERNALS
        elif table is not None and "(derived" in (table.comment or ""):
            reasons[name] = "derived counts, kept in step with the tables they count"
        elif table is None and name not in VIEW_NAMES:
            reasons[name] = "not collabdb's schema (SQLite's own)"
    return reasons


def site_metadata(present: Collection[str]) -> dict[str, Any]:
    """Datasette's metadata for the database whose tables and views are ``present``."""
    summary, code_licence = _package()
    hidden = internal_tables(present)
    outside = {name: why for name, why in hidden.items() if name not in tables.tables}
    described = _with_search_box(f"{summary} {NOTHING_SECRET}")
    return {
        "title": "collabdb",
        "description": f"{summary} {NOTHING_SECRET}",
        "description_html": described,
        "license": f"{DATA_LICENCE} (our records; collabdb's code: {code_licence})",
        "license_url": DATA_LICENCE_URL,
        "databases": {
            DATABASE: {
                "description": f"{summary} {NOTHING_SECRET}",
                "description_html": described,
                "tables": {
                    **_table_entries(hidden),
                    **_view_entries(),
                    **{name: {"hidden": True, "description": why} for name, why in outside.items()},
                },
                "queries": {q.name: q.metadata() for q in canned_queries(queries_document())},
            }
        },
    }


def _with_search_box(description: str) -> str:
    """The description, escaped, and the search box of our pages (``/search``)."""
    return str(
        Markup(
            '<p>{}</p><form action="/search" method="get" role="search" class="collabdb-search">'
            '<input type="search" name="q" aria-label="Search" placeholder="Search names, '
            'titles, areas (Latin or Cyrillic)"> <input type="submit" value="Search"></form>'
        ).format(description)
    )


def _package() -> tuple[str, str]:
    try:
        found = metadata("collabdb")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "collabdb", "see pyproject.toml"
    licence = [*(found.get_all("License-Expression") or []), *(found.get_all("License") or [])]
    summary = found.get_all("Summary") or ["collabdb"]
    return summary[0], licence[0] if licence else "see pyproject.toml"


def _table_entries(hidden: dict[str, str]) -> dict[str, dict[str, Any]]:
    allowed = allowed_values()
    entries: dict[str, dict[str, Any]] = {}
    for table in tables.tables.values():
        columns: dict[str, str] = {}
        for column in table.columns:
            meaning = column_meaning(column)
            values = allowed.get((table.name, column.name))
            if values:
                meaning = f"{meaning} (allowed: {', '.join(values)})".strip()
            columns[column.name] = meaning
        entry: dict[str, Any] = {"description": table.comment or "", "columns": columns}
        if table.name in hidden:
            entry["hidden"] = True
            entry["description"] = f"{entry['description']} Hidden from the index: " + (
                f"{hidden[table.name]}. {NOTHING_SECRET}"
            )
        if table.name in FACETS:
            entry["facets"] = list(FACETS[table.name])
        label = next((c for c in ("name", "title") if c in table.columns), None)
        if label is not None:
            entry["label_column"] = label
        entries[table.name] = entry
    return entries


def _view_entries() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for view in ANALYST_VIEWS:
        entry: dict[str, Any] = {
            "description": view.description,
            "columns": {column.name: column.description for column in view.columns},
        }
        if view.name in FACETS:
            entry["facets"] = list(FACETS[view.name])
        entries[view.name] = entry
    return entries
