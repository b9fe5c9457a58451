"""Checks of one record: the rules that span several fields of a patched record, its
duplicate children, and the references and citations it makes.

Places are given as the path *within* the record (``("parties", 1, "organization")``); the
importer turns them into a JSON path or a line number of its input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, get_args

from collabdb.kinds import ChildSpec, KindSpec, Record
from collabdb.services.patch import child_key
from collabdb.text import count_paragraphs
from collabdb.values import PartialDate, day_bounds
from collabdb.vocabulary import StatusChange

Rest = tuple[str | int, ...]


def check_patched(spec: KindSpec, record: Record) -> list[tuple[Rest, str]]:
    problems: list[tuple[Rest, str]] = []
    if spec.name == "sources":
        text, sha256 = record.get("text"), record.get("sha256")
        if text is not None and sha256 is not None:
            actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if actual != sha256:
                problems.append((("sha256",), f"does not match the text (its SHA-256 is {actual})"))
        count = record.get("paragraph_count")
        if text is not None and count is not None and count > count_paragraphs(text):
            problems.append(
                (
                    ("paragraph_count",),
                    f"the stored text has only {count_paragraphs(text)} paragraphs",
                )
            )
        if record.get("kind") == "editorial" and not record.get("note"):
            problems.append((("note",), "an editorial source needs a note saying what it adds"))
    if spec.name == "figures":
        problems.extend(_check_figure(record))
    if spec.name == "relations":
        problems.extend(_check_relation(record))
    if spec.name == "facilities":
        problems.extend(_check_quantities(record))
    if spec.name == "agreements":
        latest = latest_change(record.get("status_history", []))
        if latest is not None and record.get("status") != latest["status"]:
            on = f" ({latest['changed_on']})" if latest["changed_on"] else ""
            problems.append(
                (
                    ("status",),
                    f"is {record.get('status')!r}, but the latest change of status_history is "
                    f"{latest['status']!r}{on}",
                )
            )
    if spec.parent_ref and record.get(spec.parent_ref) == record["slug"]:
        problems.append(((spec.parent_ref,), "a record cannot be its own parent"))
    return problems


def _check_relation(record: Record) -> list[tuple[Rest, str]]:
    problems: list[tuple[Rest, str]] = []
    if record.get("organization") is not None and record.get("organization") == record.get("other"):
        problems.append((("other",), "an organization does not relate to itself"))
    stake = record.get("stake_percent")
    if stake is not None:
        if record.get("relation") != "owner_of":
            problems.append((("stake_percent",), "only an owner_of relation has a stake"))
        elif not Decimal(0) < Decimal(stake) <= Decimal(100):
            problems.append(
                (("stake_percent",), f"{stake} is not a stake (more than 0, at most 100)")
            )
    started, ended = record.get("started_on"), record.get("ended_on")
    if started is not None and ended is not None and day_bounds(ended)[1] < day_bounds(started)[0]:
        problems.append((("ended_on",), f"{ended} is before started_on {started}"))
    return problems


def _check_figure(record: Record) -> list[tuple[Rest, str]]:
    amount, currency, percentage = (
        record.get("amount"),
        record.get("currency"),
        record.get("percentage"),
    )
    if record.get("disclosure") == "not_disclosed":
        if amount is not None or percentage is not None:
            return [((), "a not_disclosed figure has no amount or percentage")]
        if record.get("qualifier") not in (None, "exact"):
            return [(("qualifier",), "a not_disclosed figure has no number to qualify")]
        return []
    problems = _check_range(record, "amount") + _check_range(record, "percentage")
    if problems:
        return problems
    if amount is None and percentage is None:
        return [((), "a disclosed figure needs an amount (with currency) or a percentage")]
    if amount is not None and currency is None:
        return [(("currency",), "an amount needs its ISO 4217 currency")]
    if amount is None and currency is not None:
        return [(("currency",), "a currency is given without an amount")]
    return []


def duplicate_children(spec: KindSpec, patch: Record) -> list[tuple[Rest, str]]:
    problems: list[tuple[Rest, str]] = []
    for child in spec.children:
        seen: dict[tuple[Any, ...], int] = {}
        for index, record in enumerate(patch.get(child.field, [])):
            key = child_key(child, record)
            if key in seen:
                keys = ", ".join(f"{k}={v!r}" for k, v in zip(child.key, key, strict=True))
                problems.append(
                    ((child.field, index), f"{keys} given twice (first at index {seen[key]})")
                )
            seen.setdefault(key, index)
    return problems


def references(spec: KindSpec, record: Record) -> list[tuple[str, str, Rest]]:
    """(kind, slug, place) of every reference a record makes (citations' sources too)."""
    found: list[tuple[str, str, Rest]] = []
    _add_references(found, spec, record, ())
    for child in spec.children:
        for index, child_record in enumerate(record.get(child.field, ())):
            _add_references(found, child, child_record, (child.field, index))
    return found


def _add_references(
    found: list[tuple[str, str, Rest]], part: KindSpec | ChildSpec, record: Record, path: Rest
) -> None:
    for ref in part.refs:
        target = record.get(ref.field)
        if target is not None:
            found.append((ref.kind, target, (*path, ref.field)))
    for index, citation in enumerate(record.get("citations", ())):
        found.append(("sources", citation["source"], (*path, "citations", index, "source")))


def with_slugs_moved(spec: KindSpec, record: Record, moved: Callable[[str, str], str]) -> Record:
    """A copy of ``record`` whose references (its children's and its citations' sources too)
    point where ``moved(kind, slug)`` says: a merged record's slug to the one it went into."""
    copy = _moved(spec, record, moved)
    for child in spec.children:
        if child.field in record:
            copy[child.field] = [_moved(child, each, moved) for each in record[child.field]]
    return copy


def _moved(part: KindSpec | ChildSpec, record: Record, moved: Callable[[str, str], str]) -> Record:
    copy = dict(record)
    for ref in part.refs:
        if copy.get(ref.field) is not None:
            copy[ref.field] = moved(ref.kind, copy[ref.field])
    if "citations" in copy:
        copy["citations"] = [
            {**citation, "source": moved("sources", citation["source"])}
            for citation in copy["citations"]
        ]
    return copy


def citations_of(spec: KindSpec, record: Record) -> Iterator[tuple[dict[str, Any], Rest]]:
    for index, citation in enumerate(record.get("citations", [])):
        yield citation, ("citations", index)
    for child in spec.children:
        for child_index, child_record in enumerate(record.get(child.field, [])):
            for index, citation in enumerate(child_record.get("citations", [])):
                yield citation, (child.field, child_index, "citations", index)


def _check_range(
    record: Record, field: str, qualifier: str = "qualifier"
) -> list[tuple[Rest, str]]:
    """A range (``qualifier`` ``range``) has both ends of its number, the lower first; nothing
    else has an upper end."""
    low, high = record.get(field), record.get(f"{field}_high")
    if record.get(qualifier) != "range":
        if high is not None:
            return [((f"{field}_high",), f"an upper end needs {qualifier} 'range'")]
        return []
    if low is None:
        return []
    if high is None:
        plural = _PLURALS.get(field, f"{field}s")
        return [((f"{field}_high",), f"a range of {plural} needs its upper end")]
    if Decimal(high) <= Decimal(low):
        return [((f"{field}_high",), f"must be greater than {field} ({low})")]
    return []


_PLURALS = {"capacity": "capacities", "jobs": "jobs"}
#: A facility's numbers, each qualified like a figure's by ``<name>_qualifier``.
FACILITY_QUANTITIES = ("capacity", "area", "jobs")


def _check_quantities(record: Record) -> list[tuple[Rest, str]]:
    problems: list[tuple[Rest, str]] = []
    for name in FACILITY_QUANTITIES:
        qualifier = f"{name}_qualifier"
        if record.get(qualifier) is not None and record.get(name) is None:
            problems.append(((qualifier,), f"qualifies no {name}: give the {name} too"))
        problems.extend(_check_range(record, name, qualifier))
    return problems


def from_history(agreement: Record, *, given: Record) -> None:
    """What an agreement's status history says of the fields its patch leaves out: the status
    is the latest change; the announcement and signing dates, when not stored either, are those
    of the earliest ``announced`` and ``signed`` changes."""
    history = agreement["status_history"]
    latest = latest_change(history)
    if latest is not None and "status" not in given:
        agreement["status"] = latest["status"]
    for status, field in (("announced", "announced_on"), ("signed", "signed_on")):
        if field in given or agreement.get(field) is not None:
            continue
        dated = in_order([c for c in history if c["status"] == status and c["changed_on"]])
        if dated:
            agreement[field] = dated[0]["changed_on"]


def latest_change(history: list[Record]) -> Record | None:
    """The latest change of a status history (see ``in_order``)."""
    return max(history, key=_when, default=None)


def in_order(history: list[Record]) -> list[Record]:
    """A status history in the order it happened: by date (undated changes count as the
    earliest), then, on one date, in the order of the vocabulary (signed after announced)."""
    return sorted(history, key=_when)


def _when(change: Record) -> tuple[Any, ...]:
    date = change.get("changed_on")
    dated = () if date is None else PartialDate.parse(date).order_key()
    return (date is not None, dated, _STATUS_ORDER.index(change["status"]))


_STATUS_ORDER = get_args(StatusChange)
