"""`redprop decision list|show|update`: follow the council's decisions up."""

from __future__ import annotations

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Decisions (议定事项): who does what by when, and what residents were told.",
                  no_args_is_help=True)

DecisionArg = Annotated[str, typer.Argument(metavar="DECISION", help="Decision number, e.g. XH-M2026-01-D2.")]

KEYS = ("number", "uuid", "meeting", "meeting_on", "item", "text", "unit", "person", "due_on", "status",
        "stored_status", "overdue", "done_on", "feedback", "feedback_on", "case", "resolves_case")


def _columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.minutes import word
    from redprop.render.output import Column
    from redprop.render.text import literal

    return [
        Column("number", word("number", lang)), Column("text", word("text", lang)),
        Column("unit", word("unit", lang)), Column("person", word("person", lang)),
        Column("due_on", word("due_on", lang)),
        Column("status", word("status", lang), lambda v, r: literal(vocab.DECISION_STATUS.label(v, lang))),
        Column("case", word("cases", lang)), Column("feedback", word("feedback", lang)),
    ]


@app.command("list")
def list_(
    site: Annotated[list[str] | None, typer.Option("--site", help="Site code (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", "-s",
                                                     help="open, in-progress, done or overdue.")] = None,
    meeting: Annotated[str | None, typer.Option("--meeting", help="Only this meeting's.")] = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List decisions; overdue ones are past their deadline and not done."""
    from redprop.domain import meetings
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    rows = meetings.list_decisions(settings.store(), site, status, meeting)
    emit(rows, f, _columns(settings.lang), settings.lang, keys=KEYS)


@app.command("show")
def show(decision: DecisionArg, fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """Show one decision."""
    from redprop.domain import meetings
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    rec = meetings.show_decision(settings.store(), decision)
    if f == "json":
        write_json(rec)
        return
    from redprop.domain import vocab
    from redprop.render.minutes import word
    from redprop.render.tables import print_record

    lang = settings.lang
    shown = {**rec, "status": vocab.DECISION_STATUS.label(rec["status"], lang),
             "resolves_case": vocab.OUTCOME.label(rec["resolves_case"], lang)}
    print_record([(_SHOW_WORDS[k][lang == "en"] if k in _SHOW_WORDS else word(k, lang), shown[k])
                  for k in KEYS if k not in ("uuid", "stored_status")], lang)


#: Fields of `decision show` that the minutes have no heading for: (zh, en).
_SHOW_WORDS = {
    "meeting_on": ("会议日期", "Meeting date"), "item": ("议题序号", "Agenda item"),
    "overdue": ("超期", "Overdue"), "done_on": ("完成日期", "Done on"),
    "feedback_on": ("公示日期", "Announced on"), "case": ("关联案件", "Case"),
    "resolves_case": ("完成后案件结果", "Resolves the case as"),
}


@app.command("update")
def update(
    decision: DecisionArg,
    status: Annotated[str | None, typer.Option("--status", "-s", help="open, in-progress or done.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When, YYYY-MM-DD (default today).")] = None,
    feedback: Annotated[str | None, typer.Option("--feedback", help="What was announced to residents.")]
    = None,
    feedback_date: Annotated[str | None, typer.Option("--feedback-date", help="When it was announced.")]
    = None,
    due: Annotated[str | None, typer.Option("--due", help="A new deadline; a later one needs --reason.")]
    = None,
    reason: Annotated[str | None, typer.Option("--reason")] = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Move a decision on; done resolves its case when it was decided so (--resolves-case)."""
    from redprop.domain import meetings

    d = meetings.progress(settings.store(write=True, by=by), decision, status, date, feedback,
                          feedback_date, due, reason)
    if as_json:
        from redprop.render.output import write_json

        write_json(meetings.show_decision(settings.store(), d["number"]))
    else:
        typer.echo(d["number"])
