"""The real bot, `python -m bot`, in a child process: for tests about processes (kill -9, restarts)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    def __init__(self, emulator: BotApiEmulator, folder: Path, **env: str) -> None:
        self.emulator = emulator
        self.folder = folder
        self.log = folder / "bot.log"
        self.env = {
            "PATH": "/usr/bin:/bin", "HOME": str(ROOT), "COURSE_CACHE_DIR": os.environ.get("COURSE_CACHE_DIR", ""),
            "BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_URL": emulator.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.db'}", **env,
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start it and wait until it polls (it publishes its commands just before)."""
        published = len(self.emulator.calls_of("setMyCommands"))
        with self.log.open("a") as sink:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=ROOT, env=self.env, stdout=sink, stderr=sink
            )
        await self.emulator.wait_for_call("setMyCommands", count=published + 1, timeout=60)

    async def kill(self) -> None:
        """kill -9: no shutdown hook runs, no transaction is finished."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> int:
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGINT)
        return await asyncio.wait_for(self.process.wait(), 30)
