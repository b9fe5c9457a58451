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
from typing import ClassVar

from sqlalchemy import Connection

from collabdb.kinds import SPECS
from collabdb.repositories.distinct_pairs import DistinctPairRepository, ordered
from collabdb.repositories.neighbour_names import NeighbourNameRepository
from collabdb.text import match_key

THRESHOLD = 90.0  # rapidfuzz ratio (0-100) of the compact keys
MIN_LENGTH = 4  # acronyms and very short names are too easily "close"
PROBES_PER_QUERY = 100  # 4 range scans each; SQLite allows 500 terms in a compound SELECT


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    score: float


def compact_key(name: str) -> str:
    return match_key(name).replace(" ", "")


class NearDuplicateFinder:
    #: The kinds with other names (aliases): the ones people write in several spellings.
    KINDS: ClassVar[tuple[str, ...]] = tuple(s.name for s in SPECS if s.names is not None)

    def __init__(self, connection: Connection) -> None:
        self.names = NeighbourNameRepository(connection)
        self.distinct = DistinctPairRepository(connection)

    def find(
        self, kind: str, names: Sequence[tuple[int, str, str]]
    ) -> list[tuple[int, str, Match]]:
        """For new records (position, slug, name) already written in this transaction: the
        closest other record of ``kind`` whose name is near, if any. Of two new records of the
        same batch that are near each other, only the later one is reported."""
        probes = [(p, s, n, match_key(n)) for p, s, n in names]
        probes = [probe for probe in probes if len(probe[3].replace(" ", "")) >= MIN_LENGTH]
        batch_positions = {slug: position for position, slug, _, _ in probes}
        # Pairs judged not the same (`collabdb distinct`) are not near duplicates.
        judged = self.distinct.involving(kind, batch_positions)
        found: list[tuple[int, str, Match]] = []
        for start in range(0, len(probes), PROBES_PER_QUERY):
            chunk = probes[start : start + PROBES_PER_QUERY]
            candidates = self.names.neighbours(kind, [key for _, _, _, key in chunk])
            for index, (position, slug, name, key) in enumerate(chunk):
                near = [c for c in candidates.get(index, []) if ordered(slug, c[0]) not in judged]
                best = self._best(key, slug, position, near, batch_positions)
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
            # Below the cutoff rapidfuzz returns 0 without finishing the comparison.
            score = fuzz.ratio(compact, other, score_cutoff=THRESHOLD)
            if score >= THRESHOLD and (best is None or score > best.score):
                best = Match(other_slug, other_name, score)
        return best
