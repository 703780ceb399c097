"""`python -m bot report`: the authors' report as CSV files and one self-contained HTML page."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bot.report import html
from services.course_report import CourseReport


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a learner wrote (a comment) must not run as a formula when an author opens the file
    in a spreadsheet: a leading quote makes it plain text there."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def write(report: CourseReport, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    def csv_file(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        path = out_dir / name
        _write_csv(path, header, rows)
        written.append(path)

    csv_file("questions.csv",
             ["question_key", "question", "answers", "share_right", "discrimination", "key",
              "option_0", "option_1", "option_2", "option_3", "flags"],
             ([item.question_key, report.question_text.get(item.question_key, ""), item.answers,
               _share(item.right_share), _share(item.discrimination), item.key,
               *(list(item.option_counts) + [""] * (4 - len(item.option_counts))), "; ".join(item.flags)]
              for item in report.items))
    csv_file("lessons.csv",
             ["lesson_id", "title", "opened", "finished", "completion", "median_minutes", "helpful",
              "not_helpful", "quiz_accuracy", "comments"],
             ([t.lesson_id, report.lesson_title.get(t.lesson_id, ""), t.opened, t.finished, _share(t.completion),
               "" if t.median_minutes is None else f"{t.median_minutes:.1f}", t.helpful, t.not_helpful,
               _share(t.quiz_accuracy), len(t.comments)]
              for t in report.lessons))
    csv_file("comments.csv", ["lesson_id", "comment"],
             ([t.lesson_id, comment] for t in report.lessons for comment in t.comments))
    csv_file("new_learners.csv", ["day", "learners"], ((day.isoformat(), n) for day, n in report.new_per_day))
    csv_file("cohorts.csv", ["week_of", "learners", "d1", "d7", "d30"],
             ([c.week_of.isoformat(), c.size, *(_share(c.retention[n]) for n in (1, 7, 30))]
              for c in report.cohorts))
    csv_file("funnel.csv", ["step", "learners", "share_of_start"],
             ([step.name, step.learners, _share(step.share_of_start)] for step in report.funnel))
    csv_file("pushes.csv", ["status", "count"], sorted(report.pushes.items()))
    csv_file("paths.csv", ["path", "learners"], sorted(report.paths.items()))
    page = out_dir / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    written.append(page)
    return written
