"""Write records as a table, JSON, NDJSON or CSV.

JSON and NDJSON keep the record's keys and values as they are (UTF-8,
unescaped); CSV flattens lists and, like tables, shows control characters as
escapes (``\x1b``) so that CSV read in a terminal cannot drive it; tables are
built by the caller's columns.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from redprop.errors import InvalidInput
from redprop.render.text import visible

LIST_FORMATS = ("table", "json", "ndjson", "csv")


def check_format(fmt: str, allowed: Iterable[str] = LIST_FORMATS) -> str:
    allowed = tuple(allowed)
    f = fmt.strip().lower()
    if f not in allowed:
        raise InvalidInput("--format", f"{fmt!r} is not a format; use one of: {', '.join(allowed)}")
    return f


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def write_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def write_ndjson(records: Iterable[Any]) -> None:
    for r in records:
        sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_flat_item(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _flat_item(v: Any) -> str:
    if isinstance(v, dict):
        name = v.get("name") or v.get("key") or v.get("number")
        if name is not None:
            return str(name) + (f"@{v['unit']}" if v.get("unit") else "")
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


def write_csv(records: list[dict[str, Any]], keys: list[str] | None = None) -> None:
    if keys is None:
        keys = list(records[0]) if records else []
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(keys)
    for r in records:
        w.writerow([visible(_flat(r.get(k))) for k in keys])


@dataclass(frozen=True)
class Column:
    """A table column: record key, heading id (see ``i18n.word``) and cell text."""

    key: str
    heading: str | None = None
    cell: Callable[[Any, dict[str, Any]], Any] | None = None
    justify: str = "left"


def emit(
    records: list[dict[str, Any]],
    fmt: str,
    columns: list[Column],
    lang: str,
    *,
    keys: tuple[str, ...] | list[str],
    title: str | None = None,
) -> None:
    """Write a listing in ``fmt``: ``keys`` are the record's stable keys (the CSV
    header, even when there are no records); ``columns`` only shape the table."""
    if fmt == "json":
        write_json(records)
    elif fmt == "ndjson":
        write_ndjson(records)
    elif fmt == "csv":
        write_csv(records, list(keys))
    else:
        from redprop.render.tables import print_table

        print_table(records, columns, lang, title=title)
