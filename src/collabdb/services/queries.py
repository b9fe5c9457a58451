"""Read queries behind the CLI's read commands, each in its own unit of work."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from collabdb.repositories.agreements import AgreementRepository
from collabdb.repositories.organizations import OrganizationRepository
from collabdb.schemas.reads import AgreementRead
from collabdb.services.resolver import resolve_organization
from collabdb.unit_of_work import UnitOfWork


def list_agreements(engine: Engine, *, partners: Sequence[str] = ()) -> list[AgreementRead]:
    """Agreements involving every partner named (each with its units and subsidiaries)."""
    with UnitOfWork(engine) as uow:
        organizations = OrganizationRepository(uow.session)
        party_sets = [
            organizations.with_descendants(resolve_organization(uow.session, partner).id)
            for partner in partners
        ]
        return AgreementRepository(uow.session).list(party_sets=party_sets)
