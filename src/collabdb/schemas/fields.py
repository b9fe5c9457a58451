"""Validated field types shared by the import records."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from collabdb.reference.codes import is_country, is_currency
from collabdb.values import canonical_decimal, parse_date, parse_period, shown

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_TEXT = 100_000


# C0 and C1 control characters and DEL, but tab, newline and carriage return: a terminal
# would obey them (ESC, BEL...), and PostgreSQL cannot store NUL.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates: they make a name read differently than it is stored.
_BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _refusing(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    """A validator refusing text that holds a character of ``pattern``, saying which and where."""

    def check(value: str) -> str:
        found = pattern.search(value)
        if found:
            at = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
            raise ValueError(f"must not contain {what} ({at})")
        return value

    return check


_no_control_characters = _refusing(_CONTROL_CHARACTER, "control characters")
_no_bidi_controls = _refusing(_BIDI_CONTROL, "bidirectional control characters")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


def _country(value: str) -> str:
    if not is_country(value):
        raise ValueError(
            f"unknown country code {shown(value)}: expected ISO 3166-1 alpha-2 such as 'RU'"
        )
    return value


def _currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(
            f"unknown currency {shown(value)}: expected an ISO 4217 code such as 'USD'"
        )
    return value


def _amount(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError('amounts must be JSON strings holding an exact decimal, e.g. "224000000"')
    return canonical_decimal(value)


def _quantity(value: object) -> str:
    # A JSON integer is exact too, and version 1 gave a facility's capacity as one.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(
            'quantities must be JSON integers or strings holding an exact decimal, e.g. "1.5"'
        )
    return canonical_decimal(value)


Slug = Annotated[str, StringConstraints(max_length=200, pattern=SLUG_PATTERN)]
Name = Annotated[
    str,
    StringConstraints(max_length=1000),
    AfterValidator(_not_blank),
    AfterValidator(_no_control_characters),
    AfterValidator(_no_bidi_controls),
]
Text = Annotated[
    str,
    StringConstraints(max_length=MAX_TEXT),
    AfterValidator(_not_blank),
    AfterValidator(_no_control_characters),
]
#: A source's full text: long, and free of control characters like every text.
SourceText = Annotated[
    str, StringConstraints(max_length=10_000_000), AfterValidator(_no_control_characters)
]
Country = Annotated[str, AfterValidator(_country)]
Currency = Annotated[str, AfterValidator(_currency)]
# The forms of dates and periods, for `collabdb schema` (an external validator then refuses
# "2011-2015"); the import checks them itself, with messages that say what is wrong.
_MONTH_AND_DAY = r"-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?"
DATE_PATTERN = rf"^[0-9]{{4}}({_MONTH_AND_DAY})?$"
_PARTIAL = rf"[0-9]{{4}}(-Q[1-4]|{_MONTH_AND_DAY})?"
#: A partial date, or an ISO 8601 interval of two with either end open: 2011/2015, 2011/..
PERIOD_PATTERN = rf"^({_PARTIAL}|({_PARTIAL}|\.\.)/({_PARTIAL}|\.\.))$"

Date = Annotated[
    str,
    StringConstraints(max_length=10),
    AfterValidator(parse_date),
    Field(json_schema_extra={"pattern": DATE_PATTERN}),
]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(parse_date)]
Period = Annotated[
    str,
    StringConstraints(max_length=21),
    AfterValidator(parse_period),
    Field(json_schema_extra={"pattern": PERIOD_PATTERN}),
]
Amount = Annotated[str, BeforeValidator(_amount)]
#: A count or measure (a plant's capacity, area, jobs): exact like an amount, with its limits.
Quantity = Annotated[str, BeforeValidator(_quantity)]
#: An ISO 8601 duration in whole years, months, weeks or days: P5Y, P18M, P2Y6M, P90D.
DURATION_PATTERN = r"^P(\d+Y(\d+M)?(\d+W)?(\d+D)?|\d+M(\d+W)?(\d+D)?|\d+W(\d+D)?|\d+D)$"
Duration = Annotated[str, StringConstraints(max_length=20, pattern=DURATION_PATTERN)]
Paragraph = Annotated[int, Field(ge=1, le=100_000, strict=True)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
ScriptCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][a-z]{3}$")]
