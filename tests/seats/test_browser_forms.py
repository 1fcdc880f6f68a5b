"""The seat and observer pages' forms in a real browser: what a student is typing survives the
pushes other tables cause, a sealed move is withdrawn and comes back as it was sent, a refusal is
shown beside the form, an observer's note is logged and stays off the room page, and a revoked
link stops the page trying. Plus: no Chromium is a failure that says how to install it."""

from __future__ import annotations

import json

import pytest


from tests.seats import browser
from tests.seats.browser import PROJECTOR, chromium, open_page
from tests.seats.conftest import served
from wargame.engine import commands as C

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.slow]


@pytest.fixture(autouse=True)
def _expect_timeout():
    from playwright.async_api import expect

    expect.set_options(timeout=15_000)


def records(path, kind: str) -> list[dict]:
    return [r for line in path.read_text().splitlines() if (r := json.loads(line))["type"] == kind]


async def test_typing_survives_pushes_withdraw_restores_the_draft_and_notes_stay_private(mini_cs, tmp_path):
    from playwright.async_api import expect

    log = tmp_path / "g.jsonl"
    async with served(mini_cs, log) as server, chromium() as b:
        links = {link["viewer"]: link["url"] for link in server.links()}
        jpn = await open_page(b, links["JPN"])
        room = await open_page(b, links["room"], PROJECTOR)
        observer = await open_page(b, links["observer"])
        form = jpn.locator("form[data-post=move]")
        # Unavailable options are greyed with the reason (KOR's abstain needs support; JPN has none greyed).
        await form.locator("input[name=choice][value=join]").check()
        rationale = form.locator("textarea[name=rationale]")
        await rationale.click()
        await rationale.type("We send a unit")
        # Another table seals meanwhile: Japan's page is re-rendered, the typing and choice survive.
        session = server.session
        session.do(C.SubmitMove("incubator", "USA", option="convene", rationale="r", by="USA"))
        await expect(jpn.locator(".st", has_text="United States").locator(".st-status")).to_have_text("sealed")
        await expect(rationale).to_have_value("We send a unit")
        await expect(form.locator("input[name=choice][value=join]")).to_be_checked()
        await rationale.type(" now")  # focus kept: typing goes on where it was
        await expect(rationale).to_have_value("We send a unit now")
        # A free-form action without a description is stopped in the page; nothing is sent.
        await form.locator("input[name=choice][value='']").check()
        await form.locator("button[type=submit]").click()
        await expect(form.locator(".form-error")).to_have_text("Describe what your delegation does.")
        assert records(log, "move-submitted")[-1]["delegation"] == "USA"
        await form.locator("input[name=choice][value=join]").check()
        await form.locator("button[type=submit]").click()
        await expect(jpn.locator(".sealed-move .choice")).to_have_text("Join")
        [sub] = [r for r in records(log, "move-submitted") if r["delegation"] == "JPN"]
        assert sub["by"] == "JPN" and sub["rationale"] == "We send a unit now"
        await expect(room.locator(".st", has_text="Japan").locator(".st-status")).to_have_text("sealed")
        assert "We send a unit" not in await room.content()
        # Withdraw: logged with who did it; the form comes back as it was sent, ready to change.
        await jpn.locator("form[data-post=withdraw] input[name=reason]").fill("second thoughts")
        await jpn.locator("form[data-post=withdraw] button[type=submit]").click()
        await expect(jpn.locator("form[data-post=move] textarea[name=rationale]")).to_have_value("We send a unit now")
        await expect(jpn.locator("form[data-post=move] input[name=choice][value=join]")).to_be_checked()
        [reopened] = records(log, "move-reopened")
        assert reopened["by"] == "JPN" and reopened["reason"] == "second thoughts"
        await expect(room.locator(".st", has_text="Japan").locator(".st-status")).to_have_text("waiting")
        # Control enters Japan's move at the keyboard: the open form gives way to the sealed move.
        session.do(C.SubmitMove("incubator", "JPN", option="observe", rationale="Control typed it"))
        await expect(jpn.locator(".sealed-move .choice")).to_have_text("Observe")
        # A refusal from the server is shown beside the form, as a sentence, and nothing is logged.
        before = log.read_bytes()
        await observer.locator("textarea[name=text]").fill("   ")
        await observer.locator("form[data-post=note] button[type=submit]").click()
        await expect(observer.locator("form[data-post=note] .form-error")).to_contain_text("empty")
        assert log.read_bytes() == before
        # An observer's note, tied to the inject: logged, shown to observers, never to the room or seats.
        hostile = "JPN hesitated: OBSERVED-NOTE <img src=x onerror=\"window.__pwned=1\">"
        await observer.locator("textarea[name=text]").fill(hostile)
        await observer.locator("form[data-post=note] button[type=submit]").click()
        await expect(observer.locator(".my-notes")).to_contain_text(hostile)  # shown as typed, as text
        assert await observer.evaluate("window.__pwned") is None
        assert await observer.locator(".my-notes img").count() == 0
        [note] = records(log, "note-added")
        assert note["by"] == "observer" and note["inject"] == "incubator" and note["kind"] == "observation"
        await expect(room.locator(".st", has_text="Japan").locator(".st-status")).to_have_text("sealed")
        assert "OBSERVED-NOTE" not in await room.content() and "OBSERVED-NOTE" not in await jpn.content()
        # Control reissues Japan's link: the open page is told and stops reconnecting.
        server.revoke("JPN")
        await expect(jpn.locator("#conn")).to_contain_text("new link")
        for page in (jpn, room, observer):
            assert page.js_errors == []


async def test_no_chromium_is_a_failure_that_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        async with chromium():
            pass
