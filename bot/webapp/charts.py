"""The dashboard's two charts as inline SVG, coloured by Telegram's theme variables (light or dark)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape

WEEKS = 12
CELL, GAP = 14, 3
ACCENT = "var(--tg-theme-button-color, #2481cc)"
MUTED = "var(--tg-theme-secondary-bg-color, #e8e8e8)"
TEXT = "var(--tg-theme-text-color, #222)"


def streak_calendar(active_days: Iterable[date], today: date, weeks: int = WEEKS) -> str:
    """The last `weeks` weeks as columns of Monday..Sunday; a filled square for an active day."""
    active = set(active_days)
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    cells = []
    for column in range(weeks):
        for row in range(7):
            day = first + timedelta(days=7 * column + row)
            if day > today:
                continue
            colour = ACCENT if day in active else MUTED
            cells.append(f'<rect x="{column * (CELL + GAP)}" y="{row * (CELL + GAP)}" width="{CELL}" '
                         f'height="{CELL}" rx="3" fill="{colour}"><title>{day.isoformat()}</title></rect>')
    width, height = weeks * (CELL + GAP) - GAP, 7 * (CELL + GAP) - GAP
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="Active days, last {weeks} weeks">{"".join(cells)}</svg>')


def accuracy_bars(rows: Sequence[tuple[str, float, int]]) -> str:
    """One bar per chapter with answers: (label, share right, answers)."""
    if not rows:
        return ""
    bar_height, label_width, width = 18, 150, 340
    parts = []
    for index, (label, share, answers) in enumerate(rows):
        y = index * (bar_height + 6)
        length = max(2.0, share * (width - label_width - 50))
        parts.append(f'<text x="0" y="{y + 13}" font-size="11" fill="{TEXT}">{escape(label[:26])}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" '
                     f'fill="{ACCENT}"><title>{answers} answers</title></rect>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="11" fill="{TEXT}">'
                     f'{share * 100:.0f}%</text>')
    height = len(rows) * (bar_height + 6)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="Accuracy per chapter">{"".join(parts)}</svg>')
