"""The two printable HTML pages (report and minutes), read back as HTML: what a browser would lay out.

Found by looking at the pages in headless Chromium, on screen and printed to A4: empty sections
as bare headings, a 0-point "leader", a chart frame with no bars, English chart labels cut at the
left edge, a one-month trend drawn as two slabs, case numbers broken at their hyphens.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from conftest import add_case, make_site
from redprop.domain import cases, meetings

ALL_SECTIONS = ("--by", "site", "--by", "category", "--by", "type", "--by", "source", "--by", "mediator",
                "--by", "month", "--by", "company", "--by", "ranking")


class Page(HTMLParser):
    """Tables as rows of (tr attributes, [(td class, text)]), and every svg's elements."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[dict[str, str | None], list[tuple[str, str]]]]] = []
        self.svgs: list[list[tuple[str, dict[str, str | None], str]]] = []
        self._in_body = False
        self._cell: list[str] | None = None
        self._cell_class = ""
        self._svg_el: tuple[str, dict[str, str | None], list[str]] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[-1].append((a, []))
        elif tag == "td" and self._in_body:
            self._cell, self._cell_class = [], a.get("class") or ""
        elif tag == "svg":
            self.svgs.append([("svg", a, "")])
        elif self.svgs and tag in ("text", "rect", "line") and self._svg_el is None:
            self._svg_el = (tag, a, [])
            if tag != "text":
                self.svgs[-1].append((tag, a, ""))
                self._svg_el = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.svgs and tag in ("rect", "line"):
            self.svgs[-1].append((tag, dict(attrs), ""))
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.tables[-1][-1][1].append((self._cell_class, "".join(self._cell)))
            self._cell = None
        elif tag == "text" and self._svg_el is not None:
            name, a, text = self._svg_el
            self.svgs[-1].append((name, a, "".join(text)))
            self._svg_el = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._svg_el is not None:
            self._svg_el[2].append(data)


def test_report_on_an_empty_desk_says_none_and_crowns_nobody(cli: Any, store: Any) -> None:
    make_site(store, "XX", "空小区")
    r = cli("report", "--year", "2026", *ALL_SECTIONS, "-f", "html")
    assert r.exit_code == 0, r
    page = Page(r.stdout)
    # No empty axes: there is nothing to draw.
    assert page.svgs == [] and "<svg" not in r.stdout
    for table in page.tables:
        assert table, "a table with a heading and no rows"
    none_rows = [cells for t in page.tables for _, cells in t if [text for _, text in cells] == ["none"]]
    assert len(none_rows) == 3  # category, type, company
    ranking = page.tables[-1]
    assert [text for _, text in ranking[0][1]][:3] == ["1", "XX", "空小区"]
    assert all("lead" not in (attrs.get("class") or "") for t in page.tables for attrs, _ in t)


def test_report_charts_fit_their_labels_and_scale(cli: Any, store: Any) -> None:
    make_site(store)
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        add_case(store, category="ebike", reported=day)
    cases.resolve(store, add_case(store, category="leak", reported="2026-03-05"), "oral", "2026-03-10")
    r = cli("report", "--month", "2026-03", *ALL_SECTIONS, "-f", "html")
    assert r.exit_code == 0, r
    page = Page(r.stdout)
    bars, trend = page.svgs
    label = next((a, t) for name, a, t in bars if t == "e-bike parking and charging")
    # Right-anchored at x: the text needs about 0.6 em a letter to its left, inside the picture.
    assert float(label[0]["x"] or 0) >= len(label[1]) * 12 * 0.6
    # One month: two bars of a sensible width, on a scale from 0 with gridlines.
    month_bars = [a for name, a, _ in trend if name == "rect" and float(a.get("height") or 0) > 10]
    assert len(month_bars) == 2 and all(float(a["width"] or 0) <= 24 for a in month_bars)
    ticks = [t for name, a, t in trend if name == "text" and a.get("font-size") == "10"]
    assert ticks[0] == "0" and int(ticks[-2]) >= 4 and ticks[-1] == "26-03"
    assert sum(1 for name, _, _ in trend if name == "line") >= 2
    # Both scale down with their column, never up.
    for svg in page.svgs:
        attrs = svg[0][1]
        assert attrs["style"] == f"max-width:{attrs['width']}px" and attrs["viewbox"]
    assert re.search(r"\.charts svg \{[^}]*width: 100%", r.stdout)
    # The month column never breaks 2026-03 into 2026- / 03.
    month_table = next(t for t in page.tables if t and t[0][1][0][1] == "2026-03")
    assert month_table[0][1][0][0] == "t nw"


def test_minutes_keep_numbers_and_dates_whole_and_text_literal(desk: Any, cli: Any) -> None:
    case = add_case(desk, category="throwing", title="高空抛物", reported="2026-03-01")
    m = str(meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2026-03-12", host="周丽萍"))["number"])
    meetings.add_item(desk, m, "security", "<b>x-1</b> & 高空抛物", case_numbers=[case])
    decision = meetings.decide(desk, m, meetings.NewDecision(due="2026-03-20", text="加装探头",
                                                             unit="物业公司"))["number"]
    r = cli("meeting", "minutes", m, "-f", "html")
    assert r.exit_code == 0, r
    for code in (case, str(decision), "2026-03-20", m):
        assert f'<span class="nw">{code}</span>' in r.stdout, code
    assert "<b>" not in r.stdout and "&lt;b&gt;" in r.stdout
    cells = [text for t in Page(r.stdout).tables for _, row in t for _, text in row]
    assert "<b>x-1</b> & 高空抛物" in cells and case in cells
    assert "@page{size:A4" in r.stdout and ".nw{white-space:nowrap}" in r.stdout


def test_chart_label_past_the_cap_is_shortened_with_the_whole_name_in_its_title() -> None:
    from redprop.render.report_html import svg_hbars

    long = "很长的自定义类别名称" * 4
    svg = Page(svg_hbars([(long, 2), ("噪音", 1)], "<类别>")).svgs[0]
    texts = [t for name, _, t in svg if name == "text"]
    assert texts[0] == "<类别>" and texts[2] == "2" and texts[3] == "噪音"
    shown, whole = texts[1].split("…")
    assert long.startswith(shown) and whole == long  # the <title> child carries it whole
    assert float(svg[0][1]["width"] or 0) <= 300 + 330 + 30
