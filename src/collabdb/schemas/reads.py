"""Read models returned by repositories and services, and rendered by the CLI's output layer.

Dataclasses, not pydantic models: what the database gives back is already valid, and leaving
pydantic out keeps its import (tens of milliseconds, with its core) off the start-up of every
read command. Input is validated by the pydantic models in :mod:`collabdb.schemas.records`.

``@read_model`` makes them frozen for the type checker (assigning a field is a mypy error) and
slotted, keyword-only dataclasses at run time. A frozen dataclass sets each field through
``object.__setattr__``: that doubled the cost of building a listed page's rows, a tenth of the
whole partner query (docs/performance.md). ``@row_model`` is the same, except that it may also
be built from positional values: for the models built from each row of a query result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from typing_extensions import dataclass_transform

_Model = TypeVar("_Model")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def read_model(cls: type[_Model]) -> type[_Model]:
    """A read model class: immutable to mypy, a slotted keyword-only dataclass at run time,
    hashed by its fields as a frozen one is (nothing assigns a field after it is built)."""
    return dataclass(kw_only=True, slots=True, unsafe_hash=True)(cls)


@dataclass_transform(frozen_default=True)
def row_model(cls: type[_Model]) -> type[_Model]:
    """A read model built from each row of a query result, from its values in their order: its
    fields are in the order the query gives them. CPython 3.11 calls a function with keywords
    at twice the cost of a positional call, and a listed page of agreements builds about five
    of these per agreement (its parties, people and sources)."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


def from_values(model: type[_Model], values: Mapping[str, Any], **given: Any) -> _Model:
    """A read model whose fields not ``given`` are the same-named ``values``."""
    names = [f.name for f in fields(model) if f.name not in given]  # type: ignore[arg-type]
    return model(**{name: values[name] for name in names}, **given)


def from_stored(model: type[_Model], found: Any, **given: Any) -> _Model:
    """A read model whose fields not ``given`` are the same-named columns of ``found`` (a row
    of a query result)."""
    return from_values(model, found._mapping, **given)


@read_model
class ReadModel:
    def as_json(self) -> dict[str, Any]:
        """Every field as JSON-ready values (nested read models too; datetimes in ISO 8601)."""
        return {field.name: _json_value(getattr(self, field.name)) for field in fields(self)}


def _json_value(value: Any) -> Any:
    if isinstance(value, ReadModel):
        return value.as_json()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
    return value


@row_model
class CitationRead(ReadModel):
    source: str
    paragraph: int | None

    def __str__(self) -> str:
        return self.source if self.paragraph is None else f"{self.source} ¶{self.paragraph}"


@row_model
class PartyRead(ReadModel):
    organization: str
    name: str
    role: str

    def __str__(self) -> str:
        return f"{self.name} ({self.role.replace('_', ' ')})"


@row_model
class AgreementPersonRead(ReadModel):
    person: str
    name: str
    role: str
    organization: str | None


@read_model
class AgreementRead(ReadModel):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "slug",
        "type",
        "date",
        "parties",
        "people",
        "areas",
        "financial_terms",
        "sources",
    )
    slug: str
    type: str
    title: str
    status: str
    date: str | None
    date_precision: str | None
    date_kind: str | None
    financial_terms: str
    parties: list[PartyRead]
    unnamed_parties: str | None
    people: list[AgreementPersonRead]
    areas: list[str]
    sources: list[CitationRead]
    summary: str | None

    def flat(self) -> dict[str, str]:
        """One line per field, for table and CSV output."""
        parties = [str(p) for p in self.parties]
        if self.unnamed_parties:
            parties.append(self.unnamed_parties)
        return {
            "slug": self.slug,
            "type": self.type.replace("_", " "),
            "date": self.date or "",
            "parties": "; ".join(parties),
            "people": _people_line(self.people),
            "areas": ", ".join(self.areas),
            "financial_terms": FINANCIAL_TERMS_LABELS[self.financial_terms],
            "sources": cite_compactly(self.sources),
        }


FINANCIAL_TERMS_LABELS = {
    "disclosed": "disclosed",
    "not_disclosed": "not disclosed",
    "unknown": "unknown",
}


def cite_compactly(citations: list[CitationRead]) -> str:
    """``source ¶1, ¶4; other ¶2``: each source once, with its paragraphs."""
    paragraphs: dict[str, list[str]] = {}
    for citation in citations:
        marks = paragraphs.setdefault(citation.source, [])
        if citation.paragraph is not None:
            marks.append(f"¶{citation.paragraph}")
    return "; ".join(f"{s} {', '.join(p)}".rstrip() for s, p in paragraphs.items())


def _people_line(people: list[AgreementPersonRead]) -> str:
    """``Irina Panarina (pictured, spokesperson); ...``: each person once, with their roles."""
    roles: dict[str, list[str]] = {}
    for person in people:
        roles.setdefault(person.name, []).append(person.role)
    return "; ".join(f"{name} ({', '.join(r)})" for name, r in roles.items())


@read_model
class FigureStatement(ReadModel):
    """What a financial figure states (the fields its list row and its record share, first)."""

    slug: str
    measure: str
    disclosure: str
    amount: str | None
    currency: str | None
    percentage: str | None
    qualifier: str
    amount_high: str | None
    percentage_high: str | None
    period: str | None
    comparison_period: str | None

    @property
    def value(self) -> str:
        return figure_value(self)


def figure_value(figure: Any) -> str:
    """A figure's number as a reader says it: ``about 97000000 USD``, ``5-7%``, ``not
    disclosed`` (``figure``: anything with a figure's columns)."""
    if figure.disclosure == "not_disclosed":
        return "not disclosed"
    number, high, unit = figure.percentage, figure.percentage_high, "%"
    if figure.amount is not None:
        number, high, unit = figure.amount, figure.amount_high, f" {figure.currency}"
    return said_number(number, figure.qualifier, high, unit)


@read_model
class FacilityNumbers(ReadModel):
    """A facility's numbers as its sources give them (the fields its list row and its record
    share, first): each exact, with how exact and the upper end of a range."""

    capacity: str | None
    capacity_qualifier: str | None
    capacity_high: str | None
    capacity_unit: str | None
    area: str | None
    area_qualifier: str | None
    area_high: str | None
    area_unit: str | None
    jobs: str | None
    jobs_qualifier: str | None
    jobs_high: str | None

    def said(self, name: str) -> str:
        """``capacity``, ``area`` or ``jobs`` as a reader says it, with its unit; blank where
        it is unknown."""
        number = getattr(self, name)
        if number is None:
            return ""
        unit = getattr(self, f"{name}_unit", None)
        high = getattr(self, f"{name}_high")
        return said_number(
            number, getattr(self, f"{name}_qualifier"), high, f" {unit}" if unit else ""
        )


def said_number(number: str, qualifier: str | None, high: str | None, unit: str) -> str:
    """A qualified number as a reader says it: ``about 350``, ``5-7%``, ``up to 2000000000
    tablets a year`` (``unit`` with its leading space, if any; no qualifier is exact)."""
    if qualifier == "range":
        return f"{number}-{high}{unit}"
    said = {"exact": "", "at_least": "at least ", "up_to": "up to "}
    qualifier = qualifier or "exact"
    return f"{said.get(qualifier, qualifier + ' ')}{number}{unit}"


@read_model
class SourcePublication(ReadModel):
    """Where and when a source was published (the fields its list row and its document share,
    first)."""

    slug: str
    kind: str
    title: str
    publisher: str | None
    published_on: str | None
    url: str | None
    sha256: str | None
