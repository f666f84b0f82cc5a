"""A recruiter's session in a real browser (Debian's Chromium driven by Playwright).

Set RECRUITER_KIT_SCREENSHOTS=docs to refresh the screenshots in docs/.
"""

from __future__ import annotations

import os
import re
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import sync_playwright
from web_support import PASSWORD, RECRUITER, add_agency
from werkzeug.serving import make_server

from recruiter_kit.queue import create_queue

CHROMIUM = Path("/usr/bin/chromium")
ZONE = "America/Chicago"
DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


@pytest.fixture
def server(app, database_url, tmp_path):
    """The app on a loopback port (plain HTTP, so cookies without Secure), with a queue
    consumer running batches as they come."""
    add_agency(database_url)
    queue_path = tmp_path / "queue.sqlite"
    app.config.update(TESTING=False, SESSION_COOKIE_SECURE=False, QUEUE_PATH=queue_path)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    stop = threading.Event()
    consumer = threading.Thread(
        target=_consume, args=(create_queue(path=queue_path, database_url=database_url), stop)
    )
    consumer.start()
    yield f"http://127.0.0.1:{http.server_port}"
    stop.set()
    consumer.join()
    http.shutdown()


def _consume(queue, stop):
    while not stop.is_set():
        task = queue.huey.dequeue()
        if task is None:
            stop.wait(0.2)
        else:
            queue.huey.execute(task)


@pytest.fixture
def page(server):
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(
            base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def _shot(page, name):
    if os.environ.get("RECRUITER_KIT_SCREENSHOTS") == "docs":
        page.screenshot(path=str(DOCS / name), full_page=False)


def _main_once_it_shows(page, text):
    """The page's main text once it holds `text`: a form's post reloads the page, and
    reading at once can read the page still being left."""
    page.locator("main", has_text=text).wait_for()
    return page.inner_text("main")


def test_a_recruiters_day_in_the_browser(page, database_url):
    page.goto("/")
    assert page.url.endswith("/login?next=/")
    page.get_by_label("Email").fill(RECRUITER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Today").is_visible()
    assert "Ada Park" in page.inner_text("main")
    _shot(page, "web-dashboard.png")

    # Add a candidate.
    page.get_by_role("link", name="Candidates", exact=True).click()
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("Name").fill("Cleo Diaz")
    page.get_by_label("Email").fill("cleo@example.com")
    page.get_by_label("Time zone").fill(ZONE)
    page.get_by_label("Stage").select_option("submitted")
    page.get_by_role("button", name="Add candidate").click()
    page.wait_for_url("**/candidates/C-*")
    assert page.get_by_role("heading", name="Cleo Diaz").is_visible()

    # Add an interview that ended an hour ago: a thank-you is due.
    now = datetime.now(ZoneInfo(ZONE)).replace(second=0, microsecond=0)
    started, ended = now - timedelta(hours=2), now - timedelta(hours=1)
    form = page.locator("form", has=page.get_by_role("button", name="Add interview"))
    form.get_by_label("Company").fill("Initech")
    form.get_by_label("Position").fill("Account Manager")
    form.get_by_label("Starts").fill(started.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Ends").fill(ended.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Format").select_option("video")
    form.get_by_label("Interviewer asked to be contacted by").select_option("email")
    form.get_by_role("button", name="Add interview").click()
    page.wait_for_url("**/interviews/I-*")
    interview = page.url.rsplit("/", 1)[1]
    assert page.locator("dd .badge").inner_text() == "due"

    # Log the thank-you email from the candidate page and watch the status change.
    page.get_by_role("link", name="Cleo Diaz").click()
    log = page.locator("form", has=page.get_by_role("button", name="Log it"))
    log.get_by_label("Interview").select_option(interview)
    log.get_by_label("What").select_option("thank_you_email")
    log.get_by_label("When").fill(now.strftime("%Y-%m-%dT%H:%M"))
    log.get_by_label("Summary").fill("Thanked Jane for her time")
    log.get_by_role("button", name="Log it").click()
    assert "Logged thank you email" in _main_once_it_shows(page, "Logged thank you email")
    interview_link = page.get_by_role("link", name=re.compile(f"^{interview}: "))
    row = page.locator("tr", has=interview_link).first
    assert "ok" in row.inner_text()

    # Correct the interview, then the thank-you's summary, on their pages.
    row.get_by_role("link", name=re.compile(f"^{interview}: ")).click()
    edit = page.locator("form", has=page.get_by_role("button", name="Save interview"))
    edit.get_by_label("Position").fill("Senior Account Manager")
    edit.get_by_role("button", name="Save interview").click()
    assert "Interview saved (1 change)." in _main_once_it_shows(page, "Interview saved (1 change).")
    assert page.get_by_role("heading", name="Initech, Senior Account Manager").is_visible()
    page.get_by_role("link", name="Correct or delete M-", exact=False).click()
    page.get_by_label("Summary").fill("Thanked Jane and Bo")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Thanked Jane and Bo" in _main_once_it_shows(page, "Thanked Jane and Bo")
    page.get_by_role("link", name="Cleo Diaz").click()

    # Move a stage.
    page.get_by_label("Move to stage").select_option("interviewing")
    page.get_by_role("button", name="Move", exact=True).click()
    assert "Cleo Diaz is now at stage interviewing." in _main_once_it_shows(
        page, "Cleo Diaz is now at stage interviewing."
    )
    # The latest interview's handout shows in the page, in the handout's own font.
    preview = page.frame_locator("iframe.preview")
    preview.get_by_text("Cleo Diaz").first.wait_for(state="attached")
    font = preview.locator("body").evaluate("body => getComputedStyle(body).fontFamily")
    assert "Handout Sans" in font
    loaded = preview.locator("body").evaluate(
        "body => document.fonts.ready.then(() => document.fonts.check('12px \"Handout Sans\"'))"
    )
    assert loaded  # the embedded font was allowed to load
    _shot(page, "web-candidate.png")

    # Print a batch of handouts in the background and download it.
    page.get_by_role("link", name="Handouts").click()
    page.get_by_label("Follow-up status").select_option(["overdue", "ok"])
    page.get_by_role("button", name="Start batch").click()
    download_link = page.get_by_role("link", name="Download PDF")
    download_link.wait_for(timeout=60_000)  # the page refreshes itself while the batch runs
    with page.expect_download() as download:
        download_link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Keyboard users can skip to the content and see where they are.
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent,"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["Skip to content", "solid"]

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert "You are signed out." in page.inner_text("main")
    page.goto("/candidates")
    assert "/login" in page.url


def test_a_card_dragged_onto_another_stage_moves(page):
    page.goto("/login")
    page.get_by_label("Email").fill(RECRUITER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto("/pipeline")
    card = page.locator("li[data-card]", has_text="Ben Okafor")
    # Taken by its edge (its link and select have drag and click behaviours of their own).
    card.drag_to(page.locator('section[data-stage="offer"]'), source_position={"x": 2, "y": 2})
    page.wait_for_url("**/pipeline")
    page.get_by_text("Ben Okafor is now at stage offer.").wait_for()
    assert "Ben Okafor" in page.locator('section[data-stage="offer"]').inner_text()
