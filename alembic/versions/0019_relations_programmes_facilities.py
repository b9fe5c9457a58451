"""relations between organizations; the programmes of agreements; the facilities of events

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

A new kind, relations (``organization_relations``): one organization is a member of another (a
cluster), a resident of it (a special economic zone, a technopark), owns a stake in it, or is a
joint venture of it; dated and cited. Agreements gain the programmes they were made under
(``agreement_programmes``), events the facilities they concern (``event_facilities``). Each
of the three new tables is cited: citations gain a subject column for each, and their
one-subject CHECK counts them. PostgreSQL alters the constraint; SQLite, which cannot, rebuilds
``citations`` from the definition frozen here. The views that read citations are dropped first
and re-created after, ``view_fact_sources`` with a branch for each new table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001: VARCHAR(40) on SQLite, which has no decimal type, NUMERIC(30, 10) on PostgreSQL.
EXACT_DECIMAL = sa.String(length=40).with_variant(sa.Numeric(precision=30, scale=10), "postgresql")


class FrozenView(NamedTuple):
    name: str
    description: str
    #: (name, description) of each column, in the order of the view's SELECT
    columns: tuple[tuple[str, str], ...]
    create: str


# citations' subject columns before this revision (and the table each points at), and after;
# its SQLite definition and indexes as 0018 left them and as this revision makes them; the views
# that read citations, before and after.
SUBJECTS = (
    ("organization_id", "organizations"),
    ("organization_name_id", "organization_names"),
    ("organization_interest_id", "organization_interests"),
    ("person_id", "people"),
    ("person_name_id", "person_names"),
    ("position_id", "positions"),
    ("research_area_id", "research_areas"),
    ("programme_id", "programmes"),
    ("programme_area_id", "programme_areas"),
    ("agreement_id", "agreements"),
    ("agreement_party_id", "agreement_parties"),
    ("agreement_person_id", "agreement_people"),
    ("agreement_area_id", "agreement_areas"),
    ("agreement_territory_id", "agreement_territories"),
    ("project_id", "projects"),
    ("project_area_id", "project_areas"),
    ("facility_id", "facilities"),
    ("financial_figure_id", "financial_figures"),
    ("event_id", "events"),
    ("agreement_status_id", "agreement_statuses"),
    ("product_id", "products"),
    ("product_name_id", "product_names"),
    ("product_owner_id", "product_owners"),
    ("product_area_id", "product_areas"),
    ("agreement_product_id", "agreement_products"),
)
NEW_SUBJECTS = (
    ("organization_relation_id", "organization_relations"),
    ("agreement_programme_id", "agreement_programmes"),
    ("event_facility_id", "event_facilities"),
)
OLD_CITATIONS = "CREATE TABLE citations (\n\tid INTEGER NOT NULL, \n\tsource_id INTEGER NOT NULL, \n\tparagraph INTEGER, \n\torganization_id INTEGER, \n\torganization_name_id INTEGER, \n\torganization_interest_id INTEGER, \n\tperson_id INTEGER, \n\tperson_name_id INTEGER, \n\tposition_id INTEGER, \n\tresearch_area_id INTEGER, \n\tprogramme_id INTEGER, \n\tprogramme_area_id INTEGER, \n\tagreement_id INTEGER, \n\tagreement_party_id INTEGER, \n\tagreement_person_id INTEGER, \n\tagreement_area_id INTEGER, \n\tagreement_territory_id INTEGER, \n\tproject_id INTEGER, \n\tproject_area_id INTEGER, \n\tfacility_id INTEGER, \n\tfinancial_figure_id INTEGER, \n\tevent_id INTEGER, \n\tagreement_status_id INTEGER, \n\tproduct_id INTEGER, \n\tproduct_name_id INTEGER, \n\tproduct_owner_id INTEGER, \n\tproduct_area_id INTEGER, \n\tagreement_product_id INTEGER, \n\tCONSTRAINT pk_citations PRIMARY KEY (id), \n\tCONSTRAINT ck_citations_one_subject CHECK ((CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_interest_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN position_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN research_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_party_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_territory_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN project_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN project_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN facility_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN financial_figure_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_status_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_owner_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_product_id IS NULL THEN 0 ELSE 1 END) = 1), \n\tCONSTRAINT ck_citations_paragraph_positive CHECK (paragraph IS NULL OR paragraph >= 1), \n\tCONSTRAINT fk_citations_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE RESTRICT, \n\tCONSTRAINT fk_citations_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_organization_name_id_organization_names FOREIGN KEY(organization_name_id) REFERENCES organization_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_organization_interest_id_organization_interests FOREIGN KEY(organization_interest_id) REFERENCES organization_interests (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_person_name_id_person_names FOREIGN KEY(person_name_id) REFERENCES person_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_position_id_positions FOREIGN KEY(position_id) REFERENCES positions (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_research_area_id_research_areas FOREIGN KEY(research_area_id) REFERENCES research_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_programme_id_programmes FOREIGN KEY(programme_id) REFERENCES programmes (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_programme_area_id_programme_areas FOREIGN KEY(programme_area_id) REFERENCES programme_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_party_id_agreement_parties FOREIGN KEY(agreement_party_id) REFERENCES agreement_parties (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_person_id_agreement_people FOREIGN KEY(agreement_person_id) REFERENCES agreement_people (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_area_id_agreement_areas FOREIGN KEY(agreement_area_id) REFERENCES agreement_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_territory_id_agreement_territories FOREIGN KEY(agreement_territory_id) REFERENCES agreement_territories (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_project_area_id_project_areas FOREIGN KEY(project_area_id) REFERENCES project_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_facility_id_facilities FOREIGN KEY(facility_id) REFERENCES facilities (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_financial_figure_id_financial_figures FOREIGN KEY(financial_figure_id) REFERENCES financial_figures (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_status_id_agreement_statuses FOREIGN KEY(agreement_status_id) REFERENCES agreement_statuses (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_id_products FOREIGN KEY(product_id) REFERENCES products (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_name_id_product_names FOREIGN KEY(product_name_id) REFERENCES product_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_owner_id_product_owners FOREIGN KEY(product_owner_id) REFERENCES product_owners (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_area_id_product_areas FOREIGN KEY(product_area_id) REFERENCES product_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_product_id_agreement_products FOREIGN KEY(agreement_product_id) REFERENCES agreement_products (id) ON DELETE CASCADE\n)"
OLD_INDEXES = (
    "CREATE INDEX ix_citations_agreement_area_id ON citations (agreement_area_id)",
    "CREATE INDEX ix_citations_agreement_id ON citations (agreement_id)",
    "CREATE INDEX ix_citations_agreement_party_id ON citations (agreement_party_id)",
    "CREATE INDEX ix_citations_agreement_person_id ON citations (agreement_person_id)",
    "CREATE INDEX ix_citations_agreement_product_id ON citations (agreement_product_id)",
    "CREATE INDEX ix_citations_agreement_status_id ON citations (agreement_status_id)",
    "CREATE INDEX ix_citations_agreement_territory_id ON citations (agreement_territory_id)",
    "CREATE INDEX ix_citations_event_id ON citations (event_id)",
    "CREATE INDEX ix_citations_facility_id ON citations (facility_id)",
    "CREATE INDEX ix_citations_financial_figure_id ON citations (financial_figure_id)",
    "CREATE INDEX ix_citations_organization_id ON citations (organization_id)",
    "CREATE INDEX ix_citations_organization_interest_id ON citations (organization_interest_id)",
    "CREATE INDEX ix_citations_organization_name_id ON citations (organization_name_id)",
    "CREATE INDEX ix_citations_person_id ON citations (person_id)",
    "CREATE INDEX ix_citations_person_name_id ON citations (person_name_id)",
    "CREATE INDEX ix_citations_position_id ON citations (position_id)",
    "CREATE INDEX ix_citations_product_area_id ON citations (product_area_id)",
    "CREATE INDEX ix_citations_product_id ON citations (product_id)",
    "CREATE INDEX ix_citations_product_name_id ON citations (product_name_id)",
    "CREATE INDEX ix_citations_product_owner_id ON citations (product_owner_id)",
    "CREATE INDEX ix_citations_programme_area_id ON citations (programme_area_id)",
    "CREATE INDEX ix_citations_programme_id ON citations (programme_id)",
    "CREATE INDEX ix_citations_project_area_id ON citations (project_area_id)",
    "CREATE INDEX ix_citations_project_id ON citations (project_id)",
    "CREATE INDEX ix_citations_research_area_id ON citations (research_area_id)",
    "CREATE INDEX ix_citations_source_id ON citations (source_id)",
)
NEW_CITATIONS = "CREATE TABLE citations (\n\tid INTEGER NOT NULL, \n\tsource_id INTEGER NOT NULL, \n\tparagraph INTEGER, \n\torganization_id INTEGER, \n\torganization_name_id INTEGER, \n\torganization_interest_id INTEGER, \n\tperson_id INTEGER, \n\tperson_name_id INTEGER, \n\tposition_id INTEGER, \n\tresearch_area_id INTEGER, \n\tprogramme_id INTEGER, \n\tprogramme_area_id INTEGER, \n\tagreement_id INTEGER, \n\tagreement_party_id INTEGER, \n\tagreement_person_id INTEGER, \n\tagreement_area_id INTEGER, \n\tagreement_territory_id INTEGER, \n\tproject_id INTEGER, \n\tproject_area_id INTEGER, \n\tfacility_id INTEGER, \n\tfinancial_figure_id INTEGER, \n\tevent_id INTEGER, \n\tagreement_status_id INTEGER, \n\tproduct_id INTEGER, \n\tproduct_name_id INTEGER, \n\tproduct_owner_id INTEGER, \n\tproduct_area_id INTEGER, \n\tagreement_product_id INTEGER, \n\torganization_relation_id INTEGER, \n\tagreement_programme_id INTEGER, \n\tevent_facility_id INTEGER, \n\tCONSTRAINT pk_citations PRIMARY KEY (id), \n\tCONSTRAINT ck_citations_one_subject CHECK ((CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_interest_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN position_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN research_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_party_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_territory_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN project_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN project_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN facility_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN financial_figure_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_status_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_name_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_owner_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN product_area_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_product_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_relation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_programme_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN event_facility_id IS NULL THEN 0 ELSE 1 END) = 1), \n\tCONSTRAINT ck_citations_paragraph_positive CHECK (paragraph IS NULL OR paragraph >= 1), \n\tCONSTRAINT fk_citations_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE RESTRICT, \n\tCONSTRAINT fk_citations_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_organization_name_id_organization_names FOREIGN KEY(organization_name_id) REFERENCES organization_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_organization_interest_id_organization_interests FOREIGN KEY(organization_interest_id) REFERENCES organization_interests (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_person_name_id_person_names FOREIGN KEY(person_name_id) REFERENCES person_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_position_id_positions FOREIGN KEY(position_id) REFERENCES positions (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_research_area_id_research_areas FOREIGN KEY(research_area_id) REFERENCES research_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_programme_id_programmes FOREIGN KEY(programme_id) REFERENCES programmes (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_programme_area_id_programme_areas FOREIGN KEY(programme_area_id) REFERENCES programme_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_party_id_agreement_parties FOREIGN KEY(agreement_party_id) REFERENCES agreement_parties (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_person_id_agreement_people FOREIGN KEY(agreement_person_id) REFERENCES agreement_people (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_area_id_agreement_areas FOREIGN KEY(agreement_area_id) REFERENCES agreement_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_territory_id_agreement_territories FOREIGN KEY(agreement_territory_id) REFERENCES agreement_territories (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_project_area_id_project_areas FOREIGN KEY(project_area_id) REFERENCES project_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_facility_id_facilities FOREIGN KEY(facility_id) REFERENCES facilities (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_financial_figure_id_financial_figures FOREIGN KEY(financial_figure_id) REFERENCES financial_figures (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_status_id_agreement_statuses FOREIGN KEY(agreement_status_id) REFERENCES agreement_statuses (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_id_products FOREIGN KEY(product_id) REFERENCES products (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_name_id_product_names FOREIGN KEY(product_name_id) REFERENCES product_names (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_owner_id_product_owners FOREIGN KEY(product_owner_id) REFERENCES product_owners (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_product_area_id_product_areas FOREIGN KEY(product_area_id) REFERENCES product_areas (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_product_id_agreement_products FOREIGN KEY(agreement_product_id) REFERENCES agreement_products (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_organization_relation_id_organization_relations FOREIGN KEY(organization_relation_id) REFERENCES organization_relations (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_agreement_programme_id_agreement_programmes FOREIGN KEY(agreement_programme_id) REFERENCES agreement_programmes (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_citations_event_facility_id_event_facilities FOREIGN KEY(event_facility_id) REFERENCES event_facilities (id) ON DELETE CASCADE\n)"
NEW_INDEXES = (
    "CREATE INDEX ix_citations_agreement_area_id ON citations (agreement_area_id)",
    "CREATE INDEX ix_citations_agreement_id ON citations (agreement_id)",
    "CREATE INDEX ix_citations_agreement_party_id ON citations (agreement_party_id)",
    "CREATE INDEX ix_citations_agreement_person_id ON citations (agreement_person_id)",
    "CREATE INDEX ix_citations_agreement_product_id ON citations (agreement_product_id)",
    "CREATE INDEX ix_citations_agreement_programme_id ON citations (agreement_programme_id)",
    "CREATE INDEX ix_citations_agreement_status_id ON citations (agreement_status_id)",
    "CREATE INDEX ix_citations_agreement_territory_id ON citations (agreement_territory_id)",
    "CREATE INDEX ix_citations_event_facility_id ON citations (event_facility_id)",
    "CREATE INDEX ix_citations_event_id ON citations (event_id)",
    "CREATE INDEX ix_citations_facility_id ON citations (facility_id)",
    "CREATE INDEX ix_citations_financial_figure_id ON citations (financial_figure_id)",
    "CREATE INDEX ix_citations_organization_id ON citations (organization_id)",
    "CREATE INDEX ix_citations_organization_interest_id ON citations (organization_interest_id)",
    "CREATE INDEX ix_citations_organization_name_id ON citations (organization_name_id)",
    "CREATE INDEX ix_citations_organization_relation_id ON citations (organization_relation_id)",
    "CREATE INDEX ix_citations_person_id ON citations (person_id)",
    "CREATE INDEX ix_citations_person_name_id ON citations (person_name_id)",
    "CREATE INDEX ix_citations_position_id ON citations (position_id)",
    "CREATE INDEX ix_citations_product_area_id ON citations (product_area_id)",
    "CREATE INDEX ix_citations_product_id ON citations (product_id)",
    "CREATE INDEX ix_citations_product_name_id ON citations (product_name_id)",
    "CREATE INDEX ix_citations_product_owner_id ON citations (product_owner_id)",
    "CREATE INDEX ix_citations_programme_area_id ON citations (programme_area_id)",
    "CREATE INDEX ix_citations_programme_id ON citations (programme_id)",
    "CREATE INDEX ix_citations_project_area_id ON citations (project_area_id)",
    "CREATE INDEX ix_citations_project_id ON citations (project_id)",
    "CREATE INDEX ix_citations_research_area_id ON citations (research_area_id)",
    "CREATE INDEX ix_citations_source_id ON citations (source_id)",
)
OLD_VIEWS: tuple[FrozenView, ...] = (
    FrozenView(
        name="view_agreements",
        description="One row per agreement, with what it is filtered and counted by: its type, status, date and year, and the country of its foreign party (the facets of `collabdb serve`).",
        columns=(
            ("agreement_slug", "Natural key of the agreement."),
            ("agreement_title", "Short title, in our words."),
            ("agreement_type", "Kind of deal (see agreements.agreement_type)."),
            ("agreement_status", "Current status (see agreements.status)."),
            (
                "date",
                "The date it is listed under: signed, else announced (empty when no source dates it).",
            ),
            ("date_precision", "How precise date is."),
            ("year", "The year of date."),
            ("term", "The dates it runs, where a source states them."),
            ("financial_terms", "disclosed | not_disclosed | unknown (the sources are silent)."),
            (
                "foreign_country",
                "ISO 3166-1 alpha-2 country of its foreign (non-Russian) party, at the party's top organization (a Russian subsidiary counts as its group's country); the first in code order where parties from several countries take part.",
            ),
            ("foreign_country_count", "How many foreign countries its parties come from."),
            ("party_count", "How many named organizations take part."),
            ("citation_count", "How many source paragraphs the agreement's own record cites."),
        ),
        create="CREATE VIEW view_agreements AS\nSELECT\n  a.slug AS agreement_slug,\n  a.title AS agreement_title,\n  a.agreement_type AS agreement_type,\n  a.status AS agreement_status,\n  COALESCE(a.signed_on, a.announced_on) AS date,\n  CASE WHEN COALESCE(a.signed_on, a.announced_on) IS NULL THEN NULL WHEN length(COALESCE(a.signed_on, a.announced_on)) = 4 THEN 'year' WHEN substr(COALESCE(a.signed_on, a.announced_on), 6, 1) = 'Q' THEN 'quarter' WHEN length(COALESCE(a.signed_on, a.announced_on)) = 7 THEN 'month' ELSE 'day' END AS date_precision,\n  substr(COALESCE(a.signed_on, a.announced_on), 1, 4) AS year,\n  a.term AS term,\n  a.financial_terms AS financial_terms,\n  (SELECT MIN(COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country,\n  (SELECT COUNT(DISTINCT COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country_count,\n  (SELECT COUNT(*) FROM agreement_parties ap WHERE ap.agreement_id = a.id) AS party_count,\n  (SELECT COUNT(*) FROM citations c WHERE c.agreement_id = a.id) AS citation_count\nFROM agreements a",
    ),
    FrozenView(
        name="view_financial_figures",
        description="One row per financial figure: what it measures, its amount and currency or percentage, its period, its subject, and the source paragraph that states it (all its citations are in view_fact_sources).",
        columns=(
            ("figure_slug", "Natural key of the figure."),
            ("measure", "What it measures (see financial_figures.measure)."),
            ("disclosure", "disclosed | not_disclosed (then amount and percentage are empty)."),
            ("amount", "Exact amount, in units of currency."),
            ("currency", "ISO 4217 code of the amount."),
            ("percentage", "A percentage (6 means 6%)."),
            (
                "qualifier",
                "exact | about | estimated | at_least | up_to | range (of amount or percentage).",
            ),
            ("amount_high", "Upper end of a range of amounts."),
            ("percentage_high", "Upper end of a range of percentages."),
            ("period", "Period it is for."),
            (
                "period_start",
                "First end of period (period itself when it is one date; empty when open).",
            ),
            (
                "period_end",
                "Last end of period (period itself when it is one date; empty when open).",
            ),
            (
                "period_precision",
                "How precise period is (its start's precision; empty when the start is open).",
            ),
            ("comparison_period", "Period a growth figure is measured against."),
            ("subject_organization_slug", "Organization the figure is about."),
            ("subject_organization_name", "Its canonical name."),
            ("subject_agreement_slug", "Agreement the figure is about."),
            ("subject_agreement_title", "Its title."),
            ("subject_facility_slug", "Facility the figure is about."),
            ("subject_facility_name", "Its name."),
            ("subject_segment", "Named segment, e.g. emerging markets."),
            ("note", "Context, in our words."),
            (
                "source_slug",
                "Source that states the figure (an article before an editorial addition).",
            ),
            (
                "source_paragraph",
                "Paragraph of that source, counted from 1 (empty for editorial sources).",
            ),
            ("citation_count", "How many source paragraphs the figure cites in all."),
        ),
        create="CREATE VIEW view_financial_figures AS\nSELECT\n  f.slug AS figure_slug,\n  f.measure AS measure,\n  f.disclosure AS disclosure,\n  f.amount AS amount,\n  f.currency AS currency,\n  f.percentage AS percentage,\n  f.qualifier AS qualifier,\n  f.amount_high AS amount_high,\n  f.percentage_high AS percentage_high,\n  f.period AS period,\n  CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END AS period_start,\n  CASE WHEN f.period IS NULL OR substr(f.period, length(f.period) - 2, 3) = '/..' THEN NULL WHEN substr(f.period, 3, 1) = '/' THEN substr(f.period, 4) WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 6) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 9) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 12) ELSE f.period END AS period_end,\n  CASE WHEN CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END IS NULL THEN NULL WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 4 THEN 'year' WHEN substr(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END, 6, 1) = 'Q' THEN 'quarter' WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 7 THEN 'month' ELSE 'day' END AS period_precision,\n  f.comparison_period AS comparison_period,\n  o.slug AS subject_organization_slug,\n  o.name AS subject_organization_name,\n  a.slug AS subject_agreement_slug,\n  a.title AS subject_agreement_title,\n  fa.slug AS subject_facility_slug,\n  fa.name AS subject_facility_name,\n  f.segment AS subject_segment,\n  f.note AS note,\n  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,\n  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,\n  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count\nFROM financial_figures f\nLEFT JOIN organizations o ON o.id = f.organization_id\nLEFT JOIN agreements a ON a.id = f.agreement_id\nLEFT JOIN facilities fa ON fa.id = f.facility_id",
    ),
    FrozenView(
        name="view_fact_sources",
        description="One row per link between a fact and the source paragraph that states it (the citations table, with the fact and the source spelled out).",
        columns=(
            ("fact_table", "Table of the fact row, e.g. agreement_parties."),
            ("fact_id", "Its id in that table."),
            (
                "fact_slug",
                "Slug of the record the fact belongs to: the row itself, or the parent of a child row (the agreement of a party, the person of a position).",
            ),
            (
                "fact_key",
                "Which child row of that record, e.g. 'astrazeneca (pharma_partner)' for a party; empty for a top-level record.",
            ),
            ("source_slug", "Natural key of the source."),
            ("source_kind", "article | press_release | website | filing | editorial"),
            ("source_published_on", "Publication date."),
            ("source_sha256", "SHA-256 of the source's stored text (hex)."),
            (
                "paragraph",
                "Paragraph of the source text, counted from 1 (empty for editorial sources).",
            ),
        ),
        create="CREATE VIEW view_fact_sources AS\nSELECT\n  fact.fact_table AS fact_table,\n  fact.fact_id AS fact_id,\n  fact.fact_slug AS fact_slug,\n  fact.fact_key AS fact_key,\n  s.slug AS source_slug,\n  s.kind AS source_kind,\n  s.published_on AS source_published_on,\n  s.sha256 AS source_sha256,\n  fact.paragraph AS paragraph\nFROM (\n  SELECT 'organizations' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organizations x ON x.id = c.organization_id\n  UNION ALL SELECT 'organization_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_names x ON x.id = c.organization_name_id JOIN organizations r ON r.id = x.organization_id\n  UNION ALL SELECT 'organization_interests' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.kind || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_interests x ON x.id = c.organization_interest_id JOIN organizations r ON r.id = x.organization_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'people' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN people x ON x.id = c.person_id\n  UNION ALL SELECT 'person_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN person_names x ON x.id = c.person_name_id JOIN people r ON r.id = x.person_id\n  UNION ALL SELECT 'positions' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.title || ' at ' || k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN positions x ON x.id = c.position_id JOIN people r ON r.id = x.person_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'research_areas' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN research_areas x ON x.id = c.research_area_id\n  UNION ALL SELECT 'programmes' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programmes x ON x.id = c.programme_id\n  UNION ALL SELECT 'programme_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programme_areas x ON x.id = c.programme_area_id JOIN programmes r ON r.id = x.programme_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreements' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreements x ON x.id = c.agreement_id\n  UNION ALL SELECT 'agreement_parties' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_parties x ON x.id = c.agreement_party_id JOIN agreements r ON r.id = x.agreement_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'agreement_people' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_people x ON x.id = c.agreement_person_id JOIN agreements r ON r.id = x.agreement_id JOIN people k ON k.id = x.person_id\n  UNION ALL SELECT 'agreement_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_areas x ON x.id = c.agreement_area_id JOIN agreements r ON r.id = x.agreement_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreement_territories' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.country || ' (' || x.scope || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_territories x ON x.id = c.agreement_territory_id JOIN agreements r ON r.id = x.agreement_id\n  UNION ALL SELECT 'projects' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN projects x ON x.id = c.project_id\n  UNION ALL SELECT 'project_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN project_areas x ON x.id = c.project_area_id JOIN projects r ON r.id = x.project_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'facilities' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN facilities x ON x.id = c.facility_id\n  UNION ALL SELECT 'financial_figures' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN financial_figures x ON x.id = c.financial_figure_id\n  UNION ALL SELECT 'events' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN events x ON x.id = c.event_id\n  UNION ALL SELECT 'agreement_statuses' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.status || COALESCE(' (' || x.changed_on || ')', '') AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_statuses x ON x.id = c.agreement_status_id JOIN agreements r ON r.id = x.agreement_id\n  UNION ALL SELECT 'products' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN products x ON x.id = c.product_id\n  UNION ALL SELECT 'product_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_names x ON x.id = c.product_name_id JOIN products r ON r.id = x.product_id\n  UNION ALL SELECT 'product_owners' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_owners x ON x.id = c.product_owner_id JOIN products r ON r.id = x.product_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'product_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_areas x ON x.id = c.product_area_id JOIN products r ON r.id = x.product_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreement_products' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_products x ON x.id = c.agreement_product_id JOIN agreements r ON r.id = x.agreement_id JOIN products k ON k.id = x.product_id\n) fact\nJOIN sources s ON s.id = fact.source_id",
    ),
)
NEW_VIEWS: tuple[FrozenView, ...] = (
    FrozenView(
        name="view_agreements",
        description="One row per agreement, with what it is filtered and counted by: its type, status, date and year, and the country of its foreign party (the facets of `collabdb serve`).",
        columns=(
            ("agreement_slug", "Natural key of the agreement."),
            ("agreement_title", "Short title, in our words."),
            ("agreement_type", "Kind of deal (see agreements.agreement_type)."),
            ("agreement_status", "Current status (see agreements.status)."),
            (
                "date",
                "The date it is listed under: signed, else announced (empty when no source dates it).",
            ),
            ("date_precision", "How precise date is."),
            ("year", "The year of date."),
            ("term", "The dates it runs, where a source states them."),
            ("financial_terms", "disclosed | not_disclosed | unknown (the sources are silent)."),
            (
                "foreign_country",
                "ISO 3166-1 alpha-2 country of its foreign (non-Russian) party, at the party's top organization (a Russian subsidiary counts as its group's country); the first in code order where parties from several countries take part.",
            ),
            ("foreign_country_count", "How many foreign countries its parties come from."),
            ("party_count", "How many named organizations take part."),
            ("citation_count", "How many source paragraphs the agreement's own record cites."),
        ),
        create="CREATE VIEW view_agreements AS\nSELECT\n  a.slug AS agreement_slug,\n  a.title AS agreement_title,\n  a.agreement_type AS agreement_type,\n  a.status AS agreement_status,\n  COALESCE(a.signed_on, a.announced_on) AS date,\n  CASE WHEN COALESCE(a.signed_on, a.announced_on) IS NULL THEN NULL WHEN length(COALESCE(a.signed_on, a.announced_on)) = 4 THEN 'year' WHEN substr(COALESCE(a.signed_on, a.announced_on), 6, 1) = 'Q' THEN 'quarter' WHEN length(COALESCE(a.signed_on, a.announced_on)) = 7 THEN 'month' ELSE 'day' END AS date_precision,\n  substr(COALESCE(a.signed_on, a.announced_on), 1, 4) AS year,\n  a.term AS term,\n  a.financial_terms AS financial_terms,\n  (SELECT MIN(COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country,\n  (SELECT COUNT(DISTINCT COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country_count,\n  (SELECT COUNT(*) FROM agreement_parties ap WHERE ap.agreement_id = a.id) AS party_count,\n  (SELECT COUNT(*) FROM citations c WHERE c.agreement_id = a.id) AS citation_count\nFROM agreements a",
    ),
    FrozenView(
        name="view_financial_figures",
        description="One row per financial figure: what it measures, its amount and currency or percentage, its period, its subject, and the source paragraph that states it (all its citations are in view_fact_sources).",
        columns=(
            ("figure_slug", "Natural key of the figure."),
            ("measure", "What it measures (see financial_figures.measure)."),
            ("disclosure", "disclosed | not_disclosed (then amount and percentage are empty)."),
            ("amount", "Exact amount, in units of currency."),
            ("currency", "ISO 4217 code of the amount."),
            ("percentage", "A percentage (6 means 6%)."),
            (
                "qualifier",
                "exact | about | estimated | at_least | up_to | range (of amount or percentage).",
            ),
            ("amount_high", "Upper end of a range of amounts."),
            ("percentage_high", "Upper end of a range of percentages."),
            ("period", "Period it is for."),
            (
                "period_start",
                "First end of period (period itself when it is one date; empty when open).",
            ),
            (
                "period_end",
                "Last end of period (period itself when it is one date; empty when open).",
            ),
            (
                "period_precision",
                "How precise period is (its start's precision; empty when the start is open).",
            ),
            ("comparison_period", "Period a growth figure is measured against."),
            ("subject_organization_slug", "Organization the figure is about."),
            ("subject_organization_name", "Its canonical name."),
            ("subject_agreement_slug", "Agreement the figure is about."),
            ("subject_agreement_title", "Its title."),
            ("subject_facility_slug", "Facility the figure is about."),
            ("subject_facility_name", "Its name."),
            ("subject_segment", "Named segment, e.g. emerging markets."),
            ("note", "Context, in our words."),
            (
                "source_slug",
                "Source that states the figure (an article before an editorial addition).",
            ),
            (
                "source_paragraph",
                "Paragraph of that source, counted from 1 (empty for editorial sources).",
            ),
            ("citation_count", "How many source paragraphs the figure cites in all."),
        ),
        create="CREATE VIEW view_financial_figures AS\nSELECT\n  f.slug AS figure_slug,\n  f.measure AS measure,\n  f.disclosure AS disclosure,\n  f.amount AS amount,\n  f.currency AS currency,\n  f.percentage AS percentage,\n  f.qualifier AS qualifier,\n  f.amount_high AS amount_high,\n  f.percentage_high AS percentage_high,\n  f.period AS period,\n  CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END AS period_start,\n  CASE WHEN f.period IS NULL OR substr(f.period, length(f.period) - 2, 3) = '/..' THEN NULL WHEN substr(f.period, 3, 1) = '/' THEN substr(f.period, 4) WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 6) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 9) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 12) ELSE f.period END AS period_end,\n  CASE WHEN CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END IS NULL THEN NULL WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 4 THEN 'year' WHEN substr(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END, 6, 1) = 'Q' THEN 'quarter' WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 7 THEN 'month' ELSE 'day' END AS period_precision,\n  f.comparison_period AS comparison_period,\n  o.slug AS subject_organization_slug,\n  o.name AS subject_organization_name,\n  a.slug AS subject_agreement_slug,\n  a.title AS subject_agreement_title,\n  fa.slug AS subject_facility_slug,\n  fa.name AS subject_facility_name,\n  f.segment AS subject_segment,\n  f.note AS note,\n  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,\n  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,\n  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count\nFROM financial_figures f\nLEFT JOIN organizations o ON o.id = f.organization_id\nLEFT JOIN agreements a ON a.id = f.agreement_id\nLEFT JOIN facilities fa ON fa.id = f.facility_id",
    ),
    FrozenView(
        name="view_fact_sources",
        description="One row per link between a fact and the source paragraph that states it (the citations table, with the fact and the source spelled out).",
        columns=(
            ("fact_table", "Table of the fact row, e.g. agreement_parties."),
            ("fact_id", "Its id in that table."),
            (
                "fact_slug",
                "Slug of the record the fact belongs to: the row itself, or the parent of a child row (the agreement of a party, the person of a position).",
            ),
            (
                "fact_key",
                "Which child row of that record, e.g. 'astrazeneca (pharma_partner)' for a party; empty for a top-level record.",
            ),
            ("source_slug", "Natural key of the source."),
            ("source_kind", "article | press_release | website | filing | editorial"),
            ("source_published_on", "Publication date."),
            ("source_sha256", "SHA-256 of the source's stored text (hex)."),
            (
                "paragraph",
                "Paragraph of the source text, counted from 1 (empty for editorial sources).",
            ),
        ),
        create="CREATE VIEW view_fact_sources AS\nSELECT\n  fact.fact_table AS fact_table,\n  fact.fact_id AS fact_id,\n  fact.fact_slug AS fact_slug,\n  fact.fact_key AS fact_key,\n  s.slug AS source_slug,\n  s.kind AS source_kind,\n  s.published_on AS source_published_on,\n  s.sha256 AS source_sha256,\n  fact.paragraph AS paragraph\nFROM (\n  SELECT 'organizations' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organizations x ON x.id = c.organization_id\n  UNION ALL SELECT 'organization_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_names x ON x.id = c.organization_name_id JOIN organizations r ON r.id = x.organization_id\n  UNION ALL SELECT 'organization_interests' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.kind || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_interests x ON x.id = c.organization_interest_id JOIN organizations r ON r.id = x.organization_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'people' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN people x ON x.id = c.person_id\n  UNION ALL SELECT 'person_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN person_names x ON x.id = c.person_name_id JOIN people r ON r.id = x.person_id\n  UNION ALL SELECT 'positions' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.title || ' at ' || k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN positions x ON x.id = c.position_id JOIN people r ON r.id = x.person_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'research_areas' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN research_areas x ON x.id = c.research_area_id\n  UNION ALL SELECT 'programmes' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programmes x ON x.id = c.programme_id\n  UNION ALL SELECT 'programme_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programme_areas x ON x.id = c.programme_area_id JOIN programmes r ON r.id = x.programme_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreements' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreements x ON x.id = c.agreement_id\n  UNION ALL SELECT 'agreement_parties' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_parties x ON x.id = c.agreement_party_id JOIN agreements r ON r.id = x.agreement_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'agreement_people' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_people x ON x.id = c.agreement_person_id JOIN agreements r ON r.id = x.agreement_id JOIN people k ON k.id = x.person_id\n  UNION ALL SELECT 'agreement_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_areas x ON x.id = c.agreement_area_id JOIN agreements r ON r.id = x.agreement_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreement_territories' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.country || ' (' || x.scope || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_territories x ON x.id = c.agreement_territory_id JOIN agreements r ON r.id = x.agreement_id\n  UNION ALL SELECT 'projects' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN projects x ON x.id = c.project_id\n  UNION ALL SELECT 'project_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN project_areas x ON x.id = c.project_area_id JOIN projects r ON r.id = x.project_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'facilities' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN facilities x ON x.id = c.facility_id\n  UNION ALL SELECT 'financial_figures' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN financial_figures x ON x.id = c.financial_figure_id\n  UNION ALL SELECT 'events' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN events x ON x.id = c.event_id\n  UNION ALL SELECT 'agreement_statuses' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.status || COALESCE(' (' || x.changed_on || ')', '') AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_statuses x ON x.id = c.agreement_status_id JOIN agreements r ON r.id = x.agreement_id\n  UNION ALL SELECT 'products' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN products x ON x.id = c.product_id\n  UNION ALL SELECT 'product_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_names x ON x.id = c.product_name_id JOIN products r ON r.id = x.product_id\n  UNION ALL SELECT 'product_owners' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_owners x ON x.id = c.product_owner_id JOIN products r ON r.id = x.product_id JOIN organizations k ON k.id = x.organization_id\n  UNION ALL SELECT 'product_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN product_areas x ON x.id = c.product_area_id JOIN products r ON r.id = x.product_id JOIN research_areas k ON k.id = x.research_area_id\n  UNION ALL SELECT 'agreement_products' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_products x ON x.id = c.agreement_product_id JOIN agreements r ON r.id = x.agreement_id JOIN products k ON k.id = x.product_id\n  UNION ALL SELECT 'organization_relations' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_relations x ON x.id = c.organization_relation_id\n  UNION ALL SELECT 'agreement_programmes' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_programmes x ON x.id = c.agreement_programme_id JOIN agreements r ON r.id = x.agreement_id JOIN programmes k ON k.id = x.programme_id\n  UNION ALL SELECT 'event_facilities' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN event_facilities x ON x.id = c.event_facility_id JOIN events r ON r.id = x.event_id JOIN facilities k ON k.id = x.facility_id\n) fact\nJOIN sources s ON s.id = fact.source_id",
    ),
)


def _one_subject(subjects: Sequence[tuple[str, str]]) -> str:
    counted = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c, _ in subjects)
    return f"{counted} = 1"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_views(views: tuple[FrozenView, ...]) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for view in views:
        op.execute(view.create)
        if postgresql:
            op.execute(f"COMMENT ON VIEW {view.name} IS {_quoted(view.description)}")
            for column, description in view.columns:
                op.execute(f"COMMENT ON COLUMN {view.name}.{column} IS {_quoted(description)}")


def _drop_views(views: tuple[FrozenView, ...]) -> None:
    for view in views:
        op.execute(f"DROP VIEW IF EXISTS {view.name}")


def _change_subjects(*, added: bool) -> None:
    """Add the new subject columns (or drop them), with the one-subject CHECK counting the
    columns there are after."""
    after = (*SUBJECTS, *NEW_SUBJECTS) if added else SUBJECTS
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot alter a CHECK: the table is built anew from its exact DDL (that of 0018,
        # or of this revision), so that a downgrade leaves the schema as it found it.
        table_sql, index_sql = (
            (NEW_CITATIONS, NEW_INDEXES) if added else (OLD_CITATIONS, OLD_INDEXES)
        )
        kept = ", ".join(["id", "source_id", "paragraph", *(c for c, _ in SUBJECTS)])
        op.execute("ALTER TABLE citations RENAME TO citations_before_0019")
        op.execute(table_sql)
        op.execute(f"INSERT INTO citations ({kept}) SELECT {kept} FROM citations_before_0019")
        op.execute("DROP TABLE citations_before_0019")
        for statement in index_sql:
            op.execute(statement)
        return
    with op.batch_alter_table("citations") as batch:
        batch.drop_constraint(op.f("ck_citations_one_subject"), type_="check")
        for column, table in NEW_SUBJECTS:
            if added:
                batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch.create_foreign_key(
                    op.f(f"fk_citations_{column}_{table}"),
                    table,
                    [column],
                    ["id"],
                    ondelete="CASCADE",
                )
                batch.create_index(op.f(f"ix_citations_{column}"), [column])
            else:
                batch.drop_index(op.f(f"ix_citations_{column}"))
                batch.drop_column(column)
        batch.create_check_constraint(
            op.f("ck_citations_one_subject"), sa.text(_one_subject(after))
        )


def upgrade() -> None:
    op.create_table(
        "organization_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False, comment="Natural key."),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.String(length=20),
            nullable=False,
            comment="member_of | resident_of | owner_of | joint_venture_of (the organization is a member of the other, a resident of it, owns a stake in it, is a joint venture of it)",
        ),
        sa.Column("other_organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "stake_percent",
            EXACT_DECIMAL,
            nullable=True,
            comment="The stake an owner holds, in percent (51 means 51%), where a source gives it.",
        ),
        sa.Column(
            "started_on",
            sa.String(length=10),
            nullable=True,
            comment="Since when, at its precision, if known.",
        ),
        sa.Column(
            "ended_on",
            sa.String(length=10),
            nullable=True,
            comment="Until when, at its precision, if known.",
        ),
        sa.Column(
            "note", sa.Text(), nullable=True, comment="What the sources say of it, in our words."
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_relations_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["other_organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_relations_other_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_relations")),
        sa.UniqueConstraint(
            "organization_id",
            "relation",
            "other_organization_id",
            name=op.f("uq_organization_relations_organization_id_relation_other_organization_id"),
        ),
        sa.UniqueConstraint("slug", name=op.f("uq_organization_relations_slug")),
        comment="Relations between organizations beyond the parent: a member of a cluster, a resident of a special economic zone or technopark, an owner with its stake, a joint venture of its founders. Dated and cited.",
    )
    with op.batch_alter_table("organization_relations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_relations_organization_id"),
            ["organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_organization_relations_other_organization_id"),
            ["other_organization_id"],
            unique=False,
        )

    op.create_table(
        "agreement_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_programmes_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_agreement_programmes_programme_id_programmes"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_programmes")),
        sa.UniqueConstraint(
            "agreement_id",
            "programme_id",
            name=op.f("uq_agreement_programmes_agreement_id_programme_id"),
        ),
        comment="The programmes (a government programme, a company initiative) an agreement was made under.",
    )
    with op.batch_alter_table("agreement_programmes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_programmes_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_programmes_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "event_facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_facilities_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_event_facilities_facility_id_facilities"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_facilities")),
        sa.UniqueConstraint(
            "event_id", "facility_id", name=op.f("uq_event_facilities_event_id_facility_id")
        ),
        comment="The facilities an event concerns (construction began, a plant opened or closed).",
    )
    with op.batch_alter_table("event_facilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_facilities_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_facilities_facility_id"), ["facility_id"], unique=False
        )

    _drop_views(OLD_VIEWS)
    _change_subjects(added=True)
    _create_views(NEW_VIEWS)


def downgrade() -> None:
    _drop_views(NEW_VIEWS)
    op.execute(
        "DELETE FROM citations WHERE "
        + " OR ".join(f"{column} IS NOT NULL" for column, _ in NEW_SUBJECTS)
    )
    _change_subjects(added=False)
    _create_views(OLD_VIEWS)
    with op.batch_alter_table("event_facilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_facilities_facility_id"))
        batch_op.drop_index(batch_op.f("ix_event_facilities_event_id"))

    op.drop_table("event_facilities")
    with op.batch_alter_table("agreement_programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_programmes_programme_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_programmes_agreement_id"))

    op.drop_table("agreement_programmes")
    with op.batch_alter_table("organization_relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_relations_other_organization_id"))
        batch_op.drop_index(batch_op.f("ix_organization_relations_organization_id"))

    op.drop_table("organization_relations")
