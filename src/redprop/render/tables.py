"""rich tables that keep CJK text aligned and never cut a cell to "…"."""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from redprop.i18n import word
from redprop.render.output import Column
from redprop.render.text import joined, literal


def console(stderr: bool = False) -> Console:
    """A console that never interprets markup or emoji in strings.

    Long cells fold onto new lines (columns use ``overflow="fold"``), so text is
    never cut. Piped output is 160 columns wide unless ``COLUMNS`` says otherwise.
    """
    stream = sys.stderr if stderr else sys.stdout
    is_tty = stream.isatty()
    columns = os.environ.get("COLUMNS", "")
    width = None if is_tty else (int(columns) if columns.isdigit() else 160)
    return Console(
        file=stream, markup=False, emoji=False, highlight=False, width=width,
        soft_wrap=False, no_color=not is_tty and "FORCE_COLOR" not in os.environ,
    )


def cell_text(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return literal(word("yes" if value else "no", lang))
    if isinstance(value, list):
        return literal(joined(value, lang))
    return literal("" if value is None else value)


def build_table(records: list[dict[str, Any]], columns: list[Column], lang: str,
                title: str | None = None) -> Table:
    table = Table(title=literal(title) if title else None, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(literal(word(col.heading or col.key, lang)), overflow="fold",
                         justify=col.justify)  # type: ignore[arg-type]
    for r in records:
        table.add_row(*[
            col.cell(r.get(col.key), r) if col.cell else cell_text(r.get(col.key), lang)
            for col in columns
        ])
    return table


def print_table(records: list[dict[str, Any]], columns: list[Column], lang: str,
                title: str | None = None) -> None:
    con = console()
    if not records:
        console(stderr=True).print(literal("(无记录)" if lang == "zh" else "(no records)"))
        return
    con.print(build_table(records, columns, lang, title))


def print_record(pairs: list[tuple[str, Any]], lang: str, title: str | None = None) -> None:
    """A two-column field/value table for one record (``show`` commands)."""
    table = Table(title=literal(title) if title else None, show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for heading, value in pairs:
        table.add_row(literal(word(heading, lang)), cell_text(value, lang))
    console().print(table)
