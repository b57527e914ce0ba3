"""Field validators shared by every command.

They are plain functions (no pydantic) because ``case add`` runs them on the
hot start-up path; pydantic models in ``models.py`` reuse them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from redprop.errors import InvalidInput

# ASCII digits only: `\d` would also take ２ or ٣, which date.fromisoformat refuses.
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]*)?$|^\.[0-9]+$")
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,11}$")
_UNIT_RE = re.compile(r"^(\d{1,3})-(\d{1,2})-(\d{1,5})$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_CASE_NO_RE = re.compile(r"^[A-Z][A-Z0-9]{0,11}-\d{4}-\d{4,}$")

MAX_TITLE = 200
MAX_NAME = 60
MAX_TEXT = 5000
MAX_AMOUNT_CENTS = 10**12


def _has_control(value: str, multiline: bool) -> bool:
    for ch in value:
        if multiline and ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d":
            return True
    return False


def text(
    field: str,
    value: str | None,
    *,
    max_len: int = MAX_NAME,
    required: bool = True,
    multiline: bool = False,
) -> str | None:
    """Strip, then refuse empty (when required), over-long or control-character text."""
    if value is None:
        if required:
            raise InvalidInput(field, "is required")
        return None
    v = value.strip()
    if not v:
        if required:
            raise InvalidInput(field, "must not be empty")
        return None
    if len(v) > max_len:
        raise InvalidInput(field, f"is {len(v)} characters long; at most {max_len} are allowed")
    if _has_control(v, multiline):
        allowed = "only newlines and tabs are allowed" if multiline else "none are allowed"
        raise InvalidInput(field, f"contains a control character; {allowed}")
    return v


def required_text(field: str, value: str | None, *, max_len: int = MAX_NAME,
                  multiline: bool = False) -> str:
    v = text(field, value, max_len=max_len, multiline=multiline)
    assert v is not None
    return v


def parse_date(field: str, value: str) -> date:
    # A Chinese input method often types full-width digits and dashes (２０２６－０３－１５).
    v = unicodedata.normalize("NFKC", value).strip()
    if not _DATE_RE.match(v):
        raise InvalidInput(field, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-03-15")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a real calendar date (YYYY-MM-DD)") from None


def optional_date(field: str, value: str | None, default: date) -> date:
    return default if value is None else parse_date(field, value)


def amount_cents(field: str, value: str | float | None) -> int | None:
    """Parse a yuan amount such as ``3200`` or ``3200.50`` into integer fen."""
    if value is None or value == "":
        return None
    from decimal import Decimal  # only amounts need it; keeps start-up lean

    # Full-width digits and ￥ from a Chinese input method are fine; 1e3, Infinity are not.
    v = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").lstrip("¥").strip()
    digits = v[1:] if v.startswith("-") else v
    if not _AMOUNT_RE.match(digits):
        raise InvalidInput(field, f"{value!r} is not an amount; give yuan like 3200 or 3200.50")
    d = Decimal(digits)
    if d and v.startswith("-"):
        raise InvalidInput(field, f"{value} is negative; amounts must be 0 or more")
    cents = d * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(field, f"{value} has more than 2 decimal places")
    if cents >= MAX_AMOUNT_CENTS:
        raise InvalidInput(field, f"{value} is too large")
    return int(cents)


def cents_to_yuan(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def site_code(field: str, value: str) -> str:
    v = value.strip().upper()
    if not _CODE_RE.match(v):
        raise InvalidInput(
            field, f"{value!r} is not a site code; use 1-12 letters or digits starting with a letter, e.g. XH"
        )
    return v


def unit(field: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    v = value.strip().replace("—", "-").replace("－", "-")
    m = _UNIT_RE.match(v)
    # Buildings, entrances and rooms are numbered from 1: 3-2-0 is a typo.
    if not m or any(int(p) == 0 for p in m.groups()):
        raise InvalidInput(field, f"{value!r} is not a unit; use 楼栋-单元-室, e.g. 3-2-501")
    return "-".join(str(int(p)) for p in m.groups())


def phone(field: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    v = re.sub(r"[\s()]", "", value.strip())
    if v.startswith("+86"):
        v = v[3:]
    if not (_MOBILE_RE.match(v) or _LANDLINE_RE.match(v)):
        raise InvalidInput(
            field, f"{mask_phone(value.strip())!r} is not a phone number; use an 11-digit mobile or 0519-12345678"
        )
    return v


def mask_phone(value: str | None) -> str | None:
    """``13812345678`` → ``138****5678``; other lengths keep 3 in front and 4 at the end."""
    if not value:
        return value
    digits = value.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def case_number(field: str, value: str) -> str:
    v = value.strip().upper()
    if not _CASE_NO_RE.match(v):
        raise InvalidInput(field, f"{value!r} is not a case number; they look like XH-2026-0001")
    return v


def tags(field: str, values: list[str] | None) -> list[str]:
    out: list[str] = []
    for raw in values or []:
        for part in raw.replace("，", ",").split(","):
            t = text(field, part, max_len=30, required=False)
            if t and t not in out:
                out.append(t)
    return out
