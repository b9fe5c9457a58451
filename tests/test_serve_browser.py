"""`collabdb serve` in a real browser: headless Chromium loads the pages of a server started
on a copy of the seeded database and the tests check what a reader sees. Skipped without
Chromium, except under CI=true (tests/serving.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.services.search import search
from collabdb.services.sources import source_detail
from tests.serving import Server, chromium_or_skip, headless_chromium, serving

AGREEMENT = "astrazeneca-petrov-institute-cancer-genetics-2013"
SKOLKOVO_DEAL = "astrazeneca-skolkovo-strategic-partnership-2017"
SKOLKOVO_SOURCE = "sk-2017-05-17-astrazeneca-skolkovo-partnership"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, _seeded_template: Path) -> Iterator[Server]:
    chromium_or_skip()
    path = tmp_path_factory.mktemp("browsed") / "seeded.sqlite3"
    shutil.copyfile(_seeded_template, path)
    with serving(path) as server:
        yield server


@pytest.fixture(scope="module")
def browser(served: Server) -> Iterator[Any]:
    driver = headless_chromium()
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def _css(browser: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, selector))


def _column(browser: Any, field: str, column: str) -> list[str]:
    return [
        str(cell.text) for cell in _css(browser, f'table[data-field="{field}"] td.col-{column}')
    ]


def test_an_agreement_shows_its_parties_and_roles(served: Server, browser: Any) -> None:
    browser.get(f"{served.url}/agreement/{AGREEMENT}")
    assert _css(browser, "h1")[0].text == (
        "AstraZeneca and N.N. Petrov Institute of Oncology cancer mutation research collaboration"
    )
    assert _column(browser, "parties", "name") == [
        "AstraZeneca",
        "AstraZeneca Oncology Innovative Medicines group",
        "N.N. Petrov Institute of Oncology",
    ]
    assert _column(browser, "parties", "role") == [
        "pharma partner",
        "participant",
        "research partner",
    ]
    assert _column(browser, "people", "name") == ["Ajay Gautam"]
    terms = _css(browser, "tr.fact-financial_terms td")[0].text
    assert terms == "not disclosed"


def test_a_party_leads_to_its_organization_which_lists_its_agreements(
    served: Server, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{served.url}/agreement/{AGREEMENT}")
    browser.find_element(By.LINK_TEXT, "N.N. Petrov Institute of Oncology").click()
    assert browser.current_url == f"{served.url}/org/nn-petrov-institute-of-oncology"
    assert _column(browser, "agreements", "title") == [
        "AstraZeneca and N.N. Petrov Institute of Oncology cancer mutation research collaboration"
    ]
    assert _column(browser, "agreements", "role") == ["research partner"]


def test_a_citation_leads_to_its_paragraph(served: Server, browser: Any) -> None:
    browser.get(f"{served.url}/agreement/{SKOLKOVO_DEAL}")
    [row] = [
        row
        for row in _css(browser, 'table[data-field="parties"] tbody tr')
        if row.text.startswith("Skolkovo Foundation partner")
    ]
    [paragraph_4] = [a for a in row.find_elements("css selector", "a") if a.text == "¶4"]
    paragraph_4.click()
    assert browser.current_url == f"{served.url}/source/{SKOLKOVO_SOURCE}#p4"
    target = browser.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == "p4"
    stored = source_detail(make_engine(target_from_text(str(served.path))), source=SKOLKOVO_SOURCE)
    [fourth] = [p for p in stored.paragraphs or [] if p.paragraph == 4]
    assert fourth.text is None  # the seed stores no article's text: the page names its paragraph
    assert target.text.startswith(
        "¶4 Its text is not stored here: paragraph 4 of the page published by Skolkovo Foundation"
    )
    assert "Skolkovo Foundation" in target.text  # a fact the paragraph supports, linked


def test_the_agreements_table_counts_its_facets(served: Server, browser: Any) -> None:
    browser.get(f"{served.url}/collabdb/agreements")
    facet = _css(browser, "#facet-agreement_type li")
    assert [item.text for item in facet] == ["research_collaboration 2", "strategic_partnership 1"]
    browser.get(f"{served.url}/collabdb/view_agreement_parties")
    countries = [item.text for item in _css(browser, "#facet-party_country li")]
    assert countries == ["GB 3", "RU 2"]
    # One row per agreement: its year and its foreign party's country (view_agreements).
    browser.get(f"{served.url}/collabdb/view_agreements")
    years = {item.text for item in _css(browser, "#facet-year li")}
    assert years == {"2012 1", "2013 1", "2017 1"}
    foreign = [item.text for item in _css(browser, "#facet-foreign_country li")]
    assert foreign == ["GB 3"]


def test_a_canned_query_shows_its_rows(served: Server, browser: Any) -> None:
    browser.get(f"{served.url}/collabdb")
    # Found through the driver, which waits for it (page_source is read at once: on a loaded
    # machine it could still hold only the head of the page).
    title = "2. How many agreements does each organization take part in?"
    assert browser.find_element("xpath", f"//*[contains(text(), '{title}')]").text == title
    browser.get(f"{served.url}/collabdb/question-02")
    rows = [
        [cell.text for cell in row.find_elements("css selector", "td")]
        for row in _css(browser, "table.rows-and-columns tbody tr")
    ]
    assert rows == [
        ["astrazeneca", "AstraZeneca", "3"],
        [
            "astrazeneca-oncology-innovative-medicines",
            "AstraZeneca Oncology Innovative Medicines group",
            "1",
        ],
        ["nn-petrov-institute-of-oncology", "N.N. Petrov Institute of Oncology", "1"],
        ["skolkovo-foundation", "Skolkovo Foundation", "1"],
    ]


def _search_box(served: Server, browser: Any, text: str) -> list[tuple[str, str]]:
    from selenium.webdriver.common.by import By

    browser.get(f"{served.url}/agreement/{SKOLKOVO_DEAL}")
    box = browser.find_element(By.CSS_SELECTOR, "form.collabdb-search input[name=q]")
    box.send_keys(text)
    box.submit()
    links = _css(browser, "table.collabdb-hits td:first-child a")
    return [(str(a.text), str(a.get_attribute("href")).removeprefix(served.url)) for a in links]


@pytest.mark.parametrize("text", ["Каем", "Kaem", "Сколково", "Skolkovo"])
def test_search_finds_what_collabdb_search_finds(served: Server, browser: Any, text: str) -> None:
    hits = _search_box(served, browser, text)
    engine = make_engine(target_from_text(str(served.path)))
    expected = [r.slug for r in search(engine, text=text).rows]
    assert [href.rsplit("/", 1)[-1].rsplit("=", 1)[-1] for _, href in hits] == expected
    if text in ("Каем", "Kaem"):
        assert ("Kirill Kaem", "/person/kirill-kaem") in hits
    else:
        assert ("Skolkovo Foundation", "/org/skolkovo-foundation") in hits


def test_the_home_page_says_nothing_is_secret_and_hides_internals(
    served: Server, browser: Any
) -> None:
    browser.get(f"{served.url}/collabdb")
    shown = browser.find_element("css selector", ".metadata-description").text
    assert "Nothing in the database is secret" in shown
    listed = [a.text for a in _css(browser, "h3 a, h2 a")]
    assert "agreements" in listed
    assert "search_documents" not in listed and "import_log" not in listed
