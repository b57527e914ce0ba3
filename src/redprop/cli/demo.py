"""`redprop demo`: fill a database with a realistic year and show the desk."""

from typing import Annotated

import typer

from redprop.cli.context import settings

app = typer.Typer()


@app.command("demo")
def demo(
    year: Annotated[int | None, typer.Option(help="Calendar year to fill (default: the last full year).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same data.")] = 2020,
    quiet: Annotated[bool, typer.Option("--quiet", help="Fill only; print nothing.")] = False,
) -> None:
    """Fill the selected database with demo data (星河国际 and two other sites)."""
    from redprop.domain.demo import fill

    store = settings.store(write=True)
    summary = fill(store, year=year, seed=seed)
    if quiet:
        return
    from redprop.cli.demo_view import show_desk

    show_desk(store, summary, settings.lang)
