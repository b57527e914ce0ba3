"""`redprop mediator add|list|show`."""

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, ShowPiiOpt, SiteOpt, pick_format

app = typer.Typer(help="Mediators (调解员 / 红色老娘舅).", no_args_is_help=True)


def _columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    return [
        Column("name"),
        Column("title", "mediator_title", lambda v, r: literal(vocab.MEDIATOR_TITLE.label(v, lang))),
        Column("party_member"), Column("party_branch"), Column("sites"), Column("active"),
        Column("cases", justify="right"),
    ]


@app.command("add")
def add(
    name: Annotated[str, typer.Option("--name", help="Full name; the person is created if new.")],
    site: Annotated[list[str], typer.Option("--site", help="Site served (repeat for several).")],
    unit: Annotated[str | None, typer.Option(help="Their own unit, 楼栋-单元-室.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone; shown masked.")] = None,
    party_branch: Annotated[str | None, typer.Option(help="Party branch (党支部).")] = None,
    title: Annotated[str, typer.Option(help="party-member 党员老娘舅, full-time 专职 or part-time 兼职.")]
    = "party-member",
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a mediator."""
    from redprop.domain import mediators
    from redprop.render.output import write_json

    m = mediators.add(settings.store(write=True, by=by), name, site, unit=unit, phone=phone,
                      party_branch=party_branch, title=title)
    if as_json:
        write_json(m)
    else:
        typer.echo(m["uuid"])


@app.command("list")
def list_(
    site: SiteOpt = None,
    active: Annotated[bool, typer.Option("--active", help="Only active mediators.")] = False,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List mediators."""
    from redprop.domain import mediators
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    emit(mediators.list_all(settings.store(), site, active), f, _columns(settings.lang), settings.lang,
         keys=mediators.PUBLIC_KEYS)


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="MEDIATOR", help="NAME, NAME@SITE or UUID.")],
    show_pii: ShowPiiOpt = False,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """Show one mediator."""
    from redprop.domain import mediators, vocab
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    m = mediators.get(settings.store(), ref, show_pii)
    if f == "json":
        write_json(m)
        return
    from redprop.render.tables import print_record

    lang = settings.lang
    print_record(
        [("name", m["name"]), ("mediator_title", vocab.MEDIATOR_TITLE.label(m["title"], lang)),
         ("party_member", m["party_member"]), ("party_branch", m["party_branch"]), ("sites", m["sites"]),
         ("phone", m["phone"]), ("active", m["active"]), ("cases", m["cases"]), ("uuid", m["uuid"])],
        lang,
    )


@app.command("retire")
def retire(
    ref: Annotated[str, typer.Argument(metavar="MEDIATOR", help="NAME, NAME@SITE or UUID.")],
    by: ByOpt = None,
) -> None:
    """Mark a mediator inactive; their past cases keep their name."""
    from redprop.domain import mediators

    mediators.set_active(settings.store(write=True, by=by), ref, False)
