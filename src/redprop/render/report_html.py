"""The report as one self-contained, printable HTML page for the 党群服务 notice board.

Inline CSS and inline SVG charts; nothing is fetched from the network. Every
value from the store is escaped with ``html.escape``.
"""

from __future__ import annotations

import math
import sys
import unicodedata
from html import escape
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
    w,
)
from redprop.render.text import visible

CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; color: #222; margin: 24px auto; max-width: 1100px; font-size: 14px; }
header { border-bottom: 4px solid #c8102e; padding-bottom: 8px; margin-bottom: 16px; }
h1 { color: #c8102e; font-size: 26px; margin: 0 0 6px; }
h2 { color: #c8102e; font-size: 18px; border-left: 5px solid #c8102e; padding-left: 8px; margin: 22px 0 8px; }
.meta { color: #555; margin: 2px 0; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.card { border: 1px solid #e3c3c3; border-radius: 6px; padding: 8px 10px; background: #fff8f6; }
.card .v { font-size: 24px; font-weight: bold; }
.card .l { color: #666; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: right; white-space: nowrap; }
th { background: #f6e7e7; }
td.t, th.t { text-align: left; white-space: normal; }
td.t { word-break: keep-all; } /* a squeezed name column breaks 星河国际 into 星河国 / 际 */
td.nw { white-space: nowrap; }
td.empty { color: #888; text-align: center; }
.bad { color: #c8102e; font-weight: bold; }
.good { color: #1a7f37; }
.zero { color: #a15c00; font-weight: bold; }
.lead td { background: #fff3d6; }
.note { color: #666; font-size: 12px; margin-top: 14px; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin-top: 8px; }
.charts svg { display: block; width: 100%; height: auto; }
/* An A4 column is about 690 CSS px: shrink the type, let headings wrap (never inside a CJK word) and stack
   the charts at full size, so wide tables are not cut off at the right edge and chart text stays readable. */
@media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; }
  th { white-space: normal; word-break: keep-all; } th, td { padding: 3px 4px; }
  .cards { gap: 6px; } .card .v { font-size: 20px; }
  table { break-inside: auto; } tr, .charts > div { break-inside: avoid; }
  .charts { grid-template-columns: minmax(0, 1fr); gap: 8px; } }
"""


def _e(v: Any) -> str:
    """Escaped for HTML, with control characters shown as escapes rather than sent raw."""
    return escape(visible(v), quote=True)


def _change_class(entry: dict[str, Any], which: str, name: str) -> str:
    v = entry[which]
    if v is None or v == 0 or name not in ("success_rate", "satisfaction_rate", "resolved", "failed"):
        return ""
    bad = v < 0 if name != "failed" else v > 0
    return "bad" if bad else "good"


def _table(headings: list[str], rows: list[list[str]], text_cols: int = 1, row_class: list[str] | None = None,
           empty: str = "", nowrap: int = 0) -> str:
    """Cells of ``rows`` are HTML already; the first ``nowrap`` columns (codes, months) never break."""
    head = "".join(f'<th class="t">{_e(h)}</th>' if i < text_cols else f"<th>{_e(h)}</th>"
                   for i, h in enumerate(headings))
    body = []
    for n, r in enumerate(rows):
        cls = f' class="{row_class[n]}"' if row_class and row_class[n] else ""
        cells = "".join(f'<td class="t{" nw" if i < nowrap else ""}">{c}</td>' if i < text_cols else f"<td>{c}</td>"
                        for i, c in enumerate(r))
        body.append(f"<tr{cls}>{cells}</tr>")
    if not rows and empty:
        # A heading over an empty grid reads as a rendering fault on paper; say there is nothing.
        body.append(f'<tr><td class="empty" colspan="{len(headings)}">{_e(empty)}</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(name: str, row: dict[str, Any]) -> str:
    text = _e(counter_text(name, row.get(name)))
    if name in ("overdue_at_end", "overdue") and row.get(name):
        return f'<span class="bad">{text}</span>'
    return text


def _text_width(text: str, size: float) -> float:
    """Rough advance width in px: wide (CJK, fullwidth) characters take a full em, others about 0.6."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def _svg_open(width: int, height: int, title: str) -> str:
    # Scales down with its column (the CSS sets width: 100%) but never up past its drawn size.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" style="max-width:{width}px" role="img" aria-label="{_e(title)}">'
            f"<title>{_e(title)}</title>")


def _nice_step(top: int, ticks: int = 4) -> int:
    """A 1, 2 or 5 times a power of ten step giving at most ``ticks`` gridlines above zero."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if top <= m * step * ticks:
                return m * step
        step *= 10


def svg_hbars(rows: list[tuple[str, int]], title: str, color: str = "#c8102e") -> str:
    """Horizontal bars: one per (label, value)."""
    if not rows:
        return ""
    top = max(v for _, v in rows) or 1
    bar_h, gap, bars_w = 18, 6, 330
    # Room for the longest label, so English category names are not cut at the left edge.
    label_w = math.ceil(max(60, min(300, max(_text_width(label, 12) for label, _ in rows) + 10)))
    value_w = int(_text_width(str(top), 12)) + 10
    width = label_w + bars_w + value_w
    height = len(rows) * (bar_h + gap) + 28
    parts = [_svg_open(width, height, title),
             f'<text x="0" y="14" font-size="13" font-weight="bold">{_e(title)}</text>']
    for i, (label, v) in enumerate(rows):
        y = 24 + i * (bar_h + gap)
        bw = bars_w * v / top
        shown = label
        while _text_width(shown, 12) > label_w - 10:  # only past the 300 px cap; the table has it whole
            shown = shown[:-2] + "…"
        whole = f"<title>{_e(label)}</title>" if shown != label else ""
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end">{_e(shown)}{whole}'
                     "</text>")
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bw:.1f}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + bw + 4:.1f}" y="{y + 13}" font-size="12">{_e(v)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_trend(months: list[dict[str, Any]], title: str, lang: str) -> str:
    """Vertical paired bars per month: received (light) and resolved (red), on a scale with gridlines."""
    peak = max((max(m["received"], m["resolved"]) for m in months), default=0)
    if not peak:
        return ""  # a frame of empty axes says nothing the table does not
    step = _nice_step(peak)
    top = -(-peak // step) * step
    n = len(months)
    left = int(_text_width(f"{top:,}", 10)) + 10
    width, height, bottom, top_pad = 520, 260, 40, 30
    slot = (width - left - 10) / n
    # Capped so one or two months do not draw as two slabs across the whole chart.
    bw = min(24.0, max(2.0, slot * 0.36))
    plot_h = height - bottom - top_pad
    base = height - bottom
    parts = [_svg_open(width, height, title),
             f'<text x="0" y="14" font-size="13" font-weight="bold">{_e(title)}</text>',
             f'<rect x="{width - 170}" y="4" width="10" height="10" fill="#f2a7a7"/>'
             f'<text x="{width - 156}" y="13" font-size="11">{_e(w("received", lang))}</text>'
             f'<rect x="{width - 90}" y="4" width="10" height="10" fill="#c8102e"/>'
             f'<text x="{width - 76}" y="13" font-size="11">{_e(w("resolved", lang))}</text>']
    for tick in range(0, top + 1, step):
        y = base - plot_h * tick / top
        if tick:
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{tick:,}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 5}" y2="{base}" stroke="#999"/>')
    every = max(1, -(-n // 12))
    for i, m in enumerate(months):
        x = left + i * slot + (slot - 2 * bw) / 2
        for j, (key, color) in enumerate((("received", "#f2a7a7"), ("resolved", "#c8102e"))):
            h = plot_h * m[key] / top
            parts.append(f'<rect x="{x + j * bw:.1f}" y="{base - h:.1f}" width="{bw:.1f}" '
                         f'height="{h:.1f}" fill="{color}"><title>{_e(m["label"])} {_e(w(key, lang))} '
                         f'{_e(m[key])}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bw:.1f}" y="{base + 14}" font-size="10" '
                         f'text-anchor="middle">{_e(m["label"][2:])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(data: dict[str, Any], lang: str, sections: tuple[str, ...]) -> str:
    t = data["totals"]
    changes = data["change"]["counters"]
    cards = "".join(
        f'<div class="card"><div class="v">{_cell(n, t)}</div><div class="l">{_e(w(n, lang))}</div></div>'
        for n in ("received", "resolved", "success_rate", "open_at_end", "overdue_at_end", "visits",
                  "satisfaction_rate", "amount"))
    totals_rows = []
    for n in TOTAL_ROWS:
        ch = changes.get(n)
        mom = (f'<span class="{_change_class(ch, "mom", n)}">{_e(change_text(ch, "mom"))}</span>' if ch else "")
        yoy = (f'<span class="{_change_class(ch, "yoy", n)}">{_e(change_text(ch, "yoy"))}</span>' if ch else "")
        totals_rows.append([_e(w(n, lang)), _cell(n, t), mom, yoy])
    site_cols = ["received", "resolved", "success_rate", "open_at_end", "overdue_at_end", "satisfaction_rate",
                 "amount", "ytd_received", "ytd_resolved"]
    site_rows, site_cls = [], []
    for r in data["by_site"]:
        name = _e(r["label"])
        if r["zero_report"]:
            name += f' <span class="zero">{_e(w("zero_report", lang))}</span>'
        site_rows.append([_e(r["rank"]), _e(r["site"]), name, *[_cell(c, r) for c in site_cols]])
        site_cls.append("lead" if r["rank"] == 1 and not r["zero_report"] else "")
    cols = ["received", "resolved", "failed", "success_rate", "open_at_end", "overdue_at_end",
            "median_days_to_resolve", "visits", "satisfaction_rate", "amount", "share"]

    def section(key: str, rows: list[dict[str, Any]]) -> str:
        # Percentiles of days are computed for totals, sites and months only.
        shown = cols if key == "by_month" else [c for c in cols if c != "median_days_to_resolve"]
        return (f"<h2>{_e(w(key, lang))}</h2>"
                + _table([w("label", lang), *[w(c, lang) for c in shown]],
                         [[_e(r["label"]), *[_cell(c, r) for c in shown]] for r in rows],
                         empty=w("none", lang), nowrap=1 if key == "by_month" else 0))

    med_rows = [[_e(m["label"]), _e(w("yes" if m["party_member"] else "no", lang)), _e(m["handled"]),
                 _e(m["received"]), _e(m["resolved"]), _e(counter_text("success_rate", m["success_rate"]))]
                for m in data["by_mediator"]]
    cat_chart = svg_hbars([(c["label"], c["received"]) for c in data["by_category"][:12]], w("by_category", lang))
    trend_chart = svg_trend(data["by_month"][-24:], w("by_month", lang), lang)
    charts = [c for c, name in ((cat_chart, "category"), (trend_chart, "month")) if c and name in sections]
    body = [
        f"<header><h1>{_e(w('title', lang))}</h1>",
        f'<p class="meta"><b>{_e(w("scope", lang))}</b>: {_e(scope_text(data["scope"], lang))}</p>',
        f'<p class="meta"><b>{_e(w("period", lang))}</b>: {_e(period_text(data["period"]))}</p>',
        f'<p class="meta"><b>{_e(w("generated_at", lang))}</b>: {_e(data["generated_at"])}</p></header>',
        f'<div class="cards">{cards}</div>',
        f"<h2>{_e(w('totals', lang))}</h2>",
        _table([w("label", lang), w("value", lang), w("mom", lang), w("yoy", lang)], totals_rows),
    ]
    programme = programme_rows(data)
    if programme:
        body += [f"<h2>{_e(w('programme', lang))}</h2>",
                 _table([w("label", lang), w("value", lang)],
                        [[_e(w(n, lang)), f'<span class="bad">{_e(v)}</span>' if n == "overdue_decisions" and v
                          else _e(counter_text(n, v))] for n, v in programme])]
    if charts:
        body.append('<div class="charts">' + "".join(f"<div>{c}</div>" for c in charts) + "</div>")
    parts = {
        "site": lambda: [f"<h2>{_e(w('by_site', lang))}</h2>",
                         _table([w("rank", lang), w("site", lang), w("label", lang),
                                 *[w(c, lang) for c in site_cols]], site_rows, text_cols=3, row_class=site_cls,
                                nowrap=2, empty=w("none", lang))],
        "category": lambda: [section("by_category", data["by_category"])],
        "type": lambda: [section("by_type", data["by_type"])],
        "source": lambda: [section("by_source", data["by_source"])],
        "mediator": lambda: ([f"<h2>{_e(w('by_mediator', lang))}</h2>",
                              _table([w(h, lang) for h in ("label", "party_member", "handled", "received",
                                                           "resolved", "success_rate")], med_rows, text_cols=2)]
                             if med_rows else []),
        "month": lambda: [section("by_month", data["by_month"])],
        "company": lambda: [f"<h2>{_e(w('by_company', lang))}</h2>",
                            _table([w("company", lang), *[w(c, lang) for c in COMPANY_COLS]],
                                   [[_e(r["label"]), *[_cell(c, r) for c in COMPANY_COLS]]
                                    for r in data.get("by_company", [])], empty=w("none", lang))],
        "ranking": lambda: [f"<h2>{_e(w('ranking', lang))}</h2>",
                            _table([w("rank", lang), w("site", lang), w("label", lang),
                                    *[w(c, lang) for c in RANK_COLS]],
                                   [[_e(r["rank"]), _e(r["site"]), _e(r["label"]),
                                     *[_cell(c, r) for c in RANK_COLS]] for r in data.get("ranking", [])],
                                   text_cols=3, nowrap=2, empty=w("none", lang),
                                   # No leader to crown when the best score is nothing at all.
                                   row_class=["lead" if r["rank"] == 1 and r.get("score") else ""
                                              for r in data.get("ranking", [])]),
                            f'<p class="note">{_e(w("score_note", lang))}</p>'],
    }
    for name in sections:
        body += parts[name]()
    body.append(f'<p class="note">{_e(w("notes", lang))}</p>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(w('title', lang))} {_e(data['period']['label'])}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def write_html(data: dict[str, Any], lang: str, sections: tuple[str, ...]) -> None:
    sys.stdout.write(render_html(data, lang, sections))
