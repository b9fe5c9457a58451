"""The seed: every fact of FACTS.md is in the database with its source paragraph, every text is
our own wording, it stores no article's text, and the articles' copies in ../shared/sources are
the documents of record it names by sha256 and counts the paragraphs of."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collabdb.repositories.records import RecordRepository
from collabdb.text import count_paragraphs, split_paragraphs
from collabdb.unit_of_work import UnitOfWork
from tests.conftest import REPO_ROOT
from tests.json_fields import citations_in
from tests.own_words import HASHES, SEED_ARTICLES, run_hashes, seed_article, shared_sources

SEED_DIR = REPO_ROOT / "data" / "seed"
FACTS_MD = (SEED_DIR / "FACTS.md").read_text(encoding="utf-8")
SOURCE_SLUGS = {
    "S": "sk-2017-05-17-astrazeneca-skolkovo-partnership",
    "G": "gen-2013-02-12-astrazeneca-petrov-institute",
}
FACT_ROW = re.compile(r"^\| (\d+) \| (.+) \| ([SG]) \| ([\d, ]+) \| `(.+)` \|$", re.MULTILINE)
LOCATOR = re.compile(
    r"^(?P<kind>\w+)/(?P<slug>[a-z0-9-]+)(?: (?P<path>[^ ]+))?(?: (?P<op>=|~|count) (?P<value>.+))?$"
)
SEGMENT = re.compile(r"^(?P<field>\w+)(?:\[(?P<filters>[^\]]+)\])?$")


def _facts() -> list[tuple[int, str, str, list[int], str]]:
    return [
        (int(n), text, source, [int(p) for p in paragraphs.split(",")], locator)
        for n, text, source, paragraphs, locator in FACT_ROW.findall(FACTS_MD)
    ]


FACTS = _facts()


def _seed_document() -> dict[str, Any]:
    [path] = sorted(SEED_DIR.glob("*.json"))
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def seeded_records(_seeded_template: Path) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
    from collabdb.config import target_from_text
    from collabdb.db import make_engine
    from collabdb.kinds import KINDS

    engine = make_engine(target_from_text(str(_seeded_template)))
    with UnitOfWork(engine) as uow:
        repository = RecordRepository(uow.connection)
        yield {kind: repository.load(kind) for kind in KINDS}
    engine.dispose()


def _locate(
    records: dict[str, dict[str, dict[str, Any]]], locator: str
) -> tuple[Any, dict[str, Any]]:
    """The value a locator points at, and the nearest record or child holding citations."""
    match = LOCATOR.match(locator)
    assert match, f"bad locator {locator!r}"
    value: Any = records[match["kind"]][match["slug"]]
    cited: dict[str, Any] = value
    for segment in (match["path"] or "").split(".") if match["path"] else []:
        parts = SEGMENT.match(segment)
        assert parts, f"bad path segment {segment!r}"
        if isinstance(value, list):
            assert len(value) == 1, (
                f"{segment!r} follows a filter that matched {len(value)} children"
            )
            value = value[0]
            cited = value if "citations" in value else cited
        value = value[parts["field"]]
        if parts["filters"]:
            wanted = dict(pair.split("=", 1) for pair in parts["filters"].split(","))
            value = [
                child for child in value if all(str(child.get(k)) == v for k, v in wanted.items())
            ]
    if isinstance(value, list) and len(value) == 1 and match["op"] != "count":
        cited = value[0] if "citations" in value[0] else cited
    return value, cited


def test_facts_md_lists_125_numbered_facts_in_order() -> None:
    assert [n for n, *_ in FACTS] == list(range(1, len(FACTS) + 1))
    assert len(FACTS) >= 120


@pytest.mark.parametrize(
    ("number", "text", "source", "paragraphs", "locator"),
    FACTS,
    ids=[f"fact-{f[0]}" for f in FACTS],
)
def test_fact_is_in_the_knowledge_base_with_its_citation(
    number: int, text: str, source: str, paragraphs: list[int], locator: str, seeded_records: Any
) -> None:
    value, cited = _locate(seeded_records, locator)
    op, expected = LOCATOR.match(locator)["op"], LOCATOR.match(locator)["value"]  # type: ignore[index]
    if op == "=":
        assert value == json.loads(expected), f"fact {number}: {text}"
    elif op == "~":
        assert json.loads(expected).casefold() in value.casefold(), f"fact {number}: {text}"
    elif op == "count":
        assert len(value) == int(expected), f"fact {number}: {text}"
    else:
        assert value, f"fact {number}: nothing at {locator}"
    citations = {(c["source"], c["paragraph"]) for c in cited["citations"]}
    for paragraph in paragraphs:
        assert (SOURCE_SLUGS[source], paragraph) in citations, f"fact {number} lacks ¶{paragraph}"


def _strings(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def test_no_run_of_eight_words_is_copied_from_an_article() -> None:
    """Every string of the seed (names and titles too) and every fact of FACTS.md, against the
    kept hashes of the articles' runs (``tests/own_words.py``)."""
    kept = json.loads((REPO_ROOT / HASHES).read_text(encoding="utf-8"))
    article_runs = set().union(*(set(kept[slug]) for slug in SEED_ARTICLES))
    facts = "\n".join(text for _, text, *_ in FACTS)
    texts = [*_strings(_seed_document()), ("FACTS.md", facts)]
    assert [path for path, text in texts if run_hashes(text) & article_runs] == []


def test_the_copy_check_would_catch_a_copied_sentence() -> None:
    kept = json.loads((REPO_ROOT / HASHES).read_text(encoding="utf-8"))
    ours = "They say AstraZeneca opened a $224 million drug manufacturing and packaging plant"
    assert run_hashes(ours) & set(kept["sk-2017-05-17-astrazeneca-skolkovo-partnership"])


def test_the_seed_stores_no_text_it_did_not_write() -> None:
    for source in _seed_document()["sources"]:
        assert "text" not in source, source["slug"]


@pytest.mark.parametrize("slug", sorted(SEED_ARTICLES))
def test_the_shared_articles_are_the_documents_of_record(slug: str) -> None:
    """The seed names each article by its sha256 (listed in FACTS.md too) and counts the
    paragraphs of its body in the copy: every block of GEN's copy but the last, which is site
    navigation; every block of Skolkovo's."""
    [source] = [s for s in _seed_document()["sources"] if s["slug"] == slug]
    assert re.search(rf"\| {source['sha256']} \|", FACTS_MD), "FACTS.md lists the sha256"
    text = seed_article(slug)  # checks the copy's sha256 against the seed's
    if text is None:
        pytest.skip(f"no copy of the article in {shared_sources()}")
    navigation = 1 if slug.startswith("gen-") else 0
    assert count_paragraphs(text) == source["paragraph_count"] + navigation
    if navigation:
        assert split_paragraphs(text)[-1].startswith("Previous article")


def test_every_citation_points_at_an_existing_paragraph() -> None:
    document = _seed_document()
    paragraphs = {s["slug"]: s.get("paragraph_count") for s in document["sources"]}
    kinds = {s["slug"]: s["kind"] for s in document["sources"]}
    checked = 0
    for path, value in citations_in(document):
        if kinds[value["source"]] == "editorial":
            assert value.get("paragraph") is None, path
        else:
            assert 1 <= value["paragraph"] <= paragraphs[value["source"]], path
        checked += 1
    assert checked > 200


def test_every_fact_row_of_the_seed_cites_something() -> None:
    document = _seed_document()
    for kind, records in document.items():
        if kind in ("format_version", "sources"):
            continue
        for record in records:
            assert record.get("citations"), f"{kind}/{record['slug']} has no citation"


def test_cyrillic_names_carry_editorial_provenance() -> None:
    document = _seed_document()
    for kind in ("organizations", "people"):
        for record in document[kind]:
            for name in record.get("names", []):
                if name["script"] == "Cyrl":
                    assert name["citations"] == [{"source": "collabdb-editorial"}], name["name"]


def test_the_seed_file_is_in_canonical_export_form() -> None:
    [path] = sorted(SEED_DIR.glob("*.json"))
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
