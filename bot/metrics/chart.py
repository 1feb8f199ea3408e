"""The report's main figures as one PNG: reach over time, FAQ outcomes by topic, delivery.

Drawn with matplotlib's object API on the Agg canvas (no display, no pyplot global state,
so it is safe in a worker thread). DejaVu Sans, matplotlib's bundled font, has every
Vietnamese letter.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.metrics.labels import BROADCAST_OUTCOMES, format_percent
from bot.metrics.model import Report

TOPICS_SHOWN = 8
COLORS = {"answer": "#2e7d32", "suggest": "#f9a825", "miss": "#c62828", "reach": "#1565c0"}
DELIVERY_COLORS = ("#2e7d32", "#c62828", "#6d4c41", "#9e9e9e")


def chart_png(report: Report) -> bytes:
    """Render the three panels and return PNG bytes."""
    figure = Figure(figsize=(10, 13), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(
        f"{report.authority} — {report.period_label}, {report.area_label}"
        + (" (DỮ LIỆU MẪU)" if report.demo else ""),
        fontsize=13,
        fontweight="bold",
    )
    reach_axes, topic_axes, delivery_axes = figure.subplots(3, 1, height_ratios=(1.1, 1.1, 0.8))
    _reach(reach_axes, report)
    _topics(topic_axes, report)
    _delivery(delivery_axes, report)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _reach(axes: Axes, report: Report) -> None:
    labels = report.bucket_labels
    positions = range(len(labels))
    axes.bar(positions, report.series.get("reached", []), color=COLORS["reach"], alpha=0.55,
             label="Được tiếp cận trong kỳ")  # fmt: skip
    axes.plot(positions, report.series.get("reached_cumulative", []), color="#0d47a1",
              marker="o", linewidth=2, label="Lũy kế")  # fmt: skip
    target = report.headline.get("reach_target")
    if target:
        axes.axhline(float(target), color="#c62828", linestyle="--", linewidth=1.5,
                     label=f"Chỉ tiêu năm ({int(target):,} người)".replace(",", "."))  # fmt: skip
    axes.set_title("Người dân được tiếp cận thông tin", loc="left", fontweight="bold")
    axes.set_ylabel("Số người")
    step = max(1, len(labels) // 16)
    axes.set_xticks(list(positions)[::step], labels[::step], rotation=45, ha="right")
    axes.grid(axis="y", alpha=0.3)
    highest = max([float(target or 0), *report.series.get("reached_cumulative", []), 1.0])
    axes.set_ylim(0, highest * 1.3)  # room for the legend above the lines
    axes.legend(loc="upper left", ncols=3)


def _topics(axes: Axes, report: Report) -> None:
    rows = sorted(report.topic_outcomes, key=lambda r: -(r[1] + r[2] + r[3]))[:TOPICS_SHOWN]
    rows.reverse()  # biggest at the top of a horizontal bar chart
    axes.set_title("Câu hỏi theo chủ đề và kết quả trả lời", loc="left", fontweight="bold")
    if not rows:
        axes.text(0.5, 0.5, "Chưa có câu hỏi trong kỳ", ha="center", va="center")
        axes.set_axis_off()
        return
    names = [textwrap.shorten(r[0], 30, placeholder="…") for r in rows]
    left: list[int] = [0] * len(rows)
    for index, (key, label) in enumerate(
        (("answer", "Trả lời ngay"), ("suggest", "Gợi ý"), ("miss", "Chưa trả lời được")),
        start=1,
    ):
        values = [int(r[index]) for r in rows]
        axes.barh(names, values, left=left, color=COLORS[key], label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlabel("Số câu hỏi")
    axes.set_xlim(0, max(left) * 1.08)  # bars' sticky edges would defeat margins()
    axes.grid(axis="x", alpha=0.3)
    axes.legend(loc="lower right")


def _delivery(axes: Axes, report: Report) -> None:
    values = report.series.get("delivery", [0] * len(BROADCAST_OUTCOMES))
    total = sum(values)
    rate = format_percent(report.headline.get("delivery_rate"))
    axes.set_title(f"Kết quả gửi tin (tỷ lệ nhận được: {rate})", loc="left", fontweight="bold")
    if not total:
        axes.text(0.5, 0.5, "Chưa gửi tin trong kỳ", ha="center", va="center")
        axes.set_axis_off()
        return
    names = [label for _, label in BROADCAST_OUTCOMES]
    bars = axes.bar(names, values, color=DELIVERY_COLORS)
    axes.bar_label(bars, labels=[f"{v:,}".replace(",", ".") for v in values], padding=2)
    axes.set_ylabel("Lượt gửi")
    axes.set_ylim(0, max(values) * 1.15)
    axes.grid(axis="y", alpha=0.3)
