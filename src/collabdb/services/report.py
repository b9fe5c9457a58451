"""What an import did (or would do, in a dry run), per kind."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class KindCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    name: str
    counts: dict[str, KindCounts] = field(default_factory=dict)
    dry_run: bool = False
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    #: the id of its change set in the history (None for a dry run or an empty input)
    change_set: int | None = None

    def total(self, attribute: str) -> int:
        return sum(getattr(c, attribute) for c in self.counts.values())
