"""Hostile data: 25 script-injection payloads in every free-text field of every layer and table
(tests/hostile.py), served through KURILS_GEODATA. The validator accepts them (they break no
schema), so the app must show them as text: in Markdown only escaped, in Chromium nothing runs."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import hostile
import pytest
from streamlit.testing.v1 import AppTest

from kurils.model import dataset
from kurils.model.validate import validate
from kurils.paths import DEFAULT_GEODATA, REPO_ROOT
from kurils.present import handout, status_export

APP = str(REPO_ROOT / "atlas.py")
PAGES = ["timeline", "islands", "positions", "sources", "story"]
UNESCAPED = re.compile(r"(?<!\\)[<>]")  # md_escape puts a backslash before every < and >


@pytest.fixture(scope="module")
def hostile_geodata(tmp_path_factory) -> Path:
    return hostile.make(DEFAULT_GEODATA, tmp_path_factory.mktemp("hostile") / "geodata")


def test_corpus_is_large_and_varied():
    assert len(hostile.PAYLOADS) >= 20 and len(set(hostile.PAYLOADS)) == len(hostile.PAYLOADS)
    assert all(hostile.MARKER in p for p in hostile.PAYLOADS)


def test_hostile_copy_passes_the_validator(hostile_geodata):
    """So the app serves it (a rejected folder would only show the report)."""
    assert [p.line() for p in validate(hostile_geodata)] == []
    names = (hostile_geodata / "island_names.csv").read_text(encoding="utf-8")
    assert sum(p in names for p in hostile.PAYLOADS) >= 10


def test_no_page_allows_html_from_data():
    """No page passes `unsafe_allow_html`; the only st.html is static CSS."""
    for path in [REPO_ROOT / "atlas.py", REPO_ROOT / "app.py", *(REPO_ROOT / "view" / "pages").glob("*.py")]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path


def _run(hostile_geodata, monkeypatch, params: dict, page: str | None = None) -> AppTest:
    monkeypatch.setenv("KURILS_GEODATA", str(hostile_geodata))
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"view/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _markdown_bodies(at: AppTest) -> list[str]:
    return [
        e.value
        for e in (*at.markdown, *at.caption, *at.header, *at.subheader, *at.title, *at.info, *at.warning, *at.success)
        if isinstance(e.value, str)
    ]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_escapes_every_payload(hostile_geodata, monkeypatch, page, lang):
    """Every Markdown body on every page (with an island's panel open) has no unescaped < or >,
    and the payloads are there, as text."""
    at = _run(
        hostile_geodata, monkeypatch, {"date": "1956-12-12", "island": "iturup", "pov": "japan", "lang": lang}, page
    )
    bodies = _markdown_bodies(at)
    assert [b for b in bodies if UNESCAPED.search(b)] == []
    assert any(hostile.MARKER in b.replace("\\", "") for b in bodies) or page in ("timeline", "sources")


def test_downloads_carry_the_strings_as_data(hostile_geodata):
    """Status exports hold the payloads verbatim (they are data, escaped by the format), and the
    printable maps render them without mathtext or markup (no exception, a real PDF)."""
    ds = dataset.load(hostile_geodata)
    records = ds.history.status_at(dt.date(1956, 12, 12), "japan")
    text = status_export.to_json(records)
    assert any(p in json.dumps(json.loads(text), ensure_ascii=False) for p in hostile.PAYLOADS)
    assert status_export.to_csv(records).count(hostile.MARKER) > 0
    for lang in ("en", "ja", "ru"):
        assert handout.map_handout(ds, dt.date(1956, 12, 12), lang, "japan", "pdf").startswith(b"%PDF")
    assert handout.story_pdf(ds, "ru").startswith(b"%PDF")


WATCH = """
window.__pwnedLog = [];
Object.defineProperty(window, '__pwned', {configurable: false, get() { return undefined; },
                                          set(v) { window.__pwnedLog.push(String(v)); }});
"""


@pytest.mark.browser
def test_nothing_runs_in_chromium(hostile_geodata):
    """A tour of every page in English and Japanese on the hostile data, hovering and clicking an
    island and stepping the story: no payload runs in any frame, and they show as text."""
    from test_browser import inside, screen_point

    from tools.browser import chromium, map_frame, streamlit_server

    ran, dialogs = [], []
    with streamlit_server(geodata=hostile_geodata) as url, chromium() as browser:
        for lang in ("en", "ja"):
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.add_init_script(WATCH)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{url}/?date=1956-12-12&pov=japan&lang={lang}")
            frame = map_frame(page)
            page.wait_for_timeout(2000)
            x, y = screen_point(frame, *inside(hostile_geodata, "iturup"))
            page.mouse.move(x, y)
            page.wait_for_timeout(1500)
            tooltip = frame.locator("#tooltip").inner_text(timeout=10_000)
            assert hostile.MARKER in tooltip and frame.locator("#tooltip *").count() == 0  # shown as text, no markup
            page.mouse.click(x, y)
            page.wait_for_timeout(3000)
            frame = map_frame(page)
            dot = frame.evaluate("window.kurils.marks.at(-1).p")  # an event's dot: its card, with sources
            page.mouse.move(*screen_point(frame, *dot))
            page.wait_for_timeout(500)
            page.mouse.click(*screen_point(frame, *dot))
            card = frame.locator("#card")
            card.wait_for(state="visible", timeout=10_000)
            assert hostile.MARKER in card.inner_text()
            assert frame.locator("#card :is(script, img, svg, iframe, object, style, input, details)").count() == 0
            assert all(h.startswith("http") for h in card.locator("a").evaluate_all("as => as.map(a => a.href)"))
            for path in ("story?chapter=1", "timeline", "islands", "positions", "sources"):
                page.goto(f"{url}/{path}&lang={lang}" if "?" in path else f"{url}/{path}?lang={lang}")
                page.wait_for_timeout(3500)
                if path.startswith("story"):
                    page.mouse.click(5, 500)
                    for _ in range(2):
                        page.keyboard.press("ArrowRight")
                        page.wait_for_timeout(2500)
                for frame in page.frames:
                    ran += frame.evaluate(
                        "() => window.__pwnedLog || (window.__pwned === undefined ? [] : [String(window.__pwned)])"
                    )
            assert page.get_by_text("window.__pwned='script'", exact=False).count() > 0
            page.close()
    assert ran == [] and dialogs == []
