"""Synthetic deals in the collabdb import format, for tests and benchmarks.

    python benchmarks/synth.py --deals 100000 --seed 1 --format jsonl --output deals.jsonl

Deterministic (same arguments, same bytes) and streaming: each deal is built from its own
random generator seeded by (seed, deal number), so output is written as it is made and
1,000,000 deals need no more memory than one. A JSON document (records grouped by kind) is
written in one pass per kind, rebuilding each deal as it goes.

Each deal: a press release whose paragraphs every fact cites; a new Russian organization
(Latin name plus its Cyrillic name); a person with a Cyrillic name and a position there; an
agreement with 2-4 parties (a foreign pharma company from a pool, sometimes its Russian unit,
sometimes an earlier deal's organization), the person as spokesperson, research areas and a
territory; a financial figure; and every third deal a facility -- well over five rows per deal.

Names are invented, never real organizations or people: two words from generated word lists
(pairwise at least 5 edits apart) plus a kind ("Kalomer Tesvin Institute"). A name index maps
one-to-one onto the pair of words, so two names always differ in at least one whole word and
are never near-duplicates of each other by collabdb's check (similarity below 90). Each seed
draws its names from its own block of the index space (seeds that differ modulo 4 never share
a name) and puts ``s<seed>`` in every slug, so files of different seeds import side by side.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

KINDS = (
    "sources",
    "research_areas",
    "organizations",
    "people",
    "programmes",
    "agreements",
    "projects",
    "facilities",
    "figures",
    "events",
)
SEED_BLOCKS = 4
CONSONANTS = "bdgklmnprstvz"
VOWELS = "aeiou"
CODAS = "nrlsk"
CYRILLIC = dict(zip("bdgklmnprstvzaeiou", "бдгклмнпрствзаеиоу", strict=True))
MIN_WORD_DISTANCE = 5  # Indel distance between two words of one list
RUSSIAN_KINDS = [
    ("Institute", "Институт", "research_institute"),
    ("Clinic", "Клиника", "hospital"),
    ("Academy", "Академия", "university"),
    ("Biocenter", "Биоцентр", "research_institute"),
]
PHARMA_SUFFIXES = ["Pharma", "Biologics", "Biotech", "Medica"]
CITIES = [
    ("Kazan", "Tatarstan"),
    ("Tomsk", "Tomsk Oblast"),
    ("Novosibirsk", "Novosibirsk Oblast"),
    ("Samara", "Samara Oblast"),
    ("Perm", "Perm Krai"),
    ("Voronezh", "Voronezh Oblast"),
    ("Ufa", "Bashkortostan"),
    ("Saratov", "Saratov Oblast"),
]
AREAS = [
    "Oncology",
    "Cardiology",
    "Immunology",
    "Neurology",
    "Rare diseases",
    "Vaccines",
    "Diabetes",
    "Respiratory diseases",
    "Infectious diseases",
    "Bioinformatics",
]
TITLES = ["Director of Research", "Head of Laboratory", "Chief Scientific Officer", "Rector"]
AGREEMENT_TYPES = [
    ("research_collaboration", "research collaboration"),
    ("memorandum", "memorandum of understanding"),
    ("licensing", "licensing agreement"),
    ("co_development", "co-development agreement"),
]
CURRENCIES = [("USD", "US dollars"), ("EUR", "euros"), ("RUB", "roubles")]


@cache
def word_list(tag: str, size: int) -> tuple[str, ...]:
    """``size`` invented words (CV CV CV + coda), pairwise >= MIN_WORD_DISTANCE edits apart.

    Greedy over a fixed pseudo-random sequence, so a longer list starts with a shorter one.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    rng = random.Random(f"collabdb-synth-words-{tag}")
    words: list[str] = []
    while len(words) < size:
        syllables = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(3))
        word = syllables + rng.choice(CODAS)
        close = process.extractOne(
            word, words, scorer=Indel.distance, score_cutoff=MIN_WORD_DISTANCE - 1
        )
        if close is None:
            words.append(word)
    return tuple(words)


def cyrillic(word: str) -> str:
    return "".join(CYRILLIC[c] for c in word.lower()).capitalize()


class Names:
    """Index -> a pair of words, one-to-one, for one seed's block of the index space."""

    def __init__(self, *, seed: int, needed: int) -> None:
        self.size = max(40, math.ceil(math.sqrt(needed * SEED_BLOCKS)) + 1)
        self.first = word_list("first", self.size)
        self.second = word_list("second", self.size)
        self.offset = (seed % SEED_BLOCKS) * (self.size * self.size // SEED_BLOCKS)

    def pair(self, index: int) -> tuple[str, str]:
        n = self.offset + index
        row, column = divmod(n, self.size)
        # A shear so that neighbouring indexes change both words, still one-to-one.
        return self.first[(row + column * 37) % self.size], self.second[column]


def _slug(*parts: str) -> str:
    return "-".join(p.lower().replace(" ", "-") for p in parts if p)


class Generator:
    def __init__(self, *, deals: int, seed: int) -> None:
        self.deals, self.seed = deals, seed
        self.pool = max(3, deals // 20)
        self.units = deals // 5 + 1
        self.org_names = Names(seed=seed, needed=self.pool + deals + self.units)
        self.person_names = Names(seed=seed, needed=deals)
        self.tag = f"s{seed}"

    # -- shared records ---------------------------------------------------------------------
    def area_slug(self, index: int) -> str:
        return _slug(self.tag, AREAS[index])

    def areas(self) -> Iterator[dict[str, Any]]:
        for index, name in enumerate(AREAS):
            yield {"slug": self.area_slug(index), "name": name}

    def pharma(self, index: int) -> dict[str, Any]:
        first, second = self.org_names.pair(index)
        suffix = PHARMA_SUFFIXES[index % len(PHARMA_SUFFIXES)]
        name = f"{first.capitalize()} {second.capitalize()} {suffix}"
        country = ["CH", "DE", "GB", "US", "FR", "JP"][index % 6]
        return {
            "slug": _slug(first, second, self.tag),
            "name": name,
            "kind": "company",
            "country": country,
        }

    def pharmas(self) -> Iterator[dict[str, Any]]:
        for index in range(self.pool):
            yield self.pharma(index)

    def russian_org(self, deal: int) -> tuple[dict[str, Any], str]:
        first, second = self.org_names.pair(self.pool + deal)
        english, russian, kind = RUSSIAN_KINDS[deal % len(RUSSIAN_KINDS)]
        city, region = CITIES[deal % len(CITIES)]
        name = f"{first.capitalize()} {second.capitalize()} {english}"
        record = {
            "slug": _slug(first, second, self.tag),
            "name": name,
            "kind": kind,
            "country": "RU",
            "city": city,
            "region": region,
            "names": [
                {
                    "name": f"{russian} «{cyrillic(first)} {cyrillic(second)}»",
                    "language": "ru",
                    "script": "Cyrl",
                    "type": "russian",
                }
            ],
        }
        return record, name

    # -- one deal ---------------------------------------------------------------------------
    def deal(self, i: int) -> dict[str, list[dict[str, Any]]]:
        rng = random.Random(f"collabdb-synth-{self.seed}-{i}")
        pharma = self.pharma(rng.randrange(self.pool))
        org, org_name = self.russian_org(i)
        year, month, day = rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        source_slug = _slug(org["slug"], "release", str(year))
        cite = lambda paragraph: [{"source": source_slug, "paragraph": paragraph}]  # noqa: E731

        given, family = self.person_names.pair(i)
        female = i % 2 == 0
        ending, ending_ru = ("ova", "ова") if female else ("ov", "ов")
        person_name = f"{given.capitalize()} {family.capitalize()}{ending}"
        person_ru = f"{cyrillic(given)} {cyrillic(family)}{ending_ru}"
        title = TITLES[i % len(TITLES)]
        person = {
            "slug": _slug(given, family + ending, self.tag),
            "name": person_name,
            "names": [{"name": person_ru, "language": "ru", "script": "Cyrl", "type": "russian"}],
            "positions": [
                {
                    "organization": org["slug"],
                    "title": title,
                    "status": "current",
                    "citations": cite(4),
                }
            ],
            "citations": cite(4),
        }
        org = {**org, "citations": cite(1)}
        org["names"] = [
            {**n, "citations": [{"source": source_slug, "paragraph": 1}]} for n in org["names"]
        ]

        kind, kind_words = AGREEMENT_TYPES[rng.randrange(len(AGREEMENT_TYPES))]
        area_picks = sorted(rng.sample(range(len(AREAS)), rng.randint(1, 2)))
        parties = [
            {"organization": pharma["slug"], "role": "pharma_partner", "citations": cite(1)},
            {"organization": org["slug"], "role": "research_partner", "citations": cite(1)},
        ]
        records: dict[str, list[dict[str, Any]]] = {kind_: [] for kind_ in KINDS}
        unit_text = ""
        if i % 5 == 0:
            unit = self.unit(i, pharma)
            records["organizations"].append({**unit, "citations": cite(2)})
            parties.append(
                {"organization": unit["slug"], "role": "participant", "citations": cite(2)}
            )
            unit_text = f" {unit['name']} will manage the work in Russia."
        if i > 0 and rng.random() < 0.3:
            earlier, earlier_name = self.russian_org(rng.randrange(i))
            parties.append(
                {"organization": earlier["slug"], "role": "partner", "citations": cite(2)}
            )
            unit_text += f" {earlier_name} joins as a partner."
        disclosed = rng.random() < 0.6
        currency, currency_words = CURRENCIES[rng.randrange(len(CURRENCIES))]
        millions = rng.randint(1, 900)
        money = (
            f"The agreement is worth {millions} million {currency_words}."
            if disclosed
            else "Financial terms were not disclosed."
        )
        areas_text = " and ".join(AREAS[a].lower() for a in area_picks)
        paragraphs = [
            f"{pharma['name']} and {org_name} signed a {kind_words} on {date}.",
            f"The partners will work on {areas_text}.{unit_text}",
            money,
            f"\u201cThis is a long-term commitment,\u201d said {person_name}, {title} at "
            f"{org_name}.",
        ]
        facility = None
        if i % 3 == 0:
            facility_name = f"{org_name} Laboratory"
            paragraphs.append(f"The work will take place at the {facility_name} in {org['city']}.")
            facility = {
                "slug": _slug(org["slug"], "laboratory"),
                "name": facility_name,
                "kind": "laboratory",
                "owner": org["slug"],
                "city": org["city"],
                "country": "RU",
                "citations": cite(5),
            }
        text = "\n\n".join(paragraphs)
        agreement_slug = _slug(org["slug"], kind.replace("_", "-"), str(year))
        records["sources"].append(
            {
                "slug": source_slug,
                "kind": "press_release",
                "title": f"{pharma['name']} and {org_name} sign {kind_words}",
                "publisher": f"{pharma['name']} press office",
                "published_on": date,
                "text": text,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
        )
        records["organizations"].append(org)
        records["people"].append(person)
        records["agreements"].append(
            {
                "slug": agreement_slug,
                "type": kind,
                "title": f"{pharma['name']} and {org_name} {kind_words}",
                "status": "signed",
                "signed_on": date,
                "financial_terms": "disclosed" if disclosed else "not_disclosed",
                "parties": parties,
                "people": [
                    {
                        "person": person["slug"],
                        "role": "spokesperson",
                        "organization": org["slug"],
                        "citations": cite(4),
                    }
                ],
                "areas": [{"area": self.area_slug(a), "citations": cite(2)} for a in area_picks],
                "territories": [{"country": "RU", "scope": "included", "citations": cite(1)}],
                "citations": cite(1),
            }
        )
        figure: dict[str, Any] = {
            "slug": _slug(agreement_slug, "value"),
            "measure": "deal_value",
            "agreement": agreement_slug,
            "citations": cite(3),
        }
        if disclosed:
            figure.update(
                disclosure="disclosed", amount=str(millions * 1_000_000), currency=currency
            )
        else:
            figure["disclosure"] = "not_disclosed"
        records["figures"].append(figure)
        if facility is not None:
            records["facilities"].append({**facility, "agreement": agreement_slug})
        return records

    def unit(self, deal: int, pharma: dict[str, Any]) -> dict[str, Any]:
        first, second = self.org_names.pair(self.pool + self.deals + deal // 5)
        return {
            "slug": _slug(first, second, "rus", self.tag),
            "name": f"{first.capitalize()} {second.capitalize()} Rus",
            "kind": "company_unit",
            "country": "RU",
            "parent": pharma["slug"],
        }

    # -- output -----------------------------------------------------------------------------
    def shared(self, kind: str) -> Iterator[dict[str, Any]]:
        if kind == "research_areas":
            yield from self.areas()
        elif kind == "organizations":
            yield from self.pharmas()

    def lines(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(kind, record) in an order that imports: shared records, then deal by deal."""
        for kind in ("research_areas", "organizations"):
            for record in self.shared(kind):
                yield kind, record
        for i in range(self.deals):
            for kind, records in self.deal(i).items():
                for record in records:
                    yield kind, record


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_jsonl(out: IO[str], *, deals: int, seed: int) -> None:
    generator = Generator(deals=deals, seed=seed)
    out.write(_dumps({"format_version": 1}) + "\n")
    for kind, record in generator.lines():
        out.write(_dumps({"kind": kind, "record": record}) + "\n")


def write_json(out: IO[str], *, deals: int, seed: int) -> None:
    """One JSON document, one pass over the deals per kind (nothing held in memory)."""
    generator = Generator(deals=deals, seed=seed)
    out.write('{"format_version":1')
    for kind in KINDS:
        out.write(f',\n"{kind}":[')
        separator = "\n"
        for record in generator.shared(kind):
            out.write(separator + _dumps(record))
            separator = ",\n"
        if kind not in ("programmes", "projects", "events"):  # deals have none of these
            for i in range(deals):
                for record in generator.deal(i)[kind]:
                    out.write(separator + _dumps(record))
                    separator = ",\n"
        out.write("]")
    out.write("}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=["json", "jsonl"], default="jsonl")
    parser.add_argument("--output", default="-", help="file to write ('-': stdout)")
    args = parser.parse_args(argv)
    write = write_jsonl if args.format == "jsonl" else write_json
    if args.output == "-":
        write(sys.stdout, deals=args.deals, seed=args.seed)
        return
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        write(out, deals=args.deals, seed=args.seed)


if __name__ == "__main__":
    main()
