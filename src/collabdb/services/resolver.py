"""Turning a name as typed into one organization.

Exact match after folding case, accents, punctuation and script, on slug, canonical name or
any stored name ("AZ" is AstraZeneca's acronym, not a substring hit). When a name matches an
organization and its own units, the top-most one wins.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from collabdb.errors import Ambiguous, NotFound
from collabdb.repositories.organizations import OrganizationRepository
from collabdb.schemas.reads import OrganizationRef


def resolve_organization(session: Session, text: str) -> OrganizationRef:
    repository = OrganizationRepository(session)
    candidates = repository.exact_matches(text)
    if not candidates:
        raise NotFound(_unknown_message(repository, text))
    if len(candidates) == 1:
        return candidates[0]
    ids = {c.id for c in candidates}
    top = [c for c in candidates if not ids.intersection(repository.ancestors(c.id))]
    if len(top) == 1:
        return top[0]
    names = ", ".join(f"{c.name} ({c.slug})" for c in top)
    raise Ambiguous(f"organization {text!r} is ambiguous: it matches {names}; use a slug")


def _unknown_message(repository: OrganizationRepository, text: str) -> str:
    from rapidfuzz import fuzz, process, utils

    names = repository.all_names()
    message = f"unknown organization {text!r}"
    if not names:
        return message
    best = process.extract(
        text,
        [alias for alias, _ in names],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=3,
    )
    suggestions: list[str] = []
    top_score = best[0][1] if best else 0
    for _alias, score, index in best:
        canonical = names[index][1]
        # Only the best-scoring names: a near-tie is worth showing, a distant second is noise.
        if score >= 80 and score >= top_score - 3 and canonical not in suggestions:
            suggestions.append(canonical)
    if suggestions:
        message += "; did you mean " + " or ".join(suggestions) + "?"
    return message
