"""`redprop meeting ...`: a meeting's life from agenda to signed minutes."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, DateOpt, FormatOpt, JsonOpt, pick_format

app = typer.Typer(help="Meetings (七点半议事厅 / 联席会议 / 联盟会议): agenda, attendance, decisions, minutes.",
                  no_args_is_help=True)

MeetingArg = Annotated[str, typer.Argument(metavar="MEETING", help="Meeting number, e.g. XH-M2026-01.")]
ItemArg = Annotated[int, typer.Argument(metavar="ITEM", help="Item number on the agenda (1, 2, ...).")]

LIST_KEYS = ("number", "uuid", "sites", "kind", "date", "time", "place", "host", "recorder", "status",
             "status_on", "present", "absent", "items", "decisions", "note")
AGENDA_KEYS = ("item", "section", "title", "decision", "cases")


def _done(number: str, as_json: bool) -> None:
    if as_json:
        from redprop.domain import meetings
        from redprop.render.output import write_json

        write_json(meetings.show(settings.store(), number))
    else:
        typer.echo(number)


@app.command("add")
def add(
    site: Annotated[list[str], typer.Option("--site", help="Site code (repeat for a joint meeting).")],
    kind: Annotated[str, typer.Option("--kind", help="council 七点半议事厅, joint 联席会议, alliance 联盟会议, other.")]
    = "council",
    date: Annotated[str | None, typer.Option("--date", help="Meeting date YYYY-MM-DD (default today).")] = None,
    time: Annotated[str | None, typer.Option("--time", help="Start time HH:MM (default 19:30).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where it meets.")] = None,
    host: Annotated[str | None, typer.Option("--host", help="Who chairs it (主持人).")] = None,
    recorder: Annotated[str | None, typer.Option("--recorder", help="Who keeps the minutes (记录人).")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Plan a meeting; prints its number."""
    from redprop.domain import meetings

    m = meetings.add(settings.store(write=True, by=by), meetings.NewMeeting(
        sites=site, kind=kind, on=date, time=time, place=place, host=host, recorder=recorder, note=note))
    _done(m["number"], as_json)


def _list_columns(lang: str) -> list:
    from redprop.domain import vocab
    from redprop.render.output import Column
    from redprop.render.text import literal

    return [
        Column("number"), Column("sites", "sites"),
        Column("kind", "kind", lambda v, r: literal(vocab.MEETING_KIND.label(v, lang))),
        Column("date", "when", lambda v, r: literal(f"{v} {r['time']}")),
        Column("place", "地点" if lang == "zh" else "Place"),
        Column("status", "status", lambda v, r: literal(vocab.MEETING_STATUS.label(v, lang))),
        Column("present", "出席" if lang == "zh" else "Present", justify="right"),
        Column("items", "议题" if lang == "zh" else "Items", justify="right"),
        Column("decisions", "议定事项" if lang == "zh" else "Decisions", justify="right"),
    ]


@app.command("list")
def list_(
    site: Annotated[list[str] | None, typer.Option("--site", help="Site code (repeatable).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="planned, held, closed or cancelled.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="On or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="On or before YYYY-MM-DD.")] = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List meetings."""
    from redprop.domain import meetings
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    rows = meetings.list_meetings(settings.store(), site, kind, date_from, date_to, status)
    emit(rows, f, _list_columns(settings.lang), settings.lang, keys=LIST_KEYS)


@app.command("show")
def show(meeting: MeetingArg, fmt: FormatOpt = "table", as_json: JsonOpt = False) -> None:
    """Show a meeting: attendance, items, decisions and carried-over decisions."""
    from redprop.domain import meetings
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    rec = meetings.show(settings.store(), meeting)
    if f == "json":
        write_json(rec)
        return
    from redprop.render.minutes import print_minutes

    print_minutes(rec, settings.lang)


@app.command("minutes")
def minutes(
    meeting: MeetingArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, markdown, html or json.")] = "table",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the minutes (attendance, items, decisions: who, by when), ready to print and sign."""
    from redprop.domain import meetings
    from redprop.render import minutes as mr
    from redprop.render.output import check_format, to_json

    f = "json" if as_json else check_format(fmt, ("table", "markdown", "md", "html", "json"))
    rec = meetings.show(settings.store(), meeting)
    lang = settings.lang
    if f == "table" and output is None:
        mr.print_minutes(rec, lang)
        return
    text = {"json": lambda: to_json(rec) + "\n", "html": lambda: mr.to_html(rec, lang),
            "markdown": lambda: mr.to_markdown(rec, lang), "md": lambda: mr.to_markdown(rec, lang),
            "table": lambda: mr.to_markdown(rec, lang)}[f]()
    if output:
        from pathlib import Path

        from redprop.errors import InvalidInput

        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput("--output", f"cannot write {output}: {exc.strerror}") from None
        typer.echo(output)
    else:
        sys.stdout.write(text)


@app.command("agenda")
def agenda(
    meeting: Annotated[str | None, typer.Argument(metavar="[MEETING]", help="A planned meeting's number.")]
    = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="Propose for a new meeting at this site.")]
    = None,
    date: Annotated[str | None, typer.Option("--date", help="Date of the new meeting (default today).")] = None,
    save: Annotated[bool, typer.Option("--save", help="Store the proposal as MEETING's agenda items.")] = False,
    drop: Annotated[list[int] | None, typer.Option("--drop", help="With --save: leave out proposed item N.")]
    = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """Propose an agenda: open decisions carried over, then the sites' open cases by section."""
    from redprop.domain import meetings, vocab
    from redprop.errors import InvalidInput
    from redprop.render.output import Column, emit
    from redprop.render.text import joined, literal

    f = pick_format(fmt, as_json)
    lang = settings.lang
    if save:
        if not meeting:
            raise InvalidInput("--save", "needs the MEETING whose agenda it stores")
        meetings.save_agenda(settings.store(write=True), meeting, drop, lang)
    elif drop:
        raise InvalidInput("--drop", "only applies with --save")
    _, proposals = meetings.propose_for(settings.store(), meeting, site, date, lang)
    rows: list[dict[str, Any]] = [{"item": i, **p.record()} for i, p in enumerate(proposals, 1)]
    if save:
        rows = [{"item": i["item"], "section": i["section"], "title": i["title"], "decision": i["reviews"],
                 "cases": [{"number": c["number"], "title": c["title"], "status": c["status"]}
                           for c in i["cases"]]}
                for i in meetings.show(settings.store(), meeting or "")["items"] if not i["dropped"]]
    columns = [
        Column("item", "序号" if lang == "zh" else "No.", justify="right"),
        Column("section", "板块" if lang == "zh" else "Section",
               lambda v, r: literal(vocab.AGENDA_SECTION.label(v, lang))),
        Column("title", "议题" if lang == "zh" else "Item"),
        Column("cases", "关联案件" if lang == "zh" else "Cases",
               lambda v, r: literal(joined((c["number"] for c in v), lang))),
    ]
    emit(rows, f, columns, lang, keys=AGENDA_KEYS)


@app.command("attend")
def attend(
    meeting: MeetingArg,
    name: Annotated[str, typer.Option("--name", help="Attendee's name.")],
    role: Annotated[str, typer.Option("--role", help="community, police, committee, company, owner-rep, "
                                                     "mediator or other (or the Chinese label).")],
    org: Annotated[str | None, typer.Option("--org", help="Their organisation.")] = None,
    absent: Annotated[bool, typer.Option("--absent", help="Record an absentee (with --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why they were absent.")] = None,
    by: ByOpt = None,
) -> None:
    """Record an attendee, or with --absent --reason an absentee."""
    from redprop.domain import meetings

    meetings.attend(settings.store(write=True, by=by), meeting, name, role, org, reason, absent)


@app.command("item")
def item(
    meeting: MeetingArg,
    title: Annotated[str, typer.Option("--title", help="The item.")],
    section: Annotated[str, typer.Option("--section", help="review, current, difficulties, security, service.")]
    = "current",
    proposer: Annotated[str | None, typer.Option("--proposer")] = None,
    discussion: Annotated[str | None, typer.Option("--discussion")] = None,
    vote: Annotated[str | None, typer.Option("--vote", help="e.g. 9 赞成 0 反对.")] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="A case it discusses (repeatable).")] = None,
    by: ByOpt = None,
) -> None:
    """Add an item to the agenda (the chair's own); prints its number."""
    from redprop.domain import meetings

    rec = meetings.add_item(settings.store(write=True, by=by), meeting, section, title, proposer,
                            discussion, vote, case)
    typer.echo(str(rec["seq"]))


@app.command("discuss")
def discuss(
    meeting: MeetingArg,
    item: ItemArg,
    discussion: Annotated[str | None, typer.Option("--discussion", help="What was said.")] = None,
    vote: Annotated[str | None, typer.Option("--vote")] = None,
    proposer: Annotated[str | None, typer.Option("--proposer")] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="Link another case.")] = None,
    by: ByOpt = None,
) -> None:
    """Record an item's discussion and vote, or link more cases to it."""
    from redprop.domain import meetings

    meetings.edit_item(settings.store(write=True, by=by), meeting, item, discussion, vote, proposer, case)


@app.command("drop")
def drop(
    meeting: MeetingArg, item: ItemArg,
    reason: Annotated[str | None, typer.Option("--reason")] = None, by: ByOpt = None,
) -> None:
    """Drop an item from the agenda (it stays in the record, marked dropped)."""
    from redprop.domain import meetings

    meetings.drop_item(settings.store(write=True, by=by), meeting, item, reason)


@app.command("raise")
def raise_(
    meeting: MeetingArg,
    site: Annotated[str, typer.Option("--site", help="Site of the problem.")],
    category: Annotated[str, typer.Option("--category", "-c", help="Category key or label.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The problem raised.")],
    description: Annotated[str | None, typer.Option("--description")] = None,
    applicant: Annotated[list[str] | None, typer.Option("--applicant", help="NAME or NAME@UNIT.")] = None,
    mediator: Annotated[list[str] | None, typer.Option("--mediator", "-m")] = None,
    item: Annotated[int | None, typer.Option("--item", help="Link to this item (default: a new item).")] = None,
    by: ByOpt = None,
) -> None:
    """A new problem raised at the meeting becomes a case (source meeting); prints its number."""
    from redprop.domain import cases, meetings

    new = cases.NewCase(site=site, category=category, title=title, description=description,
                        mediators=mediator or [],
                        parties=[cases.parse_party("applicant", v, "--applicant") for v in applicant or []])
    rec = meetings.raise_case(settings.store(write=True, by=by), meeting, new, item)
    typer.echo(rec["number"])


@app.command("decide")
def decide(
    meeting: MeetingArg,
    text: Annotated[str, typer.Option("--text", help="The decision (议定事项).")],
    unit: Annotated[str, typer.Option("--unit", help="Responsible unit, e.g. 物业公司.")],
    due: Annotated[str, typer.Option("--due", help="Deadline YYYY-MM-DD, on or after the meeting.")],
    person: Annotated[str | None, typer.Option("--person", help="Responsible person.")] = None,
    item: Annotated[int | None, typer.Option("--item", help="The agenda item it settles.")] = None,
    case: Annotated[str | None, typer.Option("--case", help="The case it acts on.")] = None,
    resolves_case: Annotated[bool, typer.Option("--resolves-case", help="Resolve --case when done.")] = False,
    outcome: Annotated[str, typer.Option("--outcome", help="Outcome for the case when done.")] = "fixed",
    by: ByOpt = None,
) -> None:
    """Record a decision; prints its number (MEETING-Dn)."""
    from redprop.domain import meetings

    rec = meetings.decide(settings.store(write=True, by=by), meeting, meetings.NewDecision(
        text=text, unit=unit, due=due, person=person, item=item, case=case, resolves_case=resolves_case,
        outcome=outcome))
    typer.echo(rec["number"])


@app.command("hold")
def hold(meeting: MeetingArg, date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False) -> None:
    """Record that the meeting took place."""
    from redprop.domain import meetings

    m = meetings.hold(settings.store(write=True, by=by), meeting, date)
    _done(m["number"], as_json)


@app.command("close")
def close(meeting: MeetingArg, date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False) -> None:
    """Sign the minutes; the meeting's record is then final (decisions are still followed up)."""
    from redprop.domain import meetings

    m = meetings.close(settings.store(write=True, by=by), meeting, date)
    _done(m["number"], as_json)


@app.command("cancel")
def cancel(
    meeting: MeetingArg, reason: Annotated[str | None, typer.Option("--reason")] = None, by: ByOpt = None,
) -> None:
    """Cancel a planned meeting."""
    from redprop.domain import meetings

    meetings.cancel(settings.store(write=True, by=by), meeting, reason)
