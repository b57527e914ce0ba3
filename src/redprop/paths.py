"""Where the database lives: ``--db``, then ``REDPROP_DB``, then the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from redprop.errors import InvalidInput

ENV_DB = "REDPROP_DB"
DB_FILENAME = "redprop.db"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("redprop", appauthor=False)) / DB_FILENAME


def resolve_db_path(explicit: str | None) -> tuple[Path, str]:
    """Return the path in use and where it came from (``--db``, env or default)."""
    if explicit is not None:
        # `--db ''` (an unset shell variable) must not silently fall back to another file.
        if not explicit.strip():
            raise InvalidInput("--db", "must not be empty; give the path of a database file")
        return Path(explicit).expanduser(), "--db"
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser(), ENV_DB
    return default_db_path(), "default"
