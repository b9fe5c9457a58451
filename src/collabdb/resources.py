"""Files shipped with the package: Alembic scripts and the seed.

In a wheel they live inside the package (``_alembic``, ``_seed``); in a source checkout they
are the top-level ``alembic/`` and ``data/seed/`` directories.
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
