"""The report as CSV (one long table for scripts) and as Markdown (for the bulletin)."""

from __future__ import annotations

import csv
import sys
from typing import Any

from redprop.render.report_common import (
    TOTAL_ROWS,
    change_text,
    counter_text,
    period_text,
    scope_text,
    w,
)

SECTIONS = ("by_site", "by_category", "by_type", "by_source", "by_mediator", "by_month")
EXTRA = ("site", "stat_type", "party_member", "zero_report", "rank", "handled", "ytd_received", "ytd_resolved",
         "share", "share_resolved")
CHANGE = ("value", "previous", "year_ago", "mom", "yoy")


def csv_columns() -> list[str]:
    from redprop.domain.report import COUNTERS

    return ["period", "section", "key", "label", *EXTRA, *COUNTERS, *CHANGE]


def _flat(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_csv(data: dict[str, Any]) -> None:
    """Every row of every section, keys as in the JSON; ``section`` says which list it came from."""
    cols = csv_columns()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(cols)
    label = data["period"]["label"]

    def row(section: str, rec: dict[str, Any]) -> None:
        out.writerow([_flat({"period": label, "section": section, **rec}.get(c)) for c in cols])

    row("totals", {"key": "", "label": "", **data["totals"]})
    for section in SECTIONS:
        for rec in data[section]:
            row(section, rec)
    for name, entry in data["change"]["counters"].items():
        row("change", {"key": name, "label": entry["kind"], **{c: entry[c] for c in CHANGE}})


def _md(v: Any) -> str:
    return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(headings: list[str], rows: list[list[Any]], right_from: int = 1) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in headings) + " |",
             "|" + "|".join("---:" if i >= right_from else "---" for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return lines + [""]


def write_markdown(data: dict[str, Any], lang: str) -> None:
    lines = [f"# {w('title', lang)}", "",
             f"- **{w('scope', lang)}**: {_md(scope_text(data['scope'], lang))}",
             f"- **{w('period', lang)}**: {_md(period_text(data['period']))}",
             f"- **{w('generated_at', lang)}**: {_md(data['generated_at'])}", "",
             f"## {w('totals', lang)}", ""]
    changes = data["change"]["counters"]
    lines += _table(
        [w("label", lang), w("value", lang), w("mom", lang), w("yoy", lang)],
        [[w(n, lang), counter_text(n, data["totals"][n]),
          change_text(changes[n], "mom") if n in changes else "", change_text(changes[n], "yoy") if n in changes
          else ""] for n in TOTAL_ROWS])
    cols = ["received", "resolved", "failed", "success_rate", "open_at_end", "overdue_at_end",
            "median_days_to_resolve", "visits", "satisfaction_rate", "amount", "share"]
    site_cols = ["received", "resolved", "success_rate", "open_at_end", "overdue_at_end", "satisfaction_rate",
                 "ytd_received", "ytd_resolved"]
    lines += [f"## {w('by_site', lang)}", ""]
    lines += _table(
        [w("rank", lang), w("site", lang), w("label", lang), *[w(c, lang) for c in site_cols]],
        [[r["rank"], r["site"], r["label"] + (f" ({w('zero_report', lang)})" if r["zero_report"] else ""),
          *[counter_text(c, r[c]) for c in site_cols]] for r in data["by_site"]], right_from=3)
    for section, lead in (("by_category", "label"), ("by_type", "label"), ("by_source", "label")):
        lines += [f"## {w(section, lang)}", ""]
        lines += _table([w(lead, lang), *[w(c, lang) for c in cols]],
                        [[r["label"], *[counter_text(c, r[c]) for c in cols]] for r in data[section]])
    if data["by_mediator"]:
        lines += [f"## {w('by_mediator', lang)}", ""]
        lines += _table(
            [w(h, lang) for h in ("label", "party_member", "handled", "received", "resolved", "success_rate")],
            [[m["label"], w("yes" if m["party_member"] else "no", lang), m["handled"], m["received"],
              m["resolved"], counter_text("success_rate", m["success_rate"])] for m in data["by_mediator"]])
    lines += [f"## {w('by_month', lang)}", ""]
    lines += _table([w("month", lang), *[w(c, lang) for c in cols]],
                    [[m["label"], *[counter_text(c, m[c]) for c in cols]] for m in data["by_month"]])
    lines += [f"_{w('notes', lang)}_", ""]
    sys.stdout.write("\n".join(lines))
