"""`make bench` is not part of the suite (its targets are ratios that need a quiet machine), but
its harness must keep working: run every measurement once at toy sizes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_benchmark_runs_and_reports_a_line() -> None:
    # With PostgreSQL at hand (.ci/run), the fan-out runs on it too (it empties that database, as
    # every PostgreSQL test does before it starts).
    postgres = os.environ.get("TEST_POSTGRES_URL")
    env = {**os.environ, "BENCH_POSTGRES_URL": postgres} if postgres else None
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("(quick) ")]
    targets = ["/today", "page turn", "quiz answer", "/progress", "first reply", "start-up", "RSS growth",
               "pushes/s", "p95 during", "tick at 1M", "check-content", "terminal chat"]
    if postgres:
        targets.append("on PostgreSQL")
    for target in targets:
        assert any(target in line for line in lines), (target, result.stdout)
