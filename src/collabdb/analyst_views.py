"""The analyst views as they are at the schema head: one Python structure that the data
dictionary documents and the tests compare with the database.

Each column is declared once with its SQL expression and its meaning, so a view's columns and
their descriptions cannot drift apart. The SQL is the same on SQLite and PostgreSQL.

Migration ``0002`` creates them from its own frozen copy of this SQL. When a view changes,
change it here and add a migration that drops it and creates the new one, its SQL written out
in the migration (migrations never import collabdb).
"""

from __future__ import annotations

from dataclasses import dataclass

from collabdb.tables import CITED_TABLES

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal (TEXT on SQLite, NUMERIC(30,10) on PostgreSQL)"
PARTIAL_DATE = "text: date at its precision"
PRECISION = "text: year | quarter | month | day"


def precision_of(column: str) -> str:
    """SQL for the precision of an ISO date or period string, by its shape."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL"
        f" WHEN length({column}) = 4 THEN 'year'"
        f" WHEN substr({column}, 6, 1) = 'Q' THEN 'quarter'"
        f" WHEN length({column}) = 7 THEN 'month'"
        " ELSE 'day' END"
    )


def period_start_of(column: str) -> str:
    """SQL for the first end of a period (NULL when open): where the ``/`` is tells its length."""
    return (
        f"CASE WHEN {column} IS NULL OR substr({column}, 1, 3) = '../' THEN NULL"
        f" WHEN substr({column}, 5, 1) = '/' THEN substr({column}, 1, 4)"
        f" WHEN substr({column}, 8, 1) = '/' THEN substr({column}, 1, 7)"
        f" WHEN substr({column}, 11, 1) = '/' THEN substr({column}, 1, 10)"
        f" ELSE {column} END"
    )


def period_end_of(column: str) -> str:
    """SQL for the last end of a period (NULL when open)."""
    return (
        f"CASE WHEN {column} IS NULL OR substr({column}, length({column}) - 2, 3) = '/..'"
        " THEN NULL"
        f" WHEN substr({column}, 3, 1) = '/' THEN substr({column}, 4)"
        f" WHEN substr({column}, 5, 1) = '/' THEN substr({column}, 6)"
        f" WHEN substr({column}, 8, 1) = '/' THEN substr({column}, 9)"
        f" WHEN substr({column}, 11, 1) = '/' THEN substr({column}, 12)"
        f" ELSE {column} END"
    )


PERIOD = "text: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, or an interval START/END of two (.. = open)"


@dataclass(frozen=True)
class ViewColumn:
    name: str
    expression: str
    type: str
    description: str


@dataclass(frozen=True)
class AnalystView:
    name: str
    description: str
    columns: tuple[ViewColumn, ...]
    from_clause: str

    @property
    def select(self) -> str:
        selected = ",\n".join(f"  {c.expression} AS {c.name}" for c in self.columns)
        return f"SELECT\n{selected}\n{self.from_clause}"

    def create_statement(self) -> str:
        return f"CREATE VIEW {self.name} AS\n{self.select}"

    def drop_statement(self) -> str:
        return f"DROP VIEW IF EXISTS {self.name}"


AGREEMENT_PARTIES = AnalystView(
    name="view_agreement_parties",
    description="One row per agreement party: the agreement, its dates at their precision, "
    "its financial terms, and the organization taking part with its role. An agreement "
    "without named parties has one row with empty party columns.",
    columns=(
        ViewColumn("agreement_slug", "a.slug", TEXT, "Natural key of the agreement."),
        ViewColumn("agreement_title", "a.title", TEXT, "Short title, in our words."),
        ViewColumn(
            "agreement_type",
            "a.agreement_type",
            TEXT,
            "Kind of deal (see agreements.agreement_type).",
        ),
        ViewColumn("agreement_status", "a.status", TEXT, "Status (see agreements.status)."),
        ViewColumn("announced_on", "a.announced_on", PARTIAL_DATE, "Announcement date."),
        ViewColumn(
            "announced_precision",
            precision_of("a.announced_on"),
            PRECISION,
            "How precise announced_on is.",
        ),
        ViewColumn("signed_on", "a.signed_on", PARTIAL_DATE, "Signing date."),
        ViewColumn(
            "signed_precision", precision_of("a.signed_on"), PRECISION, "How precise signed_on is."
        ),
        ViewColumn(
            "financial_terms",
            "a.financial_terms",
            TEXT,
            "disclosed | not_disclosed | unknown (the sources are silent).",
        ),
        ViewColumn(
            "unnamed_parties",
            "a.unnamed_parties",
            TEXT,
            "Parties the sources mention without naming them.",
        ),
        ViewColumn("party_slug", "o.slug", TEXT, "Natural key of the organization taking part."),
        ViewColumn("party_name", "o.name", TEXT, "Its canonical (English) name."),
        ViewColumn("party_kind", "o.kind", TEXT, "Its kind (see organizations.kind)."),
        ViewColumn("party_country", "o.country", TEXT, "Its ISO 3166-1 alpha-2 country code."),
        ViewColumn(
            "party_role", "p.role", TEXT, "Its role in the agreement (see agreement_parties.role)."
        ),
    ),
    from_clause="FROM agreements a\n"
    "LEFT JOIN agreement_parties p ON p.agreement_id = a.id\n"
    "LEFT JOIN organizations o ON o.id = p.organization_id",
)


# The country of a party at its top organization (up to two levels up): a Russian subsidiary of
# a foreign group counts as its group's country.
_PARTY_COUNTRIES = (
    "FROM agreement_parties ap"
    " JOIN organizations o ON o.id = ap.organization_id"
    " LEFT JOIN organizations op ON op.id = o.parent_id"
    " LEFT JOIN organizations og ON og.id = op.parent_id"
    " WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU'"
)
_TOP_COUNTRY = "COALESCE(og.country, op.country, o.country)"
_AGREEMENT_DATE = "COALESCE(a.signed_on, a.announced_on)"

AGREEMENTS = AnalystView(
    name="view_agreements",
    description="One row per agreement, with what it is filtered and counted by: its type, "
    "status, date and year, and the country of its foreign party (the facets of "
    "`collabdb serve`).",
    columns=(
        ViewColumn("agreement_slug", "a.slug", TEXT, "Natural key of the agreement."),
        ViewColumn("agreement_title", "a.title", TEXT, "Short title, in our words."),
        ViewColumn(
            "agreement_type",
            "a.agreement_type",
            TEXT,
            "Kind of deal (see agreements.agreement_type).",
        ),
        ViewColumn("agreement_status", "a.status", TEXT, "Current status (see agreements.status)."),
        ViewColumn(
            "date",
            _AGREEMENT_DATE,
            PARTIAL_DATE,
            "The date it is listed under: signed, else announced (empty when no source dates it).",
        ),
        ViewColumn(
            "date_precision", precision_of(_AGREEMENT_DATE), PRECISION, "How precise date is."
        ),
        ViewColumn("year", f"substr({_AGREEMENT_DATE}, 1, 4)", TEXT, "The year of date."),
        ViewColumn("term", "a.term", PERIOD, "The dates it runs, where a source states them."),
        ViewColumn(
            "financial_terms",
            "a.financial_terms",
            TEXT,
            "disclosed | not_disclosed | unknown (the sources are silent).",
        ),
        ViewColumn(
            "foreign_country",
            f"(SELECT MIN({_TOP_COUNTRY}) {_PARTY_COUNTRIES})",
            TEXT,
            "ISO 3166-1 alpha-2 country of its foreign (non-Russian) party, at the party's top "
            "organization (a Russian subsidiary counts as its group's country); the first in "
            "code order where parties from several countries take part.",
        ),
        ViewColumn(
            "foreign_country_count",
            f"(SELECT COUNT(DISTINCT {_TOP_COUNTRY}) {_PARTY_COUNTRIES})",
            INTEGER,
            "How many foreign countries its parties come from.",
        ),
        ViewColumn(
            "party_count",
            "(SELECT COUNT(*) FROM agreement_parties ap WHERE ap.agreement_id = a.id)",
            INTEGER,
            "How many named organizations take part.",
        ),
        ViewColumn(
            "citation_count",
            "(SELECT COUNT(*) FROM citations c WHERE c.agreement_id = a.id)",
            INTEGER,
            "How many source paragraphs the agreement's own record cites.",
        ),
    ),
    from_clause="FROM agreements a",
)


def _first_citation(column: str) -> str:
    # The figure's first citation, preferring the articles over editorial additions. The
    # ordering is total (a figure cites a paragraph once), so both subqueries pick the same one.
    return (
        f"(SELECT {column} FROM citations c JOIN sources s ON s.id = c.source_id"
        " WHERE c.financial_figure_id = f.id"
        " ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug,"
        " COALESCE(c.paragraph, 0) LIMIT 1)"
    )


FINANCIAL_FIGURES = AnalystView(
    name="view_financial_figures",
    description="One row per financial figure: what it measures, its amount and currency or "
    "percentage, its period, its subject, and the source paragraph that states it (all its "
    "citations are in view_fact_sources).",
    columns=(
        ViewColumn("figure_slug", "f.slug", TEXT, "Natural key of the figure."),
        ViewColumn(
            "measure", "f.measure", TEXT, "What it measures (see financial_figures.measure)."
        ),
        ViewColumn(
            "disclosure",
            "f.disclosure",
            TEXT,
            "disclosed | not_disclosed (then amount and percentage are empty).",
        ),
        ViewColumn("amount", "f.amount", DECIMAL, "Exact amount, in units of currency."),
        ViewColumn("currency", "f.currency", TEXT, "ISO 4217 code of the amount."),
        ViewColumn("percentage", "f.percentage", DECIMAL, "A percentage (6 means 6%)."),
        ViewColumn(
            "qualifier",
            "f.qualifier",
            TEXT,
            "exact | about | estimated | at_least | up_to | range (of amount or percentage).",
        ),
        ViewColumn("amount_high", "f.amount_high", DECIMAL, "Upper end of a range of amounts."),
        ViewColumn(
            "percentage_high", "f.percentage_high", DECIMAL, "Upper end of a range of percentages."
        ),
        ViewColumn("period", "f.period", PERIOD, "Period it is for."),
        ViewColumn(
            "period_start",
            period_start_of("f.period"),
            PARTIAL_DATE,
            "First end of period (period itself when it is one date; empty when open).",
        ),
        ViewColumn(
            "period_end",
            period_end_of("f.period"),
            PARTIAL_DATE,
            "Last end of period (period itself when it is one date; empty when open).",
        ),
        ViewColumn(
            "period_precision",
            precision_of(period_start_of("f.period")),
            PRECISION,
            "How precise period is (its start's precision; empty when the start is open).",
        ),
        ViewColumn(
            "comparison_period",
            "f.comparison_period",
            PERIOD,
            "Period a growth figure is measured against.",
        ),
        ViewColumn(
            "subject_organization_slug", "o.slug", TEXT, "Organization the figure is about."
        ),
        ViewColumn("subject_organization_name", "o.name", TEXT, "Its canonical name."),
        ViewColumn("subject_agreement_slug", "a.slug", TEXT, "Agreement the figure is about."),
        ViewColumn("subject_agreement_title", "a.title", TEXT, "Its title."),
        ViewColumn("subject_facility_slug", "fa.slug", TEXT, "Facility the figure is about."),
        ViewColumn("subject_facility_name", "fa.name", TEXT, "Its name."),
        ViewColumn("subject_segment", "f.segment", TEXT, "Named segment, e.g. emerging markets."),
        ViewColumn("note", "f.note", TEXT, "Context, in our words."),
        ViewColumn(
            "source_slug",
            _first_citation("s.slug"),
            TEXT,
            "Source that states the figure (an article before an editorial addition).",
        ),
        ViewColumn(
            "source_paragraph",
            _first_citation("c.paragraph"),
            INTEGER,
            "Paragraph of that source, counted from 1 (empty for editorial sources).",
        ),
        ViewColumn(
            "citation_count",
            "(SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id)",
            INTEGER,
            "How many source paragraphs the figure cites in all.",
        ),
    ),
    from_clause="FROM financial_figures f\n"
    "LEFT JOIN organizations o ON o.id = f.organization_id\n"
    "LEFT JOIN agreements a ON a.id = f.agreement_id\n"
    "LEFT JOIN facilities fa ON fa.id = f.facility_id",
)


PERSON_POSITIONS = AnalystView(
    name="view_person_positions",
    description="One row per position a person holds or held, with the organization and the "
    "start and end dates at their precision.",
    columns=(
        ViewColumn("person_slug", "pe.slug", TEXT, "Natural key of the person."),
        ViewColumn("person_name", "pe.name", TEXT, "Full name as commonly written in English."),
        ViewColumn("organization_slug", "o.slug", TEXT, "Organization of the position."),
        ViewColumn("organization_name", "o.name", TEXT, "Its canonical name."),
        ViewColumn("position_title", "po.title", TEXT, "Job title as the source gives it."),
        ViewColumn(
            "position_status",
            "po.status",
            TEXT,
            "current | former | unknown (as of the citing source's date).",
        ),
        ViewColumn("started_on", "po.started_on", PARTIAL_DATE, "Start, if known."),
        ViewColumn(
            "started_precision", precision_of("po.started_on"), PRECISION, "How precise it is."
        ),
        ViewColumn("ended_on", "po.ended_on", PARTIAL_DATE, "End, if known."),
        ViewColumn("ended_precision", precision_of("po.ended_on"), PRECISION, "How precise it is."),
        ViewColumn("as_of", "po.as_of", PARTIAL_DATE, "The date its source saw the status hold."),
    ),
    from_clause="FROM positions po\n"
    "JOIN people pe ON pe.id = po.person_id\n"
    "JOIN organizations o ON o.id = po.organization_id",
)


# For each cited table: the record whose slug identifies the fact (itself, or the parent of a
# child row), and the SQL that tells the child row apart within that record.
_FACT_IDENTITY: dict[str, tuple[str, str]] = {
    "organizations": ("", "CAST(NULL AS TEXT)"),
    "organization_names": (
        "JOIN organizations r ON r.id = x.organization_id",
        "x.name || ' [' || x.language || ']'",
    ),
    "organization_interests": (
        "JOIN organizations r ON r.id = x.organization_id "
        "JOIN research_areas k ON k.id = x.research_area_id",
        "k.slug || ' (' || x.kind || ')'",
    ),
    "people": ("", "CAST(NULL AS TEXT)"),
    "person_names": (
        "JOIN people r ON r.id = x.person_id",
        "x.name || ' [' || x.language || ']'",
    ),
    "positions": (
        "JOIN people r ON r.id = x.person_id JOIN organizations k ON k.id = x.organization_id",
        "x.title || ' at ' || k.slug",
    ),
    "research_areas": ("", "CAST(NULL AS TEXT)"),
    "programmes": ("", "CAST(NULL AS TEXT)"),
    "programme_areas": (
        "JOIN programmes r ON r.id = x.programme_id "
        "JOIN research_areas k ON k.id = x.research_area_id",
        "k.slug",
    ),
    "agreements": ("", "CAST(NULL AS TEXT)"),
    "agreement_parties": (
        "JOIN agreements r ON r.id = x.agreement_id "
        "JOIN organizations k ON k.id = x.organization_id",
        "k.slug || ' (' || x.role || ')'",
    ),
    "agreement_people": (
        "JOIN agreements r ON r.id = x.agreement_id JOIN people k ON k.id = x.person_id",
        "k.slug || ' (' || x.role || ')'",
    ),
    "agreement_areas": (
        "JOIN agreements r ON r.id = x.agreement_id "
        "JOIN research_areas k ON k.id = x.research_area_id",
        "k.slug",
    ),
    "agreement_territories": (
        "JOIN agreements r ON r.id = x.agreement_id",
        "x.country || ' (' || x.scope || ')'",
    ),
    "projects": ("", "CAST(NULL AS TEXT)"),
    "project_areas": (
        "JOIN projects r ON r.id = x.project_id JOIN research_areas k ON k.id = x.research_area_id",
        "k.slug",
    ),
    "facilities": ("", "CAST(NULL AS TEXT)"),
    "financial_figures": ("", "CAST(NULL AS TEXT)"),
    "events": ("", "CAST(NULL AS TEXT)"),
    "agreement_statuses": (
        "JOIN agreements r ON r.id = x.agreement_id",
        "x.status || COALESCE(' (' || x.changed_on || ')', '')",
    ),
    "products": ("", "CAST(NULL AS TEXT)"),
    "product_names": (
        "JOIN products r ON r.id = x.product_id",
        "x.name || ' [' || x.language || ']'",
    ),
    "product_owners": (
        "JOIN products r ON r.id = x.product_id JOIN organizations k ON k.id = x.organization_id",
        "k.slug",
    ),
    "product_areas": (
        "JOIN products r ON r.id = x.product_id JOIN research_areas k ON k.id = x.research_area_id",
        "k.slug",
    ),
    "agreement_products": (
        "JOIN agreements r ON r.id = x.agreement_id JOIN products k ON k.id = x.product_id",
        "k.slug || ' (' || x.role || ')'",
    ),
    "organization_relations": ("", "CAST(NULL AS TEXT)"),
    "agreement_programmes": (
        "JOIN agreements r ON r.id = x.agreement_id JOIN programmes k ON k.id = x.programme_id",
        "k.slug",
    ),
    "event_facilities": (
        "JOIN events r ON r.id = x.event_id JOIN facilities k ON k.id = x.facility_id",
        "k.slug",
    ),
}


def _cited_facts() -> str:
    branches = []
    for column, table in CITED_TABLES.items():
        joins, key = _FACT_IDENTITY[table]
        record = "r" if joins else "x"
        branches.append(
            f"SELECT '{table}' AS fact_table, x.id AS fact_id, {record}.slug AS fact_slug, "
            f"{key} AS fact_key, c.source_id, c.paragraph "
            f"FROM citations c JOIN {table} x ON x.id = c.{column} {joins}".rstrip()
        )
    return "\n  UNION ALL ".join(branches)


FACT_SOURCES = AnalystView(
    name="view_fact_sources",
    description="One row per link between a fact and the source paragraph that states it "
    "(the citations table, with the fact and the source spelled out).",
    columns=(
        ViewColumn(
            "fact_table", "fact.fact_table", TEXT, "Table of the fact row, e.g. agreement_parties."
        ),
        ViewColumn("fact_id", "fact.fact_id", INTEGER, "Its id in that table."),
        ViewColumn(
            "fact_slug",
            "fact.fact_slug",
            TEXT,
            "Slug of the record the fact belongs to: the row itself, or the parent of a child "
            "row (the agreement of a party, the person of a position).",
        ),
        ViewColumn(
            "fact_key",
            "fact.fact_key",
            TEXT,
            "Which child row of that record, e.g. 'astrazeneca (pharma_partner)' for a party; "
            "empty for a top-level record.",
        ),
        ViewColumn("source_slug", "s.slug", TEXT, "Natural key of the source."),
        ViewColumn(
            "source_kind", "s.kind", TEXT, "article | press_release | website | filing | editorial"
        ),
        ViewColumn("source_published_on", "s.published_on", PARTIAL_DATE, "Publication date."),
        ViewColumn("source_sha256", "s.sha256", TEXT, "SHA-256 of the source's text (hex)."),
        ViewColumn(
            "paragraph",
            "fact.paragraph",
            INTEGER,
            "Paragraph of the source text, counted from 1 (empty for editorial sources).",
        ),
    ),
    from_clause=f"FROM (\n  {_cited_facts()}\n) fact\nJOIN sources s ON s.id = fact.source_id",
)


ANALYST_VIEWS: tuple[AnalystView, ...] = (
    AGREEMENTS,
    AGREEMENT_PARTIES,
    FINANCIAL_FIGURES,
    PERSON_POSITIONS,
    FACT_SOURCES,
)
VIEW_NAMES = frozenset(view.name for view in ANALYST_VIEWS)
