"""The report as an Excel workbook: one sheet per section, ready to attach to a report.

Each sheet starts with the authority, the report title, the period and area, then every
table with a bold header row. Numbers stay numbers (officers re-use them in formulas);
percentages are real percentages; columns are sized to their content; pages print landscape,
one page wide.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.metrics.context import TOTAL
from bot.metrics.model import Cell, Column, Report, Section, Table
from bot.spreadsheet import safe_cell

FORMATS = {"int": "#,##0", "percent": "0.0%", "number": "#,##0.0", "text": "@"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_WIDTH = 60


def workbook_bytes(report: Report) -> bytes:
    """The workbook as bytes (for sending as a document)."""
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    return buffer.getvalue()


def write_workbook(report: Report, path: Path) -> None:
    path.write_bytes(workbook_bytes(report))


def build_workbook(report: Report) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    book.properties.title = report.title
    book.properties.creator = report.authority
    for section in report.sections:
        _sheet(book.create_sheet(section.sheet[:31]), report, section)
    return book


def _sheet(sheet: Worksheet, report: Report, section: Section) -> None:
    widths: dict[int, int] = {}
    row = 1
    for i, line in enumerate(report.title_lines()):
        cell = sheet.cell(row, 1, safe_cell(line))
        cell.font = Font(
            bold=i < 2, size=13 if i == 1 else 11, color="C00000" if "⚠" in line else None
        )
        row += 1
    row += 1
    sheet.cell(row, 1, safe_cell(section.title.upper())).font = Font(bold=True, size=12)
    row += 2
    for table in section.tables:
        row = _table(sheet, table, row, widths) + 1
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table(sheet: Worksheet, table: Table, row: int, widths: dict[int, int]) -> int:
    """Write ``table`` from ``row``; return the first free row after it."""
    sheet.cell(row, 1, safe_cell(table.title)).font = Font(bold=True)
    row += 1
    if table.note:
        # The note wraps inside the table's width so that it prints on the page.
        cell = sheet.cell(row, 1, safe_cell(table.note))
        cell.font = Font(italic=True, color="555555")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = max(len(table.columns), 4)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.row_dimensions[row].height = 15 * (1 + len(table.note) // (12 * last))
        row += 1
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row, col, safe_cell(column.heading))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        widths[col] = max(widths.get(col, 0), min(len(column.heading), 18))
    row += 1
    for values in table.rows:
        total = values and values[0] == TOTAL
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = sheet.cell(row, col, _value(column, value))
            cell.border = BORDER
            if value is not None:
                cell.number_format = FORMATS[column.kind]
            if isinstance(value, str) and len(value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if total:
                cell.font = Font(bold=True)
            widths[col] = max(widths.get(col, 0), len(_shown(column, value)))
        row += 1
    return row


def _value(column: Column, value: Cell) -> object:
    if column.kind == "percent" and isinstance(value, int | float):
        return round(value / 100.0, 6)  # 55.3 / 100 is 0.5529999...; Excel shows it anyway
    return safe_cell(value)


def _shown(column: Column, value: Cell) -> str:
    """Roughly what Excel will show, to size the column."""
    if value is None:
        return ""
    if isinstance(value, int | float) and column.kind != "text":
        return f"{value:,.1f}" if column.kind != "int" else f"{value:,}"
    return str(value)
