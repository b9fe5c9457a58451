"""A source's page: its paragraphs, each with the facts it supports, and the search results.

A paragraph whose text is stored is shown; one whose text is not (a public page we cite but do
not redistribute) is named by its number with the publisher and the address of the page, so a
reader can find it there. Each is anchored ``#p<number>``, where the citations link.
"""

from __future__ import annotations

from dataclasses import dataclass

from collabdb.schemas.details import SourceDetail, SourceFact
from collabdb.schemas.lists import SearchResult
from collabdb.web.display import Piece, label, record_href


@dataclass(frozen=True)
class Paragraph:
    number: int
    #: The paragraph's words, or ``None`` where the source's text is not stored.
    text: str | None
    facts: tuple[tuple[Piece, str], ...]

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True)
class SourceText:
    paragraphs: tuple[Paragraph, ...]
    #: Facts citing the source without a paragraph (or all of them, if it has none).
    unplaced: tuple[tuple[Piece, str], ...]
    publisher: str | None
    url: str | None


def source_text(detail: SourceDetail, *, database: str) -> SourceText:
    numbered = detail.paragraphs or []
    return SourceText(
        paragraphs=tuple(
            Paragraph(
                number=p.paragraph,
                text=p.text,
                facts=tuple(_fact(f, database=database) for f in p.facts),
            )
            for p in numbered
        ),
        unplaced=tuple(
            _fact(f, database=database) for f in detail.facts if f.paragraph is None or not numbered
        ),
        publisher=detail.publisher,
        url=detail.url if (detail.url or "").startswith(("https://", "http://")) else None,
    )


def _fact(fact: SourceFact, *, database: str) -> tuple[Piece, str]:
    """The record a fact belongs to, linked, and which part of it (``parties[astrazeneca]``)."""
    kind, _, slug = fact.record.partition("/")
    name = fact.name or slug
    link = Piece(name, record_href(kind, slug, database=database), f"{label(kind)}: {slug}")
    return link, "" if fact.part == "record" else fact.part


@dataclass(frozen=True)
class Hit:
    name: Piece
    kind: str
    field: str
    matched: str


def search_hits(results: list[SearchResult], *, database: str) -> list[Hit]:
    return [
        Hit(
            name=Piece(r.name or r.slug, record_href(r.kind, r.slug, database=database), r.slug),
            kind=label(r.kind),
            field=r.field,
            matched=r.matched,
        )
        for r in results
    ]
