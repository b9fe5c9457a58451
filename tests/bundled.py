"""What the bundled data holds, read from its files (not from a database): the tests of the
default database and of `db seed` compare what a command shows with these, so they stay true
as curated deals are added."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collabdb.resources import deal_files, seed_files


def _documents(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        yield json.loads(path.read_text(encoding="utf-8"))


def _agreements(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """Slug -> agreement; a later file's parties add to an earlier one's (as the import does)."""
    agreements: dict[str, dict[str, Any]] = {}
    for document in _documents(paths):
        for agreement in document.get("agreements", []):
            stored = agreements.setdefault(agreement["slug"], {"parties": []})
            stored["parties"] += agreement.get("parties", [])
    return agreements


def _parents(paths: list[Path]) -> dict[str, str]:
    return {
        organization["slug"]: organization["parent"]
        for document in _documents(paths)
        for organization in document.get("organizations", [])
        if organization.get("parent")
    }


def agreement_slugs(*, articles_only: bool = False) -> set[str]:
    """The agreements of the seed and (unless ``articles_only``) of the curated deals."""
    return set(_agreements(_files(articles_only)))


def partner_agreement_slugs(organization: str, *, articles_only: bool = False) -> set[str]:
    """The agreements that ``--partner`` finds for an organization: it or one of its units or
    subsidiaries is a party."""
    paths = _files(articles_only)
    parents = _parents(paths)

    def under(slug: str | None) -> bool:
        while slug is not None:
            if slug == organization:
                return True
            slug = parents.get(slug)
        return False

    return {
        slug
        for slug, agreement in _agreements(paths).items()
        if any(under(party["organization"]) for party in agreement["parties"])
    }


def bundled_file_count(*, articles_only: bool = False) -> int:
    """How many imports `db seed` makes (one import-log row each): one per seed file, and the
    deals' files as one document."""
    return len(seed_files()) + (0 if articles_only else 1)


def _files(articles_only: bool) -> list[Path]:
    return seed_files() + ([] if articles_only else deal_files())
