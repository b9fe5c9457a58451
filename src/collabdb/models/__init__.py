"""ORM classes over the tables of :mod:`collabdb.tables`, with their relationships.

For Python users who want objects (``session.get(Agreement, 1).parties``). The commands
themselves read and write through Core statements on the tables and never import this package,
which keeps the ORM's import and mapper configuration out of their start-up.
"""

from collabdb.models.agreements import (
    Agreement,
    AgreementArea,
    AgreementParty,
    AgreementPerson,
    AgreementStatus,
    AgreementTerritory,
    Project,
    ProjectArea,
)
from collabdb.models.areas import ResearchArea, ResearchAreaClosure, ResearchAreaCounts
from collabdb.models.base import Base
from collabdb.models.events import Event, EventFacility
from collabdb.models.facilities import Facility
from collabdb.models.figures import FinancialFigure
from collabdb.models.meta import ChangeSet, DistinctPair, ImportLog, RecordChange, Redirect
from collabdb.models.organizations import (
    Organization,
    OrganizationInterest,
    OrganizationName,
    OrganizationRelation,
)
from collabdb.models.people import Person, PersonName, Position
from collabdb.models.products import (
    AgreementProduct,
    Product,
    ProductArea,
    ProductName,
    ProductOwner,
)
from collabdb.models.programmes import AgreementProgramme, Programme, ProgrammeArea
from collabdb.models.search import SearchDocument
from collabdb.models.sources import Citation, Source

__all__ = [
    "Agreement",
    "AgreementArea",
    "AgreementParty",
    "AgreementPerson",
    "AgreementProduct",
    "AgreementProgramme",
    "AgreementStatus",
    "AgreementTerritory",
    "Base",
    "ChangeSet",
    "Citation",
    "DistinctPair",
    "Event",
    "EventFacility",
    "Facility",
    "FinancialFigure",
    "ImportLog",
    "Organization",
    "OrganizationInterest",
    "OrganizationName",
    "OrganizationRelation",
    "Person",
    "PersonName",
    "Position",
    "Product",
    "ProductArea",
    "ProductName",
    "ProductOwner",
    "Programme",
    "ProgrammeArea",
    "Project",
    "ProjectArea",
    "RecordChange",
    "Redirect",
    "ResearchArea",
    "ResearchAreaClosure",
    "ResearchAreaCounts",
    "SearchDocument",
    "Source",
]
