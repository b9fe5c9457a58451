"""Runs of eight words, hashed: how the curated data is checked for sentences of its sources.

A page read while curating is kept in ``.curation/pages/<source slug>.txt`` (git ignores it: the
words are the publisher's); only the hashes of its 8-word runs are committed, in
``data/deals/own-words/source-runs.json``. Text is normalized before it is cut into runs: NFKC, case
folded, punctuation taken for a space. ``python -m tests.own_words`` writes the hashes file from
the kept pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.json_fields import keyed

RUN = 8
PAGES = Path(".curation/pages")
HASHES = Path(
    "data/deals/own-words/source-runs.json"
)  # not *.json of data/deals: no import document
#: Fields holding our own running text (names, titles, slugs and codes are not sentences).
FREE_TEXT = ("summary", "description", "note", "unnamed_parties", "development_stage", "segment")

_NOT_A_WORD = re.compile(r"[\W_]+")


def words(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_A_WORD.sub(" ", normalized).split()


def run_hashes(text: str) -> set[str]:
    """The hash (16 hex digits of SHA-256) of every run of ``RUN`` consecutive words."""
    found = words(text)
    return {
        hashlib.sha256(" ".join(found[i : i + RUN]).encode()).hexdigest()[:16]
        for i in range(len(found) - RUN + 1)
    }


def free_texts(value: Any) -> Iterator[tuple[str, str]]:
    """(JSON path, text) of every free-text field in an import document."""
    return ((where, text) for where, text in keyed(value, FREE_TEXT) if isinstance(text, str))


def main() -> None:
    """Write the hashes of the kept pages' runs, by source slug."""
    hashes = {page.stem: sorted(run_hashes(page.read_text(encoding="utf-8")))
              for page in sorted(PAGES.glob("*.txt"))}  # fmt: skip
    HASHES.write_text(json.dumps(hashes, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {HASHES}: {len(hashes)} sources", file=sys.stderr)


if __name__ == "__main__":
    main()
