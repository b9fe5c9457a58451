"""Text helpers: names normalized for matching only (stored text is never changed), and the
paragraphs of a source text.

A match key folds case, diacritics, punctuation and script: "N.N. Petrov", "nn petrov" and
"Н.Н. Петров" share the key ``nn petrov``. Cyrillic is transliterated with anyascii, so a
Russian alias and its Latin spelling meet on the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Marks that join the parts of one word ("Astra-Zeneca", "O'Brien", "N.N.") are dropped;
# any other punctuation separates words.
_JOINERS = re.compile(r"['.\-]+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_INITIALS = re.compile(r"\b([a-z]) (?=[a-z]\b)")


def _match_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    ascii_text = _JOINERS.sub("", anyascii(folded).lower())
    words = _NON_WORD.sub(" ", ascii_text).split()
    joined = " ".join(words)
    # "N. N. Petrov" and "N.N. Petrov" and "NN Petrov" are one name: glue runs of initials.
    return _INITIALS.sub(r"\1", joined)


# An import folds each name several times (its stored key, its search document, the
# near-duplicate probe), a batch apart at most. Only short texts (names) are cached, in a
# bounded cache: memory stays flat and small whatever the input holds.
_CACHED_LENGTH = 200
_cached_match_key = lru_cache(maxsize=4096)(_match_key)


def match_key(text: str) -> str:
    """Return the key under which ``text`` is matched (may be empty for pure punctuation)."""
    if len(text) <= _CACHED_LENGTH:
        return _cached_match_key(text)
    return _match_key(text)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a source text: separated by blank lines, counted from 1."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip("\n") for part in _BLANK_LINE.split(normalized) if part.strip()]


def count_paragraphs(text: str) -> int:
    return len(split_paragraphs(text))


def paragraphs_of(text: str | None, paragraph_count: int | None) -> int | None:
    """How many paragraphs a source's citations may name: its stated ``paragraph_count`` (the
    article body: a stored text's trailing blocks, such as site navigation, may be left out),
    else those of its stored text; None when it has neither."""
    if paragraph_count is not None:
        return paragraph_count
    return count_paragraphs(text) if text is not None else None
