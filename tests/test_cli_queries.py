"""Every read command and filter against the seed, on SQLite and PostgreSQL: the facts of the
articles, Cyrillic and typo-tolerant names, and the three formats parsed back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]
SKOLKOVO = "astrazeneca-skolkovo-strategic-partnership-2017"
PETROV = "astrazeneca-petrov-institute-cancer-genetics-2013"
BIOBANK = "astrazeneca-russia-biobank-collaboration-2012"


@pytest.fixture
def run(cli: Cli, db_url: str) -> Callable[..., Result]:
    """The command on the seeded database, once on SQLite and once on PostgreSQL."""

    def go(*args: str) -> Result:
        return cli("--db", db_url, *args)

    return go


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _slugs(result: Result) -> list[str]:
    return [row["slug"] for row in _json(result)]


# -- agreements filters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--area", "oncology"], [PETROV, SKOLKOVO]),
        (["--area", "Immuno-oncology"], [SKOLKOVO]),
        (["--area", "cancer genetics"], [PETROV]),
        (["--area", "biobanking"], [BIOBANK]),
        (["--type", "strategic_partnership"], [SKOLKOVO]),
        (["--type", "research_collaboration"], [BIOBANK, PETROV]),
        (["--country", "RU"], [BIOBANK, PETROV, SKOLKOVO]),
        (["--country", "gb"], [BIOBANK, PETROV, SKOLKOVO]),
        (["--country", "CH"], []),
        (["--since", "2013"], [PETROV, SKOLKOVO]),
        (["--until", "2012"], [BIOBANK]),
        (["--since", "2012-11-15", "--until", "2012-11-20"], [BIOBANK]),  # a month overlaps days
        (["--since", "2012-Q4", "--until", "2012-Q4"], [BIOBANK]),
        (["--since", "2013-02-13"], [SKOLKOVO]),
        (["--undisclosed"], [PETROV]),
        (["--partner", "AZ", "--area", "oncology", "--since", "2014"], [SKOLKOVO]),
        (["--partner", "Петров"], [PETROV]),
        (["--partner", "astra"], [BIOBANK, PETROV, SKOLKOVO]),
    ],
)
def test_agreement_filters_combine(
    args: list[str], expected: list[str], run: Callable[..., Result]
) -> None:
    assert _slugs(run("agreements", *args, "-f", "json")) == expected


def test_limit_sort_and_fields(run: Callable[..., Result]) -> None:
    newest = _json(
        run("agreements", "--sort", "-date", "--limit", "1", "-f", "json", "--fields", "slug,date")
    )
    assert newest == [{"slug": SKOLKOVO, "date": "2017-05-17"}]
    oldest = run("agreements", "--limit", "1", "-f", "csv", "--fields", "slug,date_precision")
    assert oldest.stdout == f"slug,date_precision\r\n{BIOBANK},month\r\n"


def test_unknown_field_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("agreements", "--fields", "slug,colour")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown field 'colour'; choose from: slug, type, title")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agreements", "--type", "marriage"], "Invalid value for '--type'"),
        (["agreements", "--country", "XX"], "'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["agreements", "--since", "2015-13"], "month 13 does not exist"),
        (["agreements", "--limit", "0"], "must be 1 or more"),
        (["figures", "--currency", "ZZZ"], "'ZZZ' is not an ISO 4217 currency code"),
    ],
)
def test_bad_option_values_exit_2(
    args: list[str], message: str, run: Callable[..., Result]
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


# -- agreement detail ---------------------------------------------------------------------------
def test_agreement_detail_has_everything_with_sources(run: Callable[..., Result]) -> None:
    detail = _json(run("agreement", SKOLKOVO, "-f", "json"))
    assert detail["financial_terms"] == "unknown"
    roles = {(p["name"], p["role"]) for p in detail["people"]}
    assert ("Irina Panarina", "pictured") in roles and ("Kirill Kaem", "spokesperson") in roles
    assert not [p for p in detail["people"] if p["role"] == "signatory"]
    [project] = detail["projects"]
    assert project["slug"] == "astrazeneca-skolkovo-oncology-modelling-platform"
    assert {"source": "sk-2017-05-17-astrazeneca-skolkovo-partnership", "paragraph": 3} in project[
        "citations"
    ]
    assert [s["sha256"] for s in detail["source_documents"]] == [
        "f31da632553cd0f88dc1d6dfb5ea77c9659290bb6c4272cfc020cadb0214737c"
    ]


def test_agreement_by_title_words_and_its_figures(run: Callable[..., Result]) -> None:
    detail = _json(run("agreement", "cancer mutation", "-f", "json"))
    assert detail["slug"] == PETROV
    [terms] = detail["figures"]
    assert terms["disclosure"] == "not_disclosed" and terms["amount"] is None


def test_agreement_detail_table_is_an_outline(run: Callable[..., Result]) -> None:
    result = run("agreement", BIOBANK)
    assert result.exit_code == 0
    assert "announced_on: 2012-11" in result.stdout
    assert "sources: gen-2013-02-12-astrazeneca-petrov-institute ¶8" in result.stdout
    # Wrapped to 80 columns; only a URL, which must not be broken, may run longer.
    assert all(len(line) <= 80 or "://" in line for line in result.stdout.splitlines())


def test_ambiguous_agreement_lists_candidates(run: Callable[..., Result]) -> None:
    result = run("agreement", "AstraZeneca")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: agreement 'AstraZeneca' is ambiguous: it matches ")
    assert "use a slug" in result.stderr


# -- organizations and people -------------------------------------------------------------------
def test_orgs_filters(run: Callable[..., Result]) -> None:
    assert _slugs(run("orgs", "--kind", "research_institute", "-f", "json")) == [
        "nn-petrov-institute-of-oncology"
    ]
    assert _slugs(run("orgs", "--country", "CH", "-f", "json")) == ["roche"]
    units = _slugs(run("orgs", "--parent", "АстраЗенека", "-f", "json"))
    assert units == [
        "astrazeneca-asia-emerging-markets-rd",
        "astrazeneca-oncology-innovative-medicines",
        "astrazeneca-russia-eurasia",
    ]
    assert _json(run("orgs", "-f", "json"))[0] == {
        "slug": "astrazeneca",
        "name": "AstraZeneca",
        "kind": "company",
        "country": "GB",
        "city": None,
        "parent": None,
        "parent_name": None,
        "agreements": 3,
    }


def test_org_profile(run: Callable[..., Result]) -> None:
    profile = _json(run("org", "Сколково", "-f", "json"))
    assert profile["slug"] == "skolkovo-foundation"
    assert {n["name"] for n in profile["names"]} >= {"Фонд «Сколково»", "Skolkovo"}
    assert [u["slug"] for u in profile["units"]] == ["skolkovo-biomed-cluster"]
    assert [(p["name"], p["title"]) for p in profile["people"]] == [("Kirill Kaem", "Head")]
    assert [a["agreement"] for a in profile["agreements"]] == [SKOLKOVO]


def test_org_profile_of_astrazeneca_includes_units_facilities_figures_events(
    run: Callable[..., Result],
) -> None:
    profile = _json(run("org", "AZ", "-f", "json"))
    assert {f["slug"] for f in profile["facilities"]} == {"astrazeneca-kaluga-plant"}
    assert "astrazeneca-kaluga-plant-investment" in {f["slug"] for f in profile["figures"]}
    people = {(p["name"], p["title"], p["status"]) for p in profile["people"]}
    assert ("Pascal Soriot", "Chief Executive Officer", "current") in people
    assert ("Irina Panarina", "General Director", "current") in people
    assert "astrazeneca-patent-cliff-through-2014" in {e["slug"] for e in profile["events"]}
    interests = {(i["area"], i["kind"]) for i in profile["interests"]}
    assert ("personalized-healthcare", "core_capability") in interests


@pytest.mark.parametrize(
    "name",
    ["N.N. Petrov", "nn petrov", "Petrov Institute", "Петров", "НИИ онкологии имени Н. Н. Петрова"],
)
def test_petrov_by_any_spelling(name: str, run: Callable[..., Result]) -> None:
    assert _json(run("org", name, "-f", "json"))["slug"] == "nn-petrov-institute-of-oncology"


def test_typo_gets_did_you_mean(run: Callable[..., Result]) -> None:
    result = run("org", "Skolkovoo Foundaton")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: unknown organization 'Skolkovoo Foundaton'; did you mean Skolkovo Foundation?\n"
    )


def test_people_and_person(run: Callable[..., Result]) -> None:
    assert _slugs(run("people", "--org", "Skolkovo", "-f", "json")) == ["kirill-kaem"]
    assert _slugs(run("people", "--org", "AstraZeneca", "-f", "json")) == [
        "ajay-gautam",
        "irina-panarina",
        "pascal-soriot",
    ]
    soriot = _json(run("person", "Сорио", "-f", "json"))
    assert {(p["organization"], p["status"]) for p in soriot["positions"]} == {
        ("astrazeneca", "current"),
        ("roche-pharmaceuticals-division", "former"),
    }
    kaem = _json(run("person", "Кирилл Каем", "-f", "json"))
    assert {a["role"] for a in kaem["agreements"]} == {"pictured", "spokesperson"}


# -- facilities, figures, areas, programmes -----------------------------------------------------
def test_facilities(run: Callable[..., Result]) -> None:
    rows = _json(run("facilities", "-f", "json"))
    kaluga = next(r for r in rows if r["slug"] == "astrazeneca-kaluga-plant")
    assert (kaluga["opened_on"], kaluga["opened_precision"], kaluga["region"]) == (
        "2015-10",
        "month",
        "Kaluga region",
    )
    hospital = next(r for r in rows if r["slug"] == "nn-petrov-institute-hospital")
    assert (hospital["capacity"], hospital["capacity_unit"]) == ("405", "beds")  # exact decimal
    assert _slugs(run("facilities", "--org", "Petrov Institute", "-f", "json")) == [
        "nn-petrov-institute-hospital"
    ]
    assert _slugs(run("facilities", "--country", "GB", "-f", "json")) == []


def test_figures_are_exact_with_currency_and_not_disclosed(run: Callable[..., Result]) -> None:
    rows = {r["slug"]: r for r in _json(run("figures", "-f", "json"))}
    kaluga = rows["astrazeneca-kaluga-plant-investment"]
    assert (kaluga["amount"], kaluga["currency"]) == ("224000000", "USD")
    growth = rows["astrazeneca-emerging-markets-revenue-growth-2012-q4"]
    assert (growth["percentage"], growth["period"], growth["comparison_period"]) == (
        "6",
        "2012-Q4",
        "2011-Q4",
    )
    assert rows["astrazeneca-petrov-collaboration-terms"]["disclosure"] == "not_disclosed"
    table = run("figures").stdout
    assert "224000000 USD" in table and "not disclosed" in table and "1488000000 USD" in table


def test_figures_filters(run: Callable[..., Result]) -> None:
    assert _slugs(run("figures", "--kind", "investment", "-f", "json")) == [
        "astrazeneca-kaluga-plant-investment"
    ]
    assert len(_slugs(run("figures", "--currency", "usd", "-f", "json"))) == 2
    assert _slugs(run("figures", "--org", "Petrov Institute", "-f", "json")) == [
        "astrazeneca-petrov-collaboration-terms"
    ]


def test_areas_tree_counts_include_sub_areas(run: Callable[..., Result]) -> None:
    rows = {r["slug"]: r for r in _json(run("areas", "-f", "json"))}
    assert rows["immuno-oncology"]["parent"] == "oncology"
    assert rows["immuno-oncology"]["depth"] == 1
    assert rows["oncology"]["agreements"] == 2
    assert rows["gene-therapy"]["depth"] == 2
    table = run("areas").stdout
    assert "\n  Immuno-oncology " in table


def test_programmes(run: Callable[..., Result]) -> None:
    [programme] = _json(run("programmes", "-f", "json"))
    assert programme["name"] == "Healthcare Development 2020"
    assert programme["owner"] == "russian-government"
    assert programme["areas"] == ["Personalized healthcare"]


# -- sources ------------------------------------------------------------------------------------
def test_sources_and_facts_per_paragraph(run: Callable[..., Result]) -> None:
    rows = {r["slug"]: r for r in _json(run("sources", "-f", "json"))}
    # the article body's paragraphs: the copy's 13th block, site navigation, is not counted
    assert rows["gen-2013-02-12-astrazeneca-petrov-institute"]["paragraphs"] == 12
    assert rows["sk-2017-05-17-astrazeneca-skolkovo-partnership"]["facts"] > 50
    detail = _json(run("source", "67f1bd85", "-f", "json"))  # by the copy's sha256 too
    assert detail["slug"] == "gen-2013-02-12-astrazeneca-petrov-institute"
    assert "text" not in detail and detail["paragraph_count"] == 12
    assert [p["paragraph"] for p in detail["paragraphs"]] == list(range(1, 13))
    fourth = detail["paragraphs"][3]
    assert "text" not in fourth
    assert {f["record"] for f in fourth["facts"]} >= {
        f"agreements/{PETROV}",
        "figures/astrazeneca-petrov-collaboration-terms",
    }


# -- timeline and search ------------------------------------------------------------------------
def test_timeline_in_order_at_each_precision(run: Callable[..., Result]) -> None:
    rows = _json(run("timeline", "-f", "json"))
    dates = [(r["date"], r["precision"]) for r in rows]
    assert dates.index(("2012-Q4", "quarter")) < dates.index(("2012-11", "month"))
    assert ("2015-10", "month") in dates and ("2013-01", "month") in dates
    events = {r["event"] for r in rows}
    assert {"status_announced", "facility_opened", "restructuring", "results_period"} <= events
    # an announcement the status history dates is one entry, the history's
    announced = {r["record"]: r["event"] for r in rows if r["event"].endswith("announced")}
    assert announced[f"agreements/{PETROV}"] == "status_announced"
    assert announced["agreements/astrazeneca-skolkovo-strategic-partnership-2017"] == (
        "agreement_announced"  # its history has the signing only, undated
    )


def test_timeline_for_an_organization(run: Callable[..., Result]) -> None:
    rows = _json(run("timeline", "--org", "Petrov Institute", "-f", "json"))
    assert [r["record"] for r in rows] == [f"agreements/{PETROV}"]


@pytest.mark.parametrize(
    ("query", "kind", "slug"),
    [
        ("petrov", "organizations", "nn-petrov-institute-of-oncology"),
        ("Петров", "organizations", "nn-petrov-institute-of-oncology"),
        ("Сколково", "organizations", "skolkovo-foundation"),
        ("Каем", "people", "kirill-kaem"),
        ("immuno", "research_areas", "immuno-oncology"),
        ("biobank", "research_areas", "biobanking"),
    ],
)
def test_search_finds_across_kinds_and_scripts(
    query: str, kind: str, slug: str, run: Callable[..., Result]
) -> None:
    results = _json(run("search", query, "-f", "json"))
    assert (results[0]["kind"], results[0]["slug"]) == (kind, slug)
    assert len({(r["kind"], r["slug"]) for r in results}) == len(results)  # one hit per record


def test_search_says_where_it_matched_and_filters_kinds(run: Callable[..., Result]) -> None:
    results = _json(run("search", "modelling platform", "--kind", "projects", "-f", "json"))
    assert [(r["slug"], r["field"]) for r in results] == [
        ("astrazeneca-skolkovo-oncology-modelling-platform", "name")
    ]
    assert run("search", "zzzqqq").stderr == "nothing matches 'zzzqqq'\n"


# -- formats ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["agreements"],
        ["orgs"],
        ["people"],
        ["facilities"],
        ["figures"],
        ["areas"],
        ["programmes"],
        ["sources"],
        ["timeline"],
        ["search", "oncology"],
    ],
)
def test_every_list_command_in_three_formats(
    command: list[str], run: Callable[..., Result]
) -> None:
    as_json = _json(run(*command, "-f", "json"))
    assert isinstance(as_json, list) and as_json
    as_csv = run(*command, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout, newline="")))
    assert len(rows) == len(as_json)
    table = run(*command)
    assert table.exit_code == 0 and "\x1b[" not in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    "command",
    [["agreement", PETROV], ["org", "AZ"], ["person", "Ajay Gautam"], ["source", "sk-2017"]],
)
def test_every_detail_command_prints_one_json_object(
    command: list[str], run: Callable[..., Result]
) -> None:
    detail = _json(run(*command, "-f", "json"))
    assert isinstance(detail, dict) and detail["slug"]
    as_csv = list(csv.DictReader(io.StringIO(run(*command, "-f", "csv").stdout, newline="")))
    assert as_csv[0]["field"] == "slug"
