"""data/deals/DEALS.md matches the data: one row per agreement of the dataset, each as the
library reads it back from a database holding the seed and every file of data/deals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collabdb.migrations import upgrade_to_head
from collabdb.services.importer import import_bytes
from collabdb.services.seed import load_seed
from tests.conftest import REPO_ROOT
from tests.deals_table import HEADER, deal_rows

DEALS = REPO_ROOT / "data" / "deals"


def test_every_row_of_deals_md_is_an_agreement_as_the_data_holds_it(
    tmp_path: Path, engine_for: Any
) -> None:
    engine = engine_for(tmp_path / "deals.sqlite3")
    upgrade_to_head(engine)
    load_seed(engine)
    for path in sorted(DEALS.glob("*.json")):
        import_bytes(engine, path.read_bytes(), name=path.name)
    lines = (DEALS / "DEALS.md").read_text(encoding="utf-8").splitlines()
    assert HEADER in lines
    table = [line for line in lines if line.startswith("| `")]
    assert table == deal_rows(engine)
    assert len(table) >= 28
