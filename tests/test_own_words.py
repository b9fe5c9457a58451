"""Facts are written in our own words: no run of eight words of a source stands in the free text
of the curated deals (checked against the hashes of the pages read, ``tests/own_words.py``); the
seed is checked in tests/test_seed.py against the kept hashes of its two articles' runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.own_words import (
    HASHES,
    SEED_ARTICLES,
    free_texts,
    run_hashes,
    seed_article,
    shared_sources,
    words,
)

ROOT = Path(__file__).resolve().parent.parent
DEALS = sorted((ROOT / "data" / "deals").glob("*.json"))

#: Sources whose page is not in the corpus any more, so no hashes could be kept: why each.
NO_PAGE_KEPT: dict[str, str] = {}
#: Runs of eight words that a source and our text share on purpose: the run, and why.
ALLOWED: dict[str, str] = {}


def _deal_documents() -> list[tuple[str, dict[str, object]]]:
    return [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in DEALS]


def _source_runs() -> dict[str, set[str]]:
    stored = json.loads((ROOT / HASHES).read_text(encoding="utf-8"))
    return {slug: set(hashes) for slug, hashes in stored.items()}


def test_runs_are_normalized_before_they_are_hashed() -> None:
    assert words("Ｆｕｌｌ-width, CASE… and—dashes") == ["full", "width", "case", "and", "dashes"]
    same = run_hashes("One two three four five six seven eight")
    assert same == run_hashes("one, TWO three; four five-six seven eight!")
    assert run_hashes("one two three four five six seven") == set()


def test_every_source_of_the_deals_has_its_runs_kept() -> None:
    runs = _source_runs()
    for name, document in _deal_documents():
        for source in document.get("sources", []):  # type: ignore[union-attr]
            slug = source["slug"]  # type: ignore[index]
            assert slug in runs or slug in NO_PAGE_KEPT, f"{name}: {slug} has no kept runs"


def test_no_run_of_eight_words_of_a_source_is_in_the_deals() -> None:
    every_run = set().union(*_source_runs().values())
    allowed = {next(iter(run_hashes(run))) for run in ALLOWED}
    copied = [
        f"{name} {where}"
        for name, document in _deal_documents()
        for where, text in free_texts(document)
        if (run_hashes(text) & every_run) - allowed
    ]
    assert copied == []


@pytest.mark.parametrize("slug", sorted(SEED_ARTICLES))
def test_the_kept_runs_of_the_seed_articles_are_theirs(slug: str) -> None:
    """The seed's copy check (tests/test_seed.py) reads these hashes: they are the shared
    copy's runs, so the check cannot pass on stale ones."""
    text = seed_article(slug)
    if text is None:
        pytest.skip(f"no copy of the article in {shared_sources()}")
    assert _source_runs()[slug] == run_hashes(text)


@pytest.mark.parametrize("text", ["Quillmere Pharma and the Zaryanka Institute agreed to work"])
def test_a_copied_run_is_found(text: str) -> None:
    """The check can fail: a sentence taken from a page is found in any free-text field."""
    page_runs = run_hashes(f"Yesterday {text} together on hearts.")
    document = {"agreements": [{"summary": f"In short: {text} on it.", "title": "x"}]}
    found = [where for where, free in free_texts(document) if run_hashes(free) & page_runs]
    assert found == ["$.agreements[0].summary"]
