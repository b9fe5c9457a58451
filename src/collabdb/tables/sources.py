"""Sources (the documents of record) and citations linking every fact row to a paragraph."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text

from collabdb.tables.base import PartialDateColumn, date_order_index, metadata

# Every table whose rows are facts, keyed by the citation column that points at it. The order
# is the order of the columns in `citations`.
CITED_TABLES: dict[str, str] = {
    "organization_id": "organizations",
    "organization_name_id": "organization_names",
    "organization_interest_id": "organization_interests",
    "person_id": "people",
    "person_name_id": "person_names",
    "position_id": "positions",
    "research_area_id": "research_areas",
    "programme_id": "programmes",
    "programme_area_id": "programme_areas",
    "agreement_id": "agreements",
    "agreement_party_id": "agreement_parties",
    "agreement_person_id": "agreement_people",
    "agreement_area_id": "agreement_areas",
    "agreement_territory_id": "agreement_territories",
    "project_id": "projects",
    "project_area_id": "project_areas",
    "facility_id": "facilities",
    "financial_figure_id": "financial_figures",
    "event_id": "events",
    "agreement_status_id": "agreement_statuses",
    "product_id": "products",
    "product_name_id": "product_names",
    "product_owner_id": "product_owners",
    "product_area_id": "product_areas",
    "agreement_product_id": "agreement_products",
    "organization_relation_id": "organization_relations",
    "agreement_programme_id": "agreement_programmes",
    "event_facility_id": "event_facilities",
}


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "kind",
        String(20),
        nullable=False,
        comment="article | press_release | website | filing | editorial",
    ),
    Column("title", Text, nullable=False, comment="Title of the document."),
    Column("publisher", Text, comment="Who published it."),
    Column(
        "published_on",
        PartialDateColumn,
        comment="Publication date at its precision (YYYY, YYYY-MM, YYYY-MM-DD).",
    ),
    Column("url", Text, comment="Where the document was published."),
    Column(
        "sha256",
        String(64),
        unique=True,
        comment="SHA-256 of the text (UTF-8), lowercase hex: the stored text, else the copy read.",
    ),
    Column(
        "text", Text, comment="Full text; paragraphs are separated by blank lines, counted from 1."
    ),
    Column("note", Text, comment="Editorial note (required for editorial)."),
    Column("retrieved_on", PartialDateColumn, comment="The day the copy read was retrieved."),
    Column("language", String(35), comment="BCP 47 language tag of the document: en, ru."),
    Column(
        "paragraph_count",
        Integer,
        CheckConstraint("paragraph_count >= 1", name="paragraph_count_positive"),
        comment="Paragraphs of the article body in the copy read (at most a stored text's).",
    ),
    comment="Documents facts come from: articles, and editorial additions.",
)
date_order_index(sources.c.published_on)


citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "source_id",
        ForeignKey("sources.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
        comment="The source cited.",
    ),
    Column(
        "paragraph",
        Integer,
        comment="Paragraph number in the source text (NULL for editorial sources).",
    ),
    *(
        Column(column, ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)
        for column, table in CITED_TABLES.items()
    ),
    CheckConstraint(
        " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in CITED_TABLES) + " = 1",
        name="one_subject",
    ),
    CheckConstraint("paragraph IS NULL OR paragraph >= 1", name="paragraph_positive"),
    comment="Links one fact row (exactly one subject column set) to a source paragraph.",
)
