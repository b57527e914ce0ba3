"""`redprop report`: monthly, quarterly, yearly or any-range figures for a scope of sites."""

from __future__ import annotations

from typing import Annotated

import typer

from redprop.cli.context import settings
from redprop.cli.options import JsonOpt

REPORT_FORMATS = ("table", "json", "ndjson", "csv", "markdown", "html")

app = typer.Typer()


@app.command("report")
def report(
    month: Annotated[str | None, typer.Option("--month", help="A month, YYYY-MM (default: the last full month).")]
    = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help="A quarter, e.g. 2026Q3.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="A calendar year, YYYY.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default today).")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="Site code (repeatable).")] = None,
    community: Annotated[str | None, typer.Option("--community", help="Only sites of this community.")] = None,
    street: Annotated[str | None, typer.Option("--street", help="Only sites of this street (街道).")] = None,
    district: Annotated[str | None, typer.Option("--district", help="Only sites of this district (区).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="table, json, ndjson, csv, markdown or html.")] = "table",
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="SECTION",
        help="Breakdowns to show (repeatable): site, category, type, source, mediator, month, and the "
             "extra company (物业公司) and ranking (排名). Default: all but the extras.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Figures for the street office, housing bureau and justice office: counters, breakdowns, trend.

    JSON, NDJSON and CSV always carry every standard breakdown, plus the extras asked for
    with --by; the other formats show the breakdowns named by --by.
    """
    from redprop.cli.options import pick_format
    from redprop.clock import today
    from redprop.domain import report as rep
    from redprop.domain import report_period

    f = pick_format(fmt, as_json, REPORT_FORMATS)
    period = report_period.parse(today(), month, quarter, year, date_from, date_to)
    store = settings.store()
    scope = report_period.resolve_scope(store, site, community, street, district)
    lang = settings.lang
    sections = rep.sections(by)
    data = rep.build(store, period, scope, lang, extra=sections)
    if f == "json":
        from redprop.render.output import write_json

        write_json(data)
    elif f == "ndjson":
        from redprop.render.report_text import write_ndjson

        write_ndjson(data)
    elif f == "csv":
        from redprop.render.report_text import write_csv

        write_csv(data)
    elif f == "markdown":
        from redprop.render.report_text import write_markdown

        write_markdown(data, lang, sections)
    elif f == "html":
        from redprop.render.report_html import write_html

        write_html(data, lang, sections)
    else:
        from redprop.render.report_table import print_report

        print_report(data, lang, sections)
