"""Two small static charts as inline SVG: no plotting library, nothing fetched when the report opens."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, MARGIN = 640, 320, 48
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _frame(title: str, x_label: str, y_label: str, x_ticks: Sequence[tuple[float, str]],
           y_ticks: Sequence[tuple[float, str]]) -> list[str]:
    """Axes, ticks and labels; plot coordinates run 0..1 on both axes (see _x, _y)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" style="max-width:100%;height:auto;font:11px sans-serif">',
        f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{MARGIN}" y1="{_y(0)}" x2="{WIDTH - MARGIN / 2}" y2="{_y(0)}" stroke="#444"/>',
        f'<line x1="{MARGIN}" y1="{_y(0)}" x2="{MARGIN}" y2="{_y(1)}" stroke="#444"/>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" text-anchor="middle">{escape(x_label)}</text>',
        f'<text x="12" y="{HEIGHT / 2}" text-anchor="middle" transform="rotate(-90 12 {HEIGHT / 2})">'
        f'{escape(y_label)}</text>',
    ]
    for value, label in x_ticks:
        parts.append(f'<text x="{_x(value):.1f}" y="{_y(0) + 14}" text-anchor="middle">{escape(label)}</text>')
    for value, label in y_ticks:
        parts.append(f'<line x1="{MARGIN}" y1="{_y(value):.1f}" x2="{WIDTH - MARGIN / 2}" y2="{_y(value):.1f}" '
                     'stroke="#ddd"/>')
        parts.append(f'<text x="{MARGIN - 4}" y="{_y(value) + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    return parts


def _x(fraction: float) -> float:
    return MARGIN + fraction * (WIDTH - 1.5 * MARGIN)


def _y(fraction: float) -> float:
    return HEIGHT - MARGIN + fraction * (2 * MARGIN - HEIGHT + 12)


def retention_curves(series: Sequence[tuple[str, Sequence[float | None]]], days: int) -> str:
    """One line per cohort: the share active on day 0..`days` after joining."""
    parts = _frame(
        "Retention by weekly cohort", "days since joining", "share active",
        [(d / days, str(d)) for d in range(0, days + 1, 5)], [(v / 4, f"{v * 25}%") for v in range(5)],
    )
    for index, (name, shares) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points = [f"{_x(day / days):.1f},{_y(share):.1f}" for day, share in enumerate(shares) if share is not None]
        if len(points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{" ".join(points)}"/>')
        elif points:
            x, y = points[0].split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        legend_y = 30 + 14 * index
        parts.append(f'<rect x="{WIDTH - 150}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{WIDTH - 136}" y="{legend_y}">{escape(name)}</text>')
    if not series:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no learners yet</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def item_scatter(points: Sequence[tuple[float, float, bool, str]]) -> str:
    """Difficulty (share right) against discrimination, one dot per question; flagged ones in red.
    Discrimination runs -1..1, drawn over the chart's full height."""
    parts = _frame(
        "Questions: difficulty and discrimination", "share answering right", "discrimination (item-rest r)",
        [(v / 4, f"{v * 25}%") for v in range(5)], [((v + 4) / 8, f"{v / 4:+.2f}") for v in range(-4, 5, 2)],
    )
    for share, discrimination, flagged, key in points:
        colour = "#d62728" if flagged else "#1f77b4"
        parts.append(f'<circle cx="{_x(share):.1f}" cy="{_y((discrimination + 1) / 2):.1f}" r="3" '
                     f'fill="{colour}" fill-opacity="0.7"><title>{escape(key)}</title></circle>')
    if not points:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no answers yet</text>')
    parts.append("</svg>")
    return "\n".join(parts)
