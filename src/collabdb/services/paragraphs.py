"""Paragraphs of a source text: separated by blank lines, counted from 1."""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[str]:
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip("\n") for part in _BLANK_LINE.split(normalized) if part.strip()]


def count_paragraphs(text: str) -> int:
    return len(split_paragraphs(text))
