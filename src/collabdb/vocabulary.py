"""The controlled vocabularies of the knowledge base (kinds, roles, statuses, measures).

Plain ``Literal`` types with no heavy imports, so that the CLI can offer them as choices
without loading pydantic models or SQLAlchemy.
"""

from __future__ import annotations

from typing import Literal

SourceKind = Literal["article", "press_release", "website", "filing", "editorial"]
OrganizationKind = Literal[
    "company",
    "company_unit",
    "foundation",
    "foundation_unit",
    "research_institute",
    "research_group",
    "hospital",
    "university",
    "government_body",
    "fund",
    "startup",
    "other",
]
#: What kind of name a record goes by; a product's also by its INN, brand or code (AZD1222).
NameType = Literal[
    "official",
    "short",
    "acronym",
    "russian",
    "transliteration",
    "former",
    "informal",
    "inn",
    "brand",
    "code",
]
InterestKind = Literal[
    "partnering_interest", "research_focus", "activity", "core_capability", "priority"
]
PositionStatus = Literal["current", "former", "unknown"]
#: How an organization relates to another: it is a member of it (a cluster, an association), a
#: resident of it (a special economic zone, a technopark), owns a stake in it, or is a joint
#: venture of it (one relation per founder).
RelationKind = Literal["member_of", "resident_of", "owner_of", "joint_venture_of"]
AgreementType = Literal[
    "strategic_partnership",
    "memorandum",
    "research_collaboration",
    "licensing",
    "manufacturing",
    "distribution",
    "co_development",
    "joint_venture",
    "acquisition",
    "technology_transfer",
    "localization",
    "special_investment_contract",
    "accelerator_programme",
    "supply",
    "clinical_collaboration",
    "investment_commitment",
    "other",
]
#: A change in an agreement's status history, in the order changes on one date follow.
StatusChange = Literal[
    "announced", "signed", "in_force", "completed", "suspended", "terminated", "dropped"
]
#: An agreement's current status: the latest of its status history (or, without a history, as
#: given; "unknown" when the sources do not say). Version 1's "active" is read as "in_force".
AgreementStatus = Literal[StatusChange, "unknown"]
FinancialTerms = Literal["disclosed", "not_disclosed", "unknown"]
PartyRole = Literal[
    "partner",
    "pharma_partner",
    "research_partner",
    "licensor",
    "licensee",
    "investor",
    "manufacturer",
    "sponsor",
    "participant",
    "acquirer",
    "acquired",
    "seller",
    "developer",
    "host_government",
    "host_region",
]
AgreementPersonRole = Literal[
    "signatory", "spokesperson", "pictured", "negotiator", "contact", "attendee", "witness"
]
TerritoryScope = Literal["included", "excluded"]
ProjectStatus = Literal["planned", "active", "completed", "unknown"]
FacilityKind = Literal[
    "manufacturing_plant", "hospital", "laboratory", "biobank", "research_centre", "office"
]
Measure = Literal[
    "investment",
    "revenue",
    "revenue_growth",
    "deal_value",
    "upfront",
    "milestones",
    "royalty_rate",
    "equity",
    "funding",
    "other",
]
Disclosure = Literal["disclosed", "not_disclosed"]
#: How exact a number is as its source gives it: "about 350", "at least 10", "5 to 7" (range).
Qualifier = Literal["exact", "about", "estimated", "at_least", "up_to", "range"]
ProductKind = Literal[
    "vaccine", "small_molecule", "biologic", "biosimilar", "platform", "device", "portfolio"
]
#: What an agreement does with a product.
ProductRole = Literal[
    "licensed", "localized", "manufactured", "co_developed", "tested", "supplied", "transferred"
]
#: A product's stage of development when the agreement was signed.
DevelopmentStage = Literal[
    "discovery", "preclinical", "phase_1", "phase_2", "phase_3", "filed", "approved"
]
ProgrammeKind = Literal["government_programme", "policy", "other"]
EventKind = Literal[
    "restructuring",
    "leadership_change",
    "position_eliminated",
    "patent_expiry",
    "setback",
    "claim",
    "statement",
    "market_presence",
    "facility_opening",
    "results",
    "other",
]
