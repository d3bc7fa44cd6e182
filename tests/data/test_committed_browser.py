"""The committed geodata in Debian's Chromium against a real `streamlit run`: its full-resolution
islands paint offline, Play steps through its dense 1945 events, and a click on a real coastline's
island opens its panel (the code's behaviours are tested on the mini fixture in tests/test_browser.py)."""

from __future__ import annotations

import pytest
from test_browser import inside, open_map, painted_fraction, play_from, screen_point

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from tools.browser import chromium, map_frame, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    """A server on the committed geodata/."""
    with streamlit_server(geodata=DEFAULT_GEODATA) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_committed_map_paints_offline(server, browser, size):
    """deck.gl (served by the app, no CDN) paints the committed sea, land and islands at both sizes; no
    request leaves the machine."""
    page, outside = open_map(browser, server, "?date=1950-01-01", *size)
    canvas = map_frame(page).locator("canvas").first
    assert painted_fraction(canvas.screenshot()) > 0.9
    assert outside == []
    page.close()


def test_committed_play_steps_through_the_events(server, browser):
    """Play moves the map through the committed events from 15 August 1945, each step drawn before the
    next; the URL (the server) follows while it plays, and lands on the map's day when paused."""
    events = [d.isoformat() for d in dataset.load_history(DEFAULT_GEODATA).event_dates]
    played = play_from(browser, server, "1945-08-15")
    assert played == events[events.index("1945-08-15") :][: len(played)] and len(played) >= 7


def test_committed_clicking_shikotan_opens_its_panel(server, browser):
    """A click inside the committed Shikotan (its coarse pick shape) opens its panel beside the map,
    and the URL names it; the map is not loaded again."""
    page, _ = open_map(browser, server, "?date=1990-01-01&layers=boundary,claim")
    frame = map_frame(page)
    frame.evaluate("window.__stillHere = true")
    point = screen_point(frame, *inside(DEFAULT_GEODATA, "shikotan"))
    page.mouse.move(*point)  # hover first, as a hand does: a click at once after a page's first move is sometimes lost
    tooltip = frame.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text().startswith("Shikotan · Шикотан · 色丹島")
    page.mouse.click(*point)
    page.wait_for_function("() => location.search.includes('island=shikotan')", timeout=15000)
    page.get_by_role("heading", name="Shikotan").first.wait_for(timeout=15000)
    page.get_by_text("Go to this date").nth(2).wait_for(timeout=15000)  # its history, at least three entries
    assert map_frame(page).evaluate("window.__stillHere === true")
    page.close()
