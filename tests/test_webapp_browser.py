"""The Mini App in a real browser: headless Chromium (Debian's chromium and chromium-driver, which
.ci/run installs) at a phone's 360 px, driven over WebDriver. Screenshots of each page are saved
in test-artifacts/. Without Chromium the test is skipped and says why."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from bot.web import serve
from bot.webapp.server import webapp_only
from content import load_course
from domain.clock import FrozenClock
from tests.support.bot_process import free_port
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.init_data import signed_init_data
from tests.support.running import TEST_TOKEN, running_bot

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499", "link_color": "#6ab3f3",
        "button_color": "#5288c1", "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c"}

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Chromium is not installed: .ci/run installs Debian's chromium and chromium-driver",
)


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    # A phone's viewport (a desktop window cannot be made this narrow in headless Chromium).
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 780,
                                                                          "pixelRatio": 2}})
    driver = webdriver.Chrome(service=Service(DRIVER or ""), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def look_around(d: WebDriver, url: str, finished_title: str) -> None:
    """What a learner does in the Mini App; runs in a thread, as WebDriver calls block while the
    bot's server, on the test's event loop, answers the page's requests."""
    d.get(url)
    wait = WebDriverWait(d, 15)
    wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "details.chapter")))
    done = [text for link in d.find_elements(By.CSS_SELECTOR, "ul.lessons a")
            if "✅" in (text := link.get_attribute("textContent") or "")]
    assert len(done) == 1 and finished_title in done[0]
    assert d.execute_script("return window.innerWidth") == 360
    wide = d.execute_script("""return [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)
                          + ' of ' + window.innerWidth)""")
    assert not wide, wide  # nothing sticks out sideways at a phone's width
    background = d.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"  # Telegram's dark theme, from the launch parameters
    d.save_screenshot(str(ARTIFACTS / "webapp-map.png"))

    link = d.find_element(By.CSS_SELECTOR, 'a[href="#lesson/consistent-hashing"]')
    d.execute_script("arguments[0].closest('details').open = true", link)  # unfold its chapter
    link.click()
    wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), "Consistent Hashing"))
    follow_up = d.find_element(By.CSS_SELECTOR, "details.follow-up")
    answer = follow_up.find_element(By.TAG_NAME, "p")
    assert not answer.is_displayed()  # hidden until tapped
    follow_up.find_element(By.TAG_NAME, "summary").click()
    assert answer.is_displayed() and len(answer.text) > 100
    d.save_screenshot(str(ARTIFACTS / "webapp-lesson.png"))

    d.find_element(By.CSS_SELECTOR, 'header button[data-view="progress"]').click()
    wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "main svg")))
    assert "day streak" in d.find_element(By.TAG_NAME, "main").text
    assert d.find_elements(By.CSS_SELECTOR, 'svg[aria-label="Accuracy per chapter"] rect')
    assert "20 days left" in d.find_element(By.TAG_NAME, "main").text
    assert d.find_elements(By.CSS_SELECTOR, 'svg[aria-label="Days to the interview"]')
    d.save_screenshot(str(ARTIFACTS / "webapp-progress.png"))


async def test_map_lesson_and_dashboard_in_chromium(
    emulator: BotApiEmulator, tmp_path: Path, shipped_content: Path, browser: WebDriver
) -> None:
    course = load_course(shipped_content)
    now = datetime.now(UTC)
    ada = Learner(emulator, user_id=9601, first_name="Ada")
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    ARTIFACTS.mkdir(exist_ok=True)
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(now)) as dp:
        await ada.reads_todays_lesson_on(course.path("fast-track").title)
        *_, poll = await ada.presses("Take the quiz")
        while poll.poll is not None:  # answers for the accuracy chart
            [poll] = await ada.answers_right(poll)
        await ada.says(f"/interview {(now + timedelta(days=20)).date().isoformat()}")
        finished = course.lessons_by_id[course.path("fast-track").lesson_ids[0]]
        port = free_port()
        runner = await serve(webapp_only(dp["course"], dp["session_factory"], TEST_TOKEN), "127.0.0.1", port)
        try:
            launch = (f"tgWebAppData={quote(signed_init_data(TEST_TOKEN, ada.id, now))}"
                      f"&tgWebAppThemeParams={quote(json.dumps(DARK))}")
            await asyncio.to_thread(look_around, browser, f"http://127.0.0.1:{port}/app#{launch}", finished.title)
        finally:
            await runner.cleanup()
