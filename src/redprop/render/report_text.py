"""The report as CSV (one long table for scripts) and as Markdown (for the bulletin)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from typing import Any

from redprop.render.report_common import (
    COMPANY_COLS,
    RANK_COLS,
    TOTAL_ROWS,
    change_text,
    counter_text,
    period_text,
    programme_rows,
    scope_text,
    section_key,
    w,
)
from redprop.render.text import visible

SECTIONS = ("by_site", "by_category", "by_type", "by_source", "by_mediator", "by_month", "by_company", "ranking")
EXTRA = ("site", "stat_type", "party_member", "zero_report", "rank", "handled", "ytd_received", "ytd_resolved",
         "share", "share_resolved", "overdue", "resolve_rate", "score", "timely_rate", "meetings_held",
         "checklist_ticked", "positions")
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


def records(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every row of every section, keys as in the JSON, with ``period`` and ``section`` added.

    The meetings and activities figures are rows of section ``meetings`` / ``activities``,
    one per figure, with its name as ``key`` and its number as ``value``; ``change`` rows
    carry the counter's name as ``key`` and ``relative`` or ``points`` as ``label``.
    """
    label = data["period"]["label"]

    def row(section: str, rec: dict[str, Any]) -> dict[str, Any]:
        return {"period": label, "section": section, **rec}

    yield row("totals", {"key": "", "label": "", **data["totals"]})
    for section in SECTIONS:
        for rec in data.get(section, ()):
            yield row(section, rec)
    for block in ("meetings", "activities"):
        for name, v in data[block].items():
            if name != "as_of":
                yield row(block, {"key": name, "label": "", "value": v})
    for name, entry in data["change"]["counters"].items():
        yield row("change", {"key": name, "label": entry["kind"], **{c: entry[c] for c in CHANGE}})


def write_csv(data: dict[str, Any]) -> None:
    """``records`` as one long table with a fixed header (``csv_columns``)."""
    cols = csv_columns()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(cols)
    for rec in records(data):
        out.writerow([visible(_flat(rec.get(c))) for c in cols])


def write_ndjson(data: dict[str, Any]) -> None:
    """``records`` one JSON object a line, each with only its own keys; nulls stay null."""
    import json

    for rec in records(data):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _md(v: Any) -> str:
    from redprop.render.text import markdown_cell

    return markdown_cell(v)


def _table(headings: list[str], rows: list[list[Any]], right_from: int = 1) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in headings) + " |",
             "|" + "|".join("---:" if i >= right_from else "---" for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return lines + [""]


_COLS = ["received", "resolved", "failed", "success_rate", "open_at_end", "overdue_at_end",
         "median_days_to_resolve", "visits", "satisfaction_rate", "amount", "share"]
_SITE_COLS = ["received", "resolved", "success_rate", "open_at_end", "overdue_at_end", "satisfaction_rate",
              "ytd_received", "ytd_resolved"]


def _md_site(data: dict[str, Any], lang: str) -> list[str]:
    return _table(
        [w("rank", lang), w("site", lang), w("label", lang), *[w(c, lang) for c in _SITE_COLS]],
        [[r["rank"], r["site"], r["label"] + (f" ({w('zero_report', lang)})" if r["zero_report"] else ""),
          *[counter_text(c, r[c]) for c in _SITE_COLS]] for r in data["by_site"]], right_from=3)


def _md_rows(key: str) -> Any:
    def render(data: dict[str, Any], lang: str) -> list[str]:
        return _table([w("month" if key == "by_month" else "label", lang), *[w(c, lang) for c in _COLS]],
                      [[r["label"], *[counter_text(c, r[c]) for c in _COLS]] for r in data[key]])
    return render


def _md_mediator(data: dict[str, Any], lang: str) -> list[str]:
    return _table(
        [w(h, lang) for h in ("label", "party_member", "handled", "received", "resolved", "success_rate")],
        [[m["label"], w("yes" if m["party_member"] else "no", lang), m["handled"], m["received"],
          m["resolved"], counter_text("success_rate", m["success_rate"])] for m in data["by_mediator"]])


def _md_company(data: dict[str, Any], lang: str) -> list[str]:
    return _table([w("company", lang), *[w(c, lang) for c in COMPANY_COLS]],
                  [[r["label"], *[counter_text(c, r[c]) for c in COMPANY_COLS]] for r in data["by_company"]])


def _md_ranking(data: dict[str, Any], lang: str) -> list[str]:
    return _table(
        [w("rank", lang), w("site", lang), w("label", lang), *[w(c, lang) for c in RANK_COLS]],
        [[r["rank"], r["site"], r["label"], *[counter_text(c, r[c]) for c in RANK_COLS]] for r in data["ranking"]],
        right_from=3) + [f"_{w('score_note', lang)}_", ""]


_MD_SECTIONS = {"site": _md_site, "category": _md_rows("by_category"), "type": _md_rows("by_type"),
                "source": _md_rows("by_source"), "mediator": _md_mediator, "month": _md_rows("by_month"),
                "company": _md_company, "ranking": _md_ranking}
def write_markdown(data: dict[str, Any], lang: str, sections: tuple[str, ...]) -> None:
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
    programme = programme_rows(data)
    if programme:
        lines += [f"## {w('programme', lang)}", ""]
        lines += _table([w("label", lang), w("value", lang)],
                        [[w(n, lang), counter_text(n, v)] for n, v in programme])
    for name in sections:
        key = section_key(name)
        if name == "mediator" and not data["by_mediator"]:
            continue
        lines += [f"## {w(key, lang)}", ""]
        lines += _MD_SECTIONS[name](data, lang)
    lines += [f"_{w('notes', lang)}_", ""]
    sys.stdout.write("\n".join(lines))
