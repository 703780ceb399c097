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


def interview_timeline(today: date, interview: date, lessons_left: int | None) -> str:
    """Today to the interview day on one line, a tick per week, the lessons still to read above it."""
    days = max(1, (interview - today).days)
    width, left, right, y = 340, 10, 330, 30

    def x(day: int) -> float:
        return left + (right - left) * day / days

    parts = [f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{MUTED}" stroke-width="6" '
             'stroke-linecap="round"/>']
    for week in range(7, days, 7):
        parts.append(f'<line x1="{x(week):.1f}" y1="{y - 7}" x2="{x(week):.1f}" y2="{y + 7}" stroke="{TEXT}" '
                     f'stroke-opacity="0.4"><title>{(today + timedelta(days=week)).isoformat()}</title></line>')
    parts.append(f'<circle cx="{left}" cy="{y}" r="7" fill="{ACCENT}"/>')
    parts.append(f'<text x="{left}" y="{y + 24}" font-size="11" fill="{TEXT}">today</text>')
    parts.append(f'<text x="{right}" y="{y - 12}" font-size="16" text-anchor="end" fill="{TEXT}">🎯</text>')
    parts.append(f'<text x="{right}" y="{y + 24}" font-size="11" text-anchor="end" fill="{TEXT}">'
                 f'{interview.strftime("%a %d %b")}</text>')
    if lessons_left is not None:
        parts.append(f'<text x="{(left + right) / 2}" y="{y - 12}" font-size="11" text-anchor="middle" '
                     f'fill="{TEXT}">{lessons_left} lessons to go in {days} days</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 60" width="100%" role="img" '
            f'aria-label="Days to the interview">{"".join(parts)}</svg>')
