"""Read models of products: a row of the `products` list and one product with what is around
it (``collabdb product NAME``). Fields in the order of the export format, as ``details.py``."""

from __future__ import annotations

from typing import ClassVar

from collabdb.schemas import related
from collabdb.schemas.details import AgreementArea, OtherName
from collabdb.schemas.lists import ListRow
from collabdb.schemas.reads import CitationRead, ReadModel, read_model


@read_model
class OwnerRead(ReadModel):
    """An organization that owns a product."""

    organization: str
    name: str

    def __str__(self) -> str:
        return self.name


@read_model
class ProductRow(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("slug", "name", "kind", "owners", "agreements")
    slug: str
    name: str
    kind: str
    owners: list[OwnerRead]
    #: How many agreements concern it.
    agreements: int

    def flat(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind.replace("_", " "),
            "owners": "; ".join(str(owner) for owner in self.owners),
            "agreements": str(self.agreements),
        }


@read_model
class ProductOwner(ReadModel):
    organization: str
    name: str
    citations: list[CitationRead]


@read_model
class ProductInAgreement(ReadModel):
    """An agreement that concerns the product, with the product's role and stage in it."""

    agreement: str
    title: str
    type: str
    date: str | None
    role: str
    stage_at_signing: str | None
    citations: list[CitationRead]


@read_model
class ProductDetail(ReadModel):
    slug: str
    name: str
    kind: str
    description: str | None
    names: list[OtherName]
    owners: list[ProductOwner]
    areas: list[AgreementArea]
    citations: list[CitationRead]
    agreements: list[ProductInAgreement]
    source_documents: list[related.SourceDocument]
