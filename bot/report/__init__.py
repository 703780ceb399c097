"""The course authors' report: `python -m bot report` (files) and /admin (a summary and the page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.report import files
from services.course_report import CourseReportService


class ReportError(Exception):
    """Said in one line by `python -m bot report`, which then exits 2."""


def check_database(database_url: str) -> None:
    """A report of a database that is not there would create an empty one and report zeros."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).is_file():
            raise ReportError(f"No database at {url.database} (DATABASE_URL): nothing to report.")


async def make_report(settings: Settings, since: date | None, out_dir: Path) -> list[Path]:
    from bot.runtime import open_runtime

    check_database(settings.database_url)
    runtime = await open_runtime(settings)
    try:
        async with runtime.session_factory() as session:
            report = await CourseReportService(session, runtime.course).build(since)
        try:
            return files.write(report, out_dir)
        except OSError as exc:
            raise ReportError(f"Cannot write the report to {out_dir}: {exc.strerror or exc}") from exc
    finally:
        await runtime.engine.dispose()
