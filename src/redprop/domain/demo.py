"""Realistic demo data: a year at 星河国际 and two other sites.

Drawn from the scenarios in the domain notes: 星河国际's council clears
more than 300 problems a year; 中海锦珑湾's party-member mediators explain
works to objecting residents; a small 横塘 estate has quiet months (zero
reports). Everything goes through the domain services, so the demo data obeys
the same rules and leaves the same event log as real use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from redprop.clock import today
from redprop.domain import cases, mediators, sites
from redprop.errors import NotAllowed
from redprop.store.db import Store

SITES: list[dict[str, Any]] = [
    dict(code="XH", name="星河国际", community="星河社区", street="湖塘镇", district="武进区",
         company="星河物业", housing="commercial", level="province", level_year=2020),
    dict(code="JLW", name="中海锦珑湾", community="锦珑社区", street="龙虎塘街道", district="新北区",
         company="中海物业", housing="commercial", level="city", level_year=2020),
    dict(code="HTY", name="横塘雅苑", community="横塘社区", street="青龙街道", district="天宁区",
         company="景瑞物业", housing="affordable", level="city", level_year=2020),
]

MEDIATORS = [
    ("王建国", ["XH"], "星河社区党委第一支部", "party-member", "2-1-301"),
    ("李秀英", ["XH"], "星河社区党委第二支部", "party-member", "5-2-1102"),
    ("周海军", ["XH", "HTY"], None, "full-time", None),
    ("陈德明", ["JLW"], "锦珑社区党支部", "party-member", "8-1-602"),
    ("刘美华", ["JLW"], "龙虎塘街道机关党支部", "party-member", "3-2-1501"),
    ("赵志强", ["HTY"], "横塘社区党委", "part-time", "1-1-201"),
]

# (category, title, weight, typical outcome, amount range in yuan)
PROBLEMS = [
    ("throwing", "高空抛物：楼下车辆被砸", 8, "oral-agreement", (0, 800)),
    ("throwing", "高空抛物探头对着住户窗户", 3, "oral-agreement", None),
    ("ebike", "楼道电动车停放、飞线充电", 12, "fixed", None),
    ("illegal-build", "户外违章搭建棚屋", 6, "fixed", None),
    ("leak", "楼上卫生间漏水至楼下", 7, "written-agreement", (800, 5000)),
    ("noise", "健身场地夜间噪音扰民", 5, "oral-agreement", None),
    ("noise", "楼上装修噪音", 4, "explained", None),
    ("parking", "车位被占用", 6, "fixed", None),
    ("fee", "对服务不满拒交物业费", 3, "written-agreement", (1000, 4000)),
    ("service", "电梯故障维修不及时", 4, "fixed", None),
    ("waste", "楼道堆放杂物", 6, "fixed", None),
    ("pets", "宠物狗未拴绳吓到老人", 3, "explained", None),
    ("retrofit", "连廊栏杆加固加高，部分居民不理解", 3, "explained", None),
    ("neighbour", "邻里之间空调外机噪声纠纷", 3, "oral-agreement", None),
    ("elevator", "电梯加装费用分摊", 2, "written-agreement", (2000, 20000)),
    ("group-rental", "群租房人员复杂", 2, "fixed", None),
]

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅"

# Cases per site over the year; XH's council clears 300+.
VOLUME = {"XH": 450, "JLW": 120, "HTY": 14}


@dataclass
class DemoSummary:
    year: int
    sites: list[str]
    cases: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    already_filled: bool = False


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _unit(rng: random.Random) -> str:
    return f"{rng.randint(1, 18)}-{rng.randint(1, 3)}-{rng.randint(1, 26)}0{rng.randint(1, 4)}"


def last_full_year() -> int:
    return today().year - 1


def fill(store: Store, year: int | None = None, seed: int = 2020) -> DemoSummary:
    """Fill ``store`` with the demo; refuses a database that already holds the demo sites."""
    year = year or last_full_year()
    rng = random.Random(seed)
    summary = DemoSummary(year=year, sites=[s["code"] for s in SITES])
    present = store.scalar("SELECT count(*) FROM sites WHERE code IN ('XH', 'JLW', 'HTY')")
    if present == len(SITES):
        summary.already_filled = True
        _count_statuses(store, summary)
        return summary
    if present:
        raise NotAllowed(f"{store.path} holds some of the demo sites but not all; give a new file with --db")
    with store.write():
        for s in SITES:
            sites.add(store, **s)
        for name, site_codes, branch, title, unit in MEDIATORS:
            mediators.add(store, name, site_codes, unit=unit, phone=f"139{rng.randint(10000000, 99999999)}",
                          party_branch=branch, title=title)
        start = date(year, 1, 1)
        end = today()
        span = (end - start).days
        weights = [p[2] for p in PROBLEMS]
        for code, per_year in VOLUME.items():
            meds = [m[0] for m in MEDIATORS if code in m[1]]
            total = per_year * span // 365
            # A desk numbers cases in the order they come in.
            for reported in sorted(start + timedelta(days=rng.randrange(span)) for _ in range(total)):
                if code == "HTY" and reported.month in (2, 8):
                    continue  # quiet months give the small estate its zero reports
                cat, title, _, outcome, money = rng.choices(PROBLEMS, weights)[0]
                _one_case(store, rng, code, reported, cat, title, outcome, money, meds, end)
    summary.extra.update(_after_cases(store, rng, year))
    # Counted after the programme, whose meetings and complaints add cases of their own.
    _count_statuses(store, summary)
    return summary


def highlights(store: Store, year: int) -> dict[str, Any]:
    """What the demo shows of the programme: 星河国际's council in ``year`` and its next meeting."""
    lo, hi = f"{year:04d}-01-01", f"{year:04d}-12-31"
    xh = store.row("SELECT id FROM sites WHERE code = 'XH'")
    if xh is None:
        return {}
    resolved = store.scalar("SELECT count(*) FROM cases WHERE site_id = ? AND resolved_on BETWEEN ? AND ?",
                            [xh["id"], lo, hi])
    held = store.scalar("SELECT count(*) FROM meetings m JOIN meeting_sites ms ON ms.meeting_id = m.id "
                        "WHERE ms.site_id = ? AND m.status IN ('held', 'closed') AND m.held_on BETWEEN ? AND ?",
                        [xh["id"], lo, hi])
    nxt = store.row("SELECT m.number, m.held_on FROM meetings m JOIN meeting_sites ms ON ms.meeting_id = m.id "
                    "WHERE ms.site_id = ? AND m.status = 'planned' ORDER BY m.held_on LIMIT 1", [xh["id"]])
    return {"year": year, "resolved": resolved, "meetings_held": held,
            "next_meeting": dict(nxt) if nxt else None}


def _count_statuses(store: Store, summary: DemoSummary) -> None:
    summary.cases = store.scalar("SELECT count(*) FROM cases")
    for row in store.rows("SELECT status, count(*) AS n FROM cases GROUP BY status"):
        summary.by_status[row["status"]] = row["n"]


def _one_case(store: Store, rng: random.Random, code: str, reported: date, cat: str, title: str,
              outcome: str, money: tuple[int, int] | None, meds: list[str], end: date) -> None:
    source = rng.choices(["application", "proactive", "meeting", "hotline", "referral"],
                         [40, 25, 20 if code == "XH" else 2, 10, 5])[0]
    applicant = f"{_name(rng)}@{_unit(rng)}"
    respondent = (f"{_name(rng)}@{_unit(rng)}" if cat in ("leak", "noise", "neighbour", "pets", "throwing")
                  else None)
    amount = str(rng.randint(*money)) if money else None
    new = cases.NewCase(site=code, category=cat, title=title, reported=reported.isoformat(),
                        source=source, parties=[cases.parse_party("applicant", applicant, "applicant")]
                        + ([cases.parse_party("respondent", respondent, "respondent")] if respondent else []),
                        amount=amount, mediators=[rng.choice(meds)] if rng.random() < 0.8 else [])
    rec = cases.add(store, new)
    number = rec["number"]
    age = (end - reported).days
    if age < 3:
        return
    started = reported.isoformat()
    if rec["status"] == "open" and rng.random() < 0.9:
        started = _day(reported, rng.randint(0, 2), end)
        cases.note(store, number, "已上门了解情况，约双方到调解室面谈", started)
    roll = rng.random()
    took = min(age, max(1, int(rng.lognormvariate(2.0, 0.7))))
    # A case cannot end before the visit that started its mediation.
    done_on = max(_day(reported, took, end), started)
    if age < 20 and roll < 0.5:
        return  # still in hand
    if roll < 0.80:
        agreed = amount if outcome == "written-agreement" else None
        cases.resolve(store, number, outcome, done_on, agreed=agreed)
        if rng.random() < 0.75 and (end - date.fromisoformat(done_on)).days >= 7:
            v_on = _day(date.fromisoformat(done_on), rng.randint(2, 7), end)
            sat = rng.choices(["satisfied", "basically", "dissatisfied"], [70, 24, 6])[0]
            ful = "done" if sat != "dissatisfied" else rng.choice(["partial", "not"])
            cases.visit(store, number, ful, sat, v_on)
            if rng.random() < 0.8:
                cases.close(store, number, _day(date.fromisoformat(v_on), 1, end))
    elif roll < 0.90:
        cases.fail(store, number, rng.choice(["court", "housing-bureau", "property-company", "none"]), done_on,
                   note="一方拒绝调解方案，已告知诉讼、仲裁途径")
    elif roll < 0.94 or age > 90:
        cases.withdraw(store, number, done_on, "被申请人拒绝调解，申请人撤回")
    # the rest of the recent ones stay in hand; some of those are overdue


def _day(base: date, plus: int, end: date) -> str:
    return min(base + timedelta(days=plus), end).isoformat()


def _after_cases(store: Store, rng: random.Random, year: int) -> dict[str, Any]:
    """Hook for demo content beyond cases (meetings, alliances, red positions)."""
    from redprop.domain import demo_programme

    return demo_programme.fill(store, rng, year)
