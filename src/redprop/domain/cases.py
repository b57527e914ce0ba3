"""The case desk: record a case and move it through its life.

Every public function here is one transaction and appends to the event log.
Validation of what the user typed happens before the transaction starts;
look-ups that can fail happen inside it, so a failure rolls everything back.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from redprop.clock import now_iso, today
from redprop.domain import lifecycle, people, refs, validate, vocab
from redprop.errors import InvalidInput, NotAllowed
from redprop.store.db import Row, Store, new_uuid

DEFAULT_DAYS = 30


# Plain classes, not dataclasses: `case add` imports this module at start-up.
class PartyRef:
    __slots__ = ("role", "name", "unit")

    def __init__(self, role: str, name: str, unit: str | None = None) -> None:
        self.role, self.name, self.unit = role, name, unit


class NewCase:
    """What the user typed for a new case, before validation."""

    def __init__(
        self, *, site: str, category: str, title: str, description: str | None = None,
        reported: str | None = None, source: str = "application", mediators: list[str] | None = None,
        parties: list[PartyRef] | None = None, amount: str | None = None, due: str | None = None,
        tags: list[str] | None = None,
    ) -> None:
        self.site, self.category, self.title, self.description = site, category, title, description
        self.reported, self.source, self.amount, self.due = reported, source, amount, due
        self.mediators = mediators or []
        self.parties = parties or []
        self.tags = tags or []


def parse_party(role: str, value: str, option: str) -> PartyRef:
    name, _, unit = value.partition("@")
    return PartyRef(
        role=role,
        name=validate.required_text(option, name),
        unit=validate.unit(option, unit) if unit else None,
    )


def _not_future(option: str, d: date) -> date:
    if d > today():
        raise InvalidInput(option, f"{d.isoformat()} is in the future; today is {today().isoformat()}")
    return d


def add(store: Store, new: NewCase) -> Row:
    """Record a case; returns the stored row (with ``number``)."""
    title = validate.required_text("--title", new.title, max_len=validate.MAX_TITLE)
    description = validate.text("--description", new.description, max_len=validate.MAX_TEXT,
                                 required=False, multiline=True)
    reported = _not_future("--reported", validate.optional_date("--reported", new.reported, today()))
    due = reported + timedelta(days=DEFAULT_DAYS)
    if new.due is not None:
        due = validate.parse_date("--due", new.due)
        if due < reported:
            raise InvalidInput("--due", f"{due} is before the reported date {reported}")
    source = vocab.SOURCE.parse(new.source, "--source")
    amount = validate.amount_cents("--amount", new.amount)
    tags = validate.tags("--tag", new.tags)
    # Library callers build PartyRef directly; validate them like parse_party does.
    parties = [
        PartyRef(vocab.ROLE.parse(p.role, "role"),
                 validate.required_text(f"--{p.role}", p.name), validate.unit(f"--{p.role}", p.unit))
        for p in new.parties
    ]

    with store.write():
        site = refs.site(store, new.site)
        category = refs.category(store, new.category)
        meds = _unique_mediators(store, new.mediators, site["id"])
        seq = store.scalar(
            "SELECT coalesce(max(seq), 0) + 1 FROM cases WHERE site_id = ? AND year = ?",
            [site["id"], reported.year],
        )
        number = f"{site['code']}-{reported.year}-{seq:04d}"
        at = now_iso()
        record: Row = {
            "uuid": new_uuid(), "number": number, "site_id": site["id"], "year": reported.year,
            "seq": seq, "category_id": category["id"], "title": title, "description": description,
            "source": source, "reported_on": reported.isoformat(), "due_on": due.isoformat(),
            "status": "open", "amount_cents": amount, "tags": json.dumps(tags, ensure_ascii=False),
            "created_at": at, "updated_at": at,
        }
        record["id"] = store.insert("cases", record)
        party_log: list[dict[str, Any]] = []
        for p in parties:
            entry = _attach_party(store, record["id"], site["id"], p)
            if entry not in party_log:  # the same party given twice is recorded (and logged) once
                party_log.append(entry)
        store.log(
            "case", record["uuid"], "case.add", ref=number, case_id=record["id"], at=at,
            changes={
                "site": site["code"], "category": category["key"], "title": title,
                "description": description, "source": source, "reported_on": record["reported_on"],
                "due_on": record["due_on"], "amount": validate.cents_to_yuan(amount), "tags": tags,
                "parties": party_log,
            },
        )
        if meds:
            _assign(store, record, meds, reported)
    return record


def _unique_mediators(store: Store, names: list[str], site_id: int) -> list[Row]:
    found: dict[int, Row] = {}
    for name in names:
        m = refs.mediator(store, name, site_id)
        if not m["active"]:
            raise InvalidInput("--mediator", f"{m['name']} is no longer an active mediator")
        found[m["id"]] = m
    return list(found.values())


def _attach_party(store: Store, case_id: int, site_id: int, party: PartyRef) -> dict[str, Any]:
    sql = "SELECT * FROM people WHERE site_id = ? AND name = ?"
    params: list[Any] = [site_id, party.name]
    if party.unit:
        sql += " AND unit = ?"
        params.append(party.unit)
    matches = store.rows(sql, params)
    if len(matches) > 1:
        raise InvalidInput(
            f"--{party.role}", f"{party.name} matches {len(matches)} people at this site; write NAME@UNIT"
        )
    person = matches[0] if matches else people.create(store, site_id, party.name, party.unit)
    # One person is one side of a dispute: the same resident cannot also be the other side.
    other = store.scalar(
        "SELECT role FROM case_parties WHERE case_id = ? AND person_id = ? AND role != ?",
        [case_id, person["id"], party.role],
    )
    if other is not None:
        where = f"@{person['unit']}" if person["unit"] else ""
        raise InvalidInput(
            f"--{party.role}", f"{party.name}{where} is already the {other} of this case; a person takes one role"
        )
    store.execute(
        "INSERT OR IGNORE INTO case_parties (case_id, person_id, role) VALUES (?, ?, ?)",
        [case_id, person["id"], party.role],
    )
    return {"role": party.role, "name": party.name, "unit": person["unit"], "person": person["uuid"]}


# -- moves ------------------------------------------------------------------

def _load(store: Store, number: str) -> Row:
    return refs.case(store, number)


def _last_move_on(store: Store, case: Row) -> str:
    """The date of the case's latest move (start, resolution, reopen ...), from the event log.

    The cases table keeps only the current end dates (a reopen clears them), so
    the log is the one place that still knows when mediation started or the case
    was reopened; a later move may not be dated before that.
    """
    on = store.scalar(
        "SELECT max(json_extract(changes, '$.on')) FROM events WHERE case_id = ? AND action = 'case.move'",
        [case["id"]],
    )
    return str(on or "")


def _move_date(option: str, value: str | None, case: Row, not_before: str | None = None) -> date:
    d = _not_future(option, validate.optional_date(option, value, today()))
    floor = max(case["reported_on"], not_before or "")
    if d.isoformat() < floor:
        what = "the reported date" if floor == case["reported_on"] else "the previous step"
        raise InvalidInput(option, f"{d} is before {what} {floor} of case {case['number']}")
    return d


_PUBLIC_NAME = {"amount_cents": "amount", "agreed_cents": "agreed_amount"}


def _readable(column: str, value: Any) -> Any:
    """Log values as a person reads them: tags as a list, amounts in yuan."""
    if column == "tags" and isinstance(value, str):
        return json.loads(value)
    if column.endswith("_cents"):
        return validate.cents_to_yuan(value)
    return value


def _set(store: Store, case: Row, changes: Row, action: str, logged: Row | None = None) -> None:
    """Update the case row and log old → new for each changed column."""
    diff = {_PUBLIC_NAME.get(k, k): [_readable(k, case.get(k)), _readable(k, v)] for k, v in changes.items()
            if case.get(k) != v and k not in (logged or {}) and k != "category_id"}
    store.update("cases", case["id"], {**changes, "updated_at": now_iso()})
    case.update(changes)
    store.log("case", case["uuid"], action, ref=case["number"], case_id=case["id"],
              changes={**diff, **(logged or {})})


def _transition(store: Store, case: Row, target: str, on: date, extra: Row | None = None,
                logged: Row | None = None) -> None:
    lifecycle.check_move(case["number"], case["status"], target)
    changes: Row = {"status": target, **(extra or {})}
    if target in lifecycle.DATE_COLUMN:
        changes[lifecycle.DATE_COLUMN[target]] = on.isoformat()
    _set(store, case, changes, "case.move", {"on": on.isoformat(), **(logged or {})})


def _start_if_open(store: Store, case: Row, on: date) -> None:
    if case["status"] == "open":
        _transition(store, case, "mediating", on)


def _add_note(store: Store, case: Row, body: str, on: date) -> None:
    at = now_iso()
    rec = {"uuid": new_uuid(), "case_id": case["id"], "body": body, "noted_on": on.isoformat(),
           "at": at, "actor": store.actor}
    store.insert("case_notes", rec)
    store.log("case", case["uuid"], "case.note", ref=case["number"], case_id=case["id"], at=at,
              changes={"note": body, "on": on.isoformat()})


def _note_text(value: str | None, option: str = "--note") -> str | None:
    return validate.text(option, value, max_len=validate.MAX_TEXT, required=False, multiline=True)


def _assign(store: Store, case: Row, meds: list[Row], on: date) -> list[str]:
    added = []
    for m in meds:
        cur = store.execute(
            "INSERT OR IGNORE INTO case_mediators (case_id, mediator_id, assigned_on) VALUES (?, ?, ?)",
            [case["id"], m["id"], on.isoformat()],
        )
        if cur.rowcount:
            added.append(m["name"])
    if added:
        store.log("case", case["uuid"], "case.assign", ref=case["number"], case_id=case["id"],
                  changes={"mediators": added, "on": on.isoformat()})
    _start_if_open(store, case, on)
    return added


def assign(store: Store, number: str, mediators: list[str], on: str | None = None) -> Row:
    if not mediators:
        raise InvalidInput("--mediator", "name at least one mediator")
    with store.write():
        case = _load(store, number)
        if case["status"] == "withdrawn":  # final, as for notes
            raise NotAllowed(f"case {case['number']} is withdrawn, which is final; it takes no more mediators")
        d = _move_date("--date", on, case)
        meds = _unique_mediators(store, mediators, case["site_id"])
        _assign(store, case, meds, d)
    return case


def note(store: Store, number: str, body: str, on: str | None = None) -> Row:
    text = validate.required_text("TEXT", body, max_len=validate.MAX_TEXT, multiline=True)
    with store.write():
        case = _load(store, number)
        d = _move_date("--date", on, case)
        if case["status"] == "withdrawn":
            raise NotAllowed(f"case {case['number']} is withdrawn, which is final; it takes no more notes")
        _start_if_open(store, case, d)
        _add_note(store, case, text, d)
    return case


def resolve(store: Store, number: str, outcome: str, on: str | None = None, note: str | None = None,
            agreed: str | None = None) -> Row:
    out = vocab.OUTCOME.parse(outcome, "--outcome")
    body = _note_text(note)
    cents = validate.amount_cents("--agreed", agreed)
    with store.write():
        case = _load(store, number)
        d = _move_date("--date", on, case, _last_move_on(store, case))
        _start_if_open(store, case, d)
        _transition(store, case, "resolved", d, {"outcome": out, "agreed_cents": cents})
        if body:
            _add_note(store, case, body, d)
    return case


def fail(store: Store, number: str, referred_to: str = "none", on: str | None = None,
         note: str | None = None) -> Row:
    ref = vocab.REFERRAL.parse(referred_to, "--referred-to")
    body = _note_text(note)
    with store.write():
        case = _load(store, number)
        d = _move_date("--date", on, case, _last_move_on(store, case))
        _start_if_open(store, case, d)
        _transition(store, case, "failed", d, {"referred_to": ref})
        if body:
            _add_note(store, case, body, d)
    return case


def withdraw(store: Store, number: str, on: str | None = None, note: str | None = None) -> Row:
    body = _note_text(note, "--reason")
    with store.write():
        case = _load(store, number)
        d = _move_date("--date", on, case, _last_move_on(store, case))
        _start_if_open(store, case, d)
        _transition(store, case, "withdrawn", d)
        if body:
            _add_note(store, case, body, d)
    return case


def reopen(store: Store, number: str, on: str | None = None, reason: str | None = None) -> Row:
    body = _note_text(reason, "--reason")
    with store.write():
        case = _load(store, number)
        if case["status"] == "open":
            # open -> mediating is a legal move, but an open case was never finished.
            raise NotAllowed(
                f"case {case['number']} is open, so there is nothing to reopen; "
                "reopen is for resolved, failed or closed cases (start an open one with `assign` or `note`)"
            )
        d = _move_date("--date", on, case, _last_move_on(store, case))
        cleared: Row = {c: None for c in lifecycle.DATE_COLUMN.values()}
        _transition(store, case, "mediating", d, {**cleared, "outcome": None, "referred_to": None,
                                                  "agreed_cents": None}, {"reopened": True})
        if body:
            _add_note(store, case, body, d)
    return case


def close(store: Store, number: str, on: str | None = None, note: str | None = None) -> Row:
    body = _note_text(note)
    with store.write():
        case = _load(store, number)
        # Only a visit that follows the current resolution counts: a case reopened
        # and resolved again needs a new one. The case cannot close before that visit.
        last_visit = store.scalar(
            "SELECT max(visited_on) FROM case_visits WHERE case_id = ? AND visited_on >= ?",
            [case["id"], case["resolved_on"] or ""],
        )
        if case["status"] == "resolved" and not last_visit:
            raise NotAllowed(
                f"case {case['number']} is resolved but has no return visit; "
                f"record one first with `redprop case visit {case['number']}`"
            )
        floor = max(filter(None, (_last_move_on(store, case), last_visit)), default=None)
        d = _move_date("--date", on, case, floor)
        _transition(store, case, "closed", d)
        if body:
            _add_note(store, case, body, d)
    return case


def visit(store: Store, number: str, fulfilment: str, satisfaction: str, on: str | None = None,
          note: str | None = None) -> Row:
    ful = vocab.FULFILMENT.parse(fulfilment, "--fulfilment")
    sat = vocab.SATISFACTION.parse(satisfaction, "--satisfaction")
    body = _note_text(note)
    with store.write():
        case = _load(store, number)
        if case["status"] not in ("resolved", "closed") or not case["resolved_on"]:
            raise NotAllowed(
                f"case {case['number']} is {case['status']}; a return visit follows a resolution "
                f"(`redprop case resolve {case['number']}` first)"
            )
        d = _move_date("--date", on, case, case["resolved_on"])
        at = now_iso()
        rec = {"uuid": new_uuid(), "case_id": case["id"], "visited_on": d.isoformat(), "fulfilment": ful,
               "satisfaction": sat, "note": body, "at": at, "actor": store.actor}
        store.insert("case_visits", rec)
        store.log("case", case["uuid"], "case.visit", ref=case["number"], case_id=case["id"], at=at,
                  changes={"on": d.isoformat(), "fulfilment": ful, "satisfaction": sat, "note": body})
    return case


class CaseEdit:
    """The fields `case edit` may change; None leaves a field as it is."""

    def __init__(
        self, *, title: str | None = None, description: str | None = None, category: str | None = None,
        source: str | None = None, amount: str | None = None, due: str | None = None,
        reason: str | None = None, add_tags: list[str] | None = None, remove_tags: list[str] | None = None,
    ) -> None:
        self.title, self.description, self.category, self.source = title, description, category, source
        self.amount, self.due, self.reason = amount, due, reason
        self.add_tags = add_tags or []
        self.remove_tags = remove_tags or []


def edit(store: Store, number: str, e: CaseEdit) -> Row:
    changes: Row = {}
    if e.title is not None:
        changes["title"] = validate.required_text("--title", e.title, max_len=validate.MAX_TITLE)
    if e.description is not None:
        changes["description"] = validate.text("--description", e.description, max_len=validate.MAX_TEXT,
                                               required=False, multiline=True)
    if e.source is not None:
        changes["source"] = vocab.SOURCE.parse(e.source, "--source")
    if e.amount is not None:
        changes["amount_cents"] = validate.amount_cents("--amount", e.amount)
    reason = validate.text("--reason", e.reason, max_len=500, required=False)
    due = validate.parse_date("--due", e.due) if e.due is not None else None
    add_tags = validate.tags("--tag", e.add_tags)
    remove_tags = validate.tags("--untag", e.remove_tags)
    with store.write():
        case = _load(store, number)
        if e.category is not None:
            new_category = refs.category(store, e.category)
            changes["category_id"] = new_category["id"]
        if due is not None:
            if due.isoformat() < case["reported_on"]:
                raise InvalidInput("--due", f"{due} is before the reported date {case['reported_on']}")
            if due.isoformat() > case["due_on"]:
                if not reason:
                    raise InvalidInput("--reason", "an extension of the due date needs a reason (--reason)")
                changes["extension_reason"] = reason
            changes["due_on"] = due.isoformat()
        if add_tags or remove_tags:
            current = json.loads(case["tags"])
            new_tags = [t for t in current if t not in remove_tags] + [t for t in add_tags if t not in current]
            changes["tags"] = json.dumps(new_tags, ensure_ascii=False)
        if not changes:
            raise InvalidInput("options", "nothing to change; give --title, --due, --tag or another field")
        logged: Row = {}
        if e.category is not None and new_category["id"] != case["category_id"]:
            old_key = store.scalar("SELECT key FROM categories WHERE id = ?", [case["category_id"]])
            logged["category"] = [old_key, new_category["key"]]
        _set(store, case, changes, "case.edit", logged)
    return case
