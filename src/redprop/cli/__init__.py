"""The command line: parsing and printing only; the work happens in the domain.

Every typed ``RedpropError`` becomes one line on stderr and its exit code.
"""

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


#: Command groups, imported and built only when named on the command line, so
#: `redprop case add` pays for one group's parameters, not all of them.
#: To add a group: a module with a Typer ``app``, and one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "case": ("redprop.cli.cases", "Cases: record, list, show and move them through their life."),
    "site": ("redprop.cli.sites", "Sites (小区 / 示范点)."),
    "person": ("redprop.cli.people", "Residents and other parties."),
    "mediator": ("redprop.cli.mediators", "Mediators (调解员 / 红色老娘舅)."),
    "category": ("redprop.cli.categories", "Case categories and their statistics type."),
    "db": ("redprop.cli.db", "The database file: where it is, is it sound, back it up."),
    "demo": ("redprop.cli.demo", "Fill the selected database with demo data and show the desk."),
    "meeting": ("redprop.cli.meetings", "Meetings (七点半议事厅 / 联席会议): agenda, decisions, minutes."),
    "decision": ("redprop.cli.decisions", "Decisions (议定事项) of meetings: follow them up."),
    "alliance": ("redprop.cli.alliances", "Alliances (红色物业联盟) and cross-appointments."),
    "activity": ("redprop.cli.activities", "Joint activities of an alliance (not cases)."),
    "report": ("redprop.cli.report", "Figures for a month, quarter, year or range: counters, breakdowns, trend."),
}


class RedpropGroup(TyperGroup):
    """Root group: lazy sub-commands; library and usage errors become one stderr line."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Remember the sub-command word (`add` in `case add`) so that only it is built.
        self._wanted = args[1] if len(args) > 1 and not args[1].startswith("-") else None
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        import copy
        import importlib

        # A copy without Typer's --install-completion/--show-completion: those belong to
        # a whole program (the root has none) and would edit the user's shell start-up files.
        group_app = copy.copy(importlib.import_module(COMMANDS[cmd_name][0]).app)
        group_app._add_completion = False
        wanted = getattr(self, "_wanted", None)
        only = [c for c in group_app.registered_commands
                if wanted and (c.name or typer.main.get_command_name(c.callback.__name__)) == wanted]
        if only and not group_app.registered_groups and len(group_app.registered_commands) > 1:
            group_app.registered_commands = only
        command = typer.main.get_command(group_app)
        if only and wanted and not isinstance(command, TyperGroup):
            # One command left and no callback: Typer returns it bare; keep the group level.
            command = TyperGroup(name=cmd_name, commands={wanted: command}, rich_markup_mode=None)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
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
        # Without standalone mode click *returns* an Exit's code (e.g. from `fail`)
        # instead of raising it; a command that returns normally gives None.
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

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


def main() -> None:
    app()
