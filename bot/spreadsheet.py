"""Cells that are safe to put in a spreadsheet: every XLSX and CSV export goes through here.

A citizen's text can reach an officer's Excel: questions, feedback, a reason typed for an
error. Two things must never happen to that officer:

- **Formula injection** (OWASP "CSV injection"): a cell starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is run as a formula by Excel and LibreOffice
  (``=HYPERLINK(...)`` can leak data or open a link). Such text gets a leading single quote,
  the OWASP rule: the cell stays readable text.
- **A broken export**: openpyxl refuses control characters (``\\x0b``, ``\\x1b``...), so one
  such character in one question would stop the whole workbook for everyone. They become a
  space (tab, line feed and carriage return stay: they are ordinary text).

Numbers, dates and ``None`` pass unchanged, so officers can still compute with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls except tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: object) -> object:
    """``value`` as it may go into an XLSX or CSV cell (only strings are changed)."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub(" ", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through :func:`safe_cell`."""
    return [safe_cell(value) for value in values]
