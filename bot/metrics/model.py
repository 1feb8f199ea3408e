"""The report as data: sections of titled tables that every writer renders the same way.

Computation fills these; the workbook, CSV, text and chart writers only read them, so a figure
is computed once and shown identically everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Cell = str | int | float | None
# How a column's values are shown: text; whole numbers; percentages (87.5 means 87.5%);
# decimal numbers (hours).
Kind = Literal["text", "int", "percent", "number"]


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = "int"


def text(heading: str) -> Column:
    return Column(heading, "text")


def pct(heading: str) -> Column:
    return Column(heading, "percent")


@dataclass
class Table:
    """One table of a section.

    Attributes:
        key: A stable ASCII name (tests and the CSV output use it).
        note: A sentence under the title: a definition, or why the table is empty.
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)  # cells: see ``Cell``
    note: str = ""


@dataclass
class Section:
    """One sheet of the workbook. ``sheet`` is the sheet name (at most 31 characters)."""

    key: str
    sheet: str
    title: str
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


@dataclass
class Report:
    """A whole report: who issues it, for which period and area, and its sections.

    Attributes:
        headline: The few figures the Telegram summary and the chart use, by name.
        series: Figures over time for the chart: name → list aligned with ``bucket_labels``.
    """

    authority: str
    title: str
    period_label: str
    area_label: str
    generated_at: str
    demo: bool
    sections: list[Section] = field(default_factory=list)
    headline: dict[str, int | float | None] = field(default_factory=dict)
    bucket_labels: list[str] = field(default_factory=list)
    series: dict[str, list[int]] = field(default_factory=dict)
    topic_outcomes: list[tuple[str, int, int, int]] = field(default_factory=list)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def table(self, section: str, table: str) -> Table:
        return self.section(section).table(table)

    def title_lines(self) -> list[str]:
        """The lines printed above every sheet and at the top of the text output."""
        lines = [self.authority.upper(), self.title]
        lines.append(f"Kỳ báo cáo: {self.period_label}. Phạm vi: {self.area_label}.")
        lines.append(f"Lập lúc: {self.generated_at}.")
        if self.demo:
            lines.append("⚠ DỮ LIỆU MẪU (demo) — không dùng cho báo cáo thật.")
        return lines
