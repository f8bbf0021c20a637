"""Survey results as inline SVG bar charts, rendered on the server so that they
appear on static pages; each chart comes with a text table
(docs/decisions/0306-server-rendered-charts.md).

The SVG is built from numbers and escaped option texts only; it carries
``role="img"`` and a ``<title>``/``<desc>`` and is hidden from assistive
technology in favour of the table that follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

# Narrow on purpose: the label sits above its bar, so the text stays legible
# when a phone scales the chart down (375 px) and the bars keep their length.
WIDTH = 400
ROW = 48
BAR_MAX = 290
COLOURS = ("#a31d22", "#1d5fa3", "#2d7d46", "#8a4b00", "#5a3d8a", "#555555")


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: float  # 0–1 of the question's respondents


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _row(index: int, bar: Bar, top: int) -> str:
    y = top + index * ROW
    width = max(round(BAR_MAX * bar.share), 1)
    colour = COLOURS[index % len(COLOURS)]
    percent = f"{bar.share * 100:.1f}%"
    return (
        f'<text x="0" y="{y + 16}">{escape(_short(bar.label))}</text>'
        f'<rect x="0" y="{y + 23}" width="{width}" height="18" fill="{colour}">'
        "</rect>"
        f'<text x="{width + 6}" y="{y + 37}">{bar.count}（{percent}）</text>'
    )


def bar_chart(title: str, bars: list[Bar]) -> str:
    """A horizontal bar chart; scales to its container's width."""
    height = ROW * len(bars) + 12
    rows = "".join(_row(i, bar, 4) for i, bar in enumerate(bars))
    summary = "；".join(f"{b.label} {b.count}" for b in bars)
    return (
        f'<svg class="survey-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-hidden="true" focusable="false" font-size="15" fill="#1a1a1a">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
        f"{rows}</svg>"
    )
