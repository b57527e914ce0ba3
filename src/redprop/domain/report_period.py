"""Report periods and scopes: what the user asked for, checked and resolved.

A period is a closed range of local calendar dates; a case's dates are local
dates too, so a case resolved on 31 October counts in October.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from redprop.domain import refs, validate
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    kind: str  # month | quarter | year | range

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label,
                "kind": self.kind}

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(y: int, m: int) -> date:
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return nxt - timedelta(days=1)


def month(y: int, m: int) -> Period:
    return Period(date(y, m, 1), _month_end(y, m), f"{y:04d}-{m:02d}", "month")


def quarter(y: int, q: int) -> Period:
    return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y:04d}Q{q}", "quarter")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), f"{y:04d}", "year")


def span(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "range")


def last_full_month(today: date) -> Period:
    first = today.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


def parse(
    today: date,
    month_: str | None = None,
    quarter_: str | None = None,
    year_: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Period:
    """The period named by exactly one of the options; by default the last full month."""
    given = [name for name, v in (("--month", month_), ("--quarter", quarter_), ("--year", year_))
             if v is not None]
    if date_from is not None or date_to is not None:
        given.append("--from/--to")
    if len(given) > 1:
        raise InvalidInput(given[0], f"give one period only, not {' and '.join(given)}")
    if month_ is not None:
        m = _MONTH_RE.match(month_.strip())
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
            raise InvalidInput("--month", f"{month_!r} is not a month; use YYYY-MM, e.g. 2026-10")
        return month(int(m.group(1)), int(m.group(2)))
    if quarter_ is not None:
        q = _QUARTER_RE.match(quarter_.strip())
        if not q or int(q.group(1)) < 1:
            raise InvalidInput("--quarter", f"{quarter_!r} is not a quarter; use YYYYQn, e.g. 2026Q3")
        return quarter(int(q.group(1)), int(q.group(2)))
    if year_ is not None:
        if not _YEAR_RE.match(year_.strip()) or int(year_) < 1:
            raise InvalidInput("--year", f"{year_!r} is not a year; use YYYY, e.g. 2026")
        return year(int(year_))
    if date_from is not None or date_to is not None:
        if date_from is None:
            raise InvalidInput("--from", "is required with --to")
        lo = validate.parse_date("--from", date_from)
        hi = validate.parse_date("--to", date_to) if date_to is not None else today
        if lo > hi:
            raise InvalidInput("--from", f"{lo.isoformat()} is after --to {hi.isoformat()}")
        return span(lo, hi)
    return last_full_month(today)


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a year without one
        return d.replace(year=d.year + years, day=28)


def previous(p: Period) -> Period:
    """The period of the same kind just before ``p`` (same length for a range)."""
    if p.kind == "month":
        d = p.start - timedelta(days=1)
        return month(d.year, d.month)
    if p.kind == "quarter":
        d = p.start - timedelta(days=1)
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if p.kind == "year":
        return year(p.start.year - 1)
    return span(p.start - timedelta(days=p.days), p.start - timedelta(days=1))


def year_ago(p: Period) -> Period:
    if p.kind == "month":
        return month(p.start.year - 1, p.start.month)
    if p.kind == "quarter":
        return quarter(p.start.year - 1, (p.start.month - 1) // 3 + 1)
    if p.kind == "year":
        return year(p.start.year - 1)
    start = _shift_year(p.start, -1)
    end = _shift_year(p.end, -1)
    if p.end.month == 2 and p.end.day == 28 and _month_end(end.year, 2).day == 29:
        end = end.replace(day=29)  # a range to the end of February ends there a year ago too
    return span(start, end)


def months(p: Period) -> list[Period]:
    """Calendar months overlapping ``p``, clipped to it."""
    out = []
    y, m = p.start.year, p.start.month
    while date(y, m, 1) <= p.end:
        whole = month(y, m)
        start, end = max(whole.start, p.start), min(whole.end, p.end)
        out.append(Period(start, end, whole.label, "month"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class Scope:
    """The sites a report covers and the filters that chose them."""

    sites: list[Row]
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def all_sites(self) -> bool:
        return not any(self.filters.values())

    @property
    def ids(self) -> list[int]:
        return [int(s["id"]) for s in self.sites]

    def to_dict(self) -> dict[str, Any]:
        return {"all": self.all_sites, **self.filters, "sites": [s["code"] for s in self.sites]}


def resolve_scope(
    store: Store,
    sites: list[str] | None = None,
    community: str | None = None,
    street: str | None = None,
    district: str | None = None,
) -> Scope:
    """Sites matching every filter given; an unknown site or area is invalid input."""
    where: list[str] = []
    params: list[Any] = []
    codes: list[str] = []
    if sites:
        for s in sites:
            code = refs.site(store, s)["code"]
            if code not in codes:
                codes.append(code)
        where.append(f"code IN ({','.join('?' * len(codes))})")
        params += codes
    for col, value in (("community", community), ("street", street), ("district", district)):
        if value is None:
            continue
        v = validate.required_text(f"--{col}", value)
        if not store.scalar(f"SELECT 1 FROM sites WHERE {col} = ?", [v]):
            known = [r[col] for r in store.rows(
                f"SELECT DISTINCT {col} FROM sites WHERE {col} IS NOT NULL ORDER BY {col} LIMIT 20")]
            hint = f"known: {', '.join(known)}" if known else "no site records one"
            raise InvalidInput(f"--{col}", f"no site is in {col} {v!r}; {hint}")
        where.append(f"{col} = ?")
        params.append(v)
    sql = "SELECT id, code, name, community, street, district, level FROM sites"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = store.rows(sql + " ORDER BY code", params)
    filters = {"site": codes or None, "community": community, "street": street, "district": district}
    return Scope(rows, filters)
