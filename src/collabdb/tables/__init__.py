"""The schema as SQLAlchemy Core tables: the one definition of every table, column and index.

Importing this package registers every table on :data:`metadata`. Commands read and write
through these tables with Core statements, so they need neither the ORM nor its mapper
configuration at start-up; the ORM classes in :mod:`collabdb.models` map onto the same tables
for Python users who want objects and relationships.
"""

from collabdb.tables.agreements import (
    agreement_areas,
    agreement_parties,
    agreement_people,
    agreement_programmes,
    agreement_statuses,
    agreement_territories,
    agreements,
    project_areas,
    projects,
)
from collabdb.tables.areas import (
    KEPT_BY_TRIGGERS,
    research_area_closure,
    research_area_counts,
    research_areas,
)
from collabdb.tables.base import metadata
from collabdb.tables.events import event_facilities, events
from collabdb.tables.facilities import facilities
from collabdb.tables.figures import financial_figures
from collabdb.tables.history import change_sets, distinct_pairs, record_changes, redirects
from collabdb.tables.meta import import_log
from collabdb.tables.organizations import (
    organization_interests,
    organization_names,
    organization_relations,
    organizations,
)
from collabdb.tables.people import people, person_names, positions
from collabdb.tables.products import (
    agreement_products,
    product_areas,
    product_names,
    product_owners,
    products,
)
from collabdb.tables.programmes import programme_areas, programmes
from collabdb.tables.search import search_documents
from collabdb.tables.sources import CITED_TABLES, citations, sources

__all__ = [
    "CITED_TABLES",
    "KEPT_BY_TRIGGERS",
    "agreement_areas",
    "agreement_parties",
    "agreement_people",
    "agreement_products",
    "agreement_programmes",
    "agreement_statuses",
    "agreement_territories",
    "agreements",
    "change_sets",
    "citations",
    "distinct_pairs",
    "event_facilities",
    "events",
    "facilities",
    "financial_figures",
    "import_log",
    "metadata",
    "organization_interests",
    "organization_names",
    "organization_relations",
    "organizations",
    "people",
    "person_names",
    "positions",
    "product_areas",
    "product_names",
    "product_owners",
    "products",
    "programme_areas",
    "programmes",
    "project_areas",
    "projects",
    "record_changes",
    "redirects",
    "research_area_closure",
    "research_area_counts",
    "research_areas",
    "search_documents",
    "sources",
]
