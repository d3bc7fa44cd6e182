"""The map as its users see it (issue 13), in Debian's Chromium on the committed data: at a 1920x1080
screen, a 1280x720 laptop and projector, a 768x1024 tablet and a 390x844 phone, in English, Japanese
and Russian, the map's canvas and its legend lie on the first screen, nothing scrolls sideways, no
button's text is cut, and the canvas is drawn at the screen's pixel ratio. Japan's and Russia's points
of view look different; the Offers and Claims layers change the picture."""

from __future__ import annotations

import io

import pytest

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from tools.browser import MAP_IFRAME, chromium, map_frame, map_point, streamlit_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {
    "projector": dict(viewport={"width": 1280, "height": 720}, query="present=1"),
    "story-projector": dict(viewport={"width": 1280, "height": 720}, query="present=1", path="/story"),
    "hd": dict(viewport={"width": 1920, "height": 1080}),
    "laptop": dict(viewport={"width": 1280, "height": 720}),
    "tablet": dict(viewport={"width": 768, "height": 1024}, scale=2, touch=True),
    "phone": dict(viewport={"width": 390, "height": 844}, scale=3, touch=True),
}

# Where the canvas and legend are on the page, whether anything scrolls sideways, which controls'
# text does not fit their box (buttons, tabs and the map's selects, in the page and in the map).
LAYOUT = """(title) => {
  const frame = document.querySelector(`iframe[title='${title}']`), at = frame.getBoundingClientRect();
  const doc = frame.contentDocument, canvas = [...doc.querySelectorAll("canvas")].find((c) => c.width > 100);
  const place = (r) => ({
    top: r.top + at.top, bottom: r.bottom + at.top, left: r.left + at.left, right: r.right + at.left,
  });
  const measure = document.createElement("canvas").getContext("2d");
  const shown = (b) => {
    const r = b.getBoundingClientRect();
    return r.width > 0 && r.right > 0 && r.left < b.ownerDocument.defaultView.innerWidth;
  };
  const overflows = (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible";
  const cut = (root) => [...root.querySelectorAll("button, [role=tab], select")].filter(shown).filter((b) => {
    if (b.tagName === "SELECT") {
      measure.font = getComputedStyle(b).font;
      return measure.measureText(b.selectedOptions[0].textContent).width > b.clientWidth - 24;
    }
    return [b, ...b.querySelectorAll("*")].some(overflows);
  }).map((b) => b.textContent.trim() || b.getAttribute("aria-label"));
  const main = document.querySelector("[data-testid='stMain']") || document.documentElement;
  return {
    screen: [innerWidth, innerHeight], canvas: place(canvas.getBoundingClientRect()),
    legend: place(doc.getElementById("legend").getBoundingClientRect()),
    legendText: doc.getElementById("legend").textContent,
    sideways: Math.max(document.documentElement.scrollWidth - innerWidth, main.scrollWidth - main.clientWidth),
    cut: [...cut(document), ...cut(doc)],
    ratio: devicePixelRatio, backing: [canvas.width, canvas.height], css: [canvas.clientWidth, canvas.clientHeight],
  };
}"""


LABEL_POINTS = [
    (float(r["label_lon"]), float(r["label_lat"])) for r in dataset.load(DEFAULT_GEODATA).records["names"].values()
]
# The panels on the map, in the canvas's pixels.
PANELS = """() => {
  const canvas = [...document.querySelectorAll("canvas")].find((c) => c.width > 100).getBoundingClientRect();
  return ["legend", "stamp"].map((id) => document.getElementById(id).getBoundingClientRect())
    .map((r) => ({x: r.x - canvas.x, y: r.y - canvas.y, width: r.width, height: r.height}));
}"""


def bounds_share(frame) -> float:
    """How much of the canvas the view's bounds (the chain, or a chapter's islands) span: the larger
    of their width and height shares."""
    width, height = frame.evaluate(
        "() => { const c = [...document.querySelectorAll('canvas')].find((c) => c.width > 100);"
        " return [c.clientWidth, c.clientHeight]; }"
    )
    west, south, east, north = frame.evaluate("window.args.bounds")
    (x0, y0), (x1, y1) = map_point(frame, west, north), map_point(frame, east, south)
    return max((x1 - x0) / width, (y1 - y0) / height)


def islands_under_panels(frame) -> list[tuple[float, float]]:
    """The islands' label points that the date or the legend hides."""
    panels = frame.evaluate(PANELS)
    hidden = []
    for lon, lat in LABEL_POINTS:
        x, y = map_point(frame, lon, lat)
        if any(p["x"] <= x <= p["x"] + p["width"] and p["y"] <= y <= p["y"] + p["height"] for p in panels):
            hidden.append((lon, lat))
    return hidden


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, server, size: str, lang: str, query: str = ""):
    s = SIZES[size]
    context = browser.new_context(
        viewport=s["viewport"],
        device_scale_factor=s.get("scale", 1),
        is_mobile=s.get("touch", False),
        has_touch=s.get("touch", False),
    )
    page = context.new_page()
    params = "&".join(q for q in (f"lang={lang}", "date=2025-01-01", s.get("query", ""), query) if q)
    page.goto(f"{server}{s.get('path', '/')}?{params}")
    frame = map_frame(page, timeout_ms=60_000)
    frame.wait_for_function("() => document.getElementById('legend').textContent.length > 0", timeout=30_000)
    page.wait_for_timeout(1500)  # the page settles; the map follows its place on it
    return context, page


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_map_and_its_legend_fit_the_first_screen(server, browser, size, lang):
    """Also: no island lies under the date or the legend, from Japan's point of view (its legend is the
    longest), and keeping them clear does not shrink the view (a tall Russian legend once fitted the
    chain into a third of the projector's map)."""
    context, page = open_page(browser, server, size, lang, "pov=japan")
    try:
        got = page.evaluate(LAYOUT, MAP_IFRAME.split("'")[1])
        hidden = islands_under_panels(map_frame(page))
        share = bounds_share(map_frame(page))
    finally:
        context.close()
    assert hidden == [], f"islands under the date or the legend: {hidden}"
    assert share >= 0.75, f"the view's bounds span only {share:.0%} of the map"
    width, height = got["screen"]
    for part in ("canvas", "legend"):
        box = got[part]
        assert box["top"] >= 0 and box["bottom"] <= height + 0.5, f"{part} not on the first screen: {box}"
        assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{part} cut at the side: {box}"
    assert got["legendText"].strip()
    assert got["sideways"] <= 0, "the page scrolls sideways"
    assert got["cut"] == [], f"text cut in {got['cut']}"
    ratio = got["ratio"]
    assert abs(got["backing"][0] - got["css"][0] * ratio) <= ratio + 1, f"canvas not drawn at {ratio}x: {got}"


def canvas_png(page) -> bytes:
    frame = page.frame_locator(MAP_IFRAME)
    return frame.locator("canvas").first.screenshot()


def differing_pixels(a: bytes, b: bytes) -> int:
    import numpy as np
    from PIL import Image, ImageChops

    one, two = (Image.open(io.BytesIO(x)).convert("RGB") for x in (a, b))
    return int((np.asarray(ImageChops.difference(one, two)).max(axis=2) > 24).sum())


def shot(browser, server, query: str) -> bytes:
    context, page = open_page(browser, server, "laptop", "en", query)
    try:
        return canvas_png(page)
    finally:
        context.close()


def test_japans_and_russias_positions_look_different(server, browser):
    """On the same day, Japan's position stripes the four islands it claims; Russia's, matching who holds
    them, stripes nothing."""
    japan, russia = (shot(browser, server, f"pov={pov}") for pov in ("japan", "russia"))
    assert differing_pixels(japan, russia) > 500


@pytest.mark.parametrize(("day", "layer"), [("1960-01-01", "offer"), ("2025-01-01", "claim")], ids=["offers", "claims"])
def test_the_offers_and_claims_layers_change_the_picture(server, browser, day, layer):
    base = "boundary,labels"
    without, with_layer = (shot(browser, server, f"date={day}&layers={layers}") for layers in (base, f"{base},{layer}"))
    assert differing_pixels(without, with_layer) > 200
