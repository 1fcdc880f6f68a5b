"""Real-browser helpers: Debian's Chromium driven by Playwright (never a downloaded browser).

A missing Chromium FAILS the browser tests with the fix in the message (CI installs it through
`.ci/run`); it never skips them silently.
"""

from __future__ import annotations

import contextlib
import os

import pytest

CHROMIUM = os.environ.get("WARGAME_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 800}


@contextlib.asynccontextmanager
async def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: the seat tests need a real browser. "
                    f"Install Debian's package (apt-get install -y chromium; .ci/run does it), or point "
                    f"WARGAME_CHROMIUM at a Chromium binary.", pytrace=False)
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def open_page(browser, url: str, viewport: dict = PHONE):
    """A page in a context of its own (no shared storage, as on separate devices), live."""
    from playwright.async_api import expect

    context = await browser.new_context(viewport=viewport)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors
    await page.goto(url)
    await expect(page.locator("#conn")).to_have_text("live")
    return page


async def seal_all(page, rationale: str) -> int:
    """Seal every open move on a seat page: the first available option, with `rationale`."""
    from playwright.async_api import expect

    n = 0
    while await page.locator("form[data-post=move]").count():
        form = page.locator("form[data-post=move]").first
        inject = await form.locator("input[name=inject]").input_value()
        await form.locator("input[name=choice]:not([disabled]):not([value=''])").first.check()
        await form.locator("textarea[name=rationale]").fill(f"{rationale} {inject}")
        await form.locator("button[type=submit]").click()
        await expect(page.locator(f"#task-{inject} .sealed-move")).to_be_visible()
        n += 1
    return n
