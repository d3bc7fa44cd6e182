"""What only a browser shows, in Debian's Chromium against a real `streamlit run` on the mini fixture
(tests/fixtures/mini): the map paints offline, its slider moves by keyboard and the map follows, Play
steps through the events, a click opens an island's panel, the server's buttons move the map, and the
URL follows every move. The browser on the committed geodata: tests/data/test_committed_browser.py."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from shapely.geometry import shape
from shapely.ops import polylabel

from kurils.model import dataset
from kurils.model.geojson_io import read_collection
from tools.browser import chromium, map_frame, map_point, streamlit_server, wait_for_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(mini: Path):
    """A server on the mini fixture."""
    with streamlit_server(geodata=mini) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def painted_fraction(png: bytes) -> float:
    """Share of pixels that are not the page's white: sea, land and islands are all drawn."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    white = sum(n for n, c in img.getcolors(maxcolors=1 << 24) if c == (255, 255, 255))
    return 1 - white / (img.width * img.height)


def screen_point(frame, lon: float, lat: float) -> tuple[float, float]:
    """Where the map draws lon/lat on the page: its canvas's place plus the map's own (fitted) view."""
    box = frame.locator("canvas").first.bounding_box()
    x, y = map_point(frame, lon, lat)
    return box["x"] + x, box["y"] + y


def inside(folder: Path, island_id: str) -> tuple[float, float]:
    """A point well inside an island of the geodata in `folder`."""
    feature = next(
        f for f in read_collection(folder / "islands.geojson")["features"] if f["properties"]["id"] == island_id
    )
    geom = shape(feature["geometry"])
    point = polylabel(max(getattr(geom, "geoms", [geom]), key=lambda g: g.area), 0.001)  # far from any coast
    return point.x, point.y


def pixel(page, x: float, y: float) -> tuple[int, int, int]:
    from PIL import Image

    shot = page.screenshot(clip={"x": x - 1, "y": y - 1, "width": 3, "height": 3})
    return Image.open(io.BytesIO(shot)).convert("RGB").getpixel((1, 1))


def open_map(browser, server, query: str, width=1920, height=1080):
    page = browser.new_page(viewport={"width": width, "height": height})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    page.goto(f"{server}/{query}")
    wait_for_map(page)
    page.wait_for_timeout(1500)
    return page, outside


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_map_paints_offline(server, browser, size):
    """deck.gl (served by the app, no CDN) paints sea, land and islands at both sizes; no request
    leaves the machine."""
    page, outside = open_map(browser, server, "?date=1950-01-01", *size)
    canvas = map_frame(page).locator("canvas").first
    assert painted_fraction(canvas.screenshot()) > 0.9
    assert outside == []
    page.close()


def test_slider_moves_by_keyboard_and_the_map_follows(server, browser, mini):
    """ArrowRight on the focused slider moves one day; on 28 August 1945 Iturup turns Soviet, and the URL
    and the server's map in words follow."""
    page, _ = open_map(browser, server, "?date=1945-08-27&layers=boundary,claim")
    frame = map_frame(page)
    x, y = screen_point(frame, *inside(mini, "iturup"))
    before = pixel(page, x, y)
    slider = frame.get_by_role("slider")
    assert slider.get_attribute("aria-valuetext") == "27 August 1945"
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('date=1945-08-28')", timeout=15000)
    page.wait_for_timeout(1500)
    after = pixel(page, x, y)
    assert before[0] > before[2], before  # vermillion (Japan)
    assert after != before and after[2] > 120, after  # reddish purple (USSR)
    assert url_params(page)["date"] == "1945-08-28" and slider.get_attribute("aria-valuetext") == "28 August 1945"
    page.get_by_text("28 August 1945").first.wait_for(timeout=10_000)  # the event card followed
    page.get_by_text(
        "On 28 August 1945: Shumshu, Urup and Iturup: held by the Soviet Union; also claimed by Japan. "
        "Polonsky and Zeleny: held by Japan."
    ).wait_for(timeout=10_000)
    page.close()


def play_from(browser, server, day: str) -> list[str]:
    """Open the map on `day`, press Play (fast, by event) until at least eight days are drawn and the URL
    has moved, press Pause: the days drawn from `day` on. Checks the URL then lands on the map's own day."""
    page, _ = open_map(browser, server, f"?date={day}")
    frame = map_frame(page)
    frame.get_by_label("Play's speed").select_option("fast")
    frame.get_by_role("button", name="Play").click()
    frame.wait_for_function("() => window.kurils.painted.length >= 8", timeout=20_000)
    page.wait_for_function("(d) => new URLSearchParams(location.search).get('date') > d", arg=day, timeout=15_000)
    frame.get_by_role("button", name="Pause").click()
    days = frame.evaluate("window.kurils.painted.map(p => toIso(p[0]))")
    shown = frame.evaluate("toIso(window.kurils.day)")
    page.wait_for_function("(d) => location.search.includes('date=' + d)", arg=shown, timeout=15_000)
    page.close()
    return days[days.index(day) :]


def test_play_steps_through_the_events_and_the_server_follows(server, browser, mini):
    """Play moves the map from event to event, each step drawn before the next, and after the last
    event back to the first; the URL (the server) follows while it plays, and lands on the map's day
    when paused."""
    events = [d.isoformat() for d in dataset.load_history(mini).event_dates]
    played = play_from(browser, server, "1945-08-18")
    first = events.index("1945-08-18")
    assert played == [events[(first + k) % len(events)] for k in range(len(played))] and len(played) >= 7


def test_event_steps_in_the_map(server, browser):
    """The map's own previous/next-event buttons step between event dates, by keyboard too; the
    URL follows; at the first event 'previous' is disabled."""
    page, _ = open_map(browser, server, "?date=1945-08-20")
    frame = map_frame(page)
    frame.get_by_role("button", name="Next event").click()
    page.wait_for_function("() => location.search.includes('date=1945-08-23')", timeout=15_000)
    frame.get_by_role("button", name="Previous event").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('date=1875-08-22')", timeout=15_000)
    assert url_params(page)["date"] == "1875-08-22"
    page.goto(f"{server}/?date=1855-02-07")
    frame = map_frame(page)
    assert frame.get_by_role("button", name="Previous event").is_disabled()
    page.close()


def test_play_by_year_and_its_loop(server, browser):
    """By year (chosen next to Play): the same day a year later, 29 February to 28 February; today before
    passing it, then back to 1855. Page Up and Page Down on the slider move a year."""
    page, _ = open_map(browser, server, "?date=1904-02-29")
    frame = map_frame(page)
    step = "(iso) => toIso(nextPlayDay(toDay(iso)))"
    frame.get_by_label("Play's step").select_option("year")
    assert frame.evaluate(step, "1900-05-01") == "1901-05-01"
    assert frame.evaluate(step, "1904-02-29") == "1905-02-28"
    assert frame.evaluate(step, (dt.date.today() - dt.timedelta(days=100)).isoformat()) == dt.date.today().isoformat()
    assert frame.evaluate(step, dt.date.today().isoformat()) == "1855-02-07"
    frame.get_by_label("Play's step").select_option("event")
    assert frame.evaluate(step, dt.date.today().isoformat()) == "1855-02-07"
    slider = frame.get_by_role("slider", name="Date")
    slider.press("PageUp")
    assert frame.evaluate("() => toIso(window.kurils.day)") == "1905-02-28"
    slider.press("PageDown")
    slider.press("PageDown")
    assert frame.evaluate("() => toIso(window.kurils.day)") == "1903-02-28"
    page.close()


def test_zooming_in_takes_the_halo_band_of_the_new_zoom(server, browser):
    """The ring and coastline are buffers made for one zoom each: zooming in (Ctrl and the wheel) swaps in
    the files of the nearer band, so the ring stays about 7 px wide. The wheel alone scrolls the page and
    says how to zoom."""
    page, _ = open_map(browser, server, "?date=1990-01-01", width=1280, height=720)
    frame = map_frame(page)
    drawn = "() => JSON.parse(window.kurils.halos).ring"  # the ring's file in the layers last handed to deck.gl
    fitted = frame.evaluate("window.kurils.zoom")
    assert frame.evaluate(drawn).endswith(f"/halo_wide_{min(12, max(3, math.floor(fitted * 2 + 0.5) / 2)):g}.json")
    box = frame.locator("canvas").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = "() => document.querySelector('[data-testid=stMain]').scrollTop"
    page.mouse.wheel(0, 240)
    page.wait_for_timeout(500)
    assert frame.evaluate("window.kurils.zoom") == fitted and page.evaluate(scrolled) > 0
    assert frame.locator("#hint").is_visible()
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    for _ in range(6):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(250)
    page.keyboard.up("Control")
    frame.wait_for_function("(z) => window.kurils.zoom > z + 1", arg=fitted, timeout=10_000)
    page.wait_for_timeout(800)
    zoom = frame.evaluate("window.kurils.zoom")
    band = min(12, max(3, math.floor(zoom * 2 + 0.5) / 2))  # JavaScript's Math.round
    assert frame.evaluate(drawn).endswith(f"/halo_wide_{band:g}.json"), (zoom, frame.evaluate(drawn))
    page.close()


def test_online_tiles_are_drawn_under_the_islands(server, browser):
    """With the online tiles option, the tiles of the view's zoom are fetched and drawn where the sea was
    (a stand-in answers for the tile server: this machine has no internet)."""
    from PIL import Image

    green = io.BytesIO()
    Image.new("RGB", (256, 256), (0, 200, 0)).save(green, "PNG")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    asked = []

    def tile(route):
        asked.append(route.request.url)
        route.fulfill(
            status=200, body=green.getvalue(), content_type="image/png", headers={"Access-Control-Allow-Origin": "*"}
        )

    page.route("https://basemaps.cartocdn.com/**", tile)
    page.goto(f"{server}/?date=1990-01-01&layers=tiles")
    frame = map_frame(page)
    page.wait_for_timeout(2500)
    box = frame.locator("canvas").first.bounding_box()
    # The top right corner (the date is top left, the legend bottom right): sea before, a tile now.
    assert pixel(page, box["x"] + box["width"] - 12, box["y"] + 12) == (0, 200, 0)
    z = round(frame.evaluate("window.kurils.zoom") + 1)  # deck.gl's 512-px world at zoom Z: 256-px tiles at Z + 1
    assert asked and all(f"/light_all/{z}/" in u for u in asked) and len(asked) <= 40
    assert frame.locator("#attribution").inner_text().startswith("©")
    page.close()


def test_the_servers_buttons_move_the_map(server, browser):
    """'Go to this date' in an island's panel (a server-side button) moves the map's own slider to the
    start of the island's first interval, and the URL follows."""
    page, _ = open_map(browser, server, "?date=1990-01-01&island=zeleny")
    frame = map_frame(page)
    page.get_by_text("Go to this date").first.click()
    frame.wait_for_function("() => toIso(window.kurils.day) === '1855-02-07'", timeout=15_000)
    page.wait_for_function("() => location.search.includes('date=1855-02-07')", timeout=15_000)
    assert frame.get_by_role("slider").get_attribute("aria-valuetext") == "7 February 1855"
    page.close()


def test_clicking_an_island_opens_its_panel(server, browser, mini):
    """Hovering Iturup shows its tooltip; a click opens its panel beside the map, and the URL names it;
    the map is not loaded again (its window, and so its view and Play, survive)."""
    page, _ = open_map(browser, server, "?date=1990-01-01&layers=boundary,claim")
    frame = map_frame(page)
    frame.evaluate("window.__stillHere = true")
    point = screen_point(frame, *inside(mini, "iturup"))
    page.mouse.move(*point)  # hover first, as a hand does: a click at once after a page's first move is sometimes lost
    tooltip = frame.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text() == (
        "Iturup · Итуруп · 択捉島 (Etorofu-tō)\nHeld by: Soviet Union\nClaimed by: Japan and Soviet Union\n"
        "Click the island for its history and sources."
    )
    page.mouse.click(*point)
    page.wait_for_function("() => location.search.includes('island=iturup')", timeout=15000)
    page.get_by_role("heading", name="Iturup").first.wait_for(timeout=15000)
    page.get_by_text("Go to this date").nth(2).wait_for(timeout=15000)  # its history: three intervals
    assert page.get_by_text("Go to this date").count() == 3
    assert url_params(page)["island"] == "iturup"
    assert map_frame(page).evaluate("window.__stillHere === true")
    page.close()


def test_pan_survives_a_date_change(server, browser):
    """Dragging the map, then moving the date, keeps the dragged view."""
    page, _ = open_map(browser, server, "?date=1945-08-27")
    frame = map_frame(page)
    canvas = frame.locator("canvas").first
    box = canvas.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 200, cy + 100, steps=8)
    page.mouse.up()
    page.wait_for_timeout(800)
    dragged = canvas.screenshot()
    frame.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('date=1945-08-26')", timeout=15000)
    page.wait_for_timeout(1500)
    # Sea and land did not move: compare a band of the frame away from the islands, the date and the legend.
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(dragged)).convert("RGB").crop((0, 300, 200, 500))
    b = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB").crop((0, 300, 200, 500))
    assert ImageChops.difference(a, b).getbbox() is None
    page.close()


def test_a_page_link_works_as_a_servers_first_request(browser, mini):
    """A fresh server whose first request is /timeline?date=… shows the Timeline page at that date."""
    with streamlit_server(geodata=mini) as fresh:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{fresh}/timeline?date=1945-09-02")
        page.get_by_role("heading", name="Timeline").first.wait_for(timeout=30000)
        page.wait_for_function(
            "() => location.pathname.endsWith('/timeline') && location.search.includes('date=1945-09-02')",
            timeout=15000,
        )
        assert page.get_by_text("KeyError").count() == 0
        page.close()


def test_story_steps_by_arrow_keys_in_japanese(server, browser):
    """A teacher opens ?lang=ja&present=1 and steps through the story with the arrow keys; each
    chapter's Japanese title shows and the URL names the chapter."""
    titles = ["二つの小島", "上陸", "今日の列島"]  # tests/fixtures/mini: story.csv in order, translations.csv

    def title(k: int):
        return page.get_by_role("heading", name=titles[k], exact=True)

    page, outside = open_map(browser, server, "story?chapter=2&lang=ja&present=1", 1280, 720)
    title(1).wait_for(timeout=20_000)
    assert page.get_by_test_id("stSidebar").is_hidden()
    page.mouse.click(5, 400)  # focus the page, not a widget
    page.keyboard.press("ArrowRight")
    title(2).wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.includes('chapter=3')", timeout=10_000)
    page.keyboard.press("ArrowLeft")
    title(1).wait_for(timeout=20_000)
    page.keyboard.press("ArrowLeft")
    title(0).wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.includes('chapter=1')", timeout=10_000)
    assert url_params(page)["lang"] == "ja" and outside == []
    page.close()


@pytest.mark.parametrize("lang, word", [("en", "Point of view"), ("ja", "視点"), ("ru", "Точка зрения")])
def test_each_language_renders_with_real_glyphs(server, browser, lang, word, tmp_path):
    """The sidebar label renders in a font that has its glyphs: its text is wider than a row of
    tofu boxes would be narrow, and differs from the box glyph's width (fonts-noto-cjk installed)."""
    page, _ = open_map(browser, server, f"?date=1945-09-02&lang={lang}")
    label = page.get_by_text(word, exact=True).first
    label.wait_for(timeout=20_000)
    widths = page.evaluate(
        """(word) => {
        const c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(document.body).font;
        return [c.measureText(word).width, c.measureText('\\u{10FFFD}'.repeat([...word].length)).width];
    }""",
        word,
    )
    assert widths[0] > 0 and abs(widths[0] - widths[1]) > 1, widths
    page.screenshot(path=str(tmp_path / f"map-{lang}.png"))
    page.close()


def test_story_chapter_downloads_as_pdf_in_russian(server, browser, tmp_path):
    """The chapter handout is made when clicked (on Streamlit's download thread) and is a PDF with
    the Cyrillic font embedded."""
    page, _ = open_map(browser, server, "story?chapter=3&lang=ru")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Эта глава (PDF)").click()
    path = tmp_path / "chapter.pdf"
    info.value.save_as(path)
    data = path.read_bytes()
    assert (
        data.startswith(b"%PDF") and b"DejaVuSans" in data and info.value.suggested_filename == "kurils-story-3-ru.pdf"
    )
    page.close()


def test_without_webgl_the_controls_still_work(server, browser):
    """In a browser with no WebGL the map says so, and its Play still moves the date (the server's
    map in words follows)."""
    from tools.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME

    plain = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-webgl", "--disable-3d-apis"]
    )
    try:
        page = plain.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{server}/?date=1945-08-15")
        frame = page.frame_locator(MAP_IFRAME)
        frame.locator("input[type=range][aria-valuetext]").wait_for(timeout=30_000)
        assert "no WebGL" in frame.locator("#failure").inner_text()
        frame.get_by_role("button", name="Play").click()
        page.wait_for_function("() => new URLSearchParams(location.search).get('date') > '1945-08-16'", timeout=15_000)
        page.get_by_text("The map in words").first.wait_for()
    finally:
        plain.close()


def test_the_maps_date_and_event_title_follow_each_step_at_once(server, browser, mini):
    """The date and the latest event's title on the map change with the picture, before the server hears
    of the move (the event card beside the map follows it)."""
    history = dataset.load_history(mini)
    page, _ = open_map(browser, server, "?date=1945-08-20")
    frame = map_frame(page)
    frame.wait_for_function("() => document.getElementById('event').textContent.length > 0")
    for _step in range(2):
        frame.get_by_role("button", name="Next event").click()
        day = dt.date.fromisoformat(frame.evaluate("toIso(window.kurils.day)"))
        title = history.latest_event(day)["title_en"]
        assert frame.locator("#date").inner_text() == f"{day.day} {day:%B %Y}"
        assert frame.locator("#event").inner_text().endswith(": " + title)
    page.close()


def pane_point(frame, pane: str, lon: float, lat: float) -> tuple[float, float]:
    """Where a map pane (`#map`, `#map2`) draws lon/lat on the page: the panes share one view and one size."""
    box = frame.locator(f"{pane} canvas").bounding_box()
    x, y = map_point(frame, lon, lat)
    return box["x"] + x, box["y"] + y


def soviet(rgb) -> bool:
    return rgb[2] > 120  # reddish purple


def japanese(rgb) -> bool:
    return rgb[0] > rgb[2] + 60  # vermillion


@pytest.mark.parametrize("size,query", [((1920, 1080), ""), ((1280, 720), "&present=1")])
def test_a_comparison_paints_both_dates(server, browser, mini, size, query):
    """Two maps side by side: each paints its own date (Iturup Soviet on 28 August 1945, Japanese the day
    before), each with its date and legend, in a wide window and in projector mode."""
    page, outside = open_map(
        browser, server, f"?date=1945-08-28&compare=1945-08-27&layers=boundary,claim{query}", *size
    )
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.comparePainted.length > 0", timeout=15_000)
    page.wait_for_timeout(1000)
    iturup = inside(mini, "iturup")
    assert soviet(pixel(page, *pane_point(frame, "#map", *iturup)))
    assert japanese(pixel(page, *pane_point(frame, "#map2", *iturup)))
    for pane in ("#map", "#map2"):
        assert painted_fraction(frame.locator(f"{pane} canvas").screenshot()) > 0.9
    assert frame.locator("#date").inner_text() == "28 August 1945"
    assert frame.locator("#date2").inner_text() == "27 August 1945"
    assert frame.locator("#legend2").is_visible() and "held by Japan" in frame.locator("#legend2").inner_text()
    assert outside == []
    page.close()


def test_the_keyboard_moves_either_date(server, browser, mini):
    """Each date has its own slider: ArrowRight on the compared date redraws only its map; ArrowLeft on the
    atlas's date redraws the other; the URL follows both."""
    page, _ = open_map(browser, server, "?date=1945-08-28&compare=1945-08-27&layers=boundary,claim")
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.comparePainted.length > 0", timeout=15_000)
    iturup = inside(mini, "iturup")
    frame.get_by_role("slider", name="Date compared").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('compare=1945-08-28')", timeout=15_000)
    page.wait_for_timeout(800)
    assert soviet(pixel(page, *pane_point(frame, "#map2", *iturup)))
    frame.get_by_role("slider", name="Date", exact=True).focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('date=1945-08-27')", timeout=15_000)
    page.wait_for_timeout(800)
    assert japanese(pixel(page, *pane_point(frame, "#map", *iturup)))
    assert soviet(pixel(page, *pane_point(frame, "#map2", *iturup)))
    page.get_by_text("What changed from 27 August 1945 to 28 August 1945").wait_for(timeout=10_000)
    page.close()


def test_the_swipe_uncovers_one_date_or_the_other(server, browser, mini):
    """Over one map, left of the handle is the atlas's date, right of it the compared one; the handle moves by
    keyboard (and by dragging) across the islands."""
    page, _ = open_map(browser, server, "?date=1945-08-28&compare=1945-08-27&compare_view=swipe&layers=boundary,claim")
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.comparePainted.length > 0", timeout=15_000)
    point = pane_point(frame, "#map", *inside(mini, "iturup"))
    handle = frame.get_by_role("slider", name="Drag, or use the arrow keys, to uncover one date or the other")
    handle.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    assert soviet(pixel(page, *point)) and handle.get_attribute("aria-valuenow") == "95"
    box = handle.bounding_box()
    page.mouse.move(box["x"] + 2, point[1] + 60)
    page.mouse.down()
    page.mouse.move(point[0] - 40, point[1] + 60, steps=5)
    page.mouse.up()
    page.wait_for_timeout(500)
    assert japanese(pixel(page, *point))
    page.close()


def test_compare_with_is_one_click_each_way(server, browser):
    """ "Compare with…" beside the map opens the previous event's map beside this one, without loading the map
    again; "Leave the comparison" closes it."""
    page, _ = open_map(browser, server, "?date=1945-09-03")
    frame = map_frame(page)
    frame.evaluate("window.__stillHere = true")
    page.get_by_role("button", name="Compare with…").click()
    page.wait_for_function("() => location.search.includes('compare=1945-08-28')", timeout=15_000)
    frame.wait_for_function("() => window.kurils.comparePainted.length > 0", timeout=15_000)
    assert frame.locator("#date2").inner_text() == "28 August 1945" and frame.evaluate("window.__stillHere")
    page.get_by_role("button", name="Leave the comparison").click()
    page.wait_for_function("() => !location.search.includes('compare=')", timeout=15_000)
    frame.locator("#map2").wait_for(state="hidden", timeout=10_000)
    assert frame.evaluate("window.__stillHere") and frame.evaluate("window.kurils.compareDay") is None
    page.close()


def test_the_distance_tool_measures_two_clicks(server, browser, mini):
    """The ruler, then two clicks: the geodesic distance between them in km and nautical miles, within 1% of
    pyproj's for the same two places (Shumshu and Iturup, about 1,000 km apart); Escape clears it."""
    from pyproj import Geod

    page, _ = open_map(browser, server, "?date=1990-01-01")
    frame = map_frame(page)
    a, b = inside(mini, "shumshu"), inside(mini, "iturup")
    expected = Geod(ellps="WGS84").inv(*a, *b)[2]
    frame.get_by_role("button", name="Measure a distance").click()
    assert "Click a point on the map" in frame.locator("#measure").inner_text()
    for lon, lat in (a, b):
        page.mouse.move(*screen_point(frame, lon, lat))
        page.wait_for_timeout(300)  # as a hand does: a click at once after a move is sometimes lost
        page.mouse.click(*screen_point(frame, lon, lat))
        page.wait_for_timeout(300)
    frame.wait_for_function("() => window.kurils.distance !== null", timeout=10_000)
    measured = frame.evaluate("window.kurils.distance")
    assert abs(measured - expected) / expected < 0.01, (measured, expected)
    readout = frame.locator("#measure .result").inner_text()
    km, nmi = (float(x.replace(",", "")) for x in re.findall(r"[\d,]+(?:\.\d)?", readout))
    assert abs(km - measured / 1000) < 0.06 and abs(nmi - measured / 1852) < 0.06, readout
    assert "nautical miles" in readout and page.url.count("island=") == 0  # a measuring click picks no island
    page.keyboard.press("Escape")
    frame.locator("#measure").wait_for(state="hidden", timeout=5_000)
    assert frame.evaluate("window.kurils.distance") is None
    page.close()


def test_event_dots_fade_and_open_their_card(server, browser, mini):
    """On 28 August 1945 the day's landings are dots on Urup and Iturup, solid; the battle of the 18th on Shumshu
    is there too, already fainter. Hovering a dot names its event; clicking opens its card (where, summary,
    sources as links); Escape closes it."""
    page, _ = open_map(browser, server, "?date=1945-08-28")
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.marks.length === 3", timeout=15_000)
    marks = {tuple(m["p"]): m for m in frame.evaluate("window.kurils.marks")}
    assert [(m["id"], m["latest"]) for m in marks.values()] == [
        ("battle", False),
        ("landings", True),
        ("landings", True),
    ]
    assert marks[(156.35, 50.75)]["alpha"] < 255 == marks[(150.0, 45.9)]["alpha"]
    point = screen_point(frame, 150.0, 45.9)
    page.mouse.move(point[0] + 3, point[1] + 3)  # a page's first move is sometimes lost: come in as a hand does
    page.wait_for_timeout(200)
    page.mouse.move(*point)
    frame.locator("#tooltip").wait_for(state="visible", timeout=10_000)
    assert frame.locator("#tooltip").inner_text() == "28 August 1945: Landings"
    page.mouse.click(*point)
    card = frame.locator("#card")
    card.wait_for(state="visible", timeout=10_000)
    text = card.inner_text()
    assert "Landings" in text and "Where: Urup and Iturup" in text and "Soviet landings on Urup and Iturup." in text
    assert card.locator("a").get_attribute("href") == "https://example.org/b"
    assert "island=" not in page.url  # a dot's click is the event's, not the island's under it
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=5_000)
    page.close()


def test_play_shows_the_dots_appear(server, browser):
    """From 15 August 1945 no event has a dot yet; Play steps to the battle of Shumshu and its dot appears."""
    page, _ = open_map(browser, server, "?date=1945-08-15")
    frame = map_frame(page)
    assert frame.evaluate("window.kurils.marks.length") == 0
    frame.get_by_role("button", name="Play").click()
    frame.wait_for_function("() => window.kurils.marks.some((m) => m.id === 'battle')", timeout=20_000)
    frame.get_by_role("button", name="Pause").click()
    page.close()


def test_the_event_dots_are_a_layer(server, browser):
    """Without the "Where events happened" layer (a link that lists the layers it wants), no dot is drawn and the
    legend does not mention them."""
    page, _ = open_map(browser, server, "?date=1945-08-28&layers=boundary,claim")
    frame = map_frame(page)
    page.wait_for_timeout(500)
    assert frame.evaluate("window.kurils.marks.length") == 0
    assert "an event's place" not in frame.locator("#legend").inner_text()
    page.close()


def open_sea(mini: Path) -> tuple[float, float]:
    """A point of open sea near Iturup, inside the Soviet 50-mile fishery zone of the mini fixture and outside its
    territorial sea (Japan's zone, there too, starts later)."""
    from shapely.geometry import box

    zones = {
        f["properties"]["id"]: shape(f["geometry"]) for f in read_collection(mini / "maritime.geojson")["features"]
    }
    iturup = shape(
        next(f for f in read_collection(mini / "islands.geojson")["features"] if f["properties"]["id"] == "iturup")[
            "geometry"
        ]
    )
    near = box(*iturup.buffer(0.6).bounds)  # on the first screen, whatever the map's size
    alone = zones["ussr_zone"].difference(zones["ussr_sea"].buffer(0.1)).intersection(near)
    point = polylabel(max(getattr(alone, "geoms", [alone]), key=lambda g: g.area), 0.001)
    return point.x, point.y


def test_the_sea_zones_appear_on_their_day_and_say_what_they_are(server, browser, mini):
    """With the "Sea zones" layer on, the Soviet fishery zone is not drawn on 28 February 1977 and is the next day
    (a key press, no reload); hovering it says whose zone it is, the decree's period and that the line is computed;
    the legend explains the sea. Without the layer the sea stays plain."""
    page, _ = open_map(browser, server, "?date=1977-02-28&layers=sea")
    frame = map_frame(page)
    x, y = screen_point(frame, *open_sea(mini))
    before = pixel(page, x, y)
    slider = frame.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    frame.wait_for_function("() => window.kurils.day === window.kurils.painted.at(-1)[0]", timeout=15_000)
    page.wait_for_timeout(500)
    after = pixel(page, x, y)
    assert after != before, (before, after)
    page.mouse.move(x + 3, y + 3)  # a page's first move is sometimes lost
    page.wait_for_timeout(200)
    page.mouse.move(x, y)
    tooltip = frame.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert text.startswith("Soviet Union's fishery zone (50 nautical miles)"), text
    assert "from 1 March 1977 to 26 December 1991" in text and "not a legal boundary" in text
    legend = frame.locator("#legend").inner_text()
    assert "territorial sea (darker), 200-mile zone" in legend and "not legal boundaries" in legend
    page.close()
    page, _ = open_map(browser, server, "?date=1977-03-01&layers=boundary")
    frame = map_frame(page)
    assert pixel(page, *screen_point(frame, *open_sea(mini))) == before
    assert "territorial sea" not in frame.locator("#legend").inner_text()
    page.close()


def test_military_events_are_their_own_layer(server, browser):
    """The mini fixture's Habomai landing is a military event: a yellow dot of the "Military and incidents" layer
    (on by default), named in the legend; off when a link leaves that layer out, while the other events stay."""
    page, _ = open_map(browser, server, "?date=1945-09-05")
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.marks.some((m) => m.theme === 'military')", timeout=15_000)
    assert "yellow dot: military" in frame.locator("#legend").inner_text()
    page.close()
    page, _ = open_map(browser, server, "?date=1945-09-05&layers=events")
    frame = map_frame(page)
    frame.wait_for_function("() => window.kurils.marks.length > 0", timeout=15_000)
    assert all(not m["theme"] for m in frame.evaluate("window.kurils.marks"))
    assert "yellow dot" not in frame.locator("#legend").inner_text()
    page.close()


def test_an_upload_previews_the_atlas_for_that_session_only(server, browser, mini):
    """A contributor uploads an edited events.csv on the Sources page: their session's map page shows
    it (under a banner), while a second browser context still sees the served data; a broken file
    lists its problems; a hostile title shows as text and runs nothing."""
    from test_hostile import WATCH

    text = (mini / "events.csv").read_text(encoding="utf-8")
    edited = text.replace(",Battle of Shumshu,", ",Battle of Shumshu (as edited),").encode()
    contributor = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = contributor.new_page()
    page.add_init_script(WATCH)
    page.goto(f"{server}/sources?date=1945-08-20")

    def check(name: str, content: bytes) -> None:
        page.locator("input[type=file]").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
        page.get_by_role("button", name="Check it and preview the atlas").click(timeout=30_000)

    check("events.csv", edited)
    page.get_by_text("your uploaded events.csv", exact=False).wait_for(timeout=60_000)
    page.get_by_text("What your file changes").wait_for(timeout=30_000)
    page.locator("[data-testid='stSidebarNavLink']", has_text="Map").click()
    map_frame(page)
    page.get_by_text("Battle of Shumshu (as edited)").first.wait_for(timeout=30_000)

    visitor = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    visitor.goto(f"{server}/?date=1945-08-20")
    map_frame(visitor)
    visitor.get_by_text("Battle of Shumshu").first.wait_for(timeout=30_000)
    assert visitor.get_by_text("as edited").count() == 0 and visitor.get_by_text("your uploaded").count() == 0

    page.get_by_role("button", name="Leave the preview").click()
    page.get_by_text("your uploaded events.csv").wait_for(state="detached", timeout=30_000)
    # The banner goes first; the rest of the page is redrawn as the same run goes on.
    expect(page.get_by_text("as edited")).to_have_count(0, timeout=30_000)

    page.locator("[data-testid='stSidebarNavLink']", has_text="Sources").click()
    check("events.csv", text.replace("disarmament,1945-08-23", "disarmament,1945-13-23").encode())
    page.get_by_text("problems in your events.csv", exact=False).wait_for(timeout=60_000)
    assert "events.csv" in page.locator("[data-testid='stCode']").last.inner_text()

    hostile = text.replace(",Battle of Shumshu,", ",\"<script>window.__pwned='upload'</script>\",").encode()
    check("events.csv", hostile)
    page.get_by_text("your uploaded events.csv", exact=False).wait_for(timeout=60_000)
    page.get_by_text("<script>window.__pwned='upload'</script>", exact=False).first.wait_for(timeout=30_000)
    ran = [r for f in page.frames for r in f.evaluate("() => window.__pwnedLog || []")]
    assert ran == []
    contributor.close()
    visitor.context.close()
