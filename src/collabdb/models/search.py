"""The search documents behind `collabdb search` and name matching.

One row per searchable text of a record (a name, an alias, a title, a summary...), holding
the text as stored and its match key. On SQLite an FTS5 index over the key is kept in step by
triggers (created by the migration); on PostgreSQL a GIN index on its tsvector serves.
"""

from __future__ import annotations

from sqlalchemy.orm import Mapped

from collabdb import tables
from collabdb.models.base import Base


class SearchDocument(Base):
    __table__ = tables.search_documents

    id: Mapped[int]
    kind: Mapped[str]
    slug: Mapped[str]
    field: Mapped[str]
    original: Mapped[str]
    text: Mapped[str]
