"""Records by the names people type: slugs, names, aliases, and the trees of units and areas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, literal, select, union
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.text import match_key


@dataclass(frozen=True)
class NamedKind:
    """How records of one kind are named."""

    label: str
    model: type[m.Base]
    name_column: str
    has_name_key: bool = False
    aliases: type[m.Base] | None = None
    alias_parent: str = ""
    is_tree: bool = False


NAMED_KINDS: dict[str, NamedKind] = {
    "organizations": NamedKind(
        "organization", m.Organization, "name", True, m.OrganizationName, "organization_id", True
    ),
    "people": NamedKind("person", m.Person, "name", True, m.PersonName, "person_id"),
    "research_areas": NamedKind("research area", m.ResearchArea, "name", True, is_tree=True),
    "programmes": NamedKind("programme", m.Programme, "name", True),
    "agreements": NamedKind("agreement", m.Agreement, "title"),
    "projects": NamedKind("project", m.Project, "name"),
    "facilities": NamedKind("facility", m.Facility, "name"),
    "sources": NamedKind("source", m.Source, "title"),
    "figures": NamedKind("figure", m.FinancialFigure, "slug"),
    "events": NamedKind("event", m.Event, "title"),
}


@dataclass(frozen=True)
class Named:
    id: int
    slug: str
    name: str
    parent_id: int | None = None


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class NameRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _select(self, kind: str) -> Any:
        named = NAMED_KINDS[kind]
        table = _table(named.model)
        parent = table.c.parent_id if named.is_tree else literal(None).label("parent_id")
        return select(table.c.id, table.c.slug, table.c[named.name_column], parent)

    def _named(self, rows: Any) -> list[Named]:
        return [Named(id=i, slug=s, name=n, parent_id=p) for i, s, n, p in rows]

    def exact(self, kind: str, text: str) -> list[Named]:
        """Records whose slug, name or any stored name equals ``text`` after folding."""
        named = NAMED_KINDS[kind]
        table = _table(named.model)
        ids = [select(table.c.id).where(table.c.slug == text.strip().lower())]
        key = match_key(text)
        if named.has_name_key and key:
            ids.append(select(table.c.id).where(table.c.name_key == key))
        if named.aliases is not None and key:
            aliases = _table(named.aliases)
            ids.append(select(aliases.c[named.alias_parent]).where(aliases.c.name_key == key))
        if kind == "sources" and len(text) >= 8 and all(c in "0123456789abcdef" for c in text):
            ids.append(select(table.c.id).where(table.c.sha256.startswith(text)))
        found = union(*ids).subquery()
        query = self._select(kind).where(table.c.id.in_(select(found.c[0])))
        return self._named(self.session.execute(query.order_by(table.c.slug)))

    def slug_prefix(self, kind: str, prefix: str) -> list[Named]:
        """Records whose slug starts with ``prefix`` (a range scan on the slug index)."""
        table = _table(NAMED_KINDS[kind].model)
        start = prefix.strip().lower()
        if not start:
            return []
        query = self._select(kind).where(table.c.slug >= start, table.c.slug < start + "\uffff")
        return self._named(self.session.execute(query.order_by(table.c.slug).limit(200)))

    def by_slugs(self, kind: str, slugs: Sequence[str]) -> list[Named]:
        table = _table(NAMED_KINDS[kind].model)
        query = self._select(kind).where(table.c.slug.in_(list(slugs))).order_by(table.c.slug)
        return self._named(self.session.execute(query))

    def slugs_of(self, kind: str, ids: Sequence[int]) -> set[str]:
        table = _table(NAMED_KINDS[kind].model)
        return set(self.session.scalars(select(table.c.slug).where(table.c.id.in_(list(ids)))))

    def ancestors(self, kind: str, record_id: int) -> list[int]:
        """Ids of a tree record's parents, nearest first."""
        table = _table(NAMED_KINDS[kind].model)
        tree = (
            select(table.c.id, table.c.parent_id).where(table.c.id == record_id).cte(recursive=True)
        )
        parent = table.alias("parent")
        tree = tree.union(
            select(parent.c.id, parent.c.parent_id).join(tree, parent.c.id == tree.c.parent_id)
        )
        return [i for i in self.session.scalars(select(tree.c.id)) if i != record_id]

    def with_descendants(self, kind: str, record_id: int) -> list[int]:
        """A tree record's id and the ids of everything below it."""
        table = _table(NAMED_KINDS[kind].model)
        tree = select(table.c.id).where(table.c.id == record_id).cte(recursive=True)
        child = table.alias("child")
        tree = tree.union(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
        return list(self.session.scalars(select(tree.c.id)))

    def all_names(self, kind: str) -> list[tuple[str, str]]:
        """(name as typed, canonical name) pairs of a kind, for "did you mean" suggestions."""
        named = NAMED_KINDS[kind]
        table = _table(named.model)
        canonical = select(table.c[named.name_column], table.c[named.name_column])
        if named.aliases is None:
            return [(a, b) for a, b in self.session.execute(canonical)]
        aliases = _table(named.aliases)
        alias_names = select(aliases.c.name, table.c[named.name_column]).join(
            table, table.c.id == aliases.c[named.alias_parent]
        )
        return [(a, b) for a, b in self.session.execute(canonical.union(alias_names))]
