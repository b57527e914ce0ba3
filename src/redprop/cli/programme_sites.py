"""Demonstration-site commands under `redprop site`: level, the six-haves checklist,
red positions, the scorecard and the ranking (领头羊).

Registered on ``redprop.cli.sites.app`` when that module loads.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format
from redprop.cli.sites import app

CodeArg = Annotated[str, typer.Argument(metavar="CODE", help="Site code, e.g. XH.")]
position_app = typer.Typer(help="Red positions (先锋管家): demonstration posts and responsibility zones.",
                           no_args_is_help=True)
app.add_typer(position_app, name="position")

CHECK_KEYS = ("item", "ticked", "checked_on", "evidence")
POSITION_KEYS = ("uuid", "site", "kind", "holder", "post", "buildings", "mediator", "start_on", "active")


def _zh() -> bool:
    return settings.lang == "zh"


@app.command("level")
def level(
    code: CodeArg,
    level: Annotated[str, typer.Option("--level", help="none, city 市级 or province 省级.")],
    year: Annotated[int | None, typer.Option("--year", help="Year the site was named.")] = None,
    by: ByOpt = None,
) -> None:
    """Record a site's demonstration level and the year it was named."""
    from redprop.domain import positions

    positions.set_level(settings.store(write=True, by=by), code, level, year)


def _check_columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    zh = lang == "zh"
    return [Column("item", "项目" if zh else "Item", lambda v, r: literal(vocab.CHECKLIST_ITEM.label(v, lang))),
            Column("ticked", "达标" if zh else "Ticked"), Column("checked_on", "日期" if zh else "Date"),
            Column("evidence", "佐证" if zh else "Evidence")]


@app.command("check")
def check(
    code: CodeArg,
    item: Annotated[str, typer.Argument(metavar="ITEM", help="place 场所, facilities 设施, signs 标志, flag 党旗, "
                                                              "books 书报 or rules 制度.")],
    evidence: Annotated[str | None, typer.Option("--evidence", help="What shows it, e.g. a room and its size.")]
    = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    by: ByOpt = None,
) -> None:
    """Tick one of the six haves, with a date and an evidence note."""
    from redprop.domain import positions

    positions.check(settings.store(write=True, by=by), code, item, True, date, evidence)


@app.command("uncheck")
def uncheck(
    code: CodeArg,
    item: Annotated[str, typer.Argument(metavar="ITEM")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it no longer holds.")] = None,
    date: Annotated[str | None, typer.Option("--date")] = None,
    by: ByOpt = None,
) -> None:
    """Untick an item (the history is kept)."""
    from redprop.domain import positions

    positions.check(settings.store(write=True, by=by), code, item, False, date, reason)


@app.command("checklist")
def checklist(code: CodeArg, fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """The six-haves checklist as it stands."""
    from redprop.domain import positions
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    emit(positions.checklist(settings.store(), code), f, _check_columns(settings.lang), settings.lang,
         keys=CHECK_KEYS)


def _position_columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    zh = lang == "zh"
    return [Column("site"), Column("kind", "kind", lambda v, r: literal(vocab.POSITION_KIND.label(v, lang))),
            Column("holder", "党员" if zh else "Holder"), Column("post", "岗位" if zh else "Post"),
            Column("buildings", "责任楼栋" if zh else "Buildings"),
            Column("mediator", "调解员" if zh else "Mediator"), Column("start_on", "起" if zh else "Since")]


@position_app.command("add")
def position_add(
    code: CodeArg,
    kind: Annotated[str, typer.Option("--kind", help="demo-post 党员示范岗, butler-post 先锋管家示范岗, "
                                                     "zone 党员责任区.")],
    holder: Annotated[str, typer.Option("--holder", help="The party member.")],
    post: Annotated[str | None, typer.Option("--post", help="The post, e.g. 客服窗口 (posts only).")] = None,
    building: Annotated[list[str] | None, typer.Option("--building", help="Buildings of a zone: 3, 1-5 or 8,9.")]
    = None,
    start: Annotated[str | None, typer.Option("--from", help="Since YYYY-MM-DD (default today).")] = None,
    by: ByOpt = None,
) -> None:
    """Add a red position; prints its UUID."""
    from redprop.domain import positions

    rec = positions.add_position(settings.store(write=True, by=by), code, kind, holder, post, building, start)
    typer.echo(rec["uuid"])


@position_app.command("list")
def position_list(
    code: Annotated[str | None, typer.Argument(metavar="[CODE]")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include ended positions.")] = False,
    fmt: FormatOpt = "table", as_json: JsonOpt = False,
) -> None:
    """List red positions."""
    from redprop.domain import positions
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    emit(positions.list_positions(settings.store(), code, not all_), f, _position_columns(settings.lang),
         settings.lang, keys=POSITION_KEYS)


@position_app.command("end")
def position_end(uuid: Annotated[str, typer.Argument(metavar="UUID")], by: ByOpt = None) -> None:
    """End a red position (it stays on record)."""
    from redprop.domain import positions

    positions.end_position(settings.store(write=True, by=by), uuid)


def _period(year: int | None, date_from: str | None, date_to: str | None) -> tuple[Any, Any]:
    from redprop.domain import scorecard, validate

    start, end = scorecard.default_period(year)
    if date_from:
        start = validate.parse_date("--from", date_from)
    if date_to:
        end = validate.parse_date("--to", date_to)
    scorecard.check_period(start, end)
    return start, end


YearOpt = Annotated[int | None, typer.Option("--year", help="Calendar year (default: the last full year).")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Period start YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Period end YYYY-MM-DD.")]


@app.command("scorecard")
def scorecard_(
    code: CodeArg, year: YearOpt = None, date_from: FromOpt = None, date_to: ToOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    as_json: JsonOpt = False,
) -> None:
    """A demonstration site's scorecard: checklist, people, meetings, activities and case figures."""
    from redprop.domain import scorecard
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    start, end = _period(year, date_from, date_to)
    rec = scorecard.scorecard(settings.store(), code, start, end)
    if f == "json":
        write_json(rec)
        return
    _print_scorecard(rec, settings.lang)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _print_scorecard(rec: dict[str, Any], lang: str) -> None:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.tables import build_table, console, print_record

    zh = lang == "zh"
    con = console()
    p = rec["period"]
    print_record([
        ("site", f"{rec['site']} {rec['name']}"), ("community", rec["community"]), ("district", rec["district"]),
        ("company", rec["company"]),
        ("level", vocab.DEMO_LEVEL.label(rec["level"], lang) + (f" ({rec['level_year']})" if rec["level_year"]
                                                                 else "")),
        ("期间" if zh else "Period", f"{p['from']} — {p['to']}"),
    ], lang, title="示范点评分表" if zh else "Site scorecard")
    con.print(build_table(rec["checklist"], _check_columns(lang), lang,
                          title=f"六有 {rec['checklist_ticked']}/6" if zh
                          else f"Six haves {rec['checklist_ticked']}/6"))
    mc = rec["cases"]
    mt = rec["meetings"]
    figures = [
        ("受理" if zh else "Received", mc["received"]), ("调解成功" if zh else "Resolved", mc["resolved"]),
        ("调解不成" if zh else "Failed", mc["failed"]),
        ("成功率" if zh else "Success rate", _pct(mc["success_rate"])),
        ("按期办结率" if zh else "Resolved on time", _pct(mc["timely_rate"])),
        ("办结天数中位数" if zh else "Median days", "—" if mc["median_days_to_resolve"] is None
         else mc["median_days_to_resolve"]),
        ("综合得分" if zh else "Score", mc["score"]),
        ("召开会议" if zh else "Meetings held", mt["meetings_held"]),
        ("讨论议题" if zh else "Items discussed", mt["items_discussed"]),
        ("议定事项" if zh else "Decisions made", mt["decisions_made"]),
        ("事项完成率" if zh else "Decision completion", _pct(mt["completion_rate"])),
        ("超期事项" if zh else "Overdue decisions", mt["overdue_decisions"]),
        ("联合活动" if zh else "Activities", rec["activities"]["count"]),
        ("参与人次" if zh else "Participants", rec["activities"]["participants"]),
    ]
    con.print(build_table([{"k": k, "v": v} for k, v in figures],
                          [Column("k", "指标" if zh else "Figure"), Column("v", "数值" if zh else "Value",
                                                                          justify="right")],
                          lang, title="数据" if zh else "Figures"))
    if rec["mediators"]:
        con.print(build_table(rec["mediators"], [
            Column("name"), Column("title", "mediator_title",
                                   lambda v, r: _literal(vocab.MEDIATOR_TITLE.label(v, lang))),
            Column("party_branch")], lang, title="调解员" if zh else "Mediators"))
    if rec["positions"]:
        con.print(build_table(rec["positions"], _position_columns(lang), lang,
                              title="红色岗位" if zh else "Red positions"))


def _literal(v: Any) -> Any:
    from redprop.render.text import literal

    return literal(v)


@app.command("rank")
def rank(
    year: YearOpt = None, date_from: FromOpt = None, date_to: ToOpt = None,
    district: Annotated[str | None, typer.Option("--district", help="Only sites in this district.")] = None,
    fmt: FormatOpt = "table", as_json: JsonOpt = False,
) -> None:
    """Rank sites by a score out of 100 (see `redprop.domain.ranking`): the 领头羊 first."""
    from redprop.domain import ranking, scorecard
    from redprop.render.output import Column, emit
    from redprop.render.text import literal

    f = pick_format(fmt, as_json)
    start, end = _period(year, date_from, date_to)
    rows = scorecard.rank_sites(settings.store(), start, end, district)
    zh = _zh()
    cols = [Column("rank", "名次" if zh else "Rank", justify="right"), Column("site"),
            Column("label", "name"),
            Column("district"), Column("score", "得分" if zh else "Score", justify="right"),
            Column("received", "受理" if zh else "Received", justify="right"),
            Column("resolved", "调解成功" if zh else "Resolved", justify="right"),
            Column("success_rate", "成功率" if zh else "Success", lambda v, r: literal(_pct(v)), "right"),
            Column("meetings_held", "会议" if zh else "Meetings", justify="right"),
            Column("checklist_ticked", "六有" if zh else "Six haves", justify="right"),
            Column("positions", "岗位" if zh else "Positions", justify="right")]
    emit(rows, f, cols, settings.lang, keys=ranking.KEYS)


