"""The report for people: a title block, small tables and bar charts in the terminal.

Summaries, not dumps: rich costs about 0.3 ms per row, so long breakdowns are
cut to their top rows with a line saying how many more there are (the JSON and
CSV carry all of them). Zero-report sites are always named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from redprop.render.report_common import (
    COMPANY_COLS,
    RANK_COLS,
    ROW_COLS,
    ROW_LIMIT,
    SITE_LIMIT,
    TOTAL_ROWS,
    change_text,
    counter_text,
    period_text,
    programme_rows,
    scope_text,
    w,
)
from redprop.render.tables import console
from redprop.render.text import literal, visible

BAR = 30
MEDIATOR_LIMIT = 8
SMALL_COLS = ("received", "resolved", "failed", "success_rate", "open_at_end", "share")


def _bar(value: int, top: int, style: str) -> Text:
    n = 0 if top <= 0 else round(BAR * value / top)
    if value and not n:
        n = 1
    return Text("█" * n, style=style)


def _cell(name: str, row: dict[str, Any]) -> Text:
    v = row.get(name)
    style = ""
    if name == "overdue_at_end" and v:
        style = "bold red"
    return literal(counter_text(name, v), style)


def _change_cell(entry: dict[str, Any], which: str, name: str) -> Text:
    v = entry[which]
    style = ""
    if v is not None and v != 0:
        falling = v < 0
        bad = falling if name not in ("failed", "withdrawn") else not falling
        if name in ("success_rate", "satisfaction_rate", "resolved", "failed"):
            style = "red" if bad else "green"
    return literal(change_text(entry, which), style)


def _totals(data: dict[str, Any], lang: str) -> Table:
    t = Table(title=literal(w("totals", lang)), header_style="bold", title_justify="left")
    for h in ("label", "value", "mom", "yoy"):
        t.add_column(literal(w(h, lang)), overflow="fold", justify="left" if h == "label" else "right")
    changes = data["change"]["counters"]
    for name in TOTAL_ROWS:
        entry = changes.get(name)
        t.add_row(literal(w(name, lang)), _cell(name, data["totals"]),
                  _change_cell(entry, "mom", name) if entry else literal(""),
                  _change_cell(entry, "yoy", name) if entry else literal(""))
    return t


def _breakdown(title: str, rows: list[dict[str, Any]], lang: str, lead: list[tuple[str, str]],
               cols: tuple[str, ...] = ROW_COLS, limit: int = ROW_LIMIT) -> Table:
    t = Table(title=literal(title), header_style="bold", title_justify="left")
    for _, heading in lead:
        t.add_column(literal(w(heading, lang)), overflow="fold")
    for c in cols:
        t.add_column(literal(w(c, lang)), overflow="fold", justify="right")
    for r in rows[:limit]:
        t.add_row(*[literal(r.get(k, "")) for k, _ in lead], *[_cell(c, r) for c in cols])
    return t


def _site_table(title: str, cols: tuple[str, ...], lang: str) -> Table:
    """An empty table of sites: rank, code and name, then ``cols`` right-aligned."""
    t = Table(title=literal(w(title, lang)), header_style="bold", title_justify="left")
    for h in ("rank", "site", "label"):
        t.add_column(literal(w(h, lang)), overflow="fold", justify="right" if h == "rank" else "left")
    for c in cols:
        t.add_column(literal(w(c, lang)), overflow="fold", justify="right")
    return t


def _sites(data: dict[str, Any], lang: str) -> list[Any]:
    rows = data["by_site"]
    cols = ("received", "resolved", "success_rate", "open_at_end", "overdue_at_end", "satisfaction_rate",
            "ytd_received", "ytd_resolved")
    t = _site_table("by_site", cols, lang)
    for r in rows[:SITE_LIMIT]:
        name = literal(r["label"])
        if r["zero_report"]:
            name.append(" " + w("zero_report", lang), style="yellow")
        t.add_row(literal(r["rank"]), literal(r["site"]), name, *[_cell(c, r) for c in cols])
    out: list[Any] = [t]
    if len(rows) > SITE_LIMIT:
        out.append(literal(w("more_sites", lang, n=len(rows) - SITE_LIMIT), "dim"))
    zero = [r["site"] for r in rows if r["zero_report"]]
    if zero:
        out.append(literal(f"{w('zero_sites', lang)}: {', '.join(zero)}", "yellow"))
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _bars(title: str, rows: list[tuple[str, int, int | None, str]], lang: str) -> Text:
    """Rows of (label, value, second value or None, note): one bar per value.

    Plain text lines padded by display width (CJK counts double): far cheaper
    to render than a table, and still aligned.
    """
    out = Text(title + "\n", style="bold")
    top = max([max(v, v2 or 0) for _, v, v2, _ in rows] or [0])
    label_w = max([cell_len(visible(r[0])) for r in rows] or [0])
    num_w = len(str(top))
    for label, v, v2, note in rows:
        out.append(" " + _pad(visible(label), label_w) + "  ")
        out.append_text(_bar(v, top, "cyan"))
        out.append(" " * (BAR - len(_bar(v, top, "").plain)) + f" {v:>{num_w}}  ")
        out.append(visible(note) + "\n", style="dim")
        if v2 is not None:
            out.append(" " + " " * label_w + "  ")
            out.append_text(_bar(v2, top, "green"))
            out.append(" " * (BAR - len(_bar(v2, top, "").plain)) + f" {v2:>{num_w}}\n")
    return out


def _programme(data: dict[str, Any], lang: str) -> Table | None:
    rows = programme_rows(data)
    if not rows:
        return None
    t = Table(title=literal(w("programme", lang)), header_style="bold", title_justify="left")
    t.add_column(literal(w("label", lang)), overflow="fold")
    t.add_column(literal(w("value", lang)), overflow="fold", justify="right")
    for name, v in rows:
        style = "bold red" if name == "overdue_decisions" and v else ""
        t.add_row(literal(w(name, lang)), literal(counter_text(name, v), style))
    return t


def _companies(data: dict[str, Any], lang: str) -> list[Any]:
    rows = data.get("by_company") or []
    t = Table(title=literal(w("by_company", lang)), header_style="bold", title_justify="left")
    t.add_column(literal(w("company", lang)), overflow="fold")
    for c in COMPANY_COLS:
        t.add_column(literal(w(c, lang)), overflow="fold", justify="right")
    for r in rows[:ROW_LIMIT]:
        t.add_row(literal(r["label"]), *[literal(counter_text(c, r[c]), "bold red" if c == "overdue" and r[c] else "")
                                         for c in COMPANY_COLS])
    out: list[Any] = [t if rows else literal(f"{w('by_company', lang)}: {w('none', lang)}")]
    if len(rows) > ROW_LIMIT:
        out.append(literal(w("more_rows", lang, n=len(rows) - ROW_LIMIT), "dim"))
    return out


def _ranking(data: dict[str, Any], lang: str) -> list[Any]:
    rows = data.get("ranking") or []
    t = _site_table("ranking", RANK_COLS, lang)
    for r in rows[:SITE_LIMIT]:
        t.add_row(literal(r["rank"]), literal(r["site"]), literal(r["label"]),
                  *[literal(counter_text(c, r[c]), "bold" if c == "score" else "") for c in RANK_COLS])
    out: list[Any] = [t]
    if len(rows) > SITE_LIMIT:
        out.append(literal(w("more_sites", lang, n=len(rows) - SITE_LIMIT), "dim"))
    out.append(literal(w("score_note", lang), "dim"))
    return out


def _categories(data: dict[str, Any], lang: str) -> list[Any]:
    cats = data["by_category"][:ROW_LIMIT]
    if not cats:
        return []
    out: list[Any] = [_bars(w("by_category", lang),
                            [(c["label"], c["received"], None, f"{c['key']} · {counter_text('share', c['share'])}")
                             for c in cats], lang)]
    if len(data["by_category"]) > ROW_LIMIT:
        out.append(literal(w("more_rows", lang, n=len(data["by_category"]) - ROW_LIMIT), "dim"))
    return out


def _mediators(data: dict[str, Any], lang: str) -> list[Any]:
    meds = data["by_mediator"]
    if not meds:
        return []
    t = Table(title=literal(w("by_mediator", lang)), header_style="bold", title_justify="left")
    for h in ("label", "party_member", "handled", "received", "resolved", "success_rate"):
        t.add_column(literal(w(h, lang)), overflow="fold", justify="left" if h == "label" else "right")
    for m in meds[:MEDIATOR_LIMIT]:
        t.add_row(literal(m["label"]), literal(w("yes" if m["party_member"] else "no", lang)),
                  literal(m["handled"]), literal(m["received"]), literal(m["resolved"]),
                  literal(counter_text("success_rate", m["success_rate"])))
    out: list[Any] = [t]
    if len(meds) > MEDIATOR_LIMIT:
        out.append(literal(w("more_rows", lang, n=len(meds) - MEDIATOR_LIMIT), "dim"))
    return out


def _trend(data: dict[str, Any], lang: str) -> list[Any]:
    return [_bars(w("by_month", lang),
                  [(m["label"], m["received"], m["resolved"],
                    f"{w('success_rate', lang)} {counter_text('success_rate', m['success_rate'])}")
                   for m in data["by_month"][-24:]], lang)]


_SECTIONS: dict[str, Callable[[dict[str, Any], str], list[Any]]] = {
    "site": _sites,
    "category": _categories,
    "type": lambda d, lang: ([_breakdown(w("by_type", lang), d["by_type"], lang, [("label", "stat_type")],
                                         SMALL_COLS)] if d["by_type"] else []),
    "source": lambda d, lang: [_breakdown(w("by_source", lang), d["by_source"], lang, [("label", "label")],
                                          SMALL_COLS)],
    "mediator": _mediators,
    "month": _trend,
    "company": _companies,
    "ranking": _ranking,
}


def print_report(data: dict[str, Any], lang: str, sections: tuple[str, ...]) -> None:
    con = console()
    head = Text(w("title", lang), style="bold")
    head.append("\n")
    for key, value in (("scope", scope_text(data["scope"], lang)), ("period", period_text(data["period"])),
                       ("generated_at", data["generated_at"])):
        head.append(f"{w(key, lang)}: ", style="bold")
        head.append_text(literal(value))
        head.append("\n")
    con.print(head)
    con.print(_totals(data, lang))
    con.print()
    programme = _programme(data, lang)
    if programme is not None:
        con.print(programme)
        con.print()
    for name in sections:
        parts = _SECTIONS[name](data, lang)
        for part in parts:
            con.print(part)
        if parts:
            con.print()
    con.print(literal(w("notes", lang), "dim"))
