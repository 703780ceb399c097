"""The course authors' report: `python -m bot report` (files) and /admin (a summary and the page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.report import files
from services.course_report import CourseReportService


async def make_report(settings: Settings, since: date | None, out_dir: Path) -> list[Path]:
    from bot.runtime import open_runtime

    runtime = await open_runtime(settings)
    try:
        async with runtime.session_factory() as session:
            report = await CourseReportService(session, runtime.course).build(since)
        return files.write(report, out_dir)
    finally:
        await runtime.engine.dispose()
