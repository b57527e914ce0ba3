"""Meeting minutes (会议纪要) as rich tables, Markdown or one self-contained HTML page.

Minutes carry the attendees (officials and representatives who sign), the
items with the *numbers* of the cases they discuss, and the decisions; never a
resident's name or phone (the cases' parties are not printed).
"""

from __future__ import annotations

import html
import re
from typing import Any

from redprop.domain import vocab
from redprop.render.text import visible

_WORDS: dict[str, tuple[str, str]] = {
    "minutes": ("会议纪要", "Minutes"),
    "meeting": ("会议", "Meeting"),
    "kind": ("会议类型", "Kind"),
    "sites": ("小区", "Sites"),
    "date": ("日期", "Date"),
    "time": ("时间", "Time"),
    "place": ("地点", "Place"),
    "host": ("主持人", "Host"),
    "recorder": ("记录人", "Recorder"),
    "status": ("状态", "Status"),
    "attendance": ("出席", "Attendance"),
    "absent": ("缺席", "Absent"),
    "name": ("姓名", "Name"),
    "role": ("身份", "Role"),
    "organisation": ("单位", "Organisation"),
    "reason": ("缺席原因", "Reason"),
    "items": ("议题", "Agenda items"),
    "item": ("序号", "No."),
    "section": ("板块", "Section"),
    "title": ("议题", "Item"),
    "proposer": ("提出人", "Proposed by"),
    "discussion": ("讨论情况", "Discussion"),
    "vote": ("表决", "Vote"),
    "cases": ("关联案件", "Cases"),
    "decisions": ("议定事项", "Decisions"),
    "carried": ("上期未完成事项", "Carried over"),
    "number": ("编号", "Number"),
    "text": ("事项", "Decision"),
    "unit": ("责任单位", "Responsible"),
    "person": ("责任人", "Person"),
    "due_on": ("完成时限", "By"),
    "feedback": ("公示反馈", "Feedback to residents"),
    "signatures": ("签字", "Signatures"),
    "present": ("出席", "Present"),
    "decisions_n": ("议定事项", "Decisions"),
    "items_n": ("议题", "Items"),
}


def word(key: str, lang: str) -> str:
    pair = _WORDS.get(key)
    return key if pair is None else (pair[0] if lang == "zh" else pair[1])


def _cases(item: dict[str, Any]) -> str:
    return "、".join(c["number"] for c in item["cases"])


def _decision_cells(d: dict[str, Any], lang: str) -> list[str]:
    status = vocab.DECISION_STATUS.label(d["status"], lang)
    if d["done_on"]:
        status += f" {d['done_on']}"
    feedback = (f"{d['feedback_on']} {d['feedback']}" if d["feedback"] else "")
    case = f" [{d['case']}]" if d["case"] else ""
    return [d["number"], d["text"] + case, d["unit"], d["person"] or "", d["due_on"], status, feedback]


_DECISION_HEADS = ("number", "text", "unit", "person", "due_on", "status", "feedback")


def _header_pairs(rec: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    return [
        ("meeting", rec["number"]), ("kind", vocab.MEETING_KIND.label(rec["kind"], lang)),
        ("sites", "、".join(rec["sites"])), ("date", rec["date"]), ("time", rec["time"]),
        ("place", rec["place"] or ""), ("host", rec["host"] or ""), ("recorder", rec["recorder"] or ""),
        ("status", vocab.MEETING_STATUS.label(rec["status"], lang)),
    ]


def _sections(rec: dict[str, Any], lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """The minutes as (title, headings, rows) blocks, shared by every format."""
    present = [a for a in rec["attendees"] if a["present"]]
    absent = [a for a in rec["attendees"] if not a["present"]]
    role = vocab.ATTENDEE_ROLE
    blocks = [
        (word("attendance", lang), [word(h, lang) for h in ("name", "role", "organisation")],
         [[a["name"], role.label(a["role"], lang), a["organisation"] or ""] for a in present]),
    ]
    if absent:
        blocks.append((word("absent", lang), [word(h, lang) for h in ("name", "role", "organisation", "reason")],
                       [[a["name"], role.label(a["role"], lang), a["organisation"] or "",
                         a["absence_reason"] or ""] for a in absent]))
    if rec["carried_over"]:
        blocks.append((word("carried", lang), [word(h, lang) for h in _DECISION_HEADS],
                       [_decision_cells(d, lang) for d in rec["carried_over"]]))
    items = [i for i in rec["items"] if not i["dropped"]]
    blocks.append((word("items", lang),
                   [word(h, lang) for h in ("item", "section", "title", "proposer", "discussion", "vote", "cases")],
                   [[str(i["item"]), vocab.AGENDA_SECTION.label(i["section"], lang), i["title"],
                     i["proposer"] or "", i["discussion"] or "", i["vote"] or "", _cases(i)] for i in items]))
    blocks.append((word("decisions", lang), [word(h, lang) for h in _DECISION_HEADS],
                   [_decision_cells(d, lang) for d in rec["decisions"]]))
    return blocks


def _signature_line(lang: str) -> str:
    if lang == "zh":
        return "主持人签字：__________    记录人签字：__________    日期：__________"
    return "Host: __________    Recorder: __________    Date: __________"


def print_minutes(rec: dict[str, Any], lang: str) -> None:
    from rich.table import Table

    from redprop.render.tables import console, print_record
    from redprop.render.text import literal

    con = console()
    con.print(literal(f"{rec['number']} {word('minutes', lang)}", style="bold"))
    print_record([(word(k, lang), v) for k, v in _header_pairs(rec, lang)], lang)
    for title, heads, rows in _sections(rec, lang):
        t = Table(title=literal(title), header_style="bold")
        for h in heads:
            t.add_column(literal(h), overflow="fold")
        for r in rows:
            t.add_row(*[literal(c) for c in r])
        con.print(t)
    con.print(literal(_signature_line(lang)))


def _md(value: str) -> str:
    # Keep user text literal in a Markdown table: escape what would shape it.
    out = visible(value).replace("\\", "\\\\")
    for ch in "|*_`[]#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("<", "&lt;").replace(">", "&gt;").replace("\r", " ").replace("\n", " ")


def to_markdown(rec: dict[str, Any], lang: str) -> str:
    lines = [f"# {_md(rec['number'])} {word('minutes', lang)}", ""]
    for k, v in _header_pairs(rec, lang):
        lines.append(f"- **{word(k, lang)}**: {_md(v)}")
    for title, heads, rows in _sections(rec, lang):
        lines += ["", f"## {title}", ""]
        lines.append("| " + " | ".join(heads) + " |")
        lines.append("|" + "---|" * len(heads))
        lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    lines += ["", _signature_line(lang), ""]
    return "\n".join(lines)


_CSS = (
    "@page{size:A4;margin:15mm}"
    # Serif first, as on paper minutes; then the sans CJK fonts most desks have, so Latin and CJK match.
    "body{font-family:'Noto Serif CJK SC','Source Han Serif SC','Songti SC','STSong','SimSun',"
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',serif;"
    "margin:2em;color:#000}"
    "h1{text-align:center;font-size:1.5em}h2{font-size:1.1em;border-bottom:1px solid #c00;margin-top:1.2em}"
    "table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{border:1px solid #444;padding:4px 6px;"
    "vertical-align:top;text-align:left}th{background:#f3e5e5;word-break:keep-all}"
    ".nw{white-space:nowrap}dl{display:grid;grid-template-columns:"
    "max-content auto;gap:2px 12px}dd{margin:0}dt{font-weight:bold}.sign{margin-top:3em;white-space:pre-wrap}"
    "@media print{body{margin:0;font-size:12px}h2{break-after:avoid}tr,.sign{break-inside:avoid}}"
)

# Case, meeting and decision numbers and dates (XH-2026-0012, XH-M2026-01-D2, 2026-03-20): a line break
# at one of their hyphens leaves half a number on each line.
_CODE = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+")


def _keep_codes(escaped: str) -> str:
    # Runs on escaped text: an entity (&lt; &#x27;) ends in ';', so the pattern never cuts one open.
    return _CODE.sub(lambda m: f'<span class="nw">{m.group(0)}</span>' if any(c.isdigit() for c in m.group(0))
                     else m.group(0), escaped)


def to_html(rec: dict[str, Any], lang: str) -> str:
    def e(value: Any) -> str:
        return html.escape(visible(value))

    title = f"{rec['number']} {word('minutes', lang)}"
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{e(title)}</h1><dl>"]
    parts += [f"<dt>{e(word(k, lang))}</dt><dd>{_keep_codes(e(v))}</dd>" for k, v in _header_pairs(rec, lang)]
    parts.append("</dl>")
    for block_title, heads, rows in _sections(rec, lang):
        parts.append(f"<h2>{e(block_title)}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{_keep_codes(e(c))}</td>" for c in r) + "</tr>" for r in rows]
        parts.append("</tbody></table>")
    parts.append(f'<p class="sign">{e(_signature_line(lang))}</p></body></html>\n')
    return "\n".join(parts)
