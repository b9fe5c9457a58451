"""A detail read model as a page shows it: what `collabdb agreement` (or `org`, `person`,
`product`) prints, field by field, with every reference and every citation made a link.

The page is built from the read model itself, not from SQL of its own, so the web shows what
the CLI shows, a field added to a detail included. Plain fields become the page's facts, lists
its tables (a column per field of their items). A slug that names another record links to its
page (``/org/<slug>``; a kind without a page of ours to its row in Datasette's table), and
takes the place of the name beside it (``organization`` and ``name`` make one linked name);
``citations`` become ``source ¶3`` links to the paragraph (``/source/<slug>#p3``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import quote

from collabdb.kinds import SPEC_BY_KIND
from collabdb.schemas.reads import CitationRead, FigureStatement, ReadModel

#: Our pages, by the kind of record they show.
PAGES = {
    "agreements": "agreement",
    "organizations": "org",
    "people": "person",
    "products": "product",
    "sources": "source",
}
#: The kind of record a field names by its slug (``parent``: one of the record's own kind).
REFERENCES = {
    "organization": "organizations",
    "as_party": "organizations",
    "owner": "organizations",
    "person": "people",
    "product": "products",
    "agreement": "agreements",
    "facility": "facilities",
    "area": "research_areas",
    "source": "sources",
}
#: A field that holds the name of the record another field refers to.
NAME_OF = {
    "organization_name": "organization",
    "area_name": "area",
    "parent_name": "parent",
    "parent_title": "parent",
}
#: Which reference ``name`` (or else ``title``) names, first found first.
_NAMED_FIRST = ("slug", "agreement", "product", "person", "organization", "area")
#: The kind of the records of each list a detail holds, by field.
LIST_KINDS = {
    "units": "organizations",
    "projects": "projects",
    "facilities": "facilities",
    "figures": "figures",
    "events": "events",
    "programmes": "programmes",
    "source_documents": "sources",
    "follow_ons": "agreements",
}
#: Fields holding a word of a vocabulary (``pharma_partner``), shown with spaces.
_WORDS = {"type", "role", "status", "kind", "measure", "financial_terms", "disclosure", "scope"}
_WORDS |= {"stage_at_signing", "qualifier", "agreement_type"}
#: A figure's number, currency and qualifier, shown as one value (``about 97000000 USD``).
_FIGURE_PARTS = {"disclosure", "amount", "currency", "percentage", "qualifier"}
_FIGURE_PARTS |= {"amount_high", "percentage_high"}
_DATES = {"date", "as_of", "period", "comparison_period"}
_PRECISION = {4: "year", 7: "month", 10: "day"}


@dataclass(frozen=True)
class Piece:
    """Some text, a link if ``href`` is set; ``hint`` is its tooltip."""

    text: str
    href: str | None = None
    hint: str | None = None


Cell = tuple[Piece, ...]


@dataclass(frozen=True)
class Table:
    field: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def title(self) -> str:
        return label(self.field)


@dataclass(frozen=True)
class Detail:
    heading: str
    facts: tuple[tuple[str, Cell], ...]
    tables: tuple[Table, ...]


def label(field: str) -> str:
    return field.replace("_", " ")


def record_href(kind: str, slug: str, *, database: str) -> str:
    """Our page of a record, or its row in Datasette's table of its kind."""
    if kind in PAGES:
        return f"/{PAGES[kind]}/{quote(slug, safe='')}"
    table = SPEC_BY_KIND[kind].table_name if kind in SPEC_BY_KIND else kind
    return f"/{database}/{quote(table, safe='')}?slug={quote(slug, safe='')}"


def citation_cell(citations: Iterable[CitationRead]) -> Cell:
    """``source ¶1 ¶4``: each source once, linked to its page, then each paragraph."""
    by_source: dict[str, list[int]] = {}
    for citation in citations:
        marks = by_source.setdefault(citation.source, [])
        if citation.paragraph is not None:
            marks.append(citation.paragraph)
    pieces: list[Piece] = []
    for source, paragraphs in by_source.items():
        page = record_href("sources", source, database="")
        pieces.append(Piece(source, page, "the source"))
        pieces.extend(
            Piece(f"¶{n}", f"{page}#p{n}", f"paragraph {n} of {source}") for n in paragraphs
        )
    return tuple(pieces)


class DetailView:
    """Builds the :class:`Detail` of a read model of the kind ``kind``; links to Datasette's
    tables go to ``database``."""

    def __init__(self, *, database: str) -> None:
        self.database = database

    def detail(self, model: ReadModel, *, kind: str, skip: Collection[str] = ()) -> Detail:
        """The page of ``model``, a detail of a record of ``kind``, without the fields in
        ``skip`` (those its page shows its own way)."""
        heading = str(getattr(model, "title", None) or getattr(model, "name", ""))
        values = {f.name: getattr(model, f.name) for f in fields(model) if f.name not in skip}
        scalars = {k: v for k, v in values.items() if not isinstance(v, list)}
        facts = list(self.cells(scalars, kind=kind, own=True))
        tables: list[Table] = []
        for key, value in values.items():
            if not isinstance(value, list) or not value or key == "citations":
                continue
            if isinstance(value[0], ReadModel):
                tables.append(self.table(key, value, kind=LIST_KINDS.get(key, kind)))
            else:  # slugs (follow_ons)
                facts.append((key, tuple(Piece(s, self.href(LIST_KINDS[key], s)) for s in value)))
        if "citations" in values:
            facts.append(("sources", citation_cell(values["citations"])))
        return Detail(heading=heading, facts=tuple(facts), tables=tuple(tables))

    def table(self, field: str, items: list[Any], *, kind: str) -> Table:
        """A column per field of the items (a field no item has a value for left out)."""
        rows = [dict(self.cells(self.values_of(item), kind=kind)) for item in items]
        columns = [c for c in rows[0] if any(row.get(c) for row in rows)]
        first = next((c for c in ("name", "title") if c in columns), None)  # what it is, first
        if first is not None:
            columns = [first, *(c for c in columns if c != first)]
        shown = tuple(tuple(row.get(column, ()) for column in columns) for row in rows)
        return Table(field=field, columns=tuple(columns), rows=shown)

    def values_of(self, item: Any) -> dict[str, Any]:
        values = {f.name: getattr(item, f.name) for f in fields(item)}
        if isinstance(item, FigureStatement):
            shown = {k: v for k, v in values.items() if k not in _FIGURE_PARTS}
            at = list(shown).index("measure") + 1
            pairs = list(shown.items())
            return dict([*pairs[:at], ("value", item.value), *pairs[at:]])
        return values

    def cells(
        self, values: dict[str, Any], *, kind: str, own: bool = False
    ) -> Iterator[tuple[str, Cell]]:
        """Each value as a cell, references linked and names merged with them; ``own``: the
        values are the page's record itself (its slug links nowhere)."""
        kinds = {k: found for k in values if (found := _kind_of(k, kind)) is not None}
        if own:
            kinds.pop("slug", None)
        named = {n: r for n, r in NAME_OF.items() if n in values and r in kinds}
        free = [r for r in _NAMED_FIRST if r in kinds and r not in named.values()]
        name_field = "name" if "name" in values else "title" if "title" in values else None
        if name_field and free and not own:
            named[name_field] = free[0]
        merged = set(named.values())
        for key, value in values.items():
            if key in merged or key == "citations" or (value is None and own):
                continue
            if value is None:
                yield key, ()
            elif key in named:
                target = values[named[key]]
                href = self.href(kinds[named[key]], str(target)) if target else None
                yield key, (Piece(str(value), href),)
            elif key in kinds:
                yield key, (Piece(str(value), self.href(kinds[key], str(value))),)
            elif isinstance(value, list):
                yield key, tuple(self.nested(value))
            else:
                yield key, (plain(key, value),)
        if "citations" in values and not own:
            yield "sources", citation_cell(values["citations"])

    def nested(self, items: list[Any]) -> Iterator[Piece]:
        """A list inside a list's item (a project's areas): each value, then its citations."""
        for item in items:
            if isinstance(item, ReadModel):
                values = self.values_of(item)
                first = next((str(v) for k, v in values.items() if k != "citations"), "")
                yield Piece(first)
                yield from citation_cell(values.get("citations", []))
            else:
                yield Piece(str(item))

    def href(self, kind: str, slug: str) -> str:
        return record_href(kind, slug, database=self.database)


def _kind_of(key: str, own: str) -> str | None:
    if key in ("parent", "slug"):
        return own
    return REFERENCES.get(key)


def plain(key: str, value: Any) -> Piece:
    """A value as read: a vocabulary word with spaces, a date with its precision as a hint,
    a web address as a link (http and https only)."""
    text = str(value)
    if key in _WORDS:
        return Piece(text.replace("_", " "))
    if key.endswith("_on") or key in _DATES:
        return Piece(text, hint=f"{precision(text)} precision")
    if key == "url" and text.startswith(("https://", "http://")):
        return Piece(text, text, "the page the source was read from")
    return Piece(text)


def precision(date: str) -> str:
    """The precision of an ISO date or period as the source gives it (``2012-11``: month)."""
    if len(date) > 5 and date[5] == "Q":
        return "quarter"
    return _PRECISION.get(len(date), "stated")
