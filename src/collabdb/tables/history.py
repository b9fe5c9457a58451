"""The history of changes: every change set (an import, a delete, an undo...) with who made it,
when and why, and each record it touched as it was before and after. Written in the same
transaction as the change it records; not part of `export`, which is the current state."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from collabdb.tables.base import metadata

change_sets = Table(
    "change_sets",
    metadata,
    Column("id", Integer, primary_key=True, comment="The change id `collabdb undo` takes."),
    Column(
        "operation",
        String(20),
        nullable=False,
        comment="import | delete | distinct | undo (what made the change).",
    ),
    Column("made_at", DateTime(timezone=True), nullable=False, comment="When it committed (UTC)."),
    Column(
        "actor",
        Text,
        nullable=False,
        comment="Who made it: --by, else COLLABDB_ACTOR, else the operating-system user.",
    ),
    Column("reason", Text, comment="Why, as given with --reason."),
    Column("input_name", Text, comment="The file imported, where there was one."),
    Column("input_sha256", String(64), comment="SHA-256 of that file's bytes."),
    Column("summary", Text, nullable=False, comment="One line on what changed."),
    Column(
        "undoes_id",
        ForeignKey("change_sets.id", ondelete="RESTRICT"),
        index=True,
        comment="The change set an undo reverted.",
    ),
    comment="One row per change to the knowledge base (history; not in `export`).",
)

record_changes = Table(
    "record_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "change_set_id",
        ForeignKey("change_sets.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
        comment="The change set.",
    ),
    Column("kind", String(40), nullable=False, comment="Record kind, as in the import format."),
    Column("slug", String(200), nullable=False, comment="The record's slug."),
    Column(
        "before",
        Text,
        comment="The record before, as `export` writes it (JSON; empty when it was inserted).",
    ),
    Column(
        "after",
        Text,
        comment="The record after, as `export` writes it (JSON; empty when it was deleted).",
    ),
    # `history KIND SLUG` and the check that no later change touched what an undo restores.
    Index("ix_record_changes_kind_slug", "kind", "slug"),
    comment="Each record a change set touched, before and after (history; not in `export`).",
)

distinct_pairs = Table(
    "distinct_pairs",
    metadata,
    Column("kind", String(40), primary_key=True, comment="Record kind of both records."),
    Column("slug_a", String(200), primary_key=True, comment="One record (the lesser slug)."),
    Column("slug_b", String(200), primary_key=True, comment="The other (the greater slug)."),
    comment="Pairs of records judged not the same (`collabdb distinct`): the near-duplicate "
    "check does not warn about them.",
)

redirects = Table(
    "redirects",
    metadata,
    Column("kind", String(40), primary_key=True, comment="Record kind of both records."),
    Column(
        "from_slug",
        String(200),
        primary_key=True,
        comment="The slug of a record merged away (`collabdb merge`): it resolves to into_slug.",
    ),
    Column("into_slug", String(200), nullable=False, comment="The record it was merged into."),
    # A merge repoints the redirects into the record merged away; a delete drops those into it.
    Index("ix_redirects_kind_into_slug", "kind", "into_slug"),
    comment="Old slugs of merged records and the records they resolve to, on the CLI and in "
    "later imports (part of the state: `export` writes them).",
)
