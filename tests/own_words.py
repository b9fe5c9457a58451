"""Runs of eight words, hashed: how the curated data is checked for sentences of its sources.

A page read while curating is kept in ``.curation/pages/<source slug>.txt`` (git ignores it: the
words are the publisher's); the seed's two articles are the copies in ``../shared/sources/``
(beside the repository; ``COLLABDB_SHARED_SOURCES`` names another folder), checked against the
sha256 the seed gives. Only the hashes of their 8-word runs are committed, in
``data/deals/own-words/source-runs.json``, so the check runs where no copy is at hand. Text is
normalized before it is cut into runs: NFKC, case folded, punctuation taken for a space.
``python -m tests.own_words`` writes the hashes file from the kept pages and the shared articles.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.json_fields import keyed

RUN = 8
ROOT = Path(__file__).resolve().parents[1]
PAGES = Path(".curation/pages")
#: The seed's articles: source slug -> file in the shared sources folder.
SEED_ARTICLES = {
    "gen-2013-02-12-astrazeneca-petrov-institute": "astrazeneca-petrov-institute.txt",
    "sk-2017-05-17-astrazeneca-skolkovo-partnership": "skolkovo-astrazeneca-partnership.txt",
}
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


def shared_sources() -> Path:
    """The folder holding the seed's articles (``../shared/sources`` unless overridden)."""
    return Path(os.environ.get("COLLABDB_SHARED_SOURCES", ROOT.parent / "shared" / "sources"))


def seed_article(slug: str) -> str | None:
    """The text of one of the seed's articles from the shared folder, None where no copy is at
    hand. A copy that is not the document of record (its sha256 is not the seed's) fails."""
    path = shared_sources() / SEED_ARTICLES[slug]
    if not path.exists():
        return None
    seed = json.loads((ROOT / "data" / "seed" / "collabdb-seed.json").read_text(encoding="utf-8"))
    [source] = [s for s in seed["sources"] if s["slug"] == slug]
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == source["sha256"], f"{path} is not the article"
    return data.decode("utf-8")


def main() -> None:
    """Write the hashes of the kept pages' runs and of the seed's articles, by source slug."""
    hashes = {page.stem: sorted(run_hashes(page.read_text(encoding="utf-8")))
              for page in sorted(PAGES.glob("*.txt"))}  # fmt: skip
    for slug in SEED_ARTICLES:
        text = seed_article(slug)
        if text is None:
            sys.exit(f"no copy of {SEED_ARTICLES[slug]} in {shared_sources()}")
        hashes[slug] = sorted(run_hashes(text))
    HASHES.write_text(json.dumps(hashes, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {HASHES}: {len(hashes)} sources", file=sys.stderr)


if __name__ == "__main__":
    main()
