"""`make bench`: every speed and memory target, one line each with PASS or FAIL.

Speed targets are ratios to a bare aiogram echo bot measured in the same run over the same
emulator (bench.compare), so they hold on any machine; the rest are counts or absolute budgets
that the issue sets. `--quick` runs every measurement at toy sizes without judging them (the
smoke test in `make test` uses it to keep the harness working).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from bench.compare import QUICK, ROOT, Sizes, compare, latency_under_fan_out
from bench.fanout import fan_out_rate
from bench.million import tick_at_scale
from content import Course, load_course
from services.concepts import ConceptCatalog


@dataclass
class Line:
    target: str
    measured: str
    goal: str
    passed: bool

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.target:<44} {self.measured:<34} goal {self.goal}"


def seconds_until(
    command: list[str], marker: str | None = None, timeout: float = 60, typed: str = "",
    env: dict[str, str] | None = None,
) -> float:
    """Wall time of a command, or until it first prints `marker` (then it is stopped). `typed`
    goes to its stdin at once, as a person typing before it is ready."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    started = time.monotonic()
    if marker is None:
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=timeout)
        return time.monotonic() - started
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdin is not None and process.stdout is not None
    if typed:
        process.stdin.write(typed)
        process.stdin.flush()
    try:
        for line in process.stdout:
            if marker in line:
                return time.monotonic() - started
        raise RuntimeError(f"{' '.join(command)} ended without printing {marker!r}")
    finally:
        process.kill()
        process.wait()


def inline_search_p95(course: Course) -> float:
    """Seconds to rank the 30 terms and every lesson title for one query, as inline mode does:
    exact titles, prefixes, typos and words that match nothing, each searched 20 times."""
    catalog = ConceptCatalog(course)
    queries = [entry.title for entry in catalog.index.entries][:60]
    queries += [title[:4] for title in queries[:20]] + ["consistnt hashng", "cahce invalidation", "zzzz qqqq", ""]
    times = []
    for _ in range(20):
        for query in queries:
            started = time.perf_counter()
            catalog.search(query)
            times.append(time.perf_counter() - started)
    times.sort()
    return times[int(len(times) * 0.95)]


async def run(sizes: Sizes, quick: bool) -> list[Line]:
    course = load_course()
    lines: list[Line] = []
    summary = await compare(course, sizes, order=("echo", "coach") if quick else ("echo", "coach") * 2)
    echo, coach = summary["echo"], summary["coach"]
    for name, rate in coach["rates"].items():
        ratio = rate / echo["rates"][name]
        lines.append(Line(f"updates/s, {name} (vs echo bot)", f"{rate:.0f} vs {echo['rates'][name]:.0f} = {ratio:.2f}",
                          ">= 0.50", ratio >= 0.5))
    first = coach["first_reply"] / echo["first_reply"]
    lines.append(Line("first reply to a burst of new learners", f"{coach['first_reply']:.2f} s vs "
                      f"{echo['first_reply']:.2f} s = {first:.1f}x", "<= 2x echo", first <= 2))
    start_gap = coach["startup"] - echo["startup"]
    lines.append(Line("start-up to first getUpdates", f"{coach['startup']:.2f} s vs {echo['startup']:.2f} s",
                      "<= echo + 1 s", start_gap <= 1))
    growth = coach["rss_after"] - coach["rss_idle"]
    lines.append(Line("RSS growth after a 3,000-update burst", f"{coach['rss_idle']:.0f} -> "
                      f"{coach['rss_after']:.0f} MiB (+{growth:.0f})", "<= 20 MiB", growth <= 20))

    pushes = 300 if quick else 3_000
    rate, sent = await fan_out_rate(pushes)
    lines.append(Line("pushes/s through the real path, no limiter", f"{rate:.0f}/s ({sent} sent)", ">= 150/s",
                      rate >= 150 and sent == pushes))
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:  # the same fan-out with PostgreSQL claiming and recording (its database is emptied)
        rate, sent = await fan_out_rate(pushes, postgres)
        lines.append(Line("pushes/s, the same on PostgreSQL", f"{rate:.0f}/s ({sent} sent)", ">= 150/s",
                          rate >= 150 and sent == pushes))
    loaded = await latency_under_fan_out(course, sizes, due=200 if quick else 3_000)
    slower = loaded / coach["idle_p95"]
    lines.append(Line("/today p95 during a 25/s fan-out", f"{loaded * 1000:.0f} ms vs idle "
                      f"{coach['idle_p95'] * 1000:.0f} ms = {slower:.1f}x", "<= 2x idle", slower <= 2))
    took, due, claimed = await tick_at_scale(course, 20_000 if quick else 1_000_000)
    lines.append(Line("tick at 1M learners: select + claim a minute", f"{took * 1000:.0f} ms for {claimed}/{due}",
                      "<= 200 ms", took <= 0.2 and claimed == due))

    slowest = inline_search_p95(course)
    lines.append(Line("inline search over the whole course, p95", f"{slowest * 1000:.1f} ms", "<= 50 ms",
                      slowest <= 0.05))

    python = sys.executable
    check = seconds_until([python, "-m", "bot", "check-content"])
    lines.append(Line("check-content", f"{check:.2f} s", "<= 3 s", check <= 3))
    # The chat prints its banner at once (typing can begin) and answers once it has loaded: what
    # counts is the answer to a /start typed right away, on a new database.
    banner = seconds_until([python, "-m", "bot", "chat"], marker="Terminal chat")
    with tempfile.TemporaryDirectory() as folder:
        answered = seconds_until([python, "-m", "bot", "chat"], marker="system-design coach", typed="/start\n",
                                 env={"DATABASE_URL": f"sqlite+aiosqlite:///{folder}/chat.db"})
    lines.append(Line("terminal chat answers a /start typed at once", f"{answered:.2f} s (banner {banner:.2f} s)",
                      "<= 3 s", answered <= 3))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="toy sizes, no verdict (the smoke test)")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    lines = asyncio.run(run(QUICK if args.quick else Sizes(), args.quick))
    for line in lines:
        print(line if not args.quick else f"(quick) {line}")
    return 0 if args.quick or all(line.passed for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
