"""SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from collabdb.models.agreements import (
    Agreement,
    AgreementArea,
    AgreementParty,
    AgreementPerson,
    AgreementTerritory,
    Project,
    ProjectArea,
)
from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base
from collabdb.models.events import Event
from collabdb.models.facilities import Facility
from collabdb.models.figures import FinancialFigure
from collabdb.models.meta import ImportLog
from collabdb.models.organizations import Organization, OrganizationInterest, OrganizationName
from collabdb.models.people import Person, PersonName, Position
from collabdb.models.programmes import Programme, ProgrammeArea
from collabdb.models.search import SearchDocument
from collabdb.models.sources import CITED_TABLES, Citation, Source

__all__ = [
    "CITED_TABLES",
    "Agreement",
    "AgreementArea",
    "AgreementParty",
    "AgreementPerson",
    "AgreementTerritory",
    "Base",
    "Citation",
    "Event",
    "Facility",
    "FinancialFigure",
    "ImportLog",
    "Organization",
    "OrganizationInterest",
    "OrganizationName",
    "Person",
    "PersonName",
    "Position",
    "Programme",
    "ProgrammeArea",
    "Project",
    "ProjectArea",
    "ResearchArea",
    "SearchDocument",
    "Source",
]
