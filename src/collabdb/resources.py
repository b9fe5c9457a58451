"""Files shipped with the package: Alembic scripts, the seed and the curated real deals.

In a wheel they live inside the package (``_alembic``, ``_seed``, ``_deals``); in a source
checkout they are the top-level ``alembic/``, ``data/seed/`` and ``data/deals/`` directories.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"none of these directories exists: {', '.join(map(str, candidates))}")


def alembic_directory() -> Path:
    return _first_existing(_PACKAGE_DIR / "_alembic", _SOURCE_ROOT / "alembic")


def seed_directory() -> Path:
    return _first_existing(_PACKAGE_DIR / "_seed", _SOURCE_ROOT / "data" / "seed")


def seed_files() -> list[Path]:
    """The seed documents, in the order they are imported."""
    return sorted(seed_directory().glob("*.json"))


def deals_directory() -> Path:
    return _first_existing(_PACKAGE_DIR / "_deals", _SOURCE_ROOT / "data" / "deals")


def deal_files() -> list[Path]:
    """The curated real deals (data/deals/*.json), each a document that imports on the seed."""
    return sorted(deals_directory().glob("*.json"))


def queries_path() -> Path:
    """docs/queries.md, the worked questions `collabdb serve` offers as canned queries."""
    for candidate in (_PACKAGE_DIR / "_docs", _SOURCE_ROOT / "docs"):
        if (candidate / "queries.md").is_file():
            return candidate / "queries.md"
    raise FileNotFoundError(
        f"queries.md is in neither {_PACKAGE_DIR / '_docs'} nor {_SOURCE_ROOT / 'docs'}"
    )
