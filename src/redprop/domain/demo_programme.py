"""Demo content beyond cases: 星河国际's half-monthly council, the 横塘 alliance,
red positions and six-haves checklists.

Everything goes through the domain services, so the meetings' decisions move
their cases exactly as a desk would: a problem raised at a council becomes a
case, and the decision that settles it resolves it when it is done.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from redprop.clock import today
from redprop.domain import alliances, cases, meetings, positions, sites
from redprop.store.db import Store

EXTRA_SITES = [
    dict(code="HTH", name="横塘花园", community="横塘社区", street="青龙街道", district="天宁区",
         company="新城物业", housing="commercial", level="none"),
    dict(code="HTM", name="横塘名邸", community="横塘社区", street="青龙街道", district="天宁区",
         company="碧桂园服务", housing="commercial", level="none"),
]

# (site, kind, holder, post, buildings)
POSITIONS = [
    ("XH", "zone", "王建国", None, ["1-6"]),
    ("XH", "zone", "李秀英", None, ["7-12"]),
    ("XH", "demo-post", "陈敏", "星河物业客服窗口", None),
    ("JLW", "zone", "陈德明", None, ["1-8"]),
    ("JLW", "zone", "刘美华", None, ["9-16"]),
    ("JLW", "demo-post", "黄志刚", "中海物业工程维修班", None),
    ("HTY", "butler-post", "孙丽", "景瑞物业先锋管家服务台", None),
    ("HTY", "zone", "赵志强", None, ["1-6"]),
]

EVIDENCE = {
    "place": "党群服务站 2 楼，60 平方米", "facilities": "会议桌椅、投影、调解室",
    "signs": "门口挂牌、楼道公示栏", "flag": "服务站悬挂党旗", "books": "党建书报架，每月更新",
    "rules": "议事规则、调解制度上墙",
}
# The items each site has; JLW still lacks books and papers.
CHECKLISTS = {"XH": list(EVIDENCE), "HTY": list(EVIDENCE), "JLW": ["place", "facilities", "signs", "flag", "rules"]}

ATTENDEES = [
    ("周丽萍", "community", "星河社区居委会"), ("吴晓东", "community", "星河社区居委会"),
    ("钱伟", "police", "湖塘派出所"), ("孙建华", "committee", "星河国际物管会"),
    ("马志刚", "company", "星河物业"), ("郑玉兰", "owner-rep", "星河国际业主"),
    ("冯强", "owner-rep", "星河国际业主"), ("王建国", "mediator", "星河社区党委第一支部"),
]
ABSENCE = {"police": "出警", "committee": "出差", "owner-rep": "家中有事", "company": "参加公司例会"}

# Problems raised at the council itself (category, title, responsible unit, decision text).
RAISED = [
    ("throwing", "高空抛物：花盆从高层落下", "片区民警", "加装高空探头，逐户走访宣传"),
    ("illegal-build", "屋顶户外搭建阳光房", "社区", "联合城管上门劝导，限期拆除"),
    ("ebike", "楼道电动车乱停乱放", "物业公司", "清理楼道，引导到充电棚停放"),
    ("waste", "单元门口堆放装修垃圾", "物业公司", "清运垃圾，设置临时堆放点"),
    ("parking", "消防通道被私家车占用", "物业公司", "施划禁停线，张贴告知书"),
    ("ebike", "电动车飞线充电", "物业公司", "拆除飞线，增设充电桩"),
]

DECISION_FOR_SECTION = {
    "security": "民警上门宣传，调取监控排查",
    "service": "物业限期整改，公示结果",
    "current": "社区牵头，联合物业推进",
    "difficulties": "调解员上门调解，社区跟进",
}

ACTIVITIES = [
    # (month, day, kind, title, organisers, participants)
    (1, 18, "festival", "迎新春写春联送福字", ["横塘社区", "景瑞物业", "新城物业"], 120),
    (3, 5, "garbage", "垃圾分类宣传周启动", ["横塘社区", "景瑞物业", "新城物业", "碧桂园服务"], 85),
    (3, 28, "party-lesson", "党课联上：物业服务中的党员担当", ["横塘社区党委"], 46),
    (4, 15, "safety", "全民国家安全教育日宣传", ["横塘社区", "青龙派出所"], 60),
    (5, 10, "patrol", "志愿者夜间义务巡逻", ["横塘社区", "景瑞物业"], 24),
    (6, 16, "safety", "安全生产月消防演练", ["横塘社区", "碧桂园服务"], 150),
    (7, 12, "patrol", "暑期防溺水巡逻", ["横塘社区", "新城物业"], 18),
    (8, 20, "garbage", "垃圾分类积分兑换", ["横塘社区", "景瑞物业", "新城物业", "碧桂园服务"], 210),
    (9, 12, "festival", "中秋邻里百家宴", ["横塘社区", "景瑞物业", "新城物业", "碧桂园服务"], 300),
    (10, 18, "patrol", "志愿者夜间义务巡逻", ["横塘社区", "碧桂园服务"], 22),
    (11, 9, "safety", "119消防宣传日", ["横塘社区", "青龙派出所", "景瑞物业"], 95),
    (12, 20, "party-lesson", "党课联上：年度工作回顾", ["横塘社区党委"], 52),
]

APPOINTMENTS = [
    ("张红梅", "横塘社区党委", "党建指导员", "景瑞物业党支部"),
    ("林建华", "横塘社区党委", "党建指导员", "新城物业党支部"),
    ("何静", "横塘社区党委", "党建指导员", "碧桂园服务党支部"),
    ("孙立", "景瑞物业党支部", "兼职副书记", "横塘社区第二党支部"),
    ("唐伟", "新城物业党支部", "兼职副书记", "横塘社区第三党支部"),
]

COMPLAINTS = [
    ("HTY", "绿化长期无人修剪"), ("HTY", "地下车库照明损坏"), ("HTH", "保洁不到位，垃圾清运不及时"),
    ("HTH", "门禁系统故障一周未修"), ("HTM", "电梯困人后响应慢"), ("HTM", "物业费公示不清"),
]


SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "秀英", "建华", "玉兰", "志明"]


def meeting_dates(start: date, end: date) -> list[date]:
    """The council's dates: the 5th and the 20th of each month, from ``start`` to ``end``."""
    out = []
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        out += [d for d in (date(y, m, 5), date(y, m, 20)) if start <= d <= end]
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fill(store: Store, rng: random.Random, year: int) -> dict[str, Any]:
    end = today()
    with store.write():
        for s in EXTRA_SITES:
            sites.add(store, **s)
        _positions(store, year)
        alliance = _alliance(store, rng, year, end)
        held = _council(store, rng, year, end)
    return {"meetings": held, "alliance": alliance}


def _positions(store: Store, year: int) -> None:
    since = date(year, 1, 10).isoformat()
    for site, kind, holder, post, blds in POSITIONS:
        positions.add_position(store, site, kind, holder, post, blds, since)
    for site, items in CHECKLISTS.items():
        for i, item in enumerate(items):
            positions.check(store, site, item, True, date(year, 1, 15 + i).isoformat(), EVIDENCE[item])


def _alliance(store: Store, rng: random.Random, year: int, end: date) -> dict[str, Any]:
    alliances.add(store, "HT", "横塘社区红色物业联盟", ["HTY", "HTH", "HTM"], "横塘社区",
                  f"{year - 1}-06-01")
    for person, frm, role, to in APPOINTMENTS:
        alliances.appoint(store, "HT", person, frm, role, to, f"{year - 1}-06-01")
    n = 0
    for y in (year, year + 1):
        for month, day, kind, title, orgs, people in ACTIVITIES:
            d = date(y, month, day)
            if d > end:
                continue
            alliances.add_activity(store, kind, title, d.isoformat(), "HT", None, orgs,
                                   people + rng.randint(-10, 10))
            n += 1
    for i, (site, title) in enumerate(COMPLAINTS):
        reported = date(year, 2 + i * 2, 8)
        if reported > end:
            continue
        c = alliances.complain(store, site, title, reported=reported.isoformat())
        if i % 3 != 2:
            done = min(reported + timedelta(days=rng.randint(4, 20)), end)
            cases.resolve(store, c["number"], "fixed", done.isoformat(), note="社区督办，物业已整改")
    return {"code": "HT", "activities": n}


def _council(store: Store, rng: random.Random, year: int, end: date) -> int:
    dates = meeting_dates(date(year, 1, 1), end)
    # The most recent meeting at least two days ago leaves one decision overdue.
    late_one = max((d for d in dates if d <= end - timedelta(days=2)), default=None)
    for n, d in enumerate(dates):
        day = d.isoformat()
        m = meetings.add(store, meetings.NewMeeting(
            sites=["XH"], kind="council", on=day, place="星河国际七点半议事厅", host="周丽萍",
            recorder="吴晓东"))
        number = m["number"]
        for name, role, org in ATTENDEES:
            if role in ABSENCE and rng.random() < 0.08:
                meetings.attend(store, number, name, role, org, ABSENCE[role], True)
            else:
                meetings.attend(store, number, name, role, org)
        items = meetings.save_agenda(store, number)
        # Carried-over decisions reviewed at this meeting that are done by now get their feedback.
        _decide_on_cases(store, rng, number, d, items, end)
        _raise(store, rng, number, d, n, end, d == late_one)
        meetings.hold(store, number, day)
        if d < end and d != dates[-1]:
            meetings.close(store, number, (d + timedelta(days=1)).isoformat())
    _plan_next(store, dates[-1] if dates else end, end)
    return len(dates)


def _decide_on_cases(store: Store, rng: random.Random, number: str, d: date, items: list[dict[str, Any]],
                     end: date) -> None:
    day = d.isoformat()
    picked = 0
    for it in items:
        if it["section"] == "review" or picked >= 2:
            continue
        case_ids = [r["case_id"] for r in store.rows(
            "SELECT case_id FROM agenda_item_cases WHERE item_id = ? ORDER BY case_id", [it["id"]])]
        if not case_ids:
            continue
        c = store.row("SELECT * FROM cases WHERE id = ?", [rng.choice(case_ids)])
        assert c is not None
        finished = c["resolved_on"] or c["failed_on"] or c["withdrawn_on"]
        if store.scalar("SELECT 1 FROM decisions WHERE case_id = ? AND done_on IS NULL", [c["id"]]):
            continue  # already being acted on; its decision is reviewed as carry-over
        if not finished and d + timedelta(days=14) < end:
            continue  # a long-stuck case stays on the agenda, not in a decision that would lapse
        due = d + timedelta(days=rng.choice((7, 10, 14)) if finished else 14)
        unit = meetings.UNIT_FOR_SECTION[it["section"]]
        rec = meetings.decide(store, number, meetings.NewDecision(
            text=f"{c['title']}：{DECISION_FOR_SECTION[it['section']]}", unit=unit, due=due.isoformat(),
            item=it["seq"], case=c["number"], resolves_case=True, outcome=c["outcome"] or "fixed"))
        picked += 1
        if finished and finished >= day:
            fb = "已在小区公告栏公示" if c["resolved_on"] else "已告知当事人其他解决途径"
            meetings.progress(store, rec["number"], "done", finished, feedback=fb)
        elif not finished and rng.random() < 0.5 and d < end:
            meetings.progress(store, rec["number"], "in-progress", day)


def _raise(store: Store, rng: random.Random, number: str, d: date, n: int, end: date,
           leave_overdue: bool) -> None:
    if (end - d).days < 0:
        return
    cat, title, unit, text = RAISED[n % len(RAISED)]
    unit_no = f"{rng.randint(1, 12)}-{rng.randint(1, 3)}-{rng.randint(2, 26)}0{rng.randint(1, 4)}"
    c = meetings.raise_case(store, number, cases.NewCase(
        site="XH", category=cat, title=title,
        parties=[cases.PartyRef("applicant", rng.choice(SURNAMES) + rng.choice(GIVEN), unit_no)]))
    meetings.edit_item(store, number, _last_item(store, number), discussion="业主代表反映，与会各方讨论后议定处理方案")
    due = d + timedelta(days=12 if not leave_overdue else 1)
    rec = meetings.decide(store, number, meetings.NewDecision(
        text=text, unit=unit, due=due.isoformat(), item=_last_item(store, number), case=c["number"],
        resolves_case=True))
    if leave_overdue:
        return
    # Most are done in time; about one in five runs late and is carried over to the next meeting.
    took = rng.randint(3, 11) if rng.random() < 0.8 else rng.randint(14, 30)
    done = d + timedelta(days=took)
    if done < end:
        meetings.progress(store, rec["number"], "in-progress", (d + timedelta(days=1)).isoformat())
        meetings.progress(store, rec["number"], "done", done.isoformat(),
                          feedback="整改完成，已在单元公告栏公示")
    elif d + timedelta(days=1) < end:
        meetings.progress(store, rec["number"], "in-progress", (d + timedelta(days=1)).isoformat())


def _last_item(store: Store, number: str) -> int:
    return int(store.scalar("SELECT max(i.seq) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
                            "WHERE m.number = ?", [number]))


def _plan_next(store: Store, last: date, end: date) -> None:
    nxt = meeting_dates(end + timedelta(days=1), end + timedelta(days=40))[0]
    meetings.add(store, meetings.NewMeeting(sites=["XH"], kind="council", on=nxt.isoformat(),
                                            place="星河国际七点半议事厅", host="周丽萍", recorder="吴晓东"))
