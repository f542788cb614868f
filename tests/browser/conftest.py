"""Browser tests drive the system Chromium (Playwright cannot download browsers here)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API runs its own event loop; Django must allow ORM calls beside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _password_alone_signs_in(settings):
    # These journeys sign in with a password, as on the demo server (`qualitymonth demo` sets
    # OTP_REQUIRED off); the second factor has its own tests in core/tests/test_two_factor.py.
    settings.OTP_REQUIRED = False


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
