"""``python -m collabdb.docs [--check] [--docs-dir DIR]``: regenerate docs/data-dictionary.md,
docs/schema.mmd and the result tables of docs/queries.md from a freshly built, seeded SQLite
database. With ``--check`` nothing is written and the exit code is 1 if a file is stale."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from collabdb.config import DatabaseTarget, target_from_text
from collabdb.db import make_engine
from collabdb.docs.diagram import render_er_diagram
from collabdb.docs.dictionary import render_data_dictionary
from collabdb.docs.queries import Data, refresh_results


def generate(
    target: DatabaseTarget, *, queries_document: str, bundled: DatabaseTarget | None = None
) -> dict[str, str]:
    """File name in docs/ -> its generated content, from the seeded database ``target`` (and,
    for the questions on the real deals, ``bundled``, holding the seed and the deals)."""
    from collabdb.services.sql import run_read_only_query

    def run(
        data: Data, sql: str, parameters: dict[str, str]
    ) -> tuple[Sequence[str], Sequence[Any]]:
        on = bundled if data == "bundled" and bundled is not None else target
        result = run_read_only_query(on, sql=sql, parameters=parameters)
        return result.columns, result.rows

    engine = make_engine(target)
    try:
        dictionary = render_data_dictionary(engine)
    finally:
        engine.dispose()
    return {
        "data-dictionary.md": dictionary,
        "schema.mmd": render_er_diagram(),
        "queries.md": refresh_results(queries_document, run),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m collabdb.docs", description=__doc__)
    parser.add_argument("--docs-dir", type=Path, default=Path("docs"))
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    docs_dir: Path = args.docs_dir
    queries_path = docs_dir / "queries.md"
    with tempfile.TemporaryDirectory() as scratch:
        target = target_from_text(str(Path(scratch) / "seeded.sqlite3"))
        _build_seeded(target)
        bundled = target_from_text(str(Path(scratch) / "bundled.sqlite3"))
        _build_seeded(bundled, with_deals=True)
        generated = generate(
            target,
            queries_document=queries_path.read_text(encoding="utf-8"),
            bundled=bundled,
        )
    stale = [
        name
        for name, content in generated.items()
        if not (docs_dir / name).exists()
        or (docs_dir / name).read_text(encoding="utf-8") != content
    ]
    if args.check:
        for name in stale:
            print(f"{docs_dir / name} is stale; run: python -m collabdb.docs", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (docs_dir / name).write_text(generated[name], encoding="utf-8")
        print(f"wrote {docs_dir / name}")
    return 0


def _build_seeded(target: DatabaseTarget, *, with_deals: bool = False) -> None:
    from collabdb.migrations import upgrade_to_head
    from collabdb.services.seed import load_bundled_data, load_seed

    engine = make_engine(target)
    try:
        upgrade_to_head(engine)
        (load_bundled_data if with_deals else load_seed)(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
