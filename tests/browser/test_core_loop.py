"""The core loop in real Chromium against a live server: report, allocate, review, find, interview, close.

A small force is created through the real services; every step is done through the pages as the person
whose job it is, and a screenshot of each step is kept in artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from misper.accounts.models import Role, Team, User
from misper.accounts.services import user_create
from misper.core.timeutil import local, now
from misper.episodes.models import Episode, Review, Status
from misper.notifications.models import Notification

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def small_force() -> dict[str, User]:
    """A call handler, a DI, and a DS whose team has one officer: the allocation has one choice."""
    team = Team.objects.create(name="DS Team North")
    specs = [
        ("handler", Role.CALL_HANDLER, None, "Cara", "Handler"),
        ("inspector", Role.DI, None, "Dev", "Inspector"),
        ("sergeant", Role.DS, team, "Sam", "Sergeant"),
        ("constable", Role.OFFICER, team, "Olu", "Constable"),
    ]
    return {
        username: user_create(
            username=username,
            role=role,
            team=member_of,
            password=PASSWORD,
            first_name=first,
            last_name=last,
        )
        for username, role, member_of, first, last in specs
    }


def uk_date(value: datetime) -> str:
    return local(value).strftime("%d/%m/%Y")


def uk_time(value: datetime) -> str:
    return local(value).strftime("%H:%M")


class Browser:
    """One Chromium; one context (cookie jar) per person, so several can be signed in at once."""

    def __init__(self, chromium: Any, base_url: str) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.step = 0
        self.pages: dict[str, Any] = {}

    def page_for(self, username: str) -> Any:
        context = self.chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=self.base_url)
        page = context.new_page()
        self.pages[username] = page
        page.set_default_timeout(8_000)
        self.sign_in(page, username)
        return page

    def sign_in(self, page: Any, username: str) -> None:
        page.goto("/signin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{self.base_url}/")

    def shot(self, page: Any, name: str) -> None:
        self.step += 1
        page.screenshot(path=str(SHOTS / f"{self.step:02d}-{name}.png"), full_page=True)

    def shoot_everyone(self, prefix: str) -> None:
        """On failure: what each person's page showed, to see why without rerunning."""
        for username, page in self.pages.items():
            if not page.is_closed():
                page.screenshot(path=str(SHOTS / f"{prefix}-{username}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_high_risk_child_report_goes_from_call_to_closure_in_the_browser(
    live_server: Any, settings: Any
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    settings.MISPER_BELL_POLL_SECONDS = 1  # the bell polls every second instead of every ten
    staff = small_force()
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The ORM is not touched again until the browser has closed: Playwright's event loop runs in
    # this thread, and Django refuses ORM calls from a thread with a running event loop.
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browser = Browser(chromium, live_server.url)
        try:
            episode_id = core_loop(browser, sync_api.expect, started=now())
        except Exception:
            browser.shoot_everyone("failure")
            raise
        finally:
            chromium.close()

    episode = Episode.objects.get(pk=episode_id)
    assert episode.status == Status.CLOSED
    assert episode.closed_by == staff["sergeant"]
    assert Review.objects.get(episode=episode).completed_by == staff["inspector"]
    allocation = Notification.objects.get(
        recipient=staff["constable"], episode=episode, kind=Notification.Kind.ALLOCATION
    )
    assert allocation.acknowledged_at is not None


def core_loop(browser: Browser, expect: Any, started: datetime) -> int:
    """Every step through the pages; returns the episode's id. Times are typed as local dd/mm/yyyy."""
    last_seen, found, interviewed = started - timedelta(hours=3), started - timedelta(hours=1), started

    # The officer is at their desk before the call comes in; their page is never reloaded.
    officer = browser.page_for("constable")
    expect(officer.locator("#bell")).to_contain_text("Notifications")
    officer.evaluate("window.stillTheSamePage = true")

    # The call handler files the report, first with two mistakes.
    handler = browser.page_for("handler")
    handler.get_by_role("link", name="New report").click()
    handler.get_by_label("Given name").fill("Amy")
    handler.get_by_label("Family name").fill("Hart")
    handler.get_by_label("Date of birth").fill("02/04/2099")
    handler.get_by_role("group", name="Risk grade").get_by_label("High").check()
    handler.get_by_label("Why this grade").fill("Aged 14, out overnight, phone off.")
    handler.get_by_role("button", name="File report").click()

    summary = handler.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Date of birth: the date of birth cannot be in the future")
    expect(summary).to_contain_text("Date last seen: Enter the date they were last seen")
    expect(summary).to_contain_text("Where last seen: Enter where they were last seen")
    expect(handler.get_by_label("Given name")).to_have_value("Amy")
    expect(handler.get_by_label("Date of birth")).to_have_value("02/04/2099")
    expect(handler.get_by_label("Why this grade")).to_have_value("Aged 14, out overnight, phone off.")
    expect(handler.get_by_role("group", name="Risk grade").get_by_label("High")).to_be_checked()
    browser.shot(handler, "report-with-errors")

    summary.get_by_role("link", name="Date of birth").click()
    expect(handler.get_by_label("Date of birth")).to_be_focused()
    child_dob = local(started - timedelta(days=14 * 365 + 100)).strftime("%d/%m/%Y")
    handler.get_by_label("Date of birth").fill(child_dob)
    handler.get_by_label("Date last seen").fill(uk_date(last_seen))
    handler.get_by_label("Time last seen").fill(uk_time(last_seen))
    handler.get_by_label("Where last seen").fill("Market Place, Derby")
    handler.get_by_role("button", name="File report").click()

    # The URL may keep the #fragment of the error summary link followed before the submit.
    handler.wait_for_url(re.compile(r".*/episodes/\d+/(#.*)?$"))
    episode_id = int(re.findall(r"/episodes/(\d+)/", handler.url)[0])
    expect(handler.locator(".messages")).to_contain_text(f"Report filed: episode {episode_id}")
    expect(handler.locator("h1")).to_contain_text("Amy Hart, aged 14")
    expect(handler.locator("#allocation-summary")).to_contain_text("Officer: Olu Constable")
    expect(handler.locator("#allocation-summary")).to_contain_text("Supervisor: Sam Sergeant")
    steps = handler.locator(".next-steps")
    expect(steps).to_contain_text("DI review by Dev Inspector")
    expect(steps).to_contain_text("Visit for Olu Constable")
    expect(steps).to_contain_text("Search for Olu Constable")
    browser.shot(handler, "report-filed-and-allocated")
    handler.get_by_role("button", name="Sign out").click()
    handler.wait_for_url(re.compile(r".*/signin/$"))

    # The allocation reaches the officer's open page by itself.
    banner = officer.locator("#bell-banner")
    expect(banner).to_contain_text(f"You are the officer for episode {episode_id}")
    expect(officer.locator("#bell .badge")).to_contain_text("1")
    assert officer.evaluate("window.stillTheSamePage") is True
    browser.shot(officer, "officer-sees-allocation-without-reloading")

    # The DI finds the review waiting and completes it.
    inspector = browser.page_for("inspector")
    inspector.locator("#reviews-h + table").get_by_role("link", name="Amy Hart").click()
    inspector.get_by_label("Decision and actions").fill("High risk confirmed. Check the friends' list.")
    inspector.get_by_role("button", name="Record review").click()
    expect(inspector.locator(".messages")).to_contain_text("Review recorded.")
    expect(inspector.locator(".next-steps")).to_contain_text("DI review done")
    browser.shot(inspector, "di-review-done")
    inspector.get_by_role("button", name="Sign out").click()

    # The officer acknowledges, records that Amy was found, and holds the prevention interview.
    banner.get_by_role("button", name="Acknowledge and open the case").click()
    officer.wait_for_url(re.compile(rf".*/episodes/{episode_id}/$"))
    officer.get_by_label("Date found").fill(uk_date(found))
    officer.get_by_label("Time found").fill(uk_time(found))
    officer.get_by_label("Where found").fill("A friend's flat, Normanton Road")
    officer.get_by_role("button", name="Record found").click()
    expect(officer.locator(".messages")).to_contain_text("Recorded as found")
    browser.shot(officer, "found-recorded")
    officer.get_by_label("Date of interview").fill(uk_date(interviewed))
    officer.get_by_label("Time of interview").fill(uk_time(interviewed))
    officer.get_by_label("What the person said; disclosures").fill("Stayed with a friend; no harm.")
    officer.get_by_role("button", name="Record interview").click()
    expect(officer.locator(".messages")).to_contain_text("Prevention interview recorded")
    browser.shot(officer, "interview-recorded")

    # The DS, the case's supervisor, closes it.
    sergeant = browser.page_for("sergeant")
    sergeant.locator("#cases-h + table").get_by_role("link", name="Amy Hart").click()
    sergeant.get_by_role("button", name="Close case").click()
    expect(sergeant.locator(".messages")).to_contain_text("Case closed.")
    expect(sergeant.locator(".next-steps")).to_contain_text("Closed")
    browser.shot(sergeant, "case-closed")
    return episode_id
