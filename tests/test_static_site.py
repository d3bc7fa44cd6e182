"""The static build (`kurils export-site`, kurils.builders.site) on the mini fixture: a folder with no
server behind it, opened in Debian's Chromium from file:// and from a plain static server under a path
prefix, every request outside the folder blocked and recorded. The map paints, its slider and Play move
the date and the event of the day and the map in words follow, each language shows its own text, the
story's chapters carry their sources, and the hostile data shows as text. Its size budget on the
committed data: tests/data/test_committed_static_site.py."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kurils.builders import site
from kurils.cli import main
from kurils.model import dataset

pytestmark = pytest.mark.browser

PAINTED = (
    "() => window.kurils && window.kurils.loading === 0 && window.kurils.painted.length > 0"
    " && [...document.querySelectorAll('canvas')].some(c => c.width > 100 && c.height > 100)"
)
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def built(mini: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("static") / "atlas"
    site.export(dataset.load(mini), out, today=TODAY, with_brotli=False)
    return out


@pytest.fixture(scope="module")
def browser():
    from tools.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def static_server(built: Path) -> Iterator[str]:
    """A plain static server (Python's http.server) on the build's parent folder: the build is served
    under a path prefix, as on a CDN."""
    handler = functools.partial(QuietHandler, directory=str(built.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{built.name}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def open_page(browser, base: str, name: str = "index.html", init: str | None = None):
    """The page `name` of the build at `base`; every request outside `base` is blocked (an http(s)
    one aborted by the route, any other recorded). Returns (page, outside requests)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    if init:
        page.add_init_script(init)
    page.goto(base + name)
    page.wait_for_function(PAINTED, timeout=30_000)
    return page, outside


def words(page) -> str:
    return page.locator("#site-words").inner_text()


def test_the_build_is_one_relative_folder(built: Path, mini: Path):
    """Pages, map and data in one folder; every address a page loads is relative (no scheme, no root)."""
    assert {p.name for p in built.iterdir()} >= {"index.html", "ja.html", "ru.html", "map", "data"}
    for page in site.PAGES.values():
        text = (built / page).read_text(encoding="utf-8")
        for address in re.findall(r'(?:src|href)="([^"]*)"', text):
            assert not address.startswith(("/", "//")), address
            if address == "data:,":  # the empty icon: no request for /favicon.ico
                continue
            if re.match(r"[a-z]+:", address):  # only a source's link to its original, never a file loaded
                assert re.search(rf'<a href="{re.escape(address)}"', text), address
    # A second export into the same folder replaces the first; a folder of other files is refused.
    other = built.parent / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(site.SiteError, match="other files"):
        site.export(dataset.load(mini), other, today=TODAY)
    assert main(["export-site", str(other), "--geodata", str(mini)]) == 2


def test_from_a_file_url_with_nothing_outside_the_folder(browser, built: Path, mini: Path):
    """From file:// (a USB stick): the map paints, the legend shows, the slider and Play move the date,
    and the event of the day, the map in words and the address follow; a chapter's button moves the map."""
    base = built.as_uri() + "/"
    page, outside = open_page(browser, base)
    assert page.locator("#legend .row").count() >= 1
    assert page.url.endswith(f"#date={TODAY}")
    first_words, first_event = words(page), page.locator("#site-event").inner_text()
    assert first_words and first_event
    # A year back by keyboard, several times: the date in the words and the address follow.
    page.locator("#day").focus()
    for _ in range(60):
        page.keyboard.press("PageDown")
    day = page.evaluate("window.kurils.day")
    # The map tells its host 120 ms after the last move, and a slow machine may pause longer between
    # two keys: the address may first show a day on the way. It must reach the last one.
    page.wait_for_function("() => location.hash.slice(6) < '1967-01-01'", timeout=10_000)
    iso = page.evaluate("location.hash.slice(6)")
    assert words(page) != first_words and dt.date.fromisoformat(iso).strftime("%Y") in words(page)
    assert page.locator("#site-event").inner_text() != first_event
    # Play advances the date.
    page.click("#play")
    page.wait_for_function("(d) => window.kurils.day !== d", arg=day, timeout=15_000)
    page.click("#play")
    # A chapter's button: the map shows the chapter's day.
    chapters = dataset.load(mini).story.to_dict("records")
    button = page.locator("button[data-day]").first
    target = button.get_attribute("data-day")
    assert target in {c["map_date"] for c in chapters}
    button.click()
    page.wait_for_function("(d) => location.hash === '#date=' + d", arg=target, timeout=5_000)
    assert page.evaluate("window.kurils.day") == (dt.date.fromisoformat(target) - dt.date(1855, 2, 7)).days
    assert outside == []
    page.close()


def test_the_story_and_its_sources(browser, built: Path, mini: Path):
    """Every chapter with its title and its sources, each source linked to its original."""
    ds = dataset.load(mini)
    chapters = ds.story.to_dict("records")
    page, outside = open_page(browser, built.as_uri() + "/")
    assert page.locator("article.chapter").count() == len(chapters)
    for k, chapter in enumerate(chapters):
        article = page.locator(f"#chapter-{k + 1}")
        assert ds.text("story", chapter, "title", "en") in article.locator("h3").inner_text()
        cited = [ds.records["sources"][i] for i in chapter["source_ids"].split(";")]
        assert article.locator("li").count() == len(cited)
        assert cited[0]["title"] in article.locator("li").first.inner_text()
    assert outside == []
    page.close()


@pytest.mark.parametrize(
    ("name", "lang", "script"), [("ja.html", "ja", r"[\u3040-\u30ff\u4e00-\u9fff]"), ("ru.html", "ru", r"[а-яА-Я]")]
)
def test_each_language_shows_its_own_text(browser, static_server: str, name: str, lang: str, script: str):
    """Served by a plain static server under a prefix: each language's page, its map, legend, event of
    the day and map in words in its own script; its day from the address; nothing from outside."""
    page, outside = open_page(browser, static_server, f"{name}#date=1950-01-01")
    assert page.evaluate("document.documentElement.lang") == lang
    for selector in ("#site-words", "#legend", "#site-event", "#story h2", "#play"):
        assert re.search(script, page.locator(selector).inner_text()), selector
    assert "1950" in words(page)
    assert (
        page.evaluate("document.querySelector('a[data-lang=en]').href") == static_server + "index.html#date=1950-01-01"
    )
    assert outside == []
    page.close()


def test_hostile_data_shows_as_text(browser, mini: Path, tmp_path: Path):
    """Script payloads in every free-text field: none runs, and they show as text in the story, the
    event of the day, the map in words and the map."""
    import hostile
    from test_hostile import WATCH

    ds = dataset.load(hostile.make(mini, tmp_path / "geodata"))
    out = tmp_path / "atlas"
    site.export(ds, out, today=TODAY, with_brotli=False)
    dialogs: list[str] = []
    page, outside = open_page(browser, out.as_uri() + "/", init=WATCH)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.wait_for_timeout(1000)
    for selector in ("#story", "#site-event", "#site-words"):
        assert hostile.MARKER in page.locator(selector).inner_text(), selector
    assert page.locator("#story img, #story script, #story iframe, #site-event img, #site-words *").count() == 0
    assert page.evaluate("window.__pwnedLog") == [] and dialogs == []
    assert outside == []
    page.close()
