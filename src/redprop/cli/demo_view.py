"""What `redprop demo` shows when it has filled the database: the desk's view."""

from rich.table import Table

from redprop.domain import vocab
from redprop.domain.case_view import CaseFilter, query
from redprop.domain.demo import DemoSummary, highlights
from redprop.render.tables import build_table, console
from redprop.render.text import literal
from redprop.store.db import Store


def show_desk(store: Store, summary: DemoSummary, lang: str) -> None:
    from redprop.cli.cases import _list_columns

    con = console()
    zh = lang == "zh"
    if summary.already_filled:
        con.print(literal(f"{store.path} 已有演示数据，未重复写入" if zh
                          else f"{store.path} already holds the demo; nothing was added"))
    if summary.already_filled:
        head = (f"演示数据 {store.path}：{summary.cases} 件案件" if zh
                else f"Demo data in {store.path}: {summary.cases} cases")
    else:
        head = (f"演示数据已写入 {store.path}：{summary.year} 年至今，{summary.cases} 件案件" if zh
                else f"Demo data written to {store.path}: {summary.year} to date, {summary.cases} cases")
    con.print(literal(head, style="bold"))
    t = Table(header_style="bold")
    t.add_column(literal("状态" if zh else "Status"))
    t.add_column(literal("件数" if zh else "Cases"), justify="right")
    for key in vocab.STATUS.keys:
        t.add_row(literal(vocab.STATUS.label(key, lang)), literal(str(summary.by_status.get(key, 0))))
    con.print(t)
    overdue, total = query(store, CaseFilter(overdue=True, sort="due", limit=10))
    if total > len(overdue):
        title = f"超期待办（共 {total} 件，显示前 {len(overdue)} 件）" if zh else \
            f"Overdue cases ({total}, first {len(overdue)} shown)"
    else:
        title = f"超期待办（共 {total} 件）" if zh else f"Overdue cases ({total})"
    con.print(build_table(overdue, _list_columns(lang), lang, title=title))
    _programme(store, summary, lang)
    con.print(literal("下一步: redprop case list --site XH --status mediating ; redprop case show <编号>" if zh
                      else "Next: redprop case list --site XH --status mediating ; redprop case show <number>"))


def _programme(store: Store, summary: DemoSummary, lang: str) -> None:
    h = highlights(store, summary.year)
    if not h:
        return
    zh = lang == "zh"
    con = console()
    con.print(literal(
        f"星河国际 {h['year']} 年：七点半议事厅召开 {h['meetings_held']} 次，调解成功 {h['resolved']} 件" if zh
        else f"星河国际 in {h['year']}: {h['meetings_held']} council meetings, {h['resolved']} cases resolved"))
    nxt = h["next_meeting"]
    if nxt:
        con.print(literal(f"下次议事厅 {nxt['number']}（{nxt['held_on']}）：redprop meeting agenda {nxt['number']}"
                          if zh else f"Next council {nxt['number']} ({nxt['held_on']}): "
                                     f"redprop meeting agenda {nxt['number']}"))
    con.print(literal(f"年度统计：redprop report --year {h['year']} --by ranking" if zh
                      else f"Year's figures: redprop report --year {h['year']} --by ranking"))
