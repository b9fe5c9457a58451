"""Near-duplicate names: is a new organization or person already in the database under a
slightly different name ("Astra Zeneka" for "AstraZeneca", "Сколково" for "Skolkovo")?

Names are compared on their match keys (case, accents, punctuation and script folded by
:func:`collabdb.text.match_key`) with the spaces taken out, so spacing and transliteration do
not hide a duplicate. Blocking keeps this near-linear: a new name is compared only with its
neighbours in the sorted ``name_key`` index (the canonical names and every stored alternative
name) -- ``WINDOW`` on each side, each fetched by an index range scan -- never with every
stored name. Names that share their first characters sort together, so typos, spacing and
endings are caught; a difference in the very first letters is not (see docs/import-format.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Select, literal, select, union_all
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.text import match_key

WINDOW = 8
THRESHOLD = 90.0  # rapidfuzz ratio (0-100) of the compact keys
MIN_LENGTH = 4  # acronyms and very short names are too easily "close"
PROBES_PER_QUERY = 100  # 4 range scans each; SQLite allows 500 terms in a compound SELECT

Probe = Select[int, str, str, str]


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    score: float


def compact_key(name: str) -> str:
    return match_key(name).replace(" ", "")


class NearDuplicateFinder:
    KINDS: ClassVar[tuple[str, ...]] = ("organizations", "people")

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(
        self, kind: str, names: Sequence[tuple[int, str, str]]
    ) -> list[tuple[int, str, Match]]:
        """For new records (position, slug, name) already written in this transaction: the
        closest other record of ``kind`` whose name is near, if any. Of two new records of the
        same batch that are near each other, only the later one is reported."""
        probes = [(p, s, n, match_key(n)) for p, s, n in names]
        probes = [probe for probe in probes if len(probe[3].replace(" ", "")) >= MIN_LENGTH]
        batch_positions = {slug: position for position, slug, _, _ in probes}
        found: list[tuple[int, str, Match]] = []
        for start in range(0, len(probes), PROBES_PER_QUERY):
            chunk = probes[start : start + PROBES_PER_QUERY]
            candidates = self._neighbours(kind, [key for _, _, _, key in chunk])
            for index, (position, slug, name, key) in enumerate(chunk):
                best = self._best(key, slug, position, candidates.get(index, []), batch_positions)
                if best is not None:
                    found.append((position, name, best))
        return found

    @staticmethod
    def _best(
        key: str,
        slug: str,
        position: int,
        candidates: list[tuple[str, str, str]],
        batch_positions: dict[str, int],
    ) -> Match | None:
        from rapidfuzz import fuzz

        compact = key.replace(" ", "")
        best: Match | None = None
        for other_slug, other_name, other_key in candidates:
            if other_slug == slug or batch_positions.get(other_slug, -1) > position:
                continue
            other = other_key.replace(" ", "")
            if len(other) < MIN_LENGTH:
                continue
            score = 100.0 if other == compact else fuzz.ratio(compact, other)
            if score >= THRESHOLD and (best is None or score > best.score):
                best = Match(other_slug, other_name, score)
        return best

    def _neighbours(self, kind: str, keys: list[str]) -> dict[int, list[tuple[str, str, str]]]:
        """Index -> (slug, canonical name, key of the name that sorted near) for each key."""
        terms: list[Select[Any]] = []
        for index, key in enumerate(keys):
            for source, column in self._sources(kind, index):
                for above in (True, False):
                    terms.append(_window(source, column, key, above=above))
        result: dict[int, list[tuple[str, str, str]]] = {}
        for probe, slug, name, key in self.session.execute(union_all(*terms)):
            result.setdefault(probe, []).append((slug, name, key))
        return result

    @staticmethod
    def _sources(kind: str, probe: int) -> list[tuple[Probe, Any]]:
        tag = literal(probe).label("probe")
        if kind == "organizations":
            org, org_name = m.Organization, m.OrganizationName
            return [
                (select(tag, org.slug, org.name, org.name_key), org.name_key),
                (
                    select(tag, org.slug, org.name, org_name.name_key).join(
                        org_name, org_name.organization_id == org.id
                    ),
                    org_name.name_key,
                ),
            ]
        person, person_name = m.Person, m.PersonName
        return [
            (select(tag, person.slug, person.name, person.name_key), person.name_key),
            (
                select(tag, person.slug, person.name, person_name.name_key).join(
                    person_name, person_name.person_id == person.id
                ),
                person_name.name_key,
            ),
        ]


def _window(source: Probe, column: Any, key: str, *, above: bool) -> Select[Any]:
    if above:
        ranged = source.where(column >= key).order_by(column)
    else:
        ranged = source.where(column < key).order_by(column.desc())
    return select(ranged.limit(WINDOW).subquery())
