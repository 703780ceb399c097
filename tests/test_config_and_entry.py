"""Configuration: the token is required to run, validated, and never echoed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent
GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"



def home() -> dict[str, str]:
    """HOME for a child process, and this run's course cache (conftest.course_cache)."""
    return {"HOME": str(ROOT), "COURSE_CACHE_DIR": os.environ["COURSE_CACHE_DIR"]}


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("ADMIN_IDS", "11, 22 33")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings(_env_file=None)
    assert settings.token() == GOOD_TOKEN
    assert settings.admin_ids == (11, 22, 33)
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.log_level == "DEBUG"
    assert GOOD_TOKEN not in repr(settings)  # SecretStr keeps it out of logs and tracebacks


def test_settings_read_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    env = tmp_path / ".env"
    env.write_text(f"BOT_TOKEN={GOOD_TOKEN}\nDATABASE_URL=sqlite+aiosqlite:///x.db\n")
    settings = Settings(_env_file=env)
    assert settings.token() == GOOD_TOKEN
    assert settings.database_url == "sqlite+aiosqlite:///x.db"


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:short"])
def test_missing_or_malformed_token_explains_what_to_do(token: str | None) -> None:
    settings = Settings(bot_token=token, _env_file=None)
    with pytest.raises(ConfigError) as caught:
        settings.token()
    message = str(caught.value)
    assert "@BotFather" in message and "make chat" in message
    if token:
        assert token not in message


def run_module(*args: str, env_token: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": env_token, **home()}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_bot_refuses_to_start_without_a_valid_token_in_one_line() -> None:
    secret = "12345:this-is-not-valid!!"
    result = run_module(env_token=secret)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "@BotFather" in lines[0]
    assert secret not in result.stderr + result.stdout


def test_check_content_command_passes_on_shipped_content() -> None:
    result = run_module("check-content", env_token="")
    assert result.returncode == 0, result.stderr
    assert "content ok:" in result.stdout


def test_bot_refuses_to_start_on_broken_content_and_lists_the_problems(tmp_path: Path) -> None:
    from tests.support import course_fixture as fx

    root = fx.write_course(tmp_path / "course")
    (root / "chapters" / "01-alpha-basics.yaml").write_text("id: alpha-basics\nlessons: [oops\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD_TOKEN, **home(), "CONTENT_DIR": str(root),
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", "TELEGRAM_API_URL": "http://127.0.0.1:9"}
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "The course content is invalid" in result.stderr
    assert "01-alpha-basics.yaml: malformed YAML at line" in result.stderr
    assert "Traceback" not in result.stderr


def test_token_never_appears_in_logs_even_at_debug(tmp_path: Path) -> None:
    """Start the real bot against an address where nothing listens, with DEBUG logging: the
    polling loop fails and retries, and nothing it prints contains the token."""
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD_TOKEN, **home(), "LOG_LEVEL": "DEBUG",
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", "TELEGRAM_API_URL": "http://127.0.0.1:9"}
    log_file = tmp_path / "bot.log"
    with log_file.open("w") as sink:
        process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, text=True)
        try:
            # Wait (bounded) until it has tried to reach Telegram: start-up is slower on a loaded machine.
            deadline = time.monotonic() + 60
            while "Cannot connect" not in log_file.read_text() and time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=20)
    output = log_file.read_text()
    assert "Cannot connect to host 127.0.0.1:9" in output  # it did try, and logged why
    assert "Traceback" not in output and process.returncode != 1  # kept retrying until stopped
    secret = GOOD_TOKEN.split(":", 1)[1]
    assert secret not in output


async def test_a_token_telegram_rejects_stops_the_bot_in_one_line(tmp_path: Path, emulator) -> None:
    import asyncio

    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD_TOKEN, **home(), "TELEGRAM_API_URL": emulator.url,
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    errors = stderr.decode()
    assert process.returncode == 2
    assert "Telegram rejected BOT_TOKEN (401 Unauthorized)" in errors and "Traceback" not in errors
    assert GOOD_TOKEN.split(":", 1)[1] not in errors


def test_chat_command_needs_no_token_and_reaches_a_lesson(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", **home(), "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"}
    typed = "/start\n3\nskip\ntoday\n"  # the third path (fast-track), keep UTC, "Start today's lesson"
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=ROOT, env=env, input=typed,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "30 Must-Know Concepts\nChapter 2 · Introduction to System Design · page 1/6" in result.stdout


@pytest.mark.parametrize(("secret", "problem"), [(None, "needs WEBHOOK_SECRET"), ("has spaces", "needs WEBHOOK_SECRET"),
                                                 ("x" * 257, "needs WEBHOOK_SECRET")])
def test_webhook_mode_without_a_usable_secret_stops_in_one_line(secret: str | None, problem: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD_TOKEN, **home(), "BOT_MODE": "webhook",
           "WEBHOOK_URL": "https://bot.example.com/telegram"}
    if secret is not None:
        env["WEBHOOK_SECRET"] = secret
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_json_logs_are_one_object_per_line_and_still_redacted() -> None:
    import json
    import logging

    from bot.log_format import JsonLines
    from bot.log_redaction import RedactSecrets

    record = logging.LogRecord("aiogram", logging.ERROR, __file__, 1, "fetch failed for /bot%s/getMe",
                               (GOOD_TOKEN,), None)
    assert RedactSecrets([GOOD_TOKEN, "s3cret-webhook"]).filter(record)
    entry = json.loads(JsonLines().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "aiogram" and GOOD_TOKEN not in entry["message"]


def test_a_start_up_that_stops_early_leaves_the_garbage_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up runs with the collector off (bot.heap); a caller in the same
    process must get it back even when start-up ends in an error."""
    import gc

    from bot.__main__ import main
    from tests.support import course_fixture as fx

    root = fx.write_course(tmp_path / "course")
    (root / "chapters" / "01-alpha-basics.yaml").write_text("lessons: [oops\n", encoding="utf-8")
    for name, value in {"BOT_TOKEN": GOOD_TOKEN, "CONTENT_DIR": str(root), "TELEGRAM_API_URL": "http://127.0.0.1:9",
                        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}.items():
        monkeypatch.setenv(name, value)
    assert gc.isenabled()
    assert main([]) == 1
    assert gc.isenabled()
