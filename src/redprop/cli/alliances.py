"""`redprop alliance add|list|show|join|appoint|complain`: the 红色物业联盟."""

from __future__ import annotations

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Alliances (红色物业联盟): a community, its sites and their property companies.",
                  no_args_is_help=True)

CodeArg = Annotated[str, typer.Argument(metavar="CODE", help="Alliance code, e.g. HT.")]
KEYS = ("code", "uuid", "name", "community", "founded_on", "sites", "companies", "appointments", "activities")


@app.command("add")
def add(
    code: CodeArg,
    name: Annotated[str, typer.Option("--name", help="e.g. 横塘社区红色物业联盟.")],
    site: Annotated[list[str], typer.Option("--site", help="A member site (repeatable).")],
    community: Annotated[str | None, typer.Option("--community", help="Default: the first site's.")] = None,
    founded: Annotated[str | None, typer.Option("--founded", help="YYYY-MM-DD (default today).")] = None,
    by: ByOpt = None,
) -> None:
    """Found an alliance of a community's sites (their companies join with them)."""
    from redprop.domain import alliances

    rec = alliances.add(settings.store(write=True, by=by), code, name, site, community, founded)
    typer.echo(rec["code"])


@app.command("join")
def join(
    code: CodeArg,
    site: Annotated[list[str], typer.Option("--site", help="A site joining (repeatable).")],
    by: ByOpt = None,
) -> None:
    """Add sites to an alliance."""
    from redprop.domain import alliances

    alliances.join(settings.store(write=True, by=by), code, site)


@app.command("list")
def list_(fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """List alliances."""
    from redprop.domain import alliances
    from redprop.render.output import Column, emit

    f = pick_format(fmt, as_json)
    zh = settings.lang == "zh"
    cols = [Column("code"), Column("name"), Column("community"), Column("sites"),
            Column("companies", "物业公司" if zh else "Companies"),
            Column("appointments", "交叉任职" if zh else "Cross-appointments", justify="right"),
            Column("activities", "联合活动" if zh else "Activities", justify="right")]
    emit(alliances.list_all(settings.store()), f, cols, settings.lang, keys=KEYS)


@app.command("show")
def show(code: CodeArg, fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """Show an alliance: sites, companies, cross-appointments and activities."""
    from redprop.domain import alliances
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    rec = alliances.show(settings.store(), code)
    if f == "json":
        write_json(rec)
        return
    from redprop.cli.activities import columns as activity_columns
    from redprop.render.output import Column
    from redprop.render.tables import build_table, console, print_record

    lang = settings.lang
    zh = lang == "zh"
    print_record([("code", rec["code"]), ("name", rec["name"]), ("community", rec["community"]),
                  ("founded" if not zh else "成立日期", rec["founded_on"]), ("sites", rec["sites"]),
                  ("company", rec["companies"])], lang)
    con = console()
    if rec["appointments"]:
        cols = [Column("person", "姓名" if zh else "Person"), Column("from_org", "原单位" if zh else "From"),
                Column("role", "兼任职务" if zh else "Role"), Column("to_org", "任职单位" if zh else "In"),
                Column("start_on", "起" if zh else "From date"), Column("end_on", "止" if zh else "To date")]
        con.print(build_table(rec["appointments"], cols, lang, title="交叉任职" if zh else "Cross-appointments"))
    if rec["activities"]:
        con.print(build_table(rec["activities"], activity_columns(lang), lang,
                              title="联合活动" if zh else "Joint activities"))


@app.command("appoint")
def appoint(
    code: CodeArg,
    person: Annotated[str, typer.Option("--person", help="Who is appointed.")],
    from_org: Annotated[str, typer.Option("--from-org", help="The organisation they come from.")],
    role: Annotated[str, typer.Option("--role", help="The role they hold, e.g. 党建指导员.")],
    to_org: Annotated[str, typer.Option("--to-org", help="The organisation they hold it in.")],
    start: Annotated[str | None, typer.Option("--start", help="YYYY-MM-DD (default today).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="YYYY-MM-DD, if it has ended.")] = None,
    by: ByOpt = None,
) -> None:
    """Record a cross-appointment (交叉任职)."""
    from redprop.domain import alliances

    alliances.appoint(settings.store(write=True, by=by), code, person, from_org, role, to_org, start, end)


@app.command("complain")
def complain(
    site: Annotated[str, typer.Option("--site", help="The site served.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The service problem.")],
    company: Annotated[str | None, typer.Option("--company", help="Default: the site's company.")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    reported: Annotated[str | None, typer.Option("--reported", help="YYYY-MM-DD (default today).")] = None,
    mediator: Annotated[list[str] | None, typer.Option("--mediator", "-m")] = None,
    by: ByOpt = None,
) -> None:
    """Record a service problem against a property company: a `service` case; prints its number."""
    from redprop.domain import alliances

    rec = alliances.complain(settings.store(write=True, by=by), site, title, company, description, reported,
                             mediator)
    typer.echo(rec["number"])
