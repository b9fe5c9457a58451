"""Where the database is: ``--db`` wins over ``COLLABDB_URL``, which wins over the default file.

A path is taken literally: it becomes an SQLite ``file:`` URI with every character that a URI
would read (``?``, ``#``, ``%``...) percent-encoded, so ``we?ird.db`` opens ``we?ird.db``.
A URL shown in a message never carries a secret: the password of its user part and every
query parameter that names one (``password``, ``sslpassword``...) are masked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

ENV_URL = "COLLABDB_URL"
DEFAULT_FILE_NAME = "collabdb.sqlite3"
MASK = "***"

# A query parameter whose name holds one of these carries a secret (libpq's password and
# sslpassword, and whatever a driver calls its token or secret).
_SECRET_WORDS = ("password", "passwd", "pwd", "secret", "token")
_USER_PASSWORD = re.compile(r"^(?P<head>[\w+.-]+://[^:/@?#]*):(?P<secret>[^@]*)@")
_QUERY_PARAMETER = re.compile(r"(?P<head>[?&](?P<name>[^=&#]*)=)(?P<secret>[^&#]*)")


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
        """The path of an SQLite file, else the URL with its secrets masked, for messages."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return mask_url(self.url)

    @property
    def cli_argument(self) -> str:
        """How to name this database to ``collabdb --db`` in a suggested command."""
        if self.is_default:
            return ""
        return f"--db {self.display} "


def sqlite_file_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file at ``path``, exactly that file.

    SQLAlchemy percent-decodes the database part of a URL and SQLite decodes a ``file:`` URI
    once more: the path is encoded for both (``%`` -> ``%2525`` in the text of the URL)."""
    from sqlalchemy.engine import URL

    uri = f"file:{quote(str(path), safe='/')}"
    return URL.create("sqlite", database=uri, query={"uri": "true"}).render_as_string()


def target_from_text(text: str) -> DatabaseTarget:
    """A URL (anything with ``://``) or a path to an SQLite file."""
    if "://" in text:
        path = _sqlite_path_of_url(text)
        return DatabaseTarget(url=text, is_default=False, sqlite_path=path)
    path = Path(text).expanduser().resolve()
    return DatabaseTarget(url=sqlite_file_url(path), is_default=False, sqlite_path=path)


def resolve_database(db_option: str | None = None) -> DatabaseTarget:
    if db_option:
        return target_from_text(db_option)
    from_env = os.environ.get(ENV_URL)
    if from_env:
        return target_from_text(from_env)
    path = default_database_path()
    return DatabaseTarget(url=sqlite_file_url(path), is_default=True, sqlite_path=path)


def mask_url(url: str) -> str:
    """``url`` as typed, with its password and secret query parameters replaced by ``***``."""
    masked = _USER_PASSWORD.sub(lambda found: f"{found['head']}:{MASK}@", url, count=1)
    return _QUERY_PARAMETER.sub(_mask_parameter, masked)


def url_secrets(url: str) -> list[str]:
    """The secrets written in ``url`` (as typed and percent-decoded), to scrub from messages."""
    found = [m["secret"] for m in _USER_PASSWORD.finditer(url)]
    found += [m["secret"] for m in _QUERY_PARAMETER.finditer(url) if _is_secret(m["name"])]
    return sorted({form for secret in found for form in (secret, unquote(secret)) if secret})


def scrub(text: str, *, secrets: list[str]) -> str:
    """``text`` with every secret replaced by ``***`` (longest first)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _mask_parameter(found: re.Match[str]) -> str:
    return f"{found['head']}{MASK}" if _is_secret(found["name"]) else found[0]


def _is_secret(name: str) -> bool:
    return any(word in unquote(name).lower() for word in _SECRET_WORDS)


def _sqlite_path_of_url(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL is reported when the engine is made
        return None
    database = parsed.database
    if not database or database == ":memory:":
        return None
    if parsed.query.get("uri") in ("true", "1") and database.startswith("file:"):
        database = _path_of_file_uri(database)
        if database in ("", ":memory:"):
            return None
    return Path(database).expanduser().resolve()


def _path_of_file_uri(uri: str) -> str:
    """The file a ``file:`` URI names, as SQLite reads it."""
    rest = uri.removeprefix("file:").split("?", 1)[0].split("#", 1)[0]
    if rest.startswith("//"):  # file://localhost/path or file:///path
        rest = rest[2:]
        rest = rest[rest.index("/") :] if "/" in rest else ""
    return unquote(rest)
