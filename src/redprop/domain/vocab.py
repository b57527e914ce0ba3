"""Every enumeration: an English key, a Chinese label and an English label.

Input accepts the key, either label, or any alias; storage and JSON use keys;
tables show the label in the user's language.
"""

from __future__ import annotations

from redprop.errors import InvalidInput


# Plain classes rather than dataclasses: this module is on `case add`'s
# start-up path, where each dataclass costs generated-code compilation.
class Term:
    __slots__ = ("key", "zh", "en", "aliases")

    def __init__(self, key: str, zh: str, en: str, aliases: tuple[str, ...] = ()) -> None:
        self.key, self.zh, self.en, self.aliases = key, zh, en, aliases

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Vocab:
    def __init__(self, name: str, terms: tuple[Term, ...]) -> None:
        self.name = name
        self.terms = terms
        self._index: dict[str, str] = {}
        for t in terms:
            for spelling in (t.key, t.zh, t.en, *t.aliases):
                self._index[spelling.casefold()] = t.key

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    def allowed(self) -> str:
        return ", ".join(f"{t.key} ({t.zh})" for t in self.terms)

    def parse(self, value: str, field_name: str | None = None) -> str:
        """Return the key for ``value`` (a key or a label), or raise InvalidInput."""
        key = self._index.get(value.strip().casefold())
        if key is None:
            raise InvalidInput(
                field_name or f"--{self.name}", f"{value!r} is not one of: {self.allowed()}"
            )
        return key

    def term(self, key: str) -> Term:
        for t in self.terms:
            if t.key == key:
                return t
        raise KeyError(key)

    def label(self, key: str | None, lang: str) -> str:
        if key is None:
            return ""
        try:
            return self.term(key).label(lang)
        except KeyError:
            return key


def _v(name: str, *terms: tuple[str, ...]) -> Vocab:
    return Vocab(name, tuple(Term(t[0], t[1], t[2], tuple(t[3:])) for t in terms))


STATUS = _v(
    "status",
    ("open", "待受理", "open", "受理"),
    ("mediating", "调解中", "mediating"),
    ("resolved", "调解成功", "resolved", "已解决"),
    ("failed", "调解不成", "failed", "调解失败"),
    ("withdrawn", "已撤回", "withdrawn", "终止"),
    ("closed", "已结案", "closed", "结案"),
)

OUTCOME = _v(
    "outcome",
    ("written-agreement", "书面协议", "written agreement", "written"),
    ("oral-agreement", "口头协议", "oral agreement", "oral"),
    ("fixed", "问题已整改", "fixed"),
    ("explained", "解释说明", "explained"),
)

SOURCE = _v(
    "source",
    ("application", "申请", "application"),
    ("proactive", "排查", "proactive sweep", "主动"),
    ("referral", "移送", "referral", "委托"),
    ("hotline", "12345热线", "12345 hotline", "12345"),
    ("meeting", "议事厅", "council meeting"),
)

ROLE = _v(
    "role",
    ("applicant", "申请人", "applicant"),
    ("respondent", "被申请人", "respondent"),
    ("third-party", "第三人", "third party"),
)

REFERRAL = _v(
    "referred-to",
    ("none", "无", "none"),
    ("court", "法院", "court"),
    ("police", "公安", "police", "派出所"),
    ("housing-bureau", "住建局", "housing bureau", "住建部门"),
    ("property-company", "物业公司", "property company", "物业"),
    ("arbitration", "仲裁", "arbitration"),
)

FULFILMENT = _v(
    "fulfilment",
    ("done", "已履行", "done", "履行"),
    ("partial", "部分履行", "partly done", "partly"),
    ("not", "未履行", "not done", "none"),
)

SATISFACTION = _v(
    "satisfaction",
    ("satisfied", "满意", "satisfied"),
    ("basically", "基本满意", "basically satisfied"),
    ("dissatisfied", "不满意", "dissatisfied"),
)

HOUSING = _v(
    "housing",
    ("commercial", "商品房", "commercial"),
    ("affordable", "保障房", "affordable"),
    ("old", "老旧小区", "old estate"),
)

DEMO_LEVEL = _v(
    "level",
    ("none", "无", "none"),
    ("city", "市级示范点", "city", "市级"),
    ("province", "省级示范点", "province", "省级"),
)

PERSON_KIND = _v(
    "kind",
    ("individual", "个人", "individual", "居民"),
    ("company", "物业公司", "property company", "property-company"),
    ("owners-committee", "业委会", "owners' committee", "物管会"),
    ("other", "其他", "other"),
)

MEDIATOR_TITLE = _v(
    "title",
    ("party-member", "党员老娘舅", "party-member mediator", "老娘舅"),
    ("full-time", "专职", "full-time"),
    ("part-time", "兼职", "part-time"),
)

STAT_TYPE = _v(
    "stat-type",
    ("marriage-family", "婚姻家庭", "marriage and family"),
    ("neighbour", "邻里", "neighbourhood"),
    ("housing-land", "房屋宅基地", "housing and land"),
    ("contract", "合同", "contract"),
    ("business", "生产经营", "business"),
    ("damages", "损害赔偿", "damages"),
    ("land-forest", "山林土地", "land and forest"),
    ("demolition", "征地拆迁", "land acquisition"),
    ("pollution", "环境污染", "pollution"),
    ("labour", "劳动争议", "labour"),
    ("consumer", "消费", "consumer"),
    ("medical", "医疗", "medical"),
    ("traffic", "道路交通事故", "road traffic"),
    ("property", "物业", "property management"),
    ("other", "其他", "other"),
)

#: The seeded categories: key, Chinese label, English label, statistics type.
SEED_CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("service", "物业服务", "property service", "property"),
    ("fee", "物业费", "property fee", "property"),
    ("parking", "停车", "parking", "property"),
    ("noise", "噪音", "noise", "neighbour"),
    ("leak", "漏水", "leak", "damages"),
    ("renovation", "装修", "renovation", "neighbour"),
    ("throwing", "高空抛物", "high-altitude throwing", "damages"),
    ("illegal-build", "违章搭建", "illegal building", "property"),
    ("ebike", "电动车停放充电", "e-bike parking and charging", "property"),
    ("pets", "宠物", "pets", "neighbour"),
    ("waste", "垃圾堆物", "waste and clutter", "neighbour"),
    ("elevator", "电梯", "elevator", "property"),
    ("common-income", "公共收益", "common income", "property"),
    ("repair-fund", "维修资金", "repair fund", "property"),
    ("group-rental", "群租", "group rental", "property"),
    ("owners-body", "业委会", "owners' committee", "property"),
    ("retrofit", "设施改造", "facility retrofit", "property"),
    ("neighbour", "邻里纠纷", "neighbour dispute", "neighbour"),
    ("other", "其他", "other", "other"),
)

# -- meetings, alliances and demonstration sites (issue 4) --------------------

MEETING_KIND = _v(
    "kind",
    ("council", "七点半议事厅", "council", "议事厅", "7点半议事厅"),
    ("joint", "联席会议", "joint meeting", "joint-meeting"),
    ("alliance", "联盟会议", "alliance meeting", "alliance-meeting"),
    ("other", "其他会议", "other"),
)

MEETING_STATUS = _v(
    "status",
    ("planned", "计划召开", "planned"),
    ("held", "已召开", "held"),
    ("closed", "纪要已签", "closed", "minutes signed"),
    ("cancelled", "已取消", "cancelled"),
)

ATTENDEE_ROLE = _v(
    "role",
    ("community", "社区", "community staff", "社区工作人员"),
    ("police", "片区民警", "area police", "民警"),
    ("committee", "物管会/业委会", "property committee", "物管会", "业委会"),
    ("company", "物业", "property company", "物业公司"),
    ("owner-rep", "业主代表", "owner representative", "owner"),
    ("mediator", "调解员", "mediator", "老娘舅"),
    ("other", "其他", "other"),
)

AGENDA_SECTION = _v(
    "section",
    ("review", "上期议定事项落实", "last period's decisions", "上期"),
    ("current", "当前工作", "current work"),
    ("difficulties", "居民困难", "residents' difficulties"),
    ("security", "治安情况", "security", "治安"),
    ("service", "物业服务", "property service"),
)

DECISION_STATUS = _v(
    "status",
    ("open", "待落实", "open"),
    ("in-progress", "推进中", "in progress", "进行中"),
    ("done", "已完成", "done", "完成"),
    ("overdue", "超期", "overdue"),
)

ACTIVITY_KIND = _v(
    "kind",
    ("safety", "安全宣传", "safety campaign"),
    ("garbage", "垃圾分类", "garbage sorting"),
    ("patrol", "义务巡逻", "volunteer patrol", "巡逻"),
    ("festival", "节庆文娱", "festival event", "节庆"),
    ("party-lesson", "党课联上", "joint party lesson", "党课"),
    ("other", "其他活动", "other"),
)

POSITION_KIND = _v(
    "kind",
    ("demo-post", "党员示范岗", "party-member demonstration post", "示范岗"),
    ("butler-post", "先锋管家示范岗", "pioneer-butler post", "先锋管家"),
    ("zone", "党员责任区", "responsibility zone", "责任区"),
)

CHECKLIST_ITEM = _v(
    "item",
    ("place", "场所", "place", "有场所"),
    ("facilities", "设施", "facilities", "有设施"),
    ("signs", "标志", "signs", "有标志"),
    ("flag", "党旗", "party flag", "有党旗"),
    ("books", "书报", "books and papers", "有书报"),
    ("rules", "制度", "rules", "有制度"),
)

REPORT_SECTION = _v(
    "by",
    ("site", "小区", "site", "sites", "示范点"),
    ("category", "类别", "category", "纠纷类别"),
    ("type", "统计类型", "statistics type", "stat-type"),
    ("source", "来源", "source"),
    ("mediator", "调解员", "mediator", "老娘舅"),
    ("month", "月份", "month", "trend", "趋势"),
    ("company", "物业公司", "property company", "companies"),
    ("ranking", "排名", "ranking", "rank", "score", "领头羊"),
)
