"""`redprop category list|add`."""

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Case categories and their statistics type.", no_args_is_help=True)


@app.command("list")
def list_(fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """List categories."""
    from redprop.domain import categories, vocab
    from redprop.render.output import Column, emit
    from redprop.render.text import literal

    f = pick_format(fmt, as_json)
    lang = settings.lang
    cols = [
        Column("key"),
        Column("zh" if lang == "zh" else "en", "label"),
        Column("stat_type", cell=lambda v, r: literal(vocab.STAT_TYPE.label(v, lang))),
    ]
    emit(categories.list_all(settings.store()), f, cols, lang, keys=categories.PUBLIC_KEYS)


@app.command("add")
def add(
    key: Annotated[str, typer.Argument(help="English key, e.g. water-supply.")],
    label: Annotated[str, typer.Option("--label", help="Chinese label, e.g. 供水.")],
    label_en: Annotated[str | None, typer.Option("--label-en", help="English label.")] = None,
    stat_type: Annotated[str, typer.Option("--stat-type", help="Official statistics type, e.g. 物业 or property.")]
    = "other",
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a category."""
    from redprop.domain import categories
    from redprop.render.output import write_json

    c = categories.add(settings.store(write=True, by=by), key, label, label_en, stat_type)
    if as_json:
        write_json(c)
    else:
        typer.echo(c["key"])
