"""The authors' report as one self-contained HTML page: readable offline, charts inline."""

from __future__ import annotations

from html import escape

from bot.report import svg
from domain.learner_analytics import CURVE_DAYS
from services.course_report import CourseReport

WORST_QUESTIONS = 25
COHORTS_CHARTED = 8

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1.5em; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .25em .5em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #b00; } .muted { color: #777; }
"""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _text(value: object) -> str:
    return escape(str(value), quote=False)


def _table(header: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()) -> str:
    if not rows:
        return '<p class="muted">Nothing yet.</p>'
    head = "".join(f"<th>{_text(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
                         for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _questions(report: CourseReport) -> str:
    rows = []
    for item in report.items[:WORST_QUESTIONS]:
        options = report.options.get(item.question_key, ())
        picks = ", ".join(
            f"{'<b>' if i == item.key else ''}{_text(chr(65 + i))} {count}{'</b>' if i == item.key else ''}"
            for i, count in enumerate(item.option_counts)
        )
        rows.append([
            _text(item.question_key),
            _text(report.question_text.get(item.question_key, "")[:160]),
            str(item.answers), _pct(item.right_share),
            "–" if item.discrimination is None else f"{item.discrimination:+.2f}",
            picks + (f'<br><span class="muted">key: {_text(options[item.key])}</span>' if options else ""),
            f'<span class="flag">{_text(", ".join(item.flags))}</span>',
        ])
    header = ["Key", "Question", "Answers", "Right", "Discr.", "Picks (key in bold)", "Flags"]
    return _table(header, rows, frozenset({2, 3, 4}))


def _lessons(report: CourseReport) -> str:
    rows = [
        [_text(report.lesson_title.get(t.lesson_id, t.lesson_id)), str(t.opened), _pct(t.completion),
         "–" if t.median_minutes is None else f"{t.median_minutes:.0f} min", f"👍 {t.helpful} · 👎 {t.not_helpful}",
         _pct(t.quiz_accuracy), "<br>".join(_text(c[:200]) for c in t.comments[:3])]
        for t in report.worst_lessons
    ]
    return _table(["Lesson", "Opened", "Finished", "Median time", "Votes", "Quiz right after", "Latest comments"],
                  rows, frozenset({1, 2, 3, 5}))


def render(report: CourseReport) -> str:
    window = f"since {report.since.isoformat()}" if report.since else "all time"
    flagged = len(report.flagged)
    scatter = svg.item_scatter([
        (item.right_share, item.discrimination, bool(item.flags), item.question_key)
        for item in report.items if item.discrimination is not None
    ])
    recent = report.cohorts[-COHORTS_CHARTED:]
    curves = svg.retention_curves([(f"week of {c.week_of.isoformat()} ({c.size})", c.curve) for c in recent],
                                  CURVE_DAYS)
    funnel = _table(["Step", "Learners", "Of start"],
                    [[_text(s.name), str(s.learners), _pct(s.share_of_start)] for s in report.funnel],
                    frozenset({1, 2}))
    cohorts = _table(["Week of", "Learners", "Day 1", "Day 7", "Day 30"],
                     [[c.week_of.isoformat(), str(c.size), *(_pct(c.retention[n]) for n in (1, 7, 30))]
                      for c in report.cohorts], frozenset({1, 2, 3, 4}))
    new = _table(["Day", "New learners"], [[d.isoformat(), str(n)] for d, n in report.new_per_day[-30:]],
                 frozenset({1}))
    pushes = ", ".join(f"{_text(k)} {v}" for k, v in sorted(report.pushes.items())) or "none"
    paths = ", ".join(f"{_text(k)} {v}" for k, v in sorted(report.paths.items())) or "none"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Course report</title><style>{STYLE}</style></head><body>
<h1>Course report</h1>
<p class="muted">Generated {report.generated_at.strftime('%Y-%m-%d %H:%M UTC')}, {window}.
{len(report.items)} questions answered, {flagged} flagged.</p>

<h2>Questions, worst first</h2>
<p class="muted">Each learner's first answer only. Right = difficulty; Discr. = point-biserial correlation
with the learner's accuracy on their other answers (below about +0.2 the question hardly tells who knows
the topic). Flags need at least 30 answers.</p>
{_questions(report)}
{scatter}

<h2>Lessons to look at first</h2>
<p class="muted">Lessons opened at least 5 times, ranked by unfinished readers, thumbs down and quiz misses.</p>
{_lessons(report)}

<h2>Learners</h2>
{curves}
<h3>Funnel</h3>{funnel}
<h3>Retention by weekly cohort</h3>
<p class="muted">Share active (a lesson read or a review finished) exactly N days after joining, over those
who joined at least N days ago.</p>{cohorts}
<h3>New learners per day (last 30 with any)</h3>{new}
<p>Daily messages (kept 7 days): {pushes}.<br>Paths chosen: {paths}.</p>
</body></html>
"""
