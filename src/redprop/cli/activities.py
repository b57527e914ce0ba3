"""`redprop activity add|list`: joint activities (活动联办); not cases."""

from __future__ import annotations

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Joint activities: safety campaigns, garbage sorting, patrols, festivals.",
                  no_args_is_help=True)

KEYS = ("uuid", "date", "kind", "title", "alliance", "sites", "organisers", "participants", "note")


def columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    zh = lang == "zh"
    return [
        Column("date", "when"), Column("kind", "kind", lambda v, r: literal(vocab.ACTIVITY_KIND.label(v, lang))),
        Column("title"), Column("sites"), Column("organisers", "组织单位" if zh else "Organisers"),
        Column("participants", "参与人数" if zh else "Participants", justify="right"),
    ]


@app.command("add")
def add(
    kind: Annotated[str, typer.Option("--kind", help="safety, garbage, patrol, festival, party-lesson, other.")],
    title: Annotated[str, typer.Option("--title", "-t")],
    organiser: Annotated[list[str], typer.Option("--organiser", help="An organiser (repeatable).")],
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    alliance: Annotated[str | None, typer.Option("--alliance", help="Alliance code.")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="A site involved (default: the alliance's).")]
    = None,
    participants: Annotated[int, typer.Option("--participants", help="How many took part.")] = 0,
    note: Annotated[str | None, typer.Option("--note")] = None,
    by: ByOpt = None,
) -> None:
    """Record a joint activity; prints its UUID."""
    from redprop.domain import alliances

    rec = alliances.add_activity(settings.store(write=True, by=by), kind, title, date, alliance, site,
                                 organiser, participants, note)
    typer.echo(rec["uuid"])


@app.command("list")
def list_(
    alliance: Annotated[str | None, typer.Option("--alliance")] = None,
    site: Annotated[list[str] | None, typer.Option("--site")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List joint activities."""
    from redprop.domain import alliances
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    rows = alliances.list_activities(settings.store(), alliance, site, kind, date_from, date_to)
    emit(rows, f, columns(settings.lang), settings.lang, keys=KEYS)
