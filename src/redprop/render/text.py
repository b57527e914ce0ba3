"""Show user text literally.

rich would otherwise interpret ``[bold]``, ``:smile:`` and pass ESC sequences
through to the terminal; every user value goes through ``literal``.
"""

from __future__ import annotations

import unicodedata
from typing import Any


def visible(value: Any) -> str:
    """Replace control characters (except newline and tab) with visible escapes."""
    s = "" if value is None else str(value)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\u200d":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def joined(values: Any, lang: str) -> str:
    """A list as one cell: 、 between items in Chinese, a comma in English."""
    return ("、" if lang == "zh" else ", ").join(str(v) for v in values)


def literal(value: Any, style: str = "") -> Any:
    """A rich ``Text`` that renders exactly the characters of ``value``."""
    from rich.text import Text

    return Text(visible(value), style=style)


def markdown_cell(value: Any) -> str:
    """``value`` for a Markdown table cell or list item, shown as typed: nothing in it becomes a
    link, emphasis, heading, HTML or a new cell, and control characters are made visible."""
    out = visible(value).replace("\\", "\\\\")
    for ch in "|*_`[]#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("<", "&lt;").replace(">", "&gt;").replace("\r", " ").replace("\n", " ")
