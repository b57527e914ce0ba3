"""Today's date and the current timestamp, in local time.

``REDPROP_TODAY`` pins "today" (YYYY-MM-DD) so that demo data, scripts that
back-fill records and tests can reason about due dates deterministically.
"""

from __future__ import annotations

import os
from datetime import date, datetime


def today() -> date:
    pinned = os.environ.get("REDPROP_TODAY")
    if pinned:
        from redprop.domain.validate import parse_date

        return parse_date("REDPROP_TODAY", pinned)
    return date.today()


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
