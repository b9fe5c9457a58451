"""Finding organizations by what people type, and walking the unit tree."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.schemas.reads import OrganizationRef
from collabdb.text import match_key


class OrganizationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def exact_matches(self, text: str) -> list[OrganizationRef]:
        """Organizations whose slug, name or any stored name matches ``text`` after folding."""
        key = match_key(text)
        slug = text.strip().lower()
        ids = union(
            select(m.Organization.id).where(m.Organization.slug == slug),
            select(m.Organization.id).where(m.Organization.name_key == key),
            select(m.OrganizationName.organization_id).where(m.OrganizationName.name_key == key),
        ).subquery()
        rows = self.session.execute(
            select(
                m.Organization.id,
                m.Organization.slug,
                m.Organization.name,
                m.Organization.parent_id,
            )
            .where(m.Organization.id.in_(select(ids.c[0])))
            .order_by(m.Organization.slug)
        )
        return [OrganizationRef(id=i, slug=s, name=n, parent_id=p) for i, s, n, p in rows]

    def ancestors(self, organization_id: int) -> list[int]:
        """Ids of the organization's parents, nearest first."""
        tree = (
            select(m.Organization.id, m.Organization.parent_id)
            .where(m.Organization.id == organization_id)
            .cte("ancestors", recursive=True)
        )
        parent = m.Organization.__table__.alias("parent")
        tree = tree.union(
            select(parent.c.id, parent.c.parent_id).join(tree, parent.c.id == tree.c.parent_id)
        )
        return [i for i in self.session.scalars(select(tree.c.id)) if i != organization_id]

    def with_descendants(self, organization_id: int) -> list[int]:
        """The organization's id and the ids of all its units and subsidiaries."""
        tree = (
            select(m.Organization.id)
            .where(m.Organization.id == organization_id)
            .cte("descendants", recursive=True)
        )
        child = m.Organization.__table__.alias("child")
        tree = tree.union(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
        return list(self.session.scalars(select(tree.c.id)))

    def all_names(self) -> list[tuple[str, str]]:
        """(name, canonical name) for every name of every organization, for suggestions."""
        canonical = select(m.Organization.name, m.Organization.name)
        aliases = select(m.OrganizationName.name, m.Organization.name).join(
            m.Organization, m.Organization.id == m.OrganizationName.organization_id
        )
        return [(a, b) for a, b in self.session.execute(canonical.union(aliases))]
