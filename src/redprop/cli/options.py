"""Options shared by many commands, defined once."""

from typing import Annotated

import typer

FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help="Output: table, json, ndjson or csv.", metavar="FORMAT"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help="Who is making the change (else REDPROP_USER, else the OS user).",
                 metavar="NAME"),
]
DateOpt = Annotated[str | None, typer.Option("--date", help="When it happened, YYYY-MM-DD (default today).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note to keep with this step.")]
ShowPiiOpt = Annotated[
    bool, typer.Option("--show-pii", help="Show residents' phone numbers unmasked.")
]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Site code, e.g. XH.")]


def pick_format(fmt: str, as_json: bool, allowed: tuple[str, ...] | None = None) -> str:
    from redprop.render.output import LIST_FORMATS, check_format

    return "json" if as_json else check_format(fmt, allowed or LIST_FORMATS)
