"""Words and number formats shared by the report renderers (table, csv, markdown, html)."""

from __future__ import annotations

from typing import Any

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("矛盾纠纷调解工作统计", "Mediation casework report"),
    "scope": ("范围", "Scope"),
    "period": ("统计期", "Period"),
    "generated_at": ("生成时间", "Generated"),
    "all_sites": ("全部小区", "all sites"),
    "sites_n": ("个小区", "sites"),
    "received": ("受理", "Received"),
    "resolved": ("调解成功", "Resolved"),
    "failed": ("调解不成", "Failed"),
    "withdrawn": ("撤回/终止", "Withdrawn"),
    "closed": ("结案", "Closed"),
    "success_rate": ("调解成功率", "Success rate"),
    "open_at_end": ("期末在办", "Open at end"),
    "overdue_at_end": ("期末超期", "Overdue at end"),
    "median_days_to_resolve": ("办结天数中位数", "Median days to resolve"),
    "p90_days_to_resolve": ("办结天数P90", "P90 days to resolve"),
    "visits": ("回访", "Return visits"),
    "satisfaction_rate": ("满意率", "Satisfaction rate"),
    "fulfilment_rate": ("履行率", "Fulfilment rate"),
    "amount": ("协议金额(元)", "Amount agreed (yuan)"),
    "value": ("本期", "This period"),
    "mom": ("环比", "vs previous"),
    "yoy": ("同比", "vs year ago"),
    "totals": ("总体情况", "Totals"),
    "by_site": ("各小区情况（按调解成功数排名）", "By site (ranked by cases resolved)"),
    "by_category": ("按纠纷类别", "By category"),
    "by_type": ("按统计类型", "By statistics type"),
    "by_source": ("按来源", "By source"),
    "by_mediator": ("按调解员", "By mediator"),
    "by_month": ("月度趋势（受理 / 调解成功）", "Monthly trend (received / resolved)"),
    "rank": ("名次", "Rank"),
    "programme": ("议事厅与联盟", "Meetings and the alliance"),
    "meetings_held": ("召开会议", "Meetings held"),
    "items_discussed": ("讨论议题", "Items discussed"),
    "decisions_made": ("议定事项", "Decisions made"),
    "decisions_done": ("已办结事项", "Decisions done"),
    "completion_rate": ("事项完成率", "Decision completion rate"),
    "overdue_decisions": ("超期未办事项", "Overdue decisions"),
    "activities_held": ("联盟联合活动", "Joint activities"),
    "participants": ("参与人次", "Participants"),
    "by_company": ("物业服务监督：各物业公司投诉", "Property service complaints by company"),
    "company": ("物业公司", "Property company"),
    "overdue": ("超期", "Overdue"),
    "resolve_rate": ("解决率", "Resolved share"),
    "ranking": ("红色物管领头羊：综合评分排名", "Leading sites (红色物管领头羊): score out of 100"),
    "score": ("得分", "Score"),
    "timely_rate": ("按期办结率", "Resolved on time"),
    "checklist_ticked": ("六有", "Six haves"),
    "positions": ("红色岗位", "Red positions"),
    "score_note": ("得分 = 40×成功率 + 20×按期办结率 + 15×六有/6 + 15×会议(每月一次满分) + 10×红色岗位(3个满分)",
                   "score = 40×success rate + 20×on-time rate + 15×six haves/6 + 15×meetings (one a month "
                   "is full) + 10×red positions (3 is full)"),
    "site": ("小区", "Site"),
    "key": ("键", "Key"),
    "label": ("名称", "Name"),
    "stat_type": ("统计类型", "Statistics type"),
    "share": ("占比", "Share"),
    "ytd_received": ("年累计受理", "YTD received"),
    "ytd_resolved": ("年累计成功", "YTD resolved"),
    "zero_report": ("零报告", "zero report"),
    "party_member": ("党员", "Party member"),
    "handled": ("经办", "Handled"),
    "month": ("月份", "Month"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "more_sites": ("另有 {n} 个小区未列出（完整排名见 --format json/csv）",
                   "{n} more sites not shown (full ranking: --format json/csv)"),
    "more_rows": ("另有 {n} 行未列出", "{n} more rows not shown"),
    "zero_sites": ("零报告小区", "Zero-report sites"),
    "none": ("无", "none"),
    "no_cases": ("本期无案件", "No cases in this period"),
    "notes": ("说明：日期均为当地日历日；期末在办、超期按当前案件状态推算；协议金额为本期调解成功案件的协议金额合计。",
              "Dates are local calendar dates; open and overdue at end are derived from the cases' "
              "current dates; the amount is the sum agreed in cases resolved in the period."),
}


def w(key: str, lang: str, **fmt: Any) -> str:
    pair = _WORDS.get(key)
    text = key if pair is None else (pair[0] if lang == "zh" else pair[1])
    return text.format(**fmt) if fmt else text


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{int(v):,}" if v == int(v) else f"{v:,.1f}"
    return f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def counter_text(name: str, v: Any) -> str:
    if name in ("success_rate", "satisfaction_rate", "fulfilment_rate", "share", "share_resolved",
                "completion_rate", "resolve_rate", "timely_rate"):
        return pct(v)
    if name == "score":
        return "—" if v is None else f"{v:.1f}"
    if name == "amount":
        return "—" if v is None else f"{v:,.2f}"
    return num(v)


def change_text(entry: dict[str, Any], which: str) -> str:
    v = entry[which]
    if v is None:
        return "—"
    if entry["kind"] == "points":
        return f"{v * 100:+.1f} pt"
    return f"{v * 100:+.1f}%"


def scope_text(scope: dict[str, Any], lang: str) -> str:
    n = len(scope["sites"])
    if scope["all"]:
        return f"{w('all_sites', lang)} ({n})" if lang != "zh" else f"{w('all_sites', lang)}（{n}{w('sites_n', lang)}）"
    parts = []
    for key in ("district", "street", "community"):
        if scope.get(key):
            parts.append(str(scope[key]))
    if scope.get("site"):
        parts.append("、".join(scope["site"]) if lang == "zh" else ", ".join(scope["site"]))
    joined = " / ".join(parts)
    return f"{joined}（{n}{w('sites_n', lang)}）" if lang == "zh" else f"{joined} ({n} {w('sites_n', lang)})"


def period_text(period: dict[str, Any]) -> str:
    return f"{period['label']}（{period['start']} ~ {period['end']}）"


#: Counters shown in the totals block, in order.
TOTAL_ROWS = ("received", "resolved", "failed", "withdrawn", "closed", "success_rate", "open_at_end",
              "overdue_at_end", "median_days_to_resolve", "p90_days_to_resolve", "visits",
              "satisfaction_rate", "fulfilment_rate", "amount")
#: Columns of a breakdown row shown to people (the JSON and CSV carry every counter).
ROW_COLS = ("received", "resolved", "failed", "success_rate", "open_at_end", "overdue_at_end",
            "median_days_to_resolve", "satisfaction_rate", "amount", "share")
SITE_LIMIT = 10
ROW_LIMIT = 10
#: The meetings and activities block: (figure name, section of the JSON, key there).
PROGRAMME_ROWS = (("meetings_held", "meetings", "meetings_held"), ("items_discussed", "meetings", "items_discussed"),
                  ("decisions_made", "meetings", "decisions_made"), ("decisions_done", "meetings", "decisions_done"),
                  ("completion_rate", "meetings", "completion_rate"),
                  ("overdue_decisions", "meetings", "overdue_decisions"),
                  ("activities_held", "activities", "held"), ("participants", "activities", "participants"))
COMPANY_COLS = ("received", "resolved", "resolve_rate", "overdue", "share")
RANK_COLS = ("score", "received", "resolved", "success_rate", "timely_rate", "meetings_held", "checklist_ticked",
             "positions")


def section_key(name: str) -> str:
    """The JSON key of a ``--by`` section: ``by_site`` for ``site``; ``ranking`` is its own."""
    return name if name == "ranking" else f"by_{name}"


def programme_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The meetings and activities figures as (name, value), or none if all are zero."""
    rows = [(name, data[section][key]) for name, section, key in PROGRAMME_ROWS]
    return rows if any(v for _, v in rows) else []
