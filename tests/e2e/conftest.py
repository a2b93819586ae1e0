"""Browser tests: Playwright driving Debian's Chromium against the live test server.

The live server is bound to 127.0.0.1 and the page runs in the same process, so Django's
async-safety check is relaxed for these tests only. Screenshots of each journey's last
screen go to test-artifacts/ (git-ignored; CI keeps them as artefacts).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def page_for(browser, live_url, settings):
    """page_for(user, phone=False) -> a logged-in page (cookie from force_login)."""
    from django.conf import settings as django_settings
    from django.test import Client

    contexts = []

    def make(user=None, *, phone=False):
        options = {"locale": "zh-CN"}
        if phone:
            options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        context = browser.new_context(base_url=live_url, **options)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_url}])
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
