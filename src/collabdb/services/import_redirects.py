"""What an import does with the old slugs of merged records (``collabdb merge``).

Before a record is patched, every slug it gives that was merged into another record is read as
that record's (its own slug, its references, its citations' sources), with one warning per old
slug: an import that mentions ``ajai-gautam`` updates ``ajay-gautam``. After every kind is
written, the input's own ``redirects`` list is stored: it is how an export restores them, so a
database rebuilt from an export still resolves old slugs. A redirect given in an input applies
to later imports, not to the records of the same input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Connection

from collabdb.kinds import SPEC_BY_KIND, KindSpec, Record
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.redirects import RedirectRepository, redirect_slug
from collabdb.schemas.records import REDIRECTS
from collabdb.services.checks import with_slugs_moved
from collabdb.services.problems import Problem
from collabdb.services.report import KindCounts

#: A redirect as the history and ``export`` keep it: {"kind", "from", "into"}.
RedirectState = dict[str, str]


class ImportRedirects:
    def __init__(self, connection: Connection, *, warn: Callable[[str], None]) -> None:
        self.connection = connection
        self.warn = warn
        self.repository = RedirectRepository(connection)
        self.stored = self.repository.all()
        self._warned: set[tuple[str, str]] = set()

    def follow(self, spec: KindSpec, patch: Record, where: str) -> Record:
        """``patch`` with every old slug it gives read as the slug it was merged into."""

        def moved(kind: str, slug: str) -> str:
            new = self.stored.get(kind, {}).get(slug)
            if new is None:
                return slug
            if (kind, slug) not in self._warned:
                self._warned.add((kind, slug))
                label = SPEC_BY_KIND[kind].label
                self.warn(
                    f"warning: {where}: {label} {slug!r} was merged into {new!r}; read as {new!r}"
                )
            return new

        followed = with_slugs_moved(spec, patch, moved)
        followed["slug"] = moved(spec.name, patch["slug"])
        return followed

    def store(
        self,
        given: Iterator[tuple[int, str, Record]],
        *,
        counts: KindCounts,
        where: Callable[..., str],
    ) -> tuple[list[Problem], list[tuple[str, RedirectState | None, RedirectState]]]:
        """Store the input's redirects; the problems (nothing is stored then: the caller rolls
        back) and the redirects written, before and after, for the history."""
        problems: list[Problem] = []
        wanted: dict[tuple[str, str], tuple[int, str]] = {}
        for position, _, redirect in given:
            kind, old, into = redirect["kind"], redirect["from"], redirect["into"]
            # into a record merged since: where that one went
            new: str = self.stored.get(kind, {}).get(into) or into
            first = wanted.get((kind, old))
            if first is not None and first[1] != new:
                problems.append(
                    Problem(
                        where(REDIRECTS, position, "into"),
                        f"{kind} slug {old!r} is redirected twice, to {first[1]!r} and {new!r}",
                    )
                )
            elif old == new:
                problems.append(
                    Problem(where(REDIRECTS, position), "a slug cannot redirect to itself")
                )
            else:
                wanted[(kind, old)] = (position, new)
        problems += self._check(wanted, where)
        if problems:
            return problems, []
        written: list[tuple[str, RedirectState | None, RedirectState]] = []
        for (kind, old), (_, new) in sorted(wanted.items()):
            before = self.stored.get(kind, {}).get(old)
            if before == new:
                counts.unchanged += 1
            elif before is None:
                counts.inserted += 1
            else:
                counts.updated += 1
            # Old slugs that resolved to ``old`` now resolve where it does (counted as part of
            # this one, recorded each).
            for each in [old, *sorted(self.repository.into(kind, [old]))]:
                was = self.stored.get(kind, {}).get(each)
                if was == new:
                    continue
                self.repository.put(kind, each, new)
                self.stored.setdefault(kind, {})[each] = new
                written.append(
                    (
                        redirect_slug(kind, each),
                        None if was is None else _state(kind, each, was),
                        _state(kind, each, new),
                    )
                )
        return [], written

    def _check(
        self, wanted: dict[tuple[str, str], tuple[int, str]], where: Callable[..., str]
    ) -> list[Problem]:
        records = RecordRepository(self.connection)
        problems: list[Problem] = []
        kinds = {kind for kind, _ in wanted}
        for kind in sorted(kinds):
            mine = {old: entry for (k, old), entry in wanted.items() if k == kind}
            live = records.slug_ids(kind, list(mine))
            targets = records.slug_ids(kind, {new for _, new in mine.values()})
            noun = kind.replace("_", " ")
            for old, (position, new) in sorted(mine.items(), key=lambda item: item[1][0]):
                if old in live:
                    problems.append(
                        Problem(
                            where(REDIRECTS, position, "from"),
                            f"{noun} slug {old!r} is a stored record, so it cannot redirect; "
                            f"to merge it: collabdb merge {kind} {old} {new}",
                        )
                    )
                if new not in targets:
                    problems.append(
                        Problem(
                            where(REDIRECTS, position, "into"),
                            f"unknown {noun} slug {new!r} (not in this file nor in the database)",
                        )
                    )
        return problems


def _state(kind: str, old: str, new: str) -> RedirectState:
    return {"kind": kind, "from": old, "into": new}
