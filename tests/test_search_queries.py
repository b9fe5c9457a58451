"""How SQLite's search sends a query to FTS5 (repositories/search.py): a query whose words
before the last find few documents checks its last word, as a prefix, on their text instead
of having FTS5 merge every word with that prefix. Both forms must find the same documents.
And which names "did you mean" scores in a big kind (services/resolver.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from collabdb.errors import NotFound
from collabdb.repositories import search as search_module
from collabdb.repositories.names import NameRepository
from collabdb.repositories.search import SearchRepository
from collabdb.services import resolver
from collabdb.services.list_options import ListOptions
from collabdb.services.resolver import resolve
from collabdb.services.search import search
from collabdb.unit_of_work import UnitOfWork
from tests.synthetic import instructions
from tests.test_query_plans import statements_of


def queries(database: Path) -> list[str]:
    """Whole names, names cut inside their last word, first words, pairs of words, words in
    another order and common words, from the synthetic organizations' names."""
    with sqlite3.connect(database) as connection:
        names = [n for (n,) in connection.execute("SELECT name FROM organizations LIMIT 60")]
    found = []
    for name in names:
        words = name.split()
        found += [name, name[:-2], words[0], " ".join(words[:2]), " ".join(reversed(words))]
    return [*found, "pharma", "clinic pharma", "institute of", "oncology res", "a b", "zzz q"]


def hits(engine: Any, text: str) -> list[tuple[str, str, str]]:
    with UnitOfWork(engine) as uow:
        found = SearchRepository(uow.connection).search(text)
    return sorted((hit.kind, hit.slug, hit.field) for hit in found)


def test_checking_the_last_word_on_the_text_finds_what_fts5_finds(
    synthetic_db: Path, engine_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(synthetic_db)
    texts = queries(synthetic_db)
    monkeypatch.setattr(search_module, "FEW_DOCUMENTS", 0)  # never few: FTS5 takes it all
    whole = [hits(engine, text) for text in texts]
    monkeypatch.setattr(search_module, "FEW_DOCUMENTS", 10**9)  # always checked on the text
    split = [hits(engine, text) for text in texts]
    assert split == whole
    assert sum(map(len, whole)) > 2000 and sum(1 for found in whole if not found) >= 2


def sent_query(engine: Any, text: str) -> dict[str, Any]:
    """The values bound into the search statement itself (the one that reads the rank)."""
    with statements_of(engine) as statements:
        search(engine, text=text, options=ListOptions(limit=50))
    [(_, values)] = [s for s in statements if "AS rank" in s[0]]
    return dict(values) if isinstance(values, dict) else {"values": values}


def test_a_name_whose_first_words_are_rare_sends_no_prefix_to_fts5(
    synthetic_db: Path, engine_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(synthetic_db)
    with sqlite3.connect(synthetic_db) as connection:
        [name] = connection.execute(
            "SELECT name FROM organizations WHERE kind = 'company' ORDER BY id LIMIT 1"
        ).fetchone()
    values = str(sent_query(engine, name))
    first, *_, last = name.lower().split()
    assert f'"{first}"' in values and "*" not in values and f"' {last}'" in values
    # One word: FTS5 takes it as a prefix; common words: FTS5 takes the whole query.
    assert f'"{first}"*' in str(sent_query(engine, first))
    assert "' pharma'" in str(sent_query(engine, "clinic pharma"))
    monkeypatch.setattr(search_module, "FEW_DOCUMENTS", 5)  # "clinic" is in more documents
    assert '"clinic" "pharma"*' in str(sent_query(engine, "clinic pharma"))


def test_the_closest_name_comes_first(synthetic_db: Path, engine_for: Any) -> None:
    """A hit on a name the query covers whole ranks before longer names holding it."""
    engine = engine_for(synthetic_db)
    with sqlite3.connect(synthetic_db) as connection:
        [name] = connection.execute(
            "SELECT name FROM organizations WHERE kind = 'company' ORDER BY id LIMIT 1"
        ).fetchone()
    results = search(engine, text=name, options=ListOptions(limit=10)).rows
    assert (results[0].name, results[0].field, results[0].rank) == (name, "name", -1.0)
    named = [r.rank for r in results if r.field in ("name", "alias", "title")]
    assert len(named) > 1 and named == sorted(named)


# -- "did you mean": which names are scored ----------------------------------------------------


def suggestion(engine: Any, text: str) -> str:
    """The error message for an organization name nothing matches."""
    with UnitOfWork(engine) as uow, pytest.raises(NotFound) as raised:
        resolve(uow.connection, "organizations", text)
    return str(raised.value)


def typos(database: Path) -> list[tuple[str, str]]:
    """(a name spelled wrong, the name) for some multi-word synthetic organizations: a letter
    dropped from one word, and one doubled."""
    with sqlite3.connect(database) as connection:
        names = [
            n
            for (n,) in connection.execute(
                "SELECT name FROM organizations WHERE name LIKE '% % %' ORDER BY id LIMIT 12"
            )
        ]
    found = []
    for number, name in enumerate(names):
        words = name.split()
        word = number % len(words)
        spoiled = words[word][:-2] + words[word][-1] if number % 2 else words[word] + "x"
        found.append((" ".join([*words[:word], spoiled, *words[word + 1 :]]), name))
    return found


def test_a_big_kind_scores_the_names_sharing_the_typed_words(
    synthetic_db: Path, engine_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring only the names that hold all the words but one (or, failing that, the words'
    first letters) suggests the names scoring every name suggests, for a one-word typo."""
    engine = engine_for(synthetic_db)
    cases = typos(synthetic_db)
    every = [suggestion(engine, typed) for typed, _ in cases]
    monkeypatch.setattr(resolver, "SCORE_EVERY_NAME", 0)  # as if the kind were big
    some = [suggestion(engine, typed) for typed, _ in cases]
    for (typed, name), message in zip(cases, some, strict=True):
        assert f"did you mean {name}" in message or f" or {name}" in message, (typed, message)
    assert sum(a == b for a, b in zip(every, some, strict=True)) >= len(cases) - 2
    assert suggestion(engine, "Qqzzx Wvvkj") == "unknown organization 'Qqzzx Wvvkj'"
    # Every word spoilt: the names whose words start as the typed ones do are scored.
    name = cases[0][1]
    every_word_spoilt = " ".join(f"{word}x" for word in name.split())
    assert f"did you mean {name}" in suggestion(engine, every_word_spoilt)


def test_suggesting_in_a_big_kind_costs_the_same_when_deals_are_added(
    synthetic_db: Path, grown_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resolver, "SCORE_EVERY_NAME", 0)
    [(typed, _)] = typos(synthetic_db)[:1]

    def suggest(engine: Any) -> str:
        return suggestion(engine, typed)

    before, after = instructions(synthetic_db, suggest), instructions(grown_db, suggest)
    assert before[0] == after[0]
    assert after[1] <= before[1] * 1.1 + 50, (before[1], after[1])
    monkeypatch.setattr(resolver, "SCORE_EVERY_NAME", 10**9)  # the measure: every name grows
    assert instructions(grown_db, suggest)[1] > after[1] * 3


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Skolkovoo Foundaton", "Skolkovo Foundation"),  # two words spoilt: first letters
        ("Astrazenca", "AstraZeneca"),
        ("Petrov Institute of Oncolgy", "N.N. Petrov Institute of Oncology"),
    ],
)
def test_both_backends_look_up_the_names_to_score(
    typed: str, name: str, db_url: str, engine_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(db_url)
    every = suggestion(engine, typed)
    monkeypatch.setattr(resolver, "SCORE_EVERY_NAME", 0)
    assert suggestion(engine, typed) == every
    assert every.endswith(f"did you mean {name}?")


def test_a_search_without_a_limit_names_every_record(synthetic_db: Path, engine_for: Any) -> None:
    engine = engine_for(synthetic_db)
    every = search(engine, text="pharma").rows
    assert len(every) > 50 and all(result.name for result in every)


def test_names_are_looked_up_for_more_records_than_a_statement_may_bind(
    db_url: str, engine_for: Any
) -> None:
    """The slugs are bound as one list (a search without a limit may find more records than
    SQLite's 32,766 or PostgreSQL's 65,535 bound values)."""
    engine = engine_for(db_url)
    asked = [("agreements", f"no-such-deal-{n}") for n in range(70_000)]
    asked += [("organizations", "astrazeneca"), ("people", "no-such-person")]
    with UnitOfWork(engine) as uow:
        names = NameRepository(uow.connection)
        assert names.names_of(asked) == {("organizations", "astrazeneca"): "AstraZeneca"}
        slugs = [slug for _, slug in asked[:70_000]] + ["astrazeneca"]
        assert [named.slug for named in names.by_slugs("organizations", slugs)] == ["astrazeneca"]


def test_search_names_the_records_it_finds_on_both_backends(db_url: str, engine_for: Any) -> None:
    """One statement names the records of every kind found (names_of)."""
    engine = engine_for(db_url)
    results = search(engine, text="astrazeneca", options=ListOptions(limit=50)).rows
    kinds = {result.kind for result in results}
    assert {"organizations", "agreements"} <= kinds
    assert all(result.name for result in results)
    asked = [("organizations", "astrazeneca"), ("people", "no-such-person")]
    with UnitOfWork(engine) as uow:
        named = NameRepository(uow.connection).names_of(asked)
    assert named == {("organizations", "astrazeneca"): "AstraZeneca"}
