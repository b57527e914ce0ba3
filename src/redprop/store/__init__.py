"""The SQLite store: opening, migrations, transactions and the event log.

Nothing here imports Typer or rich.
"""

from redprop.store.db import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
