"""`redprop person add|list|show`."""

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, ShowPiiOpt, SiteOpt, pick_format

app = typer.Typer(help="Residents and other parties.", no_args_is_help=True)


def _columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    return [
        Column("name"), Column("site"), Column("unit"), Column("phone"),
        Column("party_member"),
        Column("kind", cell=lambda v, r: literal(vocab.PERSON_KIND.label(v, lang))),
    ]


@app.command("add")
def add(
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    site: Annotated[str, typer.Option("--site", help="Site code.")],
    unit: Annotated[str | None, typer.Option(help="楼栋-单元-室, e.g. 3-2-501.")] = None,
    phone: Annotated[str | None, typer.Option(help="Mobile or landline; shown masked.")] = None,
    party_member: Annotated[bool, typer.Option("--party-member", help="A Communist Party member.")] = False,
    kind: Annotated[str, typer.Option(help="individual, company, owners-committee or other.")] = "individual",
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a person at a site; prints their UUID."""
    from redprop.domain import people
    from redprop.render.output import write_json

    p = people.add(settings.store(write=True, by=by), site, name=name, unit=unit, phone=phone,
                   party_member=party_member, kind=kind)
    if as_json:
        write_json(p)
    else:
        typer.echo(p["uuid"])


@app.command("list")
def list_(
    site: SiteOpt = None,
    search: Annotated[str | None, typer.Option(help="Part of a name.")] = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List people (phones masked)."""
    from redprop.domain import people
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    emit(people.list_all(settings.store(), site, search), f, _columns(settings.lang), settings.lang,
         keys=people.PUBLIC_KEYS)


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="PERSON", help="UUID, NAME or NAME@SITE.")],
    show_pii: ShowPiiOpt = False,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """Show one person; --show-pii reveals the phone number."""
    from redprop.domain import people, vocab
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    p = people.get(settings.store(), ref, show_pii)
    if f == "json":
        write_json(p)
        return
    from redprop.render.tables import print_record

    lang = settings.lang
    print_record(
        [("name", p["name"]), ("site", p["site"]), ("unit", p["unit"]), ("phone", p["phone"]),
         ("party_member", p["party_member"]), ("kind", vocab.PERSON_KIND.label(p["kind"], lang)),
         ("uuid", p["uuid"])],
        lang,
    )
