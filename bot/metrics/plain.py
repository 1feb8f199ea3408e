"""The report as plain text (``--format text``) and as CSV files (``--format csv``).

CSV: one UTF-8 file (with a byte-order mark, so Excel shows Vietnamese letters) per table,
named ``<section>__<table>.csv``, header row first; percentages are plain numbers (87.5).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.metrics.labels import format_int, format_percent
from bot.metrics.model import Cell, Column, Report
from bot.spreadsheet import safe_row


def cell_text(column: Column, value: Cell) -> str:
    """A value as an officer reads it: 1.234, 87,5%, 12,3."""
    if value is None:
        return "–" if column.kind != "text" else ""
    if column.kind == "percent" and isinstance(value, int | float):
        return format_percent(float(value))
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(value, int):
        return format_int(value)
    return str(value)


def report_text(report: Report) -> str:
    """Every section and table, columns aligned."""
    out = [*report.title_lines(), ""]
    for section in report.sections:
        out += [f"=== {section.title.upper()} ===", ""]
        for table in section.tables:
            out.append(f"## {table.title}")
            if table.note:
                out.append(table.note)
            cells = [[c.heading for c in table.columns]]
            cells += [[cell_text(c, v) for c, v in zip(table.columns, row, strict=True)]
                      for row in table.rows]  # fmt: skip
            widths = [max(len(r[i]) for r in cells) for i in range(len(table.columns))]
            for n, row in enumerate(cells):
                parts = [
                    value.ljust(width) if column.kind == "text" or i == 0 else value.rjust(width)
                    for i, (value, width, column) in enumerate(
                        zip(row, widths, table.columns, strict=True)
                    )
                ]
                out.append("  ".join(parts).rstrip())
                if n == 0:
                    out.append("  ".join("-" * w for w in widths))
            out.append("")
    return "\n".join(out)


def csv_files(report: Report) -> dict[str, bytes]:
    """File name → CSV bytes, one per table."""
    files: dict[str, bytes] = {}
    for section in report.sections:
        for table in section.tables:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow([c.heading for c in table.columns])
            writer.writerows(safe_row("" if v is None else v for v in row) for row in table.rows)
            name = f"{section.key}__{table.key}.csv"
            files[name] = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return files


def write_csv(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in csv_files(report).items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
