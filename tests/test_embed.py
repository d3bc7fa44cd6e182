""" "Embed this view" (issue 18): the snippet of the current view, the embedded page (the map, its
controls and legend, no navigation), the headers that let another site frame exactly that page,
and a page on another origin that frames the snippet and drives the map."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kurils.present import embed, urlstate
from tools.browser import chromium, free_port, streamlit_server
from tools.headers import SecurityHeaders, embeddable, security_headers

TODAY = dt.date(2026, 11, 30)


def test_the_snippet_carries_the_whole_view_and_leaves_projector_mode_out():
    state = urlstate.State(
        day=dt.date(1945, 9, 2),
        pov="japan",
        layers=frozenset({"claim", "sea"}),
        lang="ja",
        present=True,
        compare=dt.date(1905, 9, 5),
        compare_view="swipe",
    )
    html = embed.snippet("https://atlas.example/kurils/", state)
    assert html.startswith('<iframe src="https://atlas.example/kurils/?') and html.endswith("></iframe>")
    src = html.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = {k: v[0] for k, v in parse_qs(urlsplit(src).query).items()}
    assert query == {
        "date": "1945-09-02",
        "pov": "japan",
        "layers": "claim,sea",
        "lang": "ja",
        "compare": "1905-09-05",
        "compare_view": "swipe",
        "embedded": "1",
        "embed": "true",
    }
    assert 'title="' in html and "1945" in html and f'height="{embed.HEIGHT}"' in html
    whole = embed.view_url("https://atlas.example/kurils/", state, embedded=False)
    assert "embedded" not in whole and "embed=" not in whole and "present" not in whole


def test_nothing_in_the_snippet_can_leave_its_attribute():
    root = embed.app_root('https://evil.example/"><script>alert(1)</script>/')
    assert root is not None
    html = embed.snippet(root, urlstate.State(day=dt.date(1956, 10, 19)))
    assert "<script" not in html and html.count('"') == 12  # six attributes, each value in its own quotes


@pytest.mark.parametrize(
    ("page", "root"),
    [
        ("http://localhost:8501/", "http://localhost:8501/"),
        ("https://atlas.example/kurils/story", "https://atlas.example/kurils/"),
        ("https://atlas.example", "https://atlas.example/"),
        ("javascript:alert(1)//x", None),
        ("", None),
        ("file:///etc/passwd", None),
    ],
)
def test_the_atlas_address_comes_from_the_page_address(page, root):
    assert embed.app_root(page) == root


def test_a_link_asks_for_the_embedded_page_with_embedded_1():
    assert urlstate.parse({"embedded": "1"}, [], TODAY).embedded
    assert urlstate.parse({"embedded": "1"}, [], TODAY).to_params()["embedded"] == "1"
    wrong = urlstate.parse({"embedded": "<b>yes</b>"}, [], TODAY)
    assert not wrong.embedded and len(wrong.notices) == 1 and "`<b>yes</b>`" in wrong.notices[0]


@pytest.mark.parametrize(
    ("path", "query", "framed"),
    [
        ("/", b"date=1945-09-02&embedded=1&embed=true", True),
        ("/component/view.mapcomponent.kurils_map/index.html", b"streamlitUrl=x", True),
        ("/", b"date=1945-09-02", False),
        ("/", b"embedded=0", False),
        ("/sources", b"embedded=2", False),
        ("/app/static/layers/x/islands.json", b"", False),
    ],
)
def test_only_the_embedded_page_and_the_map_frame_may_be_framed_by_another_site(path, query, framed):
    assert embeddable({"type": "http", "path": path, "query_string": query}) is framed


def test_the_embeddable_headers_differ_only_in_framing():
    strict, framed = security_headers(), security_headers(embeddable=True)
    assert "x-frame-options" not in framed and strict["x-frame-options"] == "SAMEORIGIN"
    assert framed["content-security-policy"].endswith("frame-ancestors *")
    assert (
        framed["content-security-policy"].replace("frame-ancestors *", "frame-ancestors 'self'")
        == (strict["content-security-policy"])
    )
    assert {k: v for k, v in strict.items() if k not in ("x-frame-options", "content-security-policy")} == {
        k: v for k, v in framed.items() if k != "content-security-policy"
    }
    assert SecurityHeaders(lambda *a: None).headers[True] != SecurityHeaders(lambda *a: None).headers[False]


class _Article(http.server.BaseHTTPRequestHandler):
    """Another site: a page that pastes the snippet."""

    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
@pytest.mark.browser
def test_a_page_on_another_origin_embeds_the_view_and_drives_the_map(mini: Path):
    """The snippet copied from the map page (served as `make app` serves it, with its security
    headers) is pasted into a page on another origin: the frame shows the map of that view with its
    controls and legend and no navigation; the keyboard moves its date; the atlas's own pages still
    refuse to be framed by that site."""
    with streamlit_server(geodata=mini, script="app.py") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{url}/?date=1945-08-20&pov=japan&lang=en&layers=claim,labels&compare=1945-08-18")
        page.get_by_role("button", name="Embed this view").click(timeout=60_000)
        snippet = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").inner_text(timeout=30_000)
        assert snippet.startswith(f'<iframe src="{url}/?date=1945-08-20') and "embedded=1" in snippet
        page.close()

        _Article.body = f"<!doctype html><h1>An article</h1>{snippet}".encode()
        article = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Article)
        threading.Thread(target=article.serve_forever, daemon=True).start()
        try:
            reader = browser.new_page(viewport={"width": 1280, "height": 900})
            reader.goto(f"http://localhost:{article.server_address[1]}/")  # another origin: host and port differ
            atlas = reader.frame_locator("iframe[title^='Kuril Islands atlas']")
            atlas.locator("iframe[title$='kurils_map']").wait_for(timeout=60_000)
            inner = next(f for f in reader.frames if f.url.startswith(f"{url}/component/"))
            inner.wait_for_function("() => window.kurils && window.kurils.painted.length > 0", timeout=60_000)
            assert inner.evaluate("[args.pov, args.lang, args.compare, [...args.shown].sort().join()]") == [
                "japan",
                "en",
                "1945-08-18",
                "claim,labels",
            ]
            assert inner.evaluate("toIso(window.kurils.day)") == "1945-08-20"
            assert inner.locator("#legend").inner_text().strip() and inner.locator("#play").is_visible()
            assert atlas.locator("[data-testid='stSidebarNav']").count() == 0
            assert atlas.locator("[data-testid='stSidebar']").count() == 0
            assert atlas.get_by_text("Open this view in the atlas").count() == 1
            inner.locator("#day").press("ArrowRight")
            inner.wait_for_function("() => toIso(window.kurils.day) === '1945-08-21'", timeout=10_000)

            # The rest of the atlas stays unframeable from another site.
            _Article.body = f'<!doctype html><iframe src="{url}/sources"></iframe>'.encode()
            reader.goto(f"http://localhost:{article.server_address[1]}/other")
            reader.wait_for_timeout(3000)
            (blocked,) = reader.main_frame.child_frames
            assert blocked.url.startswith("chrome-error://")  # what Chromium shows for a refused frame
            # Framed with embedded=1, another page's address still gives the map alone: no upload there.
            _Article.body = f'<!doctype html><iframe src="{url}/sources?embedded=1&embed=true"></iframe>'.encode()
            reader.goto(f"http://localhost:{article.server_address[1]}/sources")
            (framed,) = reader.main_frame.child_frames
            framed.wait_for_selector("iframe[title$='kurils_map']", timeout=60_000)
            assert framed.locator("input[type=file]").count() == 0
            assert framed.get_by_text("Sources & data").count() == 0
        finally:
            article.shutdown()
            article.server_close()
