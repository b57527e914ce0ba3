"""The life of a case: which moves are allowed from which state.

Overdue is a flag computed from ``due_on``, not a state.
"""

from __future__ import annotations

from redprop.errors import NotAllowed

ACTIVE = ("open", "mediating")
FINISHED = ("resolved", "failed", "withdrawn", "closed")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("mediating",),
    "mediating": ("resolved", "failed", "withdrawn"),
    "resolved": ("closed", "mediating"),
    "failed": ("mediating", "closed"),
    "closed": ("mediating",),
    "withdrawn": (),
}

#: The command that performs each move, for messages that say what to do.
COMMAND_FOR: dict[str, str] = {
    "resolved": "resolve",
    "failed": "fail",
    "withdrawn": "withdraw",
    "closed": "close",
}


def command_for(current: str, target: str) -> str:
    if target == "mediating":
        return "assign or note" if current == "open" else "reopen"
    return COMMAND_FOR[target]

#: These commands, given an ``open`` case, first move it to ``mediating``.
AUTO_START = frozenset({"assign", "note", "resolve", "fail", "withdraw"})

#: Date columns stamped by each move, and cleared again by a reopen.
DATE_COLUMN = {"resolved": "resolved_on", "failed": "failed_on", "withdrawn": "withdrawn_on", "closed": "closed_on"}


def check_move(number: str, current: str, target: str) -> None:
    allowed = TRANSITIONS.get(current, ())
    if target not in allowed:
        if allowed:
            options = ", ".join(f"{t} (`redprop case {command_for(current, t)}`)" for t in allowed)
            hint = f"from {current} it can move to: {options}"
        else:
            hint = f"{current} is final; nothing can move it"
        raise NotAllowed(f"case {number} is {current} and cannot move to {target}; {hint}")


def is_overdue(status: str, due_on: str, today_iso: str) -> bool:
    return status in ACTIVE and due_on < today_iso
