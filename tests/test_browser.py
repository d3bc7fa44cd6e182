"""What only a browser shows: the map paints in Debian's Chromium against a real `streamlit run`,
with no request leaving the machine."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from kurils.browser import chromium, streamlit_server, wait_for_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


def painted_fraction(png: bytes) -> float:
    """Share of pixels that are not the page's white: land, sea and islands are all drawn."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 24)
    white = sum(n for n, c in colours if c == (255, 255, 255))
    return 1 - white / (img.width * img.height)


def test_map_paints_offline_at_two_sizes(server, tmp_path):
    """At 1920×1080 and 1280×720 deck.gl paints the map; every request stays on loopback."""
    outside = []
    with chromium() as browser:
        for width, height in [(1920, 1080), (1280, 720)]:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
            page.goto(server)
            wait_for_map(page)
            page.wait_for_timeout(1000)
            canvas = page.locator("canvas").first
            shot = canvas.screenshot(path=str(tmp_path / f"map_{width}.png"))
            assert painted_fraction(shot) > 0.5, f"map canvas mostly blank at {width}x{height}"
            page.close()
    assert outside == []
