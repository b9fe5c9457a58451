"""Where the database is: ``--db`` wins over ``COLLABDB_URL``, which wins over the default file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_URL = "COLLABDB_URL"
DEFAULT_FILE_NAME = "collabdb.sqlite3"


def default_database_path() -> Path:
    """The embedded database in the user data dir (honours XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("collabdb", appauthor=False) / DEFAULT_FILE_NAME


@dataclass(frozen=True)
class DatabaseTarget:
    """A resolved database: its SQLAlchemy URL and whether it is the self-managing default."""

    url: str
    is_default: bool
    sqlite_path: Path | None

    @property
    def display(self) -> str:
        """The URL without a password, for messages."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def cli_argument(self) -> str:
        """How to name this database to ``collabdb --db`` in a suggested command."""
        if self.is_default:
            return ""
        return f"--db {self.display} "


def target_from_text(text: str) -> DatabaseTarget:
    """A URL (anything with ``://``) or a path to an SQLite file."""
    if "://" in text:
        path = _sqlite_path_of_url(text)
        return DatabaseTarget(url=text, is_default=False, sqlite_path=path)
    path = Path(text).expanduser().resolve()
    return DatabaseTarget(url=f"sqlite:///{path}", is_default=False, sqlite_path=path)


def resolve_database(db_option: str | None = None) -> DatabaseTarget:
    if db_option:
        return target_from_text(db_option)
    from_env = os.environ.get(ENV_URL)
    if from_env:
        return target_from_text(from_env)
    path = default_database_path()
    return DatabaseTarget(url=f"sqlite:///{path}", is_default=True, sqlite_path=path)


def _sqlite_path_of_url(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser().resolve()
