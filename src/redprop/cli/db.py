"""`redprop db path|check|backup`."""

from pathlib import Path
from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import JsonOpt

app = typer.Typer(help="The database file: where it is, is it sound, back it up.", no_args_is_help=True)


@app.command("path")
def path(as_json: JsonOpt = False) -> None:
    """Print the database path in use (and, with --json, where it came from)."""
    p, source = settings.db_path()
    if as_json:
        from redprop.render.output import write_json

        write_json({"path": str(p), "source": source, "exists": p.exists()})
    else:
        typer.echo(str(p))


@app.command("check")
def check(as_json: JsonOpt = False) -> None:
    """Run SQLite's integrity check and report the schema version; exits 1 on problems."""
    from redprop.cli import fail
    from redprop.render.output import write_json
    from redprop.store.maintenance import check as run_check

    result = run_check(settings.store())
    if as_json:
        write_json(result)
    else:
        typer.echo(f"path            {result['path']}")
        typer.echo(f"schema version  {result['schema_version']} (this redprop: {result['schema_expected']})")
        typer.echo(f"integrity       {result['integrity']}")
        typer.echo(f"foreign keys    {result['foreign_key_problems']} problems")
        typer.echo("counts          " + ", ".join(f"{k} {v}" for k, v in result["counts"].items()))
    if not result["ok"]:
        fail("the database failed its integrity check", 1)


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Make a consistent copy while other desks keep writing."""
    from redprop.store.maintenance import backup as run_backup

    result = run_backup(settings.store(), file, overwrite=force)
    if as_json:
        from redprop.render.output import write_json

        write_json(result)
    else:
        typer.echo(result["path"])
