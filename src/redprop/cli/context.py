"""Global choices made before the command: database, language and actor."""

import getpass
import os
from pathlib import Path

from redprop.store.db import Store


class Settings:
    def __init__(self) -> None:
        self.db: str | None = None
        self.lang_option: str | None = None
        self.by: str | None = None
        self._stores: list[Store] = []

    @property
    def lang(self) -> str:
        from redprop.i18n import resolve_lang

        return resolve_lang(self.lang_option)

    def db_path(self) -> tuple[Path, str]:
        from redprop.paths import resolve_db_path

        return resolve_db_path(self.db)

    def actor(self, by: str | None = None) -> str:
        from redprop.domain import validate

        # `--by ''` is a mistake to report, not a request for the default actor.
        explicit = by if by is not None else self.by
        if explicit is not None:
            return validate.required_text("--by", explicit)
        env = os.environ.get("REDPROP_USER")
        if env:
            return validate.required_text("REDPROP_USER", env)
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def store(self, *, write: bool = False, by: str | None = None) -> Store:
        """Open the database; only write commands may create it."""
        path, _ = self.db_path()
        s = Store.open(path, create=write)
        s.actor = self.actor(by)
        self._stores.append(s)
        return s

    def close(self) -> None:
        for s in self._stores:
            s.close()
        self._stores.clear()


settings = Settings()
