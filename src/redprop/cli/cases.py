"""`redprop case ...`: record a case and move it through its life.

This module sits on the hot path of ``case add``: import only what each
command needs, inside the command.
"""

import sys
from typing import Annotated, Any

import typer

from redprop.cli.context import settings
from redprop.cli.options import ByOpt, DateOpt, FormatOpt, JsonOpt, NoteOpt, ShowPiiOpt, pick_format

app = typer.Typer(help="Cases: record, list, show and move them through their life.", no_args_is_help=True)

NumberArg = Annotated[str, typer.Argument(metavar="NUMBER", help="Case number, e.g. XH-2026-0001.")]


def _print_case(number: str, as_json: bool) -> None:
    if as_json:
        from redprop.domain import case_view
        from redprop.render.output import write_json

        write_json(case_view.show(settings.store(), number))
    else:
        typer.echo(number)


def _prompt_missing(values: dict[str, Any], by: str | None) -> dict[str, Any]:
    """At a terminal with nothing given, ask for each field in turn.

    Each answer is checked as it is typed and asked again if it is wrong, so a
    typo in the last field does not throw away the whole case.
    """
    from redprop.domain import cases, refs, validate, vocab
    from redprop.errors import InvalidInput, RedpropError

    store = settings.store(write=True, by=by)
    site_id: list[int] = []

    def site(a: str) -> None:
        site_id[:] = [refs.site(store, a)["id"]]

    def mediator(a: str) -> None:
        m = refs.mediator(store, a, site_id[0] if site_id else None)
        if not m["active"]:
            raise InvalidInput("--mediator", f"{m['name']} is no longer an active mediator")

    def party(role: str) -> Any:
        return lambda a: cases.parse_party(role, a, f"--{role}") if a.strip() else None

    asks: list[tuple[str, str, str | None, Any]] = [
        ("site", "小区代码 Site code", None, site),
        ("category", "类别 Category", "other", lambda a: refs.category(store, a)),
        ("title", "标题 Title", None, lambda a: validate.required_text("--title", a, max_len=validate.MAX_TITLE)),
        ("description", "情况 Description", "",
         lambda a: validate.text("--description", a, max_len=validate.MAX_TEXT, required=False)),
        ("applicant", "申请人 Applicant (NAME or NAME@UNIT)", "", party("applicant")),
        ("respondent", "被申请人 Respondent", "", party("respondent")),
        ("source", "来源 Source", "application", lambda a: vocab.SOURCE.parse(a, "--source")),
        ("mediator", "调解员 Mediator", "", lambda a: mediator(a) if a.strip() else None),
    ]

    def checked(check: Any) -> Any:
        def proc(answer: str) -> str:
            try:
                check(answer)
            except RedpropError as exc:
                raise typer.BadParameter(exc.message) from None
            return answer
        return proc

    for key, text, default, check in asks:
        answer = typer.prompt(text, default=default, value_proc=checked(check))
        if key in ("applicant", "respondent", "mediator"):
            values[key] = [answer] if answer.strip() else []
        else:
            values[key] = answer or None
    return values


@app.command("add")
def add(
    site: Annotated[str | None, typer.Option("--site", help="Site code, e.g. XH.")] = None,
    category: Annotated[str | None, typer.Option("--category", "-c", help="Category key or label, e.g. leak or 漏水.")]
    = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="One line: what is the problem.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="The facts as told.")] = None,
    reported: Annotated[str | None, typer.Option("--reported", help="Reported date YYYY-MM-DD (default today).")]
    = None,
    source: Annotated[str, typer.Option("--source", help="application, proactive, referral, hotline or meeting.")]
    = "application",
    mediator: Annotated[list[str] | None, typer.Option("--mediator", "-m", help="Mediator NAME (repeatable).")]
    = None,
    applicant: Annotated[list[str] | None, typer.Option("--applicant", help="NAME or NAME@UNIT (repeatable).")]
    = None,
    respondent: Annotated[list[str] | None, typer.Option("--respondent", help="NAME or NAME@UNIT (repeatable).")]
    = None,
    third_party: Annotated[list[str] | None, typer.Option("--third-party", help="NAME or NAME@UNIT.")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="Amount in dispute, yuan.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="Due date (default reported + 30 days).")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable or comma-separated).")] = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a case in one command; prints its new number."""
    from redprop.domain import cases

    values: dict[str, Any] = {"site": site, "category": category, "title": title, "description": description,
                              "applicant": applicant or [], "respondent": respondent or [], "source": source,
                              "mediator": mediator or []}
    given = [site, category, title, description, reported, mediator, applicant, respondent, amount, due, tag]
    if all(v is None for v in given) and sys.stdin.isatty():
        values = _prompt_missing(values, by)
    for required in ("site", "category", "title"):
        if not values[required]:
            from redprop.errors import InvalidInput

            raise InvalidInput(f"--{required}", "is required")
    parties = (
        [cases.parse_party("applicant", v, "--applicant") for v in values["applicant"]]
        + [cases.parse_party("respondent", v, "--respondent") for v in values["respondent"]]
        + [cases.parse_party("third-party", v, "--third-party") for v in third_party or []]
    )
    new = cases.NewCase(
        site=values["site"], category=values["category"], title=values["title"],
        description=values["description"], reported=reported, source=values["source"],
        mediators=values["mediator"], parties=parties, amount=amount, due=due, tags=tag or [],
    )
    record = cases.add(settings.store(write=True, by=by), new)
    if not values["mediator"]:
        _suggest_mediator(record["number"])
    _print_case(record["number"], as_json)


def _suggest_mediator(number: str) -> None:
    """On stderr: the party member whose responsibility zone holds the case's building."""
    from redprop.domain.positions import suggestion_for_case

    s = suggestion_for_case(settings.store(), number)
    if s is None:
        return
    zh = settings.lang == "zh"
    how = (f"`redprop case assign {number} -m {s['name']}`" if s["is_mediator"]
           else ("（尚未登记为调解员）" if zh else "(not yet registered as a mediator)"))
    sys.stderr.write(
        f"建议调解员：{s['name']}（党员责任区 {s['building']} 栋）{how}\n" if zh
        else f"suggested mediator: {s['name']} (party-member zone, building {s['building']}) {how}\n")


def _list_columns(lang: str) -> list:
    from redprop.domain import categories, vocab
    from redprop.i18n import word
    from redprop.render.output import Column
    from redprop.render.text import joined, literal

    labels = categories.labels(settings.store())

    def status(v: str, r: dict) -> Any:
        t = literal(vocab.STATUS.label(v, lang))
        if r["overdue"]:
            t.append(" " + word("overdue_flag", lang), style="bold red")
        return t

    def category(v: str, r: dict) -> Any:
        zh, en = labels.get(v, (v, v))
        return literal(zh if lang == "zh" else en)

    return [
        Column("number"), Column("site"), Column("category", cell=category),
        Column("title"), Column("status", cell=status), Column("reported_on"), Column("due_on"),
        Column("mediators", cell=lambda v, r: literal(joined((m["name"] for m in v), lang))),
    ]


@app.command("list")
def list_(
    site: Annotated[list[str] | None, typer.Option("--site", help="Site code (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", "-s", help="Status key or label (repeatable).")]
    = None,
    category: Annotated[list[str] | None, typer.Option("--category", "-c", help="Category (repeatable).")] = None,
    mediator: Annotated[str | None, typer.Option("--mediator", "-m", help="Handled by this mediator.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    reported_from: Annotated[str | None, typer.Option("--from", help="Reported on or after YYYY-MM-DD.")] = None,
    reported_to: Annotated[str | None, typer.Option("--to", help="Reported on or before YYYY-MM-DD.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open cases past their due date.")] = False,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Text in title, description or notes.")]
    = None,
    sort: Annotated[str, typer.Option("--sort", help="number, reported, due, status or updated; -KEY descends.")]
    = "number",
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most N rows (tables default to 100; 0 = all).")]
    = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
) -> None:
    """List cases with filters."""
    from redprop.domain.case_view import CASE_KEYS, CaseFilter, query
    from redprop.render.output import emit

    f = pick_format(fmt, as_json)
    effective = limit if limit is not None else (100 if f == "table" else None)
    rows, total = query(settings.store(), CaseFilter(
        sites=site, statuses=status, categories=category, mediator=mediator, source=source,
        reported_from=reported_from, reported_to=reported_to, overdue=overdue, search=search,
        sort=sort, limit=effective or None,
    ))
    emit(rows, f, _list_columns(settings.lang), settings.lang, keys=CASE_KEYS)
    if f == "table" and len(rows) < total:
        sys.stderr.write(f"共 {total} 件，显示 {len(rows)} 件；--limit 0 显示全部\n" if settings.lang == "zh"
                         else f"showing {len(rows)} of {total} cases; use --limit 0 for all\n")


@app.command("show")
def show(number: NumberArg, show_pii: ShowPiiOpt = False, fmt: FormatOpt = "table",
         as_json: JsonOpt = False) -> None:
    """Show a case with its parties, notes, return visits and timeline."""
    from redprop.domain import case_view
    from redprop.render.output import write_json

    f = pick_format(fmt, as_json, ("table", "json"))
    rec = case_view.show(settings.store(), number, show_pii)
    if f == "json":
        write_json(rec)
        return
    from redprop.cli.case_display import print_case
    from redprop.domain.categories import labels

    print_case(rec, settings.lang, labels(settings.store()))


@app.command("edit")
def edit(
    number: NumberArg,
    title: Annotated[str | None, typer.Option("--title")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    category: Annotated[str | None, typer.Option("--category", "-c")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="Amount in dispute, yuan.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="New due date; a later one needs --reason.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the due date is extended.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a case's fields; each change is logged old → new."""
    from redprop.domain import cases

    c = cases.edit(settings.store(write=True, by=by), number, cases.CaseEdit(
        title=title, description=description, category=category, source=source, amount=amount,
        due=due, reason=reason, add_tags=tag or [], remove_tags=untag or []))
    _print_case(c["number"], as_json)


@app.command("assign")
def assign(
    number: NumberArg,
    mediator: Annotated[list[str], typer.Option("--mediator", "-m", help="Mediator NAME (repeatable).")],
    date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Assign mediators; an open case starts mediating."""
    from redprop.domain import cases

    c = cases.assign(settings.store(write=True, by=by), number, mediator, date)
    _print_case(c["number"], as_json)


@app.command("note")
def note(
    number: NumberArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened.")],
    date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Add a note to the mediation record; an open case starts mediating."""
    from redprop.domain import cases

    c = cases.note(settings.store(write=True, by=by), number, text, date)
    _print_case(c["number"], as_json)


@app.command("resolve")
def resolve(
    number: NumberArg,
    outcome: Annotated[str, typer.Option("--outcome", help="written-agreement, oral-agreement, fixed or explained.")],
    agreed: Annotated[str | None, typer.Option("--agreed", help="Amount agreed, yuan.")] = None,
    date: DateOpt = None, note: NoteOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Mark a case resolved (调解成功)."""
    from redprop.domain import cases

    c = cases.resolve(settings.store(write=True, by=by), number, outcome, date, note, agreed)
    _print_case(c["number"], as_json)


@app.command("fail")
def fail_(
    number: NumberArg,
    referred_to: Annotated[str, typer.Option(
        "--referred-to", help="court, police, housing-bureau, property-company, arbitration or none.")] = "none",
    date: DateOpt = None, note: NoteOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Mark a case failed (调解不成) and where it was referred."""
    from redprop.domain import cases

    c = cases.fail(settings.store(write=True, by=by), number, referred_to, date, note)
    _print_case(c["number"], as_json)


@app.command("withdraw")
def withdraw(
    number: NumberArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the case ends.")] = None,
    date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Withdraw or terminate a case."""
    from redprop.domain import cases

    c = cases.withdraw(settings.store(write=True, by=by), number, date, reason)
    _print_case(c["number"], as_json)


@app.command("reopen")
def reopen(
    number: NumberArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is reopened.")] = None,
    date: DateOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Reopen a resolved, failed or closed case."""
    from redprop.domain import cases

    c = cases.reopen(settings.store(write=True, by=by), number, date, reason)
    _print_case(c["number"], as_json)


@app.command("visit")
def visit(
    number: NumberArg,
    fulfilment: Annotated[str, typer.Option("--fulfilment", help="done, partial or not.")],
    satisfaction: Annotated[str, typer.Option("--satisfaction", help="满意, 基本满意 or 不满意.")],
    date: DateOpt = None, note: NoteOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Record a return visit (回访)."""
    from redprop.domain import cases

    c = cases.visit(settings.store(write=True, by=by), number, fulfilment, satisfaction, date, note)
    _print_case(c["number"], as_json)


@app.command("close")
def close(
    number: NumberArg, date: DateOpt = None, note: NoteOpt = None, by: ByOpt = None, as_json: JsonOpt = False,
) -> None:
    """Close a case (结案); a resolved one needs a return visit first."""
    from redprop.domain import cases

    c = cases.close(settings.store(write=True, by=by), number, date, note)
    _print_case(c["number"], as_json)
