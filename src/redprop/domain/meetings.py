"""Meetings (七点半议事厅 / 联席会议 / 联盟会议): attendance, agenda, decisions.

A meeting is numbered after its first site, e.g. ``XH-M2025-03``, and moves
planned → held → closed (minutes signed); a planned meeting may be cancelled.
Attendance, agenda items and decisions can be recorded until the minutes are
signed; a decision's progress is followed up afterwards, at later meetings.

A decision is stored as open, in progress or done; "overdue" is computed from
its deadline, like a case's. Decisions not done carry over: every later
meeting of the same site reviews them until they are done.

Every public function is one ``Store.write()`` transaction and logs an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from redprop.clock import now_iso, today
from redprop.domain import cases, refs, validate, vocab
from redprop.errors import InvalidInput, NotAllowed, NotFound
from redprop.store.db import Row, Store, new_uuid

DEFAULT_TIME = "19:30"
#: The council meets every half month; a case due within this many days of a
#: meeting falls before the next one.
HALF_MONTH_DAYS = 15

_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")
_NUMBER_RE = re.compile(r"^[A-Z][A-Z0-9]{0,11}-M\d{4}-\d{2,}$")
_DECISION_RE = re.compile(r"^([A-Z][A-Z0-9]{0,11}-M\d{4}-\d{2,})-D(\d+)$")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "planned": ("held", "cancelled"),
    "held": ("closed",),
    "closed": (),
    "cancelled": (),
}
COMMAND_FOR = {"held": "meeting hold", "closed": "meeting close", "cancelled": "meeting cancel"}

#: Which agenda section a case category is discussed under (by key, then by statistics type).
SECTION_BY_CATEGORY = {
    "throwing": "security", "group-rental": "security",
    "illegal-build": "current", "ebike": "current", "retrofit": "current", "waste": "current",
    "service": "service", "fee": "service", "parking": "service", "elevator": "service",
    "common-income": "service", "repair-fund": "service", "owners-body": "service",
}
SECTION_BY_STAT_TYPE = {"property": "service", "neighbour": "difficulties", "damages": "difficulties"}

#: Responsible unit proposed for a decision on a case in each section.
UNIT_FOR_SECTION = {"security": "片区民警", "service": "物业公司", "current": "社区",
                    "difficulties": "社区", "review": "社区"}


# -- look-ups -------------------------------------------------------------------

def get_row(store: Store, number: str, field_name: str = "MEETING") -> Row:
    v = number.strip().upper()
    row = store.row("SELECT * FROM meetings WHERE number = ? OR uuid = ?", [v, number.strip()])
    if row is None:
        if len(number.strip()) != 36 and not _NUMBER_RE.match(v):
            raise InvalidInput(field_name, f"{number!r} is not a meeting number; they look like XH-M2025-01")
        raise NotFound(f"no meeting {v!r}; list meetings with `redprop meeting list`")
    return row


def decision_row(store: Store, number: str, field_name: str = "DECISION") -> Row:
    v = number.strip().upper()
    row = store.row("SELECT * FROM decisions WHERE number = ? OR uuid = ?", [v, number.strip()])
    if row is None:
        if len(number.strip()) != 36 and not _DECISION_RE.match(v):
            raise InvalidInput(field_name, f"{number!r} is not a decision number; they look like XH-M2025-01-D1")
        raise NotFound(f"no decision {v!r}; list decisions with `redprop decision list`")
    return row


def _site_ids(store: Store, meeting_id: int) -> list[int]:
    return [r["site_id"] for r in store.rows(
        "SELECT site_id FROM meeting_sites WHERE meeting_id = ? ORDER BY site_id", [meeting_id])]


def parse_time(value: str | None) -> str:
    if value is None:
        return DEFAULT_TIME
    m = _TIME_RE.match(value.strip())
    if not m:
        raise InvalidInput("--time", f"{value!r} is not a time; use HH:MM, e.g. 19:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _editable(meeting: Row) -> None:
    if meeting["status"] in ("closed", "cancelled"):
        what = "its minutes are signed" if meeting["status"] == "closed" else "it was cancelled"
        raise NotAllowed(
            f"meeting {meeting['number']} is {meeting['status']} ({what}); attendance, items and "
            "decisions can only be recorded while it is planned or held"
        )


def _log(store: Store, meeting: Row, action: str, changes: dict[str, Any]) -> None:
    store.log("meeting", meeting["uuid"], action, ref=meeting["number"], changes=changes)


# -- meetings -------------------------------------------------------------------

@dataclass
class NewMeeting:
    sites: list[str]
    kind: str = "council"
    on: str | None = None
    time: str | None = None
    place: str | None = None
    host: str | None = None
    recorder: str | None = None
    note: str | None = None


def add(store: Store, new: NewMeeting) -> Row:
    if not new.sites:
        raise InvalidInput("--site", "give at least one site")
    kind = vocab.MEETING_KIND.parse(new.kind, "--kind")
    held_on = validate.optional_date("--date", new.on, today())
    time = parse_time(new.time)
    place = validate.text("--place", new.place, max_len=100, required=False)
    host = validate.text("--host", new.host, required=False)
    recorder = validate.text("--recorder", new.recorder, required=False)
    note = validate.text("--note", new.note, max_len=validate.MAX_TEXT, required=False, multiline=True)
    with store.write():
        site_rows = list({r["id"]: r for r in (refs.site(store, s) for s in new.sites)}.values())
        first = site_rows[0]
        seq = store.scalar("SELECT coalesce(max(seq), 0) + 1 FROM meetings WHERE site_id = ? AND year = ?",
                           [first["id"], held_on.year])
        at = now_iso()
        rec: Row = {
            "uuid": new_uuid(), "number": f"{first['code']}-M{held_on.year}-{seq:02d}",
            "site_id": first["id"], "year": held_on.year, "seq": seq, "kind": kind,
            "held_on": held_on.isoformat(), "time": time, "place": place, "host": host,
            "recorder": recorder, "status": "planned", "note": note, "created_at": at, "updated_at": at,
        }
        rec["id"] = store.insert("meetings", rec)
        for s in site_rows:
            store.insert("meeting_sites", {"meeting_id": rec["id"], "site_id": s["id"]})
        _log(store, rec, "meeting.add", {
            "sites": [s["code"] for s in site_rows], "kind": kind, "date": rec["held_on"], "time": time,
            "place": place, "host": host, "recorder": recorder, "note": note})
    return rec


def _move(store: Store, meeting: Row, target: str, on: date) -> None:
    allowed = TRANSITIONS[meeting["status"]]
    if target not in allowed:
        if allowed:
            hint = "from {} it can move to: {}".format(
                meeting["status"], ", ".join(f"{t} (`{COMMAND_FOR[t]}`)" for t in allowed))
        else:
            hint = f"{meeting['status']} is final; nothing can move it"
        raise NotAllowed(f"meeting {meeting['number']} is {meeting['status']} and cannot move to {target}; {hint}")
    store.update("meetings", meeting["id"], {"status": target, "status_on": on.isoformat(),
                                             "updated_at": now_iso()})
    _log(store, meeting, "meeting.move", {"status": [meeting["status"], target], "on": on.isoformat()})
    meeting["status"] = target


def _step_date(option: str, value: str | None, meeting: Row) -> date:
    d = validate.optional_date(option, value, max(today(), date.fromisoformat(meeting["held_on"])))
    if d.isoformat() < meeting["held_on"]:
        raise InvalidInput(option, f"{d} is before the meeting date {meeting['held_on']}")
    return d


def hold(store: Store, number: str, on: str | None = None) -> Row:
    """Record that the meeting took place (on its date)."""
    with store.write():
        m = get_row(store, number)
        if m["held_on"] > today().isoformat() and m["status"] == "planned":
            raise NotAllowed(f"meeting {m['number']} is planned for {m['held_on']}, after today "
                             f"{today().isoformat()}; it can be marked held on or after that day")
        d = _step_date("--date", on, m)
        _move(store, m, "held", d)
    return m


def close(store: Store, number: str, on: str | None = None) -> Row:
    """Sign the minutes; afterwards only decisions' progress changes."""
    with store.write():
        m = get_row(store, number)
        d = _step_date("--date", on, m)
        _move(store, m, "closed", d)
    return m


def cancel(store: Store, number: str, reason: str | None = None) -> Row:
    why = validate.text("--reason", reason, max_len=500, required=False)
    with store.write():
        m = get_row(store, number)
        _move(store, m, "cancelled", today())
        if why:
            _log(store, m, "meeting.note", {"reason": why})
    return m


# -- attendance -------------------------------------------------------------------

def attend(store: Store, number: str, name: str, role: str, organisation: str | None = None,
           absent_reason: str | None = None, absent: bool = False) -> Row:
    """Record one attendee; with ``absent`` (and a reason) an absentee."""
    who = validate.required_text("--name", name)
    r = vocab.ATTENDEE_ROLE.parse(role, "--role")
    org = validate.text("--org", organisation, max_len=100, required=False)
    reason = validate.text("--reason", absent_reason, max_len=200, required=False)
    if reason and not absent:
        absent = True
    if absent and not reason:
        raise InvalidInput("--reason", "an absentee is recorded with the reason for the absence")
    with store.write():
        m = get_row(store, number)
        _editable(m)
        if store.scalar("SELECT 1 FROM meeting_attendees WHERE meeting_id = ? AND name = ? AND role = ?",
                        [m["id"], who, r]):
            raise InvalidInput("--name", f"{who} ({r}) is already on the attendance of {m['number']}")
        rec = {"uuid": new_uuid(), "meeting_id": m["id"], "name": who, "role": r, "organisation": org,
               "present": 0 if absent else 1, "absence_reason": reason, "created_at": now_iso()}
        store.insert("meeting_attendees", rec)
        _log(store, m, "meeting.attend", {"name": who, "role": r, "organisation": org,
                                          "present": not absent, "absence_reason": reason})
    return rec


# -- agenda -------------------------------------------------------------------------

@dataclass
class Proposal:
    section: str
    title: str
    cases: list[Row] = field(default_factory=list)
    decision: Row | None = None
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def record(self) -> Row:
        return {
            "section": self.section, "title": self.title,
            "decision": self.decision["number"] if self.decision else None,
            "cases": [{"number": c["number"], "title": c["title"], "status": c["status"],
                       "due_on": c["due_on"], "reasons": self.reasons.get(c["number"], [])}
                      for c in self.cases],
        }


def open_decisions(store: Store, site_ids: list[int], before: str, as_of: str | None = None) -> list[Row]:
    """Decisions of meetings before ``before`` at any of ``site_ids`` not done as of ``as_of``."""
    as_of = as_of or before
    if not site_ids:
        return []
    marks = ",".join("?" * len(site_ids))
    return store.rows(
        "SELECT d.*, m.number AS meeting, m.held_on AS meeting_on, c.number AS case_number FROM decisions d "
        "JOIN meetings m ON m.id = d.meeting_id LEFT JOIN cases c ON c.id = d.case_id "
        f"WHERE m.held_on < ? AND m.status IN ('held', 'closed', 'planned') AND m.id IN "
        f"(SELECT meeting_id FROM meeting_sites WHERE site_id IN ({marks})) "
        "AND (d.done_on IS NULL OR d.done_on > ?) ORDER BY m.held_on, d.seq",
        [before, *site_ids, as_of],
    )


def _section_for(category: str, stat_type: str) -> str:
    return SECTION_BY_CATEGORY.get(category) or SECTION_BY_STAT_TYPE.get(stat_type, "difficulties")


def propose(store: Store, site_ids: list[int], on: date, lang: str = "zh",
            next_days: int = HALF_MONTH_DAYS) -> list[Proposal]:
    """The agenda proposed for a meeting on ``on`` at ``site_ids``.

    1. review: every decision of an earlier meeting not yet done (carry-over);
    2. then by section, one item per case category: the sites' open cases,
       marked overdue or due before the next meeting (``on + next_days``).
    Sections run in the council's order; within one, categories with more overdue
    cases come first.
    """
    day = on.isoformat()
    nxt = (on + timedelta(days=next_days)).isoformat()
    items: list[Proposal] = []
    for d in open_decisions(store, site_ids, day):
        late = d["due_on"] < day
        label = vocab.DECISION_STATUS.label("overdue" if late else d["status"], lang)
        if lang == "zh":
            title = f"{d['number']} {d['text']}（{d['unit']}，期限 {d['due_on']}，{label}）"
        else:
            title = f"{d['number']} {d['text']} ({d['unit']}, due {d['due_on']}, {label})"
        linked = store.rows("SELECT id, number, title, status, due_on FROM cases WHERE id = ?",
                            [d["case_id"]]) if d["case_id"] else []
        items.append(Proposal("review", title, linked, d))
    if not site_ids:
        return items
    marks = ",".join("?" * len(site_ids))
    rows = store.rows(
        "SELECT c.id, c.number, c.title, c.status, c.due_on, c.reported_on, k.key AS category, "
        "k.zh, k.en, k.stat_type FROM cases c JOIN categories k ON k.id = c.category_id "
        # Active on the meeting's day: reported by then and not yet finished (so an
        # agenda proposed for a past meeting sees the cases as they were).
        f"WHERE c.site_id IN ({marks}) AND c.reported_on <= ? AND "
        "coalesce(c.resolved_on, c.failed_on, c.withdrawn_on, c.closed_on, '9999-12-31') > ? "
        "ORDER BY c.due_on, c.id",
        [*site_ids, day, day],
    )
    groups: dict[str, Proposal] = {}
    counts: dict[str, list[int]] = {}
    for r in rows:
        reasons = ["overdue"] if r["due_on"] < day else (["due-before-next"] if r["due_on"] <= nxt else [])
        p = groups.get(r["category"])
        if p is None:
            p = groups[r["category"]] = Proposal(_section_for(r["category"], r["stat_type"]),
                                                  r["zh"] if lang == "zh" else r["en"])
            counts[r["category"]] = [0, 0, 0]
        p.cases.append(r)
        p.reasons[r["number"]] = ["open", *reasons]
        c = counts[r["category"]]
        c[0] += 1
        c[1] += "overdue" in reasons
        c[2] += "due-before-next" in reasons
    order = {k: i for i, k in enumerate(vocab.AGENDA_SECTION.keys)}
    for key, p in groups.items():
        n, late, soon = counts[key]
        if lang == "zh":
            p.title += f"：在办 {n} 件" + (f"，超期 {late} 件" if late else "") + (
                f"，下次会前到期 {soon} 件" if soon else "")
        else:
            p.title += f": {n} open" + (f", {late} overdue" if late else "") + (
                f", {soon} due before the next meeting" if soon else "")
    ranked = sorted(groups.items(), key=lambda kv: (order[kv[1].section], -counts[kv[0]][1],
                                                     -counts[kv[0]][0], kv[0]))
    items.extend(p for _, p in ranked)
    return items


def propose_for(store: Store, number: str | None = None, sites: list[str] | None = None,
                on: str | None = None, lang: str = "zh") -> tuple[Row | None, list[Proposal]]:
    """Propose for an existing meeting, or for a new one at ``sites`` on ``on``."""
    if number:
        m = get_row(store, number)
        return m, propose(store, _site_ids(store, m["id"]), date.fromisoformat(m["held_on"]), lang)
    if not sites:
        raise InvalidInput("--site", "give a meeting number or at least one --site")
    d = validate.optional_date("--date", on, today())
    ids = list(dict.fromkeys(refs.site(store, s)["id"] for s in sites))
    return None, propose(store, ids, d, lang)


def save_agenda(store: Store, number: str, drop: list[int] | None = None, lang: str = "zh") -> list[Row]:
    """Store the proposed agenda as the meeting's items, leaving out the ``drop`` positions (1-based)."""
    dropped = set(drop or [])
    with store.write():
        m = get_row(store, number)
        _editable(m)
        if store.scalar("SELECT 1 FROM agenda_items WHERE meeting_id = ? AND dropped = 0", [m["id"]]):
            raise NotAllowed(f"meeting {m['number']} already has agenda items; add more with "
                             f"`redprop meeting item add` or drop them with `redprop meeting item drop`")
        proposals = propose(store, _site_ids(store, m["id"]), date.fromisoformat(m["held_on"]), lang)
        bad = sorted(i for i in dropped if not 1 <= i <= len(proposals))
        if bad:
            raise InvalidInput("--drop", f"{bad[0]} is not a proposed item; the proposal has "
                               f"{len(proposals)} items (1-{len(proposals)})")
        saved = []
        for i, p in enumerate(proposals, 1):
            if i in dropped:
                continue
            saved.append(_add_item(store, m, p.section, p.title, None, None, None,
                                   [c["id"] for c in p.cases], p.decision["id"] if p.decision else None))
    return saved


def _add_item(store: Store, m: Row, section: str, title: str, proposer: str | None,
              discussion: str | None, vote: str | None, case_ids: list[int],
              decision_id: int | None = None) -> Row:
    seq = store.scalar("SELECT coalesce(max(seq), 0) + 1 FROM agenda_items WHERE meeting_id = ?", [m["id"]])
    at = now_iso()
    rec: Row = {"uuid": new_uuid(), "meeting_id": m["id"], "seq": seq, "section": section, "title": title,
                "proposer": proposer, "discussion": discussion, "vote": vote,
                "review_decision_id": decision_id, "dropped": 0, "created_at": at, "updated_at": at}
    rec["id"] = store.insert("agenda_items", rec)
    for cid in dict.fromkeys(case_ids):
        store.insert("agenda_item_cases", {"item_id": rec["id"], "case_id": cid})
    numbers = [store.scalar("SELECT number FROM cases WHERE id = ?", [c]) for c in dict.fromkeys(case_ids)]
    _log(store, m, "meeting.item", {"item": seq, "section": section, "title": title, "proposer": proposer,
                                    "discussion": discussion, "vote": vote, "cases": numbers})
    return rec


def _case_ids(store: Store, numbers: list[str], site_ids: list[int]) -> list[int]:
    ids = []
    for n in numbers:
        c = refs.case(store, n, "--case")
        if c["site_id"] not in site_ids:
            raise InvalidInput("--case", f"case {c['number']} is not at a site of this meeting")
        ids.append(c["id"])
    return ids


def add_item(store: Store, number: str, section: str, title: str, proposer: str | None = None,
             discussion: str | None = None, vote: str | None = None,
             case_numbers: list[str] | None = None) -> Row:
    sec = vocab.AGENDA_SECTION.parse(section, "--section")
    t = validate.required_text("--title", title, max_len=validate.MAX_TITLE)
    prop = validate.text("--proposer", proposer, required=False)
    disc = validate.text("--discussion", discussion, max_len=validate.MAX_TEXT, required=False, multiline=True)
    v = validate.text("--vote", vote, max_len=100, required=False)
    with store.write():
        m = get_row(store, number)
        _editable(m)
        ids = _case_ids(store, case_numbers or [], _site_ids(store, m["id"]))
        return _add_item(store, m, sec, t, prop, disc, v, ids)


def _item(store: Store, m: Row, seq: int, option: str = "--item") -> Row:
    row = store.row("SELECT * FROM agenda_items WHERE meeting_id = ? AND seq = ?", [m["id"], seq])
    if row is None:
        n = store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [m["id"]])
        raise InvalidInput(option, f"meeting {m['number']} has no item {seq}; it has {n} items")
    return row


def edit_item(store: Store, number: str, seq: int, discussion: str | None = None,
              vote: str | None = None, proposer: str | None = None,
              case_numbers: list[str] | None = None) -> Row:
    """Record the discussion and vote of an item, or link more cases to it."""
    changes: Row = {}
    if discussion is not None:
        changes["discussion"] = validate.text("--discussion", discussion, max_len=validate.MAX_TEXT,
                                              required=False, multiline=True)
    if vote is not None:
        changes["vote"] = validate.text("--vote", vote, max_len=100, required=False)
    if proposer is not None:
        changes["proposer"] = validate.text("--proposer", proposer, required=False)
    with store.write():
        m = get_row(store, number)
        _editable(m)
        item = _item(store, m, seq, "ITEM")
        ids = _case_ids(store, case_numbers or [], _site_ids(store, m["id"]))
        if not changes and not ids:
            raise InvalidInput("options", "nothing to change; give --discussion, --vote, --proposer or --case")
        if changes:
            store.update("agenda_items", item["id"], {**changes, "updated_at": now_iso()})
        for cid in ids:
            store.execute("INSERT OR IGNORE INTO agenda_item_cases (item_id, case_id) VALUES (?, ?)",
                          [item["id"], cid])
        _log(store, m, "meeting.item.edit", {"item": seq, **{k: [item[k], v] for k, v in changes.items()},
                                             "cases": case_numbers or []})
        item.update(changes)
    return item


def drop_item(store: Store, number: str, seq: int, reason: str | None = None) -> Row:
    why = validate.text("--reason", reason, max_len=200, required=False)
    with store.write():
        m = get_row(store, number)
        _editable(m)
        item = _item(store, m, seq, "ITEM")
        if item["dropped"]:
            raise NotAllowed(f"item {seq} of {m['number']} is already dropped")
        store.update("agenda_items", item["id"], {"dropped": 1, "updated_at": now_iso()})
        _log(store, m, "meeting.item.drop", {"item": seq, "title": item["title"], "reason": why})
    return item


def raise_case(store: Store, number: str, new: cases.NewCase, item: int | None = None) -> Row:
    """A new problem raised at the meeting becomes a case with source ``meeting``.

    The case is reported on the meeting date and linked to ``item`` (or to a
    new item in the residents' difficulties section).
    """
    with store.write():
        m = get_row(store, number)
        _editable(m)
        if m["held_on"] > today().isoformat():
            raise NotAllowed(f"meeting {m['number']} is on {m['held_on']}, after today; "
                             "problems are raised at the meeting itself")
        site_ids = _site_ids(store, m["id"])
        site = refs.site(store, new.site)
        if site["id"] not in site_ids:
            raise InvalidInput("--site", f"{site['code']} is not a site of meeting {m['number']}")
        new.source = "meeting"
        new.reported = new.reported or m["held_on"]
        rec = cases.add(store, new)
        if item is not None:
            it = _item(store, m, item)
            store.insert("agenda_item_cases", {"item_id": it["id"], "case_id": rec["id"]})
            _log(store, m, "meeting.item.edit", {"item": item, "cases": [rec["number"]]})
        else:
            _add_item(store, m, "difficulties", rec["title"], None, None, None, [rec["id"]])
    return rec


# -- decisions ----------------------------------------------------------------------

@dataclass
class NewDecision:
    text: str
    unit: str
    due: str
    person: str | None = None
    item: int | None = None
    case: str | None = None
    resolves_case: bool = False
    outcome: str = "fixed"


def decide(store: Store, number: str, new: NewDecision) -> Row:
    """Record a decision (议定事项); with ``resolves_case`` its completion resolves the linked case."""
    text = validate.required_text("--text", new.text, max_len=validate.MAX_TITLE)
    unit = validate.required_text("--unit", new.unit, max_len=100)
    person = validate.text("--person", new.person, required=False)
    due = validate.parse_date("--due", new.due)
    outcome = vocab.OUTCOME.parse(new.outcome, "--outcome") if new.resolves_case else None
    if new.resolves_case and not new.case:
        raise InvalidInput("--resolves-case", "needs the case it resolves (--case NUMBER)")
    with store.write():
        m = get_row(store, number)
        _editable(m)
        if due.isoformat() < m["held_on"]:
            raise InvalidInput("--due", f"{due} is before the meeting date {m['held_on']}; "
                               "a deadline falls on or after the meeting")
        item = _item(store, m, new.item) if new.item is not None else None
        case_id = None
        case_number = None
        if new.case:
            case_id = _case_ids(store, [new.case], _site_ids(store, m["id"]))[0]
            case_number = store.scalar("SELECT number FROM cases WHERE id = ?", [case_id])
            if item is not None:
                store.execute("INSERT OR IGNORE INTO agenda_item_cases (item_id, case_id) VALUES (?, ?)",
                              [item["id"], case_id])
        seq = store.scalar("SELECT coalesce(max(seq), 0) + 1 FROM decisions WHERE meeting_id = ?", [m["id"]])
        at = now_iso()
        rec: Row = {"uuid": new_uuid(), "number": f"{m['number']}-D{seq}", "meeting_id": m["id"],
                    "item_id": item["id"] if item else None, "seq": seq, "text": text, "unit": unit,
                    "person": person, "due_on": due.isoformat(), "status": "open", "case_id": case_id,
                    "case_outcome": outcome, "created_at": at, "updated_at": at}
        rec["id"] = store.insert("decisions", rec)
        store.log("decision", rec["uuid"], "decision.add", ref=rec["number"], case_id=case_id, at=at,
                  changes={"meeting": m["number"], "item": new.item, "text": text, "unit": unit,
                           "person": person, "due_on": rec["due_on"], "case": case_number,
                           "resolves_case": outcome})
    return rec


STORED_STATUS = ("open", "in-progress", "done")


def progress(store: Store, number: str, status: str | None = None, on: str | None = None,
             feedback: str | None = None, feedback_on: str | None = None,
             due: str | None = None, reason: str | None = None) -> Row:
    """Follow a decision up: its status, the feedback announced to residents, a new deadline.

    Moving to done resolves the linked case when the decision was made to
    resolve it (a case no longer open or mediating is left as it is); moving to
    in progress starts an open linked case. Both happen in this transaction
    through the case desk's own functions.
    """
    st = vocab.DECISION_STATUS.parse(status, "--status") if status is not None else None
    if st == "overdue":
        raise InvalidInput("--status", "overdue is computed from the deadline; set open, in-progress or done")
    fb = validate.text("--feedback", feedback, max_len=validate.MAX_TEXT, required=False, multiline=True)
    why = validate.text("--reason", reason, max_len=500, required=False)
    new_due = validate.parse_date("--due", due) if due is not None else None
    if st is None and fb is None and new_due is None:
        raise InvalidInput("options", "nothing to change; give --status, --feedback or --due")
    with store.write():
        d = decision_row(store, number)
        m = store.row("SELECT * FROM meetings WHERE id = ?", [d["meeting_id"]])
        assert m is not None
        if m["status"] == "cancelled":
            raise NotAllowed(f"meeting {m['number']} was cancelled; its decisions cannot move")
        day = validate.optional_date("--date", on, today())
        if day > today():
            raise InvalidInput("--date", f"{day} is in the future; today is {today().isoformat()}")
        if day.isoformat() < m["held_on"]:
            raise InvalidInput("--date", f"{day} is before the meeting date {m['held_on']}")
        changes: Row = {}
        if st is not None and d["status"] == "done":
            raise NotAllowed(f"decision {d['number']} is done, which is final; record a new decision "
                             "at the next meeting instead (its --feedback can still be added)")
        if st is not None and st != d["status"]:
            changes["status"] = st
            if st == "done":
                changes["done_on"] = day.isoformat()
        elif st is not None:
            raise NotAllowed(f"decision {d['number']} is already {st}; allowed moves: "
                             + ", ".join(s for s in STORED_STATUS if s != st))
        if fb is not None:
            changes["feedback"] = fb
            fb_day = validate.optional_date("--feedback-date", feedback_on, day)
            if fb_day.isoformat() < m["held_on"] or fb_day > today():
                raise InvalidInput("--feedback-date", f"{fb_day} is not between the meeting date "
                                   f"{m['held_on']} and today")
            changes["feedback_on"] = fb_day.isoformat()
        if new_due is not None:
            if new_due.isoformat() < m["held_on"]:
                raise InvalidInput("--due", f"{new_due} is before the meeting date {m['held_on']}")
            if new_due.isoformat() > d["due_on"] and not why:
                raise InvalidInput("--reason", "a later deadline needs a reason (--reason)")
            changes["due_on"] = new_due.isoformat()
        diff = {k: [d[k], v] for k, v in changes.items()}
        store.update("decisions", d["id"], {**changes, "updated_at": now_iso()})
        store.log("decision", d["uuid"], "decision.progress", ref=d["number"], case_id=d["case_id"],
                  changes={**diff, "on": day.isoformat(), **({"reason": why} if why else {})})
        d.update(changes)
        if d["case_id"] and "status" in changes:
            _move_case(store, d, changes["status"], day)
    return d


def _move_case(store: Store, d: Row, status: str, day: date) -> None:
    case = store.row("SELECT number, status FROM cases WHERE id = ?", [d["case_id"]])
    assert case is not None
    note = f"议定事项 {d['number']}（{d['unit']}）：{d['text']}"
    if status == "done" and d["case_outcome"]:
        if case["status"] not in ("open", "mediating"):
            return  # already resolved (or ended another way): the decision does not overrule it
        cases.resolve(store, case["number"], d["case_outcome"], day.isoformat(), note=note + " 已完成")
    elif status == "in-progress" and case["status"] == "open":
        cases.note(store, case["number"], note + " 推进中", day.isoformat())


def effective_status(d: Row, as_of: str) -> str:
    if d["status"] != "done" and d["due_on"] < as_of:
        return "overdue"
    return str(d["status"])


_DECISION_SELECT = (
    "SELECT d.*, m.number AS meeting, m.held_on AS meeting_on, c.number AS case_number, "
    "i.seq AS item FROM decisions d JOIN meetings m ON m.id = d.meeting_id "
    "LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN agenda_items i ON i.id = d.item_id"
)


def decision_record(r: Row, as_of: str) -> Row:
    return {
        "number": r["number"], "uuid": r["uuid"], "meeting": r["meeting"], "meeting_on": r["meeting_on"],
        "item": r["item"], "text": r["text"], "unit": r["unit"], "person": r["person"],
        "due_on": r["due_on"], "status": effective_status(r, as_of), "stored_status": r["status"],
        "overdue": effective_status(r, as_of) == "overdue", "done_on": r["done_on"],
        "feedback": r["feedback"], "feedback_on": r["feedback_on"], "case": r["case_number"],
        "resolves_case": r["case_outcome"],
    }


def list_decisions(store: Store, sites: list[str] | None = None, statuses: list[str] | None = None,
                   meeting: str | None = None) -> list[Row]:
    where: list[str] = []
    params: list[Any] = []
    if sites:
        ids = [refs.site(store, s)["id"] for s in sites]
        where.append(f"d.meeting_id IN (SELECT meeting_id FROM meeting_sites WHERE site_id IN "
                     f"({','.join('?' * len(ids))}))")
        params += ids
    if meeting:
        where.append("d.meeting_id = ?")
        params.append(get_row(store, meeting, "--meeting")["id"])
    keys = [vocab.DECISION_STATUS.parse(s, "--status") for s in statuses or []]
    sql = _DECISION_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.held_on, d.seq"
    now = today().isoformat()
    out = [decision_record(r, now) for r in store.rows(sql, params)]
    return [r for r in out if not keys or r["status"] in keys]


def show_decision(store: Store, number: str) -> Row:
    d = decision_row(store, number)
    row = store.row(_DECISION_SELECT + " WHERE d.id = ?", [d["id"]])
    assert row is not None
    return decision_record(row, today().isoformat())


# -- reading meetings ----------------------------------------------------------------

_MEETING_SELECT = """
SELECT m.*, (SELECT group_concat(s.code, ',') FROM meeting_sites ms JOIN sites s ON s.id = ms.site_id
              WHERE ms.meeting_id = m.id) AS site_codes,
       (SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.present = 1) AS present,
       (SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.present = 0) AS absent,
       (SELECT count(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.dropped = 0) AS items,
       (SELECT count(*) FROM decisions d WHERE d.meeting_id = m.id) AS decisions
FROM meetings m
"""


def _public(r: Row) -> Row:
    return {
        "number": r["number"], "uuid": r["uuid"], "sites": sorted((r["site_codes"] or "").split(",")),
        "kind": r["kind"], "date": r["held_on"], "time": r["time"], "place": r["place"],
        "host": r["host"], "recorder": r["recorder"], "status": r["status"], "status_on": r["status_on"],
        "present": r["present"], "absent": r["absent"], "items": r["items"], "decisions": r["decisions"],
        "note": r["note"],
    }


def list_meetings(store: Store, sites: list[str] | None = None, kind: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  status: str | None = None) -> list[Row]:
    where: list[str] = []
    params: list[Any] = []
    if sites:
        ids = [refs.site(store, s)["id"] for s in sites]
        where.append(f"m.id IN (SELECT meeting_id FROM meeting_sites WHERE site_id IN ({','.join('?' * len(ids))}))")
        params += ids
    if kind:
        where.append("m.kind = ?")
        params.append(vocab.MEETING_KIND.parse(kind, "--kind"))
    if status:
        where.append("m.status = ?")
        params.append(vocab.MEETING_STATUS.parse(status, "--status"))
    lo = validate.parse_date("--from", date_from) if date_from else None
    hi = validate.parse_date("--to", date_to) if date_to else None
    if lo and hi and lo > hi:
        raise InvalidInput("--from", f"{lo} is after --to {hi}")
    if lo:
        where.append("m.held_on >= ?")
        params.append(lo.isoformat())
    if hi:
        where.append("m.held_on <= ?")
        params.append(hi.isoformat())
    sql = _MEETING_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.held_on, m.id"
    return [_public(r) for r in store.rows(sql, params)]


def show(store: Store, number: str) -> Row:
    """The whole meeting: attendance, items with their cases, decisions and carry-over."""
    m = get_row(store, number)
    row = store.row(_MEETING_SELECT + " WHERE m.id = ?", [m["id"]])
    assert row is not None
    rec = _public(row)
    rec["attendees"] = [
        {"name": a["name"], "role": a["role"], "organisation": a["organisation"],
         "present": bool(a["present"]), "absence_reason": a["absence_reason"]}
        for a in store.rows("SELECT * FROM meeting_attendees WHERE meeting_id = ? ORDER BY id", [m["id"]])
    ]
    links: dict[int, list[Row]] = {}
    for c in store.rows(
        "SELECT ic.item_id, c.number, c.title, c.status FROM agenda_item_cases ic JOIN cases c "
        "ON c.id = ic.case_id JOIN agenda_items i ON i.id = ic.item_id WHERE i.meeting_id = ? "
        "ORDER BY c.number", [m["id"]],
    ):
        links.setdefault(c.pop("item_id"), []).append(c)
    rec["items"] = [
        {"item": i["seq"], "section": i["section"], "title": i["title"], "proposer": i["proposer"],
         "discussion": i["discussion"], "vote": i["vote"], "dropped": bool(i["dropped"]),
         "reviews": i["review_number"], "cases": links.get(i["id"], [])}
        for i in store.rows(
            "SELECT i.*, d.number AS review_number FROM agenda_items i LEFT JOIN decisions d "
            "ON d.id = i.review_decision_id WHERE i.meeting_id = ? ORDER BY i.seq", [m["id"]])
    ]
    now = today().isoformat()
    rec["decisions"] = [decision_record(r, now) for r in store.rows(
        _DECISION_SELECT + " WHERE d.meeting_id = ? ORDER BY d.seq", [m["id"]])]
    # Carry-over: earlier decisions still not done on this meeting's date, with their status now.
    carried = open_decisions(store, _site_ids(store, m["id"]), m["held_on"])
    rec["carried_over"] = [decision_record({**r, "item": None}, now) for r in carried]
    return rec


# -- figures for reports -------------------------------------------------------------

def programme_figures(store: Store, start: date, end: date, site_ids: list[int] | None = None,
                      on: date | None = None) -> Row:
    """Meeting figures for ``start``..``end`` (inclusive) at ``site_ids`` (all sites if empty).

    - meetings_held: meetings held or closed (not planned or cancelled) dated in the period;
    - items_discussed: their agenda items, dropped ones excluded;
    - decisions_made: their decisions;
    - decisions_done: of those, done on or before the period's end;
    - completion_rate: decisions_done / decisions_made (None when no decisions);
    - overdue_decisions: decisions of any meeting up to the period's end that are not
      done as of ``as_of`` = min(end, today) and whose deadline is before ``as_of``.
    ``on`` stands in for today.
    """
    lo, hi = start.isoformat(), end.isoformat()
    as_of = min(end, on or today()).isoformat()
    site_cond, site_params = "", []
    if site_ids:
        site_cond = (f" AND m.id IN (SELECT meeting_id FROM meeting_sites WHERE site_id IN "
                     f"({','.join('?' * len(site_ids))}))")
        site_params = list(site_ids)
    held = ("FROM meetings m WHERE m.status IN ('held', 'closed') AND m.held_on BETWEEN ? AND ?"
            + site_cond)
    params = [lo, hi, *site_params]
    meetings = store.scalar("SELECT count(*) " + held, params)
    items = store.scalar(
        "SELECT count(*) FROM agenda_items i WHERE i.dropped = 0 AND i.meeting_id IN (SELECT m.id "
        + held + ")", params)
    dec = store.row(
        "SELECT count(*) AS made, coalesce(sum(d.done_on IS NOT NULL AND d.done_on <= ?), 0) AS done "
        "FROM decisions d WHERE d.meeting_id IN (SELECT m.id " + held + ")", [hi, *params])
    assert dec is not None
    made, done = dec["made"], dec["done"]
    overdue = store.scalar(
        "SELECT count(*) FROM decisions d JOIN meetings m ON m.id = d.meeting_id "
        "WHERE m.status IN ('held', 'closed') AND m.held_on <= ? AND d.due_on < ? "
        "AND (d.done_on IS NULL OR d.done_on > ?)" + site_cond, [as_of, as_of, as_of, *site_params])
    return {
        "meetings_held": meetings, "items_discussed": items, "decisions_made": made,
        "decisions_done": done, "completion_rate": round(done / made, 4) if made else None,
        "overdue_decisions": overdue, "as_of": as_of,
    }
