"""The command line: parsing and printing only; the work happens in the domain.

Every typed ``RedpropError`` becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Annotated, Any

import typer

# Typer bundles its own copy of click; its usage-error classes live there.
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from redprop.cli.context import settings
from redprop.errors import RedpropError


def fail(message: str, code: int) -> None:
    sys.stderr.write(f"redprop: {message.replace(chr(10), ' ')}\n")
    raise typer.Exit(code)


class RedpropGroup(TyperGroup):
    """Root group: turns library errors and usage errors into one stderr line."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RedpropError as exc:
            fail(exc.message, exc.exit_code)
        except sqlite3.OperationalError as exc:
            fail(f"database error: {exc}", 1)
        except sqlite3.DatabaseError as exc:
            fail(f"database error: {exc}; run `redprop db check`", 1)
        finally:
            settings.close()

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except typer.Exit as exc:
            if not standalone_mode:
                return exc.exit_code
            sys.exit(exc.exit_code)
        except NoArgsIsHelpError as exc:
            sys.stdout.write(exc.format_message() + "\n")
            sys.exit(0)
        except ClickException as exc:
            hint = ""
            if exc.ctx is not None:  # type: ignore[attr-defined]
                hint = f" (see `{exc.ctx.command_path} --help`)"  # type: ignore[attr-defined]
            sys.stderr.write(f"redprop: {exc.format_message()}{hint}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("redprop: aborted\n")
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(1)


app = typer.Typer(
    cls=RedpropGroup,
    name="redprop",
    help="Case tracker for the mediation desks of 红色物业 sites (红色老娘舅, 七点半议事厅, 红色物业联盟).",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _global(
    db: Annotated[
        str | None, typer.Option("--db", "-d", help="Database file (else REDPROP_DB, else the user data dir).")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Labels in zh or en (else REDPROP_LANG, else the locale).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who is acting (else REDPROP_USER, else OS user).")] = None,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                           callback=lambda v: _print_version() if v else None)
    ] = False,
) -> None:
    settings.db, settings.lang_option, settings.by = db, lang, by
    if lang:
        _ = settings.lang  # validate early: a bad --lang is an input error


def _print_version() -> None:
    from redprop import __version__

    sys.stdout.write(f"redprop {__version__}\n")
    raise typer.Exit(0)


def _register() -> None:
    from redprop.cli import cases, categories, db, demo, mediators, people, sites

    app.add_typer(sites.app, name="site")
    app.add_typer(people.app, name="person")
    app.add_typer(mediators.app, name="mediator")
    app.add_typer(categories.app, name="category")
    app.add_typer(cases.app, name="case")
    app.add_typer(db.app, name="db")
    app.command("demo")(demo.demo)


_register()


def main() -> None:
    app()
