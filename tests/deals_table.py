"""The rows of ``data/deals/DEALS.md``, read through the library from a database holding the seed
and every file of ``data/deals``: one row per agreement of the dataset (parties with roles,
type, status, date, figures, sources). ``tests/test_deals_table.py`` checks the file against
them; ``python -m tests.deals_table DB`` prints them for a database so loaded."""

from __future__ import annotations

import sys
from collections import defaultdict

from sqlalchemy.engine import Engine

from collabdb.services.agreements import list_agreements
from collabdb.services.figures import list_figures

#: The seed's agreements, which FACTS.md covers.
SEED_AGREEMENTS = {
    "astrazeneca-petrov-institute-cancer-genetics-2013",
    "astrazeneca-russia-biobank-collaboration-2012",
    "astrazeneca-skolkovo-strategic-partnership-2017",
}
HEADER = "| agreement | parties (role) | type | status | date | figures | sources |"


def deal_rows(engine: Engine) -> list[str]:
    figures: dict[str, list[str]] = defaultdict(list)
    for figure in list_figures(engine).rows:
        if figure.agreement:
            figures[figure.agreement].append(f"{figure.measure.replace('_', ' ')}: {figure.value}")
    rows = []
    for agreement in sorted(list_agreements(engine).rows, key=lambda a: a.slug):
        if agreement.slug in SEED_AGREEMENTS:
            continue
        parties = "; ".join(f"{p.name} ({p.role.replace('_', ' ')})" for p in agreement.parties)
        sources = ", ".join(sorted({c.source for c in agreement.sources}))
        cells = [
            f"`{agreement.slug}`",
            parties,
            agreement.type.replace("_", " "),
            agreement.status.replace("_", " "),
            agreement.date or "",
            "; ".join(sorted(figures[agreement.slug])),
            sources,
        ]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return rows


if __name__ == "__main__":
    from collabdb.config import target_from_text
    from collabdb.db import make_engine

    print("\n".join(deal_rows(make_engine(target_from_text(sys.argv[1])))))
