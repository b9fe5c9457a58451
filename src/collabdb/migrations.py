"""Alembic, driven from code: used by `db upgrade` and the default database's first use.

Alembic is imported inside the functions so that read commands never pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collabdb.resources import alembic_directory

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(alembic_directory()))
    if engine is not None:
        # env.py uses this engine instead of resolving a URL itself.
        config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def script_heads() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())
