"""`redprop site add|list|show`."""

from typing import Annotated, Any

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Sites (小区 / 示范点).", no_args_is_help=True)

_COLUMNS = ("code", "name", "community", "street", "district", "company", "housing", "level")


def _columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    def label(voc: Any) -> Any:
        return lambda v, r: literal(voc.label(v, lang))

    return [Column(k) for k in _COLUMNS[:6]] + [
        Column("housing", cell=label(vocab.HOUSING)), Column("level", cell=label(vocab.DEMO_LEVEL))
    ]


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. XH; case numbers start with it.")],
    name: Annotated[str, typer.Option("--name", help="Estate name, e.g. 星河国际.")],
    community: Annotated[str | None, typer.Option(help="Community (社区).")] = None,
    street: Annotated[str | None, typer.Option(help="Street or town (街道/镇).")] = None,
    district: Annotated[str | None, typer.Option(help="District (区).")] = None,
    company: Annotated[str | None, typer.Option(help="Property company (物业公司).")] = None,
    housing: Annotated[str, typer.Option(help="commercial 商品房, affordable 保障房 or old 老旧小区.")] = "commercial",
    level: Annotated[str, typer.Option(help="Demonstration level: none, city or province.")] = "none",
    level_year: Annotated[int | None, typer.Option(help="Year the site was named a demonstration site.")] = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a site."""
    from redprop.domain import sites
    from redprop.render.output import write_json

    site = sites.add(settings.store(write=True, by=by), code=code, name=name, community=community,
                     street=street, district=district, company=company, housing=housing, level=level,
                     level_year=level_year)
    if as_json:
        write_json(site)
    else:
        typer.echo(site["code"])


@app.command("list")
def list_(
    community: Annotated[str | None, typer.Option(help="Only this community.")] = None,
    street: Annotated[str | None, typer.Option(help="Only this street.")] = None,
    district: Annotated[str | None, typer.Option(help="Only this district.")] = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List sites."""
    from redprop.domain import sites
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    rows = sites.list_all(settings.store(), community, street, district)
    emit(rows, f, _columns(settings.lang), settings.lang, keys=sites.PUBLIC_KEYS)


@app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="Site code.")],
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """Show one site."""
    from redprop.domain import sites, vocab
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    site = sites.get(settings.store(), code)
    if f == "json":
        write_json(site)
        return
    from redprop.render.tables import print_record

    lang = settings.lang
    shown = {**site, "housing": vocab.HOUSING.label(site["housing"], lang),
             "level": vocab.DEMO_LEVEL.label(site["level"], lang)}
    print_record([(k, shown[k]) for k in (*_COLUMNS, "uuid")], lang)


# Demonstration-site commands (level, checklist, positions, scorecard, rank) live in
# their own module and register themselves on this group.
from redprop.cli import programme_sites  # noqa: E402, F401
